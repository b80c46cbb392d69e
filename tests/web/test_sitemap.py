"""sitemap.xml and robots.txt: every built page in both languages, nothing else, split past 50,000."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ipcredit.outputs.freeze import freeze
from ipcredit.progress import Progress
from ipcredit.web import create_app
from ipcredit.web.views import sitemap
from tests.factories import RAW_ID_NUMBER, sample_catalogue, settings, withheld_penalty

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://example.org/site/"  # under a sub-path, as a real deployment may be


def catalogue():
    return sample_catalogue(settings=settings(base_url=BASE))


def built_pages(cat, dest: Path) -> dict[str, Path]:
    """Freeze the site; the URL of every HTML page it wrote → its file."""
    freeze(create_app(cat), cat, dest, Progress())
    found = {}
    for path in dest.rglob("index.html"):
        folder = path.parent.relative_to(dest).as_posix()
        found[BASE if folder == "." else f"{BASE}{folder}/"] = path
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


def test_canonical_links_are_the_sitemap_urls(tmp_path: Path):
    cat = catalogue()
    pages = built_pages(cat, tmp_path)
    listed = locs((tmp_path / "sitemap.xml").read_bytes())
    for url, path in pages.items():
        canonical = etree.HTML(path.read_bytes()).find(".//link[@rel='canonical']").get("href")
        assert canonical == url and canonical in listed


def test_robots_txt_points_at_the_sitemap():
    response = create_app(catalogue()).test_client().get("/robots.txt")
    assert response.mimetype == "text/plain"
    assert f"Sitemap: {BASE}sitemap.xml" in response.get_data(as_text=True).splitlines()


def test_withheld_records_and_raw_id_numbers_are_not_in_the_sitemap():
    text = create_app(catalogue()).test_client().get("/sitemap.xml").get_data(as_text=True)
    gone = withheld_penalty()
    assert gone.id not in text and RAW_ID_NUMBER not in text


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
