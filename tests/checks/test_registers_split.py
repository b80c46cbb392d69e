"""A large register is read in two processes (``load_registers(..., beside=...)``): the records
and the problems are those of one process reading every file, duplicates across the two halves
included."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ipcredit.cli import second_process
from ipcredit.loading import registers
from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.rules.classes import window
from tests.checks.test_registers import AUTHORITY, LISTING, PENALTY, csv_text, write_folders
from tests.factories import settings

# The same number written three ways (records.canonical_decision_number makes them one).
SPELLINGS = ("江市监知处罚〔2025〕{}号", "江市监知处罚[2025]{}号", "江市监知处罚（2025）{}号")

rows = st.fixed_dictionaries(
    {
        "number": st.integers(1, 6),
        "spelling": st.sampled_from(SPELLINGS),
        "fine": st.sampled_from(["50,000", "5万", ""]),  # 5万 is an error: not a number
        "end": st.sampled_from(["", "2025-04-01", "2040-01-01"]),  # 2040: beyond the class maximum
    }
)
files = st.lists(st.lists(rows, min_size=1, max_size=5), min_size=1, max_size=4)


def register(root: Path, penalty_files: list[list[dict]]) -> None:
    penalties = {
        f"p{n}.csv": csv_text(
            [
                {
                    **PENALTY,
                    "行政处罚决定书文号": row["spelling"].format(row["number"]),
                    "罚款金额（元）": row["fine"],
                    "公示截止期": row["end"],
                }
                for row in rows
            ]
        )
        for n, rows in enumerate(penalty_files)
    }
    listings = {"l0.csv": csv_text([LISTING]), "l1.csv": csv_text([LISTING])}  # a duplicate across files
    write_folders(root, {"penalties": penalties, "dishonesty": listings})


def loaded(root: Path, beside=None) -> tuple[tuple, list[str]]:
    problems = Problems()
    problems.show_relative_to(root)
    records = load_registers(root, (AUTHORITY,), settings(), problems, window, beside)
    return records, [str(p) for p in problems.sorted()]


def later(_what, work):
    """Runs the second half only when its result is asked for, after the first half, in-process."""
    return work


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(penalty_files=files)
def test_two_halves_give_the_records_and_problems_of_one_reading(monkeypatch, penalty_files):
    monkeypatch.setattr(registers, "SPLIT_FROM_BYTES", 0)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        register(root, penalty_files)
        assert loaded(root, later) == loaded(root)


def test_a_duplicate_across_the_halves_is_reported_at_both_places(monkeypatch, tmp_path):
    monkeypatch.setattr(registers, "SPLIT_FROM_BYTES", 0)
    register(tmp_path, [[{"number": 1, "spelling": SPELLINGS[0], "fine": "", "end": ""}]] * 2)
    (penalties, listings), problems = loaded(tmp_path, later)
    assert penalties == () and listings == ()  # neither of two rows with one number is kept
    repeated = [p for p in problems if "重复" in p]
    assert [p.split(": ")[0] for p in repeated] == [
        f"{tmp_path.name}/{place}" for place in ("dishonesty/l0.csv:2", "dishonesty/l1.csv:2", "penalties/p0.csv:2", "penalties/p1.csv:2")
    ]  # fmt: skip


def test_the_second_half_read_in_a_forked_process_is_the_same(monkeypatch, tmp_path):
    monkeypatch.setattr(registers, "SPLIT_FROM_BYTES", 0)
    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    row = {"spelling": SPELLINGS[0], "fine": "50,000", "end": ""}
    register(tmp_path, [[{**row, "number": n} for n in (1, 2)], [{**row, "number": n} for n in (3, 2)]])
    forked = second_process()
    assert forked is not None
    result = loaded(tmp_path, forked)
    assert result == loaded(tmp_path)
    (penalties, _), _ = result
    assert [p.decision_number for p in penalties] == ["江市监知处罚〔2025〕1号", "江市监知处罚〔2025〕3号"]


def test_one_core_reads_in_one_process(monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    assert second_process() is None


@pytest.mark.parametrize(
    ("sizes", "first"),
    [
        ([10], 1),
        ([5, 5], 1),
        ([100, 10, 10], 1),
        ([10, 100], 1),
        ([10] * 5, 3),  # the second process reads 40%: its records come back pickled
        ([10] * 6, 4),
        ([1, 1, 1, 9], 3),
        ([9, 1, 1, 1], 1),
    ],
)
def test_the_files_are_split_in_two_runs_the_second_about_two_fifths(monkeypatch, tmp_path, sizes, first):
    monkeypatch.setattr(registers, "SPLIT_FROM_BYTES", 0)
    paths = []
    for n, size in enumerate(sizes):
        paths.append(tmp_path / f"{n}.csv")
        paths[-1].write_bytes(b"x" * size)
    mine, theirs = registers._split(paths)
    assert mine + theirs == paths and len(mine) == first


def test_a_small_register_is_read_in_one_process(tmp_path):
    paths = [tmp_path / "a.csv", tmp_path / "b.csv"]
    for path in paths:
        path.write_bytes(b"x" * 1000)
    assert registers._split(paths) == (paths, [])
