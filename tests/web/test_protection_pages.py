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


def headline(page: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]+)</dd>", page)
    assert match, label
    return match.group(1)


def chart_rows(page: str, key: str) -> dict[str, str]:
    """A chart's data table as {label: value as shown}."""
    figure = page.split(f'id="{key}-caption"', 1)[1].split("</figure>", 1)[0]
    rows = re.findall(
        r'<th scope="row">(?:<span lang="zh-CN">)?([^<]+)(?:</span>)?</th><td class="number">([^<]+)</td>',
        figure,
    )
    return dict(rows)


def published_lists():
    """MARKS and PLACES with an expired mark and a removed place, through the windows."""
    from datetime import date

    from ipcredit.rules.protection import publish_risk_points, publish_trademarks
    from tests.factories import settings

    as_of = date(2026, 11, 24)
    expired = key_trademark(9, nice_classes=(25, 44), holder_country="美国", valid_until=date(2026, 11, 23))
    removed = risk_point(9, kind=PlaceType.EXHIBITION, removed_on=as_of)
    marks, _ = publish_trademarks((*MARKS, expired), settings(), as_of)
    places, _ = publish_risk_points((*PLACES, removed), as_of)
    return catalogue(key_trademarks=marks, risk_points=places)


def test_home_and_statistics_show_the_marks_and_places_on_the_lists_in_both_languages():
    cat = published_lists()  # the expired mark and the removed place are not counted
    for path in ("/", "/statistics/"):
        page = get(cat, path)
        assert headline(page, "重点商标保护名录上的商标") == "3"
        assert headline(page, "侵权易发风险点和重点关注市场") == "3"
        english = get(cat, f"/en{path}")
        assert headline(english, "Marks on the key trademark protection list") == "3"
        assert headline(english, "Infringement-prone risk points and markets under focus") == "3"
    home = get(cat, "/")
    assert 'href="/key-trademarks/"' in home and 'href="/risk-points/"' in home
    assert "当前名录共 3 件商标" in home and "当前名录共 3 处" in home
    assert 'href="/en/key-trademarks/"' in get(cat, "/en/")


def test_statistics_count_marks_by_nice_class_and_region_and_places_by_list_and_type():
    cat = published_lists()
    page = get(cat, "/statistics/")
    # a mark in two classes counts in each; classes in their order; regions most marks first
    assert chart_rows(page, "key-trademarks-by-nice-class") == {
        "第21类 厨房洁具": "1", "第25类 服装鞋帽": "2", "第35类 广告销售": "1"
    }  # fmt: skip
    assert list(chart_rows(page, "key-trademarks-by-nice-class")) == [
        "第21类 厨房洁具",
        "第25类 服装鞋帽",
        "第35类 广告销售",
    ]
    assert list(chart_rows(page, "key-trademarks-by-region").items()) == [("中国", "2"), ("日本", "1")]
    assert chart_rows(page, "risk-points-by-list") == {"侵权易发风险点": "2", "重点关注市场": "1"}
    assert list(chart_rows(page, "risk-points-by-type").items()) == [("专业市场", "2"), ("电商平台", "1")]
    english = get(cat, "/en/statistics/")
    assert (
        "Key trademarks by Nice class" in english and "Risk points and markets under focus by type" in english
    )
    assert chart_rows(english, "key-trademarks-by-nice-class")["Class 25 Clothing, footwear, headwear"] == "2"
    assert list(chart_rows(english, "key-trademarks-by-region")) == ["China", "Japan"]
    assert chart_rows(english, "risk-points-by-list") == {
        "Infringement-prone risk points": "2", "Markets under focus": "1"
    }  # fmt: skip
    assert list(chart_rows(english, "risk-points-by-type")) == ["Specialised market", "E-commerce platform"]
