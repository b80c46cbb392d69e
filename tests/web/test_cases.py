"""Case pages: top-ten lists, the faceted case browse, full case pages, English, reachability by links."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from flask import url_for
from lxml import html

from ipcredit.catalogue import Catalogue
from ipcredit.records import (
    IP_TYPE_SLUGS,
    IP_TYPES,
    PROCEDURE_SLUGS,
    PROCEDURES,
    Case,
    CaseKind,
    Origin,
    Text,
)
from ipcredit.rules.cases import publish_cases
from ipcredit.web import create_app
from ipcredit.web.views import cases as case_views
from tests.checks.test_cases import COURT, EN_BODY, case_file, front, load
from tests.factories import AUTHORITY, OTHER_AUTHORITY, catalogue
from tests.web.paging import follow

# A small cases_data folder: (path, front matter overrides). Page size is 2 in the test settings.
FILES = {
    "top-ten/2025/01-chip-patent.md": front(),
    "top-ten/2025/02-fake-brand.md": front(
        rank=2,
        title="某公司假冒注册商标罪案",
        procedure="刑事",
        ip_types="[商标]",
        tags=None,
        case_numbers=None,
    ),
    "top-ten/2025/03-recipe-secret.md": front(
        rank=3,
        title="某食品公司商业秘密行政查处案",
        procedure="行政执法",
        authority=OTHER_AUTHORITY.name,
        ip_types="[商业秘密, 不正当竞争]",
    ),
    "top-ten/2024/01-game-copyright.md": front(
        year=2024, title="某游戏著作权纠纷案", ip_types="[著作权]", published="2025-04-26"
    ),
    "typical/trade-fair-fakes.md": front(
        top_ten=False,
        title="展会销售假冒商标商品行政处罚案",
        authority=AUTHORITY.name,
        procedure="行政执法",
        ip_types="[商标]",
        published="2026-06-01",
        summary="展会期间查处侵权商品。",
    ),
}
EN_TWIN = (
    "top-ten/2025/01-chip-patent.en.md",
    {"title": "Tech v Electronics (invention patent)", "summary": "An English summary."},
)
LIST_PREFIXES = ("/cases/", "/top-ten/", "/en/cases/", "/en/top-ten/")


@pytest.fixture
def site(tmp_path: Path) -> Catalogue:
    files = {path: case_file(meta) for path, meta in FILES.items()}
    files[EN_TWIN[0]] = case_file(EN_TWIN[1], EN_BODY)
    cases, problems = load(tmp_path, files, (AUTHORITY, OTHER_AUTHORITY, COURT))
    assert not problems.errors, [str(p) for p in problems]
    shown, _ = publish_cases(cases, date(2026, 11, 24))
    return catalogue(cases=shown, authorities=(AUTHORITY, OTHER_AUTHORITY, COURT))


def get(cat: Catalogue, path: str) -> html.HtmlElement:
    response = create_app(cat).test_client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return html.fromstring(response.get_data(as_text=True))


def status(cat: Catalogue, path: str) -> int:
    return create_app(cat).test_client().get(path).status_code


def texts(page: html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in page.xpath(xpath)]


def listed_slugs(page: html.HtmlElement) -> list[str]:
    return [a.get("href").split("/")[-2] for a in page.xpath('//ol[contains(@class, "case-list")]/li/h2/a')]


def test_top_ten_index_lists_every_year_newest_first_with_its_count(site):
    page = get(site, "/top-ten/")
    assert [a.get("href") for a in page.xpath("//main//ol/li/h2/a")] == ["/top-ten/2025/", "/top-ten/2024/"]
    counts = texts(page, "//main//ol/li/p[@class='meta']")
    assert counts[0].startswith("共 3 件案例") and counts[1].startswith("共 1 件案例")
    assert len(page.xpath("//h1")) == 1


def test_a_top_ten_year_lists_its_cases_in_rank_order_with_their_details(site):
    page = get(site, "/top-ten/2025/")
    items = page.xpath("//ol[contains(@class, 'top-ten-list')]/li")
    assert [i.xpath("string(h2/span[@class='rank'])") for i in items] == ["案例1", "案例2", "案例3"]
    assert [i.xpath("h2/a/@href")[0] for i in items] == [
        "/cases/2025-01-chip-patent/", "/cases/2025-02-fake-brand/", "/cases/2025-03-recipe-secret/",
    ]  # fmt: skip
    third = " ".join(items[2].text_content().split())
    assert "某食品公司商业秘密行政查处案" in third and OTHER_AUTHORITY.name in third
    assert "商业秘密、不正当竞争" in third and "行政执法" in third and "一段摘要。" in third
    assert page.xpath("//a[@rel='prev']/@href") == ["/top-ten/2024/"]
    assert status(site, "/top-ten/2023/") == 404


def test_all_cases_are_listed_newest_first_and_paged(site):
    expected = [c.slug for c in site.cases]
    assert expected[0] == "trade-fair-fakes" and expected[-1] == "2024-01-game-copyright"
    pages = follow(create_app(site).test_client(), "/cases/")
    assert len(pages) > 1
    assert [slug for _path, page in pages for slug in listed_slugs(html.fromstring(page))] == expected
    assert all(path.startswith("/cases/page/") for path, _page in pages[1:])
    assert status(site, "/cases/page/2/") == 404  # pages are named after a case, not numbered


def sidebar(page: html.HtmlElement) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Facet key → (label and count text, href or None when not linked, aria-current)."""
    out = {}
    for section in page.xpath("//aside[@class='facets']/section"):
        rows = []
        for li in section.xpath(".//li"):
            link = li.find("a")
            label = " ".join(li.text_content().split())
            rows.append(
                (
                    label,
                    None if link is None else link.get("href"),
                    None if link is None else link.get("aria-current"),
                )
            )
        out[section.xpath("h3/@id")[0].removeprefix("facet-")] = rows
    return out


def test_the_facet_sidebar_counts_every_value_and_links_only_values_with_cases(site):
    facets = sidebar(get(site, "/cases/"))
    years = Counter(c.year for c in site.cases)
    ip_types = Counter(t for c in site.cases for t in c.ip_types)
    procedures = Counter(c.procedure for c in site.cases)
    assert facets["year"] == [
        (f"{y} （{n} 件）", f"/cases/year/{y}/", None) for y, n in sorted(years.items(), reverse=True)
    ]
    assert facets["ip-type"] == [
        (f"{t} （{ip_types[t]} 件）", f"/cases/ip-type/{IP_TYPE_SLUGS[t]}/" if ip_types[t] else None, None)
        for t in IP_TYPES
    ]
    assert facets["procedure"] == [
        (
            f"{p} （{procedures[p]} 件）",
            f"/cases/procedure/{PROCEDURE_SLUGS[p]}/" if procedures[p] else None,
            None,
        )
        for p in PROCEDURES
    ]
    assert ("植物新品种 （0 件）", None, None) in facets["ip-type"]  # a user sees the value, but no dead link


def test_a_facet_page_lists_only_its_cases_and_marks_the_current_value(site):
    pages = follow(create_app(site).test_client(), "/cases/ip-type/trademark/")
    page = html.fromstring(pages[0][1])
    trademark = [c.slug for c in site.cases if "商标" in c.ip_types]
    assert [slug for _path, p in pages for slug in listed_slugs(html.fromstring(p))] == trademark
    assert texts(page, "//h1") == ["商标案例"]
    assert "共 2 件案例" in texts(page, "//p[@class='result-count']")[0]
    current = [row for rows in sidebar(page).values() for row in rows if row[2]]
    assert current == [("商标 （2 件）", "/cases/ip-type/trademark/", "page")]


def test_facet_pages_are_paged_with_page_one_at_the_facet_url(site):
    pages = follow(create_app(site).test_client(), "/cases/year/2025/")
    assert len(pages) > 1
    listed = [slug for _path, page in pages for slug in listed_slugs(html.fromstring(page))]
    assert listed == [c.slug for c in site.cases if c.year == 2025]
    assert pages[1][0].startswith("/cases/year/2025/page/")
    second = html.fromstring(pages[1][1])
    assert second.xpath("//nav[@class='pagination']//a[@rel='prev']/@href") == ["/cases/year/2025/"]
    marked = [row for rows in sidebar(second).values() for row in rows if row[2]]
    assert marked == [("2025", "/cases/year/2025/", "true")]  # the filter, not this page; no count


@pytest.mark.parametrize(
    "path",
    ["/cases/ip-type/plant-variety/", "/cases/ip-type/designs/", "/cases/year/1999/", "/cases/colour/red/"],
)
def test_facet_values_without_cases_have_no_page(site, path):
    assert status(site, path) == 404


def test_a_case_page_carries_every_field_from_its_file(site):
    meta = FILES["top-ten/2025/01-chip-patent.md"]
    page = get(site, "/cases/2025-01-chip-patent/")
    assert texts(page, "//h1") == [meta["title"]]
    facts = dict(
        zip(
            texts(page, "//dl[contains(@class, 'case-facts')]/dt"),
            page.xpath("//dl[contains(@class, 'case-facts')]/dd"),
            strict=True,
        )
    )
    assert [li.text for li in facts["各审级案号"].iter("li")] == [
        "（2025）江73知民初123号",
        "（2026）江民终45号",
    ]
    assert facts["办案机关"].text_content() == COURT.name
    assert facts["程序类型"].xpath("a/@href") == ["/cases/procedure/civil/"]
    assert [(a.text, a.get("href")) for a in facts["知识产权类型"].iter("a")] == [
        ("专利", "/cases/ip-type/patent/"), ("不正当竞争", "/cases/ip-type/unfair-competition/"),
    ]  # fmt: skip
    assert [li.text for li in facts["标签"].iter("li")] == ["展会", "惩罚性赔偿"]
    assert facts["年度"].xpath("a/@href") == ["/cases/year/2025/"]
    assert facts["发布日期"].xpath("time/@datetime") == ["2026-04-26"]
    assert texts(page, "//p[@class='case-badge']") == ["2025年度十大案例之1"]
    assert texts(page, "//p[contains(@class, 'lead')]") == [meta["summary"]]
    assert texts(page, "//div[@class='prose']/h2") == ["基本案情", "裁判结果", "典型意义"]
    assert "判决赔偿。" in texts(page, "//div[@class='prose']")[0]
    assert page.xpath("//nav[@class='toc']//a/@href") == ["#基本案情", "#裁判结果", "#典型意义"]


def test_a_top_ten_case_links_to_its_neighbours_in_the_year(site):
    middle = get(site, "/cases/2025-02-fake-brand/")
    assert middle.xpath("//nav[@class='prev-next']/a[@rel='prev']/@href") == ["/cases/2025-01-chip-patent/"]
    assert middle.xpath("//nav[@class='prev-next']/a[@rel='next']/@href") == ["/cases/2025-03-recipe-secret/"]
    first = get(site, "/cases/2025-01-chip-patent/")
    assert first.xpath("//nav[@class='prev-next']/a[@rel='prev']") == []
    typical = get(site, "/cases/trade-fair-fakes/")
    assert typical.xpath("//nav[@class='prev-next']") == [] and texts(
        typical, "//p[contains(@class, 'case-badge')]"
    ) == ["典型案例"]


def test_related_cases_share_an_ip_type_newest_first(site):
    page = get(site, "/cases/2025-02-fake-brand/")
    related = page.xpath("//section[@class='related-cases']//li/a/@href")
    assert related == ["/cases/trade-fair-fakes/"]
    unrelated = get(site, "/cases/2024-01-game-copyright/")
    assert unrelated.xpath("//section[@class='related-cases']") == []


def test_case_text_is_escaped_and_body_html_sanitised(tmp_path):
    meta = front(top_ten=False, title='"<script>alert(1)</script>"', tags='["<b>x</b>"]')
    cases, _ = load(
        tmp_path, {"typical/a.md": case_file(meta, "## 基本案情\n\n<script>bad()</script><iframe></iframe>")}
    )
    cat = catalogue(cases=tuple(cases), authorities=(COURT,))
    body = create_app(cat).test_client().get("/cases/a/").get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)" in body
    assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;" in body
    assert "bad()" not in body and "<iframe" not in body


def test_english_pages_use_the_english_text_and_authority_names(site):
    page = get(site, "/en/cases/2025-01-chip-patent/")
    assert page.get("lang") == "en"
    assert texts(page, "//h1") == ["Tech v Electronics (invention patent)"]
    assert texts(page, "//div[@class='prose']/h2") == ["Facts", "Judgment", "Significance"]
    assert COURT.name_en in page.text_content()
    assert page.xpath("//dl[contains(@class, 'case-facts')]//a/@href")[0].startswith("/en/cases/")
    assert page.xpath("//p[@class='notice-box']") == []
    chinese_only = get(site, "/en/cases/2025-03-recipe-secret/")
    assert chinese_only.xpath("//p[@class='notice-box']")  # says the Chinese original is shown
    assert chinese_only.xpath("//div[@class='prose']/@lang") == ["zh-CN"]
    assert OTHER_AUTHORITY.name_en in chinese_only.text_content()
    listing = get(site, "/en/top-ten/")
    assert listing.xpath("//main//ol/li/h2/a/@href") == ["/en/top-ten/2025/", "/en/top-ten/2024/"]


def test_the_home_page_shows_the_current_top_ten_year(site):
    page = get(site, "/")
    card = page.xpath("//section[contains(@class, 'home-top-ten')]")[0]
    assert texts(card, "h2") == ["2025年度十大知识产权保护案例"]
    titles = texts(card, "ol/li/a")
    assert titles == [c.zh.title for c in site.top_ten_years[2025]]


def every_url(cat: Catalogue) -> set[str]:
    app = create_app(cat)
    with app.test_request_context():
        return {
            url_for(endpoint, lang=lang, **values)
            for endpoint, values in case_views.urls(cat)
            for lang in ("zh", "en")
        }


def test_every_listed_url_is_served_and_page_one_is_the_list_itself(site):
    urls = every_url(site)
    assert "/cases/" in urls and not any(u.endswith("/page//") for u in urls)
    assert any(u.startswith("/en/cases/year/2025/page/") for u in urls)
    assert "/cases/ip-type/plant-variety/" not in urls
    client = create_app(site).test_client()
    assert {u: client.get(u).status_code for u in urls} == dict.fromkeys(urls, 200)


def test_every_case_and_facet_page_is_reachable_by_links_from_the_case_lists(site):
    client = create_app(site).test_client()
    seen, queue = set(), ["/cases/", "/top-ten/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        page = html.fromstring(client.get(path).get_data(as_text=True))
        for href in page.xpath("//a/@href"):
            target = href.split("#")[0]
            if target.startswith(LIST_PREFIXES) and target not in seen:
                queue.append(target)
    assert every_url(site) <= seen


def test_related_cases_prefer_more_shared_ip_types_then_newer_cases():
    def make(slug: str, published: date, *ip_types: str) -> Case:
        text = Text(slug, "摘要", "<p>正文</p>")
        return Case(
            text, None, slug, CaseKind.TYPICAL, published.year, None, (), COURT.name, "民事", ip_types,
            published, (), (), Origin(slug, 1),
        )  # fmt: skip

    subject = make("subject", date(2026, 5, 1), "专利", "商标")
    cases = [
        make("newer-one-shared", date(2026, 6, 1), "商标"),
        make("older-two-shared", date(2025, 6, 1), "商标", "专利"),
        make("unrelated", date(2026, 7, 1), "著作权"),
        subject,
        *(make(f"old-{n}", date(2024, 1, n), "专利") for n in range(1, 5)),
    ]
    shown, _ = publish_cases(cases, date(2026, 11, 24))
    page = get(catalogue(cases=shown, authorities=(COURT,)), "/cases/subject/")
    assert page.xpath("//section[@class='related-cases']//li/a/@href") == [
        "/cases/older-two-shared/", "/cases/newer-one-shared/", "/cases/old-4/", "/cases/old-3/",
    ]  # fmt: skip
