"""The key trademark protection list (重点商标保护名录): /key-trademarks/."""

from __future__ import annotations

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import N_
from ipcredit.nice import nice_label
from ipcredit.records import KeyTrademark
from ipcredit.regions import region_en, region_slug
from ipcredit.sections.columns import LIST_SEPARATOR, PROTECTION_ID, attr, first_published, url_field
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
    by_slug,
    id_key,
    listed_on,
)
from ipcredit.sections.text import codes, iso, join_lines, labels


def _key_trademark(m: KeyTrademark, translate: Translate) -> SearchFields:
    return dict(
        title=f"{m.name} {m.registration_number}",
        date=iso(m.listed_on),
        party=m.holder,
        numbers=(m.registration_number,),
        codes=codes(m.holder_uscc),
        meta=join_lines(
            [m.holder_name_en, m.authority, m.holder_country, *(nice_label(n, "zh") for n in m.nice_classes)]
        ),
        body=join_lines([m.measures]),
        excerpt=join_lines([m.holder, m.measures]),
        meta_en=join_lines(
            [labels(translate, [m.authority]), *(nice_label(n, "en") for n in m.nice_classes)]
        ),
    )


KEY_TRADEMARK_FIELDS = (
    Field("id", N_("记录编号"), PROTECTION_ID, "string", "5d2c8e1a9f03", attr("id"), required=True),
    url_field("https://ipcredit.jianghai.example/key-trademarks/5d2c8e1a9f03/", lambda: KEY_TRADEMARKS),
    Field("name", N_("商标名称"), N_("注册商标的名称（中文、拉丁字母或图形商标的描述）。"),
          "string", "江海青瓷", attr("name"), required=True),
    Field("registration_number", N_("商标注册号"), N_("国家知识产权局核发的商标注册号。"),
          "string", "30000001", attr("registration_number"), required=True),
    Field("nice_classes", N_("核定使用类别"), N_("尼斯分类的类号（1–45），多个之间以“；”分隔。"),
          "string", "25；35", lambda r, _b: LIST_SEPARATOR.join(str(n) for n in r.nice_classes), required=True),
    Field("holder", N_("商标权利人"), N_("商标权利人的名称；自然人姓名按规定脱敏。"),
          "string", "江海青瓷有限公司", attr("holder"), required=True),
    Field("holder_name_en", N_("权利人英文名称"), N_("权利人的英文名称（如有）。"),
          "string", "Northwind Apparel K.K.", attr("holder_name_en")),
    Field("holder_uscc", N_("统一社会信用代码"), N_("境内权利人的统一社会信用代码（如有）。"),
          "string", "91110000101623741K", attr("holder_uscc")),
    Field("holder_country", N_("权利人国别或地区"), N_("权利人所属国家或地区。"),
          "string", "中国", attr("holder_country"), required=True),
    Field("listed_on", N_("列入日期"), N_("列入名录的日期（ISO 8601）。"),
          "date", "2025-06-01", attr("listed_on"), required=True),
    first_published("2025-06-02"),
    Field("valid_until", N_("有效期至"), N_("保护期的最后一天（ISO 8601），期满后撤下。"),
          "date", "2027-12-31", attr("valid_until"), required=True),
    Field("authority", N_("列入机关"), N_("作出列入决定的机关。"),
          "string", "江海市市场监督管理局", attr("authority"), required=True),
    Field("measures", N_("保护措施"), N_("对该商标采取的保护措施。"), "string", "优先受理维权投诉",
          attr("measures")),
)  # fmt: skip


def _nice(number: object, _catalogue: Catalogue) -> Description:
    n = int(str(number))
    return f"{n:02d}", nice_label(n, "zh"), nice_label(n, "en")


def _region(name: str, _catalogue: Catalogue) -> Description:
    return region_slug(name), name, region_en(name)


KEY_TRADEMARKS = Section(
    "key-trademarks", N_("重点商标"), "key_trademarks", id_key, listed_on, "key-trademarks",
    dataset=Table("key-trademarks", N_("重点商标保护名录"), N_("目前仍在保护期内的重点商标，最新列入在前。"),
                  KEY_TRADEMARK_FIELDS, "id"),
    search=_key_trademark,
    facets=(
        FacetRule("nice-class", N_("核定使用类别"), lambda m: m.nice_classes, _nice, by_slug),
        FacetRule("region", N_("权利人国别或地区"), lambda m: (m.holder_country,), _region, by_count),
    ),
    feed_title=N_("重点商标保护名录"),
    tracked=True,
    columns=(
        Column(N_("商标名称"), row_header=True), Column(N_("商标注册号")), Column(N_("核定使用类别")),
        Column(N_("商标权利人")), Column(N_("有效期至")),
    ),
)  # fmt: skip
