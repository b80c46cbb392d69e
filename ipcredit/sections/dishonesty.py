"""The serious dishonesty list (严重违法失信名单): the register of /dishonesty/."""

from __future__ import annotations

from ipcredit.i18n import N_
from ipcredit.records import DishonestyEntry
from ipcredit.sections import browse
from ipcredit.sections.columns import (
    ORG_CODE,
    PARTY_CODE_FIELDS,
    attr,
    first_published,
    url_field,
)
from ipcredit.sections.section import (
    Column,
    FacetRule,
    Field,
    SearchFields,
    Section,
    Table,
    Translate,
    by_count,
    id_key,
    listed_on,
    newest_year_first,
)
from ipcredit.sections.text import codes, iso, join_lines, labels


def _dishonesty(d: DishonestyEntry, translate: Translate) -> SearchFields:
    return dict(
        title=f"{d.name} {d.decision_number}",
        date=iso(d.listed_on),
        party=d.name,
        numbers=(d.decision_number,),
        codes=codes(d.uscc),
        meta=join_lines([d.authority, d.legal_representative]),
        body=join_lines([d.behaviour, d.basis, d.measures]),
        excerpt=join_lines([d.behaviour, d.measures, d.basis]),
        meta_en=labels(translate, [d.authority, d.behaviour]),
    )


DISHONESTY_FIELDS = (
    Field("id", N_("记录编号"), N_("由列入决定书文号计算的稳定编号，各次构建保持不变，也是页面地址的一部分。"),
          "string", "8b41d07e95aa", attr("id"), required=True),
    url_field("https://ipcredit.jianghai.example/dishonesty/8b41d07e95aa/", lambda: DISHONESTY),
    Field("decision_number", N_("列入决定书文号"), N_("列入严重违法失信名单决定书的文号。"),
          "string", "江海知失〔2026〕3号", attr("decision_number"), required=True),
    Field("name", N_("主体名称"), N_("被列入名单的单位或个人；自然人姓名按规定脱敏。"),
          "string", "江海市某某贸易有限公司", attr("name"), required=True),
    Field("entity_type", N_("主体类别"), N_("法人及非法人组织、自然人或个体工商户。"),
          "string", "法人及非法人组织", lambda r, _b: r.entity_type.value, required=True,
          enum=("法人及非法人组织", "自然人", "个体工商户")),
    Field("uscc", N_("统一社会信用代码"), N_("主体的18位统一社会信用代码（组织和个体工商户）。"),
          "string", ORG_CODE, attr("uscc")),
    *PARTY_CODE_FIELDS,
    Field("legal_representative", N_("法定代表人（负责人）"), N_("组织的法定代表人或负责人，属公开信息。"),
          "string", "李某某", attr("legal_representative")),
    Field("behaviour", N_("失信行为"), N_("列入名单的严重违法失信行为。"),
          "string", "故意侵犯知识产权，被处以较重行政处罚", attr("behaviour"), required=True),
    Field("basis", N_("列入依据"), N_("列入名单所依据的规定。"),
          "string", "《市场监督管理严重违法失信名单管理办法》第九条", attr("basis"), required=True),
    Field("authority", N_("列入机关"), N_("作出列入决定的机关。"),
          "string", "江海市市场监督管理局", attr("authority"), required=True),
    Field("listed_on", N_("列入日期"), N_("列入名单的日期（ISO 8601）。"),
          "date", "2026-05-06", attr("listed_on"), required=True),
    first_published("2026-05-07"),
    Field("scheduled_removal", N_("届满移出日期"), N_("名单期满、主体自动移出的日期；提前移出的记录不再出现在本站。"),
          "date", "2029-05-06", attr("scheduled_removal"), required=True),
    Field("early_removal_from", N_("可申请提前移出日期"),
          N_("列入日期加一年（《市场监督管理严重违法失信名单管理办法》）：自该日起可申请提前移出名单。"),
          "date", "2027-05-06", attr("early_removal_from"), required=True),
    Field("measures", N_("惩戒措施"), N_("对该主体采取的信用惩戒措施。"),
          "string", "列入重点监管对象，提高检查频次", attr("measures")),
)  # fmt: skip


DISHONESTY = Section(
    "dishonesty", N_("失信名单"), "dishonesty", id_key, listed_on, "dishonesty",
    feed_title=N_("严重违法失信名单"),
    dataset=Table("dishonesty", N_("严重违法失信名单"), N_("目前仍在名单上的主体，最新列入在前。"),
                  DISHONESTY_FIELDS, "id"),
    search=_dishonesty,
    brief_snippets=True,
    facets=(
        FacetRule("year", N_("列入年份"), lambda d: (str(d.listed_on.year),), browse.year, newest_year_first),
        FacetRule("authority", N_("列入机关"), lambda d: (d.authority,), browse.authority, by_count),
    ),
    tracked=True,
    columns=(
        Column(N_("列入日期")), Column(N_("主体名称"), row_header=True), Column(N_("失信行为")),
        Column(N_("列入机关")), Column(N_("届满移出日期")),
    ),
)  # fmt: skip
