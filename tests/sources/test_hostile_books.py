"""Property: whatever workbook a clerk leaves wherever in the folders, no traceback; every data
row becomes a record or is named in a problem; and ``check`` agrees with the loader."""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.synth_registers import PENALTY_HEADERS, penalty_rows
from ipcredit.cli import main
from ipcredit.pipeline import Folders, read_sources
from ipcredit.problems import Problems
from tests.sources.books import Sheet, write_book

ROOT = Path(__file__).resolve().parents[2]
DATES = ("处罚决定日期", "公示截止期", "撤下日期")
POOL = [
    [date.fromisoformat(v) if v and h in DATES else v for h in PENALTY_HEADERS for v in [row.get(h, "")]]
    for row in penalty_rows(40, seed=11)
]
WIDTH = len(PENALTY_HEADERS)
NUMBER = PENALTY_HEADERS.index("行政处罚决定书文号")
# Where a clerk may put the file: the right folder, near misses, a subfolder, the top, a later list.
PLACES = (
    "penalties",
    "penalties",
    "penalty",
    "Penalties",
    "penalties/2025",
    "",
    "key-trademarks",
    "dishonesty",
)


@dataclass
class Placed:
    path: Path
    sheets: list[Sheet]


@st.composite
def sheets(draw: st.DrawFn, fmt: str, pool: list[list[object]]) -> list[Sheet]:
    count = 1 if fmt == "csv" else draw(st.integers(1, 3))
    made = []
    for index in range(count):
        n = draw(st.integers(0, 4))
        rows = [list(PENALTY_HEADERS), *(pool.pop() for _ in range(min(n, len(pool))))] if n else []
        sheet = Sheet(f"表{index + 1}", rows)
        if fmt != "csv" and rows:
            sheet.hidden = draw(st.booleans()) if index else draw(st.sampled_from([False, False, True]))
            sheet.hidden_rows = set(draw(st.sets(st.integers(1, len(rows) - 1), max_size=2)) if n else ())
            if len(rows) > 2 and draw(st.booleans()):
                first = draw(st.integers(0, len(rows) - 2))
                sheet.merges = [
                    (first, draw(st.integers(first + 1, len(rows) - 1)), draw(st.integers(0, WIDTH - 1)))
                ]
            for _ in range(draw(st.integers(0, 2))):
                cell = (draw(st.integers(1, len(rows) - 1)), draw(st.integers(0, WIDTH - 1)))
                merged = any(f <= cell[0] <= last and c == cell[1] for f, last, c in sheet.merges)
                if merged or cell in sheet.formulas or cell in sheet.errors:
                    continue
                if draw(st.booleans()):
                    sheet.errors[cell] = draw(st.sampled_from(["#REF!", "#N/A", "#VALUE!"]))
                else:
                    cached = None if fmt == "xls" else draw(st.sampled_from([None, "文本"]))
                    sheet.formulas[cell] = ('"文本"', cached)
        made.append(sheet)
    return made


@st.composite
def layouts(draw: st.DrawFn) -> list[tuple[str, str, list[Sheet] | bytes]]:
    pool = list(POOL)
    files = []
    for number in range(draw(st.integers(1, 3))):
        fmt = draw(st.sampled_from(["csv", "xlsx", "xls"]))
        suffix = fmt.upper() if draw(st.integers(0, 5)) == 0 else fmt
        place = draw(st.sampled_from(PLACES))
        damaged = draw(st.integers(0, 7)) == 0
        made = (
            draw(st.sampled_from([b"", b"PK\x03\x04junk", b"\xd0\xcf\x11\xe0junk", "名称\n甲".encode()]))
            if damaged
            else draw(sheets(fmt, pool))
        )
        files.append((f"{place}/r{number}.{suffix}".lstrip("/"), fmt, made))
    return files


def write(data: Path, relative: str, fmt: str, made: list[Sheet] | bytes) -> Path:
    path = data / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(made, bytes):  # a damaged file, or a CSV renamed .xlsx
        path.write_bytes(made)
        return path
    if fmt != "csv":
        return write_book(path, made)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [v.isoformat() if isinstance(v, date) else v for v in row] for row in made[0].rows
        )
    return path


def shown_number(sheet: Sheet, position: int, row: list[object]) -> object:
    """The decision number the row's cell shows: a formula's computed value when the cell holds
    one (the loader reads what Excel shows, see docs/agencies.md), else the value written."""
    formula = sheet.formulas.get((position, NUMBER))
    return formula[1] if formula and formula[1] is not None else row[NUMBER]


def named(problems: Problems, root: Path, path: Path, sheet: str, line: int) -> bool:
    """Whether a problem names this row: at its line, or the sheet, the file or a folder above it.
    Problems show paths below the folder that holds the source folders (``root``)."""
    for problem in problems:
        where = (root / problem.path).resolve()
        if where != path and where in path.parents:
            return True
        if where != path:
            continue
        column = problem.column or ""
        if problem.line == line or column == sheet or column.startswith(f"{sheet}!"):
            return True
        if problem.line == 1 and (problem.column is None or problem.level.value == "error"):
            return True  # the whole file: unreadable, empty, misplaced, a column missing or repeated
    return False


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
# Seen failing once: a formula whose computed value is text in the decision-number column. The row
# is a record numbered by that text, as Excel shows it; the test looked for the number it replaced.
@example(
    [
        (
            "penalties/r0.xlsx",
            "xlsx",
            [
                Sheet(
                    "表1", [list(PENALTY_HEADERS), list(POOL[0])], formulas={(1, NUMBER): ('"文本"', "文本")}
                )
            ],
        )
    ]
)
def test_every_row_becomes_a_record_or_is_named_and_check_agrees(files):
    with tempfile.TemporaryDirectory() as tmp:
        content, data = Path(tmp) / "content", Path(tmp) / "cases_data"
        content.mkdir()
        shutil.copy(ROOT / "content/site.yaml", content / "site.yaml")
        data.mkdir()
        shutil.copy(ROOT / "cases_data/authorities.yaml", data / "authorities.yaml")
        written = [(write(data, relative, fmt, made).resolve(), fmt, made) for relative, fmt, made in files]

        problems = Problems()
        _, sources = read_sources(Folders(content, data), problems)
        # decision numbers are unique in the pool, so a record is known by file, line and number
        records = {
            (Path(r.origin.path).resolve(), r.origin.line, r.decision_number) for r in sources.penalties
        }
        for path, _fmt, made in written:
            for sheet in made if isinstance(made, list) else ():
                for line, row in enumerate(sheet.rows[1:], start=2):
                    assert (path, line, shown_number(sheet, line - 1, row)) in records or named(
                        problems, Path(tmp), path, sheet.name, line
                    ), (
                        path.relative_to(data),
                        sheet.name,
                        line,
                        [str(p) for p in problems],
                    )
        as_of = ["--as-of", "2026-11-24"]
        code = main(["check", "--content", str(content), "--data", str(data), *as_of])
        assert code == (1 if problems.has_errors() else 0)
