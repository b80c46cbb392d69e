"""Registers as agencies export them: CSV (UTF-8 with or without BOM, or GB18030
as Excel writes it) or XLSX (first sheet, real date cells).

Rows are streamed from the file, never held all at once, so a register of
100,000 rows costs the memory of its records only. Every row keeps its line in
the file (for CSV the line it starts on, a quoted field may span lines; for
XLSX the sheet row), so a problem is reported where the agency will look.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.text import detect_encoding

# A cell: text (trimmed, never empty), a real XLSX date, an XLSX number, or None when empty.
Cell = str | date | Decimal | None
Records = Iterator[tuple[int, tuple[Cell, ...]]]
TABLE_SUFFIXES = (".csv", ".xlsx")
# Spreadsheets we cannot read: an agency must re-save them, not see them silently skipped.
UNREADABLE_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".et", ".ods", ".numbers")


@dataclass(frozen=True)
class RawRow:
    line: int
    cells: tuple[Cell, ...]  # in header order; a short row simply has fewer cells


@dataclass(frozen=True)
class RawTable:
    """A register file: its header, and its data rows streamed on demand by :meth:`rows`."""

    path: Path
    encoding: str  # "utf-8", "utf-8-sig" (with BOM), "gb18030", or "xlsx"
    headers: tuple[str, ...]  # as written, white space trimmed
    header_line: int
    _records: Callable[[], Records] = field(repr=False, compare=False)

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


def table_files(folder: Path, problems: Problems | None = None) -> list[Path]:
    """Register files in a folder, sorted. Spreadsheets in another format are errors; other
    files are ignored, with a warning when ``problems`` is given (Markdown notes silently)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if path.name.startswith((".", "~$")) or suffix == ".md" or not path.is_file():
            continue  # hidden files, Excel's lock files, notes about the folder
        if suffix in TABLE_SUFFIXES:
            found.append(path)
        elif problems is not None and suffix in UNREADABLE_SUFFIXES:
            problems.error(
                path,
                1,
                bilingual(
                    "无法读取此格式，请另存为 XLSX 或 CSV UTF-8", "unsupported format; save as XLSX or CSV"
                ),
            )
        elif problems is not None:
            problems.warning(
                path,
                1,
                bilingual("不是 CSV 或 XLSX 文件，已忽略", "not a CSV or XLSX file; ignored"),
            )
    return found


def read_table(path: Path, problems: Problems) -> RawTable | None:
    """The file's encoding and header (its first non-empty row); None when it cannot be read."""
    if path.suffix.lower() == ".xlsx":
        return _open_xlsx(path, problems)
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
                yield start, tuple((c.strip() or None) for c in cells)
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
    path: Path, encoding: str, records: Callable[[], Records], problems: Problems
) -> RawTable | None:
    with closing(records()) as found:  # stop reading (and close the file) at the header
        for line, cells in found:
            if any(c is not None for c in cells):
                return RawTable(path, encoding, tuple(_header(c) for c in cells), line, records)
    problems.error(path, 1, bilingual("文件为空，缺少表头", "the file is empty; a header row is required"))
    return None


def _header(cell: Cell) -> str:
    if cell is None:
        return ""
    text = cell.isoformat() if isinstance(cell, date) else str(cell)
    return text.strip().strip("\ufeff").strip()


# XLSX -------------------------------------------------------------------------------------------
def _open_xlsx(path: Path, problems: Problems) -> RawTable | None:
    try:
        load_workbook(path, read_only=True, data_only=True).close()
    except Exception as exc:  # openpyxl raises many types for a damaged or non-XLSX file
        problems.error(
            path,
            1,
            bilingual(f"无法读取 XLSX 文件：{exc}", "not a readable XLSX file; save it again as XLSX"),
        )
        return None
    return _with_header(path, "xlsx", lambda: _xlsx_records(path, problems), problems)


def _xlsx_records(path: Path, problems: Problems) -> Records:
    """Rows of the first sheet, numbered as Excel shows them, values as read-only mode streams them."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    line = 0
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some exporters write a wrong sheet size; read every row there is
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, tuple(_xlsx_cell(v) for v in values)
    except Exception as exc:  # a damaged sheet: report where reading stopped
        problems.error(path, line + 1, bilingual(f"XLSX 工作表损坏：{exc}", "damaged XLSX sheet"))
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):  # 15 significant digits, as Excel itself shows a number
        return Decimal(format(value, ".15g"))
    text = str(value).strip()
    return text or None
