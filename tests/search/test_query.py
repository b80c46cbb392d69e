"""Searching the Whoosh index (the preview): what a user typing into the search box gets."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from whoosh.util.numeric import byte_to_length, length_to_byte

from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from search import build_search
from search.documents import SearchDocument
from search.indexer import index_fields, open_index
from search.query import search, search_results
from search.schema import FIELD_BOOSTS, TEXT_FIELDS, field_terms
from search.scoring import IDF_SCALE, K1, B, TermWeights, level
from search.tokenizer import normalise, query_terms
from tests import factories
from tests.search.conftest import PENALTIES, WITHHELD, Built, sample_catalogue

DOCS = documents(sample_catalogue())


def urls(built: Built, q: str, section: str | None = None) -> list[str]:
    return [hit.url for hit in search_results(built.engine, q, section, limit=100).hits]


def fragments(value: str) -> set[str]:
    """Every substring of two or more characters that holds a letter, digit or ideograph."""
    found = {value[i:j] for i in range(len(value)) for j in range(i + 2, len(value) + 1)}
    return {f for f in found if normalise(f).strip()}  # "〔" or "**" alone is not a query


@pytest.mark.slow  # some 4,900 queries through Whoosh; search.js checks the same fragments fast
@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.url)  # one test each: workers share them
def test_any_fragment_of_a_title_name_or_number_finds_its_record(built: Built, doc: SearchDocument):
    for fragment in sorted(set().union(*(fragments(v) for v in (doc.title, doc.party, *doc.numbers)))):
        assert doc.url in urls(built, fragment), (doc.title, fragment)


@pytest.mark.parametrize(
    "query", ["91110000101623741K", "91110000101623741k", "９１１１００００１０１６２３７４１Ｋ"]
)
def test_a_whole_credit_code_finds_its_party_page_first_then_its_records(built: Built, query: str):
    found = urls(built, query)
    assert found[:2] == ["parties/91110000101623741K/", f"penalties/{PENALTIES[0].id}/"]


@pytest.mark.parametrize(
    "query",
    [
        "江市监知处罚〔2025〕1234号",
        "江市监知处罚(2025)1234号",
        "江市监知处罚 2025 1234号",
    ],
)
def test_a_whole_decision_number_finds_its_record_first(built: Built, query: str):
    assert urls(built, query)[0] == f"penalties/{PENALTIES[0].id}/"


def test_a_decision_number_lists_its_records_then_the_documents_quoting_it(built: Built):
    assert urls(built, "江市监知处罚〔2025〕1234号") == [
        f"penalties/{PENALTIES[0].id}/",
        "dishonesty/" + sample_catalogue().dishonesty[0].id + "/",
        "parties/91110000101623741K/",  # the party page lists both
        "cases/2025-ruifeng-trademark/",
    ]


def test_numbers_written_differently_are_the_same_number(built: Built):
    # the record, then its party's page, which lists it
    assert urls(built, "江知执罚〔2023〕99号") == [
        f"penalties/{PENALTIES[5].id}/",
        f"parties/{PENALTIES[5].uscc}/",
    ]
    assert urls(built, "江海知执罚〔2026〕7号") == [f"penalties/{PENALTIES[4].id}/"]


def test_a_fragment_of_a_number_finds_it_without_finding_every_number(built: Built):
    assert urls(built, "1235号") == [f"penalties/{PENALTIES[1].id}/", f"parties/{PENALTIES[1].uscc}/"]


def test_a_record_not_in_the_catalogue_cannot_be_found(built: Built):
    for query in (WITHHELD.party_name, "隐秘", WITHHELD.decision_number, WITHHELD.uscc, "4321号"):
        assert urls(built, query) == [], query


def test_terms_are_anded(built: Built):
    assert urls(built, "瑞丰 华为") == [f"penalties/{PENALTIES[2].id}/"]
    assert urls(built, "瑞丰 不存在") == []


def test_section_filter(built: Built):
    everywhere = urls(built, "瑞丰")
    assert {u.split("/")[0] for u in everywhere} == {"parties", "penalties", "dishonesty", "cases"}
    assert urls(built, "瑞丰", "cases") == ["cases/2025-ruifeng-trademark/"]
    assert urls(built, "瑞丰", "no-such-section") == everywhere


def test_one_character_looks_in_titles_names_and_numbers_only(built: Built):
    found = urls(built, "鞋")  # 运动鞋 is only in a penalty's facts
    assert found == []
    assert {u.split("/")[0] for u in urls(built, "瑞")} == {"parties", "penalties", "dishonesty", "cases"}


def test_hits_carry_title_section_date_and_a_marked_snippet(built: Built):
    hit = search(built.index, "耐克 运动鞋")[0]
    assert hit.url == f"penalties/{PENALTIES[0].id}/"
    assert hit.section == "penalties"
    assert hit.title == "江海瑞丰贸易有限公司 江市监知处罚〔2025〕1234号"
    assert hit.date == "2025-06-03"
    assert "<mark>耐克</mark>" in hit.snippet and "<mark>运动鞋</mark>" in hit.snippet


def test_snippets_escape_everything_but_the_marks(built: Built):
    hit = search(built.index, "美术作品")[0]
    assert "<mark>美术作品</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;alert(&quot;x&quot;)" in hit.snippet


def test_paging_and_totals(built: Built):
    everything = search_results(built.index, "江海", limit=100)
    page = search_results(built.index, "江海", limit=2, offset=2)
    assert everything.total == page.total > 4
    assert page.hits == everything.hits[2:4]
    assert search_results(built.index, "  ").as_json() == {
        "query": "  ",
        "section": "",
        "total": 0,
        "hits": [],
    }


def test_term_weights_are_bm25f_with_one_idf_per_term(built: Built):
    """The documented formula, worked out here from the documents themselves."""
    fields = TEXT_FIELDS  # Chinese n-grams, English words and (head) pinyin of each
    tokens = {f: [field_terms(index_fields(0, d)[f]) for d in DOCS] for f in fields}
    average = {"head": 40.0, "meta": 34.0, "body": 250.0}  # fixed, whatever the corpus (search.scoring)
    with open_index(built.index).reader() as reader:
        weights = TermWeights(reader)
        for term in ("瑞丰", "商标", "江海", "1234", "侵权", "trademark", "ruifeng"):
            expected = {}
            for ord_ in range(len(DOCS)):
                weight = 0.0
                for f in TEXT_FIELDS:
                    tf = tokens[f][ord_].count(term)
                    if tf:
                        dl = byte_to_length(length_to_byte(len(tokens[f][ord_])))  # Whoosh stores one byte
                        norm = K1 * (1 - B[f] + B[f] * dl / average[f])
                        weight += FIELD_BOOSTS[f] * tf * (K1 + 1) / (tf + norm)
                if weight:
                    expected[ord_] = level(weight)
            idf, levels = weights.postings(term)
            assert levels == expected, term
            assert idf == round(IDF_SCALE * (math.log(len(DOCS) / (len(expected) + 1)) + 1)), term


def test_an_empty_catalogue_builds_and_finds_nothing(tmp_path: Path):
    build_search(documents(factories.catalogue()), tmp_path / "index", tmp_path / "export", SEARCH_SECTIONS)
    for query in ("瑞丰", PENALTIES[0].uscc, "瑞"):
        assert search_results(tmp_path / "index", query).total == 0


def test_the_preview_sees_a_rebuilt_index(tmp_path: Path):
    build_search(
        documents(factories.catalogue(penalties=PENALTIES[:1])),
        tmp_path / "index",
        tmp_path / "export",
        SEARCH_SECTIONS,
    )
    assert urls(Built(tmp_path / "index", tmp_path / "export"), "德润") == []
    build_search(
        documents(factories.catalogue(penalties=PENALTIES[:2])),
        tmp_path / "index",
        tmp_path / "export",
        SEARCH_SECTIONS,
    )
    assert urls(Built(tmp_path / "index", tmp_path / "export"), "德润") == [
        f"parties/{PENALTIES[1].uscc}/",
        f"penalties/{PENALTIES[1].id}/",
    ]


# ---- English and pinyin -------------------------------------------------------------------------

RUIFENG_CASE = "cases/2025-ruifeng-trademark/"
HUITONG = f"parties/{PENALTIES[6].uscc}/"  # the party's page first, then its penalty


@pytest.mark.parametrize("query", ["infringe", "infringement", "Infringed", "TRADEMARKS", "punitive damage"])
def test_english_words_find_the_english_version_whatever_their_ending(built: Built, query: str):
    assert RUIFENG_CASE in urls(built, query)


def test_the_english_page_shows_english_titles_and_snippets(built: Built):
    hit = next(h for h in search_results(built.index, "infringe", lang="en").hits if h.url == RUIFENG_CASE)
    assert (hit.lang, hit.title) == (
        "en",
        "Trademark infringement dispute of Jianghai Ruifeng Trading Co., Ltd.",
    )
    assert "<mark>infringe</mark>ment" in hit.snippet and "<mark>infring</mark>ing" in hit.snippet
    chinese = next(h for h in search_results(built.index, "infringe").hits if h.url == RUIFENG_CASE)
    assert (chinese.lang, chinese.title) == ("zh", "江海瑞丰贸易有限公司侵害商标权纠纷案")


def test_english_titles_of_white_papers_are_found(built: Built):
    assert urls(built, "white paper") == ["white-papers/2024-jianghai-ip-white-paper/"]


def test_english_labels_and_authority_names_find_chinese_only_records(built: Built):
    patents = {f"penalties/{p.id}/" for p in PENALTIES if p.ip_type == "专利"}
    assert set(urls(built, "patent")) >= patents  # the English label of 专利
    assert f"penalties/{PENALTIES[0].id}/" in urls(built, "Market Regulation")
    hit = search_results(built.index, "patent", lang="en").hits[0]
    assert hit.lang == "zh"  # no English version: the Chinese title, marked as Chinese by the page


@pytest.mark.parametrize(
    "query", ["huitong jixie", "huitongjixie", "hui tong ji xie", "HuiTong", "tongjixie"]
)
def test_pinyin_with_or_without_spaces_finds_the_chinese_name(built: Built, query: str):
    assert urls(built, query)[:2] == [HUITONG, f"penalties/{PENALTIES[6].id}/"]


def test_pinyin_finds_case_titles_and_one_syllable_finds_nothing_by_pinyin(built: Built):
    assert RUIFENG_CASE in urls(built, "shangbiaoquan jiufen")
    assert urls(built, "hui") == []  # a single syllable is too ambiguous to look up


def test_chinese_queries_are_read_one_way_only():
    """English and pinyin readings cost a Chinese query nothing: it fetches what it did before."""
    for query in ("瑞丰", "江海鼎盛化妆品有限公司", "商标法第六十条", "江市监知处罚〔2025〕1234号"):
        assert query_terms(query).readings == (query_terms(query).terms,)


def test_labels_are_given_or_read_from_the_english_catalogue():
    docs = documents(sample_catalogue(), labels=lambda v: {"专利": "Patent"}.get(v, v))
    huitong = next(d for d in docs if d.url == f"penalties/{PENALTIES[6].id}/")
    assert huitong.meta_en.splitlines() == ["Jianghai Administration for Market Regulation", "Patent"]
    default = next(d for d in documents(sample_catalogue()) if d.url == f"penalties/{PENALTIES[6].id}/")
    assert "Patent" in default.meta_en.splitlines()
