"""The real /search/ page of the built sample site, typed into like a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def results(page) -> list[str]:
    page.locator("#search-results li").first.wait_for(timeout=10_000)
    return page.locator("#search-results li").all_inner_texts()


def test_typing_a_query_shows_highlighted_results_and_a_shareable_url(page, site_url):
    page.goto(site_url + "/search/")
    page.fill("#search-q", "商标")
    page.press("#search-q", "Enter")
    found = results(page)
    assert found and "商标" in page.inner_html("#search-results mark")
    assert "q=%E5%95%86%E6%A0%87" in page.url or "q=商标" in page.url
    page.reload()
    assert results(page) == found  # the URL alone reproduces the search


def test_the_section_filter_narrows_results(page, site_url):
    page.goto(site_url + "/search/?q=商标")
    everything = results(page)
    page.select_option("#search-section", "cases")
    page.press("#search-q", "Enter")
    expect(page).to_have_url(re.compile(r"section=cases"))
    expect(page.locator("#search-results li").first).to_contain_text("案例")
    cases = page.locator("#search-results li").all_inner_texts()
    assert cases and all("案例" in item for item in cases) and cases != everything


def test_a_query_without_results_says_so(page, site_url):
    page.goto(site_url + "/search/?q=不存在的关键词组合甲乙丙")
    expect(page.locator("#search-results")).to_contain_text("没有找到结果", timeout=10_000)


def test_english_page_links_results_to_english_pages(page, site_url):
    page.goto(site_url + "/en/search/?q=商标&section=penalties")
    results(page)
    href = page.locator("#search-results li a").first.get_attribute("href")
    assert href.startswith("/en/penalties/")
