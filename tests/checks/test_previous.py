"""checks.previous and sources.previous: the previous build's state is hostile input.

Whatever the bytes, parsing gives a History or :class:`Damaged` with a reason,
never another exception; what the build writes reads back as the same History.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.checks.previous import Damaged, dump_history, parse_history
from ipcredit.records import Change, ChangeKind, History, Shown, Withdrawal
from ipcredit.sources.previous import read_state, state_location

AS_OF = date(2026, 11, 30)
days = st.dates(min_value=date(2000, 1, 1), max_value=AS_OF)
ids = st.from_regex(r"[0-9a-z][0-9a-z-]{0,20}", fullmatch=True)
sections = st.sampled_from(["penalties", "dishonesty", "cases", "white-papers", "notices"])
hashes = st.from_regex(r"[0-9a-f]{16}", fullmatch=True)


@st.composite
def histories(draw: st.DrawFn) -> History:
    shown = draw(
        st.lists(st.builds(Shown, sections, ids, hashes, days), unique_by=lambda s: (s.section, s.id))
    )
    changes = draw(st.lists(st.builds(Change, days, st.sampled_from(list(ChangeKind)), sections, ids)))
    withdrawals = draw(st.lists(st.builds(Withdrawal, ids, sections, days)))
    return History(AS_OF, draw(days), tuple(shown), tuple(changes), tuple(withdrawals))


@settings(max_examples=60, deadline=None)
@given(histories())
def test_what_a_build_writes_reads_back_the_same(history):
    back = parse_history(dump_history(history).encode())
    assert sorted(back.shown, key=repr) == sorted(history.shown, key=repr)  # grouped by section
    assert replace(back, shown=()) == replace(history, shown=())
    assert dump_history(back) == dump_history(history)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def valid() -> dict:
    history = History(
        AS_OF,
        date(2026, 1, 1),
        (Shown("penalties", "3f9a1c0b7d2e", "0123456789abcdef", date(2026, 3, 1)),),
        (Change(AS_OF, ChangeKind.WITHDRAWN, "penalties", "8b41d07e95aa"),),
        (Withdrawal("8b41d07e95aa", "penalties", AS_OF),),
    )
    return json.loads(dump_history(history))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_give_a_history_or_a_reason(data):
    try:
        parse_history(data)
    except Damaged as damaged:
        assert "(" in str(damaged)  # bilingual: Chinese, then the English gloss


PATHS = [
    ("format",), ("version",), ("as_of",), ("log_started",), ("shown",), ("shown", "penalties"),
    ("shown", "penalties", 0), ("shown", "penalties", 0, 0), ("shown", "penalties", 0, 1),
    ("shown", "penalties", 0, 2), ("changes",), ("changes", 0), ("changes", 0, 0), ("changes", 0, 1),
    ("changes", 0, 2), ("changes", 0, 3), ("withdrawals",), ("withdrawals", 0), ("withdrawals", 0, 0),
    ("withdrawals", 0, 1), ("withdrawals", 0, 2),
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PATHS), json_values)
def test_a_valid_state_with_any_one_value_replaced_gives_a_history_or_a_reason(path, value):
    doc = valid()
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        history = parse_history(json.dumps(doc).encode())
    except Damaged:
        return
    assert history.as_of <= AS_OF or path == ("as_of",)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(extra=1), "exactly these keys"),
        (lambda d: d.update(version=2), "unknown format or version"),
        (lambda d: d.update(version=True), "unknown format or version"),
        (lambda d: d.update(log_started="2026-12-01"), "out of range"),
        (lambda d: d.update(as_of="20261130"), "wrong form"),
        (lambda d: d.update(as_of="2026-02-30"), "not a valid date"),
        (lambda d: d["shown"]["penalties"].append(d["shown"]["penalties"][0]), "listed twice"),
        (lambda d: d["shown"]["penalties"][0].__setitem__(2, "2026-12-01"), "out of range"),
        (lambda d: d["shown"]["penalties"][0].__setitem__(1, "XYZ"), "wrong form"),
        (lambda d: d["shown"]["penalties"][0].__setitem__(0, "../../etc"), "wrong form"),
        (lambda d: d["shown"].update({"Bad Section": []}), "wrong form"),
        (lambda d: d["changes"][0].__setitem__(1, "deleted"), "unknown kind"),
        (lambda d: d["changes"][0].append("x"), "array of 4"),
        (lambda d: d["withdrawals"][0].__setitem__(2, "1900-01-01"), "out of range"),
        (lambda d: d.update(withdrawals={}), "must be an array"),
        (lambda d: d.update(shown=[]), "must be an object"),
    ],
)
def test_each_damage_is_named(change, reason):
    doc = valid()
    assert parse_history(json.dumps(doc).encode()).as_of == AS_OF
    change(doc)
    with pytest.raises(Damaged, match=reason):
        parse_history(json.dumps(doc).encode())


def test_reading_a_folder_missing_too_big_or_not_a_file(tmp_path):
    assert read_state(str(tmp_path)).problem is None and read_state(str(tmp_path)).data is None
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "published.json"
    target.write_bytes(b"x" * 101)
    assert "larger than 100 bytes" in read_state(str(tmp_path), max_bytes=100).problem
    assert read_state(str(tmp_path), max_bytes=101).data == b"x" * 101
    target.unlink()
    target.mkdir()
    assert "not a regular file" in read_state(str(tmp_path)).problem


def test_where_the_state_of_a_folder_or_a_site_is():
    assert state_location("public") == "public/data/published.json"
    assert state_location("https://ip.example.cn/site") == "https://ip.example.cn/site/data/published.json"
    assert state_location("https://ip.example.cn/") == "https://ip.example.cn/data/published.json"
    assert state_location("https://ip.example.cn/state.json") == "https://ip.example.cn/state.json"


def test_an_old_log_entry_keeps_its_date():
    doc = valid()
    old = (AS_OF - timedelta(days=500)).isoformat()
    doc["changes"].append([old, "added", "cases", "a-case"])
    assert parse_history(json.dumps(doc).encode()).changes[-1].date.isoformat() == old
