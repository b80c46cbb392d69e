"""Search document fields from records: the helpers the sections' declarations share.

A declaration gives a record's search fields as plain text (one line per
paragraph or value); the search package makes documents of them
(:mod:`ipcredit.searchdocs`), so nothing here imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from html.parser import HTMLParser

from ipcredit.records import Text


def join_lines(lines: Iterable[str | None]) -> str:
    """The non-empty lines, stripped, one per line (as search.documents.join_lines joins them)."""
    return "\n".join(line.strip() for line in lines if line and line.strip())


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset(
        {
            "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
            "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
            "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_SPACES = re.compile(r"[^\S\n]+")
_LINES = re.compile(r"\s*\n\s*")


def html_text(fragment: str) -> str:
    """Plain text of sanitised HTML: one line per block element, entities decoded."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return join_lines(_LINES.split(_SPACES.sub(" ", "".join(parser.parts))))


def summary_and_body(text: Text) -> str:
    """The summary, unless it is the body's own first paragraph (then it would count twice), and the body."""
    body = html_text(text.body_html)
    summary = text.summary.strip().removesuffix("…")
    if "".join(summary.split()) in "".join(body.split()):
        return body
    return join_lines([text.summary, body])


def english(text: Text | None) -> dict[str, str]:
    """The English version's fields of a document (none when there is no English version)."""
    if text is None:
        return {}
    return {"title_en": text.title, "body_en": summary_and_body(text)}


def labels(translate: Callable[[str], str], values: Iterable[str | None]) -> str:
    """English labels of controlled values, one per line; values without one are left out."""
    return join_lines(label for value in values if value and (label := translate(value)) != value)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def codes(uscc: str | None) -> tuple[str, ...]:
    return (uscc,) if uscc else ()
