"""On a phone a card table's rows are cards, and each cell is labelled with its column's header.

The labels come from the stylesheet a page links (one per language, ``/cards.css``), not from
the rows: what a phone reader sees is checked here by reading that stylesheet back (tinycss2)
and matching each rule to the cells of every card table the site renders.
"""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from pathlib import Path

import tinycss2
from lxml import etree

from ipcredit.datasets import write_all
from ipcredit.records import PartyType
from ipcredit.sections import PARTIES, SECTIONS
from ipcredit.web import create_app
from tests.factories import catalogue, dishonesty, key_trademark, penalty, risk_point

SEPARATOR = {"zh": "：", "en": ": "}
REGISTERS = {s.name for s in SECTIONS if s.columns} - {PARTIES.name}  # rows link to record pages
RULE = re.compile(r"table\.cards-([a-z-]+) > tbody > tr > :nth-child\((\d+)\)::before")
# Every page with a card table: each list with declared columns (a new section's list is
# checked as soon as it declares them, and needs records in site() below), the statistics page
# (repeat offenders) and the data page (a dictionary per dataset).
PAGES = (*(f"/{s.list_path}" for s in SECTIONS if s.columns), "/statistics/", "/data/")


def site():
    penalties = (
        penalty(3, fine_yuan=None),  # a blank fine cell: no label shown
        penalty(2, party_type=PartyType.INDIVIDUAL_BUSINESS, uscc="92330100MA2H3X4Y5L"),
        penalty(1, fine_yuan=Decimal("12345.5")),
    )
    places = (risk_point(2, district=None), risk_point(1))
    cat = catalogue(
        penalties=penalties,
        dishonesty=(dishonesty(1),),
        key_trademarks=(key_trademark(1),),
        risk_points=places,
    )
    with tempfile.TemporaryDirectory(prefix="cards-") as folder:
        return create_app(cat, datasets=write_all(cat, Path(folder))).test_client()


def labels(css: str) -> dict[tuple[str, int], str]:
    """(table name, column number from 1) → the text the stylesheet puts before such a cell."""
    found = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        assert rule.type == "qualified-rule", rule
        selector = RULE.fullmatch(tinycss2.serialize(rule.prelude).strip())
        assert selector, tinycss2.serialize(rule.prelude)
        (declaration,) = tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        assert declaration.name == "content"
        (string,) = [t for t in declaration.value if t.type != "whitespace"]
        found[selector.group(1), int(selector.group(2))] = string.value
    return found


def text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def agrees(shown: str, on_record: str) -> bool:
    """What a card shows is what the record page says (which may say more: a holder's English
    name too), however a list is joined (a record page lists Nice classes one a line)."""
    bare = re.sub(r"[\s、；,]", "", shown)
    return bool(bare) and bare in re.sub(r"[\s、；,]", "", on_record)


def facts(client, row: etree._Element) -> dict[str, str]:
    """What the record page a row links to says under each label (empty: it links to none)."""
    links = row.xpath("./th//a/@href")
    page = etree.HTML(client.get(links[0]).data) if links else None
    if page is None:
        return {}
    return {text(dt): text(dt.getnext()) for dt in page.xpath("//dl/dt")}


def check_cards(client, path: str, lang: str) -> int:
    """Assert every cell of the page's card tables is labelled with its column, and with what
    the row's record page says under that label; returns the cells seen."""
    html = etree.HTML(client.get(path).data)
    (href,) = html.xpath("//head/link[@rel='stylesheet'][contains(@href, 'cards.css')]/@href")
    response = client.get(href)
    assert response.mimetype == "text/css"
    rules = labels(response.get_data(as_text=True))
    cells = 0
    for table in html.xpath("//table[contains(@class, 'cards')]"):
        (name,) = [c.removeprefix("cards-") for c in table.get("class").split() if c.startswith("cards-")]
        headers = [text(th) for th in table.xpath("./thead/tr/th")]
        rows = table.xpath("./tbody/tr")
        assert rows, (path, name)
        for row in rows:
            assert len(row) == len(headers), (path, name, text(row))
            record = facts(client, row)
            for number, (cell, header) in enumerate(zip(row, headers, strict=True), start=1):
                if cell.tag == "th":  # the row's name: the card's title, unlabelled
                    assert (name, number) not in rules
                    continue
                assert rules[name, number] == header + SEPARATOR[lang], (path, name, number)
                if header in record:  # the card's "label: value" is the record page's
                    assert agrees(text(cell), record[header]), (path, name, header)
                    cells += 1
                elif name in REGISTERS:
                    assert not text(cell), (path, name, header)  # blank, and so unlabelled
                else:
                    cells += 1
    return cells


def test_every_cell_of_every_card_table_is_labelled_with_its_own_column_in_both_languages():
    client = site()
    for path in PAGES:
        for lang, prefix in (("zh", ""), ("en", "/en")):
            assert check_cards(client, prefix + path, lang) > 0, prefix + path


def test_rows_carry_no_labels_and_pages_without_card_tables_do_not_load_them():
    client = site()
    listing = client.get("/en/penalties/").get_data(as_text=True)
    assert 'href="/en/cards.css"' in listing and "Decision date" not in listing.split("<tbody>")[1]
    record = etree.HTML(client.get("/penalties/").data).xpath("//tbody//a/@href")[0]
    assert "cards.css" not in client.get(record).get_data(as_text=True)


def test_the_english_stylesheet_is_english():
    css = site().get("/en/cards.css").get_data(as_text=True)
    assert labels(css)["penalties", 5] == "Fine: "
    assert not re.search(r"[\u4e00-\u9fff]", css)
