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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.nice import nice_label
from ipcredit.parties import Party
from ipcredit.records import (
    Case,
    DishonestyEntry,
    KeyTrademark,
    Notice,
    Page,
    Penalty,
    RiskPoint,
    Text,
    WhitePaper,
)
from ipcredit.sections import (
    CASES,
    DISHONESTY,
    KEY_TRADEMARKS,
    NOTICES,
    PAGES,
    PARTIES,
    PENALTIES,
    RISK_POINTS,
    SECTIONS,
    WHITE_PAPERS,
)
from search.documents import SearchDocument, join_lines
from search.tokenizer import exact_key

Translate = Callable[[str], str]  # a Chinese label → its English label (itself when there is none)
Fields = dict[str, Any]  # a SearchDocument's fields other than url and section

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


def _summary_and_body(text: Text) -> str:
    """The summary, unless it is the body's own first paragraph (then it would count twice), and the body."""
    body = html_text(text.body_html)
    summary = text.summary.strip().removesuffix("…")
    if "".join(summary.split()) in "".join(body.split()):
        return body
    return join_lines([text.summary, body])


def _english(text: Text | None) -> dict[str, str]:
    """The English version's fields of a document (none when there is no English version)."""
    if text is None:
        return {}
    return {"title_en": text.title, "body_en": _summary_and_body(text)}


def _labels(translate: Translate, values: Iterable[str | None]) -> str:
    """English labels of controlled values, one per line; values without one are left out."""
    return join_lines(label for value in values if value and (label := translate(value)) != value)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _codes(uscc: str | None) -> tuple[str, ...]:
    return (uscc,) if uscc else ()


def _penalty(p: Penalty, translate: Translate) -> Fields:
    return dict(
        title=f"{p.party_name} {p.decision_number}",
        date=_iso(p.decision_date),
        party=p.party_name,
        numbers=(p.decision_number,),
        codes=_codes(p.uscc),
        meta=join_lines([p.authority, p.ip_type, p.legal_representative]),
        body=join_lines([p.violation_type, p.facts, p.basis, p.content]),
        # The short fields first: a snippet of a penalty then shows what and why.
        excerpt=join_lines([p.violation_type, p.basis, p.content, p.facts]),
        meta_en=_labels(translate, [p.authority, p.ip_type, p.violation_type, *p.penalty_categories]),
    )


def _dishonesty(d: DishonestyEntry, translate: Translate) -> Fields:
    return dict(
        title=f"{d.name} {d.decision_number}",
        date=_iso(d.listed_on),
        party=d.name,
        numbers=(d.decision_number,),
        codes=_codes(d.uscc),
        meta=join_lines([d.authority, d.legal_representative]),
        body=join_lines([d.behaviour, d.basis, d.measures]),
        excerpt=join_lines([d.behaviour, d.measures, d.basis]),
        meta_en=_labels(translate, [d.authority, d.behaviour]),
    )


def _party(p: Party, translate: Translate) -> Fields:
    """A party's page. It ranks first for the party's name or code: its section comes first in
    the canonical order, so it wins the tie of an exact code query (the party's records carry the
    code too), and its names stand in its head, meta and body, so a name query scores it above
    any one record or case that names the party once in its head and again in its text. Its
    records' decision numbers are in its body only: a number query finds the record first, then
    the party page (a mention)."""
    names = join_lines(p.names)
    authorities = dict.fromkeys(r.authority for r in (*p.penalties, *p.listings))
    records = join_lines(
        [
            *(f"{r.decision_number} {r.violation_type}" for r in p.penalties),
            *(f"{r.decision_number} {r.behaviour}" for r in p.listings),
        ]
    )
    return dict(
        title=p.names[0],
        date=_iso(p.updated),
        party=names,
        codes=(p.code,),
        meta=join_lines([names, p.party_type.value, *authorities]),
        body=join_lines([names, records]),
        excerpt=records,
        meta_en=_labels(translate, [p.party_type.value, *authorities]),
    )


def _key_trademark(m: KeyTrademark, translate: Translate) -> Fields:
    return dict(
        title=f"{m.name} {m.registration_number}",
        date=_iso(m.listed_on),
        party=m.holder,
        numbers=(m.registration_number,),
        codes=_codes(m.holder_uscc),
        meta=join_lines(
            [m.holder_name_en, m.authority, m.holder_country, *(nice_label(n, "zh") for n in m.nice_classes)]
        ),
        body=join_lines([m.measures]),
        excerpt=join_lines([m.holder, m.measures]),
        meta_en=join_lines(
            [_labels(translate, [m.authority]), *(nice_label(n, "en") for n in m.nice_classes)]
        ),
    )


def _risk_point(p: RiskPoint, translate: Translate) -> Fields:
    return dict(
        title=p.name,
        date=_iso(p.listed_on),
        meta=join_lines([p.authority, p.risk_list, p.kind, p.district, *p.ip_types]),
        body=join_lines([p.address, p.measures]),
        excerpt=join_lines([p.address, p.measures]),
        meta_en=_labels(translate, [p.authority, p.risk_list, p.kind, *p.ip_types]),
    )


def _case(c: Case, translate: Translate) -> Fields:
    return dict(
        title=c.zh.title,
        date=_iso(c.published),
        numbers=c.case_numbers,
        meta=join_lines([c.authority, c.procedure, *c.ip_types, *c.tags]),
        body=_summary_and_body(c.zh),
        meta_en=_labels(translate, [c.authority, c.procedure, *c.ip_types, *c.tags]),
        **_english(c.en),
    )


def _white_paper(w: WhitePaper, translate: Translate) -> Fields:
    return dict(
        title=w.zh.title,
        date=_iso(w.published),
        meta=w.publisher,
        body=_summary_and_body(w.zh),
        meta_en=_labels(translate, [w.publisher]),
        **_english(w.en),
    )


def _notice(n: Notice, translate: Translate) -> Fields:
    return dict(
        title=n.zh.title,
        date=_iso(n.published),
        numbers=(n.case_number,) if n.case_number else (),
        meta=n.publisher,
        body=_summary_and_body(n.zh),
        meta_en=_labels(translate, [n.publisher]),
        **_english(n.en),
    )


def _page(p: Page, translate: Translate) -> Fields:
    return dict(
        title=p.zh.title,
        date="",
        body=_summary_and_body(p.zh),
        **_english(p.en),
    )


def documents(catalogue: Catalogue, labels: Translate | None = None) -> list[SearchDocument]:
    """Every published record as a search document, in the canonical order (see module docs).

    ``labels`` gives the English label of a controlled value; by default the
    site's English message catalogue. Authorities' English names come from
    the catalogue's register of authorities.
    """
    translate = _translator(catalogue, labels or english_labels())
    docs = list(_in_order(catalogue, translate))
    known = {key for doc in docs for key in doc.identifiers}
    return [_with_mentions(doc, known) for doc in docs]


def _with_mentions(doc: SearchDocument, known: set[str]) -> SearchDocument:
    keys = (quoted_codes(doc.body) | (quoted_numbers(doc.body) & known)) - set(doc.identifiers)
    return replace(doc, mentions=tuple(sorted(keys))) if keys else doc


def english_labels() -> Translate:
    """The English message catalogue's gettext (the labels the English pages show)."""
    from ipcredit.web.i18n import TRANSLATIONS_DIR, load_translations

    return load_translations(TRANSLATIONS_DIR)["en"].gettext


def _translator(catalogue: Catalogue, labels: Translate) -> Translate:
    """Authorities by their English name, other values by ``labels``."""
    names = {a.name: a.name_en for a in catalogue.authorities if a.name_en}
    return lambda value: names.get(value) or labels(value)


# Each section's record → the document's fields (its URL and section are the section's).
FIELDS: dict[str, Callable[[Any, Translate], Fields]] = {
    PARTIES.name: _party,
    PENALTIES.name: _penalty,
    DISHONESTY.name: _dishonesty,
    KEY_TRADEMARKS.name: _key_trademark,
    RISK_POINTS.name: _risk_point,
    CASES.name: _case,
    WHITE_PAPERS.name: _white_paper,
    NOTICES.name: _notice,
    PAGES.name: _page,
}


def _in_order(catalogue: Catalogue, translate: Translate) -> Iterator[SearchDocument]:
    for section in SECTIONS:
        fields = FIELDS[section.name]
        group = (
            SearchDocument(url=section.record_path(r), section=section.name, **fields(r, translate))
            for r in section.records(catalogue)
        )
        yield from sorted(group, key=_order_in_section)


def _order_in_section(doc: SearchDocument) -> tuple[str, str]:
    # Newest first: invert the ISO date's characters so one ascending sort does it.
    return (doc.date.translate(_INVERT_DIGITS) if doc.date else "~", doc.url)


_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
