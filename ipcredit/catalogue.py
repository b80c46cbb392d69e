"""The published catalogue: exactly what the site shows on the as-of date.

Produced once by :mod:`ipcredit.rules`; every output (pages, search index,
datasets, feeds, charts) reads this and nothing else, so no output can show a
withheld record or forget masking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TypeVar

from ipcredit.records import (
    Attachment,
    Authority,
    Case,
    CaseKind,
    DishonestyEntry,
    History,
    Notice,
    Page,
    Penalty,
    WhitePaper,
    Withheld,
)
from ipcredit.settings import Settings

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def group_by(items: Iterable[T], key: Callable[[T], K]) -> dict[K, tuple[T, ...]]:
    """Group keeping the input order inside each group (lists are pre-sorted once)."""
    groups: dict[K, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return {k: tuple(v) for k, v in groups.items()}


@dataclass(frozen=True, eq=False)  # identity hash: outputs may cache indexes per catalogue
class Catalogue:
    as_of: date
    settings: Settings
    white_papers: tuple[WhitePaper, ...]  # newest year first
    notices: tuple[Notice, ...]  # newest first
    pages: tuple[Page, ...]  # by order, then slug
    authorities: tuple[Authority, ...]
    cases: tuple[Case, ...]  # newest first
    penalties: tuple[Penalty, ...]  # newest decision first, masked
    dishonesty: tuple[DishonestyEntry, ...]  # newest listing first, masked
    withheld: tuple[Withheld, ...]
    # (basis, class, count) over every penalty read: "declared" (失信程度), a rule's name, or "default"
    penalty_classes: tuple[tuple[str, str, int], ...] = ()
    # What changed since the previous build, and the state this build leaves for the next
    # (rules.changes); None only for a catalogue no rule has followed (some tests).
    history: History | None = None

    @cached_property
    def attachments(self) -> tuple[Attachment, ...]:
        """Every attachment of a published document, once, in URL order."""
        found: dict[str, Attachment] = {}
        for doc in (*self.white_papers, *self.notices, *self.pages, *self.cases):
            for attachment in doc.attachments:
                found.setdefault(attachment.url_path, attachment)
        return tuple(found[k] for k in sorted(found))

    @cached_property
    def authority_by_name(self) -> dict[str, Authority]:
        return {a.name: a for a in self.authorities}

    @cached_property
    def top_ten_years(self) -> dict[int, tuple[Case, ...]]:
        """Top-ten cases by year (newest year first), each year in rank order."""
        top = sorted(
            (c for c in self.cases if c.kind is CaseKind.TOP_TEN),
            key=lambda c: (-c.year, c.rank or 0),
        )
        return group_by(top, lambda c: c.year)

    @cached_property
    def current_top_ten_year(self) -> int | None:
        return next(iter(self.top_ten_years), None)
