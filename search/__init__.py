"""Full-text search: a Whoosh index of the published catalogue, exported for the browser.

    stats = build_search(documents(catalogue), index_dir, export_dir, SEARCH_SECTIONS)   # ipcredit.searchdocs
    search(index_dir, "瑞丰", section="penalties")            # the live preview (serve)

What a user gets, on the static page and in the preview alike:

* **Any fragment** of two or more characters of a record's title, party name
  or decision number finds the record, typed without spaces, with full-width
  or half-width digits and any brackets (〔〕, （）, ()). Text is cut into
  character bigrams and alnum n-grams (search.tokenizer); a query is the AND
  of its terms. Fragments made only of punctuation or spaces are not queries.
* **A whole decision number, case number or credit code** gives the records
  carrying it — its own record first, then documents quoting it — and
  nothing else (the digit fragments of a number are in nearly every record).
* **One character** (after dropping punctuation, as in "〔2") looks only in
  titles, party names and numbers: in body text it would match nearly
  everything.
* **Ranking** is BM25F (search.scoring): one idf per term, times the
  document's saturated term frequency summed over the fields (head ×4,
  metadata ×1.5, body ×1), quantised to integers, so the browser and the
  preview add the same integers. Equal scores keep the canonical order:
  section (penalties, dishonesty, cases, white-papers, notices, pages),
  newest first, then URL.
* **Snippets** are a 100-character window of the stored text around the first
  match, matches in ``<mark>``, everything else escaped (search.snippet).
* **English and pinyin**: English text (English versions, English labels of
  controlled values, authorities' English names) is indexed as stemmed words,
  Chinese names and titles also as pairs of pinyin syllables; a query with
  Latin letters is read as n-grams, English words and pinyin, and a record
  matching any reading is a hit (search.tokenizer). ``lang="en"`` results
  show English titles and snippets where a record has them.

Pieces: :mod:`search.tokenizer` (mirrored rule for rule by
site/static/js/search.js), :mod:`search.documents` (the document type; the site makes them in ``ipcredit.searchdocs``),
:mod:`search.schema`, :mod:`search.indexer`, :mod:`search.scoring`,
:mod:`search.format` (the static files, byte by byte), :mod:`search.postings`
(postings straight from the documents), :mod:`search.export` (writing them
all), :mod:`search.update`
(patching the export when few documents changed), :mod:`search.query` and
:mod:`search.snippet`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from search.documents import SearchDocument, Sections
from search.export import ExportStats, export_index
from search.indexer import IndexStats, build_index
from search.query import Engine, Hit, Results, search, search_results

__all__ = [
    "Engine",
    "ExportStats",
    "Hit",
    "IndexStats",
    "Results",
    "SearchDocument",
    "SearchStats",
    "Sections",
    "build_index",
    "build_search",
    "export_index",
    "search",
    "search_results",
]


@dataclass(frozen=True)
class SearchStats:
    index: IndexStats
    export: ExportStats
    seconds: float  # indexing and exporting


def build_search(
    docs: Sequence[SearchDocument], index_dir: Path, export_dir: Path, sections: Sections, procs: int = 1
) -> SearchStats:
    """Index ``docs`` (``ipcredit.searchdocs.documents`` of the published catalogue) into ``index_dir`` and export it into ``export_dir``.

    Both folders are replaced (give each its own folder). ``procs`` > 1 indexes
    and exports in that many forked processes (from 5,000 documents per
    process on); the exported files are the same.
    """
    started = time.perf_counter()
    index_stats = build_index(docs, index_dir, sections, procs=procs)
    export_stats = export_index(index_dir, export_dir, procs=procs)
    return SearchStats(index_stats, export_stats, time.perf_counter() - started)
