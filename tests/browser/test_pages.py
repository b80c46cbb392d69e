"""Every page type in both languages, in a real browser: accessibility (axe-core),
valid HTML (Nu Html Checker), no console errors, nothing loaded from outside the
site, and no horizontal scrolling on a 360 px wide phone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import java, node_module

pytestmark = pytest.mark.browser

# Page types: a fixed path, or a folder whose first child page stands for its kind.
FIXED = ["/", "/white-papers/", "/notices/", "/about/", "/search/", "/statistics/", "/404.html",
         "/penalties/", "/dishonesty/", "/cases/", "/top-ten/", "/data/", "/key-trademarks/", "/risk-points/",
         "/parties/"]  # fmt: skip
FIRST_CHILD_OF = ["white-papers", "notices", "penalties", "dishonesty", "cases", "top-ten", "parties",
                  "penalties/year", "penalties/authority", "penalties/ip-type", "dishonesty/authority",
                  "cases/year", "cases/ip-type", "cases/procedure", "key-trademarks", "key-trademarks/nice-class",
                  "key-trademarks/region", "risk-points", "risk-points/list", "risk-points/type",
                  "penalties/year/*/ip-type", "dishonesty/year/*/authority",
                  "penalties/page"]  # fmt: skip  # a later list page (named after a record)


def page_paths(site: Path) -> list[str]:
    paths = [
        p for p in FIXED if (site / p.strip("/") / "index.html").exists() or (site / p.strip("/")).is_file()
    ]
    for folder in FIRST_CHILD_OF:  # a * stands for the first value that has such children (a year)
        children = sorted(d for d in site.glob(f"{folder}/*/index.html") if d.parent.name not in {"page"})
        if children:
            paths.append("/" + str(children[0].parent.relative_to(site)) + "/")
    return paths + ["/en" + p for p in paths]


def test_the_sample_site_has_every_page_type(built_site):
    found = page_paths(built_site)
    for required in (
        "/penalties/",
        "/dishonesty/",
        "/cases/",
        "/top-ten/",
        "/search/",
        "/statistics/",
        "/404.html",
        "/parties/",
    ):
        assert required in found, required
    combined = [
        p for p in found if p.startswith(("/penalties/year/", "/en/penalties/year/")) and p.count("/") >= 6
    ]
    assert len(combined) == 2, found  # a combined filter page (year and IP type), in both languages
    assert any(p.startswith("/penalties/page/") for p in found), found  # a later list page
    assert len(found) >= 40


def _external_requests(page, site_url: str) -> list[str]:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site_url) else None)
    return outside


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_pass_axe_and_load_nothing_from_outside(browser, site_url, built_site, width):
    """On a desk, and on a phone with its menu open (its targets, contrast and landmarks)."""
    axe = node_module("axe-core", "axe.min.js").read_text(encoding="utf-8")
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    outside = _external_requests(page, site_url)
    problems = []
    for path in page_paths(built_site):
        page.goto(site_url + path)
        if width < 768:
            page.click(".menu-open")
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']})).violations"
        )
        problems += [
            f"{path}: {v['id']}: {v['help']} ({len(v['nodes'])}×) e.g. {v['nodes'][0]['html'][:120]}"
            for v in result
        ]
    context.close()
    assert not problems, "\n".join(problems)
    assert not errors, "\n".join(errors)
    assert not outside, outside


def test_no_horizontal_scroll_on_a_phone(browser, site_url, built_site):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    wide = []
    for path in page_paths(built_site):
        page.goto(site_url + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide.append(f"{path}: {overflow}px too wide")
    context.close()
    assert not wide, "\n".join(wide)


def test_built_html_is_valid(built_site):
    vnu = node_module("vnu-jar", "build", "dist", "vnu.jar")
    pages = [str(built_site / p.strip("/") / "index.html") if not p.endswith(".html") else str(built_site / p.strip("/"))
             for p in page_paths(built_site)]  # fmt: skip
    result = subprocess.run(
        [java(), "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors[:30])
