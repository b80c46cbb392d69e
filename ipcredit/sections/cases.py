"""Top-ten and typical cases (案例): /cases/ and the yearly lists under /top-ten/."""

from __future__ import annotations

from collections.abc import Callable

from ipcredit.i18n import N_
from ipcredit.records import Case
from ipcredit.sections.columns import attr, first_published, joined, url_field
from ipcredit.sections.section import (
    Field,
    SearchFields,
    Section,
    Table,
    Translate,
    Value,
    published,
    slug_key,
)
from ipcredit.sections.text import english, iso, join_lines, labels, summary_and_body


def _case(c: Case, translate: Translate) -> SearchFields:
    return dict(
        title=c.zh.title,
        date=iso(c.published),
        numbers=c.case_numbers,
        meta=join_lines([c.authority, c.procedure, *c.ip_types, *c.tags]),
        body=summary_and_body(c.zh),
        meta_en=labels(translate, [c.authority, c.procedure, *c.ip_types, *c.tags]),
        **english(c.en),
    )


def _case_text(attr: str, lang: str) -> Callable[[Case, str], Value]:
    def get(case: Case, _base: str) -> Value:
        text = case.zh if lang == "zh" else case.en
        return getattr(text, attr) if text is not None else None

    return get


CASE_FIELDS = (
    Field("slug", N_("案例标识"), N_("案例的稳定标识，也是页面地址的一部分。"),
          "string", "2025-patent-pump", attr("slug"), required=True),
    url_field("https://ipcredit.jianghai.example/cases/2025-patent-pump/", lambda: CASES),
    Field("kind", N_("案例类别"), N_("top-ten 为年度十大案例，typical 为典型案例。"),
          "string", "top-ten", lambda c, _b: c.kind.value, required=True, enum=("top-ten", "typical")),
    Field("year", N_("年度"), N_("案例所属年度。"), "integer", "2025", attr("year"), required=True),
    Field("rank", N_("排名"), N_("十大案例中的排名（1–10）；典型案例为空。"), "integer", "3", attr("rank")),
    Field("title", N_("标题"), N_("案例标题（中文）。"),
          "string", "某泵业公司专利侵权纠纷案", _case_text("title", "zh"), required=True),
    Field("title_en", N_("英文标题"), N_("案例标题（英文）；没有英文版的为空。"),
          "string", "Patent infringement dispute over pumps", _case_text("title", "en")),
    Field("summary", N_("摘要"), N_("案例摘要（中文）。"),
          "string", "法院判令被告停止侵权并赔偿损失……", _case_text("summary", "zh"), required=True),
    Field("summary_en", N_("英文摘要"), N_("案例摘要（英文）；没有英文版的为空。"),
          "string", "The court ordered the defendant to stop…", _case_text("summary", "en")),
    Field("case_numbers", N_("案号"), N_("一个或多个案号，多个之间以“；”分隔。"),
          "string", "（2025）浙01民初123号", lambda c, _b: joined(c.case_numbers)),
    Field("authority", N_("办案机关"), N_("审理或查处案件的机关。"),
          "string", "江海市中级人民法院", attr("authority"), required=True),
    Field("procedure", N_("程序类型"), N_("民事、刑事、行政诉讼、行政执法或仲裁调解。"),
          "string", "民事", attr("procedure"), required=True),
    Field("ip_types", N_("知识产权类型"), N_("所涉知识产权类型，多个之间以“；”分隔。"),
          "string", "专利", lambda c, _b: joined(c.ip_types), required=True),
    Field("published", N_("发布日期"), N_("案例在本站发布的日期（ISO 8601）。"),
          "date", "2026-04-26", attr("published"), required=True),
    first_published("2026-04-26"),
    Field("tags", N_("标签"), N_("关键词，多个之间以“；”分隔。"),
          "string", "惩罚性赔偿", lambda c, _b: joined(c.tags)),
)  # fmt: skip


CASES = Section(
    "cases", N_("案例"), "cases", slug_key, published, "cases",
    also_under=("top-ten",), feed_title=N_("知识产权案例"),
    dataset=Table("cases", N_("知识产权案例"), N_("年度十大案例和典型案例，最新发布在前。"), CASE_FIELDS, "slug"),
    search=_case,
    tracked=True,
)  # fmt: skip
