"""Small record and catalogue builders for tests (published, already-masked records)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.changes import follow
from ipcredit.publicity import DEFAULT_PUBLICITY, Publicity
from ipcredit.records import (
    Authority,
    Case,
    CaseKind,
    DishonestyEntry,
    KeyTrademark,
    Notice,
    Origin,
    PartyType,
    Penalty,
    PlaceType,
    PublicityClass,
    RiskList,
    RiskPoint,
    Text,
    WhitePaper,
    record_id,
    risk_point_id,
    trademark_id,
)
from ipcredit.settings import Licence, Localised, Settings

_PUBLICITY_FIELDS = {f.name for f in fields(Publicity)}

AUTHORITY = Authority(
    "江海市市场监督管理局",
    "11319901MB0000001X",
    "Jianghai Administration for Market Regulation",
    None,
    Origin("a", 1),
)
OTHER_AUTHORITY = Authority(
    "江海市知识产权局", "11319901MB0000002X", "Jianghai IP Administration", None, Origin("a", 2)
)


def settings(**overrides: Any) -> Settings:
    """Test settings; publicity fields (publish_minor, dishonesty_default_months…) may be given
    directly and go into the publicity block."""
    publicity = {k: overrides.pop(k) for k in list(overrides) if k in _PUBLICITY_FIELDS}
    overrides.setdefault("publicity", replace(DEFAULT_PUBLICITY, **publicity))
    base = Settings(
        name=Localised("测试站点", "Test site"),
        base_url="https://example.org/",
        publisher=Localised("测试局", "Test Office"),
        contact_email="t@example.org",
        contact_phone="000",
        contact_address=Localised("地址", "Address"),
        licence=Licence(
            "CC-BY-4.0",
            Localised("署名 4.0", "Attribution 4.0"),
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        page_size=2,
    )
    return replace(base, **overrides)


def penalty(number: int, **overrides: Any) -> Penalty:
    decision = f"江市监知处罚〔2025〕{number}号"
    base = Penalty(
        id=record_id(decision),
        decision_number=decision,
        party_name=f"江海测试{number}贸易有限公司",
        party_type=PartyType.ORGANISATION,
        uscc="91110000101623741K",
        legal_representative="王大明",
        id_type=None,
        id_number=None,
        violation_type="侵犯注册商标专用权",
        ip_type="商标",
        facts="销售侵犯注册商标专用权的商品。",
        basis="《中华人民共和国商标法》第六十条",
        penalty_categories=("罚款", "没收违法所得"),
        content="责令停止侵权，罚款。",
        fine_yuan=Decimal("50000"),
        confiscated_yuan=Decimal("1200.5"),
        licence_action=None,
        decision_date=date(2025, 3, number % 28 + 1),
        validity=None,
        publicity_end=date(2028, 3, 1),
        authority=AUTHORITY.name,
        authority_uscc=AUTHORITY.uscc,
        data_source=None,
        data_source_uscc=None,
        withdrawn_on=None,
        withdrawal_reason=None,
        remarks=None,
        origin=Origin("cases_data/penalties/a.csv", number + 1),
        # As published: the rules derive these again (from the fields above) when they publish.
        publicity_class=PublicityClass.SERIOUS,
        repair_from=date(2026, 3, number % 28 + 1),
    )
    return replace(base, **overrides)


def dishonesty(number: int, **overrides: Any) -> DishonestyEntry:
    decision = f"江市监失信〔2025〕{number}号"
    base = DishonestyEntry(
        id=record_id(decision),
        decision_number=decision,
        name=f"江海失信{number}科技有限公司",
        entity_type=PartyType.ORGANISATION,
        uscc="91350100M000100Y43",
        legal_representative="李四",
        behaviour="恶意商标注册",
        basis="《市场监督管理严重违法失信名单管理办法》第九条",
        authority=AUTHORITY.name,
        listed_on=date(2025, 6, number % 28 + 1),
        scheduled_removal=date(2028, 6, 1),
        removed_on=None,
        removal_reason=None,
        measures="重点监管",
        origin=Origin("cases_data/dishonesty/a.csv", number + 1),
        early_removal_from=date(2026, 6, number % 28 + 1),
    )
    return replace(base, **overrides)


def key_trademark(number: int, **overrides: Any) -> KeyTrademark:
    registration = f"{30000000 + number}"
    base = KeyTrademark(
        id=trademark_id(registration),
        name=f"测试商标{number}",
        registration_number=registration,
        nice_classes=(25, 35),
        holder=f"江海测试{number}服饰有限公司",
        holder_uscc="91110000101623741K",
        holder_country="中国",
        holder_name_en=f"Jianghai Test {number} Apparel Co., Ltd.",
        listed_on=date(2025, 6, number % 28 + 1),
        valid_until=date(2027, 12, 31),
        authority=OTHER_AUTHORITY.name,
        measures="纳入重点商标保护名录，优先受理维权投诉。",
        origin=Origin("cases_data/key-trademarks/a.csv", number + 1),
    )
    return replace(base, **overrides)


def risk_point(number: int, **overrides: Any) -> RiskPoint:
    risk_list = overrides.get("risk_list", RiskList.RISK_POINT)
    name = overrides.get("name", f"江海测试{number}小商品市场")
    base = RiskPoint(
        id=risk_point_id(risk_list, name),
        risk_list=risk_list,
        name=name,
        kind=PlaceType.MARKET,
        district="浦江区",
        address=f"江海市浦江区测试路{number}号",
        ip_types=("商标", "著作权"),
        listed_on=date(2025, 6, number % 28 + 1),
        removed_on=None,
        authority=AUTHORITY.name,
        measures="每月巡查一次。",
        origin=Origin("cases_data/risk-points/a.csv", number + 1),
    )
    return replace(base, **overrides)


def catalogue(**parts: Any) -> Catalogue:
    values: dict[str, Any] = {
        "as_of": date(2026, 11, 24),
        "settings": settings(),
        "white_papers": (),
        "notices": (),
        "pages": (),
        "authorities": (AUTHORITY, OTHER_AUTHORITY),
        "cases": (),
        "penalties": (),
        "dishonesty": (),
        "withheld": (),
    }
    values.update(parts)
    return follow(Catalogue(**values), None)  # as the first build: every record first published on as-of


# A small published catalogue of every kind, used by the dataset, feed, sitemap and data-page tests.
RAW_ID_NUMBER = "310101199003071238"  # what the register held; never published
MASKED_ID_NUMBER = "3101**********1238"
BASE = "https://example.org/"


def case(slug: str, **overrides: object) -> Case:
    base = Case(
        zh=Text(f"案例{slug}", f"案例{slug}的摘要。", "<p>正文</p>"),
        en=Text(f"Case {slug}", f"Summary of {slug}.", "<p>Body</p>"),
        slug=slug,
        kind=CaseKind.TYPICAL,
        year=2025,
        rank=None,
        case_numbers=("（2025）江01民初1号", "（2025）江01民初2号"),
        authority="江海市中级人民法院",
        procedure="民事",
        ip_types=("专利", "商标"),
        published=date(2025, 4, 26),
        tags=("惩罚性赔偿",),
        attachments=(),
        origin=Origin(f"cases_data/typical/{slug}.md", 1),
    )
    return replace(base, **overrides)


def white_paper(slug: str, published: date) -> WhitePaper:
    text = Text(f"白皮书{slug}", f"白皮书{slug}摘要。", "<p>正文</p>")
    return WhitePaper(
        text, None, slug, published.year - 1, "江海市知识产权局", published, (), Origin("w.md", 1)
    )


def notice(slug: str, published: date) -> Notice:
    zh = Text(f"通知{slug}", f"通知{slug}摘要。", "<p>正文</p>")
    en = Text(f"Notice {slug}", f"Notice {slug} summary.", "<p>Body</p>")
    return Notice(zh, en, slug, published, "江海市知识产权局", None, None, (), Origin("n.md", 1))


def person_penalty() -> object:
    """A natural person's penalty as the rules publish it: name and ID number masked."""
    return penalty(
        7,
        party_name="张**",
        party_type=PartyType.PERSON,
        uscc=None,
        legal_representative=None,
        id_type="身份证",
        id_number=MASKED_ID_NUMBER,
        facts='销售假冒商品，含"引号"、逗号,\n以及换行。',
        content='=HYPERLINK("http://evil.example")',
        fine_yuan=Decimal("1234.56"),
        confiscated_yuan=None,
        decision_date=date(2025, 9, 30),
    )


def withheld_penalty() -> object:
    """A record the rules did not publish (its publicity ended): it must be in no output."""
    return penalty(99, party_name="江海已撤下贸易有限公司", decision_date=date(2021, 1, 5))


def sample_catalogue(**parts: object) -> Catalogue:
    penalties = sorted(
        [penalty(n) for n in (1, 2, 3)] + [person_penalty()], key=lambda p: p.decision_date, reverse=True
    )
    cases = (
        case("top-pump", kind=CaseKind.TOP_TEN, rank=1, published=date(2026, 4, 26), en=None),
        case("typical-tea", published=date(2025, 4, 26)),
    )
    values: dict[str, object] = {
        "penalties": tuple(penalties),
        "dishonesty": (dishonesty(2), dishonesty(1)),
        "cases": cases,
        "white_papers": (white_paper("2025-paper", date(2026, 4, 22)),),
        "notices": (notice("service-1", date(2026, 10, 15)),),
    }
    values.update(parts)
    return catalogue(**values)
