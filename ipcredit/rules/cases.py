"""Which cases are shown on the as-of date, and in what order.

A case appears from its ``published`` date. The published list is newest
first; cases released the same day (a top-ten list) keep their rank, then
typical cases follow by slug.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ipcredit.records import Case, Withheld
from ipcredit.rules.documents import publish_dated

REGISTER = "cases"


def case_order(case: Case) -> tuple[int, int, int, str]:
    """Sort key: published date descending, then top-ten rank, then slug."""
    unranked = case.rank is None
    return (-case.published.toordinal(), unranked, case.rank or 0, case.slug)


def publish_cases(cases: Iterable[Case], as_of: date) -> tuple[tuple[Case, ...], list[Withheld]]:
    shown, withheld = publish_dated(REGISTER, cases, as_of)
    return tuple(sorted(shown, key=case_order)), withheld
