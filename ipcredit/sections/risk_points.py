"""Risk points and focus markets (侵权易发风险点和重点关注市场): /risk-points/."""

from __future__ import annotations

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import N_
from ipcredit.records import PlaceType, RiskList, RiskPoint
from ipcredit.sections import browse
from ipcredit.sections.columns import PROTECTION_ID, attr, first_published, joined, url_field
from ipcredit.sections.section import (
    Column,
    Description,
    FacetRule,
    Field,
    SearchFields,
    Section,
    Table,
    Translate,
    by_count,
    id_key,
    listed_on,
)
from ipcredit.sections.text import iso, join_lines, labels


def _risk_point(p: RiskPoint, translate: Translate) -> SearchFields:
    return dict(
        title=p.name,
        date=iso(p.listed_on),
        meta=join_lines([p.authority, p.risk_list, p.kind, p.district, *p.ip_types]),
        body=join_lines([p.address, p.measures]),
        excerpt=join_lines([p.address, p.measures]),
        meta_en=labels(translate, [p.authority, p.risk_list, p.kind, *p.ip_types]),
    )


RISK_POINT_FIELDS = (
    Field("id", N_("记录编号"), PROTECTION_ID, "string", "a71f0c3b2e94", attr("id"), required=True),
    url_field("https://ipcredit.jianghai.example/risk-points/a71f0c3b2e94/", lambda: RISK_POINTS),
    Field("list", N_("名录"), N_("侵权易发风险点名录或重点关注市场名录。"), "string", "侵权易发风险点",
          lambda r, _b: r.risk_list.value, required=True, enum=("侵权易发风险点", "重点关注市场")),
    Field("name", N_("名称"), N_("市场、平台、展会或商圈的名称。"), "string", "江海国际小商品城",
          attr("name"), required=True),
    Field("type", N_("类型"), N_("场所的类型。"), "string", "专业市场", lambda r, _b: r.kind.value,
          required=True, enum=("专业市场", "电商平台", "展会", "商圈", "其他")),
    Field("district", N_("所在区"), N_("所在的区（如有）。"), "string", "浦江区", attr("district")),
    Field("address", N_("地址或网址"), N_("地址，电商平台为网址。"), "string", "江海市浦江区义乌路88号",
          attr("address")),
    Field("ip_types", N_("知识产权类型"), N_("重点监管的知识产权类型，多个之间以“；”分隔。"), "string",
          "商标；著作权", lambda r, _b: joined(r.ip_types), required=True),
    Field("listed_on", N_("列入日期"), N_("列入名录的日期（ISO 8601）。"), "date", "2025-06-01",
          attr("listed_on"), required=True),
    first_published("2025-06-02"),
    Field("authority", N_("列入机关"), N_("作出列入决定的机关。"), "string", "江海市市场监督管理局",
          attr("authority"), required=True),
    Field("measures", N_("监管措施"), N_("对该场所采取的监管措施。"), "string", "每月巡查一次",
          attr("measures")),
)  # fmt: skip

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


def _list(value: object, _catalogue: Catalogue) -> Description:
    return RISK_LIST_SLUGS[RiskList(value)], str(value), None


def _type(value: object, _catalogue: Catalogue) -> Description:
    return PLACE_TYPE_SLUGS[PlaceType(value)], str(value), None


def _district(name: str, _catalogue: Catalogue) -> Description:
    return name, name, name  # a district's name is a Chinese place name on both languages' pages


RISK_POINTS = Section(
    "risk-points", N_("风险点"), "risk_points", id_key, listed_on, "risk-points",
    dataset=Table("risk-points", N_("侵权易发风险点和重点关注市场"),
                  N_("目前仍在名录上的风险点和重点关注市场，最新列入在前。"), RISK_POINT_FIELDS, "id"),
    search=_risk_point,
    facets=(
        FacetRule("list", N_("名录"), lambda p: (p.risk_list,), _list, by_count),
        FacetRule("type", N_("类型"), lambda p: (p.kind,), _type, by_count),
        FacetRule("district", N_("所在区"), lambda p: (p.district,) if p.district else (), _district, by_count),
        FacetRule("ip-type", N_("知识产权类型"), lambda p: p.ip_types, lambda v, c: browse.ip_type(str(v), c), by_count),
    ),
    feed_title=N_("侵权易发风险点和重点关注市场"),
    tracked=True,
    columns=(
        Column(N_("名称"), row_header=True), Column(N_("名录")), Column(N_("类型")), Column(N_("所在区")),
        Column(N_("知识产权类型")),
    ),
)  # fmt: skip
