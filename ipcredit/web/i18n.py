"""The translation layer: Babel message catalogues, Chinese source strings.

Source strings (msgids) are Chinese, the site's first language, so Chinese
can never show a missing translation; the catalogues are read once at start-up
(``ipcredit.i18n``, which the lower layers use too) and bound here to the
language of each request. Dates and amounts are formatted
with Babel's locale data for each language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, parse_pattern
from babel.support import NullTranslations

from ipcredit.i18n import LOCALES

LANG_ATTRS = {"zh": "zh-CN", "en": "en"}

# Parsed once: given names, Babel parses the locale and the pattern on every call, which is
# half of formatting a date or an amount, and a list page formats about a hundred.
_LOCALES = {lang: Locale.parse(name) for lang, name in LOCALES.items()}
_AMOUNT = parse_pattern("#,##0.##")


class Translator:
    """gettext/ngettext bound to a language chosen per request."""

    def __init__(self, catalogues: dict[str, NullTranslations], current: Callable[[], str]) -> None:
        self._catalogues = catalogues
        self._current = current

    def _catalogue(self) -> NullTranslations:
        return self._catalogues.get(self._current(), self._catalogues["zh"])

    def gettext(self, message: str, **variables: object) -> str:
        text = self._catalogue().gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        """The form for ``n``, formatted when variables are given (Jinja's newstyle
        gettext formats it itself, with ``num`` and the template's variables)."""
        text = self._catalogue().ngettext(singular, plural, n)
        return text % {"num": n, **variables} if variables else text


def format_day(value: date | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return babel_format_date(value, format="long", locale=_LOCALES[lang])


def format_amount(value: Decimal | None, lang: str) -> str:
    """An amount in yuan: 12,345.5 元 / CNY 12,345.5."""
    if value is None:
        return ""
    number = format_decimal(value, format=_AMOUNT, locale=_LOCALES[lang])
    return f"{number} 元" if lang == "zh" else f"CNY {number}"


def format_number(value: int, lang: str) -> str:
    return format_decimal(value, locale=_LOCALES[lang])


def format_decimal_value(value: Decimal, lang: str) -> str:
    return format_decimal(value, format=_AMOUNT, locale=_LOCALES[lang])
