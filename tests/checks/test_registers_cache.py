"""Rows the last build read are not validated again (``load_registers(..., cache=...)``): the
records and the problems are those of reading every row, whatever changed between the two
builds (rows edited, moved, added or removed, columns reordered, the settings or the
authorities changed), in one process or two."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ipcredit.loading import registers
from ipcredit.loading.registers import load_registers
from ipcredit.loading.rowcache import FORMAT, RecordCodec, RowCache, context
from ipcredit.problems import Problems
from ipcredit.publicity import ClassPeriod
from ipcredit.records import Penalty, PublicityClass
from ipcredit.rules.classes import window
from tests.checks.test_registers import (
    ADULT_ID,
    AUTHORITY,
    GOOD_CODE,
    LISTING,
    PENALTY,
    csv_text,
    write_folders,
)
from tests.checks.test_registers_split import later
from tests.factories import settings

CONTEXT = context("this code")
OTHER_AUTHORITY = replace(AUTHORITY, uscc="12310000425010763B")  # the same name, another code
# Other class periods: other warnings for an end of publicity or a credit repair.
LONG_PERIODS = tuple((found, ClassPeriod(0, 240)) for found in PublicityClass)
# Valid, with a warning that other class periods (LONG_PERIODS) would not give.
BASE = {**PENALTY, "公示截止期": "2040-01-01"}
# Per column, values a row may hold instead of the valid one: each gives a record, an error
# or a warning (placeholders, bad numbers and dates, wrong codes, IDs, duplicates…).
PENALTY_VALUES = {
    "行政相对人类别": ["法人及非法人组织", "自然人", "个体工商户", "公司", ""],
    "统一社会信用代码": [GOOD_CODE, "91350100M000100Y44", "— —", ""],
    "证件号码": ["", ADULT_ID, "110105194912310021", "123"],
    "行政处罚决定书文号": [
        "江市监知处罚〔2025〕1号",
        "江市监知处罚[2025]1号",
        "江市监知处罚〔2025〕2号",
        "无",
    ],
    "违法事实": ["销售侵权商品。", "含\x00控制字符", "/", "其他事实"],
    "罚款金额（元）": ["50,000", "5万", "1e28", "9" * 25, ""],
    "处罚决定日期": ["2025/3/5", "2025-13-01", "3000-01-01", ""],
    "公示截止期": ["", "2040-01-01", "2024-01-01"],
    "处罚机关": [AUTHORITY.name, "江海市市场监督管理", "某局"],
    "撤下日期": ["", "2025-03-06"],
    "撤下原因": ["", "信用修复"],
    "失信程度": ["", "严重", "很严重"],
}
LISTING_VALUES = {
    "主体类别": ["法人及非法人组织", "个体工商户", "某类"],
    "列入决定书文号": ["江市监失信〔2025〕1号", "江市监失信〔2025〕2号", ""],
    "列入日期": ["2025年6月1日", "2025-02-30"],
    "移出日期": ["", "2025-01-01", "2026-01-01"],
}


def row(base: dict[str, str], values: dict[str, list[str]]) -> st.SearchStrategy[dict[str, str]]:
    """The valid row with up to three of its values replaced: often valid, so warnings that need
    a valid row (a capped end of publicity, an early credit repair) come up too."""
    changed = st.sampled_from(sorted(values)).flatmap(
        lambda k: st.tuples(st.just(k), st.sampled_from(values[k]))
    )
    return st.lists(changed, max_size=3).map(lambda changes: {**base, **dict(changes)})


penalty_files = st.lists(st.lists(row(BASE, PENALTY_VALUES), min_size=1, max_size=6), min_size=1, max_size=3)
listing_files = st.lists(
    st.lists(row(LISTING, LISTING_VALUES), min_size=1, max_size=4), min_size=1, max_size=2
)


@st.composite
def night(
    draw: st.DrawFn, files: list[list[dict]], values: dict[str, list[str]], base: dict
) -> list[list[dict]]:
    """The files as a night may leave them: rows moved, edited, added and removed."""
    out = []
    for rows in files:
        rows = list(draw(st.permutations(rows)))
        for _ in range(draw(st.integers(0, 2))):
            if rows and draw(st.booleans()):
                del rows[draw(st.integers(0, len(rows) - 1))]
            rows.insert(draw(st.integers(0, len(rows))), draw(row(base, values)))
        if rows:
            out.append(rows)
    return out or files


def table(rows: list[dict], header: str) -> str:
    """The rows as CSV, the columns in order, reversed, or renamed: the facts under the header of
    the decision's content and the other way round, the cells unchanged."""
    names = list(dict.fromkeys(k for r in rows for k in r))
    text = csv_text(rows, names[::-1] if header == "reversed" else names)
    if header != "renamed":
        return text
    swap = {"违法事实": "处罚内容", "处罚内容": "违法事实", "失信行为": "列入依据", "列入依据": "失信行为"}
    return ",".join(swap.get(n, n) for n in names) + text[text.index("\n") :]


def write(root: Path, penalties: list[list[dict]], listings: list[list[dict]], header: str = "") -> None:
    for folder in ("penalties", "dishonesty"):
        for old in (root / folder).glob("*.csv"):
            old.unlink()
    write_folders(
        root,
        {
            "penalties": {f"p{n}.csv": table(rows, header) for n, rows in enumerate(penalties)},
            "dishonesty": {f"l{n}.csv": table(rows, header) for n, rows in enumerate(listings)},
        },
    )


def loaded(root: Path, authorities, options: dict, cache: RowCache | None = None, beside=None):
    problems = Problems()
    problems.show_relative_to(root)
    records = load_registers(root, authorities, settings(**options), problems, window, beside, cache)
    return records, [str(p) for p in problems]


@hypothesis_settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), penalties=penalty_files, listings=listing_files, split=st.booleans())
def test_a_cached_reading_gives_the_records_and_problems_of_a_full_one(
    monkeypatch, data, penalties, listings, split
):
    monkeypatch.setattr(registers, "SPLIT_FROM_BYTES", 0)
    beside = later if split else None
    with tempfile.TemporaryDirectory() as folder:
        root, saved = Path(folder) / "data", Path(folder) / "rows"
        write(root, penalties, listings)
        first = RowCache(CONTEXT)
        assert loaded(root, (AUTHORITY,), {}, first, beside) == loaded(root, (AUTHORITY,), {})
        first.save(saved)

        again = RowCache.read(saved, CONTEXT)
        assert loaded(root, (AUTHORITY,), {}, again, beside) == loaded(root, (AUTHORITY,), {})
        assert again.fresh == {}, "the same rows again: every one is found"

        write(
            root,
            data.draw(night(penalties, PENALTY_VALUES, BASE)),
            data.draw(night(listings, LISTING_VALUES, LISTING)),
            header=data.draw(st.sampled_from(["", "reversed", "renamed"])),
        )
        authorities = data.draw(st.sampled_from([(AUTHORITY,), (OTHER_AUTHORITY,)]))
        options = data.draw(st.sampled_from([{}, {"periods": LONG_PERIODS}, {"publish_minor": True}]))
        later_cache = RowCache.read(saved, CONTEXT)
        assert loaded(root, authorities, options, later_cache, beside) == loaded(root, authorities, options)


def test_the_next_build_keeps_only_the_rows_read(tmp_path):
    root = tmp_path / "data"
    write(root, [[PENALTY, {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕2号"}]], [[LISTING]])
    first = RowCache(CONTEXT)
    loaded(root, (AUTHORITY,), {}, first)
    assert len(first.outcomes()) == 3
    write(root, [[PENALTY]], [[LISTING]])
    second = RowCache(CONTEXT, first.outcomes())
    loaded(root, (AUTHORITY,), {}, second)
    assert len(second.outcomes()) == 2 and second.fresh == {}


def json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    "written",
    [
        b"",
        b"not JSON",
        b"\xff\xfe not UTF-8",
        b"[" * 100_000,  # deeper than the parser goes
        json_bytes([FORMAT, CONTEXT, {}]),
        json_bytes({"format": FORMAT, "context": context("other code"), "rows": {}}),
        json_bytes({"format": FORMAT + 1, "context": CONTEXT, "rows": {}}),
        json_bytes({"format": FORMAT, "context": CONTEXT, "rows": ["not", "a", "mapping"]}),
        json_bytes({"format": FORMAT, "context": CONTEXT}),
        json_bytes({"format": FORMAT, "context": CONTEXT, "rows": {}})[:-3],  # cut short
    ],
)
def test_a_cache_from_other_code_or_damaged_is_ignored_with_a_note(tmp_path, written):
    path = tmp_path / "rows"
    path.write_bytes(written)
    cache = RowCache.read(path, CONTEXT)
    assert cache.known == {} and cache.note
    root = tmp_path / "data"
    write(root, [[PENALTY]], [[LISTING]])
    assert loaded(root, (AUTHORITY,), {}, cache) == loaded(root, (AUTHORITY,), {})


def test_a_cache_that_is_a_symbolic_link_is_not_read(tmp_path):
    target = tmp_path / "elsewhere"
    RowCache(CONTEXT).save(target)
    (tmp_path / "rows").symlink_to(target)
    assert RowCache.read(tmp_path / "rows", CONTEXT).note == "a symbolic link"


# Values no stored field may hold (each is text, a list of texts or null): each makes its
# entry unusable, never a wrong record. The origin's place takes anything: it is set afresh.
WRONG = st.sampled_from([1, 1.5, True, False, {}, [1], [[]]])


def places(value: object, at: tuple = ()) -> list[tuple]:
    """The path to every value inside nested lists (the list itself included)."""
    found = [at]
    if isinstance(value, list):
        for i, item in enumerate(value):
            found += places(item, (*at, i))
    return found


def replaced(value: object, at: tuple, new: object) -> object:
    if not at:
        return new
    copy = list(value)
    copy[at[0]] = replaced(copy[at[0]], at[1:], new)
    return copy


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), penalties=penalty_files, listings=listing_files)
def test_a_damaged_entry_makes_its_row_read_afresh(data, penalties, listings):
    with tempfile.TemporaryDirectory() as folder:
        root, saved = Path(folder) / "data", Path(folder) / "rows"
        write(root, penalties, listings)
        first = RowCache(CONTEXT)
        loaded(root, (AUTHORITY,), {}, first)
        stored = first.outcomes()
        for key in data.draw(st.lists(st.sampled_from(sorted(stored)), min_size=1, max_size=3, unique=True)):
            at = data.draw(st.sampled_from(places(stored[key])))
            stored[key] = replaced(stored[key], at, data.draw(WRONG))
        saved.write_bytes(json_bytes({"format": FORMAT, "context": CONTEXT, "rows": stored}))
        assert loaded(root, (AUTHORITY,), {}, RowCache.read(saved, CONTEXT)) == loaded(root, (AUTHORITY,), {})


def test_no_cache_file_is_the_first_build(tmp_path):
    cache = RowCache.read(tmp_path / "absent", CONTEXT)
    assert cache.known == {} and cache.note == ""


@pytest.mark.parametrize(
    ("field", "wrong"),
    [("fine_yuan", "NaN"), ("fine_yuan", "Infinity"), ("fine_yuan", "12 元"), ("decision_date", "2025-02-30"),
     ("party_type", "公司"), ("penalty_categories", "罚款"), ("facts", None)],
)  # fmt: skip
def test_a_stored_value_that_is_text_but_not_its_fields_is_not_used(tmp_path, field, wrong):
    root, saved = tmp_path / "data", tmp_path / "rows"
    write(root, [[PENALTY]], [[LISTING]])
    first = RowCache(CONTEXT)
    loaded(root, (AUTHORITY,), {}, first)
    stored = first.outcomes()
    names = RecordCodec(Penalty).names
    at = names.index(field)
    for outcome in stored.values():
        if outcome[0] is not None and len(outcome[0]) == len(names):
            outcome[0][at] = wrong
    saved.write_bytes(json_bytes({"format": FORMAT, "context": CONTEXT, "rows": stored}))
    again = RowCache.read(saved, CONTEXT)
    assert loaded(root, (AUTHORITY,), {}, again) == loaded(root, (AUTHORITY,), {})
    assert len(again.fresh) == 1  # the penalty's row, read afresh


def test_any_text_is_saved_and_read_back(tmp_path):
    outcome = [None, None, [["warning", "\ud800 a lone surrogate, \x00 and 中文", None]]]
    cache = RowCache(CONTEXT, {"k" * 32: outcome})
    cache.get("k" * 32)
    cache.save(tmp_path / "rows")
    assert RowCache.read(tmp_path / "rows", CONTEXT).known == {"k" * 32: outcome}
