"""Combinable filters on the register lists, for a static site without JavaScript.

A list page is a *selection*: no facet value (the whole list), one (``/penalties/year/2026/``)
or two values of different facets (``/penalties/year/2026/ip-type/trademark/``), always in the
order the register declares its facets, so each selection has one URL. Only selections that
have records get a page, and no more than :data:`MAX_CHOSEN` values are combined (fewer where
the section says, ``Section.combine``): each pair of facets adds about one list's worth of
pages (every record is on one page of each pair it belongs to), so the pages grow with the
records, not with the product of the facets' values; and a record changed tonight rewrites a
page of every list it is on.

The sidebar of a page is worked out here, once, as data: the template draws it and the
incremental build hashes it (:func:`fingerprint`), so a page is rendered again exactly when
what its sidebar shows changed. Counts change every night: only a list's first page shows
them; a later page lists the values without counts, in an order no count decides
(:attr:`Panel.steady_options`), so a night that moves none of its records leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Generic, TypeVar

from ipcredit.web.facets import Facet, FacetValue

R = TypeVar("R")
MAX_CHOSEN = 2  # facet values a page combines; the routes have one rule per number chosen
Key = tuple[tuple[str, str], ...]  # ((facet key, value slug), …) in the register's facet order


def combine(records: Sequence[R], facets: Sequence[Facet[R]]) -> dict[Key, tuple[R, ...]]:
    """Every pair of values of two different facets that some record has, with those records
    in list order (newest first). A record with several values of a facet (a mark's Nice
    classes) is under each of them. One pass over the records per pair of facets."""
    members = [_values_by_record(facet) for facet in facets]
    groups: dict[Key, list[R]] = {}
    for (i, first), (j, second) in combinations(enumerate(facets), 2):
        for record in records:
            for a in members[i].get(id(record), ()):
                for b in members[j].get(id(record), ()):
                    groups.setdefault(((first.key, a), (second.key, b)), []).append(record)
    return {key: tuple(items) for key, items in groups.items()}


def _values_by_record(facet: Facet[R]) -> dict[int, list[str]]:
    """Record (by identity: records are not hashed) → the slugs of its values in this facet."""
    found: dict[int, list[str]] = {}
    for value in facet.values:
        for record in value.items:
            found.setdefault(id(record), []).append(value.slug)
    return found


@dataclass(frozen=True)
class Chosen(Generic[R]):
    """A chosen facet value, as the heading and the breadcrumbs show it."""

    facet: Facet[R]
    value: FacetValue[R]
    upto: Key  # the selection up to and including this value (a breadcrumb's link)


@dataclass(frozen=True)
class Option(Generic[R]):
    value: FacetValue[R]
    count: int  # records that have this value and every other chosen one
    key: Key  # the selection its link leads to: this value with the others kept
    current: bool


@dataclass(frozen=True)
class Panel(Generic[R]):
    """One facet in the sidebar."""

    facet: Facet[R]
    chosen: FacetValue[R] | None
    clear: Key | None  # when chosen: the same selection without this facet
    options: tuple[Option[R], ...]  # empty when the page already combines as many others as it may

    @property
    def steady_options(self) -> tuple[Option[R], ...]:
        """The options as a later list page lists them: by slug when the facet ranks its values
        by count, else in the facet's own order (years newest first)."""
        if not self.facet.ranked:
            return self.options
        return tuple(sorted(self.options, key=lambda o: o.value.slug))


@dataclass(frozen=True)
class Selection(Generic[R]):
    key: Key
    chosen: tuple[Chosen[R], ...]
    items: Sequence[R]
    panels: tuple[Panel[R], ...]
    total: int  # records in the whole list ("all" in the sidebar)


def _with(key: Key, choice: tuple[str, str], order: dict[str, int]) -> Key:
    """``key`` plus ``choice``, replacing a value of the same facet, in the canonical order."""
    kept = [c for c in key if c[0] != choice[0]]
    return tuple(sorted((*kept, choice), key=lambda c: order[c[0]]))


class Selector(Generic[R]):
    """Selections over one register's records and facets (made once per app, with its index)."""

    def __init__(self, records: Sequence[R], facets: Sequence[Facet[R]], most: int = MAX_CHOSEN) -> None:
        self.records = records
        self.facets = tuple(facets)
        self.most = min(most, MAX_CHOSEN)  # values a selection may combine
        self.combined = combine(records, facets) if self.most > 1 else {}
        self._order = {f.key: i for i, f in enumerate(facets)}

    def items(self, key: Key) -> Sequence[R] | None:
        """The records of a selection; None when it has no page (unknown, or no records)."""
        if not key:
            return self.records
        if len(key) == 1:
            facet = self._facet(key[0][0])
            value = facet.get(key[0][1]) if facet else None
            return value.items if value else None
        return self.combined.get(key)

    def selections(self) -> list[Key]:
        """Every selection that has a page: the whole list, each value, each combination."""
        singles = [((f.key, v.slug),) for f in self.facets for v in f.values if v.count]
        return [(), *singles, *self.combined]

    def select(self, pairs: Sequence[tuple[str, str]]) -> Selection[R] | None:
        """The selection a URL names, or None when it has no page (a facet twice, facets out of
        their order, an unknown value, a combination without records)."""
        key = tuple(pairs)
        positions = [self._order.get(f, -1) for f, _ in key]
        if len(key) > self.most or -1 in positions or positions != sorted(set(positions)):
            return None
        items = self.items(key)
        if items is None or (key and not items):  # the whole list has a page even when empty
            return None
        chosen = tuple(
            Chosen(facet, facet.get(slug), key[: n + 1])  # type: ignore[arg-type]
            for n, (facet, slug) in enumerate((self._facet(f), s) for f, s in key)
        )
        return Selection(key, chosen, items, self._panels(key), len(self.records))

    def _facet(self, key: str) -> Facet[R] | None:
        position = self._order.get(key)
        return None if position is None else self.facets[position]

    def _panels(self, key: Key) -> tuple[Panel[R], ...]:
        chosen = dict(key)
        panels = []
        for facet in self.facets:
            slug = chosen.get(facet.key)
            others = tuple(c for c in key if c[0] != facet.key)
            options: tuple[Option[R], ...] = ()
            if len(others) < self.most:
                options = self._options(facet, others, slug)
            panels.append(
                Panel(
                    facet,
                    facet.get(slug) if slug else None,
                    others if slug else None,
                    options,
                )
            )
        return tuple(panels)

    def _options(self, facet: Facet[R], others: Key, current: str | None) -> tuple[Option[R], ...]:
        """The facet's values that some record has together with ``others``, in the facet's order."""
        found = []
        for value in facet.values:
            key = _with(others, (facet.key, value.slug), self._order)
            count = len(self.items(key) or ())
            if count:
                found.append(Option(value, count, key, value.slug == current))
        return tuple(found)


def fingerprint(selection: Selection[Any], first_page: bool = True) -> str:
    """What a page of this selection shows besides its records, for incremental builds: its
    chosen values and its sidebar (labels, links; the counts and their order on a list's first
    page only)."""

    def label(value: FacetValue[Any] | None) -> tuple[str, str, str | None] | None:
        return None if value is None else (value.slug, value.label_zh, value.label_en)

    def options(panel: Panel[Any]) -> list[tuple[Any, ...]]:
        if first_page:
            return [(label(o.value), o.count, o.key, o.current) for o in panel.options]
        return [(label(o.value), o.key, o.current) for o in panel.steady_options]

    return repr(
        (
            selection.key,
            selection.total if first_page else None,
            [(c.facet.title, label(c.value)) for c in selection.chosen],
            [(p.facet.key, p.facet.title, label(p.chosen), p.clear, options(p)) for p in selection.panels],
        )
    )
