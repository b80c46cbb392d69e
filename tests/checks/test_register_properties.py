"""Properties of header matching and placeholders, over generated variants (hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.checks.columns import (
    ALIASES,
    DISHONESTY_COLUMNS,
    PENALTY_COLUMNS,
    HeaderMatcher,
    is_placeholder,
)
from tests.checks.test_register_exports import NATIONAL, ROWS, csv_bytes, load, not_gb18030

SPECS = (PENALTY_COLUMNS, DISHONESTY_COLUMNS)
WIDE, NARROW = "（）", "()"
SPACES = st.sampled_from([" ", "\t", "\u3000", "\xa0", "  "])


@st.composite
def spelled(draw: st.DrawFn, header: str) -> str:
    """The header as a clerk or an exporter might write it: white space anywhere, brackets of
    either width."""
    out = []
    for char in header:
        if char in WIDE + NARROW:
            pair = draw(st.sampled_from([WIDE, NARROW]))
            char = pair[(WIDE + NARROW).index(char) % 2]
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(SPACES))
        out.append(char)
    return draw(st.sampled_from(["", " ", "\u3000"])) + "".join(out) + draw(st.sampled_from(["", " ", "  "]))


def known_headers() -> list[tuple[int, str]]:
    """(spec index, header) for every canonical header and every alias that applies to the spec."""
    found = []
    for index, spec in enumerate(SPECS):
        canonical = {c.header for c in spec}
        found += [(index, h) for h in canonical]
        found += [(index, alias) for alias, target in ALIASES.items() if target in canonical]
    return found


@given(st.sampled_from(known_headers()).flatmap(lambda known: st.tuples(st.just(known), spelled(known[1]))))
def test_every_spelling_of_a_known_header_maps_to_the_same_column(case):
    (index, header), variant = case
    matcher = HeaderMatcher(SPECS[index])
    assert matcher.column(header) is not None
    assert matcher.column(variant) is matcher.column(header)


PLACEHOLDERS = st.builds(
    lambda base, left, right: left + base + right,
    st.sampled_from(["— —", "--", "/", "无", "空", "—", "-", "／", "——", "－－", "- -", "—— ——", "暂无"]),
    st.sampled_from(["", " ", "\u3000"]),
    st.sampled_from(["", " ", "  "]),
)
COLUMNS = [h for h in NATIONAL if h != "数据导出时间"]


def values(record: object) -> list[str]:
    """Every text value of a record, list elements included."""
    found: list[str] = []
    for value in asdict(record).values():
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            found += [v for v in value if isinstance(v, str)]
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(COLUMNS), PLACEHOLDERS, min_size=1, max_size=8), st.sampled_from(ROWS))
def test_a_placeholder_in_any_column_never_reaches_a_record_value(replaced, row):
    root = Path(tempfile.mkdtemp())
    try:
        (records, _), problems = load(root, {"a.csv": csv_bytes(NATIONAL, [{**row, **replaced}])})
    finally:
        shutil.rmtree(root)
    for record in records:
        assert not any(is_placeholder(v) for v in values(record)), record
        assert record.fine_yuan is None or "处罚金额（万元）" not in replaced
    assert records or any(": error: " in p for p in problems)  # a row is loaded or says why not


@settings(max_examples=15, deadline=None)
@given(st.permutations(NATIONAL))
def test_the_order_of_the_columns_does_not_matter(order):
    root = Path(tempfile.mkdtemp())
    try:
        (records, _), problems = load(root, {"a.csv": csv_bytes(list(order), ROWS)})
    finally:
        shutil.rmtree(root)
    assert not_gb18030(problems) == []
    assert [{**asdict(r), "origin": None} for r in records] == EXPECTED


def _expected() -> list[dict]:
    root = Path(tempfile.mkdtemp())
    try:
        (records, _), _ = load(root, {"a.csv": csv_bytes(NATIONAL, ROWS)})
    finally:
        shutil.rmtree(root)
    return [{**asdict(r), "origin": None} for r in records]


EXPECTED = _expected()
