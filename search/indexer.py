"""Search documents → a Whoosh index on disk (a fresh one on every build)."""

from __future__ import annotations

import json
import multiprocessing
import random
import shutil
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from search.documents import SearchDocument, Sections
from search.schema import SNIPPET_CHARS, FieldText, make_schema

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


def snippet_text(doc: SearchDocument, limit: int, source: str | None = None) -> str:
    """The stored text snippets are cut from: on one line, capped at ``limit`` characters."""
    return (doc.snippet_source if source is None else source)[:limit]


def index_fields(ord_: int, doc: SearchDocument, snippet_chars: int = SNIPPET_CHARS) -> dict[str, Any]:
    """What Whoosh is given of ``doc``; ``snippet_chars``: its section's (Sections.snippet_chars)."""
    head = doc.head
    return {
        "url": doc.url,
        "section": doc.section,
        "ord": ord_,
        "date": doc.date,
        "title": doc.title,
        "text": snippet_text(doc, snippet_chars),
        "title_en": doc.title_en,
        "text_en": snippet_text(doc, snippet_chars, doc.snippet_source_en),
        "head": FieldText(head, doc.title_en, doc.pinyin_source),
        "meta": FieldText(doc.meta, doc.meta_en),
        "body": FieldText(doc.body, doc.body_en),
        "uni": head,
        "exact": list(doc.identifiers),
        "mention": list(doc.mentions),
    }


class _TermPool:
    """Postings kept in memory by term, in compact arrays.

    Replaces Whoosh's PostingPool, which sorts one tuple per posting (and
    spills them to disk past ``limitmb``): documents arrive in docnum order,
    so only the terms need sorting, and an array entry costs a tenth of a tuple.
    """

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], tuple[array, array, list[bytes]]] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        key = item[:2]
        postings = self._terms.get(key)
        if postings is None:
            postings = self._terms[key] = (array("I"), array("f"), [])
        postings[0].append(item[2])
        postings[1].append(item[3])
        postings[2].append(item[4])

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for key in sorted(self._terms):
            docnums, weights, values = self._terms.pop(key)  # freed as they are written
            for i, docnum in enumerate(docnums):
                yield key[0], key[1], docnum, weights[i], values[i]

    def cleanup(self) -> None:
        self._terms.clear()


class BuildWriter(SegmentWriter):
    """Whoosh's segment writer with :class:`BuildCodec`, no compound file and :class:`_TermPool`."""

    def __init__(self, ix: index.Index, **kwargs: Any) -> None:
        super().__init__(ix, codec=build_codec(), compound=False, **kwargs)
        self.pool = _TermPool()


def build_index(
    docs: Sequence[SearchDocument], index_dir: Path, sections: Sections, procs: int = 1
) -> IndexStats:
    """Index ``docs`` (in the canonical order, of ``sections``) into a new index at ``index_dir``;
    the index keeps ``sections`` (:func:`index_sections`) for the exporter and queries.

    With ``procs`` > 1 the documents are split into that many consecutive runs,
    each indexed into its own segment by its own process (forked, as Whoosh's
    MpWriter does with ``multisegment=True``); segments are not merged, since a
    merge costs as much as indexing. Search results do not depend on it.
    """
    started = time.perf_counter()
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = index.create_in(str(index_dir), make_schema(), indexname=INDEX_NAME)
    runs = _runs(len(docs), procs)
    writer = BuildWriter(ix)
    try:
        children = [_start_child(index_dir, docs, sections, run) for run in runs[1:]]
        _add(writer, docs, sections, runs[0])
        segments = [writer._finalize_segment()] + [_segment_from(child) for child in children]
    except BaseException:
        writer.cancel()
        raise
    # What MpWriter.commit does with finished sub-segments: list them in a new TOC.
    writer._commit_toc(segments)
    writer._finish()
    value = {"names": sections.names, "brief": sections.brief}
    (index_dir / SECTIONS_FILE).write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return IndexStats(len(docs), time.perf_counter() - started)


SECTIONS_FILE = "sections.json"  # beside Whoosh's files: the Sections the index was built with


def index_sections(index_dir: Path) -> Sections:
    """The sections the index at ``index_dir`` was built with (written by :func:`build_index`)."""
    value = json.loads((index_dir / SECTIONS_FILE).read_text(encoding="utf-8"))
    return Sections(tuple(value["names"]), tuple(value["brief"]))


MIN_RUN = 5000  # fewer documents per process are not worth a fork


def _runs(count: int, procs: int) -> list[range]:
    n = max(1, min(procs, count // MIN_RUN))
    bounds = [count * i // n for i in range(n + 1)]
    return [range(a, b) for a, b in pairwise(bounds)]


def _add(writer: SegmentWriter, docs: Sequence[SearchDocument], sections: Sections, run: range) -> None:
    for ord_ in run:
        doc = docs[ord_]
        writer.add_document(**index_fields(ord_, doc, sections.snippet_chars(doc.section)))


def _start_child(
    index_dir: Path, docs: Sequence[SearchDocument], sections: Sections, run: range
) -> Connection:
    receive, send = multiprocessing.Pipe(duplex=False)
    context = multiprocessing.get_context("fork")  # the documents are inherited, not pickled
    context.Process(target=_child, args=(index_dir, docs, sections, run, send), daemon=True).start()
    send.close()
    return receive


def _child(
    index_dir: Path, docs: Sequence[SearchDocument], sections: Sections, run: range, send: Connection
) -> None:
    random.seed()  # segment names are random; a forked child would repeat its sibling's
    try:
        writer = BuildWriter(open_index(index_dir), _lk=False)
        _add(writer, docs, sections, run)
        send.send(writer._finalize_segment())
    except BaseException as exc:  # reported to the parent, which raises
        send.send(exc)
    finally:
        send.close()


def _segment_from(receive: Connection) -> Segment:
    result = receive.recv()
    if isinstance(result, BaseException):
        raise RuntimeError("indexing process failed") from result
    return result


def open_index(index_dir: Path) -> index.Index:
    return index.open_dir(str(index_dir), indexname=INDEX_NAME)
