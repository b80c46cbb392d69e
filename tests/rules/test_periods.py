"""Calendar months for publicity periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcredit.rules.periods import add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 3, 5), 0, date(2025, 3, 5)),
        (date(9999, 6, 1), 36, date.max),  # a hostile register's date: no overflow
    ],
)
def test_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


@given(start=st.dates(), months=st.integers(0, 1200))
def test_months_never_fail_and_never_go_backwards(start, months):
    end = add_months(start, months)
    assert end >= start
    if end != date.max:
        assert end.day <= start.day and (end.year - start.year) * 12 + end.month - start.month == months
        assert end.day == start.day or (end + timedelta(days=1)).day == 1  # clipped to the month's end
