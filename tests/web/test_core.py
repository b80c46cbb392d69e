"""The site frame: languages, switch links, security headers, 404, sample banner."""

from __future__ import annotations

import re
from datetime import date

from markupsafe import escape

from ipcredit.records import Origin, Page, Text
from ipcredit.web import create_app
from tests.factories import catalogue, penalty, settings
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
