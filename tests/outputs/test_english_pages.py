"""Every English page of the built sample is English where it speaks for the site: no
full-width punctuation and no Chinese outside elements marked ``lang="zh-CN"`` (party names,
decision numbers, untranslated documents, the sample's 示例号码 note)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ipcredit.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FULL_WIDTH = re.compile("[，。：；！？（）【】《》、“”‘’〔〕「」『』〈〉～]")
CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Attributes a reader sees or hears; <title> and <meta content> cannot mark a language inside them.
SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


class EnglishScanner(HTMLParser):
    """Text in an element whose language is English (the nearest ``lang`` says so) that holds
    full-width punctuation or Chinese characters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def language(self) -> str:
        return next((lang for _tag, lang in reversed(self.open) if lang is not None), "")

    def check(self, text: str, lang: str) -> None:
        if lang.startswith("en") and (FULL_WIDTH.search(text) or CHINESE.search(text)):
            self.found.append(text.strip()[:80])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang")
        for name in SHOWN_ATTRIBUTES:
            self.check(values.get(name) or "", lang if lang is not None else self.language())
        if tag not in VOID:
            self.open.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not (self.open and self.open[-1][0] in ("script", "style", "title")):
            self.check(data, self.language())


def scan(html: str) -> list[str]:
    scanner = EnglishScanner()
    scanner.feed(html)
    return scanner.found


def test_the_scanner_sees_chinese_and_full_width_punctuation_only_where_english_is_claimed():
    page = (
        '<html lang="en"><head><title>江海</title></head><body><p>Telephone：1</p>'
        '<p>Party: <span lang="zh-CN">江海瑞丰，有限公司</span></p><p title="返回">x</p>'
        "<p>untranslated 示例号码</p><br><p>Fine: (1), e.g. done.</p></body></html>"
    )
    assert scan(page) == ["Telephone：1", "返回", "untranslated 示例号码"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("english") / "public"
    argv = ["--content", str(ROOT / "content"), "--data", str(ROOT / "cases_data"), "--as-of", "2026-11-24"]
    assert main(["build", *argv, "--out", str(out)]) == 0
    return out


def test_english_pages_use_english_punctuation_and_mark_chinese_text(site: Path):
    pages = sorted((site / "en").rglob("*.html"))
    assert len(pages) > 300  # every record's English page, not a handful
    problems = {str(p.relative_to(site)): found for p in pages if (found := scan(p.read_text("utf-8")))}
    assert problems == {}


def test_english_pages_show_english_labels_of_controlled_values(site: Path):
    penalty_pages = [p for p in (site / "en" / "penalties").glob("*/index.html")]
    text = "".join(p.read_text("utf-8") for p in penalty_pages)
    for label in ("Infringement of a registered trademark", "Patent counterfeiting", "Fine", "Warning"):
        assert label in text, label


def test_the_english_search_page_says_names_can_be_typed_in_pinyin(site: Path):
    page = (site / "en" / "search" / "index.html").read_text("utf-8")
    assert "typed in pinyin" in page
    assert 'data-i18n-results-one="{count} result"' in page
    assert 'data-i18n-results-other="{count} results"' in page


def test_every_controlled_value_of_the_sample_registers_has_an_english_label():
    from ipcredit.datadict import (
        DISHONESTY_BEHAVIOURS,
        PENALTY_CATEGORIES,
        PUBLICITY_CLASSES,
        VIOLATION_TYPES,
        WITHHOLD_REASONS,
    )
    from ipcredit.i18n import TRANSLATIONS_DIR, load_translations
    from ipcredit.pipeline import Folders, read_sources
    from ipcredit.problems import Problems
    from ipcredit.records import IP_TYPES, PROCEDURES, PartyType

    _settings, sources = read_sources(Folders(ROOT / "content", ROOT / "cases_data"), Problems())
    seen = {
        *(p.violation_type for p in sources.penalties),
        *(c for p in sources.penalties for c in p.penalty_categories),
        *(d.behaviour for d in sources.dishonesty),
    }
    controlled = {*VIOLATION_TYPES, *PENALTY_CATEGORIES, *DISHONESTY_BEHAVIOURS}
    assert seen and seen <= controlled  # the sample uses the vocabulary the catalogue translates
    english = load_translations(TRANSLATIONS_DIR)["en"].gettext
    values = controlled | {*PUBLICITY_CLASSES, *WITHHOLD_REASONS.values(), *IP_TYPES, *PROCEDURES}
    values |= {t.value for t in PartyType}
    labels = {value: english(value) for value in values}
    assert [
        v for v, label in labels.items() if label == v or FULL_WIDTH.search(label) or CHINESE.search(label)
    ] == []
    assert [labels[c] for c in PUBLICITY_CLASSES] == ["minor", "general", "serious"]
