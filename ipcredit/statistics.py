"""Headline figures and chart series, counted from the published catalogue only.

A withheld record is not in the catalogue, so it can never be counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ipcredit.catalogue import Catalogue
from ipcredit.nice import nice_label
from ipcredit.records import IP_TYPES, CaseKind, PlaceType, RiskList
from ipcredit.regions import region_en


@dataclass(frozen=True)
class Series:
    key: str  # stable id, used for HTML ids
    title: str  # Chinese title (translated when shown)
    unit: str  # Chinese unit label (translated when shown)
    points: tuple[tuple[str, Decimal | int], ...]  # (label, value); labels are years or catalogue terms
    translate_labels: bool  # labels are catalogue terms to translate, not numbers
    # (label, page language) → the label shown, for labels that are neither numbers nor terms
    label_for: Callable[[str, str], str] | None = None


@dataclass(frozen=True)
class Headline:
    penalties: int
    dishonesty: int
    cases: int
    fines_yuan: Decimal
    key_trademarks: int  # marks under protection
    risk_points: int  # places on either list: risk points and markets under focus


def _by_ip_type(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple((t, counter[t]) for t in IP_TYPES if counter[t])


def headline(catalogue: Catalogue) -> Headline:
    fines = sum((p.fine_yuan for p in catalogue.penalties if p.fine_yuan is not None), Decimal(0))
    return Headline(
        len(catalogue.penalties), len(catalogue.dishonesty), len(catalogue.cases), fines,
        len(catalogue.key_trademarks), len(catalogue.risk_points),
    )  # fmt: skip


def _nice_class(label: str, lang: str) -> str:
    return nice_label(int(label), lang)


def _region(name: str, lang: str) -> str:
    return region_en(name) if lang == "en" else name


def _most_first(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def protection_series(catalogue: Catalogue) -> tuple[Series, ...]:
    """The key trademarks by Nice class and by the holder's country or region (a mark in two
    classes counts in each); the places by list and by type, in the lists' own order."""
    classes = Counter(n for m in catalogue.key_trademarks for n in m.nice_classes)
    regions = Counter(m.holder_country for m in catalogue.key_trademarks)
    lists = Counter(p.risk_list for p in catalogue.risk_points)
    kinds = Counter(p.kind for p in catalogue.risk_points)
    return (
        Series("key-trademarks-by-nice-class", "按尼斯分类统计的重点商标", "件", tuple((str(n), classes[n]) for n in sorted(classes)), False, _nice_class),
        Series("key-trademarks-by-region", "按权利人国别或地区统计的重点商标", "件", _most_first(regions), False, _region),
        Series("risk-points-by-list", "按名录统计的风险点和重点关注市场", "处", tuple((str(r), lists[r]) for r in RiskList if lists[r]), True),
        Series("risk-points-by-type", "按类型统计的风险点和重点关注市场", "处", tuple((str(k), kinds[k]) for k in PlaceType if kinds[k]), True),
    )  # fmt: skip


def chart_series(catalogue: Catalogue) -> tuple[Series, ...]:
    penalties_by_year: Counter[str] = Counter()
    fines_by_year: dict[str, Decimal] = {}
    penalties_by_type: Counter[str] = Counter()
    for p in catalogue.penalties:
        year = str(p.decision_date.year)
        penalties_by_year[year] += 1
        penalties_by_type[p.ip_type] += 1
        fines_by_year[year] = fines_by_year.get(year, Decimal(0)) + (p.fine_yuan or Decimal(0))
    behaviours = Counter(d.behaviour for d in catalogue.dishonesty)
    top_ten_types = Counter(t for c in catalogue.cases if c.kind is CaseKind.TOP_TEN for t in c.ip_types)
    years = sorted(penalties_by_year)
    return (
        Series("penalties-by-year", "按年份统计的行政处罚决定", "件", tuple((y, penalties_by_year[y]) for y in years), False),
        Series("penalties-by-ip-type", "按知识产权类型统计的行政处罚决定", "件", _by_ip_type(penalties_by_type), True),
        Series("fines-by-year", "按年份统计的罚款金额", "万元", tuple((y, (fines_by_year[y] / 10000).quantize(Decimal("0.01"))) for y in years), False),
        Series("dishonesty-by-behaviour", "按失信行为统计的失信名单", "个", _most_first(behaviours), True),
        Series("top-ten-by-ip-type", "十大案例涉及的知识产权类型", "件", _by_ip_type(top_ten_types), True),
        *protection_series(catalogue),
    )  # fmt: skip
