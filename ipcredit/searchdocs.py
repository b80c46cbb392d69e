"""The published catalogue → search documents, in both languages.

Only :class:`~ipcredit.catalogue.Catalogue` is read, so a withheld record can
never reach the index, and penalties and dishonesty entries arrive masked.
Documents come out in a fixed order — section (:data:`ipcredit.sections.SECTIONS`),
newest first, then URL — which is also the tie-break of equal scores on both the
Whoosh side and the browser side. Each document's URL is its section's
:meth:`~ipcredit.sections.Section.record_path`.

One document per record serves both search pages: it holds the Chinese text
and, where the record has them, the English version (title, summary, body),
the English labels of its controlled values (IP type, procedure, violation
type, penalty types) and the English names of authorities, so "trademark"
finds Chinese-only records by their IP type too. The English search page
shows the English title and snippet of a hit when there are any.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import english_labels
from ipcredit.sections import SECTIONS
from ipcredit.sections.section import SearchFields, Translate
from search.documents import SearchDocument, Sections
from search.tokenizer import exact_key

# Identifiers quoted in running text (a case citing a penalty, a notice naming a company).
# Where an issuer's abbreviation starts is unknown, so every start is a candidate; only
# candidates that are some published record's own number are kept.
_NUMBER_TAIL = re.compile(r"[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】][^\s，。；、]{0,12}?\d{1,6}\s*号")
_ISSUER = re.compile(r"[\u4e00-\u9fff]{2,16}$")
_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")


def quoted_codes(text: str) -> set[str]:
    """Exact keys of the credit codes in ``text``."""
    return {exact_key(code) for code in _CREDIT_CODE.findall(text)}


def quoted_numbers(text: str) -> set[str]:
    """Exact keys of every way a decision number quoted in ``text`` could begin."""
    found = set()
    for tail in _NUMBER_TAIL.finditer(text):
        issuer = _ISSUER.search(text, max(0, tail.start() - 16), tail.start())
        starts = range(issuer.start(), tail.start() - 1) if issuer else range(0)
        for start in (*starts, tail.start()):  # court case numbers begin at the bracket
            found.add(exact_key(text[start : tail.end()]))
    return found


def documents(catalogue: Catalogue, labels: Translate | None = None) -> list[SearchDocument]:
    """Every published record as a search document, in the canonical order (see module docs).

    ``labels`` gives the English label of a controlled value; by default the
    site's English message catalogue. Authorities' English names come from
    the catalogue's register of authorities.
    """
    translate = _translator(catalogue, labels or english_labels())
    docs = list(_in_order(catalogue, translate))
    own = [doc.identifiers for doc in docs]  # computed (normalised) once: 100,000 documents
    known = {key for keys in own for key in keys}
    return [_with_mentions(doc, set(keys), known) for doc, keys in zip(docs, own, strict=True)]


def _with_mentions(doc: SearchDocument, own: set[str], known: set[str]) -> SearchDocument:
    keys = (quoted_codes(doc.body) | (quoted_numbers(doc.body) & known)) - own
    return replace(doc, mentions=tuple(sorted(keys))) if keys else doc


def _translator(catalogue: Catalogue, labels: Translate) -> Translate:
    """Authorities by their English name, other values by ``labels``."""
    names = {a.name: a.name_en for a in catalogue.authorities if a.name_en}
    return lambda value: names.get(value) or labels(value)


# Each section's record → the document's fields (its URL and section are the section's).
FIELDS: dict[str, Callable[[Any, Translate], SearchFields]] = {s.name: s.search for s in SECTIONS if s.search}


# The sections as the search package is given them: their order, and the registers' short snippets.
SEARCH_SECTIONS = Sections(
    tuple(s.name for s in SECTIONS if s.search),
    tuple(s.name for s in SECTIONS if s.search and s.brief_snippets),
)


def _in_order(catalogue: Catalogue, translate: Translate) -> Iterator[SearchDocument]:
    for section in SECTIONS:
        fields = section.search
        if fields is None:
            continue
        group = (
            SearchDocument(url=section.record_path(r), section=section.name, **fields(r, translate))
            for r in section.records(catalogue)
        )
        yield from sorted(group, key=_order_in_section)


def _order_in_section(doc: SearchDocument) -> tuple[str, str]:
    # Newest first: invert the ISO date's characters so one ascending sort does it.
    return (doc.date.translate(_INVERT_DIGITS) if doc.date else "~", doc.url)


_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
