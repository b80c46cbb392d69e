"""Headline figures and chart series, counted from the published catalogue only.

A withheld record is not in the catalogue, so it can never be counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ipcredit.catalogue import Catalogue
from ipcredit.records import IP_TYPES, CaseKind


@dataclass(frozen=True)
class Series:
    key: str  # stable id, used for HTML ids
    title: str  # Chinese title (translated when shown)
    unit: str  # Chinese unit label (translated when shown)
    points: tuple[tuple[str, Decimal | int], ...]  # (label, value); labels are years or catalogue terms
    translate_labels: bool  # labels are catalogue terms to translate, not numbers


@dataclass(frozen=True)
class Headline:
    penalties: int
    dishonesty: int
    cases: int
    fines_yuan: Decimal


def _by_ip_type(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple((t, counter[t]) for t in IP_TYPES if counter[t])


def headline(catalogue: Catalogue) -> Headline:
    fines = sum((p.fine_yuan for p in catalogue.penalties if p.fine_yuan is not None), Decimal(0))
    return Headline(len(catalogue.penalties), len(catalogue.dishonesty), len(catalogue.cases), fines)


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
        Series("dishonesty-by-behaviour", "按失信行为统计的失信名单", "个", tuple(sorted(behaviours.items(), key=lambda kv: (-kv[1], kv[0]))), True),
        Series("top-ten-by-ip-type", "十大案例涉及的知识产权类型", "件", _by_ip_type(top_ten_types), True),
    )  # fmt: skip
