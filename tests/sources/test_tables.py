"""Reading registers: UTF-8 with or without BOM, GB18030 as Excel writes it, XLSX with date cells."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import xlsxwriter

from ipcredit.problems import Problems
from ipcredit.sources.tables import read_table, table_files

CSV = "主体名称,列入日期\n甲公司,2024/3/5\n\n乙公司,2024-03-06\n"


def read(path):
    problems = Problems()
    table = read_table(path, problems)
    rows = [(r.line, r.cells) for r in table.rows()] if table else None
    return table, rows, [str(p) for p in problems]


@pytest.mark.parametrize(("name", "encoding"), [("plain.csv", "utf-8"), ("bom.csv", "utf-8-sig")])
def test_utf8_with_and_without_bom(tmp_path, name, encoding):
    path = tmp_path / name
    path.write_bytes(CSV.encode(encoding))
    table, rows, problems = read(path)
    assert problems == []
    assert table.encoding == encoding and table.headers == ("主体名称", "列入日期")
    assert rows == [(2, ("甲公司", "2024/3/5")), (4, ("乙公司", "2024-03-06"))]
    assert table.mapping(table.rows().__next__()) == {"主体名称": "甲公司", "列入日期": "2024/3/5"}


def test_gb18030_as_excel_writes_it_is_converted_with_a_warning(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(CSV.replace("\n", "\r\n").encode("gb18030"))
    table, rows, problems = read(path)
    assert table.encoding == "gb18030" and table.headers == ("主体名称", "列入日期")
    assert rows == [(2, ("甲公司", "2024/3/5")), (4, ("乙公司", "2024-03-06"))]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:1: warning:") and "GB18030" in problems[0]


def test_a_large_gb18030_file_is_recognised_from_its_beginning(tmp_path):
    path = tmp_path / "big.csv"
    row = "江海瑞丰贸易有限公司,当事人销售侵犯注册商标专用权的运动鞋，违法经营额五万元。\r\n"
    path.write_bytes(("主体名称,违法事实\r\n" + row * 40000).encode("gb18030"))  # > 1 MiB
    table, rows, problems = read(path)
    assert table.encoding == "gb18030" and len(rows) == 40000 and rows[-1][0] == 40001
    assert len(problems) == 1


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\xff\xfe\x00\x81" * 50, 1),  # binary, no text at all
        ("名称,类别\n甲公司,法人\n".encode() + "乙公司,法人\n".encode("gb18030") + b"\xff\n", 3),  # mixed
    ],
)
def test_neither_utf8_nor_gb18030_is_an_error_at_the_first_bad_line(tmp_path, data, line):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    table, _, problems = read(path)
    assert table is None and len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: error:") and "neither UTF-8 nor GB18030" in problems[0]


def test_a_quoted_field_spanning_lines_keeps_later_rows_on_their_lines(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('主体名称,列入日期\n"甲\n公司",2024-01-01\n乙公司,2024-01-02\n', encoding="utf-8")
    _, rows, _ = read(path)
    assert rows == [(2, ("甲\n公司", "2024-01-01")), (4, ("乙公司", "2024-01-02"))]


def test_leading_empty_lines_and_padded_headers(tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text("\n,,\n 主体名称 , 列入日期\n甲公司 ,  \n", encoding="utf-8")
    table, rows, problems = read(path)
    assert problems == [] and table.header_line == 3 and table.headers == ("主体名称", "列入日期")
    assert rows == [(4, ("甲公司", None))]


def test_an_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\n\n")
    table, _, problems = read(path)
    assert table is None and problems[0].startswith(f"{path}:1: error:")


def test_an_unclosed_quote_is_reported_where_it_starts_not_swallowed(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text(
        '主体名称,列入日期\n甲公司,2024-01-01\n"乙公司,2024-01-02\n丙公司,2024-01-03\n', encoding="utf-8"
    )
    _, rows, problems = read(path)
    assert rows == [(2, ("甲公司", "2024-01-01"))]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:3: error:") and "引号" in problems[0]


def test_xlsx_first_sheet_with_real_dates_numbers_and_sheet_row_numbers(tmp_path):
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [" 主体名称 ", "列入日期", "金额"])
    sheet.write_string(1, 0, "甲公司")
    sheet.write_datetime(1, 1, datetime(2024, 3, 5), book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.write_number(1, 2, 12500.5)
    sheet.write_number(3, 2, 310101199001011234)  # row 4; Excel keeps 15 significant digits
    book.add_worksheet("second")  # an empty second sheet is no problem
    book.close()
    table, rows, problems = read(path)
    assert problems == [] and table.encoding == "xlsx" and table.headers == ("主体名称", "列入日期", "金额")
    assert rows[0] == (2, ("甲公司", date(2024, 3, 5), Decimal("12500.5")))
    assert rows[1] == (4, (None, None, Decimal("310101199001011000")))  # plain digits, no exponent


def test_a_file_that_is_not_xlsx_is_an_error(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("主体名称\n甲公司\n", encoding="utf-8")
    table, _, problems = read(path)
    assert table is None and problems[0].startswith(f"{path}:1: error:") and "XLSX" in problems[0]


def test_table_files_lists_registers_spelt_exactly_in_sorted_order(tmp_path):
    for name in ("b.csv", "a.xlsx", "c.xls", "d.CSV", "notes.txt", "README.md", "~$a.xlsx", ".hidden.csv"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in table_files(tmp_path)] == ["a.xlsx", "b.csv", "c.xls"]
