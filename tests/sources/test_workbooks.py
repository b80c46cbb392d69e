"""XLSX and legacy XLS as clerks leave them: sheets, merged cells, formulas, hidden rows, dates."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bench.synth_registers import PENALTY_HEADERS, penalty_rows
from ipcredit.loading.authorities import load_authorities
from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.rules.classes import window
from ipcredit.sources.sheetscan import column_letter
from ipcredit.sources.tables import read_table
from tests.factories import settings
from tests.sources.books import Sheet, write_book

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("xlsx", "xls")
WITHDRAWN = PENALTY_HEADERS.index("撤下日期")


def register_rows(count: int, seed: int = 7) -> list[list[object]]:
    """A header and ``count`` valid penalty rows, dates as real date cells."""
    rows: list[list[object]] = [list(PENALTY_HEADERS)]
    for row in penalty_rows(count, seed):
        cells: list[object] = []
        for header in PENALTY_HEADERS:
            value = row.get(header, "")
            is_date = value and header in ("处罚决定日期", "公示截止期", "撤下日期")
            cells.append(date.fromisoformat(value) if is_date else value)
        rows.append(cells)
    return rows


def load(data: Path) -> tuple[list, Problems]:
    problems = Problems()
    authorities = load_authorities(ROOT / "cases_data/authorities.yaml", problems)
    penalties, _ = load_registers(data, authorities, settings(), problems, window)
    return list(penalties), problems


def book(tmp_path: Path, fmt: str, sheets: list[Sheet]) -> Path:
    (tmp_path / "penalties").mkdir(parents=True, exist_ok=True)
    return write_book(tmp_path / "penalties" / f"r.{fmt}", sheets)


def warnings(problems: Problems) -> list:
    """Warnings about the workbook (the column checks' own warnings, e.g. an empty column, left out)."""
    return [w for w in problems.warnings if w.column is None or w.column.split("!")[0] in SHEETS]


SHEETS = ("处罚", "补充", "草稿", "正式", "Sheet2", "空", "名单")


def messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems.sorted()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_record_on_a_second_sheet_is_an_error_naming_the_file_and_the_sheet(tmp_path, fmt):
    rows = register_rows(3)
    path = book(tmp_path, fmt, [Sheet("处罚", rows[:3]), Sheet("补充", [rows[0], rows[3]])])
    records, problems = load(tmp_path)
    assert len(records) == 2  # the first sheet is read
    [error] = problems.errors
    assert error.path.endswith(f"penalties/r.{fmt}") and error.line == 1 and error.column == "补充"
    assert "「补充」也含有数据" in error.message and "「处罚」" in error.message
    assert path.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_second_sheet_is_no_problem(tmp_path, fmt):
    book(tmp_path, fmt, [Sheet("处罚", register_rows(2)), Sheet("Sheet2", [])])
    records, problems = load(tmp_path)
    assert len(records) == 2 and problems.errors == [] and warnings(problems) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hidden_draft_sheet_is_not_read_and_the_visible_one_is(tmp_path, fmt):
    rows = register_rows(4)
    book(tmp_path, fmt, [Sheet("草稿", [rows[0], rows[1]], hidden=True), Sheet("正式", [rows[0], *rows[2:]])])
    records, problems = load(tmp_path)
    assert sorted(r.decision_number for r in records) == sorted(str(r[6]) for r in rows[2:])
    assert problems.errors == []
    [warning] = warnings(problems)
    assert warning.column == "草稿" and "隐藏的工作表「草稿」含有数据，未读取" in warning.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_withdrawal_date_merged_over_three_rows_withdraws_all_three(tmp_path, fmt):
    rows = register_rows(4)
    for row in rows[1:]:
        row[WITHDRAWN] = ""
    rows[1][WITHDRAWN] = date(2026, 1, 5)
    book(tmp_path, fmt, [Sheet("处罚", rows, merges=[(1, 3, WITHDRAWN)])])
    records, problems = load(tmp_path)
    by_line = {r.origin.line: r.withdrawn_on for r in records}
    assert by_line == {2: date(2026, 1, 5), 3: date(2026, 1, 5), 4: date(2026, 1, 5), 5: None}
    letter = column_letter(WITHDRAWN)
    [warning] = warnings(problems)
    assert warning.line == 2 and warning.column == f"处罚!{letter}2:{letter}4"
    assert "第 2–4 行" in warning.message and problems.errors == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_formula_without_a_computed_value_is_an_error_at_its_cell(tmp_path, fmt):
    rows = register_rows(2)
    rows[2][WITHDRAWN] = ""
    book(tmp_path, fmt, [Sheet("处罚", rows, formulas={(2, WITHDRAWN): ("DATE(2026,1,5)", None)})])
    _, problems = load(tmp_path)
    [error] = problems.errors
    assert error.path.endswith(f"r.{fmt}") and error.line == 3
    assert error.column == f"处罚!{column_letter(WITHDRAWN)}3" and "没有计算结果" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#DIV/0!"])
def test_an_error_value_is_an_error_at_its_cell_not_an_empty_date(tmp_path, fmt, error):
    rows = register_rows(2)
    book(tmp_path, fmt, [Sheet("处罚", rows, errors={(1, WITHDRAWN): error})])
    _, problems = load(tmp_path)
    [problem] = problems.errors
    assert problem.line == 2 and problem.column == f"处罚!{column_letter(WITHDRAWN)}2"
    assert f"错误值 {error}" in problem.message


def test_xlsx_rows_and_cells_without_positions_and_with_prefixed_tags_are_scanned(tmp_path):
    """Some generators leave out r="…" and prefix every element (<x:row>): rows still count."""
    rows = [["主体名称", "列入日期"], ["甲", "2024-01-01"], ["乙", "2024-01-02"], ["丙", "2024-01-03"]]
    path = write_book(
        tmp_path / "bare.xlsx", [Sheet("名单", rows, hidden_rows={2}, formulas={(3, 1): ("TODAY()", None)})]
    )
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = re.sub(rb'(<(?:row|c)) r="[A-Z]*\d+"', rb"\1", sheet)
    sheet = re.sub(rb"<(/?)(sheetData|row|c|v|f|is|t)\b", rb"<\1x:\2", sheet)
    sheet = sheet.replace(
        b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1
    )
    members["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    problems = Problems()
    table = read_table(path, problems)
    assert [r.line for r in table.rows()] == [2, 4]
    assert [(p.line, p.column) for p in problems.errors] == [(4, "名单!B4"), (3, "名单!3:3")]


def test_an_xlsx_formula_with_a_computed_value_reads_the_value(tmp_path):
    rows = register_rows(1)
    rows[1][WITHDRAWN] = ""
    book(tmp_path, "xlsx", [Sheet("处罚", rows, formulas={(1, WITHDRAWN): ('"2026-01-05"', "2026-01-05")})])
    records, problems = load(tmp_path)
    assert problems.errors == [] and records[0].withdrawn_on == date(2026, 1, 5)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_rows_are_errors_naming_each_row_and_are_not_read(tmp_path, fmt):
    rows = register_rows(4)
    book(tmp_path, fmt, [Sheet("处罚", rows, hidden_rows={2, 3})])
    records, problems = load(tmp_path)
    assert sorted(r.origin.line for r in records) == [2, 5]
    assert [(e.line, e.column) for e in problems.errors] == [(3, "处罚!3:3"), (4, "处罚!4:4")]
    assert all("此行被隐藏" in e.message for e in problems.errors)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_hidden_row_is_no_problem(tmp_path, fmt):
    rows = register_rows(2)
    rows.insert(2, [])
    book(tmp_path, fmt, [Sheet("处罚", rows, hidden_rows={2})])
    records, problems = load(tmp_path)
    assert len(records) == 2 and problems.errors == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_rows_and_columns_keep_excel_numbers_after_leading_empty_ones(tmp_path, fmt):
    rows = [[], [], ["", "", "主体名称", "列入日期", "金额"], ["", "", "甲公司", date(2024, 3, 5), 12500.5]]
    path = write_book(tmp_path / f"t.{fmt}", [Sheet("名单", rows)])
    problems = Problems()
    table = read_table(path, problems)
    assert table.sheet == "名单" and table.header_line == 3 and table.encoding == fmt
    assert table.headers == ("", "", "主体名称", "列入日期", "金额") and table.place(3) == "D"
    assert [(r.line, r.cells) for r in table.rows()] == [
        (4, (None, None, "甲公司", date(2024, 3, 5), Decimal("12500.5")))
    ]
    assert messages(problems) == []


def test_xls_dates_are_dates_as_in_xlsx(tmp_path):
    rows = register_rows(3)
    xls, xlsx = tmp_path / "xls", tmp_path / "xlsx"
    book(xls, "xls", [Sheet("处罚", rows)])
    book(xlsx, "xlsx", [Sheet("处罚", rows)])
    from_xls, problems_xls = load(xls)
    from_xlsx, problems_xlsx = load(xlsx)
    assert problems_xls.errors == problems_xlsx.errors == []
    assert [(r.decision_date, r.publicity_end, r.fine_yuan) for r in from_xls] == [
        (r.decision_date, r.publicity_end, r.fine_yuan) for r in from_xlsx
    ]
    assert all(isinstance(r.decision_date, date) for r in from_xls)


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_hidden_data_is_an_empty_file_error_and_a_warning(tmp_path, fmt):
    book(tmp_path, fmt, [Sheet("空", []), Sheet("草稿", register_rows(1), hidden=True)])
    records, problems = load(tmp_path)
    assert records == []
    assert [(p.level.value, p.column) for p in problems.sorted()] == [("error", None), ("warning", "草稿")]
    assert "没有含数据的可见工作表" in problems.errors[0].message


@pytest.mark.parametrize("name", ["fake.xlsx", "fake.xls"])
def test_a_file_that_is_not_a_spreadsheet_is_an_error_not_a_traceback(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not really" if name.endswith("x") else b"\xd0\xcf\x11\xe0 nope")
    problems = Problems()
    assert read_table(path, problems) is None
    [error] = problems.errors
    assert error.line == 1 and "请在 Excel 中打开后重新另存为" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_header_cell_merged_down_into_the_data_is_an_error_and_fills_nothing(tmp_path, fmt):
    rows = [["主体名称", "列入日期"], ["", "2024-01-01"], ["乙", "2024-01-02"]]
    path = write_book(tmp_path / f"h.{fmt}", [Sheet("名单", rows, merges=[(0, 1, 0)])])
    problems = Problems()
    table = read_table(path, problems)
    assert [(r.line, r.cells) for r in table.rows()] == [(2, (None, "2024-01-01")), (3, ("乙", "2024-01-02"))]
    [error] = problems.errors
    assert (error.line, error.column) == (1, "名单!A1:A2") and "表头" in error.message
    assert warnings(problems) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_merge_running_far_below_the_data_is_cut_at_the_last_row(tmp_path, fmt):
    rows = [["主体名称", "列入日期"], ["甲", "2024-01-01"], ["乙", ""]]
    path = write_book(tmp_path / f"m.{fmt}", [Sheet("名单", rows, merges=[(1, 60000, 1)])])
    problems = Problems()
    table = read_table(path, problems)
    assert [r.cells for r in table.rows()] == [("甲", "2024-01-01"), ("乙", "2024-01-01")]
    [warning] = problems.warnings
    assert warning.column == "名单!B2:B3"


@pytest.mark.parametrize(("written", "named"), [("xls", "xlsx"), ("xlsx", "xls")])
def test_a_workbook_with_the_other_extension_is_read_by_its_content_with_a_warning(tmp_path, written, named):
    path = write_book(tmp_path / f"r.{written}", [Sheet("名单", [["主体名称"], ["甲"]])])
    path = path.rename(tmp_path / f"r.{named}")
    problems = Problems()
    table = read_table(path, problems)
    assert [r.cells for r in table.rows()] == [("甲",)] and table.sheet == "名单"
    [warning] = problems.warnings
    assert f"实为 {written.upper()} 文件" in warning.message and problems.errors == []


@pytest.mark.parametrize(
    "data",
    [
        "<html><table><tr><td>主体名称</td></tr></table></html>".encode(),
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
        "主体名称\t列入日期\n甲\t2024-01-01\n".encode("gb18030"),
    ],
)
def test_a_web_page_xml_or_text_export_named_xls_says_what_to_do(tmp_path, data):
    path = tmp_path / "export.xls"
    path.write_bytes(data)
    problems = Problems()
    assert read_table(path, problems) is None
    [error] = problems.errors
    assert "不是真正的 XLS 文件" in error.message and "save it as XLSX" in error.message
