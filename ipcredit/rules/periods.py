"""Calendar arithmetic for publicity periods, which the settings give in months."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months``; a day past the target month's end becomes its last day
    (2024-02-29 + 12 months = 2025-02-28). Past the calendar's end (a register dated in the
    year 9999) the result is the last representable day rather than an error."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
