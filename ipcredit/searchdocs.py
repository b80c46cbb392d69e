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
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import english_labels
from ipcredit.sections import SECTIONS
from ipcredit.sections.section import SearchFields, Translate
from search.documents import SearchDocument, Sections, identifiers
from search.tokenizer import exact_key

# Identifiers quoted in running text (a case citing a penalty, a notice naming a company).
# Where an issuer's abbreviation starts is unknown, so every start is a candidate; only
# candidates that are some published record's own number are kept.
_NUMBER_TAIL = re.compile(r"[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】][^\s，。；、]{0,12}?\d{1,6}\s*号")
_ISSUER = re.compile(r"[\u4e00-\u9fff]{2,16}$")  # ideographs: each is its own exact key
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
# Runs of the characters a code is made of: a code is a run of exactly 18. (A pattern that starts
# with a lookbehind is tried at every character; one that starts with a class skips to it.)
_CODE_RUN = re.compile(r"[0-9A-Z]{18,}")


def quoted_codes(text: str) -> set[str]:
    """Exact keys of the credit codes in ``text`` (not part of a longer run of digits and capitals)."""
    return {exact_key(run) for run in _CODE_RUN.findall(text) if _CREDIT_CODE.fullmatch(run)}


def quoted_numbers(text: str) -> set[str]:
    """Exact keys of every way a decision number quoted in ``text`` could begin."""
    found = set()
    for tail in _NUMBER_TAIL.finditer(text):
        begin = tail.start()
        key = exact_key(tail.group())
        found.add(key)  # court case numbers begin at the bracket
        issuer = _ISSUER.search(text, max(0, begin - 16), begin)
        if issuer:  # the exact key of ideographs and a tail is theirs followed by the tail's
            found.update(text[start:begin] + key for start in range(issuer.start(), begin - 1))
    return found


def documents(catalogue: Catalogue, labels: Translate | None = None) -> list[SearchDocument]:
    """Every published record as a search document, in the canonical order (see module docs).

    ``labels`` gives the English label of a controlled value; by default the
    site's English message catalogue. Authorities' English names come from
    the catalogue's register of authorities.
    """
    translate = _translator(catalogue, labels or english_labels())
    fields = list(_in_order(catalogue, translate))
    own = [identifiers(f.get("numbers", ()), f.get("codes", ())) for f in fields]  # once each: 100,000
    known = {key for keys in own for key in keys}
    return [
        SearchDocument(**f, mentions=_mentions(f, keys, known)) for f, keys in zip(fields, own, strict=True)
    ]


def _mentions(fields: SearchFields, own: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    body = fields.get("body", "")
    keys = quoted_codes(body) | (quoted_numbers(body) & known)
    return tuple(sorted(keys.difference(own)))


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


def _in_order(catalogue: Catalogue, translate: Translate) -> Iterator[SearchFields]:
    """Each document's fields, url and section included, in the canonical order."""
    for section in SECTIONS:
        fields = section.search
        if fields is None:
            continue
        group = (
            {"url": section.record_path(r), "section": section.name, **fields(r, translate)}
            for r in section.records(catalogue)
        )
        yield from sorted(group, key=_order_in_section)


def _order_in_section(fields: SearchFields) -> tuple[str, str]:
    # Newest first: invert the ISO date's characters so one ascending sort does it.
    day = fields["date"]
    return (day.translate(_INVERT_DIGITS) if day else "~", fields["url"])


_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
