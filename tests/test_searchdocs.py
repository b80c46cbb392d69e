"""The published catalogue as search documents."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ipcredit import searchdocs
from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from ipcredit.sections.text import html_text
from search.tokenizer import exact_key
from tests.search.conftest import PENALTIES, WITHHELD, sample_catalogue


def test_every_published_record_becomes_one_document_in_section_order():
    docs = list(documents(sample_catalogue()))
    catalogue = sample_catalogue()
    published = (
        len(catalogue.parties)
        + len(catalogue.penalties)
        + len(catalogue.dishonesty)
        + len(catalogue.key_trademarks)
        + len(catalogue.risk_points)
        + len(catalogue.cases)
        + len(catalogue.white_papers)
        + len(catalogue.notices)
        + len(catalogue.pages)
    )
    assert len(docs) == published
    assert [SEARCH_SECTIONS.number(d.section) for d in docs] == sorted(
        SEARCH_SECTIONS.number(d.section) for d in docs
    )


def test_urls_are_relative_with_a_trailing_slash():
    urls = {d.url for d in documents(sample_catalogue())}
    assert f"penalties/{PENALTIES[0].id}/" in urls
    assert "cases/2025-ruifeng-trademark/" in urls
    assert "white-papers/2024-jianghai-ip-white-paper/" in urls
    assert "notices/service-notice-2026-17/" in urls
    assert "about/" in urls
    assert all(not u.startswith("/") and u.endswith("/") for u in urls)


def test_penalties_are_newest_first_within_their_section():
    dates = [d.date for d in documents(sample_catalogue()) if d.section == "penalties"]
    assert dates == sorted(dates, reverse=True)


def test_a_penalty_is_titled_by_party_and_decision_number():
    doc = next(d for d in documents(sample_catalogue()) if d.url == f"penalties/{PENALTIES[0].id}/")
    assert doc.title == "江海瑞丰贸易有限公司 江市监知处罚〔2025〕1234号"
    assert doc.codes == ("91110000101623741K",)
    assert "第六十条第二款" in doc.body and "运动鞋" in doc.body


def test_withheld_records_and_identity_numbers_are_not_in_any_document():
    everything = repr(list(documents(sample_catalogue())))
    assert WITHHELD.party_name not in everything
    assert "3101**********123X" not in everything


def test_html_becomes_plain_text_one_line_per_block():
    assert html_text(
        "<h2>标题</h2><p>甲 &amp; 乙<br>丙</p><table><tr><td>一</td><td>二</td></tr></table>"
    ) == ("标题\n甲 & 乙\n丙\n一\n二")


def test_decision_numbers_quoted_in_a_body_are_mentions():
    case = next(d for d in documents(sample_catalogue()) if d.section == "cases" and "瑞丰" in d.title)
    assert case.mentions == (exact_key("江市监知处罚〔2025〕1234号"),)
    notice = next(d for d in documents(sample_catalogue()) if d.section == "notices")
    assert notice.mentions == (exact_key("91310115MA1K3XXXX5"),)


def test_case_numbers_quoted_in_a_body_are_mentions_too():
    catalogue = sample_catalogue()
    citing = replace(
        catalogue.notices[0],
        zh=replace(catalogue.notices[0].zh, body_html="<p>见（2025）江01民初123号判决。</p>"),
    )
    docs = documents(replace(catalogue, notices=(citing,)))
    notice = next(d for d in docs if d.section == "notices")
    assert notice.mentions == (exact_key("（2025）江01民初123号"),)


def test_a_summary_taken_from_the_body_is_not_indexed_twice():
    catalogue = sample_catalogue()
    page = catalogue.pages[0]
    derived = replace(page, zh=replace(page.zh, summary="本站公示江海市知识产权领域的…"))
    doc = next(d for d in documents(replace(catalogue, pages=(derived,))) if d.section == "pages")
    assert doc.body == "本站公示江海市知识产权领域的信用信息。"
    white_paper = next(d for d in documents(catalogue) if d.section == "white-papers")
    assert white_paper.body.startswith("江海市坚持严保护、大保护。\n一、总体情况")


# ---- the finders of quoted numbers and codes, against their plain definitions -----------------


def naive_quoted_numbers(text: str) -> set[str]:
    """Every start of a quoted number, each cut out and normalised on its own (slow, plain)."""
    found = set()
    for tail in searchdocs._NUMBER_TAIL.finditer(text):
        issuer = re.search(r"[\u4e00-\u9fff]{2,16}$", text[max(0, tail.start() - 16) : tail.start()])
        first = tail.start() - (len(issuer.group()) if issuer else 0)
        for start in [*range(first, tail.start() - 1), tail.start()]:
            found.add(exact_key(text[start : tail.end()]))
    return found


def naive_quoted_codes(text: str) -> set[str]:
    """Credit codes with neither a digit nor a capital letter just before or after them."""
    pattern = r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])"
    return {exact_key(code) for code in re.findall(pattern, text)}


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
# A quoted number: an issuer (any run of ideographs), the year in brackets, a middle, a serial, 号.
NUMBER = st.tuples(
    st.text(HAN, max_size=18),
    st.sampled_from(["〔2025〕", "[2024]", "（2023）", "(2026)", "【2021】", "［ 2020 ］", "〔１２３４〕"]),
    st.sampled_from(["", "江01民初", "知", "Ａ", "ⅱ", "，", " ", "第"]),
    st.sampled_from(["1", "123", "１２", "1234567"]),
    st.sampled_from(["号", " 号", ""]),
).map("".join)
NOISE = st.sampled_from(["江市监知处罚", "局", " ", "\u3000", "\n", "，", "。", "ＡＢ", "x", "9"])
# Codes, alone and run together, and parts of them (I, O, S, V and Z are never in one).
CODE = st.sampled_from(
    ["91310115MA1K3XXXX5", "9131", "0115", "MA1K3", "XXXX5", "O", "I", "S", "a", "0", " ", "码"]
)


@given(st.lists(st.one_of(NUMBER, NOISE, st.characters()), max_size=8).map("".join))
def test_quoted_numbers_are_every_start_of_each_quoted_number(text: str):
    assert searchdocs.quoted_numbers(text) == naive_quoted_numbers(text)


@given(st.lists(st.one_of(CODE, CODE, st.characters()), max_size=16).map("".join))
def test_quoted_codes_are_the_codes_standing_alone(text: str):
    assert searchdocs.quoted_codes(text) == naive_quoted_codes(text)


def test_an_ideograph_is_its_own_exact_key():
    """What quoted_numbers relies on: an issuer's name (ideographs) before a number keeps its
    characters in the number's exact key, so each start's key is a slice of the text and the tail's."""
    ideographs = "".join(map(chr, range(0x4E00, 0xA000)))
    assert exact_key(ideographs) == ideographs
