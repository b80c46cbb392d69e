"""Party pages (当事人): /parties/, one page per organisation or individual business of the registers."""

from __future__ import annotations

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import N_
from ipcredit.parties import Party
from ipcredit.records import PartyType
from ipcredit.sections import browse
from ipcredit.sections.columns import ORG_CODE, attr, joined, url_field
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
)
from ipcredit.sections.text import iso, join_lines, labels

PARTY_TYPE_SLUGS = {
    PartyType.ORGANISATION: "organisation",
    PartyType.INDIVIDUAL_BUSINESS: "individual-business",
}
ON_LIST, NOT_ON_LIST = N_("在严重违法失信名单上"), N_("不在严重违法失信名单上")


def _party(p: Party, translate: Translate) -> SearchFields:
    """A party's page ranks first for the party's name or code: its section comes first in
    SECTIONS, so it wins the tie of an exact code query (its records carry the code too), and its
    names stand in its head, meta and body, so a name query scores it above any one record or
    case naming the party. Its records' decision numbers are in its body only: a number query
    finds the record first, then the party page (a mention)."""
    names = join_lines(p.names)
    authorities = dict.fromkeys(r.authority for r in (*p.penalties, *p.listings))
    records = join_lines(
        [
            *(f"{r.decision_number} {r.violation_type}" for r in p.penalties),
            *(f"{r.decision_number} {r.behaviour}" for r in p.listings),
        ]
    )
    return dict(
        title=p.names[0],
        date=iso(p.updated),
        party=names,
        codes=(p.code,),
        meta=join_lines([names, p.party_type.value, *authorities]),
        body=join_lines([names, records]),
        excerpt=records,
        meta_en=labels(translate, [p.party_type.value, *authorities]),
    )


PARTY_FIELDS = (
    Field("code", N_("统一社会信用代码"),
          N_("当事人的18位统一社会信用代码（大写），也是当事人页面地址的最后一段。"),
          "string", ORG_CODE, attr("code"), required=True),
    url_field("https://ipcredit.jianghai.example/parties/91339900MA2H3X4Y5B/", lambda: PARTIES),
    Field("name", N_("名称"), N_("当事人的名称，按其最新一条行政处罚决定（没有的，按最新的失信名单记录）的写法。"),
          "string", "江海市某某科技有限公司", lambda r, _b: r.names[0], required=True),
    Field("names", N_("全部名称"),
          N_("公示记录中出现的该当事人的全部名称（如更名前后的名称），多个之间以“；”分隔。"),
          "string", "江海市某某科技有限公司；江海某某科技有限公司", lambda r, _b: joined(r.names),
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
          "date", "2026-05-06", attr("listed_since")),
    Field("latest_record", N_("最新记录日期"), N_("该当事人最新一条记录的处罚决定日期或列入日期。"),
          "date", "2026-05-06", attr("updated"), required=True),
    Field("first_published", N_("首次公示日期"),
          N_("该当事人现有记录中最早的首次公示日期：当事人页面至少自该日起在本站。"),
          "date", "2026-03-20", attr("first_published"), required=True),
)  # fmt: skip


def _party_type(value: object, _catalogue: Catalogue) -> Description:
    return PARTY_TYPE_SLUGS[PartyType(value)], str(value), None


def _on_list(value: object, _catalogue: Catalogue) -> Description:
    return ("listed" if value == ON_LIST else "not-listed"), str(value), None


def _authorities(p: Party) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.authority for r in (*p.penalties, *p.listings)))


PARTIES = Section(
    "parties", N_("当事人"), "parties", id_key, lambda r: r.updated, "parties",
    dataset=Table("parties", N_("当事人"),
                  N_("有公示中的行政处罚决定或失信名单记录的组织和个体工商户，每个一行，记录多的在前；"
                     "与当事人页面一致，自然人不在其中。"),
                  PARTY_FIELDS, "code"),
    search=_party,
    facets=(
        FacetRule("type", N_("类别"), lambda p: (p.party_type,), _party_type, by_count),
        FacetRule("dishonesty", N_("失信名单"), lambda p: (ON_LIST if p.listings else NOT_ON_LIST,), _on_list, by_slug),
        FacetRule("authority", N_("处罚或列入机关"), _authorities, browse.authority, by_count),
    ),
    # One value at a time: the registers combine theirs, and a party on seven lists (not four)
    # in two languages made the party lists 40% of what a night rewrote (docs/scale.md).
    combine=1,
    columns=(
        Column(N_("名称"), row_header=True), Column(N_("统一社会信用代码")), Column(N_("行政处罚")),
        Column(N_("失信名单")),
    ),
)  # fmt: skip
