"""Searching the Whoosh index directly (``build.py serve``), ranked exactly as the static page ranks.

The preview's ``GET /search/api?q=…&section=…`` returns :meth:`Results.as_json`,
the same shape search.js builds from the exported files, in the same order:

1. the query is read by search.tokenizer.query_terms;
2. a whole decision number, case number or credit code (``exact``) that some
   record carries or quotes gives just those records: their own number
   first, then mentions, each newest first;
3. otherwise Whoosh matches the AND of the terms of each reading of the
   query (n-grams, English words, pinyin: QueryTerms.readings; each term in
   any text field, or a single character in the head), optionally within a
   section; a record matching any reading is a hit;
4. each match scores the sum over a reading's terms of idf × quantised BM25F
   level (search.scoring), the best of its readings; equal scores keep the
   canonical order (``ord``).

With ``lang="en"`` a hit of a record with English text shows its English
title and snippet (``Hit.lang`` says which language the hit is in).

Opening an index reads its per-document tables: whoever queries often (the
preview app) opens an :class:`Engine` once and keeps it; a folder passed
instead is opened for that one query. Nothing is cached in this module.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from whoosh.query import And, Query, Term
from whoosh.query.compound import DefaultOr

from search.indexer import index_sections, open_index
from search.schema import FIELD_BOOSTS, TEXT_FIELDS, UNIGRAM_FIELD
from search.scoring import LEVELS, TermWeights
from search.snippet import snippet
from search.tokenizer import QueryTerms, query_terms


@dataclass(frozen=True)
class Hit:
    url: str  # relative to the site root of the current language: prefix "/" or "/en/"
    section: str
    title: str  # plain text (escape it)
    date: str
    snippet: str  # HTML: escaped text with <mark> around matches
    lang: str = "zh"  # the language of title and snippet

    def as_json(self) -> dict[str, str]:
        return {
            "url": self.url,
            "section": self.section,
            "title": self.title,
            "date": self.date,
            "snippet": self.snippet,
            "lang": self.lang,
        }


@dataclass(frozen=True)
class Results:
    query: str
    section: str | None
    total: int  # matches in all, of which ``hits`` is one page
    hits: tuple[Hit, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "section": self.section or "",
            "total": self.total,
            "hits": [hit.as_json() for hit in self.hits],
        }


class Engine:
    """An open index with its per-document tables, for as long as its owner keeps it."""

    def __init__(self, index_dir: Path) -> None:
        self.searcher = open_index(index_dir).searcher()
        self.weights = TermWeights(self.searcher.reader())
        self.docnum_of = {o: d for d, o in enumerate(self.weights.ords)}
        self.lock = threading.Lock()
        self.sections = index_sections(index_dir).names

    def close(self) -> None:
        self.searcher.close()

    def stored(self, ord_: int) -> dict:
        return self.searcher.stored_fields(self.docnum_of[ord_])

    def in_section(self, ords: dict[int, int], section: str | None) -> dict[int, int]:
        if not section:
            return ords
        return {o: v for o, v in ords.items() if self.stored(o)["section"] == section}

    def ranked(self, terms: QueryTerms, section: str | None) -> list[int]:
        if terms.exact:
            found = self.in_section(self.weights.exact(terms.exact), section)
            if found:
                return sorted(found, key=lambda o: (-found[o], o))
        scores: dict[int, int] = {}
        for texts in terms.readings:
            for o, score in self._scores(texts, section).items():
                scores[o] = max(score, scores.get(o, 0))
        return sorted(scores, key=lambda o: (-scores[o], o))

    def _scores(self, texts: tuple[str, ...], section: str | None) -> dict[int, int]:
        """ord → score of the records having every term of one reading."""
        matched = self._match(texts, section)
        if not matched:
            return {}
        postings = [self.weights.postings(text) for text in texts]
        return {o: sum(idf * LEVELS[levels[o]] for idf, levels in postings) for o in matched}

    def _match(self, texts: tuple[str, ...], section: str | None) -> set[int]:
        """The ords Whoosh finds for the AND of the terms."""
        query: Query = And([_term_query(text) for text in texts])
        filter_ = Term("section", section) if section else None
        hits = self.searcher.search(query, limit=None, filter=filter_, scored=False)
        return {self.weights.ords[docnum] for docnum in hits.docs()}


def _term_query(text: str) -> Query:
    if len(text) == 1:
        return Term(UNIGRAM_FIELD, text)
    # DefaultOr: a tree of union matchers (plain Or preloads arrays on small indexes: slower here).
    return DefaultOr([Term(field, text, boost=FIELD_BOOSTS[field]) for field in TEXT_FIELDS])


def search_results(
    index: Path | Engine,
    q: str,
    section: str | None = None,
    limit: int = 10,
    offset: int = 0,
    lang: str = "zh",
) -> Results:
    """One page of results for ``q`` (``section``: one of the index's sections, or None),
    for the search page in ``lang``; ``index`` is an open engine or the index folder."""
    known = index.sections if isinstance(index, Engine) else index_sections(index).names
    if section and section not in known:
        section = None
    limit, offset = max(0, limit), max(0, offset)
    terms = query_terms(q)
    if terms.empty:
        return Results(q, section, 0, ())
    engine = index if isinstance(index, Engine) else Engine(index)
    try:
        with engine.lock:  # Whoosh readers are not thread-safe; the preview server is
            ranked = engine.ranked(terms, section)
            page = ranked[offset : offset + limit]
            hits = tuple(_hit(engine.stored(o), terms, lang) for o in page)
    finally:
        if engine is not index:  # opened for this query only
            engine.close()
    return Results(q, section, len(ranked), hits)


def search(index: Path | Engine, q: str, section: str | None = None, limit: int = 10) -> list[Hit]:
    """The first ``limit`` hits for ``q``, best first."""
    return list(search_results(index, q, section, limit).hits)


def _hit(stored: dict, terms: QueryTerms, lang: str) -> Hit:
    english = lang == "en" and bool(stored.get("title_en") or stored.get("text_en"))
    return Hit(
        url=stored["url"],
        section=stored["section"],
        title=(stored["title_en"] or stored["title"]) if english else stored["title"],
        date=stored["date"],
        snippet=snippet(stored["text_en"] if english else stored["text"], terms.marks),
        lang="en" if english else "zh",
    )
