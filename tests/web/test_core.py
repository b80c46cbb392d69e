"""The site frame: languages, switch links, security headers, 404, sample banner, cached parts."""

from __future__ import annotations

import re
from datetime import date

from flask import url_for
from markupsafe import escape

from ipcredit.datasets import write_all
from ipcredit.records import Origin, Page, Text
from ipcredit.web import create_app, in_both_languages, section_urls
from ipcredit.web.context import site_state
from ipcredit.web.filters import NAVIGATION
from tests.factories import catalogue, penalty, sample_catalogue, settings
from tests.web.paging import follow


def about() -> Page:
    zh = Text("关于本站", "", "<p>介绍</p>")
    return Page(zh, Text("About", "", "<p>About us</p>"), "about", 1, (), Origin("content/pages/about.md", 1))


def test_chinese_at_root_english_under_en_with_switch_and_hreflang():
    app = create_app(catalogue(pages=(about(),)))
    zh = app.test_client().get("/about/").get_data(as_text=True)
    en = app.test_client().get("/en/about/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert 'class="lang-switch" href="/en/about/"' in zh and 'class="lang-switch" href="/about/"' in en
    assert '<link rel="alternate" hreflang="en" href="https://example.org/en/about/">' in zh
    assert '<link rel="canonical" href="https://example.org/en/about/">' in en
    assert "About us" in en and "介绍" in zh


def test_missing_english_version_is_said():
    page = Page(Text("仅中文", "", "<p>正文</p>"), None, "only-zh", 2, (), Origin("x", 1))
    en = create_app(catalogue(pages=(page,))).test_client().get("/en/only-zh/").get_data(as_text=True)
    assert "This document has no English version" in en and "正文" in en


def test_security_headers_and_meta_csp_allow_no_inline_script():
    response = create_app(catalogue()).test_client().get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";"))
    # Every kind of resource from the site itself only: default-src, with nothing loosening it.
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert not {"script-src", "style-src"} & set(directives) and "unsafe" not in policy
    html = response.get_data(as_text=True)
    assert f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">' in html
    assert "<script>" not in html


def test_unknown_pages_get_the_404_page_with_status_404():
    client = create_app(catalogue()).test_client()
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)
    assert client.get("/404.html").status_code == 200  # the frozen copy for static hosts


def test_sample_banner_follows_the_setting():
    shown = (
        create_app(catalogue(settings=settings(sample_data=True)))
        .test_client()
        .get("/")
        .get_data(as_text=True)
    )
    hidden = (
        create_app(catalogue(settings=settings(sample_data=False)))
        .test_client()
        .get("/")
        .get_data(as_text=True)
    )
    assert "示例数据" in shown and "示例数据" not in hidden


def test_footer_states_the_as_of_date_in_each_language():
    app = create_app(catalogue(as_of=date(2026, 3, 5)))
    assert "数据截至 2026年3月5日" in app.test_client().get("/").get_data(as_text=True)
    assert "Data as of 5 March 2026" in app.test_client().get("/en/").get_data(as_text=True)


def test_the_as_of_date_is_on_lists_home_and_data_but_not_on_a_records_page():
    """A record's page shows only what it depends on: it must not change every night while the
    record does not, so the as-of stamp is on the pages that change with it."""
    records = tuple(penalty(n) for n in range(1, 9))  # page_size 2: the list has later pages
    client = create_app(catalogue(as_of=date(2026, 3, 5), penalties=records)).test_client()
    stamp = "数据截至 2026年3月5日"
    # (/data/ needs the datasets written first: tests/web/test_data_page.py shows its stamp)
    for url in ("/", "/penalties/", "/penalties/year/2025/", "/statistics/"):
        assert stamp in client.get(url).get_data(as_text=True), url
    # A first build shows every record first on the as-of day: that line is the record's own fact.
    first_shown = re.compile(r"<dt>(本站首次公示|First published on this site)</dt><dd>.*?</dd>")
    later = [path for path, _page in follow(client, "/penalties/")[1:]]
    assert later  # the list has a later page
    for url in (f"/penalties/{records[0].id}/", *later):
        page = first_shown.sub("", client.get(url).get_data(as_text=True))
        assert "数据截至" not in page and "2026年3月5日" not in page, url
    english = first_shown.sub("", client.get(f"/en/penalties/{records[0].id}/").get_data(as_text=True))
    assert "Data as of" not in english and "5 March 2026" not in english


def test_the_frames_cached_parts_are_what_each_page_would_render_alone(tmp_path):
    """The header's sections and the footer are rendered once per language and key on the app
    (filters.frame_part): every page of a site of each kind, rendered in turn by one app, is the
    page a fresh app renders for it alone, so no page shows a part another page made."""
    cat = sample_catalogue(pages=(about(),))
    datasets = write_all(cat, tmp_path / "data")
    shared = create_app(cat, datasets=datasets)
    with shared.test_request_context():
        urls = [
            url_for(endpoint, **values) for endpoint, values in in_both_languages(shared, section_urls(cat))
        ]
    pages = [u for u in urls if not u.startswith(("/static/", "/files/")) and "." not in u.rsplit("/", 1)[-1]]
    assert {"/", "/en/", "/penalties/", "/en/about/", "/data/"} <= set(pages)
    client = shared.test_client()
    for url in pages:
        page = client.get(url)
        alone = create_app(cat, datasets=datasets).test_client().get(url)
        assert page.status_code == alone.status_code == 200, url
        assert page.get_data() == alone.get_data(), url
    # Per language: a header for each section's page and one for every other page; a footer with
    # the as-of date, one without, one for pages that do not say.
    assert len(site_state(shared).frame_parts) <= 2 * (len(NAVIGATION) + 1 + 3)


def test_the_navigation_marks_only_the_current_section_in_each_language():
    client = create_app(sample_catalogue()).test_client()
    for prefix in ("", "/en"):
        listing = client.get(f"{prefix}/penalties/").get_data(as_text=True)
        record = client.get(f"{prefix}/penalties/{penalty(1).id}/").get_data(as_text=True)
        again = client.get(f"{prefix}/penalties/").get_data(as_text=True)
        nav = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
        assert nav.search(listing).group().count('aria-current="page"') == 1
        assert f'href="{prefix}/penalties/" aria-current="page"' in nav.search(listing).group()
        assert "aria-current" not in nav.search(record).group() and again == listing
