"""Search documents → a Whoosh index on disk (a fresh one on every build)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index

from search.documents import SearchDocument
from search.schema import SNIPPET_CHARS, make_schema
from search.tokenizer import exact_key

INDEX_NAME = "ipcredit"


@dataclass(frozen=True)
class IndexStats:
    documents: int
    seconds: float

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def snippet_text(doc: SearchDocument) -> str:
    """The stored text snippets are cut from: the body on one line, capped."""
    return " ".join(doc.body.split())[:SNIPPET_CHARS]


def _fields(ord_: int, doc: SearchDocument) -> dict[str, Any]:
    numbers = "\n".join(doc.numbers)
    return {
        "url": doc.url,
        "section": doc.section,
        "ord": ord_,
        "date": doc.date,
        "text": snippet_text(doc),
        "title": doc.title,
        "party": doc.party,
        "numbers": numbers,
        "meta": doc.meta,
        "body": doc.body,
        "uni": "\n".join((doc.title, doc.party, numbers)),
        "exact": sorted({exact_key(n) for n in doc.numbers} - {""}),
        "mention": sorted({exact_key(n) for n in doc.mentions} - {""}),
    }


def build_index(
    docs: Iterable[SearchDocument], index_dir: Path, procs: int = 1, limitmb: int = 256
) -> IndexStats:
    """Index ``docs`` (in the canonical order) into a new single-segment index at ``index_dir``.

    ``procs`` > 1 uses Whoosh's multiprocessing writer; it pays off only for
    large sites, and the final merge is single-process anyway.
    """
    started = time.perf_counter()
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = index.create_in(str(index_dir), make_schema(), indexname=INDEX_NAME)
    writer = ix.writer(procs=procs, limitmb=limitmb) if procs > 1 else ix.writer(limitmb=limitmb)
    count = 0
    try:
        for count, doc in enumerate(docs, start=1):
            writer.add_document(**_fields(count - 1, doc))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    return IndexStats(count, time.perf_counter() - started)


def open_index(index_dir: Path) -> index.Index:
    return index.open_dir(str(index_dir), indexname=INDEX_NAME)
