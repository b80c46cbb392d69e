"""Workbooks as clerks leave them, written as XLSX (xlsxwriter) or legacy XLS (xlwt) for tests.

A :class:`Sheet` says what to write: rows of values (0-based positions), which
rows are hidden, which cells are merged over several rows, and formulas with
or without a computed value. XLSX formulas without a value are written as
programs that do not calculate leave them (``<f>…</f>`` and no ``<v>``); an
XLS formula written by xlwt never has one.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import xlsxwriter
import xlwt

XLS_ERRORS = {
    "#NULL!": 0x00,
    "#DIV/0!": 0x07,
    "#VALUE!": 0x0F,
    "#REF!": 0x17,
    "#NAME?": 0x1D,
    "#NUM!": 0x24,
    "#N/A": 0x2A,
}


@dataclass
class Sheet:
    name: str
    rows: list[list[object]] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (first row, last row, column)
    # cell → (formula, its computed value or None for none)
    formulas: dict[tuple[int, int], tuple[str, object | None]] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # cell → error value (#N/A …)


def write_book(path: Path, sheets: list[Sheet]) -> Path:
    if path.suffix.lower() == ".xls":
        _write_xls(path, sheets)
    else:
        _write_xlsx(path, sheets)
    return path


def _write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    active = next((i for i, s in enumerate(sheets) if not s.hidden), 0)
    for index, spec in enumerate(sheets):
        sheet = book.add_worksheet(spec.name)
        merged = {(r, c) for first, last, c in spec.merges for r in range(first, last + 1)}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if (
                    (r, c) in merged
                    or (r, c) in spec.formulas
                    or (r, c) in spec.errors
                    or value in (None, "")
                ):
                    continue
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, dates)
                else:
                    sheet.write(r, c, value)
        for first, last, c in spec.merges:
            value = spec.rows[first][c] if c < len(spec.rows[first]) else ""
            if isinstance(value, date):
                sheet.merge_range(first, c, last, c, "", dates)
                sheet.write_datetime(first, c, value, dates)
            else:
                sheet.merge_range(first, c, last, c, value)
        for (r, c), (formula, cached) in spec.formulas.items():
            # xlsxwriter writes <v>0</v> for no value: removed below, as a non-calculating program leaves it
            sheet.write_formula(r, c, f"={formula}", None, 0 if cached is None else cached)
        for (r, c), error in spec.errors.items():  # an error value is stored as a formula's result
            sheet.write_formula(r, c, f"={error}", None, error)
        for r in spec.hidden_rows:
            sheet.set_row(r, None, None, {"hidden": True})
        if index == active:
            sheet.activate()
        if spec.hidden and index != active:
            sheet.hide()
    book.close()
    _drop_zero_formula_values(path)


def _drop_zero_formula_values(path: Path) -> None:
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    for name, data in members.items():
        if name.startswith("xl/worksheets/"):
            members[name] = re.sub(rb"(</f>)<v>0</v>", rb"\1", data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)


def _write_xls(path: Path, sheets: list[Sheet]) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    active = next((i for i, s in enumerate(sheets) if not s.hidden), 0)
    for index, spec in enumerate(sheets):
        sheet = book.add_sheet(spec.name, cell_overwrite_ok=True)
        merged = {(r, c) for first, last, c in spec.merges for r in range(first, last + 1)}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if (
                    (r, c) in merged
                    or (r, c) in spec.formulas
                    or (r, c) in spec.errors
                    or value in (None, "")
                ):
                    continue
                sheet.write(r, c, value, dates) if isinstance(value, date) else sheet.write(r, c, value)
        for first, last, c in spec.merges:
            value = spec.rows[first][c] if c < len(spec.rows[first]) else ""
            sheet.write_merge(
                first, last, c, c, value, dates if isinstance(value, date) else xlwt.Style.default_style
            )
        for (r, c), (formula, _cached) in spec.formulas.items():  # xlwt stores no computed value
            sheet.write(r, c, xlwt.Formula(formula))
        for (r, c), error in spec.errors.items():  # an error constant typed into the cell
            sheet.row(r).set_cell_error(c, XLS_ERRORS[error])
        for r in spec.hidden_rows:
            sheet.row(r).hidden = True
        if spec.hidden and index != active:
            sheet.visibility = 1
    book.active_sheet = active
    book.save(str(path))
