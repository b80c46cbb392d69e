"""The data dictionary: the one definition of every open-data field.

Each :class:`Field` says what a column is called (English snake_case in CSV and
JSON, the Chinese title in XLSX), what it means, its Frictionless type, an
example, and how to read it from a published record. The dataset writers,
``datapackage.json`` and the /data/ page all read these definitions, so a
column cannot be documented one way and written another.

Titles and descriptions are Chinese msgids (``N_``); pages show them through
the translation layer. Values come only from the published, masked catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.records import Case, Change, ChangeKind, Withdrawal, WithholdReason
from ipcredit.sections import (
    BY_NAME,
    CASES,
    DISHONESTY,
    KEY_TRADEMARKS,
    PARTIES,
    PENALTIES,
    RISK_POINTS,
    Section,
)

Value = str | int | Decimal | date | None
LIST_SEPARATOR = "；"  # joins multi-valued fields (categories, case numbers…), as the pages do


def N_(message: str) -> str:  # the gettext marker; own copy, so outputs need not import the web layer
    return message


@dataclass(frozen=True)
class Field:
    name: str  # English snake_case: CSV header, JSON key, Table Schema name
    title: str  # Chinese: XLSX header and Table Schema title (msgid)
    description: str  # Chinese meaning (msgid)
    type: str  # Frictionless Table Schema type: string, integer, number, date
    example: str
    get: Callable[[Any, str], Value]  # (record, base_url) → value
    required: bool = False
    format: str | None = None  # Table Schema format, e.g. "uri"
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem under /data/ and resource name
    title: str  # Chinese (msgid)
    description: str  # Chinese (msgid)
    fields: tuple[Field, ...]
    primary_key: str | tuple[str, ...]
    records: Callable[[Catalogue], Sequence[Any]]
    record_date: Callable[[Any], date]  # the date the site lists the record by
    formats: tuple[str, ...] = ("csv", "json", "xlsx")
    # JSON as an object holding these values and the rows under the dataset's name (None: an array)
    json_head: Callable[[Catalogue], dict[str, str]] | None = None

    @property
    def key_fields(self) -> tuple[str, ...]:
        return (self.primary_key,) if isinstance(self.primary_key, str) else self.primary_key

    def rows(self, catalogue: Catalogue) -> Iterator[tuple[Value, ...]]:
        """Every published record as a row of typed values, in the site's order."""
        base_url = catalogue.settings.base_url
        getters = [f.get for f in self.fields]
        for record in self.records(catalogue):
            yield tuple(get(record, base_url) for get in getters)

    def last_change(self, catalogue: Catalogue) -> date | None:
        """The newest record's date: what moves when something is added (see the /data/ page)."""
        return max((self.record_date(r) for r in self.records(catalogue)), default=None)


def _joined(values: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def _attr(name: str) -> Callable[[Any, str], Value]:
    return lambda record, _base: getattr(record, name)


def _url(section: Section) -> Callable[[Any, str], Value]:
    return section.record_url


_ORG_CODE = "91339900MA2H3X4Y5B"
# The kinds of Penalty/DishonestyEntry.party_code (the national template's numbered code columns),
# marked here so the pages can show them through the translation layer.
PARTY_CODE_KINDS = (
    N_("工商注册号"),
    N_("组织机构代码"),
    N_("税务登记号"),
    N_("事业单位证书号"),
    N_("社会组织登记证号"),
)
_PARTY_CODE_DESCRIPTION = N_(
    "没有统一社会信用代码的主体据以识别的其他登记代码（如旧的工商注册号、组织机构代码）。"
)
_PARTY_CODE_KIND_DESCRIPTION = N_(
    "其他代码的种类：工商注册号、组织机构代码、税务登记号、事业单位证书号或社会组织登记证号。"
)
_URL_DESCRIPTION = N_("本记录在本站的页面地址（中文版），英文版在域名后加 en/。")
_FIRST_PUBLISHED_DESCRIPTION = N_(
    "本站首次公示该记录的日期（ISO 8601），与决定日期无关：晚录入的记录在录入后首次公示。"
    "变更记录开始之前已在本站的记录，为变更记录开始的日期。"
)


def _first_published(example: str) -> Field:
    return Field("first_published", N_("首次公示日期"), _FIRST_PUBLISHED_DESCRIPTION, "date", example,
                 _attr("first_published"), required=True)  # fmt: skip


PENALTY_FIELDS = (
    Field("id", N_("记录编号"), N_("由决定书文号计算的稳定编号，各次构建保持不变，也是页面地址的一部分。"),
          "string", "3f9a1c0b7d2e", _attr("id"), required=True),
    Field("url", N_("页面地址"), _URL_DESCRIPTION, "string",
          "https://ipcredit.jianghai.example/penalties/3f9a1c0b7d2e/", _url(PENALTIES),
          required=True, format="uri"),
    Field("decision_number", N_("行政处罚决定书文号"), N_("处罚机关编制的决定书文号。"),
          "string", "江海知执罚〔2026〕12号", _attr("decision_number"), required=True),
    Field("party_name", N_("行政相对人名称"), N_("被处罚的单位或个人；自然人姓名按规定脱敏。"),
          "string", "江海市某某科技有限公司", _attr("party_name"), required=True),
    Field("party_type", N_("行政相对人类别"), N_("法人及非法人组织、自然人或个体工商户。"),
          "string", "法人及非法人组织", lambda r, _b: r.party_type.value, required=True,
          enum=("法人及非法人组织", "自然人", "个体工商户")),
    Field("uscc", N_("统一社会信用代码"), N_("行政相对人的18位统一社会信用代码（组织和个体工商户）。"),
          "string", _ORG_CODE, _attr("uscc")),
    Field("party_code", N_("其他代码"), _PARTY_CODE_DESCRIPTION, "string", "310115000469802",
          _attr("party_code")),
    Field("party_code_kind", N_("其他代码类型"), _PARTY_CODE_KIND_DESCRIPTION, "string", "工商注册号",
          _attr("party_code_kind")),
    Field("legal_representative", N_("法定代表人"), N_("组织的法定代表人或负责人，属公开信息。"),
          "string", "王某某", _attr("legal_representative")),
    Field("id_type", N_("证件类型"), N_("自然人证件的类型。"), "string", "身份证", _attr("id_type")),
    Field("id_number", N_("证件号码"), N_("自然人证件号码，只显示前4位和后4位，其余以*代替。"),
          "string", "3101**********123X", _attr("id_number")),
    Field("violation_type", N_("违法行为类型"), N_("违法行为的类别。"),
          "string", "假冒专利", _attr("violation_type"), required=True),
    Field("ip_type", N_("知识产权类型"), N_("所涉知识产权的类型。"),
          "string", "专利", _attr("ip_type"), required=True),
    Field("facts", N_("违法事实"), N_("决定书认定的主要违法事实。"),
          "string", "在其销售的产品上标注已失效的专利号……", _attr("facts"), required=True),
    Field("basis", N_("处罚依据"), N_("作出处罚所依据的法律条款。"),
          "string", "《中华人民共和国专利法》第六十八条", _attr("basis"), required=True),
    Field("penalty_categories", N_("处罚类别"), N_("一项或多项处罚类别，多项之间以“；”分隔。"),
          "string", "警告；罚款", lambda r, _b: _joined(r.penalty_categories), required=True),
    Field("content", N_("处罚内容"), N_("处罚决定的具体内容。"),
          "string", "责令改正，罚款人民币五万元", _attr("content"), required=True),
    Field("fine_yuan", N_("罚款金额（元）"), N_("罚款金额，单位为人民币元；没有罚款的为空。"),
          "number", "50000", _attr("fine_yuan")),
    Field("confiscated_yuan", N_("没收金额（元）"), N_("没收违法所得、没收非法财物的金额，单位为人民币元。"),
          "number", "12000.50", _attr("confiscated_yuan")),
    Field("licence_action", N_("暂扣或吊销证照名称及编号"), N_("被暂扣或吊销的许可证、执照的名称和编号。"),
          "string", "", _attr("licence_action")),
    Field("decision_date", N_("处罚决定日期"), N_("作出处罚决定的日期（ISO 8601）。"),
          "date", "2026-03-18", _attr("decision_date"), required=True),
    _first_published("2026-03-20"),
    Field("validity", N_("处罚有效期"), N_("处罚的有效期限，按决定书填写。"),
          "string", "", _attr("validity")),
    Field("publicity_end", N_("公示截止期"), N_("本站公示该记录的最后一天；期满后记录从本站及所有数据集中撤下。"),
          "date", "2027-03-18", _attr("publicity_end"), required=True),
    Field("publicity_class", N_("失信程度"),
          N_("公示类别（《信用修复管理办法》）：轻微、一般或严重。处罚机关在登记表中认定的为准，未认定的由本站按公示规则认定；类别决定最短和最长公示期。"),
          "string", "一般", lambda r, _b: r.publicity_class.value, required=True, enum=("轻微", "一般", "严重")),
    Field("repair_from", N_("可申请信用修复日期"),
          N_("处罚决定日期加该类别的最短公示期：自该日起当事人可申请信用修复（提前停止公示）。"),
          "date", "2026-06-18", _attr("repair_from"), required=True),
    Field("authority", N_("处罚机关"), N_("作出处罚决定的机关。"),
          "string", "江海市知识产权局", _attr("authority"), required=True),
    Field("authority_uscc", N_("处罚机关统一社会信用代码"), N_("处罚机关的统一社会信用代码。"),
          "string", "11339900002498123H", _attr("authority_uscc"), required=True),
    Field("data_source", N_("数据来源单位"), N_("报送该记录的单位。"),
          "string", "江海市市场监督管理局", _attr("data_source")),
    Field("data_source_uscc", N_("数据来源单位统一社会信用代码"), N_("数据来源单位的统一社会信用代码。"),
          "string", "11339900002498456Y", _attr("data_source_uscc")),
    Field("remarks", N_("备注"), N_("其他说明。"), "string", "", _attr("remarks")),
)  # fmt: skip

DISHONESTY_FIELDS = (
    Field("id", N_("记录编号"), N_("由列入决定书文号计算的稳定编号，各次构建保持不变，也是页面地址的一部分。"),
          "string", "8b41d07e95aa", _attr("id"), required=True),
    Field("url", N_("页面地址"), _URL_DESCRIPTION, "string",
          "https://ipcredit.jianghai.example/dishonesty/8b41d07e95aa/", _url(DISHONESTY),
          required=True, format="uri"),
    Field("decision_number", N_("列入决定书文号"), N_("列入严重违法失信名单决定书的文号。"),
          "string", "江海知失〔2026〕3号", _attr("decision_number"), required=True),
    Field("name", N_("主体名称"), N_("被列入名单的单位或个人；自然人姓名按规定脱敏。"),
          "string", "江海市某某贸易有限公司", _attr("name"), required=True),
    Field("entity_type", N_("主体类别"), N_("法人及非法人组织、自然人或个体工商户。"),
          "string", "法人及非法人组织", lambda r, _b: r.entity_type.value, required=True,
          enum=("法人及非法人组织", "自然人", "个体工商户")),
    Field("uscc", N_("统一社会信用代码"), N_("主体的18位统一社会信用代码（组织和个体工商户）。"),
          "string", _ORG_CODE, _attr("uscc")),
    Field("party_code", N_("其他代码"), _PARTY_CODE_DESCRIPTION, "string", "310115000469802",
          _attr("party_code")),
    Field("party_code_kind", N_("其他代码类型"), _PARTY_CODE_KIND_DESCRIPTION, "string", "工商注册号",
          _attr("party_code_kind")),
    Field("legal_representative", N_("法定代表人（负责人）"), N_("组织的法定代表人或负责人，属公开信息。"),
          "string", "李某某", _attr("legal_representative")),
    Field("behaviour", N_("失信行为"), N_("列入名单的严重违法失信行为。"),
          "string", "故意侵犯知识产权，被处以较重行政处罚", _attr("behaviour"), required=True),
    Field("basis", N_("列入依据"), N_("列入名单所依据的规定。"),
          "string", "《市场监督管理严重违法失信名单管理办法》第九条", _attr("basis"), required=True),
    Field("authority", N_("列入机关"), N_("作出列入决定的机关。"),
          "string", "江海市市场监督管理局", _attr("authority"), required=True),
    Field("listed_on", N_("列入日期"), N_("列入名单的日期（ISO 8601）。"),
          "date", "2026-05-06", _attr("listed_on"), required=True),
    _first_published("2026-05-07"),
    Field("scheduled_removal", N_("届满移出日期"), N_("名单期满、主体自动移出的日期；提前移出的记录不再出现在本站。"),
          "date", "2029-05-06", _attr("scheduled_removal"), required=True),
    Field("early_removal_from", N_("可申请提前移出日期"),
          N_("列入日期加一年（《市场监督管理严重违法失信名单管理办法》）：自该日起可申请提前移出名单。"),
          "date", "2027-05-06", _attr("early_removal_from"), required=True),
    Field("measures", N_("惩戒措施"), N_("对该主体采取的信用惩戒措施。"),
          "string", "列入重点监管对象，提高检查频次", _attr("measures")),
)  # fmt: skip


def _case_text(attr: str, lang: str) -> Callable[[Case, str], Value]:
    def get(case: Case, _base: str) -> Value:
        text = case.zh if lang == "zh" else case.en
        return getattr(text, attr) if text is not None else None

    return get


CASE_FIELDS = (
    Field("slug", N_("案例标识"), N_("案例的稳定标识，也是页面地址的一部分。"),
          "string", "2025-patent-pump", _attr("slug"), required=True),
    Field("url", N_("页面地址"), _URL_DESCRIPTION, "string",
          "https://ipcredit.jianghai.example/cases/2025-patent-pump/", _url(CASES),
          required=True, format="uri"),
    Field("kind", N_("案例类别"), N_("top-ten 为年度十大案例，typical 为典型案例。"),
          "string", "top-ten", lambda c, _b: c.kind.value, required=True, enum=("top-ten", "typical")),
    Field("year", N_("年度"), N_("案例所属年度。"), "integer", "2025", _attr("year"), required=True),
    Field("rank", N_("排名"), N_("十大案例中的排名（1–10）；典型案例为空。"), "integer", "3", _attr("rank")),
    Field("title", N_("标题"), N_("案例标题（中文）。"),
          "string", "某泵业公司专利侵权纠纷案", _case_text("title", "zh"), required=True),
    Field("title_en", N_("英文标题"), N_("案例标题（英文）；没有英文版的为空。"),
          "string", "Patent infringement dispute over pumps", _case_text("title", "en")),
    Field("summary", N_("摘要"), N_("案例摘要（中文）。"),
          "string", "法院判令被告停止侵权并赔偿损失……", _case_text("summary", "zh"), required=True),
    Field("summary_en", N_("英文摘要"), N_("案例摘要（英文）；没有英文版的为空。"),
          "string", "The court ordered the defendant to stop…", _case_text("summary", "en")),
    Field("case_numbers", N_("案号"), N_("一个或多个案号，多个之间以“；”分隔。"),
          "string", "（2025）浙01民初123号", lambda c, _b: _joined(c.case_numbers)),
    Field("authority", N_("办案机关"), N_("审理或查处案件的机关。"),
          "string", "江海市中级人民法院", _attr("authority"), required=True),
    Field("procedure", N_("程序类型"), N_("民事、刑事、行政诉讼、行政执法或仲裁调解。"),
          "string", "民事", _attr("procedure"), required=True),
    Field("ip_types", N_("知识产权类型"), N_("所涉知识产权类型，多个之间以“；”分隔。"),
          "string", "专利", lambda c, _b: _joined(c.ip_types), required=True),
    Field("published", N_("发布日期"), N_("案例在本站发布的日期（ISO 8601）。"),
          "date", "2026-04-26", _attr("published"), required=True),
    _first_published("2026-04-26"),
    Field("tags", N_("标签"), N_("关键词，多个之间以“；”分隔。"),
          "string", "惩罚性赔偿", lambda c, _b: _joined(c.tags)),
)  # fmt: skip


def _dataset(section: Section, title: str, description: str, fields: tuple[Field, ...], key: str) -> Dataset:
    """A section's dataset: its records and dates are the section's (see ipcredit.sections)."""
    assert section.dataset is not None and section.day is not None, section.name
    return Dataset(section.dataset, title, description, fields, key, section.records, section.day)


@dataclass(frozen=True)
class LogRow:
    """A change log entry with what its url field needs: whether the site shows the record now."""

    entry: Change
    shown: bool


def _log_rows(catalogue: Catalogue) -> list[LogRow]:
    history = catalogue.history
    if history is None:
        return []
    current = {(s.section, s.id) for s in history.shown}
    return [LogRow(c, (c.section, c.id) in current) for c in history.changes]


def _log_url(row: LogRow, base: str) -> Value:
    """The record's page while the site shows it; empty for a withdrawal, and for an earlier entry
    of a record that has left since (its page is gone)."""
    entry = row.entry
    if not row.shown or entry.change is ChangeKind.WITHDRAWN:
        return None
    return base + BY_NAME[entry.section].key_path(entry.id)


def _log_head(catalogue: Catalogue) -> dict[str, str]:
    history = catalogue.history
    started = history.log_started if history else catalogue.as_of
    return {"as_of": catalogue.as_of.isoformat(), "log_started": started.isoformat()}


def _withdrawals(catalogue: Catalogue) -> Sequence[Withdrawal]:
    return catalogue.history.withdrawals if catalogue.history else ()


_SECTION_DESCRIPTION = N_(
    "记录所在栏目，即页面地址的第一段：penalties（行政处罚）、dishonesty（严重违法失信名单）、"
    "cases（案例）、white-papers（白皮书）或 notices（通知公告）。"
)
_RECORD_KEY_DESCRIPTION = N_(
    "记录编号（行政处罚、失信名单）或标识（案例、白皮书、通知公告），即页面地址的最后一段，"
    "与其他数据集的 id 或 slug 字段相同。"
)

CHANGE_FIELDS = (
    Field("date", N_("变更日期"), N_("本站发现该变更的构建的数据截至日期（ISO 8601）。"),
          "date", "2026-11-30", lambda r, _b: r.entry.date, required=True),
    Field("change", N_("变更类别"),
          N_("added：记录出现在本站（包括晚录入的记录和重新公示的记录）；changed：本站显示的内容有变化；"
             "withdrawn：记录已从本站撤下，转载者应删除。"),
          "string", "added", lambda r, _b: r.entry.change.value, required=True,
          enum=tuple(k.value for k in ChangeKind)),
    Field("section", N_("栏目"), _SECTION_DESCRIPTION, "string", "penalties",
          lambda r, _b: r.entry.section, required=True),
    Field("id", N_("记录编号"), _RECORD_KEY_DESCRIPTION, "string", "3f9a1c0b7d2e",
          lambda r, _b: r.entry.id, required=True),
    Field("url", N_("页面地址"),
          N_("记录目前在本站的页面地址；撤下的记录（包括其早先的变更行）为空，只留编号、栏目和日期。"),
          "string", "https://ipcredit.jianghai.example/penalties/3f9a1c0b7d2e/", _log_url, format="uri"),
)  # fmt: skip

WITHDRAWN_FIELDS = (
    Field("id", N_("记录编号"), _RECORD_KEY_DESCRIPTION, "string", "3f9a1c0b7d2e", _attr("id"), required=True),
    Field("section", N_("栏目"), _SECTION_DESCRIPTION, "string", "penalties", _attr("section"), required=True),
    Field("withdrawn_on", N_("撤下日期"), N_("记录从本站撤下的日期（ISO 8601）；转载者应在 3 个工作日内删除该记录。"),
          "date", "2026-11-30", _attr("withdrawn_on"), required=True),
)  # fmt: skip

_PROTECTION_ID = N_("由登记内容计算的稳定编号，各次构建保持不变，也是页面地址的一部分。")
KEY_TRADEMARK_FIELDS = (
    Field("id", N_("记录编号"), _PROTECTION_ID, "string", "5d2c8e1a9f03", _attr("id"), required=True),
    Field("url", N_("页面地址"), _URL_DESCRIPTION, "string",
          "https://ipcredit.jianghai.example/key-trademarks/5d2c8e1a9f03/", _url(KEY_TRADEMARKS),
          required=True, format="uri"),
    Field("name", N_("商标名称"), N_("注册商标的名称（中文、拉丁字母或图形商标的描述）。"),
          "string", "江海青瓷", _attr("name"), required=True),
    Field("registration_number", N_("商标注册号"), N_("国家知识产权局核发的商标注册号。"),
          "string", "30000001", _attr("registration_number"), required=True),
    Field("nice_classes", N_("核定使用类别"), N_("尼斯分类的类号（1–45），多个之间以“；”分隔。"),
          "string", "25；35", lambda r, _b: LIST_SEPARATOR.join(str(n) for n in r.nice_classes), required=True),
    Field("holder", N_("商标权利人"), N_("商标权利人的名称；自然人姓名按规定脱敏。"),
          "string", "江海青瓷有限公司", _attr("holder"), required=True),
    Field("holder_name_en", N_("权利人英文名称"), N_("权利人的英文名称（如有）。"),
          "string", "Northwind Apparel K.K.", _attr("holder_name_en")),
    Field("holder_uscc", N_("统一社会信用代码"), N_("境内权利人的统一社会信用代码（如有）。"),
          "string", "91110000101623741K", _attr("holder_uscc")),
    Field("holder_country", N_("权利人国别或地区"), N_("权利人所属国家或地区。"),
          "string", "中国", _attr("holder_country"), required=True),
    Field("listed_on", N_("列入日期"), N_("列入名录的日期（ISO 8601）。"),
          "date", "2025-06-01", _attr("listed_on"), required=True),
    Field("valid_until", N_("有效期至"), N_("保护期的最后一天（ISO 8601），期满后撤下。"),
          "date", "2027-12-31", _attr("valid_until"), required=True),
    Field("authority", N_("列入机关"), N_("作出列入决定的机关。"),
          "string", "江海市市场监督管理局", _attr("authority"), required=True),
    Field("measures", N_("保护措施"), N_("对该商标采取的保护措施。"), "string", "优先受理维权投诉",
          _attr("measures")),
)  # fmt: skip
RISK_POINT_FIELDS = (
    Field("id", N_("记录编号"), _PROTECTION_ID, "string", "a71f0c3b2e94", _attr("id"), required=True),
    Field("url", N_("页面地址"), _URL_DESCRIPTION, "string",
          "https://ipcredit.jianghai.example/risk-points/a71f0c3b2e94/", _url(RISK_POINTS),
          required=True, format="uri"),
    Field("list", N_("名录"), N_("侵权易发风险点名录或重点关注市场名录。"), "string", "侵权易发风险点",
          lambda r, _b: r.risk_list.value, required=True, enum=("侵权易发风险点", "重点关注市场")),
    Field("name", N_("名称"), N_("市场、平台、展会或商圈的名称。"), "string", "江海国际小商品城",
          _attr("name"), required=True),
    Field("type", N_("类型"), N_("场所的类型。"), "string", "专业市场", lambda r, _b: r.kind.value,
          required=True, enum=("专业市场", "电商平台", "展会", "商圈", "其他")),
    Field("district", N_("所在区"), N_("所在的区（如有）。"), "string", "浦江区", _attr("district")),
    Field("address", N_("地址或网址"), N_("地址，电商平台为网址。"), "string", "江海市浦江区义乌路88号",
          _attr("address")),
    Field("ip_types", N_("知识产权类型"), N_("重点监管的知识产权类型，多个之间以“；”分隔。"), "string",
          "商标；著作权", lambda r, _b: _joined(r.ip_types), required=True),
    Field("listed_on", N_("列入日期"), N_("列入名录的日期（ISO 8601）。"), "date", "2025-06-01",
          _attr("listed_on"), required=True),
    Field("authority", N_("列入机关"), N_("作出列入决定的机关。"), "string", "江海市市场监督管理局",
          _attr("authority"), required=True),
    Field("measures", N_("监管措施"), N_("对该场所采取的监管措施。"), "string", "每月巡查一次",
          _attr("measures")),
)  # fmt: skip

PARTY_FIELDS = (
    Field("code", N_("统一社会信用代码"),
          N_("当事人的18位统一社会信用代码（大写），也是当事人页面地址的最后一段。"),
          "string", _ORG_CODE, _attr("code"), required=True),
    Field("url", N_("页面地址"), N_("当事人页面在本站的地址（中文版），英文版在域名后加 en/。"), "string",
          "https://ipcredit.jianghai.example/parties/91339900MA2H3X4Y5B/", _url(PARTIES),
          required=True, format="uri"),
    Field("name", N_("名称"), N_("当事人的名称，按其最新一条行政处罚决定（没有的，按最新的失信名单记录）的写法。"),
          "string", "江海市某某科技有限公司", lambda r, _b: r.names[0], required=True),
    Field("names", N_("全部名称"),
          N_("公示记录中出现的该当事人的全部名称（如更名前后的名称），多个之间以“；”分隔。"),
          "string", "江海市某某科技有限公司；江海某某科技有限公司", lambda r, _b: _joined(r.names),
          required=True),
    Field("party_type", N_("类别"), N_("法人及非法人组织或个体工商户（自然人没有当事人页面）。"),
          "string", "法人及非法人组织", lambda r, _b: r.party_type.value, required=True,
          enum=("法人及非法人组织", "个体工商户")),
    Field("penalties", N_("行政处罚决定数"), N_("该当事人正在公示的行政处罚决定的数量。"),
          "integer", "2", lambda r, _b: len(r.penalties), required=True),
    Field("listings", N_("失信名单记录数"), N_("该当事人在严重违法失信名单上的记录数量。"),
          "integer", "1", lambda r, _b: len(r.listings), required=True),
    Field("cases", N_("相关案例数"), N_("正文中出现该当事人名称或代码的十大案例和典型案例的数量。"),
          "integer", "0", lambda r, _b: len(r.cases), required=True),
    Field("listed_since", N_("列入失信名单日期"), N_("该当事人最早的现行失信名单记录的列入日期；不在名单上的为空。"),
          "date", "2026-05-06", _attr("listed_since")),
    Field("latest_record", N_("最新记录日期"), N_("该当事人最新一条记录的处罚决定日期或列入日期。"),
          "date", "2026-05-06", _attr("updated"), required=True),
    Field("first_published", N_("首次公示日期"),
          N_("该当事人现有记录中最早的首次公示日期：当事人页面至少自该日起在本站。"),
          "date", "2026-03-20", _attr("first_published"), required=True),
)  # fmt: skip

DATASETS = (
    _dataset(PENALTIES, N_("行政处罚决定"), N_("本站公示中的知识产权行政处罚决定，最新决定在前。"),
             PENALTY_FIELDS, "id"),
    _dataset(DISHONESTY, N_("严重违法失信名单"), N_("目前仍在名单上的主体，最新列入在前。"),
             DISHONESTY_FIELDS, "id"),
    _dataset(KEY_TRADEMARKS, N_("重点商标保护名录"), N_("目前仍在保护期内的重点商标，最新列入在前。"),
             KEY_TRADEMARK_FIELDS, "id"),
    _dataset(RISK_POINTS, N_("侵权易发风险点和重点关注市场"), N_("目前仍在名录上的风险点和重点关注市场，最新列入在前。"),
             RISK_POINT_FIELDS, "id"),
    _dataset(CASES, N_("知识产权案例"), N_("年度十大案例和典型案例，最新发布在前。"), CASE_FIELDS, "slug"),
    _dataset(PARTIES, N_("当事人"),
             N_("有公示中的行政处罚决定或失信名单记录的组织和个体工商户，每个一行，记录多的在前；"
                "与当事人页面一致，自然人不在其中。"),
             PARTY_FIELDS, "code"),
    Dataset("changes", N_("变更记录"),
            N_("每次构建与上一次构建相比，新出现、内容有变化和已撤下的记录，最新在前，至少保留最近 400 天。"
               "JSON 文件是一个对象：as_of 为数据截至日期，log_started 为变更记录开始的日期（此前的变更不在其中，"
               "应以完整数据集为准），changes 为各行。"),
            CHANGE_FIELDS, ("date", "change", "section", "id"), _log_rows, lambda r: r.entry.date,
            formats=("csv", "json"), json_head=_log_head),
    Dataset("withdrawn", N_("撤下记录清单"),
            N_("曾在本站公示、现已撤下的记录（只有编号、栏目和撤下日期），最新在前。转载或镜像本站数据者"
               "应在 3 个工作日内删除其中列出的记录。"),
            WITHDRAWN_FIELDS, ("section", "id"), _withdrawals, lambda w: w.withdrawn_on,
            formats=("csv", "json")),
)  # fmt: skip

# Frictionless types as the /data/ page names them.
TYPE_LABELS = {"string": N_("文本"), "integer": N_("整数"), "number": N_("数值"), "date": N_("日期")}


def dataset(name: str) -> Dataset:
    return next(d for d in DATASETS if d.name == name)


# ---- controlled values ---------------------------------------------------------------------
# Values the registers and rules use from a fixed vocabulary, as Chinese msgids: the English
# message catalogue holds each one's English label, which the English pages show (through _())
# and the search indexes (search.documents). IP types, procedures and party types are listed in
# ipcredit.records; the rest are here.

VIOLATION_TYPES = (
    N_("侵犯注册商标专用权"), N_("假冒专利"), N_("侵犯著作权"), N_("侵犯商业秘密"),
    N_("擅自使用地理标志专用标志"), N_("擅自使用他人有一定影响的商品名称、包装、装潢"),
    N_("违法从事专利代理"), N_("违法从事商标代理"), N_("恶意申请商标注册"),
)  # fmt: skip
PENALTY_CATEGORIES = (
    N_("警告"), N_("通报批评"), N_("罚款"), N_("没收违法所得"), N_("没收非法财物"), N_("没收违法商品"),
    N_("没收违法所得、没收非法财物"), N_("暂扣许可证件"), N_("降低资质等级"), N_("吊销许可证件"),
    N_("限制开展生产经营活动"), N_("责令停产停业"), N_("责令关闭"), N_("限制从业"),
)  # fmt: skip
DISHONESTY_BEHAVIOURS = (
    N_("非正常专利申请"), N_("恶意商标注册"), N_("恶意商标申请"), N_("故意侵犯知识产权"),
    N_("违法从事专利代理"), N_("违法从事商标代理"), N_("提交虚假材料"), N_("违反信用承诺"),
    N_("拒不执行行政处罚决定"),
)  # fmt: skip
PUBLICITY_CLASSES = (N_("轻微"), N_("一般"), N_("严重"))  # how serious a penalty is: its publicity period
WITHHOLD_REASONS: dict[WithholdReason, str] = {
    WithholdReason.NOT_YET_EFFECTIVE: N_("尚未生效"),
    WithholdReason.EXPIRED: N_("公示期满"),
    WithholdReason.WITHDRAWN: N_("已撤下"),
    WithholdReason.REMOVED: N_("已移出名单"),
    WithholdReason.MINOR: N_("涉及未成年人"),
}
