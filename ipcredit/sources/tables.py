"""Registers as agencies export them: CSV (UTF-8 with or without BOM, or GB18030
as Excel writes it), XLSX or legacy XLS (the first visible sheet with data, real
date cells; see :mod:`ipcredit.sources.workbooks` for sheets, merged cells,
hidden rows and formulas).

CSV rows are streamed from the file, never held all at once; a spreadsheet's
sheet is held by python-calamine in compact native form and converted row by
row. Every row keeps its line in the file (for CSV the line it starts on, a
quoted field may span lines; for a spreadsheet the sheet row, as Excel shows
it), so a problem is reported where the agency will look.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.sheetscan import column_letter
from ipcredit.sources.text import detect_encoding
from ipcredit.sources.workbooks import Cell, Records, read_workbook

__all__ = ["Cell", "RawRow", "RawTable", "column_letter", "read_table", "table_files"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".xls")
# Spreadsheets we do not read: an agency must re-save them, not see them silently skipped.
UNREADABLE_SUFFIXES = (".xlsm", ".xlsb", ".et", ".ods", ".numbers", ".wps")


@dataclass(frozen=True)
class RawRow:
    line: int
    cells: tuple[Cell, ...]  # in header order; a short row simply has fewer cells


@dataclass(frozen=True)
class RawTable:
    """A register file: its header, and its data rows streamed on demand by :meth:`rows`."""

    path: Path
    encoding: str  # "utf-8", "utf-8-sig" (with BOM), "gb18030", "xlsx" or "xls"
    headers: tuple[str, ...]  # as written, white space trimmed
    header_line: int
    _records: Callable[[], Records] = field(repr=False, compare=False)
    sheet: str | None = None  # the sheet read, for a spreadsheet

    def place(self, index: int) -> str:
        """Where a column is, for messages: its Excel letter in a spreadsheet, its number in a CSV."""
        return column_letter(index) if self.sheet is not None else f"第 {index + 1} 列"

    def rows(self) -> Iterator[RawRow]:
        """The non-empty rows below the header, read from the file afresh on each call."""
        for line, cells in self._records():
            if line > self.header_line and any(c is not None for c in cells):
                yield RawRow(line, cells)

    def mapping(self, row: RawRow) -> dict[str, Cell]:
        """The row as header → cell (the first of two equal headers wins)."""
        values: dict[str, Cell] = {}
        for header, cell in zip(self.headers, row.cells, strict=False):
            values.setdefault(header, cell)
        return values


def table_files(folder: Path) -> list[Path]:
    """Register files directly in a folder (``*.csv``, ``*.xlsx``, ``*.xls``, exactly so spelt),
    sorted. Every other file there is reported by :func:`ipcredit.sources.folders.survey`."""
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.iterdir())
        if path.suffix in TABLE_SUFFIXES and not path.name.startswith((".", "~$")) and path.is_file()
    ]


def read_table(path: Path, problems: Problems) -> RawTable | None:
    """The file's encoding and header (its first non-empty row); None when it cannot be read."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        return _open_workbook(path, problems)
    encoding = detect_encoding(path, problems)
    if encoding is None:
        return None
    return _with_header(path, encoding, lambda: _csv_records(path, encoding, problems), problems)


# CSV --------------------------------------------------------------------------------------------
def _csv_records(path: Path, encoding: str, problems: Problems) -> Records:
    """Every record with the line it starts on; a malformed file is reported where it breaks."""
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)  # an unclosed quote is an error, not lost rows
        start = 1
        try:
            for cells in reader:
                yield start, tuple([c.strip() or None for c in cells])
                start = reader.line_num + 1
        except csv.Error as exc:
            problems.error(
                path,
                start,
                bilingual(
                    f"CSV 格式错误（{exc}），请检查本行的引号是否成对", f"malformed CSV ({exc}); check quotes"
                ),
            )


def _with_header(
    path: Path, encoding: str, records: Callable[[], Records], problems: Problems, sheet: str | None = None
) -> RawTable | None:
    with closing(records()) as found:  # stop reading (and close the file) at the header
        for line, cells in found:
            if any(c is not None for c in cells):
                return RawTable(path, encoding, tuple(_header(c) for c in cells), line, records, sheet)
    problems.error(path, 1, bilingual("文件为空，缺少表头", "the file is empty; a header row is required"))
    return None


def _header(cell: Cell) -> str:
    if cell is None:
        return ""
    text = cell.isoformat() if isinstance(cell, date) else str(cell)
    return text.strip().strip("\ufeff").strip()


# XLSX and XLS ----------------------------------------------------------------------------------
def _open_workbook(path: Path, problems: Problems) -> RawTable | None:
    reader = read_workbook(path, problems)
    if reader is None:
        return None
    return _with_header(path, path.suffix.lower().lstrip("."), reader.records, problems, reader.name)
