"""Browse indexes of the published cases, built once per catalogue.

The catalogue lists cases newest first; every facet value keeps that order,
so facet pages are slices and nothing is re-sorted per page. A case with
several IP types is counted under each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from ipcredit.catalogue import Catalogue
from ipcredit.records import IP_TYPE_SLUGS, IP_TYPES, PROCEDURE_SLUGS, PROCEDURES, Case
from ipcredit.web.filters import N_

RELATED_LIMIT = 4

# The catalogue terms are their own msgids: listing them here puts them in the translation catalogue.
TERMS = (
    N_("专利"), N_("商标"), N_("著作权"), N_("商业秘密"), N_("不正当竞争"), N_("地理标志"),
    N_("植物新品种"), N_("集成电路布图设计"), N_("其他"),
    N_("民事"), N_("刑事"), N_("行政诉讼"), N_("行政执法"), N_("仲裁调解"),
)  # fmt: skip


@dataclass(frozen=True)
class FacetValue:
    slug: str  # URL segment
    label: str  # a catalogue term (translated when shown) or a year (shown as it is)
    cases: tuple[Case, ...]

    @property
    def count(self) -> int:
        return len(self.cases)


@dataclass(frozen=True)
class Facet:
    key: str  # URL segment: year, ip-type, procedure
    title: str  # Chinese label, translated in templates
    values: tuple[FacetValue, ...]
    translated: bool  # whether value labels are msgids (IP types, procedures) or years

    def get(self, slug: str) -> FacetValue | None:
        return next((v for v in self.values if v.slug == slug), None)


@dataclass(frozen=True)
class CaseIndex:
    cases: tuple[Case, ...]  # newest first
    by_slug: dict[str, Case]
    facets: tuple[Facet, ...]

    def facet(self, key: str) -> Facet | None:
        return next((f for f in self.facets if f.key == key), None)


def _facet(
    key: str,
    title: str,
    cases: Iterable[Case],
    keys_of: Callable[[Case], Iterable[str]],
    values: dict[str, str],
) -> Facet:
    """``values`` maps each value (in display order) to its slug; every value is listed, even with no cases."""
    cases = tuple(cases)
    grouped = {
        value: FacetValue(slug, value, tuple(c for c in cases if value in keys_of(c)))
        for value, slug in values.items()
    }
    return Facet(key, title, tuple(grouped.values()), translated=key != "year")


@cache
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


@cache
def related_cases(catalogue: Catalogue, slug: str, limit: int = RELATED_LIMIT) -> tuple[Case, ...]:
    """Other cases sharing an IP type: most shared types first, then newest first (catalogue order)."""
    case = case_index(catalogue).by_slug[slug]
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


def authority_name(catalogue: Catalogue, name: str, lang: str) -> str:
    """The authority's English name from the register on English pages, when it has one."""
    authority = catalogue.authority_by_name.get(name)
    if lang == "en" and authority is not None and authority.name_en:
        return authority.name_en
    return name
