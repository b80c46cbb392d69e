"""Search documents → a Whoosh index on disk (a fresh one on every build)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec

from search.documents import SearchDocument
from search.schema import SNIPPET_CHARS, make_schema
from search.tokenizer import exact_key

INDEX_NAME = "ipcredit"


class BuildCodec(W3Codec):
    """Whoosh's default codec, minus the per-posting length statistics.

    Those only tighten the score bounds Whoosh uses to skip blocks; computing
    them reads the document's field length for every posting, about a third of
    the indexing time. Scores use the per-document lengths, which are kept.
    """

    length_stats = False


def build_codec() -> BuildCodec:
    return BuildCodec(blocklimit=256, compression=1)


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
    head = doc.head
    return {
        "url": doc.url,
        "section": doc.section,
        "ord": ord_,
        "date": doc.date,
        "title": doc.title,
        "text": snippet_text(doc),
        "head": head,
        "meta": doc.meta,
        "body": doc.body,
        "uni": head,
        "exact": sorted({exact_key(n) for n in (*doc.numbers, *doc.codes)} - {""}),
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
    options = {"limitmb": limitmb, "codec": build_codec(), "compound": False}
    writer = ix.writer(procs=procs, multisegment=True, **options) if procs > 1 else ix.writer(**options)
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
