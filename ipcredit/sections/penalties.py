"""Administrative penalty decisions (行政处罚): the register of /penalties/."""

from __future__ import annotations

from ipcredit.i18n import N_
from ipcredit.records import Penalty
from ipcredit.sections import browse
from ipcredit.sections.columns import (
    ORG_CODE,
    PARTY_CODE_FIELDS,
    attr,
    first_published,
    joined,
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
    newest_year_first,
)
from ipcredit.sections.text import codes, iso, join_lines, labels


def _penalty(p: Penalty, translate: Translate) -> SearchFields:
    return dict(
        title=f"{p.party_name} {p.decision_number}",
        date=iso(p.decision_date),
        party=p.party_name,
        numbers=(p.decision_number,),
        codes=codes(p.uscc),
        meta=join_lines([p.authority, p.ip_type, p.legal_representative]),
        body=join_lines([p.violation_type, p.facts, p.basis, p.content]),
        # The short fields first: a snippet of a penalty then shows what and why.
        excerpt=join_lines([p.violation_type, p.basis, p.content, p.facts]),
        meta_en=labels(translate, [p.authority, p.ip_type, p.violation_type, *p.penalty_categories]),
    )


PENALTY_FIELDS = (
    Field("id", N_("记录编号"), N_("由决定书文号计算的稳定编号，各次构建保持不变，也是页面地址的一部分。"),
          "string", "3f9a1c0b7d2e", attr("id"), required=True),
    url_field("https://ipcredit.jianghai.example/penalties/3f9a1c0b7d2e/", lambda: PENALTIES),
    Field("decision_number", N_("行政处罚决定书文号"), N_("处罚机关编制的决定书文号。"),
          "string", "江海知执罚〔2026〕12号", attr("decision_number"), required=True),
    Field("party_name", N_("行政相对人名称"), N_("被处罚的单位或个人；自然人姓名按规定脱敏。"),
          "string", "江海市某某科技有限公司", attr("party_name"), required=True),
    Field("party_type", N_("行政相对人类别"), N_("法人及非法人组织、自然人或个体工商户。"),
          "string", "法人及非法人组织", lambda r, _b: r.party_type.value, required=True,
          enum=("法人及非法人组织", "自然人", "个体工商户")),
    Field("uscc", N_("统一社会信用代码"), N_("行政相对人的18位统一社会信用代码（组织和个体工商户）。"),
          "string", ORG_CODE, attr("uscc")),
    *PARTY_CODE_FIELDS,
    Field("legal_representative", N_("法定代表人"), N_("组织的法定代表人或负责人，属公开信息。"),
          "string", "王某某", attr("legal_representative")),
    Field("id_type", N_("证件类型"), N_("自然人证件的类型。"), "string", "身份证", attr("id_type")),
    Field("id_number", N_("证件号码"), N_("自然人证件号码，只显示前4位和后4位，其余以*代替。"),
          "string", "3101**********123X", attr("id_number")),
    Field("violation_type", N_("违法行为类型"), N_("违法行为的类别。"),
          "string", "假冒专利", attr("violation_type"), required=True),
    Field("ip_type", N_("知识产权类型"), N_("所涉知识产权的类型。"),
          "string", "专利", attr("ip_type"), required=True),
    Field("facts", N_("违法事实"), N_("决定书认定的主要违法事实。"),
          "string", "在其销售的产品上标注已失效的专利号……", attr("facts"), required=True),
    Field("basis", N_("处罚依据"), N_("作出处罚所依据的法律条款。"),
          "string", "《中华人民共和国专利法》第六十八条", attr("basis"), required=True),
    Field("penalty_categories", N_("处罚类别"), N_("一项或多项处罚类别，多项之间以“；”分隔。"),
          "string", "警告；罚款", lambda r, _b: joined(r.penalty_categories), required=True),
    Field("content", N_("处罚内容"), N_("处罚决定的具体内容。"),
          "string", "责令改正，罚款人民币五万元", attr("content"), required=True),
    Field("fine_yuan", N_("罚款金额（元）"), N_("罚款金额，单位为人民币元；没有罚款的为空。"),
          "number", "50000", attr("fine_yuan")),
    Field("confiscated_yuan", N_("没收金额（元）"), N_("没收违法所得、没收非法财物的金额，单位为人民币元。"),
          "number", "12000.50", attr("confiscated_yuan")),
    Field("licence_action", N_("暂扣或吊销证照名称及编号"), N_("被暂扣或吊销的许可证、执照的名称和编号。"),
          "string", "", attr("licence_action")),
    Field("decision_date", N_("处罚决定日期"), N_("作出处罚决定的日期（ISO 8601）。"),
          "date", "2026-03-18", attr("decision_date"), required=True),
    first_published("2026-03-20"),
    Field("validity", N_("处罚有效期"), N_("处罚的有效期限，按决定书填写。"),
          "string", "", attr("validity")),
    Field("publicity_end", N_("公示截止期"), N_("本站公示该记录的最后一天；期满后记录从本站及所有数据集中撤下。"),
          "date", "2027-03-18", attr("publicity_end"), required=True),
    Field("publicity_class", N_("失信程度"),
          N_("公示类别（《信用修复管理办法》）：轻微、一般或严重。处罚机关在登记表中认定的为准，未认定的由本站按公示规则认定；类别决定最短和最长公示期。"),
          "string", "一般", lambda r, _b: r.publicity_class.value, required=True, enum=("轻微", "一般", "严重")),
    Field("repair_from", N_("可申请信用修复日期"),
          N_("处罚决定日期加该类别的最短公示期：自该日起当事人可申请信用修复（提前停止公示）。"),
          "date", "2026-06-18", attr("repair_from"), required=True),
    Field("authority", N_("处罚机关"), N_("作出处罚决定的机关。"),
          "string", "江海市知识产权局", attr("authority"), required=True),
    Field("authority_uscc", N_("处罚机关统一社会信用代码"), N_("处罚机关的统一社会信用代码。"),
          "string", "11339900002498123H", attr("authority_uscc"), required=True),
    Field("data_source", N_("数据来源单位"), N_("报送该记录的单位。"),
          "string", "江海市市场监督管理局", attr("data_source")),
    Field("data_source_uscc", N_("数据来源单位统一社会信用代码"), N_("数据来源单位的统一社会信用代码。"),
          "string", "11339900002498456Y", attr("data_source_uscc")),
    Field("remarks", N_("备注"), N_("其他说明。"), "string", "", attr("remarks")),
)  # fmt: skip


PENALTIES = Section(
    "penalties", N_("行政处罚"), "penalties", id_key, lambda r: r.decision_date, "penalties",
    feed_title=N_("行政处罚决定"),
    dataset=Table("penalties", N_("行政处罚决定"), N_("本站公示中的知识产权行政处罚决定，最新决定在前。"),
                  PENALTY_FIELDS, "id"),
    search=_penalty,
    brief_snippets=True,
    facets=(
        FacetRule("year", N_("年份"), lambda p: (str(p.decision_date.year),), browse.year, newest_year_first),
        FacetRule("authority", N_("处罚机关"), lambda p: (p.authority,), browse.authority, by_count),
        FacetRule("ip-type", N_("知识产权类型"), lambda p: (p.ip_type,), browse.ip_type, by_count),
    ),
    tracked=True,
    columns=(
        Column(N_("处罚决定日期")), Column(N_("行政相对人"), row_header=True), Column(N_("处罚决定书文号")),
        Column(N_("违法行为类型")), Column(N_("罚款金额"), number=True), Column(N_("处罚机关")),
    ),
)  # fmt: skip
