"""Searching the protection lists: a mark by name, registration number, right holder (Chinese,
English, pinyin), a market by name and address."""

from __future__ import annotations

import pytest

from search.query import search_results
from tests.search.conftest import KEY_TRADEMARKS, RISK_POINTS, Built

QINGCI, NORTHWIND = (f"key-trademarks/{m.id}/" for m in KEY_TRADEMARKS)
MARKET, CLOTHES = (f"risk-points/{p.id}/" for p in RISK_POINTS)


def urls(built: Built, q: str, section: str | None = None) -> list[str]:
    return [hit.url for hit in search_results(built.index, q, section, limit=100).hits]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("NORTHWIND", NORTHWIND),  # a Latin-letter mark
        ("江海青瓷", QINGCI),  # a Chinese mark
        (KEY_TRADEMARKS[1].registration_number, NORTHWIND),  # its registration number
        ("北风服饰", NORTHWIND),  # the right holder in Chinese
        ("Northwind Apparel", NORTHWIND),  # the right holder's English name
        ("jianghai qingci", QINGCI),  # pinyin
        ("江海国际小商品城", MARKET),  # a market's name
        ("义乌路", MARKET),  # its address
        ("fuzhuang pifa", CLOTHES),  # pinyin of a market's name
    ],
)
def test_protection_lists_are_found_by_name_number_holder_and_pinyin(built: Built, query: str, wanted: str):
    assert wanted in urls(built, query)


def test_section_filter_keeps_to_the_section(built: Built):
    assert set(urls(built, "江海", "risk-points")) == {MARKET, CLOTHES}
