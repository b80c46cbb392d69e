"""The search package's document type: what is indexed of one record.

The site maps its published catalogue to these (``ipcredit.searchdocs``);
this package indexes, exports and queries them and knows nothing else of
the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from search.schema import REGISTER_SNIPPET_CHARS, SNIPPET_CHARS
from search.tokenizer import exact_key


@dataclass(frozen=True)
class Sections:
    """The values of SearchDocument.section, as the caller declares them (this package keeps no
    list of the site's sections): the index, the exporter and the updater are given them."""

    names: tuple[str, ...]  # the order results of equal score and the export's section numbers follow
    # Sections whose stored snippet text is short: there are many of their records, and a
    # results page downloads the text of every hit shown.
    brief: tuple[str, ...] = ()

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}

    def number(self, name: str) -> int:
        """A section's number: its index in ``names`` (the export's rows give it)."""
        return self._numbers[name]

    def snippet_chars(self, name: str) -> int:
        """How much text a document of this section stores for snippets."""
        return REGISTER_SNIPPET_CHARS if name in self.brief else SNIPPET_CHARS


@dataclass(frozen=True)
class SearchDocument:
    url: str  # relative to the site root, with a trailing slash: "penalties/1a2b3c4d5e6f/"
    section: str
    title: str
    date: str  # ISO date, or "" for standing pages
    party: str = ""  # party, listed entity
    numbers: tuple[str, ...] = ()  # decision and case numbers
    codes: tuple[str, ...] = ()  # unified social credit codes (matched whole only)
    meta: str = ""  # authority, IP type, procedure, legal representative
    body: str = ""  # plain text, paragraphs separated by line feeds
    excerpt: str = ""  # what snippets are cut from, when not the body
    mentions: tuple[str, ...] = ()  # exact keys of other records' numbers quoted in the body
    title_en: str = ""  # the English version's title, when there is one
    meta_en: str = ""  # English labels of the controlled values, English names of authorities
    body_en: str = ""  # the English version's summary and body

    @property
    def snippet_source(self) -> str:
        return " ".join((self.excerpt or self.body).split())

    @property
    def snippet_source_en(self) -> str:
        return " ".join(self.body_en.split())

    @property
    def pinyin_source(self) -> str:
        """Whose pinyin is indexed: the party of a register entry, else the title."""
        return self.party or self.title

    @property
    def head(self) -> str:
        """Title, party name and numbers, each once (a penalty's title already holds the other two)."""
        extra = [line for line in (self.party, *self.numbers) if line and line not in self.title]
        return join_lines([self.title, *dict.fromkeys(extra)])

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Exact keys of the record's own numbers and codes."""
        return identifiers(self.numbers, self.codes)


def identifiers(numbers: Iterable[str], codes: Iterable[str]) -> tuple[str, ...]:
    """Exact keys of a record's own numbers and codes, sorted."""
    return tuple(sorted({exact_key(n) for n in (*numbers, *codes)} - {""}))


def join_lines(lines: Iterable[str | None]) -> str:
    return "\n".join(line.strip() for line in lines if line and line.strip())
