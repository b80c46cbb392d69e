"""Dates as agencies write them: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日.

:func:`date_problem` says what is wrong with one that does not parse, so a clerk
who wrote 2026/2/30 learns that February 2026 has no 30th day, not how to write
a date. Only dates from 1949 to 2200 are accepted: anything else is a typo, and
keeping every source date far from year 9999 means no later date arithmetic
(decision date + 36 months, birth date + 18 years) can overflow.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from ipcredit.problems import bilingual

EARLIEST, LATEST = date(1949, 1, 1), date(2200, 12, 31)
_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
_MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


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


def date_problem(value: object) -> str:
    """Why ``value`` (which :func:`parse_date` refused) is not a date, and how to fix it."""
    match = _DATE.match(str(value))
    if not match:
        return bilingual(
            f"「{value}」不是可识别的日期，请写作 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日",
            "not a date; write it as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日",
        )
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return bilingual(
            f"日期「{value}」不存在：没有 0 年", f"the date {value} does not exist: there is no year 0"
        )
    if not 1 <= month <= 12:
        return bilingual(
            f"日期「{value}」不存在：月份应为 1 到 12，实为 {month}",
            f"the date {value} does not exist: a month is 1 to 12, found {month}",
        )
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        return bilingual(
            f"日期「{value}」不存在：{year}年{month}月没有0日",
            f"the date {value} does not exist: there is no day 0",
        )
    return bilingual(
        f"日期「{value}」不存在：{year}年{month}月没有{day}日（该月只有 {last} 天），请核对原始文书",
        f"the date {value} does not exist: {_MONTH_NAMES[month]} {year} has no {ordinal(day)} day "
        f"(it has {last} days); check the original document",
    )


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
