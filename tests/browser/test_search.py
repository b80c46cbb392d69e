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
    results(page)
    everything = page.locator(".search-status").inner_text()  # "找到 N 条结果"
    page.select_option("#search-section", "cases")
    page.press("#search-q", "Enter")
    expect(page).to_have_url(re.compile(r"section=cases"))
    expect(page.locator(".search-status")).not_to_have_text(everything)
    cases = page.locator("#search-results li").all_inner_texts()
    assert cases and all("案例" in item for item in cases)


def test_a_query_without_results_says_so(page, site_url):
    page.goto(site_url + "/search/?q=不存在的关键词组合甲乙丙")
    expect(page.locator("#search-results")).to_contain_text("没有找到结果", timeout=10_000)


def test_english_page_links_results_to_english_pages(page, site_url):
    page.goto(site_url + "/en/search/?q=商标&section=penalties")
    results(page)
    href = page.locator("#search-results li a").first.get_attribute("href")
    assert href.startswith("/en/penalties/")


# ---- /en/search/: English words, pinyin, plurals ------------------------------------------------


def test_english_words_find_english_pages_whatever_their_ending(page, site_url):
    page.goto(site_url + "/en/search/?q=infringe")
    found = results(page)
    assert "How to report infringement" in found[0]  # the English page's own title, not the Chinese
    assert page.locator("#search-results li mark").first.inner_text().lower().startswith("infring")
    link = page.locator("#search-results li a").first
    assert link.get_attribute("href") == "/en/report-infringement/" and link.get_attribute("lang") is None


def test_english_title_of_a_white_paper_is_found(page, site_url):
    page.goto(site_url + "/en/search/?q=white+paper")
    assert "White Paper on Intellectual Property Protection" in results(page)[0]


@pytest.mark.parametrize("query", ["huitong jixie", "huitongjixie"])
def test_pinyin_finds_the_chinese_company(page, site_url, query: str):
    page.goto(site_url + "/en/search/?q=" + query)
    found = results(page)
    assert found and all("江海汇通机械有限公司" in item for item in found)
    title = page.locator("#search-results li a").first
    assert title.get_attribute("lang") == "zh-CN"  # Chinese shown on the English page says so


def test_pinyin_finds_a_case_title_and_one_result_is_singular(page, site_url):
    page.goto(site_url + "/en/search/?q=laoshunxing")
    found = results(page)
    assert len(found) == 1 and "江海老顺兴餐饮有限公司" in found[0]
    expect(page.locator(".search-status")).to_have_text("1 result")
    page.goto(site_url + "/en/search/?q=punitive")
    results(page)
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d+ results$"))


def test_the_english_search_page_says_names_can_be_typed_in_pinyin(page, site_url):
    page.goto(site_url + "/en/search/")
    expect(page.locator("#search-hint")).to_contain_text("typed in pinyin")
