"""Which cases are shown on the as-of date, and in what order.

A case appears from its ``published`` date. The published list is newest
first; cases released the same day (a top-ten list) keep their rank, then
typical cases follow by slug.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from ipcredit.records import Case, Withheld
from ipcredit.rules.documents import publish_dated

REGISTER = "cases"


def case_order(case: Case) -> tuple[int, float, str]:
    """Sort key: published date descending, then top-ten rank (typical cases after it), then slug."""
    rank = math.inf if case.rank is None else case.rank
    return (-case.published.toordinal(), rank, case.slug)


def publish_cases(cases: Iterable[Case], as_of: date) -> tuple[tuple[Case, ...], list[Withheld]]:
    shown, withheld = publish_dated(REGISTER, cases, as_of)
    return tuple(sorted(shown, key=case_order)), withheld
