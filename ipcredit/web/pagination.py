"""Paging a pre-sorted sequence without copying or re-sorting it per page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 1-based
    count: int  # number of pages
    total: int  # number of items in all pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def window(self, size: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and ``size`` around the current one; None is a gap."""
        shown = sorted({1, self.count, *range(self.number - size, self.number + size + 1)})
        numbers: list[int | None] = []
        for n in (n for n in shown if 1 <= n <= self.count):
            if numbers and n - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_count(total: int, per_page: int) -> int:
    return max(1, ceil(total / per_page))


def paginate(items: Sequence[T], number: int, per_page: int) -> Page[T] | None:
    """The page ``number`` of ``items``, or None when it does not exist."""
    count = page_count(len(items), per_page)
    if not 1 <= number <= count:
        return None
    start = (number - 1) * per_page
    return Page(items[start : start + per_page], number, count, len(items))
