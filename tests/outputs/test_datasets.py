"""Datasets: CSV, JSON and XLSX hold exactly the published records, row for row, masked as published.

The sample catalogue (tests/factories.py) is built already masked, as the rules
hand it over; the tests check that outputs carry the masked values and never the raw ones.
"""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcredit import sheetrows
from ipcredit.datadict import DATASETS
from ipcredit.datasets import (
    FORMULA_TRIGGERS,
    JOBS,
    MAX_COLUMN_WIDTH,
    ROWS_NOTE,
    XlsxFile,
    display_width,
    write_all,
    write_data,
    write_file,
)
from ipcredit.progress import Progress
from ipcredit.sheetrows import CUT_NOTE, MAX_CELL_CHARS
from tests.factories import (
    BASE,
    MASKED_ID_NUMBER,
    RAW_ID_NUMBER,
    catalogue,
    penalty,
    sample_catalogue,
    settings,
    withheld_penalty,
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_penalty(p: object) -> dict[str, object]:
    """A penalty as a user reads it on its page, in the dataset's field names."""
    return {
        "id": p.id,
        "url": f"{BASE}penalties/{p.id}/",
        "decision_number": p.decision_number,
        "party_name": p.party_name,
        "party_type": p.party_type.value,
        "uscc": p.uscc,
        "id_number": p.id_number,
        "facts": p.facts,
        "content": p.content,
        "penalty_categories": "；".join(p.penalty_categories),
        "fine_yuan": p.fine_yuan,
        "confiscated_yuan": p.confiscated_yuan,
        "decision_date": p.decision_date.isoformat(),
        "publicity_end": p.publicity_end.isoformat(),
        "publicity_class": p.publicity_class.value,
        "repair_from": p.repair_from.isoformat(),
        "authority": p.authority,
    }


def csv_value(name: str, text: str) -> object:
    """A CSV cell read back as the data dictionary says: a ' before a formula sign is not data."""
    if text == "":
        return None
    if name.endswith("_yuan"):
        return Decimal(text)
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def test_csv_rows_are_the_published_penalties_in_order(tmp_path: Path):
    cat = sample_catalogue()
    write_file(cat, tmp_path, "penalties", "csv")
    raw = (tmp_path / "penalties.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,url,")  # BOM, then English snake_case headers
    rows = read_csv(tmp_path / "penalties.csv")
    assert len(rows) == len(cat.penalties)
    for row, record in zip(rows, cat.penalties, strict=True):
        for name, value in expected_penalty(record).items():
            assert csv_value(name, row[name]) == value, name


def test_json_rows_are_the_published_records_with_typed_values(tmp_path: Path):
    cat = sample_catalogue()
    for name in ("penalties", "dishonesty", "cases"):
        write_file(cat, tmp_path, name, "json")
    penalties = json.loads((tmp_path / "penalties.json").read_text(encoding="utf-8"))
    for row, record in zip(penalties, cat.penalties, strict=True):
        expected = expected_penalty(record)
        for key in ("fine_yuan", "confiscated_yuan"):
            expected[key] = None if expected[key] is None else float(expected[key])
        assert {k: row[k] for k in expected} == expected
    listed = json.loads((tmp_path / "dishonesty.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["name"], d["listed_on"], d["url"]) for d in listed] == [
        (d.id, d.name, d.listed_on.isoformat(), f"{BASE}dishonesty/{d.id}/") for d in cat.dishonesty
    ]
    cases = json.loads((tmp_path / "cases.json").read_text(encoding="utf-8"))
    assert [(c["slug"], c["kind"], c["rank"], c["title_en"], c["url"]) for c in cases] == [
        ("top-pump", "top-ten", 1, None, f"{BASE}cases/top-pump/"),
        ("typical-tea", "typical", None, "Case typical-tea", f"{BASE}cases/typical-tea/"),
    ]
    assert cases[1]["ip_types"] == "专利；商标" and cases[1]["year"] == 2025


def test_xlsx_has_chinese_headers_typed_cells_and_a_frozen_header(tmp_path: Path):
    cat = sample_catalogue()
    write_file(cat, tmp_path, "penalties", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "penalties.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["记录编号", "页面地址", "行政处罚决定书文号", "行政相对人名称"]
    column = {title: i for i, title in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[column["记录编号"]].value for r in rows] == [p.id for p in cat.penalties]
    person = next(r for r in rows if r[column["行政相对人名称"]].value == "张**")
    assert person[column["处罚决定日期"]].value == datetime(2025, 9, 30)
    assert person[column["处罚决定日期"]].is_date
    assert person[column["罚款金额（元）"]].value == 1234.56
    assert person[column["证件号码"]].value == MASKED_ID_NUMBER
    content = person[column["处罚内容"]]
    assert content.data_type == "s" and content.value.startswith("=HYPERLINK")  # text, never a formula
    assert sheet.freeze_panes == "A2"
    facts_width = sheet.column_dimensions[openpyxl.utils.get_column_letter(column["违法事实"] + 1)].width
    assert 10 < facts_width <= 62  # fits the text, but long free text does not make it screen-wide


def test_xlsx_page_addresses_are_clickable_links(tmp_path: Path):
    cat = sample_catalogue()
    write_file(cat, tmp_path, "penalties", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "penalties.xlsx").worksheets[0]
    column = [c.value for c in sheet[1]].index("页面地址")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [f"{BASE}penalties/{p.id}/" for p in cat.penalties]
    assert [c.hyperlink.target for c in cells] == [c.value for c in cells]  # opens the record's page


def test_a_row_that_does_not_fit_the_columns_is_refused_not_shifted(tmp_path: Path):
    """A sheet's cells are placed by position: a row with a value missing or extra would put
    every later value under the wrong header."""
    ds = next(d for d in DATASETS if d.name == "penalties")
    sheet = XlsxFile(ds, sample_catalogue(), tmp_path / "penalties.xlsx")
    for row in ((None,) * (len(ds.fields) - 1), (None,) * (len(ds.fields) + 1)):
        with pytest.raises(ValueError, match="columns of penalties"):
            sheet.write(row)
    sheet.write((None,) * len(ds.fields))
    sheet.close()


def test_xlsx_links_past_excels_limit_stay_plain_addresses(tmp_path: Path, monkeypatch):
    """Excel holds at most 65,530 links a sheet: further addresses are written as text, not lost."""
    monkeypatch.setattr("ipcredit.datasets.MAX_LINKS", 1)
    cat = sample_catalogue()
    write_file(cat, tmp_path, "penalties", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "penalties.xlsx").worksheets[0]
    column = [c.value for c in sheet[1]].index("页面地址")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) > 1
    assert [c.value for c in cells] == [f"{BASE}penalties/{p.id}/" for p in cat.penalties]
    assert [c.hyperlink is not None for c in cells] == [True] + [False] * (len(cells) - 1)


def test_xlsx_is_byte_identical_across_writes_with_fixed_timestamps(tmp_path: Path):
    cat = sample_catalogue()
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    write_file(cat, first, "penalties", "xlsx")
    write_file(cat, second, "penalties", "xlsx")
    data = (first / "penalties.xlsx").read_bytes()
    assert data == (second / "penalties.xlsx").read_bytes()
    with zipfile.ZipFile(first / "penalties.xlsx") as xlsx:
        assert {info.date_time[0] for info in xlsx.infolist()} == {1980}
        core = xlsx.read("docProps/core.xml").decode()
    assert "2026-11-24T00:00:00Z" in core  # the as-of date, not the time of the build


def test_every_file_lists_exactly_the_published_records(tmp_path: Path):
    cat = sample_catalogue()
    write_all(cat, tmp_path)
    gone = withheld_penalty()
    for path in tmp_path.iterdir():
        text = readable_text(path)
        assert gone.id not in text and gone.decision_number not in text and gone.party_name not in text
        assert RAW_ID_NUMBER not in text
    rows = read_csv(tmp_path / "penalties.csv")
    assert {r["id"] for r in rows} == {p.id for p in cat.penalties}
    assert next(r for r in rows if r["party_type"] == "自然人")["id_number"] == MASKED_ID_NUMBER


def readable_text(path: Path) -> str:
    """A file's text; for XLSX, the XML parts inside the zip."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as xlsx:
            return "".join(xlsx.read(n).decode("utf-8") for n in xlsx.namelist())
    return path.read_text(encoding="utf-8-sig")


def test_empty_registers_give_files_with_headers_only(tmp_path: Path):
    written = write_all(catalogue(), tmp_path)
    assert all(f.rows == 0 for f in written.files)
    assert read_csv(tmp_path / "cases.csv") == []
    assert (tmp_path / "cases.csv").read_text(encoding="utf-8-sig").startswith("slug,url,kind,year,rank,")
    assert json.loads((tmp_path / "dishonesty.json").read_text(encoding="utf-8")) == []


def test_the_manifest_measures_the_written_files(tmp_path: Path):
    cat = sample_catalogue()
    written = write_data(cat, tmp_path, Progress())
    for f in (*written.files, written.package):
        data = (tmp_path / f.name).read_bytes()
        assert f.bytes == len(data) and f.sha256 == hashlib.sha256(data).hexdigest()
    assert written.rows("penalties") == 4 and written.rows("dishonesty") == 2 and written.rows("cases") == 2


def test_files_depend_only_on_the_catalogue(tmp_path: Path):
    # Two catalogues built from the same records (as two builds would) give the same bytes.
    first = write_all(sample_catalogue(), tmp_path / "one")
    second = write_all(sample_catalogue(), tmp_path / "two")
    assert [(f.name, f.sha256) for f in first.files] == [(f.name, f.sha256) for f in second.files]
    assert first.package.sha256 == second.package.sha256
    moved = write_all(sample_catalogue(settings=settings(base_url="https://data.example/")), tmp_path / "3")
    rows = read_csv(tmp_path / "3" / "penalties.csv")
    assert all(r["url"].startswith("https://data.example/penalties/") for r in rows)
    assert moved.files[0].sha256 != first.files[0].sha256


FORMULAS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", '=HYPERLINK("http://evil.example")']


def test_text_a_spreadsheet_would_run_is_neutralised_in_csv_only_as_text(tmp_path: Path):
    records = [
        penalty(n, party_name=formula, facts=formula, remarks=formula, legal_representative=formula)
        for n, formula in enumerate(FORMULAS, start=1)
    ]
    cat = sample_catalogue(penalties=tuple(records))
    write_file(cat, tmp_path, "penalties", "csv")
    write_file(cat, tmp_path, "penalties", "json")
    write_file(cat, tmp_path, "penalties", "xlsx")
    rows = {r["decision_number"]: r for r in read_csv(tmp_path / "penalties.csv")}
    for record, formula in zip(records, FORMULAS, strict=True):
        row = rows[record.decision_number]
        for name in ("party_name", "facts", "remarks", "legal_representative"):
            assert row[name] == "'" + formula, name  # shown as typed, never run
        assert row["fine_yuan"] == "50000" and row["decision_date"] == record.decision_date.isoformat()
    assert {r["facts"] for r in json.loads((tmp_path / "penalties.json").read_text("utf-8"))} == set(FORMULAS)
    sheet = openpyxl.load_workbook(tmp_path / "penalties.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cell = row[header.index("违法事实")]
        # a string cell, as typed (a carriage return is stored as OOXML's _x000D_, which Excel reads)
        assert cell.data_type == "s" and cell.value.replace("_x000D_", "\r") in FORMULAS
    with zipfile.ZipFile(tmp_path / "penalties.xlsx") as xlsx:
        assert "<f>" not in xlsx.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


def test_numbers_stay_numbers_and_harmless_text_is_untouched(tmp_path: Path):
    from ipcredit.datasets import _csv_cell

    assert _csv_cell(Decimal("-5")) == "-5" and _csv_cell(-3) == "-3"
    assert _csv_cell("江海-2026") == "江海-2026" and _csv_cell(" =1") == " =1"
    assert _csv_cell("-") == "'-"


@given(
    st.text(max_size=8), st.lists(st.text(st.sampled_from("ab1 中文，Ａ€é") | st.characters(), max_size=70))
)
def test_a_columns_width_is_its_widest_cells_however_the_cells_come(title, cells):
    # As the XLSX writer folds a column's cells; a narrow cell after a wide one must not shrink it.
    def width(text: str) -> int:
        return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text)

    folded = display_width(title)
    for cell in cells:
        folded = display_width(cell, folded)
    assert folded == min(max(width(t) for t in (title, *cells)), MAX_COLUMN_WIDTH)


def test_a_dataset_written_in_all_its_formats_at_once_is_each_file_written_alone(tmp_path: Path):
    """write_all makes each dataset's rows once for all its formats: every file is byte for byte
    the one its format alone writes, and all say how many rows they hold."""
    cat = sample_catalogue()
    together = write_all(cat, tmp_path / "together")
    alone = tmp_path / "alone"
    alone.mkdir()
    for f in together.files:
        single = write_file(cat, alone, f.dataset, f.format)
        assert (single.name, single.sha256, single.rows) == (f.name, f.sha256, f.rows)
    assert [(f.dataset, f.format) for f in together.files] == list(JOBS)
    assert together.rows("penalties") == len(cat.penalties) > 0


def test_text_like_spreadsheet_markup_or_too_long_for_a_cell_is_kept(tmp_path: Path):
    """An agency's "<r>…</r>" is shown as typed (XlsxWriter wrote it as raw XML, emptying the
    cell); facts longer than an Excel cell holds are cut there with a note, and whole in CSV and JSON."""
    long_facts = "违法事实" * (MAX_CELL_CHARS // 3)
    records = [penalty(1, remarks="<r>当事人已缴纳罚款</r>"), penalty(2, facts=long_facts)]
    write_all(sample_catalogue(penalties=tuple(records)), tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "penalties.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[header.index("行政处罚决定书文号")].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows[records[0].decision_number][header.index("备注")].value == "<r>当事人已缴纳罚款</r>"
    shown = rows[records[1].decision_number][header.index("违法事实")].value
    assert shown.endswith(CUT_NOTE) and long_facts.startswith(shown[: -len(CUT_NOTE)])
    assert {r["facts"] for r in read_csv(tmp_path / "penalties.csv")} >= {long_facts}
    assert long_facts in {r["facts"] for r in json.loads((tmp_path / "penalties.json").read_text("utf-8"))}


@pytest.mark.parametrize("count", [4, 5, 7])
def test_a_register_longer_than_a_sheet_says_where_the_rest_are(tmp_path: Path, monkeypatch, count: int):
    """Excel holds 1,048,576 rows a sheet: when the records do not fit, the last row says the CSV
    and JSON hold the rest; when they fit exactly, every one is there."""
    monkeypatch.setattr(sheetrows, "MAX_ROWS", 5)  # the header and four rows
    records = tuple(penalty(n) for n in range(1, count + 1))
    write_all(sample_catalogue(penalties=records), tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "penalties.xlsx").worksheets[0]
    column_a = [row[0].value for row in sheet.iter_rows()]
    assert len(column_a) == min(count + 1, 5)
    assert (column_a[-1] == ROWS_NOTE) == (count > 4)
    assert all(value and value != ROWS_NOTE for value in column_a[1 : 4 if count > 4 else None])
    assert len(read_csv(tmp_path / "penalties.csv")) == len(records)
