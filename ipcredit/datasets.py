"""Open datasets under /data/: every register as CSV, JSON and XLSX, plus datapackage.json.

Rows come from :mod:`ipcredit.datadict` over the published catalogue only, so
the files hold exactly what the site shows, masked the same way. Each dataset is
streamed row by row (registers may hold 100,000 records) into all its formats
at once by :func:`write_dataset`, a pure function of (catalogue, folder,
dataset, formats) that can run in any process.

The /data/ page needs the files' sizes and hashes: :func:`write_data` returns
the measured :class:`Manifest`, which the build passes to the app that
freezes the pages (the pages writer declares that it needs the datasets, see
:mod:`ipcredit.outputs`); ``serve`` writes into a private folder and does the same.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import xlsxwriter

from ipcredit import sheetrows
from ipcredit.catalogue import Catalogue
from ipcredit.checks.previous import dump_history
from ipcredit.datadict import DATASETS, Dataset, Value, dataset
from ipcredit.datapackage import STATE_FILE, DataFile, measure, write_package
from ipcredit.progress import Progress

FORMATS = ("csv", "json", "xlsx")
MAX_LINKS = 65_530  # Excel's limit of hyperlinks on one worksheet
MAX_LINK_LENGTH = 2_079  # Excel's limit on a hyperlink's length
JOBS = tuple((d.name, fmt) for d in DATASETS for fmt in d.formats)
# Written in a sheet's last row when a dataset has more rows than Excel holds.
ROWS_NOTE = (
    "Excel 工作表的行数已满，其余记录见同名 CSV 或 JSON 文件 / "
    "an Excel sheet holds no more rows: the rest are in the CSV and JSON files"
)
MAX_COLUMN_WIDTH = 60  # long free text (facts, basis) would otherwise make columns screen-wide


@dataclass(frozen=True)
class Manifest:
    folder: Path  # where the files were written
    files: tuple[DataFile, ...]  # every dataset file, in JOBS order
    package: DataFile  # datapackage.json
    state: DataFile | None = None  # published.json, what the next build compares against

    def for_dataset(self, name: str) -> tuple[DataFile, ...]:
        return tuple(f for f in self.files if f.dataset == name)

    def rows(self, name: str) -> int:
        return next(f.rows for f in self.files if f.dataset == name)


def file_name(dataset_name: str, fmt: str) -> str:
    return f"{dataset_name}.{fmt}"


# CSV and JSON -------------------------------------------------------------


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection");
# Excel in Chinese and Japanese locales also takes the full-width signs an input method types.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet would run, prefixed with ' so it is shown as typed (documented on /data/)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _csv_cell(value: Value) -> str:
    """Typed values as text; only text values are neutralised, so numbers and dates stay what they
    are (a negative amount is written -5, never '-5)."""
    if type(value) is str:  # most cells: tried first
        return neutralise_formula(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    return neutralise_formula(str(value))


class CsvFile:
    """UTF-8 with a BOM (Excel then opens Chinese text correctly), English headers, text that a
    spreadsheet would run as a formula prefixed with '."""

    def __init__(self, ds: Dataset, _catalogue: Catalogue, path: Path) -> None:
        self.handle = path.open("w", encoding="utf-8-sig", newline="")
        self.out = csv.writer(self.handle)
        self.out.writerow(f.name for f in ds.fields)

    def write(self, row: tuple[Value, ...]) -> None:
        self.out.writerow([_csv_cell(v) for v in row])

    def close(self) -> None:
        self.handle.close()


def _json_value(value: Value) -> str | int | float | None:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Yuan amounts have at most a few decimals: the float prints back as the same decimal.
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class JsonFile:
    """An array of objects with English keys, one record per line, written as it streams; with a
    ``json_head``, an object holding its values and that array under the dataset's name."""

    def __init__(self, ds: Dataset, catalogue: Catalogue, path: Path) -> None:
        self.names = [f.name for f in ds.fields]
        self.headed = ds.json_head is not None
        self.handle = path.open("w", encoding="utf-8", newline="\n")
        if ds.json_head is not None:
            head = json.dumps(ds.json_head(catalogue), ensure_ascii=False, sort_keys=True)
            self.handle.write(f"{head[:-1]}, {json.dumps(ds.name)}: ")
        self.handle.write("[")
        self.rows = 0

    def write(self, row: tuple[Value, ...]) -> None:
        # Text, most values, as it is, without a call.
        record = {n: v if type(v) is str else _json_value(v) for n, v in zip(self.names, row, strict=True)}
        self.handle.write(",\n" if self.rows else "\n")
        self.handle.write(json.dumps(record, ensure_ascii=False))
        self.rows += 1

    def close(self) -> None:
        self.handle.write("\n]}\n" if self.headed else "\n]\n")
        self.handle.close()


# XLSX ---------------------------------------------------------------------


def display_width(text: str, at_least: int = 0) -> int:
    """The width of a column holding ``text`` that is ``at_least`` wide so far (CJK characters
    are two wide), capped: a column's width is the widest of its cells."""
    if len(text) >= MAX_COLUMN_WIDTH:
        return MAX_COLUMN_WIDTH
    if 2 * len(text) <= at_least:
        return at_least  # cannot be wider than the column already is: skip the count
    if text.isascii():
        return max(len(text), at_least)
    kinds = "".join(map(unicodedata.east_asian_width, text))  # "W", "F", "Na", "N", "A", "H"
    return max(min(len(text) + kinds.count("W") + kinds.count("F"), MAX_COLUMN_WIDTH), at_least)


class _Sheet:
    """Writes typed cells and keeps each column's width as rows stream past (the rows go
    straight into the sheet's XML: :mod:`ipcredit.sheetrows`)."""

    def __init__(self, workbook: xlsxwriter.Workbook, ds: Dataset) -> None:
        self.ds = ds
        self.sheet = workbook.add_worksheet(ds.title)
        bold = workbook.add_format({"bold": True})
        self.formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "number": workbook.add_format({"num_format": "#,##0.00"}),
            "integer": workbook.add_format({"num_format": "0"}),
        }
        self.link_format = workbook.add_format({"font_color": "blue", "underline": 1})
        self.links = 0
        self.widths = [display_width(f.title) for f in ds.fields]
        self.kinds = [f.type for f in ds.fields]
        self.url_column = next((col for col, f in enumerate(ds.fields) if f.name == "url"), -1)
        self.rows = sheetrows.RowWriter(self.sheet, len(ds.fields))
        self.rows.start(0)
        for col, f in enumerate(ds.fields):
            self.rows.text(col, f.title, bold)
        self.rows.end()
        self.row = 0
        self.last: tuple[Value, ...] | None = None  # the row for the sheet's last row, or () when more came

    def write(self, values: tuple[Value, ...]) -> None:
        if self.last is not None:  # the sheet is full: its last row says where the rest are
            self.last = ()
            return
        if self.row + 1 == sheetrows.MAX_ROWS - 1:  # held back: a note if another row comes
            self.last = values
            return
        self._row(values)

    def _row(self, values: tuple[Value, ...]) -> None:
        if len(values) != len(self.kinds):
            raise ValueError(f"a row of {len(values)} values for {len(self.kinds)} columns of {self.ds.name}")
        self.row += 1
        self.rows.start(self.row)
        for col, value in enumerate(values):
            if value is None:
                continue
            if col == self.url_column and self._link(col, value):
                continue
            self._cell(col, self.kinds[col], value)
        self.rows.end()

    def _link(self, col: int, value: Value) -> bool:
        """A record's page address as a clickable hyperlink, while Excel can hold one more.

        Excel keeps at most 65,530 hyperlinks a sheet and 2,079 characters a link;
        past either limit the address stays a plain (still copyable) string.
        """
        text = str(value)
        if (
            self.links >= MAX_LINKS
            or len(text) > MAX_LINK_LENGTH
            or not text.startswith(("https://", "http://"))
        ):
            return False
        self.rows.link(col, text, self.link_format)
        self.links += 1
        self.widths[col] = display_width(text, self.widths[col])
        return True

    def _cell(self, col: int, kind: str, value: Value) -> None:
        if kind == "date" and isinstance(value, date):
            self.rows.day(col, value, self.formats[kind])
            self.widths[col] = max(self.widths[col], 10)
        elif kind in ("number", "integer") and isinstance(value, int | Decimal):
            self.rows.number(col, float(value), self.formats[kind])
            self.widths[col] = max(
                self.widths[col], len(f"{value:,.2f}") if kind == "number" else len(str(value))
            )
        else:
            text = str(value)
            self.rows.text(col, text)  # never a formula or a link (see _link)
            if 2 * len(text) > self.widths[col]:  # else it cannot widen the column (display_width)
                self.widths[col] = display_width(text, self.widths[col])

    def finish(self) -> None:
        if self.last == ():
            self.row += 1
            self.rows.start(self.row)
            self.rows.text(0, ROWS_NOTE)
            self.rows.end()
        elif self.last is not None:
            self._row(self.last)
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width + 2)
        self.sheet.freeze_panes(1, 0)
        self.sheet.autofilter(0, 0, max(self.row, 1), len(self.ds.fields) - 1)


class XlsxFile:
    """Chinese headers, typed date and number cells, frozen header row; byte-identical per input."""

    def __init__(self, ds: Dataset, catalogue: Catalogue, path: Path) -> None:
        options = {
            "constant_memory": True,  # rows go to a temp file as they are written
            "tmpdir": str(path.parent),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }
        self.workbook = xlsxwriter.Workbook(str(path), options)
        settings = catalogue.settings
        as_of = catalogue.as_of
        self.workbook.set_properties(
            {
                "title": ds.title,
                "subject": f"{settings.name.zh}，数据截至 {as_of.isoformat()}",
                "author": settings.publisher.zh,
                "company": settings.publisher.zh,
                "comments": settings.base_url + "data/",
                "created": datetime(as_of.year, as_of.month, as_of.day),  # not the wall clock
            }
        )
        self.sheet = _Sheet(self.workbook, ds)

    def write(self, row: tuple[Value, ...]) -> None:
        self.sheet.write(row)

    def close(self) -> None:
        self.sheet.finish()
        self.workbook.close()


# Files, the package and the manifest ---------------------------------------


class DataFileWriter(Protocol):
    """One format's file of a dataset, given its rows one by one."""

    def write(self, row: tuple[Value, ...]) -> None: ...

    def close(self) -> None: ...


FILE_WRITERS: dict[str, Callable[[Dataset, Catalogue, Path], DataFileWriter]] = {
    "csv": CsvFile,
    "json": JsonFile,
    "xlsx": XlsxFile,
}


def write_dataset(
    catalogue: Catalogue, folder: Path, dataset_name: str, formats: Sequence[str]
) -> list[DataFile]:
    """Write one dataset in ``formats`` into ``folder`` and measure each file. The rows are made
    once for all of them (a party's row takes about 20 µs: a second of the night's datasets
    process at 100,000 rows, for each format that made it again)."""
    ds = dataset(dataset_name)
    paths = [folder / file_name(dataset_name, fmt) for fmt in formats]
    writers = [FILE_WRITERS[fmt](ds, catalogue, path) for fmt, path in zip(formats, paths, strict=True)]
    rows = 0
    for row in ds.rows(catalogue):
        for writer in writers:
            writer.write(row)
        rows += 1
    for writer in writers:
        writer.close()
    return [measure(path, dataset_name, fmt, rows) for fmt, path in zip(formats, paths, strict=True)]


def write_file(catalogue: Catalogue, folder: Path, dataset_name: str, fmt: str) -> DataFile:
    """Write one dataset in one format into ``folder`` and measure it."""
    return write_dataset(catalogue, folder, dataset_name, (fmt,))[0]


def write_all(catalogue: Catalogue, folder: Path, progress: Progress | None = None) -> Manifest:
    """Every dataset file and datapackage.json into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[DataFile] = []
    for ds in DATASETS:
        files.extend(write_dataset(catalogue, folder, ds.name, ds.formats))
        if progress:
            progress.update("datasets", len(files), len(JOBS))
    if progress:
        progress.done()
    state = write_state(catalogue, folder)
    return Manifest(folder, tuple(files), write_package(catalogue, folder, files, state), state)


def write_state(catalogue: Catalogue, folder: Path) -> DataFile | None:
    """published.json: what the next build compares against (see ipcredit.changes)."""
    if catalogue.history is None:
        return None
    path = folder / STATE_FILE
    path.write_text(dump_history(catalogue.history), encoding="utf-8")
    return measure(path, "", "json", len(catalogue.history.shown))


def write_data(catalogue: Catalogue, folder: Path, progress: Progress) -> Manifest:
    """The build's writer: write everything; the manifest it returns goes to the /data/ page."""
    return write_all(catalogue, folder, progress)
