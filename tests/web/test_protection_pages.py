"""Key trademark and risk point pages: lists, facet pages with counts, entry pages, both languages."""

from __future__ import annotations

import re

from ipcredit.records import PlaceType, RiskList
from ipcredit.web import create_app
from tests.factories import catalogue, key_trademark, risk_point


def get(cat, path: str) -> str:
    response = create_app(cat).test_client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


MARKS = (
    key_trademark(1, name="江海青瓷", holder_name_en=None, nice_classes=(21,)),
    key_trademark(
        2, name="NORTHWIND", holder="北风服饰株式会社", holder_uscc=None, holder_country="日本",
        holder_name_en="Northwind Apparel K.K.", nice_classes=(25, 35),
    ),
    key_trademark(3, nice_classes=(25,)),
)  # fmt: skip
PLACES = (
    risk_point(1),
    risk_point(
        2, risk_list=RiskList.FOCUS_MARKET, name="江海服装批发市场", district="东湖区", ip_types=("商标",)
    ),
    risk_point(3, kind=PlaceType.PLATFORM, name="江海优选网", district=None, ip_types=("专利",)),
)


def facet_count(page: str, href: str) -> int:
    match = re.search(rf'href="{re.escape(href)}"[^>]*>.*?</a> <span class="count">（(\d+)）', page)
    assert match, href
    return int(match.group(1))


def test_key_trademark_facets_count_each_nice_class_and_region():
    page = get(catalogue(key_trademarks=MARKS), "/key-trademarks/")
    assert "当前名录共 3 件商标" in page
    assert facet_count(page, "/key-trademarks/nice-class/25/") == 2  # a mark in two classes counts in each
    assert facet_count(page, "/key-trademarks/nice-class/21/") == 1
    assert facet_count(page, "/key-trademarks/region/cn/") == 2
    japan = get(catalogue(key_trademarks=MARKS), "/key-trademarks/region/jp/")
    assert "NORTHWIND" in japan and "江海青瓷" not in japan


def test_risk_point_facets_count_list_type_district_and_ip_type():
    page = get(catalogue(risk_points=PLACES), "/risk-points/")
    assert "当前名录共 3 处" in page
    assert facet_count(page, "/risk-points/list/risk-points/") == 2
    assert facet_count(page, "/risk-points/list/focus-markets/") == 1
    assert facet_count(page, "/risk-points/type/platform/") == 1
    assert facet_count(page, "/risk-points/district/%E4%B8%9C%E6%B9%96%E5%8C%BA/") == 1
    assert facet_count(page, "/risk-points/ip-type/trademark/") == 2
    focus = get(catalogue(risk_points=PLACES), "/risk-points/list/focus-markets/")
    assert "江海服装批发市场" in focus and "江海优选网" not in focus


def test_english_pages_show_latin_marks_english_holders_and_nice_headings():
    cat = catalogue(key_trademarks=MARKS)
    page = get(cat, "/en/key-trademarks/")
    assert "Key trademark protection list" in page and "3 marks on the list" in page
    assert "Northwind Apparel K.K." in page and "北风服饰株式会社" not in page
    assert "Class 25 Clothing" in page
    detail = get(cat, f"/en/key-trademarks/{MARKS[1].id}/")
    assert "<h1>NORTHWIND" in detail and "Japan" in detail and "Protected until" in detail
    zh = get(cat, f"/key-trademarks/{MARKS[1].id}/")
    assert "第25类" in zh and "日本" in zh and MARKS[1].registration_number in zh


def test_risk_point_entry_pages_in_both_languages():
    cat = catalogue(risk_points=PLACES)
    zh = get(cat, f"/risk-points/{PLACES[1].id}/")
    assert "江海服装批发市场" in zh and "重点关注市场" in zh and "东湖区" in zh
    en = get(cat, f"/en/risk-points/{PLACES[2].id}/")
    assert "E-commerce platform" in en and "Infringement-prone risk points" in en
    assert create_app(cat).test_client().get("/risk-points/no-such-place/").status_code == 404


def test_withheld_marks_and_places_are_in_no_page_dataset_or_search_document():
    from datetime import date

    from ipcredit.datadict import DATASETS
    from ipcredit.rules.protection import publish_risk_points, publish_trademarks
    from ipcredit.searchdocs import documents
    from tests.factories import settings

    as_of = date(2026, 11, 24)
    expired = key_trademark(9, name="过期商标", valid_until=date(2026, 11, 23))
    removed = risk_point(9, name="已移出市场", removed_on=as_of)
    marks, _ = publish_trademarks((MARKS[0], expired), settings(), as_of)
    places, _ = publish_risk_points((PLACES[0], removed), as_of)
    cat = catalogue(key_trademarks=marks, risk_points=places)
    for path in ("/key-trademarks/", "/risk-points/", "/en/key-trademarks/", "/en/risk-points/"):
        page = get(cat, path)
        assert "过期商标" not in page and "已移出市场" not in page
    client = create_app(cat).test_client()
    assert client.get(f"/key-trademarks/{expired.id}/").status_code == 404
    assert client.get(f"/risk-points/{removed.id}/").status_code == 404
    rows = [str(row) for d in DATASETS if d.name in ("key-trademarks", "risk-points") for row in d.rows(cat)]
    assert len(rows) == 2 and not any("过期商标" in r or "已移出市场" in r for r in rows)
    titles = [doc.title for doc in documents(cat)]
    assert not any("过期商标" in t or "已移出市场" in t for t in titles)
