"""Template filters: what they print is what the slower, general way would print."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import tinycss2
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Flask, url_for
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.i18n import LOCALES
from ipcredit.web import create_app
from ipcredit.web.filters import amount, css_string, day, record_href
from ipcredit.web.i18n import format_amount, format_day, format_number
from tests.factories import catalogue, penalty

APP = create_app(catalogue(penalties=(penalty(1),)))
ENDPOINTS = ("penalties.detail", "parties.detail", "dishonesty.detail")


@contextmanager
def home_page(app: Flask, lang: str, base_url: str = "https://example.org/") -> Iterator[None]:
    """Inside the request for the home page in ``lang``, its URL read as a request reads it."""
    with app.test_request_context("/en/" if lang == "en" else "/", base_url=base_url):
        assert app.preprocess_request() is None
        yield


@settings(max_examples=300, deadline=None)
@given(
    record_id=st.text(min_size=1, max_size=24),
    endpoint=st.sampled_from(ENDPOINTS),
    lang=st.sampled_from(("zh", "en")),
    root=st.sampled_from(("", "/city")),
)
def test_a_list_row_links_to_the_url_url_for_gives(record_id: str, endpoint: str, lang: str, root: str):
    """Rows build their links from a pattern; any id, plain or needing quoting (a party's code
    is whatever the register held), under a base path or not, in either language, links as
    ``url_for`` would, so a party or a record is never linked to a page that is not there."""
    with home_page(APP, lang, base_url=f"https://example.org{root}/"):
        pattern_first = record_href("PLAIN-id_1", endpoint)  # the pattern is made, then reused
        assert pattern_first == url_for(endpoint, record_id="PLAIN-id_1")
        assert record_href(record_id, endpoint) == url_for(endpoint, record_id=record_id)


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    amount=st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
    count=st.integers(min_value=0, max_value=10**9),
    lang=st.sampled_from(("zh", "en")),
)
def test_dates_amounts_and_counts_read_as_babel_formats_them_from_names(
    day: date, amount: Decimal, count: int, lang: str
):
    """The formatters keep Babel's locale and pattern parsed; the text is Babel's from names."""
    locale = LOCALES[lang]
    expected_day = (
        f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else format_date(day, "long", locale)
    )
    assert format_day(day, lang) == expected_day
    number = format_decimal(amount, format="#,##0.##", locale=locale)
    assert format_amount(amount, lang) == (f"{number} 元" if lang == "zh" else f"CNY {number}")
    assert format_number(count, lang) == format_decimal(count, locale=locale)


@settings(max_examples=200, deadline=None)
@given(
    shown=st.lists(
        st.tuples(
            st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)) | st.none(),
            st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False) | st.none(),
            st.sampled_from(("zh", "en")),
        ),
        max_size=30,
    ),
    trailing_zero=st.booleans(),
)
def test_pages_show_each_date_and_amount_as_formatted_afresh(shown, trailing_zero: bool):
    """The day and amount filters keep what they formatted on the app: in any order of values and
    languages, each text is the one formatting it afresh gives, and an amount written with more
    places (1.50 for 1.5: equal, so one key) reads the same."""
    app = create_app(catalogue(penalties=(penalty(1),)))
    for when, how_much, lang in shown:
        with home_page(app, lang):
            written = how_much if how_much is None or not trailing_zero else Decimal(f"{how_much:.4f}")
            assert day(when) == format_day(when, lang)
            assert amount(written) == format_amount(how_much, lang)
            assert amount(how_much) == format_amount(how_much, lang)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_a_css_string_reads_back_as_the_text_and_nothing_escapes_it(text):
    """Whatever a label holds (quotes, backslashes, line breaks, braces, NUL), the stylesheet
    holds one declaration whose string is that label (CSS reads a NUL as U+FFFD)."""
    css = f"a::before {{ content: {css_string(text)}; }} b {{ color: red; }}"
    first, second = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    (declaration,) = tinycss2.parse_blocks_contents(first.content, skip_comments=True, skip_whitespace=True)
    (string,) = [t for t in declaration.value if t.type != "whitespace"]
    assert string.type == "string" and string.value == text.replace("\0", "\ufffd")
    assert tinycss2.serialize(second.prelude).strip() == "b"
