"""Party pages come first for a party's name or its credit code, on both search pages and both paths
(the preview's Whoosh index and the static page's export)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ipcredit.records import Text
from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from search import build_search
from search.query import search_results
from tests import factories
from tests.search.conftest import PENALTIES, Built, needs_node, run_node

RUIFENG = PENALTIES[0]  # a penalty, a listing and a case titled with its name
QUERIES = [
    (RUIFENG.party_name, RUIFENG.uscc),  # the full name
    ("瑞丰贸易", RUIFENG.uscc),  # part of it
    ("ruifeng maoyi", RUIFENG.uscc),  # its pinyin
    (RUIFENG.uscc, RUIFENG.uscc),  # the code
    (RUIFENG.uscc.lower(), RUIFENG.uscc),
    ("江海汇通机械制造有限公司", PENALTIES[6].uscc),
    (PENALTIES[6].uscc, PENALTIES[6].uscc),
]


def first(index: Path, q: str, lang: str) -> str:
    return search_results(index, q, lang=lang).hits[0].url


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("query", "code"), QUERIES)
def test_a_name_or_code_finds_the_party_page_first(built: Built, query: str, code: str, lang: str):
    assert first(built.index, query, lang) == f"parties/{code}/"


@needs_node
def test_the_static_page_puts_the_party_page_first_too(built: Built):
    requests = [{"q": q, "lang": lang} for q, _code in QUERIES for lang in ("zh", "en")]
    answers = run_node("query", str(built.export), stdin=requests)
    assert [a["hits"][0]["url"] for a in answers] == [f"parties/{c}/" for _q, c in QUERIES for _ in "ab"]


def test_records_repeating_the_name_do_not_outrank_the_party_page(tmp_path: Path):
    """A penalty whose facts name the party again and again, and a case titled with the name, still
    come after the party's page."""
    name, code = "江海鸿运五金制品有限公司", "91330100MA2HY00011"
    chatty = factories.penalty(
        1, party_name=name, uscc=code, facts=f"{name}销售侵权商品。" * 6, decision_date=date(2025, 5, 1)
    )
    other = factories.penalty(2, party_name=name, uscc=code, decision_date=date(2025, 4, 1))
    case = factories.case(
        "hy-2025", zh=Text(f"{name}侵害商标权纠纷案", f"{name}被判赔偿。", f"<p>{name}。{name}。</p>")
    )
    catalogue = factories.catalogue(penalties=(chatty, other), cases=(case,))
    build_search(documents(catalogue), tmp_path / "index", tmp_path / "export", SEARCH_SECTIONS)
    for query in (name, "鸿运五金", code, "hongyun wujin"):
        for lang in ("zh", "en"):
            assert first(tmp_path / "index", query, lang) == f"parties/{code}/", (query, lang)


def test_a_decision_number_still_finds_its_record_first(built: Built):
    found = [h.url for h in search_results(built.index, PENALTIES[6].decision_number).hits]
    assert found == [f"penalties/{PENALTIES[6].id}/", f"parties/{PENALTIES[6].uscc}/"]


def test_a_party_with_a_second_name_is_found_by_either(tmp_path: Path):
    renamed = replace(
        PENALTIES[6], party_name="江海汇通机械有限公司", decision_number="江市监知处罚〔2025〕2002号"
    )
    catalogue = factories.catalogue(penalties=(PENALTIES[6], renamed))
    build_search(documents(catalogue), tmp_path / "index", tmp_path / "export", SEARCH_SECTIONS)
    for query in ("江海汇通机械制造有限公司", "江海汇通机械有限公司"):
        assert first(tmp_path / "index", query, "zh") == f"parties/{PENALTIES[6].uscc}/"
