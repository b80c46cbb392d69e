"""Browse indexes of the two registers, built once per app (see :mod:`ipcredit.web.state`).

Lists are already sorted by the rules (newest first); grouping keeps that
order, so no page re-sorts anything, and facet pages are slices of the
groups. Lookups by id are dictionaries, so rendering 100,000 detail pages
stays linear. Each index also holds its :class:`~ipcredit.web.selection.Selector`: the pairs
of facet values that have records, for the combined filter pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ipcredit.catalogue import Catalogue, group_by
from ipcredit.nice import nice_label
from ipcredit.records import (
    IP_TYPE_SLUGS,
    DishonestyEntry,
    KeyTrademark,
    Penalty,
    PlaceType,
    RiskList,
    RiskPoint,
)
from ipcredit.regions import region_en, region_slug
from ipcredit.sections import N_
from ipcredit.web.facets import Facet, FacetValue
from ipcredit.web.selection import Selector

R = TypeVar("R")
Description = tuple[str, str, str | None]  # slug, Chinese label, English label (None: translate)


@dataclass(frozen=True, eq=False)
class RegisterIndex(Generic[R]):
    records: tuple[R, ...]
    by_id: dict[str, R]
    facets: tuple[Facet[R], ...]
    selector: Selector[R]  # one value of a facet, or two of different facets, with their records

    def facet(self, key: str) -> Facet[R] | None:
        return next((f for f in self.facets if f.key == key), None)


def _index(records: tuple[R, ...], facets: tuple[Facet[R], ...]) -> RegisterIndex[R]:
    return RegisterIndex(records, {r.id: r for r in records}, facets, Selector(records, facets))  # type: ignore[attr-defined]


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
    return _index(records, facets)


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
    return _index(records, facets)


def _multi_facet(
    key: str,
    title: str,
    records: Sequence[R],
    values_of: Callable[[R], Sequence[object]],
    describe: Callable[[object], Description],
    order: Callable[[FacetValue[R]], object],
) -> Facet[R]:
    """Like :func:`_facet` for records with several values (a mark's Nice classes): a record is
    on the page of each of its values; one pass, so the cost grows with the records."""
    groups: dict[object, list[R]] = {}
    for record in records:
        for value in values_of(record):
            groups.setdefault(value, []).append(record)
    values = [FacetValue(*describe(value), tuple(items)) for value, items in groups.items()]
    return Facet(key, title, tuple(sorted(values, key=order)))


def _nice(number: object) -> Description:
    n = int(str(number))
    return f"{n:02d}", nice_label(n, "zh"), nice_label(n, "en")


def _region(name: str) -> Description:
    return region_slug(name), name, region_en(name)


# The lists' and place types' names are catalogue terms: listed here for the message catalogue.
PLACE_TERMS = (
    N_("侵权易发风险点"), N_("重点关注市场"), N_("专业市场"), N_("电商平台"), N_("展会"), N_("商圈"), N_("其他"),
)  # fmt: skip
RISK_LIST_SLUGS = {RiskList.RISK_POINT: "risk-points", RiskList.FOCUS_MARKET: "focus-markets"}
PLACE_TYPE_SLUGS = {
    PlaceType.MARKET: "market",
    PlaceType.PLATFORM: "platform",
    PlaceType.EXHIBITION: "exhibition",
    PlaceType.TRADING_AREA: "trading-area",
    PlaceType.OTHER: "other",
}


def _district(name: str) -> Description:
    return name, name, name  # a district's name is a Chinese place name on both languages' pages


def key_trademark_index(catalogue: Catalogue) -> RegisterIndex[KeyTrademark]:
    records = catalogue.key_trademarks
    facets = (
        _multi_facet(
            "nice-class", "核定使用类别", records, lambda m: m.nice_classes, _nice, lambda v: v.slug
        ),
        _facet("region", "权利人国别或地区", records, lambda m: m.holder_country, _region, _by_count),
    )
    return _index(records, facets)


def risk_point_index(catalogue: Catalogue) -> RegisterIndex[RiskPoint]:
    records = catalogue.risk_points
    facets = (
        _facet(
            "list",
            "名录",
            records,
            lambda p: p.risk_list,
            lambda v: (RISK_LIST_SLUGS[RiskList(v)], str(v), None),
            _by_count,
        ),
        _facet(
            "type",
            "类型",
            records,
            lambda p: p.kind,
            lambda v: (PLACE_TYPE_SLUGS[PlaceType(v)], str(v), None),
            _by_count,
        ),
        _facet(
            "district",
            "所在区",
            [p for p in records if p.district],
            lambda p: p.district or "",
            _district,
            _by_count,
        ),
        _multi_facet(
            "ip-type", "知识产权类型", records, lambda p: p.ip_types, lambda v: _ip_type(str(v)), _by_count
        ),
    )
    return _index(records, facets)
