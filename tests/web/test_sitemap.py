"""sitemap.xml and robots.txt: every built page in both languages, nothing else, split past 50,000."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from ipcredit.outputs.freeze import freeze
from ipcredit.progress import Progress
from ipcredit.web import create_app
from ipcredit.web.views import sitemap
from tests.factories import (
    RAW_ID_NUMBER,
    key_trademark,
    risk_point,
    sample_catalogue,
    settings,
    withheld_penalty,
)

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://example.org/site/"  # under a sub-path, as a real deployment may be


MARK = key_trademark(1, listed_on=date(2025, 6, 2), holder_country="日本", nice_classes=(25,))
PLACE = risk_point(1, listed_on=date(2025, 7, 3))


def catalogue():
    return sample_catalogue(settings=settings(base_url=BASE), key_trademarks=(MARK,), risk_points=(PLACE,))


def uri(url: str) -> str:
    """A URL as the sitemap protocol wants it: non-ASCII path segments (a district's name)
    percent-encoded in UTF-8; pages may link the same address unencoded (an IRI)."""
    return quote(url, safe=":/%")


def built_pages(cat, dest: Path) -> dict[str, Path]:
    """Freeze the site; the URL of every HTML page it wrote → its file."""
    freeze(create_app(cat), cat, dest, Progress())
    found = {}
    for path in dest.rglob("index.html"):
        folder = path.parent.relative_to(dest).as_posix()
        found[BASE if folder == "." else uri(f"{BASE}{folder}/")] = path
    return found


def locs(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = root.findall("s:url", NS)
    found = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS) for u in urls}
    assert len(found) == len(urls)  # no URL twice
    return found


def test_sitemap_lists_every_built_page_once_with_its_lastmod(tmp_path: Path):
    cat = catalogue()
    pages = built_pages(cat, tmp_path)
    listed = locs((tmp_path / "sitemap.xml").read_bytes())
    assert set(listed) == set(pages)
    assert BASE in listed and BASE + "en/" in listed  # the home page in both languages
    person = next(p for p in cat.penalties if p.party_name == "张**")
    assert listed[f"{BASE}penalties/{person.id}/"] == "2025-09-30"  # the record's own date
    assert listed[f"{BASE}en/cases/typical-tea/"] == "2025-04-26"
    assert listed[f"{BASE}penalties/"] == "2026-11-24"  # lists: the as-of date
    for lang in ("", "en/"):  # combined filter pages (two facet values) are listed like the others
        assert listed[f"{BASE}{lang}penalties/year/2025/ip-type/trademark/"] == "2026-11-24"
    assert not any(u.endswith((".atom", ".xml", ".csv", ".html")) for u in listed)
    # the protection lists: entries dated by their listing, lists and facet pages by the as-of date
    assert listed[f"{BASE}key-trademarks/{MARK.id}/"] == "2025-06-02"
    assert listed[f"{BASE}en/risk-points/{PLACE.id}/"] == "2025-07-03"
    for page in ("key-trademarks/", "key-trademarks/nice-class/25/", "key-trademarks/region/jp/",
                 "risk-points/", "risk-points/list/risk-points/", "risk-points/type/market/"):  # fmt: skip
        assert listed[BASE + page] == listed[f"{BASE}en/{page}"] == "2026-11-24", page
    assert listed[f"{BASE}risk-points/district/%E6%B5%A6%E6%B1%9F%E5%8C%BA/"] == "2026-11-24"  # 浦江区


def test_canonical_links_are_the_sitemap_urls(tmp_path: Path):
    cat = catalogue()
    pages = built_pages(cat, tmp_path)
    listed = locs((tmp_path / "sitemap.xml").read_bytes())
    for url, path in pages.items():
        canonical = etree.HTML(path.read_bytes()).find(".//link[@rel='canonical']").get("href")
        assert uri(canonical) == url and url in listed


def test_robots_txt_points_at_the_sitemap():
    response = create_app(catalogue()).test_client().get("/robots.txt")
    assert response.mimetype == "text/plain"
    assert f"Sitemap: {BASE}sitemap.xml" in response.get_data(as_text=True).splitlines()


def test_withheld_records_and_raw_id_numbers_are_not_in_the_sitemap():
    from ipcredit.rules.protection import publish_risk_points, publish_trademarks

    cat = catalogue()
    expired = key_trademark(2, valid_until=date(2026, 11, 23), holder_country="美国")
    removed = risk_point(2, removed_on=cat.as_of)
    marks, _ = publish_trademarks((MARK, expired), cat.settings, cat.as_of)
    places, _ = publish_risk_points((PLACE, removed), cat.as_of)
    published = replace(cat, key_trademarks=marks, risk_points=places)
    text = create_app(published).test_client().get("/sitemap.xml").get_data(as_text=True)
    gone = withheld_penalty()
    assert gone.id not in text and RAW_ID_NUMBER not in text
    assert MARK.id in text and PLACE.id in text
    assert expired.id not in text and removed.id not in text
    assert "/region/us/" not in text  # no facet page for the expired mark's region alone


def test_a_large_site_gets_an_index_over_files_within_the_limit(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 10)  # the same split as 50,000 at 100,000 records
    cat = catalogue()
    pages = built_pages(cat, tmp_path)
    root = etree.fromstring((tmp_path / "sitemap.xml").read_bytes())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [s.findtext("s:loc", namespaces=NS) for s in root.iterfind("s:sitemap", NS)]
    assert parts[0] == f"{BASE}sitemaps/1.xml" and len(parts) == -(-len(pages) // 10)
    seen: list[str] = []
    for loc in parts:
        listed = locs((tmp_path / loc.removeprefix(BASE)).read_bytes())  # the freezer wrote every part
        assert 0 < len(listed) <= 10
        seen.extend(listed)
    assert sorted(seen) == sorted(pages)


URL_MAP = create_app(catalogue()).url_map  # made once: an app per example took 25 s of the suite
RECORD_ENDPOINTS = sorted({rule.endpoint for rule in URL_MAP.iter_rules() if "record_id" in rule.arguments})


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(RECORD_ENDPOINTS),
    st.sampled_from(["zh", "en"]),
    st.lists(st.from_regex(r"[0-9a-f]{12}", fullmatch=True) | st.text(min_size=1), min_size=1, max_size=4),
)
def test_the_sitemaps_record_urls_are_the_ones_the_url_map_builds(endpoint, lang, ids):
    # The sitemap makes record pages' URLs from one pattern per endpoint and language; any id,
    # one that needs quoting included, must come out as the URL map itself builds it.
    adapter = URL_MAP.bind("localhost")
    build = sitemap.url_builder(adapter)
    for record_id in ids:
        values = {"record_id": record_id, "lang": lang}
        assert build(endpoint, values) == adapter.build(endpoint, values)


@hypothesis_settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>'\"区;=@!$()*+,:浦 a%"), min_size=1, max_size=8))
def test_every_sitemap_url_is_well_formed_and_serves_its_page_whatever_a_district_is_called(district):
    # A district's name is a path segment; the sitemap takes its paths escaped once, unescaped by
    # the template, so a name with XML's special characters must still give a parseable file
    # whose every address is a page of the site.
    cat = sample_catalogue(settings=settings(base_url=BASE), risk_points=(replace(PLACE, district=district),))
    client = create_app(cat).test_client()
    listed = locs(client.get("/sitemap.xml").data)
    assert any("/district/" in url for url in listed)
    for url in listed:
        assert client.get("/" + url.removeprefix(BASE)).status_code == 200, url
