"""Browse indexes of the published cases, built once per app (see :mod:`ipcredit.web.state`).

The catalogue lists cases newest first; every facet value keeps that order,
so facet pages are slices and nothing is re-sorted per page. A case with
several IP types is counted under each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import N_
from ipcredit.records import IP_TYPE_SLUGS, IP_TYPES, PROCEDURE_SLUGS, PROCEDURES, Case
from ipcredit.web.facets import Facet, FacetValue

RELATED_LIMIT = 4


@dataclass(frozen=True)
class CaseIndex:
    cases: tuple[Case, ...]  # newest first
    by_slug: dict[str, Case]
    facets: tuple[Facet[Case], ...]

    def facet(self, key: str) -> Facet[Case] | None:
        return next((f for f in self.facets if f.key == key), None)


def _facet(
    key: str,
    title: str,
    cases: Iterable[Case],
    keys_of: Callable[[Case], Iterable[str]],
    values: dict[str, str],
) -> Facet[Case]:
    """``values`` maps each value (in display order) to its slug; every value is listed, even with
    no cases. Years are shown as they are; IP types and procedures are translated when shown."""
    cases = tuple(cases)
    english = (lambda value: value) if key == "year" else (lambda _value: None)
    return Facet(
        key,
        title,
        tuple(
            FacetValue(slug, value, english(value), tuple(c for c in cases if value in keys_of(c)))
            for value, slug in values.items()
        ),
    )


def case_index(catalogue: Catalogue) -> CaseIndex:
    cases = catalogue.cases
    years = {str(y): str(y) for y in sorted({c.year for c in cases}, reverse=True)}
    facets = (
        _facet("year", N_("年度"), cases, lambda c: (str(c.year),), years),
        _facet(
            "ip-type",
            N_("知识产权类型"),
            cases,
            lambda c: c.ip_types,
            {t: IP_TYPE_SLUGS[t] for t in IP_TYPES},
        ),
        _facet(
            "procedure",
            N_("程序类型"),
            cases,
            lambda c: (c.procedure,),
            {p: PROCEDURE_SLUGS[p] for p in PROCEDURES},
        ),
    )
    return CaseIndex(cases, {c.slug: c for c in cases}, facets)


def related_cases(catalogue: Catalogue, case: Case, limit: int = RELATED_LIMIT) -> tuple[Case, ...]:
    """Other cases sharing an IP type: most shared types first, then newest first (catalogue order)."""
    slug = case.slug
    mine = set(case.ip_types)
    scored = [
        (-len(mine.intersection(other.ip_types)), position, other)
        for position, other in enumerate(catalogue.cases)
        if other.slug != slug and mine.intersection(other.ip_types)
    ]
    return tuple(other for *_key, other in sorted(scored, key=lambda s: s[:2])[:limit])


def top_ten_neighbours(catalogue: Catalogue, case: Case) -> tuple[Case | None, Case | None]:
    """The previous and next case in the same top-ten year (rank order)."""
    year = catalogue.top_ten_years.get(case.year, ())
    position = next((i for i, c in enumerate(year) if c.slug == case.slug), None)
    if position is None:
        return None, None
    previous = year[position - 1] if position > 0 else None
    following = year[position + 1] if position + 1 < len(year) else None
    return previous, following
