"""The published catalogue: exactly what the site shows on the as-of date.

Produced once, by :func:`publish` applying :mod:`ipcredit.rules`; every output
(pages, search index, datasets, feeds, charts) reads this and nothing else, so
no output can show a withheld record or forget masking.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TypeVar

from ipcredit.parties import Party, build_parties
from ipcredit.records import (
    Attachment,
    Authority,
    Case,
    CaseKind,
    DishonestyEntry,
    History,
    KeyTrademark,
    Notice,
    Page,
    Penalty,
    RiskPoint,
    SourceSet,
    WhitePaper,
    Withheld,
)
from ipcredit.rules.cases import publish_cases
from ipcredit.rules.classes import ordered_tally
from ipcredit.rules.dishonesty import publish_dishonesty
from ipcredit.rules.documents import order_pages, publish_notices, publish_white_papers
from ipcredit.rules.penalties import publish_penalties
from ipcredit.rules.protection import publish_risk_points, publish_trademarks
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
    key_trademarks: tuple[KeyTrademark, ...] = ()  # newest listing first, masked
    risk_points: tuple[RiskPoint, ...] = ()  # newest listing first, masked
    # What changed since the previous build, and the state this build leaves for the next
    # (rules.changes); None only for a catalogue no rule has followed (some tests).
    history: History | None = None

    def derive(self) -> Catalogue:
        """Compute every derived view now (the parties above all: 4.7 s at 100,000 rows), so
        that the writers' child processes inherit them instead of each computing its own."""
        for name, member in vars(type(self)).items():
            if isinstance(member, cached_property):
                getattr(self, name)
        return self

    @cached_property
    def attachments(self) -> tuple[Attachment, ...]:
        """Every attachment of a published document, once, in URL order."""
        found: dict[str, Attachment] = {}
        for doc in (*self.white_papers, *self.notices, *self.pages, *self.cases):
            for attachment in doc.attachments:
                found.setdefault(attachment.url_path, attachment)
        return tuple(found[k] for k in sorted(found))

    @cached_property
    def parties(self) -> tuple[Party, ...]:
        """Organisations and individual businesses with a published record, most records first."""
        return build_parties(self.penalties, self.dishonesty, self.cases)

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


def publish(sources: SourceSet, settings: Settings, as_of: date) -> Catalogue:
    """Apply every rule set to the validated ``sources`` on ``as_of``: what the site shows."""
    white_papers, withheld_papers = publish_white_papers(sources.white_papers, as_of)
    notices, withheld_notices = publish_notices(sources.notices, as_of)
    cases, withheld_cases = publish_cases(sources.cases, as_of)
    classes: Counter[tuple[str, str]] = Counter()
    penalties, withheld_penalties = publish_penalties(sources.penalties, settings, as_of, classes)
    dishonesty, withheld_listings = publish_dishonesty(sources.dishonesty, settings, as_of)
    key_trademarks, withheld_marks = publish_trademarks(sources.key_trademarks, settings, as_of)
    risk_points, withheld_places = publish_risk_points(sources.risk_points, as_of)
    withheld: list[Withheld] = [
        *withheld_papers, *withheld_notices, *withheld_cases, *withheld_penalties, *withheld_listings,
        *withheld_marks, *withheld_places,
    ]  # fmt: skip
    return Catalogue(
        as_of=as_of,
        settings=settings,
        white_papers=white_papers,
        notices=notices,
        pages=order_pages(sources.pages),
        authorities=sources.authorities,
        cases=cases,
        penalties=penalties,
        dishonesty=dishonesty,
        withheld=tuple(withheld),
        key_trademarks=key_trademarks,
        risk_points=risk_points,
        penalty_classes=ordered_tally(classes, settings.publicity),
    )
