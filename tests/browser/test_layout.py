"""What a reader sees, on every page type in both languages, at phone and desk widths:
nothing wider than its box, no text under 12 px, the heading and content (or the
way to the filters) on a phone's first screen, no cramped table cells, a nested
table of contents; also with the text at 200 %. Each check is first shown to
notice a page broken on purpose in just that way."""

from __future__ import annotations

import pytest

from tests.browser import layout
from tests.browser.test_pages import page_paths

pytestmark = pytest.mark.browser

WHITE_PAPER = "/white-papers/2024-jianghai-ip-white-paper/"


@pytest.fixture
def tab(browser):
    """A page that accepts injected styles (the site's CSP forbids inline style)."""
    context = browser.new_context(bypass_csp=True, viewport=layout.PHONE)
    page = context.new_page()
    yield page
    context.close()


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}: {problem}" for where, problems in found.items() for problem in problems[:5])


# ---- each check notices a page broken in its way ----


def test_overflow_check_notices_a_table_cut_off_inside_main(tab, site_url):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(site_url + "/data/")
    assert not layout.overflowing(tab)
    tab.add_style_tag(content=".table-scroll { overflow: visible; } main { overflow-x: hidden; }")
    found = layout.overflowing(tab)
    assert any("table" in problem for problem in found), found


def test_overflow_check_notices_a_long_word_running_out_of_its_box(tab, site_url):
    tab.goto(site_url + "/")
    tab.evaluate("() => { document.querySelector('main .lead').textContent = 'x'.repeat(300); }")
    assert any("past its box" in problem or "wider" in problem for problem in layout.overflowing(tab))


def test_text_size_check_notices_small_html_text(tab, site_url):
    tab.goto(site_url + "/penalties/")
    assert not layout.small_text(tab)
    tab.add_style_tag(content=".result-count { font-size: 11px; }")
    assert any("result-count" in problem for problem in layout.small_text(tab))


def test_text_size_check_notices_svg_text_shrunk_with_its_drawing(tab, site_url):
    """14 user units in a 640-unit drawing squeezed into a phone's width render at about 7 px."""
    tab.goto(site_url + "/statistics/")
    tab.evaluate(
        """() => document.querySelector('main h1').insertAdjacentHTML('afterend',
        '<svg viewBox="0 0 640 40" width="300" font-size="14"><text x="0" y="20">2024 76 件</text></svg>')"""
    )
    found = layout.small_text(tab)
    assert any(problem.startswith("text") for problem in found), found


def test_first_screen_check_notices_a_tall_header(tab, site_url):
    tab.goto(site_url + "/notices/")
    assert not layout.first_screen(tab)
    tab.add_style_tag(content=".site-header { min-height: 800px; }")
    assert layout.first_screen(tab)


def test_first_screen_check_notices_filters_only_after_the_list(tab, site_url):
    tab.goto(site_url + "/penalties/")
    assert not layout.first_screen(tab)
    tab.add_style_tag(content=".filter-link { display: none !important; }")
    assert any("filters" in problem for problem in layout.first_screen(tab))


def test_cell_check_notices_a_word_stacked_one_letter_a_line(tab, site_url):
    tab.set_viewport_size({"width": 1366, "height": 900})
    tab.goto(site_url + "/data/")
    assert not layout.narrow_cells(tab)
    tab.add_style_tag(
        content=".data-dictionary td:nth-child(4) { min-width: 60rem; } .data-dictionary code { overflow-wrap: anywhere; }"
    )
    tab.set_viewport_size({"width": 1000, "height": 900})
    assert any("code" in problem or "td" in problem for problem in layout.narrow_cells(tab))


def test_toc_check_notices_sub_headings_counted_in_the_same_list(tab, site_url):
    tab.goto(site_url + WHITE_PAPER)
    assert not layout.toc_nesting(tab)
    tab.evaluate(
        """() => {  // the old table of contents: one list, sub-headings as its items
        const top = document.querySelector('nav.toc > ol');
        for (const li of [...top.querySelectorAll('ol > li')]) top.appendChild(li);
        for (const ol of [...top.querySelectorAll('li > ol')]) ol.remove();
    }"""
    )
    assert any("should be numbered in a list under" in problem for problem in layout.toc_nesting(tab))


def test_toc_check_notices_an_unnumbered_list(tab, site_url):
    tab.goto(site_url + WHITE_PAPER)
    tab.add_style_tag(content="nav.toc ol ol { list-style: none; }")
    assert any("not in a numbered list" in problem for problem in layout.toc_nesting(tab))


# ---- and every page type passes them ----


@pytest.mark.parametrize("width", layout.WIDTHS)
def test_every_page_fits_its_boxes_with_readable_text(browser, site_url, built_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in page_paths(built_site):
        page.goto(site_url + path)
        problems = layout.overflowing(page) + layout.small_text(page) + layout.narrow_cells(page)
        if problems:
            found[path] = problems
    context.close()
    assert not found, _report(found)


def test_every_page_shows_its_heading_and_content_on_a_phones_first_screen(browser, site_url, built_site):
    context = browser.new_context(viewport=layout.PHONE, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in page_paths(built_site):
        page.goto(site_url + path)
        if problems := layout.first_screen(page):
            found[path] = problems
    context.close()
    assert not found, _report(found)


def test_the_phone_menu_opens_without_script(browser, site_url):
    context = browser.new_context(viewport=layout.PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/penalties/")
    menu = page.locator(".site-nav a", has_text="失信名单")
    search = page.locator("#header-q")
    assert not menu.is_visible() and not search.is_visible()
    button = page.locator(".menu-open")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a large target
    button.click()
    assert menu.is_visible() and search.is_visible()
    assert menu.bounding_box()["height"] >= 44
    page.locator(".menu-close").click()  # the same place folds it again
    assert not menu.is_visible()
    context.close()


def test_text_at_200_percent_loses_nothing(browser, site_url, built_site):
    """Text enlarged to 200 % on a desk (WCAG 1.4.4; 适老化): nothing is cut off or overlaps its box."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in page_paths(built_site):
        page.goto(site_url + path)
        page.add_style_tag(content="html { font-size: 200% !important; }")
        if problems := layout.overflowing(page):
            found[path] = problems
    context.close()
    assert not found, _report(found)


def test_every_table_of_contents_is_nested(browser, site_url, built_site):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    found: dict[str, list[str]] = {}
    tocs = 0
    for path in [*page_paths(built_site), WHITE_PAPER, "/en" + WHITE_PAPER]:
        page.goto(site_url + path)
        tocs += page.locator("nav.toc").count()
        if problems := layout.toc_nesting(page):
            found[path] = problems
    context.close()
    assert tocs >= 2
    assert not found, _report(found)
