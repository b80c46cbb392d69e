"""Dates as agencies write them: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日.

Only dates from 1949 to 2200 are accepted: anything else is a typo, and
keeping every source date far from year 9999 means no later date arithmetic
(decision date + 36 months, birth date + 18 years) can overflow.
"""

from __future__ import annotations

import re
from datetime import date, datetime

EARLIEST, LATEST = date(1949, 1, 1), date(2200, 12, 31)
_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")


def parse_date(value: object) -> date | None:
    """A date from text or a date/datetime value; None when it is not a real date in range."""
    found = _any_date(value)
    return found if found is not None and EARLIEST <= found <= LATEST else None


def out_of_range(value: object) -> bool:
    """A real date that :func:`parse_date` refuses only because of its year."""
    found = _any_date(value)
    return found is not None and not EARLIEST <= found <= LATEST


def range_message(value: object) -> tuple[str, str]:
    """The (Chinese, English) message for an out-of-range date."""
    return (
        f"日期「{value}」超出可接受的范围 {EARLIEST.year} 年至 {LATEST.year} 年，请检查年份",
        f"the date is outside {EARLIEST.year}..{LATEST.year}; check the year",
    )


def _any_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value)) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
