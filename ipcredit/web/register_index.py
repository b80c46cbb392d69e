"""Browse indexes of the two registers, built once per app (see :mod:`ipcredit.web.state`).

Lists are already sorted by the rules (newest first); grouping keeps that
order, so no page re-sorts anything, and facet pages are slices of the
groups. Lookups by id are dictionaries, so rendering 100,000 detail pages
stays linear.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ipcredit.catalogue import Catalogue, group_by
from ipcredit.records import IP_TYPE_SLUGS, DishonestyEntry, Penalty
from ipcredit.web.facets import Facet, FacetValue

R = TypeVar("R")
Description = tuple[str, str, str | None]  # slug, Chinese label, English label (None: translate)


@dataclass(frozen=True, eq=False)
class RegisterIndex(Generic[R]):
    records: tuple[R, ...]
    by_id: dict[str, R]
    facets: tuple[Facet[R], ...]

    def facet(self, key: str) -> Facet[R] | None:
        return next((f for f in self.facets if f.key == key), None)


def _facet(
    key: str,
    title: str,
    records: Sequence[R],
    value_of: Callable[[R], str],
    describe: Callable[[str], Description],
    order: Callable[[FacetValue[R]], object],
) -> Facet[R]:
    """Group ``records`` by ``value_of``; ``describe`` gives (slug, zh label, en label or None)."""
    values = [FacetValue(*describe(value), items) for value, items in group_by(records, value_of).items()]
    return Facet(key, title, tuple(sorted(values, key=order)))


def _authority_describer(catalogue: Catalogue) -> Callable[[str], Description]:
    def describe(name: str) -> Description:
        authority = catalogue.authority_by_name.get(name)
        if authority is None:  # validation guarantees registered authorities; keep pages building
            return name, name, name
        return authority.uscc, authority.name, authority.name_en

    return describe


def _year(value: str) -> Description:
    return value, value, value


def _ip_type(value: str) -> Description:
    return IP_TYPE_SLUGS.get(value, "other"), value, None


def _by_count(value: FacetValue) -> object:
    return (-value.count, value.slug)


def _newest_year_first(value: FacetValue) -> object:
    return -int(value.slug)


def penalty_index(catalogue: Catalogue) -> RegisterIndex[Penalty]:
    records = catalogue.penalties
    facets = (
        _facet("year", "年份", records, lambda p: str(p.decision_date.year), _year, _newest_year_first),
        _facet(
            "authority",
            "处罚机关",
            records,
            lambda p: p.authority,
            _authority_describer(catalogue),
            _by_count,
        ),
        _facet("ip-type", "知识产权类型", records, lambda p: p.ip_type, _ip_type, _by_count),
    )
    return RegisterIndex(records, {p.id: p for p in records}, facets)


def dishonesty_index(catalogue: Catalogue) -> RegisterIndex[DishonestyEntry]:
    records = catalogue.dishonesty
    facets = (
        _facet("year", "列入年份", records, lambda d: str(d.listed_on.year), _year, _newest_year_first),
        _facet(
            "authority",
            "列入机关",
            records,
            lambda d: d.authority,
            _authority_describer(catalogue),
            _by_count,
        ),
    )
    return RegisterIndex(records, {d.id: d for d in records}, facets)
