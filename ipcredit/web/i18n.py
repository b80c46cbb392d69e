"""The translation layer: Babel message catalogues, Chinese source strings.

Source strings (msgids) are Chinese, the site's first language, so Chinese
can never show a missing translation; the catalogues are read once at start-up
(``ipcredit.i18n``, which the lower layers use too) and bound here to the
language of each request. Dates and amounts are formatted
with Babel's locale data for each language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, parse_pattern
from babel.support import NullTranslations
from flask import Flask
from flask.templating import Environment as FlaskEnvironment
from jinja2 import Template
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from ipcredit.i18n import LOCALES
from ipcredit.web.context import page_language

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
        return self.catalogue(self._current())

    def catalogue(self, language: str) -> NullTranslations:
        return self._catalogues.get(language, self._catalogues["zh"])

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


# Templates compiled per language ---------------------------------------------------------


class ConstantTranslations(Extension):
    """``_('…')`` of a literal message, translated when the template is compiled.

    A page calls ``_()`` about 60 times, each a call through Jinja's context for a text
    that depends only on the page's language: about an eighth of a record page's rendering.
    In an environment compiled for one language (:class:`PageEnvironment`) such a call
    becomes the translated text itself, marked safe as ``_()`` marks it where the template
    autoescapes. Calls with values or a ``%`` in the text (``_()`` formats those), other
    templates (``_()`` returns plain text there) and other environments are left as they are.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        language = getattr(self.environment, "language", None)
        escapes = self.environment.autoescape
        if language is None or not (escapes(stream.name) if callable(escapes) else escapes):
            return stream
        return self._folded(list(stream), self.environment.translator.catalogue(language))

    @staticmethod
    def _folded(tokens: list[Token], catalogue: NullTranslations) -> Iterator[Token]:
        previous: Token | None = None
        unescaped = 0  # inside {% autoescape %} blocks, where _() may return plain text
        i = 0
        while i < len(tokens):
            call = tokens[i : i + 4]
            if previous is not None and previous.type == "block_begin" and call[0].type == "name":
                unescaped += {"autoescape": 1, "endautoescape": -1}.get(call[0].value, 0)
            if (
                not unescaped
                and [t.type for t in call] == ["name", "lparen", "string", "rparen"]
                and call[0].value in ("_", "gettext")
                and (previous is None or previous.type != "dot")  # not a method named _
                and "%" not in call[2].value
                and "%" not in (text := catalogue.gettext(call[2].value))
            ):
                line = call[0].lineno
                yield from (Token(line, "lparen", "("), Token(line, "string", text), Token(line, "pipe", "|"))
                yield from (Token(line, "name", "safe"), Token(line, "rparen", ")"))
                previous, i = call[3], i + 4
                continue
            previous = tokens[i]
            yield previous
            i += 1


class PageEnvironment(FlaskEnvironment):
    """The app's Jinja environment, which gives a page the templates compiled for its language
    (:class:`ConstantTranslations`): one more compiled copy of each template per language,
    made on first use, after the app has set its globals, filters and extensions (an overlay
    shares the first two and copies the last). Outside a page the templates are compiled
    without translations folded in."""

    def __init__(self, app: Flask, **options: Any) -> None:
        options["extensions"] = [*options.get("extensions", ()), ConstantTranslations]
        super().__init__(app, **options)
        self.language: str | None = None  # the language this environment folds in (None: none)
        self.translator: Translator | None = None  # set by the app with the translations
        self.per_language: dict[str, PageEnvironment] = {}

    def in_language(self, language: str) -> PageEnvironment:
        found = self.per_language.get(language)
        if found is None:
            size = getattr(self.cache, "capacity", 0 if self.cache is None else -1)  # as this one's
            found = self.overlay(cache_size=size)
            found.language, found.per_language = language, {}
            self.per_language[language] = found
        return found

    def _for_page(self) -> PageEnvironment:
        language = page_language() if self.language is None else None
        return self if language is None else self.in_language(language)

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Template:
        env = self._for_page()
        return (
            super().get_template(name, parent, globals)
            if env is self
            else env.get_template(name, parent, globals)
        )

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> Template:
        env = self._for_page()
        return (
            super().select_template(names, parent, globals)
            if env is self
            else env.select_template(names, parent, globals)
        )
