"""Rows written by ipcredit.sheetrows are the bytes XlsxWriter writes, except where it loses data."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.url import Url

from ipcredit.sheetrows import CUT_NOTE, MAX_CELL_CHARS, RowWriter, excel_serial, hyperlink

OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
CREATED = datetime(2026, 11, 30)

# Text as agencies may write it: XML's specials, control characters, XlsxWriter's own _xHHHH_
# escapes, non-characters, leading and trailing spaces, characters beyond U+FFFF.
SPECIALS = st.sampled_from(["&", "<", ">", '"', "\n", "\t", "\x00", "\x1f", "_x0041_", "_x00e9_"])
SPECIALS |= st.sampled_from(["\ufffe", "\uffff", " ", "\u3000", "\U00020000"])
RAW_XML = re.compile(r"^<r>.*</r>$", re.DOTALL)  # what XlsxWriter writes unescaped
TEXT = (
    st.lists(st.one_of(st.text(max_size=8), SPECIALS), max_size=6)
    .map("".join)
    .filter(lambda t: not RAW_XML.match(t))
)
DAY = st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31))
NUMBER = st.one_of(st.integers(-(10**15), 10**15), st.floats(allow_nan=False, allow_infinity=False))
# Record pages' own addresses, and addresses XlsxWriter parses or escapes (anchors, spaces,
# percent-escapes, brackets, other schemes, text beyond ASCII).
LINK = st.from_regex(r"https://example\.org/[a-z0-9/]{0,20}", fullmatch=True) | st.builds(
    "{}{}".format,
    st.sampled_from(["https://", "http://", "ftp://"]),
    st.lists(
        st.sampled_from(["a.org", "/", "#x", "%20", "%", " ", "[", "^", "é", "-_~", "?q=1&r", "'()*"]),
        max_size=6,
    ).map("".join),
)
CELL = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("number"), NUMBER),
    st.tuples(st.just("day"), DAY),
    st.tuples(st.just("link"), LINK),
    st.tuples(st.just("none"), st.none()),
)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=6)


def _workbook(path: Path) -> tuple[xlsxwriter.Workbook, object, dict]:
    book = xlsxwriter.Workbook(str(path), {**OPTIONS, "tmpdir": str(path.parent)})
    book.set_properties({"created": CREATED})
    sheet = book.add_worksheet("sheet")
    styles = {
        "number": book.add_format({"num_format": "#,##0.00"}),
        "day": book.add_format({"num_format": "yyyy-mm-dd"}),
        "link": book.add_format({"font_color": "blue", "underline": 1}),
    }
    return book, sheet, styles


def _by_xlsxwriter(path: Path, rows: list[list[tuple[str, object]]]) -> bytes:
    book, sheet, styles = _workbook(path)
    for r, row in enumerate(rows):
        for c, (kind, value) in enumerate(row):
            if kind == "text":
                sheet.write_string(r, c, value)
            elif kind == "number":
                sheet.write_number(r, c, value, styles["number"])
            elif kind == "day":
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), styles["day"])
            elif kind == "link":
                sheet.write_url(r, c, value, styles["link"], value)
    sheet.freeze_panes(1, 0)
    book.close()
    return path.read_bytes()


def _by_rowwriter(path: Path, rows: list[list[tuple[str, object]]]) -> bytes:
    book, sheet, styles = _workbook(path)
    writer = RowWriter(sheet, max(len(row) for row in rows))
    for r, row in enumerate(rows):
        writer.start(r)
        for c, (kind, value) in enumerate(row):
            if kind == "text":
                writer.text(c, value)
            elif kind == "number":
                writer.number(c, value, styles["number"])
            elif kind == "day":
                writer.day(c, value, styles["day"])
            elif kind == "link":
                writer.link(c, value, styles["link"])
        writer.end()
    sheet.freeze_panes(1, 0)
    book.close()
    return path.read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_rows_are_the_bytes_xlsxwriter_writes(tmp_path: Path, rows):
    assert _by_rowwriter(tmp_path / "fast.xlsx", rows) == _by_xlsxwriter(tmp_path / "lib.xlsx", rows)


# Printable text, markup-like pieces included. Control characters are covered by the test above:
# they are written as XlsxWriter writes them (_xHHHH_, which Excel reads back and openpyxl does not).
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
MARKUP = st.sampled_from(["<r>", "</r>", "<t>", "</is></c>", "&amp;", "\n", "\t", " ", "　", "𠀀"])
READABLE = st.lists(st.one_of(st.text(PRINTABLE, max_size=6), MARKUP), max_size=6).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(READABLE, min_size=1, max_size=5))
def test_every_text_reads_back_as_written(tmp_path: Path, texts):
    """What a spreadsheet shows is the agency's text, whatever markup it holds."""
    path = tmp_path / "t.xlsx"
    _by_rowwriter(path, [[("text", t)] for t in texts])
    sheet = openpyxl.load_workbook(path).worksheets[0]
    shown = [sheet.cell(row=r + 1, column=1).value or "" for r in range(len(texts))]
    assert shown == texts


def test_markup_like_text_no_longer_breaks_the_sheet(tmp_path: Path):
    """XlsxWriter writes "<r>…</r>" as raw XML: the cell came out empty, or the file broken."""
    path = tmp_path / "r.xlsx"
    _by_rowwriter(path, [[("text", "<r>当事人</r>")], [("text", "<r></t></is></c></row>")]])
    with zipfile.ZipFile(path) as xlsx:
        xml = xlsx.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>&lt;r&gt;当事人&lt;/r&gt;</t>" in xml
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [sheet["A1"].value, sheet["A2"].value] == ["<r>当事人</r>", "<r></t></is></c></row>"]


@pytest.mark.parametrize("char", ["字", "𠀀"])  # one UTF-16 unit, and two
def test_text_longer_than_a_cell_holds_is_cut_with_a_note(tmp_path: Path, char: str):
    path = tmp_path / "long.xlsx"
    text = "头" + char * MAX_CELL_CHARS
    _by_rowwriter(path, [[("text", text)], [("text", "短")]])
    shown = openpyxl.load_workbook(path).worksheets[0]["A1"].value
    assert shown.endswith(CUT_NOTE) and text.startswith(shown[: -len(CUT_NOTE)])
    assert len(shown.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
    assert len(shown.encode("utf-16-le")) // 2 >= MAX_CELL_CHARS - 1  # as much as fits


def test_text_that_fits_exactly_is_not_cut(tmp_path: Path):
    path = tmp_path / "exact.xlsx"
    text = "字" * MAX_CELL_CHARS
    _by_rowwriter(path, [[("text", text)]])
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value == text


def test_serial_days_follow_excels_1900_calendar():
    # Excel's own numbers, its phantom 29 February 1900 included.
    assert excel_serial(date(1900, 1, 1)) == 1
    assert excel_serial(date(1900, 2, 28)) == 59
    assert excel_serial(date(1900, 3, 1)) == 61
    assert excel_serial(date(2026, 11, 30)) == 46356


def test_cells_out_of_column_order_are_refused(tmp_path: Path):
    book, sheet, _ = _workbook(tmp_path / "o.xlsx")
    writer = RowWriter(sheet, 3)
    writer.start(0)
    writer.text(2, "c")
    with pytest.raises(ValueError, match="column order"):
        writer.text(1, "b")
    book.close()


def test_a_worksheet_that_keeps_its_cells_in_memory_is_refused(tmp_path: Path):
    book = xlsxwriter.Workbook(str(tmp_path / "m.xlsx"))
    with pytest.raises(ValueError, match="constant_memory"):
        RowWriter(book.add_worksheet(), 2)
    book.close()


def test_rows_past_excels_last_row_are_refused(tmp_path: Path, monkeypatch):
    from ipcredit import sheetrows

    monkeypatch.setattr(sheetrows, "MAX_ROWS", 3)
    book, sheet, _ = _workbook(tmp_path / "rows.xlsx")
    writer = RowWriter(sheet, 1)
    writer.start(2)
    with pytest.raises(ValueError, match="Excel's 3 rows"):
        writer.start(3)
    with pytest.raises(ValueError, match="not after"):
        writer.start(1)
    book.close()


@settings(max_examples=300)
@given(address=LINK)
def test_a_link_is_the_url_xlsxwriter_parses(address: str):
    """Plain web addresses skip XlsxWriter's parsing: what it would make of them is made directly."""
    parsed = Url(address)
    parsed.text = address
    assert vars(hyperlink(address)) == vars(parsed)
