"""The nightly gate `build.py verify`: a clean build passes; a withheld record's number, id,
name or a raw ID number planted anywhere (HTML, gzipped search shard, XLSX member) fails it
with the file and the record's origin; a name shared with a published record does not."""

from __future__ import annotations

import gzip
import html
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import ipcredit.outputs.verify as verify_module
from ipcredit.checks.codes import check_uscc, resident_id_check_character
from ipcredit.cli import main
from ipcredit.records import Origin, record_id

AUTHORITY, AUTHORITY_USCC = "江海市知识产权局", "91110000101623741K"


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_character(first17)


SHARED = "江海共用贸易有限公司"  # one published and one withdrawn penalty
GONE = "江海撤下科技有限公司"  # only a withdrawn penalty
SHARED_USCC = "91319908EAACEWCT53"
GONE_USCC = "91319921E0CDBWN50K"
PERSON_ID = resident_id("31010119800101123")  # an adult's: published, masked
HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,证件类型,证件号码,行政处罚决定书文号,违法行为类型,"
    "违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚机关,处罚机关统一社会信用代码,"
    "撤下日期,撤下原因"
)


def row(name: str, kind: str, code: str, id_number: str, number: str, withdrawn: str = "") -> str:
    id_type = "身份证" if id_number else ""
    return (
        f"{name},{kind},{code},{id_type},{id_number},{number},侵犯注册商标专用权,销售侵权商品。,"
        f"《商标法》第六十条,罚款,罚款。,1,2025-03-05,{AUTHORITY},{AUTHORITY_USCC},"
        f"{withdrawn},{'信用修复' if withdrawn else ''}"
    )


PUBLISHED_NUMBER = "江知处罚〔2025〕1号"
SHARED_GONE_NUMBER = "江知处罚〔2025〕2号"
GONE_NUMBER = "江知处罚〔2025〕3号"
REGISTER = "\n".join(
    [
        HEADER,
        row(SHARED, "法人及非法人组织", SHARED_USCC, "", PUBLISHED_NUMBER),
        row(SHARED, "法人及非法人组织", SHARED_USCC, "", SHARED_GONE_NUMBER, "2025-06-01"),
        row(GONE, "法人及非法人组织", GONE_USCC, "", GONE_NUMBER, "2025-06-01"),
        row("李晓明", "自然人", "", PERSON_ID, "江知处罚〔2025〕4号"),
    ]
)
AS_OF = "2025-07-01"
assert check_uscc(GONE_USCC) is None and check_uscc(SHARED_USCC) is None


@pytest.fixture
def built(source_tree, tmp_path: Path) -> tuple[list[str], Path]:
    content, data = source_tree({"cases_data/penalties/2025.csv": REGISTER + "\n"})
    common = ["--content", str(content), "--data", str(data), "--as-of", AS_OF]
    out = tmp_path / "public"
    assert main(["build", *common, "--out", str(out)]) == 0
    return common, out


def verify(capsys: pytest.CaptureFixture[str], common: list[str], out: Path) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["verify", *common, "--out", str(out)])
    return code, capsys.readouterr().out.splitlines()


def test_a_clean_build_passes_although_a_withheld_party_shares_a_published_name(built, capsys):
    common, out = built
    assert SHARED in (out / "data/penalties.csv").read_text(encoding="utf-8-sig")
    assert verify(capsys, common, out) == (0, [])


def test_a_decision_number_planted_in_a_page_fails_with_the_file_and_the_record(built, capsys):
    common, out = built
    page = out / "about/index.html"
    page.write_text(page.read_text(encoding="utf-8") + f"<p>{GONE_NUMBER}</p>", encoding="utf-8")
    code, lines = verify(capsys, common, out)
    assert code == 1
    assert lines == [
        f"about/index.html: decision number {GONE_NUMBER} of a withheld penalties record (withdrawn) "
        "(cases_data/penalties/2025.csv:4)"
    ]


def test_a_withheld_id_and_code_in_a_gzipped_search_shard_fail(built, capsys):
    common, out = built
    shard = next(p for p in sorted((out / "search-index").rglob("*")) if p.is_file() and p.suffix != ".json")
    assert gzip.decompress(shard.read_bytes())  # the shards are gzipped
    gone_id = record_id(GONE_NUMBER)
    shard.write_bytes(
        gzip.compress(gzip.decompress(shard.read_bytes()) + f'"{gone_id}","{GONE_USCC}"'.encode())
    )
    code, lines = verify(capsys, common, out)
    relative = shard.relative_to(out).as_posix()
    assert code == 1
    assert lines == [
        f"{relative}: id {gone_id} of a withheld penalties record (withdrawn) (cases_data/penalties/2025.csv:4)",
        f"{relative}: party code {GONE_USCC} of a withheld penalties record (withdrawn) (cases_data/penalties/2025.csv:4)",
    ]


def test_a_withheld_name_inside_an_xlsx_and_a_raw_id_anywhere_fail(built, capsys):
    common, out = built
    workbook = out / "data/penalties.xlsx"
    planted = workbook.with_suffix(".tmp")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(planted, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                cell = f'<row r="99"><c r="A99" t="inlineStr"><is><t>{GONE}</t></is></c></row>'
                data = data.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
            target.writestr(member, data)
    shutil.move(planted, workbook)
    feed = out / "feeds/all.atom"
    feed.write_text(feed.read_text(encoding="utf-8") + PERSON_ID.lower(), encoding="utf-8")
    code, lines = verify(capsys, common, out)
    assert code == 1
    assert lines == [
        f"data/penalties.xlsx!xl/worksheets/sheet1.xml: party name {GONE} of a withheld penalties record (withdrawn) "
        "(cases_data/penalties/2025.csv:4)",
        f"feeds/all.atom: unmasked ID number {PERSON_ID[:4]}…{PERSON_ID[-4:]} (cases_data/penalties/2025.csv:5)",
    ]


def test_a_withheld_record_page_left_over_is_found_by_its_path(built, capsys):
    common, out = built
    stale = out / "penalties" / record_id(SHARED_GONE_NUMBER) / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text(f"<h1>{SHARED}</h1>", encoding="utf-8")  # the shared name alone is no leak
    code, lines = verify(capsys, common, out)
    assert code == 1
    assert lines == [
        f"penalties/{record_id(SHARED_GONE_NUMBER)}/index.html: id {record_id(SHARED_GONE_NUMBER)} "
        "of a withheld penalties record (withdrawn) (cases_data/penalties/2025.csv:3)"
    ]


def test_the_withdrawals_list_may_name_a_withheld_id_but_nothing_else(built, capsys):
    common, out = built
    gone_id = record_id(GONE_NUMBER)
    (out / "data/withdrawn.csv").write_text(f"id,section,withdrawn_on\n{gone_id},penalties,2025-06-01\n")
    assert verify(capsys, common, out) == (0, [])
    (out / "data/withdrawn.json").write_text(f'[{{"id": "{gone_id}", "name": "{GONE}"}}]')
    code, lines = verify(capsys, common, out)
    assert code == 1 and lines == [
        f"data/withdrawn.json: party name {GONE} of a withheld penalties record (withdrawn) (cases_data/penalties/2025.csv:4)"
    ]


def test_an_id_inside_a_longer_hex_string_is_not_a_finding(built, capsys):
    common, out = built
    asset = out / "static" / f"x.{record_id(GONE_NUMBER)}0.css"  # a content hash that happens to contain it
    asset.parent.mkdir(exist_ok=True)
    asset.write_text(f"/* 0{record_id(GONE_NUMBER)}f */", encoding="utf-8")
    assert verify(capsys, common, out) == (0, [])


def test_a_missing_output_folder_is_a_usage_error(built, capsys):
    common, out = built
    assert main(["verify", *common, "--out", str(out / "nowhere")]) == 2


def test_an_expired_notice_left_in_the_output_is_found_by_its_url(source_tree, tmp_path, capsys):
    from tests.conftest import document

    notice = document("title: 春季征集通知\npublished: 2025-03-02\npublisher: 测试局\nexpires: 2025-06-30")
    content, data = source_tree({"notices/spring-call.md": notice})
    out = tmp_path / "public"
    build = ["--content", str(content), "--data", str(data), "--out", str(out)]
    assert main(["build", *build, "--as-of", "2025-06-30"]) == 0  # the last day it is shown
    checked = ["--content", str(content), "--data", str(data)]
    code, lines = verify(capsys, [*checked, "--as-of", "2025-07-01"], out)  # the next day's gate
    assert code == 1
    assert (
        "notices/spring-call/index.html: URL of a withheld notices record (expired) (content/notices/spring-call.md:1)"
        in lines
    )
    assert main(["build", *build, "--as-of", "2025-07-01"]) == 0
    assert verify(capsys, [*checked, "--as-of", "2025-07-01"], out) == (0, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    needle=st.text(alphabet='江海知处罚〔〕号0123456789abcdefX&"<', min_size=2, max_size=20),
    before=st.binary(max_size=80),
    after=st.binary(max_size=80),
    chunk=st.integers(min_value=1, max_value=33),
    form=st.sampled_from(["plain", "gzip", "zip"]),
)
def test_a_needle_is_found_wherever_the_chunks_cut_it(
    tmp_path, monkeypatch, needle, before, after, chunk, form
):
    """Streaming in chunks of any size finds a needle across any chunk boundary, in any container,
    in every form the site writes it (as is, HTML-escaped, JSON-escaped)."""
    # Bytes that start with gzip's magic are read as gzip (and, broken, fail the gate as unreadable).
    assume(not (form == "plain" and before.startswith(b"\x1f\x8b")))
    monkeypatch.setattr(verify_module, "CHUNK", chunk)
    origin = Origin("cases_data/penalties/x.csv", 2)
    needles = list(verify_module._written_forms(verify_module.Needle(needle, "it", origin)))
    scanner = verify_module.Scanner(needles)
    for written in {needle, html.escape(needle), json.dumps(needle, ensure_ascii=False)[1:-1]}:
        payload = before + written.encode() + after
        path = tmp_path / "f"
        if form == "gzip":
            path.write_bytes(gzip.compress(payload))
        elif form == "zip":
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("member.xml", payload)
        else:
            path.write_bytes(payload)
        found = list(scanner.scan_file(str(path), "f"))
        assert [f.needle.what for f in found] == ["it"], (written, form)


def test_a_decision_number_written_with_other_year_brackets_is_found(built, capsys):
    common, out = built
    page = out / "about/index.html"
    variant = GONE_NUMBER.replace("〔", "[").replace("〕", "]")
    page.write_text(page.read_text(encoding="utf-8") + f"<p>{variant}</p>", encoding="utf-8")
    code, lines = verify(capsys, common, out)
    assert code == 1
    assert lines == [
        f"about/index.html: decision number {variant} of a withheld penalties record (withdrawn) "
        "(cases_data/penalties/2025.csv:4)"
    ]


def test_what_would_match_every_page_is_not_searched_and_a_shared_code_is_not_either():
    """A two-character trade name, a code or 'ID' too short to identify anyone, and a credit code
    that a published record of the same party carries: none is a search string; the withheld
    record's number and id always are."""
    from datetime import date

    from ipcredit.catalogue import publish
    from ipcredit.outputs.verify import withheld_needles
    from ipcredit.records import PartyType, SourceSet
    from tests import factories

    shown = factories.penalty(1, uscc="91319908EAACEWCT53")
    gone = factories.penalty(
        2, party_name="王记", party_type=PartyType.INDIVIDUAL_BUSINESS, uscc="91319908EAACEWCT53",
        party_code="123", id_number="无", withdrawn_on=date(2025, 6, 1),
    )  # fmt: skip
    sources = SourceSet(penalties=(shown, gone), authorities=(factories.AUTHORITY,))
    catalogue = publish(sources, factories.settings(), date(2025, 7, 1))
    texts = {n.text for n in withheld_needles(sources, catalogue)}
    assert {"王记", "123", "无", "91319908EAACEWCT53"}.isdisjoint(texts)
    assert {gone.decision_number, record_id(gone.decision_number)} <= texts


def test_a_file_that_cannot_be_read_fails_the_gate_instead_of_passing_unchecked(built, capsys):
    common, out = built
    shard = next(p for p in sorted((out / "search-index").rglob("*.bin")))
    shard.write_bytes(shard.read_bytes()[:12])  # a truncated gzip file
    code, lines = verify(capsys, common, out)
    relative = shard.relative_to(out).as_posix()
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"{relative}: could not be read, so not checked: EOFError")


def test_raw_ids_in_the_protection_lists_texts_are_needles():
    from ipcredit.outputs.verify import raw_id_needles
    from ipcredit.records import SourceSet
    from tests.factories import key_trademark, risk_point

    raw = "110105194912310021"
    sources = SourceSet(
        key_trademarks=(key_trademark(1, measures=f"联系人 {raw}"),),
        risk_points=(risk_point(1, address=raw),),
    )
    assert [n.text for n in raw_id_needles(sources)] == [raw, raw]


def test_a_withheld_protection_list_entry_is_looked_for_by_its_page_path():
    from datetime import date

    from ipcredit.catalogue import publish
    from ipcredit.outputs.verify import withheld_needles
    from ipcredit.records import SourceSet
    from tests.factories import key_trademark, risk_point, settings

    expired, removed = (
        key_trademark(1, valid_until=date(2025, 12, 31)),
        risk_point(1, removed_on=date(2026, 1, 1)),
    )
    sources = SourceSet(key_trademarks=(expired,), risk_points=(removed,))
    needles = {n.text for n in withheld_needles(sources, publish(sources, settings(), date(2026, 6, 1)))}
    assert {f"key-trademarks/{expired.id}/", f"risk-points/{removed.id}/"} <= needles


def test_a_withheld_penalty_of_a_holder_of_a_published_mark_names_no_needle_but_its_number():
    """The sample's 江海汇通机械有限公司 has an expired penalty and a mark on the key trademark list:
    its name and code are published on the mark's pages, so they are no sign of a leak."""
    from datetime import date

    from ipcredit.catalogue import publish
    from ipcredit.outputs.verify import withheld_needles
    from ipcredit.records import SourceSet
    from tests import factories

    gone = factories.penalty(1, party_name="江海汇通机械有限公司", uscc="91319908EAACEWCT53",
                             withdrawn_on=date(2025, 6, 1))  # fmt: skip
    mark = factories.key_trademark(1, holder="江海汇通机械有限公司", holder_uscc="91319908EAACEWCT53")
    alone = SourceSet(penalties=(gone,), authorities=(factories.AUTHORITY,))
    texts = {n.text for n in withheld_needles(alone, publish(alone, factories.settings(), date(2025, 7, 1)))}
    assert {"江海汇通机械有限公司", "91319908EAACEWCT53"} <= texts  # without the mark: needles
    both = SourceSet(penalties=(gone,), key_trademarks=(mark,), authorities=(factories.AUTHORITY,))
    texts = {n.text for n in withheld_needles(both, publish(both, factories.settings(), date(2025, 7, 1)))}
    assert {"江海汇通机械有限公司", "91319908EAACEWCT53"}.isdisjoint(texts)
    assert {gone.decision_number, record_id(gone.decision_number)} <= texts


def test_a_name_only_in_the_file_name_of_a_record_a_party_page_holds_is_still_a_needle():
    """A party page holds its penalties; where their rows lie (the file name) is not published,
    so a withheld party's name that only occurs there stays a needle."""
    from dataclasses import replace
    from datetime import date

    from ipcredit.catalogue import publish
    from ipcredit.outputs.verify import withheld_needles
    from ipcredit.records import SourceSet
    from tests import factories

    gone = factories.penalty(1, party_name="江海汇通机械有限公司", withdrawn_on=date(2025, 6, 1))
    shown = factories.penalty(2, uscc="91319908EAACEWCT53", decision_date=date(2025, 5, 1))
    shown = replace(shown, origin=Origin("cases_data/penalties/江海汇通机械有限公司.csv", 2))
    sources = SourceSet(penalties=(gone, shown), authorities=(factories.AUTHORITY,))
    catalogue = publish(sources, factories.settings(), date(2025, 7, 1))
    assert [p.code for p in catalogue.parties] == ["91319908EAACEWCT53"]  # the shown record has a party page
    assert "江海汇通机械有限公司" in {n.text for n in withheld_needles(sources, catalogue)}
