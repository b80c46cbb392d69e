"""A small published catalogue with the awkward cases search must handle, indexed and exported once."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from ipcredit.catalogue import Catalogue
from ipcredit.records import (
    Case,
    CaseKind,
    Notice,
    Origin,
    Page,
    PartyType,
    PlaceType,
    RiskList,
    Text,
    WhitePaper,
    Withheld,
    WithholdReason,
    record_id,
)
from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from search import build_search
from search.query import Engine
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
SEARCH_JS = ROOT / "site" / "static" / "js" / "search.js"
HARNESS = Path(__file__).with_name("harness.js")

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def text(title: str, body_html: str, summary: str = "") -> Text:
    return Text(title=title, summary=summary, body_html=body_html)


def penalty(number: str, party: str, **overrides: Any):
    base = factories.penalty(1, decision_number=number, id=record_id(number), party_name=party)
    return replace(base, **overrides)


PENALTIES = (
    penalty(
        "江市监知处罚〔2025〕1234号",
        "江海瑞丰贸易有限公司",
        uscc="91110000101623741K",
        facts="当事人销售标有“耐克”标识的运动鞋共计120双，侵犯注册商标专用权。",
        basis="《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款",
        decision_date=date(2025, 6, 3),
    ),
    penalty(
        "江市监知处罚〔2025〕1235号",
        "江海市德润科技有限公司",
        uscc="91310115MA1K3XXXX5",
        violation_type="假冒专利",
        ip_type="专利",
        facts="当事人在其销售的LED灯具包装上标注他人专利号ZL201810123456.7，构成假冒专利。",
        basis="《中华人民共和国专利法》第六十八条",
        decision_date=date(2025, 6, 4),
    ),
    penalty(
        "江滨市监处罚〔2024〕88号",
        "江海瑞丰电子商行",
        uscc="92310000MA1B2C3D4E",
        facts="当事人销售侵犯“华为”注册商标专用权的手机壳300个。",
        decision_date=date(2024, 11, 30),
    ),
    penalty(
        "江临市监知罚(2024)0456号",
        "江海ＡＢＣ（国际）贸易有限公司",
        uscc="91440300MA5F000001",
        facts="当事人通过网络店铺销售假冒“Ａｐｐｌｅ”商标的耳机 🎧 共计50副。",
        decision_date=date(2024, 5, 20),
    ),
    penalty(
        "江海知执罚 〔2026〕 7 号",
        "张**",
        party_type=PartyType.PERSON,
        uscc=None,
        legal_representative=None,
        id_type="身份证",
        id_number="3101**********123X",
        facts="当事人在集市摊位销售侵犯注册商标专用权的T恤衫40件。",
        decision_date=date(2026, 2, 1),
    ),
    penalty(
        "江知执罚〔2023〕９９号",
        "江海市东湖区<新星>文化传媒工作室",
        uscc="92330100MA2H3J4K5L",
        violation_type="未经许可复制发行他人作品",
        ip_type="著作权",
        facts='当事人未经许可复制发行美术作品<script>alert("x")</script>共计2000册。',
        basis="《中华人民共和国著作权法》第五十三条",
        decision_date=date(2023, 12, 12),
    ),
    penalty(
        "江市监知处罚〔2025〕2001号",
        "江海汇通机械制造有限公司",
        uscc="91310115MA1K3HT001",
        violation_type="假冒专利",
        ip_type="专利",
        facts="当事人在其生产的水泵铭牌上标注已失效的专利号。",
        basis="《中华人民共和国专利法》第六十八条",
        decision_date=date(2025, 3, 14),
    ),
)

# Published, then withheld on the as-of date: it must not be findable.
WITHHELD = penalty(
    "江市监知处罚〔2022〕4321号",
    "江海隐秘贸易有限公司",
    uscc="91110000MA00000000",
    decision_date=date(2022, 1, 5),
)

DISHONESTY = (
    factories.dishonesty(
        1,
        decision_number="江市监知处罚〔2025〕1234号",
        id=record_id("江市监失信〔2025〕1号"),
        name="江海瑞丰贸易有限公司",
        uscc="91110000101623741K",
        behaviour="一年内因侵犯注册商标专用权被行政处罚两次以上",
        listed_on=date(2025, 7, 1),
    ),
)


def case(
    slug: str, title: str, numbers: tuple[str, ...], body: str, year: int = 2025, en: Text | None = None
) -> Case:
    return Case(
        zh=text(title, body, summary=f"{title}的摘要。"),
        en=en,
        slug=slug,
        kind=CaseKind.TOP_TEN,
        year=year,
        rank=1,
        case_numbers=numbers,
        authority="江海市中级人民法院",
        procedure="民事",
        ip_types=("商标",),
        published=date(year + 1, 4, 20),
        tags=("惩罚性赔偿",),
        attachments=(),
        origin=Origin(f"content/cases/{slug}.md", 1),
    )


CASES = (
    case(
        "2025-ruifeng-trademark",
        "江海瑞丰贸易有限公司侵害商标权纠纷案",
        ("（2025）江01民初123号",),
        "<h2>基本案情</h2><p>本案被告曾因江市监知处罚〔2025〕1234号行政处罚决定受到处罚。</p>"
        "<table><tr><td>赔偿额</td><td>500万元 &amp; 律师费</td></tr></table>",
        en=text(
            "Trademark infringement dispute of Jianghai Ruifeng Trading Co., Ltd.",
            "<h2>Facts</h2><p>The defendant had been fined for infringing registered trademarks "
            "and was ordered to pay punitive damages.</p>",
            summary="Punitive damages for repeated trademark infringement.",
        ),
    ),
    case(
        "2024-led-patent",
        "LED灯具发明专利侵权纠纷案",
        ("（2024）江民终45号", "（2023）江01民初9号"),
        "<p>法院适用<strong>惩罚性赔偿</strong>，判决被告赔偿经济损失。</p>",
        year=2024,
    ),
)

WHITE_PAPERS = (
    WhitePaper(
        zh=text(
            "2024年江海市知识产权保护状况白皮书",
            "<h2>一、总体情况</h2><p>全年查处商标侵权案件1862件，办理假冒专利案件96件。</p>",
            summary="江海市坚持严保护、大保护。",
        ),
        en=text(
            "White Paper on Intellectual Property Protection in Jianghai (2024)",
            "<h2>Overview</h2><p>Administrative authorities handled 1,862 trademark cases in the year.</p>",
            summary="Jianghai strengthened IP protection.",
        ),
        slug="2024-jianghai-ip-white-paper",
        year=2024,
        publisher="江海市知识产权局",
        published=date(2025, 4, 22),
        attachments=(),
        origin=Origin("content/white-papers/2024.md", 1),
    ),
)

NOTICES = (
    Notice(
        zh=text(
            "关于江海市德润科技有限公司专利侵权纠纷案的送达公告",
            "<p>江海市德润科技有限公司（统一社会信用代码：91310115MA1K3XXXX5）：本局受理的专利侵权纠纷一案……</p>",
        ),
        en=None,
        slug="service-notice-2026-17",
        published=date(2026, 3, 2),
        publisher="江海市知识产权局",
        expires=None,
        case_number="江知纠字〔2026〕17号",
        attachments=(),
        origin=Origin("content/notices/a.md", 1),
    ),
)

PAGES = (
    Page(
        zh=text("关于本站", "<p>本站公示江海市知识产权领域的信用信息。</p>"),
        en=None,
        slug="about",
        order=1,
        attachments=(),
        origin=Origin("content/pages/about.md", 1),
    ),
    Page(
        zh=text("如何举报侵权假冒", "<ul><li>电话：12345</li><li>邮箱：report@example.org</li></ul>"),
        en=None,
        slug="report-infringement",
        order=2,
        attachments=(),
        origin=Origin("content/pages/report.md", 1),
    ),
)

KEY_TRADEMARKS = (
    factories.key_trademark(1, name="江海青瓷", holder="江海青瓷有限公司", holder_name_en=None, nice_classes=(21,)),
    factories.key_trademark(
        2, name="NORTHWIND", holder="北风服饰株式会社", holder_uscc=None, holder_country="日本",
        holder_name_en="Northwind Apparel K.K.", nice_classes=(25, 35),
    ),
)  # fmt: skip
RISK_POINTS = (
    factories.risk_point(1, name="江海国际小商品城", address="江海市浦江区义乌路88号"),
    factories.risk_point(
        2, risk_list=RiskList.FOCUS_MARKET, name="江海服装批发市场", kind=PlaceType.MARKET, district="东湖区",
        ip_types=("商标",),
    ),
)  # fmt: skip


def sample_catalogue() -> Catalogue:
    return factories.catalogue(
        penalties=tuple(sorted(PENALTIES, key=lambda p: p.decision_date, reverse=True)),
        dishonesty=DISHONESTY,
        cases=CASES,
        white_papers=WHITE_PAPERS,
        notices=NOTICES,
        pages=PAGES,
        key_trademarks=KEY_TRADEMARKS,
        risk_points=RISK_POINTS,
        withheld=(Withheld("penalties", WITHHELD.decision_number, WithholdReason.EXPIRED, WITHHELD.origin),),
    )


@dataclass(frozen=True)
class Built:
    index: Path
    export: Path

    @cached_property
    def engine(self) -> Engine:
        """The index opened once, as the preview server keeps it: for tests that ask many queries."""
        return Engine(self.index)


@pytest.fixture(scope="package")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("search")
    build_search(documents(sample_catalogue()), root / "index", root / "export", SEARCH_SECTIONS)
    found = Built(root / "index", root / "export")
    yield found
    if "engine" in vars(found):
        found.engine.close()


def run_node(mode: str, *args: str, stdin: object = None) -> Any:
    done = subprocess.run(
        ["node", str(HARNESS), mode, str(SEARCH_JS), *args],
        input=json.dumps(stdin) if stdin is not None else None,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
