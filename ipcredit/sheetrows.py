"""A worksheet's rows as XlsxWriter writes them in ``constant_memory`` mode, at half the cost.

XlsxWriter spends most of a large dataset's time in its per-cell code (type
dispatch, a dimension check and a cell tuple per cell, three regular expressions
per string): 12–13 s of CPU for 55,000 penalty rows, every night. Here each row
is formatted at once into the sheet's row file, in the bytes XlsxWriter itself
writes there (tests compare them), and XlsxWriter still writes the rest of the
file: styles, column widths, the frozen header, the filter, the links' targets.

It leans on a few of XlsxWriter's internals (the row file ``fh``, the
``hyperlinks`` table and its count, ``_check_dimensions``, a format's
``_get_xf_index``, the attributes of a parsed ``Url``), so the version is
pinned, and the tests, which compare the files with XlsxWriter's own, fail if
an upgrade changes them.

Two things differ from XlsxWriter, both on purpose:

- Text that starts with ``<r>`` and ends with ``</r>`` is escaped like any other.
  XlsxWriter takes it for its own rich-text markup and writes it as raw XML, so
  an agency's remark written that way emptied the cell or broke the file.
- Excel holds at most 32,767 characters (UTF-16 units) in a cell. XlsxWriter
  cuts longer text silently; here it is cut with a note that the CSV and JSON
  files hold it whole.
"""

from __future__ import annotations

import re
from datetime import date

from xlsxwriter.format import Format
from xlsxwriter.url import Url, UrlTypes
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

MAX_CELL_CHARS = 32_767  # UTF-16 units, Excel's limit for a cell's text
MAX_ROWS = 1_048_576  # Excel's rows a sheet
CUT_NOTE = "……［超出 Excel 单元格长度上限，全文见同名 CSV 或 JSON 文件 / cut at Excel's cell limit: see the CSV or JSON file］"
# What XlsxWriter's inline strings escape: XML's & < >, control characters and the two
# non-characters as _xHHHH_, and a literal _xHHHH_ by escaping its underscore.
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f])")
_EXCEL_EPOCH = date(1899, 12, 31).toordinal()
_LEAP_BUG_FROM = date(1900, 3, 1)  # Excel counts a 29 February 1900: serial days are one more from here
# A web address XlsxWriter keeps as it is: no anchor to split off, nothing to percent-escape.
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9\-._~/:?=&+,;@!$'()*]{1,2000}")


def _escaped(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fitted(text: str) -> str:
    """``text``, or its start and :data:`CUT_NOTE` when it is longer than a cell holds."""
    if len(text) <= MAX_CELL_CHARS // 2 or _utf16_len(text) <= MAX_CELL_CHARS:
        return text
    room, units = MAX_CELL_CHARS - _utf16_len(CUT_NOTE), 0
    for end, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1  # characters beyond U+FFFF take two units
        if units > room:
            return text[:end] + CUT_NOTE
    return text  # not reached: the text is longer than the cell


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def hyperlink(address: str) -> Url:
    """XlsxWriter's ``Url`` of ``address`` shown as itself. Parsing and escaping a link took a
    quarter of writing the penalties' sheet (55,000 links); a plain web address (the record
    pages' own) needs neither, so its ``Url`` is filled in directly, with the values parsing
    gives (the tests compare the two)."""
    if not _PLAIN_WEB_ADDRESS.fullmatch(address):
        url = Url(address)
        url.text = address
        return url
    url = Url.__new__(Url)
    url.__dict__.update(
        _link_type=UrlTypes.URL,
        _original_url=address,
        _link=address,
        _relationship_link=address,
        _text=address,
        _tip="",
        _anchor="",
        _is_object_link=False,
        _rel_index=0,
    )
    return url


def excel_serial(day: date) -> int:
    """The day as Excel's serial number (1900 date system)."""
    return day.toordinal() - _EXCEL_EPOCH + (day >= _LEAP_BUG_FROM)


class RowWriter:
    """Rows written straight into ``sheet``'s row file; ``sheet`` must be in constant_memory mode
    and given no cells through its own methods."""

    def __init__(self, sheet: Worksheet, columns: int) -> None:
        if not sheet.constant_memory:
            raise ValueError("RowWriter needs a worksheet in constant_memory mode")
        self.sheet = sheet
        self.letters = [xl_col_to_name(col) for col in range(columns)]
        self.styles: dict[Format, str] = {}  # each format's attribute
        self.cells: list[str] = []
        self.row = -1
        self.ref = ""
        self.first = self.last = -1  # the row's first and last column written

    def start(self, row: int) -> None:
        """Begin row ``row`` (0-based, after the rows already written)."""
        if not self.row < row < MAX_ROWS:
            raise ValueError(f"row {row} is not after row {self.row} within Excel's {MAX_ROWS:,} rows")
        self.row, self.ref = row, str(row + 1)
        self.cells = []
        self.first = self.last = -1

    def text(self, col: int, text: str, style: Format | None = None) -> None:
        self._at(col)
        text = _escaped(fitted(text))
        space = ' xml:space="preserve"' if text and (text[0].isspace() or text[-1].isspace()) else ""
        s = self._style(style) if style else ""
        self.cells.append(
            f'<c r="{self.letters[col]}{self.ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        )

    def number(self, col: int, number: float, style: Format | None = None) -> None:
        self._at(col)
        s = self._style(style) if style else ""
        self.cells.append(f'<c r="{self.letters[col]}{self.ref}"{s}><v>{number:.16G}</v></c>')

    def day(self, col: int, day: date, style: Format | None = None) -> None:
        self.number(col, excel_serial(day), style)

    def link(self, col: int, address: str, style: Format) -> None:
        """The address as its own text, and a hyperlink to it (XlsxWriter writes the link's target)."""
        self.text(col, address, style)
        self.sheet.hyperlinks[self.row][col] = hyperlink(address)
        self.sheet.hlink_count += 1

    def _style(self, style: Format) -> str:
        """The cell's style attribute. The format's index is fixed once asked for: it is asked once."""
        found = self.styles.get(style)
        if found is None:
            found = self.styles[style] = f' s="{style._get_xf_index()}"'
        return found

    def _at(self, col: int) -> None:
        if col <= self.last:
            raise ValueError("a row's cells must be written in column order")
        if self.first < 0:
            self.first = col
        self.last = col

    def end(self) -> None:
        """Write the row (nothing when it has no cells, as XlsxWriter does)."""
        if self.cells:
            self.sheet.fh.write(f'<row r="{self.ref}">{"".join(self.cells)}</row>')
            # The sheet's used range, which XlsxWriter writes as <dimension> and checks filters against.
            self.sheet._check_dimensions(self.row, self.first)
            self.sheet._check_dimensions(self.row, self.last)
