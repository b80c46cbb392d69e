"""Combinable filters on the register lists: two facet values at once, as static pages.

What a reader checks: a combined page lists exactly the records that have both values; every
sidebar link keeps the other chosen value and its count is the count of the page it leads to;
each chosen value can be cleared alone; a combination without records has no page; English
pages do the same under /en/. And the penalty list shows each decision's fine.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.catalogue import group_by
from ipcredit.web import create_app
from ipcredit.web.facets import Facet, FacetValue
from ipcredit.web.pagination import FIRST
from ipcredit.web.selection import Selector
from tests.factories import AUTHORITY, OTHER_AUTHORITY, catalogue, dishonesty, key_trademark, penalty
from tests.web.paging import follow


def newest_first(*records):
    return tuple(sorted(records, key=lambda r: r.decision_date, reverse=True))


# 2026: three trademark penalties (AUTHORITY); 2025: one trademark (OTHER), two patent (AUTHORITY).
# No patent penalty in 2026: that combination has no page.
PENALTIES = newest_first(
    *(penalty(n, decision_date=date(2026, 2, n)) for n in (1, 2, 3)),
    penalty(5, decision_date=date(2025, 5, 5), authority=OTHER_AUTHORITY.name),
    *(
        penalty(n, decision_date=date(2025, 6, n), ip_type="专利", violation_type="假冒专利", fine_yuan=None)
        for n in (6, 7)
    ),
)
SLUGS = {"商标": "trademark", "专利": "patent"}
FACETS = {
    "year": lambda p: str(p.decision_date.year),
    "authority": lambda p: {AUTHORITY.name: AUTHORITY.uscc, OTHER_AUTHORITY.name: OTHER_AUTHORITY.uscc}[
        p.authority
    ],
    "ip-type": lambda p: SLUGS[p.ip_type],
}
ORDER = list(FACETS)  # the canonical order of facets in a URL


def client(**parts):
    return create_app(catalogue(**parts)).test_client()


def get(app, url: str) -> str:
    response = app.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def sidebar(page: str) -> str:
    return page.split('<nav class="facets"', 1)[1].split("</nav>", 1)[0]


def options(page: str) -> dict[str, int]:
    """The sidebar's filter links (href → count shown)."""
    found = re.findall(
        r'<li><a href="([^"]+)"[^>]*>.*?</a> <span class="count">(?:（| \()([\d,]+)[）)]', sidebar(page)
    )
    return {href: int(count.replace(",", "")) for href, count in found}


def clear_links(page: str) -> list[str]:
    return re.findall(r'<p class="clear-filter"><a href="([^"]+)"', sidebar(page))


def total(page: str) -> int:
    found = re.search(r"当前公示 (\d+) 条处罚决定|(\d+) penalty decisions? currently published", page)
    assert found, page
    return int(found.group(1) or found.group(2))


PARTY_CELL = re.compile(r'<th scope="row"><a href="[^"]+">(?:<span lang="zh-CN">)?([^<]+)<')


def names(app, url: str) -> set[str]:
    """Every party named on every page of a list, following its "next" links (the test settings
    page by 2 on average)."""
    return {name for _path, page in follow(app, url) for name in PARTY_CELL.findall(page)}


def matching(**chosen: str) -> set[str]:
    return {p.party_name for p in PENALTIES if all(FACETS[f](p) == v for f, v in chosen.items())}


def test_a_combined_page_lists_exactly_the_records_with_both_values():
    app = client(penalties=PENALTIES)
    url = "/penalties/year/2026/ip-type/trademark/"
    page = get(app, url)
    assert total(page) == 3
    assert names(app, url) == matching(year="2026", **{"ip-type": "trademark"})
    assert "<title>行政处罚决定 · 2026 · 商标" in page
    assert (
        '<span class="subtitle"><span class="visually-hidden">：</span>年份 2026；知识产权类型 商标</span>'
        in page
    )
    # Breadcrumbs: the list, the first chosen value, then the page itself.
    crumbs = page.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert (
        '<a href="/penalties/">行政处罚</a>' in crumbs
        and '<a href="/penalties/year/2026/">2026</a>' in crumbs
    )
    assert '<span aria-current="page">商标</span>' in crumbs


def test_every_combined_page_and_every_sidebar_count_agree_with_the_records():
    """Every page the site builds for a pair of values, in both languages: its count and rows are
    the records with both values, and each sidebar link's count is the count of its page."""
    app_ = create_app(catalogue(penalties=PENALTIES))
    from ipcredit.web.views import registers

    with app_.test_request_context():
        pairs = [
            v for e, v in registers.penalties.urls(app_.config["CATALOGUE"]) if e.endswith("combined_listing")
        ]
    app = app_.test_client()
    firsts = [v for v in pairs if v["page"] == FIRST]
    expected = {
        (a, x, b, y)
        for i, a in enumerate(ORDER)
        for b in ORDER[i + 1 :]
        for p in PENALTIES
        for x, y in [(FACETS[a](p), FACETS[b](p))]
    }
    assert {(v["facet"], v["value"], v["facet2"], v["value2"]) for v in firsts} == expected
    for v in firsts:
        for prefix in ("", "/en"):
            url = f"{prefix}/penalties/{v['facet']}/{v['value']}/{v['facet2']}/{v['value2']}/"
            page = get(app, url)
            want = matching(**{v["facet"]: v["value"], v["facet2"]: v["value2"]})
            assert total(page) == len(want), url
            assert names(app, url) == want, url
            for href, count in options(page).items():
                assert href.startswith(f"{prefix}/penalties/"), href
                assert total(get(app, unquote(href))) == count, (url, href)


def test_links_keep_the_other_chosen_value_and_each_value_is_cleared_alone():
    app = client(penalties=PENALTIES)
    page = get(app, "/penalties/year/2026/ip-type/trademark/")
    assert options(page) == {
        # years, keeping the IP type
        "/penalties/year/2026/ip-type/trademark/": 3,
        "/penalties/year/2025/ip-type/trademark/": 1,
        # IP types, keeping the year: no patent penalty in 2026, so no link to one
    }
    assert clear_links(page) == ["/penalties/ip-type/trademark/", "/penalties/year/2026/"]
    assert 'aria-current="page">2026</a>' in page and 'aria-current="page">商标</a>' in page
    # Two values are chosen: the third facet says how to choose by it.
    assert "不能与已选的筛选条件同时使用：清除已选的一项后可按此筛选。" in page

    one = get(app, "/penalties/year/2025/")
    assert options(one) == {
        "/penalties/year/2026/": 3,  # the chosen facet's other values, alone
        "/penalties/year/2025/": 3,
        f"/penalties/year/2025/authority/{AUTHORITY.uscc}/": 2,  # the others, with 2025 kept
        f"/penalties/year/2025/authority/{OTHER_AUTHORITY.uscc}/": 1,
        "/penalties/year/2025/ip-type/trademark/": 1,
        "/penalties/year/2025/ip-type/patent/": 2,
    }
    assert clear_links(one) == ["/penalties/"]
    assert "不能与已选的筛选条件同时使用" not in one
    # Chosen second in the canonical order, the first facet's links still lead to pairs.
    by_type = get(app, "/penalties/ip-type/patent/")
    assert options(by_type)["/penalties/year/2025/ip-type/patent/"] == 2
    assert "/penalties/year/2026/ip-type/patent/" not in options(by_type)


def test_a_combination_without_records_or_out_of_order_has_no_page():
    app = client(penalties=PENALTIES)
    for url in (
        "/penalties/year/2026/ip-type/patent/",  # both values exist, never together
        "/penalties/ip-type/trademark/year/2026/",  # not the canonical order: one URL per selection
        "/penalties/year/2026/year/2025/",  # a facet twice
        "/penalties/year/2026/colour/red/",  # no such facet
        "/penalties/year/2026/ip-type/trademark/page/3/",  # pages are named after a record
        "/en/penalties/year/2026/ip-type/patent/",
    ):
        assert app.get(url).status_code == 404, url
    # Every later page of a combination is served, named after the record before it.
    pages = follow(app, "/penalties/year/2026/ip-type/trademark/")
    assert all(path.startswith("/penalties/year/2026/ip-type/trademark/page/") for path, _ in pages[1:])


def test_english_combined_pages_translate_and_keep_the_language():
    app = client(penalties=PENALTIES)
    page = get(app, "/en/penalties/year/2025/ip-type/patent/")
    assert '<html lang="en">' in page
    assert "Year 2025; IP type Patent" in page
    assert clear_links(page) == ["/en/penalties/ip-type/patent/", "/en/penalties/year/2025/"]
    assert 'aria-label="Clear the filter: IP type"' in page
    assert options(page)["/en/penalties/year/2025/ip-type/trademark/"] == 1
    assert all(href.startswith("/en/") for href in options(page))


def test_the_dishonesty_list_combines_year_and_authority():
    entries = (
        dishonesty(1, listed_on=date(2026, 3, 1)),
        dishonesty(2, listed_on=date(2025, 3, 1), authority=OTHER_AUTHORITY.name),
        dishonesty(3, listed_on=date(2025, 2, 1)),
    )
    app = client(dishonesty=entries)
    page = get(app, f"/dishonesty/year/2025/authority/{OTHER_AUTHORITY.uscc}/")
    assert "当前列入 1 个主体" in page and entries[1].name in page and entries[2].name not in page
    assert app.get(f"/dishonesty/year/2026/authority/{OTHER_AUTHORITY.uscc}/").status_code == 404


def test_a_mark_with_several_classes_is_on_the_pair_page_of_each():
    marks = (key_trademark(1, nice_classes=(9, 25)), key_trademark(2, nice_classes=(25,)))
    app = client(key_trademarks=marks)
    region = marks[0].holder_country
    from ipcredit.regions import region_slug

    for number, count in (("09", 1), ("25", 2)):
        page = get(app, f"/key-trademarks/nice-class/{number}/region/{region_slug(region)}/")
        assert f"当前名录共 {count} 件商标" in page


# The selections themselves, for any records: a property against a brute-force filter ---------
@given(st.lists(st.tuples(st.sampled_from("ab"), st.sets(st.sampled_from("xyz"), min_size=1)), max_size=12))
def test_each_pair_holds_exactly_the_records_with_both_values_in_list_order(rows):
    records = [SimpleNamespace(n=n, single=s, multi=sorted(m)) for n, (s, m) in enumerate(rows)]
    single = Facet(
        "single",
        "甲",
        tuple(FacetValue(k, k, k, tuple(v)) for k, v in group_by(records, lambda r: r.single).items()),
    )
    multi = Facet(
        "multi",
        "乙",
        tuple(FacetValue(k, k, k, tuple(r for r in records if k in r.multi)) for k in "xyz"),
    )
    selector = Selector(records, (single, multi))
    for s in "ab":
        for m in "xyz":
            want = [r for r in records if r.single == s and m in r.multi]
            got = selector.items((("single", s), ("multi", m)))
            assert (list(got) if got else []) == want  # in list order; no page when empty
            assert selector.select((("multi", m), ("single", s))) is None  # never out of order
    keys = selector.selections()
    assert len(keys) == len(set(keys))
    assert all(selector.items(k) for k in keys[1:])  # every page but the whole list has records


# The fine column ------------------------------------------------------------------------------
def test_the_penalty_list_shows_each_fine_and_a_blank_cell_without_one():
    fined = penalty(1, decision_date=date(2026, 2, 1), fine_yuan=Decimal("12345.5"))
    unfined = penalty(2, decision_date=date(2026, 1, 1), fine_yuan=None)
    app = client(penalties=(fined, unfined))
    zh = "".join(page for _path, page in follow(app, "/penalties/"))
    en = "".join(page for _path, page in follow(app, "/en/penalties/"))
    assert '<th scope="col" class="number">罚款金额</th>' in zh
    bodies = [body.split("</tbody>")[0] for body in zh.split("<tbody>")[1:]]
    rows = [row for body in bodies for row in re.findall(r"<tr>.*?</tr>", body, re.S)]
    assert '<td class="number">12,345.5 元</td>' in rows[0]
    assert '<td class="number"></td>' in rows[1]  # blank: no "0", and no label on a phone (:empty)
    assert '<td class="number">CNY 12,345.5</td>' in en


# Incremental builds: a list page is kept when its inputs are unchanged -----------------------
YEARS, TYPES = (2025, 2026), (("商标", "侵犯注册商标专用权"), ("专利", "假冒专利"))
AUTHORITIES = (AUTHORITY.name, OTHER_AUTHORITY.name)
ROW = st.tuples(st.sampled_from(YEARS), st.sampled_from(TYPES), st.sampled_from(AUTHORITIES))


def penalties_of(rows) -> tuple:
    return newest_first(
        *(
            penalty(n + 1, decision_date=date(y, 3, n + 1), ip_type=t, violation_type=v, authority=a)
            for n, (y, (t, v), a) in enumerate(rows)
        )
    )


def list_pages(app) -> dict[str, str]:
    """Every list page of the penalties (both languages): URL → what page_inputs says it shows."""
    from ipcredit.web import in_both_languages, page_inputs
    from ipcredit.web.views import registers

    cat = app.config["CATALOGUE"]
    found = {}
    with app.test_request_context():
        inputs = page_inputs(cat)
        for endpoint, values in in_both_languages(app, registers.penalties.urls(cat)):
            if not endpoint.endswith("detail"):
                found[app.url_map.bind("localhost").build(endpoint, values)] = inputs(endpoint, values)
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, min_size=2, max_size=5), ROW)
def test_a_list_page_with_unchanged_inputs_renders_the_same_bytes(rows, row):
    """A night changes one record's year, IP type or authority (the total stays): every list page
    whose inputs did not change must render byte for byte as before, though counts in its sidebar
    may have moved (else a kept page would be stale)."""
    after_rows = [*rows[:-1], row]
    before = create_app(catalogue(penalties=penalties_of(rows)))
    after = create_app(catalogue(penalties=penalties_of(after_rows)))
    old, new = list_pages(before), list_pages(after)
    assert any(url.count("/") == 6 for url in new)  # /penalties/<f>/<v>/<f2>/<v2>/: combined pages
    for url in old.keys() & new.keys():
        if old[url] == new[url]:
            assert get(before.test_client(), url) == get(after.test_client(), url), url


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, min_size=1, max_size=6))
def test_page_inputs_asked_in_turn_are_each_pages_own(rows):
    """The build asks for every page's inputs in turn, and a page's second language reuses its
    first's: each answer must still be that page's own, as a fresh look-up of it alone gives."""
    from ipcredit.web import in_both_languages, page_inputs
    from ipcredit.web.views import registers

    cat = catalogue(penalties=penalties_of(rows))
    app = create_app(cat)
    with app.test_request_context():
        urls = list(in_both_languages(app, registers.penalties.urls(cat)))
        in_turn = page_inputs(cat)
        asked = [in_turn(endpoint, values) for endpoint, values in urls]
        alone = [page_inputs(cat)(endpoint, values) for endpoint, values in urls]
    assert len(set(asked)) > 1  # the pages differ: a leak from one to the next would show
    assert asked == alone
