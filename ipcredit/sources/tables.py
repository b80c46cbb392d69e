"""Registers as agencies export them: CSV (UTF-8 with or without BOM, or GB18030
as Excel writes it) or XLSX (first sheet, real date cells).

Every row keeps its line in the file (for XLSX, the sheet row), so a problem
can be reported where the agency will look for it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import charset_normalizer
from openpyxl import load_workbook

from ipcredit.problems import Problems, bilingual

Cell = str | date | Decimal | None
TABLE_SUFFIXES = (".csv", ".xlsx")
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz"}


@dataclass(frozen=True)
class RawRow:
    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class RawTable:
    path: Path
    headers: tuple[str, ...]  # as written, whitespace trimmed
    header_line: int
    rows: list[RawRow] = field(default_factory=list)


def table_files(folder: Path) -> list[Path]:
    """Register files in a folder, sorted; other files are ignored (and may be documentation)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def read_table(path: Path, problems: Problems) -> RawTable | None:
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, problems)
    return _read_csv(path, problems)


def _decode(path: Path, data: bytes, problems: Problems) -> str | None:
    """UTF-8 when it is valid UTF-8; otherwise GB18030 when charset-normalizer recognises it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and guess.encoding.replace("_", "").lower() in _GB_FAMILY:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            problems.warning(
                path,
                1,
                bilingual(
                    "文件为 GB18030 编码，已转换；建议导出为 UTF-8", "GB18030 file converted; prefer UTF-8"
                ),
            )
            return text
    problems.error(
        path,
        1,
        bilingual(
            "文件既不是有效的 UTF-8 也不是 GB18030 编码，请在 Excel 中另存为“CSV UTF-8”",
            "the file is neither UTF-8 nor GB18030; save it as CSV UTF-8",
        ),
    )
    return None


def _read_csv(path: Path, problems: Problems) -> RawTable | None:
    text = _decode(path, path.read_bytes(), problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    records = _with_lines(reader)
    header = next(records, None)
    if header is None:
        problems.error(path, 1, bilingual("文件为空，缺少表头", "the file is empty"))
        return None
    line, cells = header
    table = RawTable(path, tuple(_header(c) for c in cells), line)
    for line, cells in records:
        if any(c.strip() for c in cells):
            table.rows.append(RawRow(line, tuple(c.strip() or None for c in cells)))
    return table


def _with_lines(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted field may span lines)."""
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1  # type: ignore[attr-defined]


def _read_xlsx(path: Path, problems: Problems) -> RawTable | None:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-XLSX file
        problems.error(path, 1, bilingual(f"无法读取 XLSX 文件：{exc}", "not a readable XLSX file"))
        return None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            problems.error(path, 1, bilingual("工作表为空，缺少表头", "the first sheet is empty"))
            return None
        table = RawTable(path, tuple(_header(c) for c in first), 1)
        for line, values in enumerate(rows, start=2):
            cells = tuple(_xlsx_cell(v) for v in values)
            if any(c is not None for c in cells):
                table.rows.append(RawRow(line, cells))
        return table
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


def _header(cell: object) -> str:
    return "" if cell is None else str(cell).strip().strip("\ufeff").strip()
