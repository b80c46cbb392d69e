"""Spreadsheets as clerks leave them: XLSX and legacy XLS (Excel 97–2003).

Values are read by python-calamine (a Rust reader of both formats, about six
times faster than openpyxl on a 100,000-row register); what values alone do
not show, hidden rows and formulas without a computed value, comes from
:mod:`ipcredit.sources.sheetscan`. The rules, each reported naming the file,
the sheet and the row:

- the register is the first visible sheet that holds data; a hidden sheet
  with data is not read (a warning names it); a second visible sheet with
  data is an error (its records would otherwise be lost);
- a merged cell's value applies to every row of the merged range (a warning
  names the range): a 撤下日期 merged over three rows withdraws all three;
- a formula without a computed value, or an error value (``#REF!``, ``#N/A``,
  which python-calamine reads as an empty cell), is an error at its cell;
- a hidden row that holds data is an error: it is either a draft to delete
  or a record someone wants to hide, and only the clerk can say which. It is
  not read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.sheetscan import (
    LostValue,
    SheetFlags,
    column_letter,
    scan_xls,
    scan_xlsx,
    xls_sheet_offsets,
    xls_workbook_stream,
    xlsx_sheet_members,
)

# A cell: text (trimmed, never empty), a real date, a number, or None when empty.
Cell = str | date | Decimal | None
Records = Iterator[tuple[int, tuple[Cell, ...]]]


@dataclass(frozen=True)
class Merge:
    """A range merged over several rows (python-calamine's 0-based positions)."""

    first_row: int
    last_row: int
    column: int
    last_column: int


@dataclass
class SheetReader:
    """The chosen sheet of one workbook; :meth:`records` streams its rows (read once into memory
    by python-calamine, converted to cells row by row)."""

    path: Path
    name: str
    sheet: CalamineSheet
    flags: SheetFlags
    merges: list[Merge]
    problems: Problems
    _reported: set[int] = field(default_factory=set)  # hidden rows already reported

    def records(self) -> Records:
        hidden = set(self.flags.hidden_rows)
        fills = _fills(self.merges)
        held: dict[Merge, Cell] = {}  # merged cells' values, taken from their first row
        offset = (None,) * ((self.sheet.start or (0, 0))[1])  # calamine drops leading empty columns
        for index, values in enumerate(self.sheet.iter_rows()):
            cells = offset + _cells(values)
            if index in fills:
                cells = _fill(cells, index, fills[index], held)
            line = index + 1
            if line in hidden:
                if any(c is not None for c in cells):
                    self._report_hidden(line)
                continue
            yield line, cells

    def _report_hidden(self, line: int) -> None:
        if line in self._reported:
            return
        self._reported.add(line)
        self.problems.error(
            self.path,
            line,
            bilingual(
                "此行被隐藏，未读取：若是草稿请删除该行，若应公开请取消隐藏",
                "this row is hidden and was not read: delete it if it is a draft, unhide it to publish it",
            ),
            column=f"{self.name}!{line}:{line}",
        )


def _cells(values: list[object]) -> tuple[Cell, ...]:
    return tuple(None if v == "" else (v.strip() or None) if v.__class__ is str else _cell(v) for v in values)


def _cell(value: object) -> Cell:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):  # 15 significant digits, as Excel itself shows a number
        return Decimal(format(value, ".15g")) if value == value and abs(value) != float("inf") else None
    if isinstance(value, time | timedelta):
        return str(value)
    text = str(value).strip()
    return text or None


def _fills(merges: list[Merge]) -> dict[int, list[Merge]]:
    """Row → the merges it is part of."""
    fills: dict[int, list[Merge]] = {}
    for merge in merges:
        for row in range(merge.first_row, merge.last_row + 1):
            fills.setdefault(row, []).append(merge)
    return fills


def _fill(
    cells: tuple[Cell, ...], row: int, merges: list[Merge], held: dict[Merge, Cell]
) -> tuple[Cell, ...]:
    """Every row of a merge gets the value of its first row, in the merge's first column."""
    values = list(cells)
    for merge in merges:
        if row == merge.first_row:
            held[merge] = values[merge.column] if merge.column < len(values) else None
        elif (value := held.get(merge)) is not None:
            values.extend([None] * (merge.column + 1 - len(values)))
            values[merge.column] = value
    return tuple(values)


def _range(merge: Merge) -> str:
    first = f"{column_letter(merge.column)}{merge.first_row + 1}"
    return f"{first}:{column_letter(merge.last_column)}{merge.last_row + 1}"


# Opening a workbook and choosing its sheet -------------------------------------------------------
def read_workbook(path: Path, problems: Problems) -> SheetReader | None:
    """The sheet to read, with every workbook-level problem reported; None (reported) when the
    file cannot be read at all or no visible sheet holds data."""
    named = "XLS" if path.suffix.lower() == ".xls" else "XLSX"
    try:
        kind = _sniff(path)
        if kind is None:
            _not_a_workbook(path, named, problems)
            return None
        if kind != named:
            problems.warning(
                path,
                1,
                bilingual(
                    f"文件扩展名为 .{named.lower()}，实为 {kind} 文件，已按 {kind} 读取；请改正扩展名",
                    f"named .{named.lower()} but the file is {kind}; read as {kind}, please rename it",
                ),
            )
        return _open(path, kind, problems)
    except Exception as exc:  # a damaged or disguised file: calamine, zip and BIFF raise many types
        problems.error(
            path,
            1,
            bilingual(
                f"无法读取 {named} 文件（{type(exc).__name__}: {str(exc)[:200]}），请在 Excel 中打开后重新另存为 {named}",
                f"not a readable {named} file; open it in Excel and save it again as {named}",
            ),
        )
        return None


_MAGIC = {b"PK\x03\x04": "XLSX", b"\xd0\xcf\x11\xe0": "XLS"}  # a zip package, an OLE compound file


def _sniff(path: Path) -> str | None:
    """What the file is by its first bytes, whatever its name says."""
    with path.open("rb") as handle:
        return _MAGIC.get(handle.read(4))


def _not_a_workbook(path: Path, named: str, problems: Problems) -> None:
    """Case systems often export a web page, an XML spreadsheet or tab-separated text named .xls."""
    problems.error(
        path,
        1,
        bilingual(
            f"这不是真正的 {named} 文件（可能是改了扩展名的网页、XML 或文本导出），"
            "请在 Excel 中打开后另存为 XLSX（“Excel 工作簿”）",
            f"not really an {named} file (perhaps a web page, XML or text export named .{named.lower()}); "
            "open it in Excel and save it as XLSX",
        ),
    )


def _open(path: Path, kind: str, problems: Problems) -> SheetReader | None:
    with path.open("rb") as handle, CalamineWorkbook.from_filelike(handle) as book:
        chosen = _choose_sheet(path, book, problems)  # a loaded sheet outlives its workbook
    if chosen is None:
        problems.error(
            path,
            1,
            bilingual(
                "文件中没有含数据的可见工作表，缺少表头",
                "no visible sheet holds data; a header row is required",
            ),
        )
        return None
    index, name, sheet = chosen
    flags = _scan(path, kind, index)
    merges = _data_merges(path, name, sheet, _header_row(sheet, set(flags.hidden_rows)), problems)
    _report_sheet(path, name, flags, merges, problems)
    return SheetReader(path, name, sheet, flags, merges, problems)


def _choose_sheet(
    path: Path, book: CalamineWorkbook, problems: Problems
) -> tuple[int, str, CalamineSheet] | None:
    """The first visible worksheet with data; hidden ones with data and later visible ones reported."""
    chosen: tuple[int, str, CalamineSheet] | None = None
    for index, meta in enumerate(book.sheets_metadata):
        if meta.typ is not SheetTypeEnum.WorkSheet:
            continue  # a chart or macro sheet holds no records
        sheet = book.get_sheet_by_index(index)
        if not _has_data(sheet):
            continue
        if meta.visible is not SheetVisibleEnum.Visible:
            _hidden_sheet(path, meta.name, problems)
        elif chosen is None:
            chosen = (index, meta.name, sheet)
        else:
            _second_sheet(path, chosen[1], meta.name, problems)
    return chosen


def _has_data(sheet: CalamineSheet) -> bool:
    if sheet.start is None:
        return False
    return any(
        v != "" and not (isinstance(v, str) and not v.strip()) for row in sheet.iter_rows() for v in row
    )


def _scan(path: Path, kind: str, index: int) -> SheetFlags:
    if kind == "XLS":
        stream = xls_workbook_stream(path.read_bytes())
        offsets = xls_sheet_offsets(stream)
        return scan_xls(stream, offsets[index]) if index < len(offsets) else SheetFlags()
    with zipfile.ZipFile(path) as book:
        members = xlsx_sheet_members(book)
        return scan_xlsx(book, members[index]) if index < len(members) else SheetFlags()


def _header_row(sheet: CalamineSheet, hidden: set[int]) -> int:
    """Index of the first visible row with data: the header, as tables.py takes it."""
    for index, values in enumerate(sheet.iter_rows()):
        if index + 1 not in hidden and any(c is not None for c in _cells(values)):
            return index
    return 0


def _data_merges(path: Path, name: str, sheet: CalamineSheet, header: int, problems: Problems) -> list[Merge]:
    """Merges over several data rows, cut at the sheet's last row (a merge may run over a million
    empty rows). A merge within one row loses nothing (Excel keeps only its first cell), nor one
    above the header; a header cell merged down into the data is an error and fills nothing."""
    last = (sheet.end or (0, 0))[0]
    merges = []
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        merge = Merge(top, min(bottom, last), left, right)
        if merge.last_row <= merge.first_row or merge.last_row <= header:
            continue
        if merge.first_row <= header:
            _header_merged(path, name, merge, problems)
        else:
            merges.append(merge)
    return merges


def _header_merged(path: Path, sheet: str, merge: Merge, problems: Problems) -> None:
    problems.error(
        path,
        merge.first_row + 1,
        bilingual(
            "表头单元格与下面的数据行合并，数据行未填入表头文字；请取消合并，表头只占一行",
            "a header cell is merged down into the data rows; unmerge it: the header is one row",
        ),
        column=f"{sheet}!{_range(merge)}",
    )


def _report_sheet(path: Path, name: str, flags: SheetFlags, merges: list[Merge], problems: Problems) -> None:
    for merge in sorted(merges, key=lambda m: (m.first_row, m.column)):
        _merged(path, name, merge, problems)
    for lost in flags.lost:
        _lost_value(path, name, lost, problems)


def _lost_value(path: Path, sheet: str, lost: LostValue, problems: Problems) -> None:
    shown = f"「={lost.formula}」" if lost.formula else ""
    if lost.error is None:
        message = bilingual(
            f"公式{shown}没有计算结果（文件由不计算公式的程序写出），该值会丢失；"
            "请在 Excel 中打开、确认数值后保存，或把公式改为数值",
            "a formula without a computed value; open the file in Excel and save it, or paste the value",
        )
    else:
        message = bilingual(
            f"单元格{shown}的值为错误值 {lost.error}，会被读作空白；请改正公式或直接填写数值",
            f"the cell holds the error value {lost.error}, which would read as empty; fix it or type the value",
        )
    problems.error(path, lost.row, message, column=f"{sheet}!{column_letter(lost.column)}{lost.row}")


def _merged(path: Path, sheet: str, merge: Merge, problems: Problems) -> None:
    rows = f"{merge.first_row + 1}–{merge.last_row + 1}"
    also = (
        f"；{column_letter(merge.column + 1)} 至 {column_letter(merge.last_column)} 列按空白读取"
        if merge.last_column > merge.column
        else ""
    )
    problems.warning(
        path,
        merge.first_row + 1,
        bilingual(
            f"合并单元格：其值已用于第 {rows} 行{also}；建议取消合并，每行分别填写",
            f"merged cells: the value applies to every row {rows}; unmerge and fill each row",
        ),
        column=f"{sheet}!{_range(merge)}",
    )


def _hidden_sheet(path: Path, sheet: str, problems: Problems) -> None:
    problems.warning(
        path,
        1,
        bilingual(
            f"隐藏的工作表「{sheet}」含有数据，未读取；若应公开，请取消隐藏并把记录移到第一个工作表",
            f"hidden sheet {sheet} holds data and was not read",
        ),
        column=sheet,
    )


def _second_sheet(path: Path, first: str, sheet: str, problems: Problems) -> None:
    problems.error(
        path,
        1,
        bilingual(
            f"工作表「{sheet}」也含有数据，但只读取第一个工作表「{first}」；"
            f"请把记录移到「{first}」，或另存为单独的文件",
            f"sheet {sheet} also holds data but only the first sheet {first} is read; "
            "move its records there or save it as a separate file",
        ),
        column=sheet,
    )
