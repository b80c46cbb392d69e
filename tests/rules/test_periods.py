"""Months are added as the calendar does: a day past the target month's end becomes its last day.

Every publicity period and the age of majority are counted with this one function, so an error
here publishes a record too long or too short, or a minor as an adult.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcredit.rules.periods import add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 1, 31), 36, date(2026, 1, 31)),  # a penalty decided on the 31st runs to the 31st
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: February has 29 days
        (date(2023, 1, 30), 1, date(2023, 2, 28)),
        (date(2023, 1, 29), 1, date(2023, 2, 28)),
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2023, 3, 31), 1, date(2023, 4, 30)),  # 30-day month
        (date(2023, 5, 31), 1, date(2023, 6, 30)),
        (date(2023, 7, 31), 1, date(2023, 8, 31)),  # a 31-day month keeps the 31st
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),  # across a year end
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 12, 15), 12, date(2026, 12, 15)),
        (date(2025, 3, 5), 0, date(2025, 3, 5)),
        (date(2007, 5, 31), 216, date(2025, 5, 31)),  # 18 years
        (date(9999, 6, 1), 36, date.max),  # a hostile register's date: no overflow
        (date(9998, 12, 15), 1, date(9999, 1, 15)),  # the calendar's last year is still counted
        (date(9998, 1, 31), 13, date(9999, 2, 28)),
    ],
)
def test_add_months_follows_the_calendar(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(start=st.dates(), months=st.integers(0, 1200))
def test_months_never_fail_and_land_in_the_right_month_on_the_same_day_or_its_last(start, months):
    end = add_months(start, months)
    assert end >= start
    if end != date.max:
        assert (end.year - start.year) * 12 + end.month - start.month == months
        assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)
