"""Reading registers: UTF-8 with or without BOM, GB18030 as Excel writes it, XLSX with date cells."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import xlsxwriter

from ipcredit.problems import Problems
from ipcredit.sources.tables import read_table, table_files

CSV = "主体名称,列入日期\n甲公司,2024/3/5\n\n乙公司,2024-03-06\n"


def read(path):
    problems = Problems()
    return read_table(path, problems), [str(p) for p in problems]


def test_utf8_with_and_without_bom(tmp_path):
    for name, data in (("plain.csv", CSV.encode()), ("bom.csv", CSV.encode("utf-8-sig"))):
        path = tmp_path / name
        path.write_bytes(data)
        table, problems = read(path)
        assert problems == []
        assert table.headers == ("主体名称", "列入日期")
        assert [(r.line, r.cells) for r in table.rows] == [
            (2, ("甲公司", "2024/3/5")),
            (4, ("乙公司", "2024-03-06")),
        ]


def test_gb18030_is_converted_with_a_warning(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(CSV.replace("\n", "\r\n").encode("gb18030"))
    table, problems = read(path)
    assert table.rows[0].cells == ("甲公司", "2024/3/5")
    assert len(problems) == 1 and ":1: warning:" in problems[0] and "GB18030" in problems[0]


def test_neither_utf8_nor_gb18030_is_an_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00\x81" * 50)
    table, problems = read(path)
    assert table is None and ":1: error:" in problems[0] and "UTF-8" in problems[0]


def test_a_quoted_field_spanning_lines_keeps_later_rows_on_their_lines(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('主体名称,列入日期\n"甲\n公司",2024-01-01\n乙公司,2024-01-02\n', encoding="utf-8")
    table, _ = read(path)
    assert [r.line for r in table.rows] == [2, 4]


def test_xlsx_first_sheet_with_real_dates_and_numbers(tmp_path):
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [" 主体名称 ", "列入日期", "金额"])
    sheet.write_string(1, 0, "甲公司")
    sheet.write_datetime(1, 1, datetime(2024, 3, 5), book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.write_number(1, 2, 12500.5)
    sheet.write_number(2, 2, 310101199001011234)  # Excel keeps 15 significant digits of a long number
    book.add_worksheet("second").write_string(0, 0, "ignored")
    book.close()
    table, problems = read(path)
    assert problems == [] and table.headers == ("主体名称", "列入日期", "金额")
    assert table.rows[0].line == 2 and table.rows[0].cells == ("甲公司", date(2024, 3, 5), Decimal("12500.5"))
    assert table.rows[1].cells[2] == Decimal("310101199001011000")  # plain digits, no exponent


def test_table_files_are_sorted_and_skip_other_files(tmp_path):
    for name in ("b.csv", "a.xlsx", "notes.txt", "~$a.xlsx"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in table_files(tmp_path)] == ["a.xlsx", "b.csv"]
