"""Paging a pre-sorted list so that its pages stay put from one night to the next.

Pages by position (records 51–100 on page 2) move every later page when one
record is added or leaves, so a night rewrites the whole list. Here a page
ends after a record whose key hashes to a boundary (content-defined, as in
rsync), at least ``per_page // 2`` and at most ``4 * per_page`` records in,
``per_page`` on average: a record added or removed changes the page it is on;
when it is itself a boundary, or moves one past a page's minimum length, the
pages beside it change too until the cuts meet again (a handful), never the
rest. A page is named by the key of the record before it (the last record of
the newer page), not by a number, so its URL survives records coming and going
elsewhere; the first page is the list's own URL (key ``""``). Only the first
page shows what changes every night (the counts, the as-of date, the links to
each month).

A :class:`Paging` is computed once per list and app (:func:`paged` keeps it in
:attr:`ipcredit.web.state.SiteState.pagings`), so rendering all pages of a list,
in two languages, stays linear.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar

T = TypeVar("T")
FIRST = ""  # the first page's key: the list's own URL


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    key: str  # FIRST on the first page
    newer: str | None  # the previous page's key (FIRST for the second page); None on the first
    older: str | None  # the next page's key; None on the last
    total: int  # items on all pages: shown on the first page only
    count: int  # number of pages: shown on the first page only
    # The first page only: (year, ((month, key of the page with its newest item), ...)), newest first.
    months: tuple[tuple[int, tuple[tuple[int, str], ...]], ...] = ()
    span: tuple[date, date] | None = None  # the newest and oldest item's dates, when items have them

    @property
    def is_first(self) -> bool:
        return self.key == FIRST

    @property
    def has_previous(self) -> bool:
        return self.newer is not None

    @property
    def has_next(self) -> bool:
        return self.older is not None


@dataclass(frozen=True, eq=False)
class Paging(Generic[T]):
    """Where each page of ``items`` starts and what it is called."""

    items: Sequence[T]
    starts: tuple[int, ...]  # index of each page's first item; the first is 0
    keys: tuple[str, ...]  # each page's key, in order; the first is FIRST
    when: Callable[[T], date] | None  # an item's date, for the month links; None: no links

    @property
    def count(self) -> int:
        return len(self.starts)

    def page(self, key: str) -> Page[T] | None:
        """The page called ``key``, or None when there is none."""
        number = self._numbers.get(key)
        if number is None:
            return None
        end = self.starts[number + 1] if number + 1 < self.count else len(self.items)
        items = self.items[self.starts[number] : end]
        return Page(
            items=items,
            key=key,
            newer=self.keys[number - 1] if number else None,
            older=self.keys[number + 1] if number + 1 < self.count else None,
            total=len(self.items),
            count=self.count,
            months=self._months if number == 0 else (),
            span=(self.when(items[0]), self.when(items[-1])) if self.when and items else None,
        )

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {k: n for n, k in enumerate(self.keys)}

    @cached_property
    def _months(self) -> tuple[tuple[int, tuple[tuple[int, str], ...]], ...]:
        """Each month's page with its newest item (items are newest first), once per list."""
        if self.when is None or self.count < 2:
            return ()
        years: dict[int, dict[int, str]] = {}
        number = 0
        for i, item in enumerate(self.items):
            while number + 1 < self.count and self.starts[number + 1] <= i:
                number += 1
            day = self.when(item)
            years.setdefault(day.year, {}).setdefault(day.month, self.keys[number])
        return tuple((y, tuple(m.items())) for y, m in years.items())


def _boundary(key: str, spread: int) -> bool:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % spread == 0


def paging(
    items: Sequence[T],
    per_page: int,
    key_of: Callable[[T], str],
    when: Callable[[T], date] | None = None,
) -> Paging[T]:
    """Cut ``items`` (unique keys, already in their order) into pages of ``per_page`` on average."""
    shortest, longest = max(1, per_page // 2), max(1, 4 * per_page)
    # Past the shortest, each item ends the page with chance 1/spread: per_page items on average.
    spread = max(1, per_page - shortest + 1)
    starts, keys = [0], [FIRST]
    size = 0
    for i, item in enumerate(items[:-1] if items else ()):
        size += 1
        key = key_of(item)
        if size >= longest or (size >= shortest and _boundary(key, spread)):
            starts.append(i + 1)
            keys.append(key)
            size = 0
    return Paging(items, tuple(starts), tuple(keys), when)


def paged(
    memo: MutableMapping[Hashable, Any],
    name: Hashable,
    items: Sequence[T],
    per_page: int,
    key_of: Callable[[T], str],
    when: Callable[[T], date] | None = None,
) -> Paging[T]:
    """The paging of the list ``name``, made once per ``memo`` (one per app: lists are fixed)."""
    found = memo.get(name)
    if found is None:
        found = memo[name] = paging(items, per_page, key_of, when)
    return found
