"""The search page in a real browser: static mode and preview mode show the same thing.

A minimal page with the markup the site's template provides (form, section
filter, results container with data attributes) and a CSP that allows only
same-origin scripts, so inline script or eval in search.js would fail here.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from search.query import search_results
from tests.search.conftest import PENALTIES, SEARCH_JS, Built

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SECTIONS = ("penalties", "dishonesty", "cases", "white-papers", "notices", "pages")
PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<title>搜索</title></head><body>
<form role="search" id="search-form" action="/search/" method="get">
  <label for="search-q">关键词</label><input type="search" name="q" id="search-q">
  <label for="search-section">栏目</label>
  <select name="section" id="search-section"><option value="">全部栏目</option>{options}</select>
  <button type="submit">搜索</button>
</form>
<div id="search-results" aria-live="polite" {source} data-root="/" data-lang="zh"
  data-i18n-results-other="找到 {{count}} 条结果" data-i18n-no-results="没有找到结果" data-i18n-loading="正在搜索…"
  data-i18n-error="搜索出错" data-i18n-more="更多结果" data-i18n-section-penalties="行政处罚"
  data-i18n-section-white-papers="白皮书"></div>
<script src="/static/search.js"></script>
</body></html>
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    index_dir: Path

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path != "/search/api":
            super().do_GET()
            return
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        results = search_results(
            self.index_dir, params.get("q", ""), params.get("section") or None,
            int(params.get("limit", 10)), int(params.get("offset", 0)), params.get("lang", "zh"),
        )  # fmt: skip
        body = json.dumps(results.as_json(), ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(built.export, root / "search" / "index")
    (root / "favicon.ico").write_bytes(b"")  # the browser asks for it
    (root / "static").mkdir()
    shutil.copy(SEARCH_JS, root / "static" / "search.js")
    shutil.copy(SEARCH_JS.with_name("search-latin.js"), root / "static" / "search-latin.js")
    options = "".join(f'<option value="{s}">{s}</option>' for s in SECTIONS)
    (root / "search" / "index.html").write_text(
        PAGE.format(options=options, source='data-index="/search/index/"'), encoding="utf-8"
    )
    (root / "preview").mkdir()
    (root / "preview" / "index.html").write_text(
        PAGE.format(options=options, source='data-api="/search/api"'), encoding="utf-8"
    )
    handler = type("BoundHandler", (Handler,), {"index_dir": built.index})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield tab
    context.close()
    assert errors == []


def shown(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#search-results li",
        """items => items.map(li => ({
            href: li.querySelector("a").getAttribute("href"),
            title: li.querySelector("a").textContent,
            section: li.querySelector(".search-hit-section").textContent,
            snippet: li.querySelector(".search-hit-snippet").innerHTML,
        }))""",
    )


def test_typing_a_query_lists_results_and_updates_the_address(site: str, page):
    page.goto(f"{site}/search/")
    page.fill("#search-q", "瑞丰")
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results li")
    assert "q=%E7%91%9E%E4%B8%B0" in page.url
    assert page.text_content("#search-results [role=status]").startswith("找到 ")
    hits = shown(page)
    assert hits[0]["href"].startswith("/") and hits[0]["href"].endswith("/")
    assert any("<mark>瑞丰</mark>" in hit["snippet"] or "瑞丰" in hit["title"] for hit in hits)


def test_a_shared_address_shows_the_same_results_on_load(site: str, page):
    page.goto(f"{site}/search/?q={PENALTIES[0].uscc}&section=penalties")
    page.wait_for_selector("#search-results li")
    assert page.input_value("#search-q") == PENALTIES[0].uscc
    assert page.input_value("#search-section") == "penalties"
    first = shown(page)[0]
    assert first["href"] == f"/penalties/{PENALTIES[0].id}/"
    assert first["section"] == "行政处罚"


def test_snippets_render_marks_and_never_markup_from_the_data(site: str, page):
    page.goto(f"{site}/search/?q=美术作品")
    page.wait_for_selector("#search-results li")
    snippet = shown(page)[0]["snippet"]
    assert "<mark>美术作品</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_no_results_is_said(site: str, page):
    page.goto(f"{site}/search/?q=不存在的词语")
    status = page.locator("#search-results [role=status]")
    status.filter(has_text="没有找到结果").wait_for()
    assert page.locator("#search-results li").count() == 0


def test_more_results_keep_the_order_and_move_the_focus(site: str, page):
    page.goto(f"{site}/search/?q=江海")
    page.wait_for_selector("#search-results li")
    first_page = shown(page)
    page.click(".search-more")
    # (a selector, not wait_for_function: the page's CSP forbids the eval it polls with)
    page.wait_for_selector(f"#search-results li:nth-child({len(first_page) + 1})")
    everything = shown(page)
    assert everything[: len(first_page)] == first_page
    assert page.evaluate("document.activeElement.closest('li') !== null")


@pytest.mark.parametrize("query", ["瑞丰", "江市监知处罚〔2025〕1234号", "商标", "江海", "瑞"])
def test_preview_mode_shows_what_static_mode_shows(site: str, page, query: str):
    page.goto(f"{site}/search/?q={query}")
    page.wait_for_selector("#search-results li")
    static = shown(page)
    page.goto(f"{site}/preview/?q={query}")
    page.wait_for_selector("#search-results li")
    assert shown(page) == static


def test_only_a_query_with_latin_letters_loads_the_english_and_pinyin_script(site: str, page):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{site}/search/?q=瑞丰")
    page.wait_for_selector("#search-results li")
    assert "/static/search-latin.js" not in fetched  # a Chinese query does not pay for it
    page.fill("#search-q", "jianghai ruifeng")
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results li")
    assert "/static/search-latin.js" in fetched
    assert "瑞丰" in page.locator("#search-results li").first.inner_text()
