"""The Whoosh index → static files the browser searches (site/static/js/search.js reads them).

Layout of the export folder (every file is rewritten; nothing else survives)::

    manifest.json      counts, sections (ord ranges), weight levels, file version
    t/<bucket>.bin     term dictionary: the terms whose CRC-32 falls in the bucket
    p/<n>.bin          postings chunks of frequent terms
    d/<k>.json         document metadata (url, section, title, date, snippet text),
                       DOC_SHARD documents per file, by ord

A query fetches the manifest, one bucket per term, the postings chunks it
needs and the document shards of the results it shows — never the whole
index. Binary files use unsigned LEB128 varints:

* bucket: entries sorted by term bytes; each entry is
  ``len(term) term df chunks`` then, when ``chunks`` is 0, ``len(postings)
  postings`` inline, else ``first_file first_ord (delta_ord)*(chunks-1)``
  (first ord of each chunk; chunk i is ``p/<first_file + i>.bin``);
* postings: ``(ord_delta level_byte)*`` by ascending ord, the first delta from 0.

Terms are the n-grams of search.tokenizer, single characters (head only) and
``"=" + exact_key`` for whole identifiers (level 2: the record's own number,
1: a mention). The same input gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import shutil
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, groupby
from pathlib import Path

from search.documents import SECTIONS
from search.indexer import open_index
from search.schema import EXACT_FIELD, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD, weighting
from search.scoring import LEVELS, TermWeights

FORMAT_VERSION = 1
EXACT_PREFIX = "="
INLINE_BYTES = 768  # postings this small stay inside the term's bucket (fewer files)
CHUNK_POSTINGS = 2048  # postings per chunk file of a frequent term (≈ 4 KB)
BUCKET_BYTES = 4096  # target average size of a term bucket
DOC_SHARD = 4  # documents per metadata shard: a results page fetches ≈ 10 small files


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def encode_postings(ords: list[int], levels: list[int]) -> bytes:
    """Postings sorted by ord → delta-coded bytes."""
    deltas = [b - a for a, b in zip([0, *ords], ords)]
    if max(deltas, default=0) < 0x80:  # the usual case: one byte per delta, at C speed
        return bytes(chain.from_iterable(zip(deltas, levels)))
    return b"".join(varint(d) + bytes((lev,)) for d, lev in zip(deltas, levels))


def bucket_of(term: str, buckets: int) -> int:
    """The term's bucket: CRC-32 of its UTF-8 bytes (search.js computes the same)."""
    return zlib.crc32(term.encode("utf-8")) % buckets


@dataclass(frozen=True)
class ExportStats:
    documents: int
    terms: int
    postings: int
    buckets: int
    chunk_files: int
    doc_shards: int
    bytes: int
    seconds: float
    version: str


class _Writer:
    """Writes files under the export folder and keeps a digest of everything written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self._digest = hashlib.sha256()

    def write(self, relative: str, data: bytes) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self._digest.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
        self.files += 1
        self.bytes += len(data)

    @property
    def version(self) -> str:
        return self._digest.hexdigest()[:12]


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass
class _Entry:
    term: str
    df: int
    inline: bytes = b""
    first_file: int = 0
    chunk_firsts: tuple[int, ...] = ()

    def encode(self) -> bytes:
        term = self.term.encode("utf-8")
        head = varint(len(term)) + term + varint(self.df) + varint(len(self.chunk_firsts))
        if not self.chunk_firsts:
            return head + varint(len(self.inline)) + self.inline
        deltas = [self.chunk_firsts[0]] + [b - a for a, b in zip(self.chunk_firsts, self.chunk_firsts[1:])]
        return head + varint(self.first_file) + b"".join(map(varint, deltas))


def _tagged(terms: Iterator[bytes], field: str) -> Iterator[tuple[bytes, str]]:
    return ((btext, field) for btext in terms)


class _Exporter:
    def __init__(self, weights: TermWeights, out: _Writer) -> None:
        self.weights = weights
        self.out = out
        self.entries: list[_Entry] = []
        self.chunk_files = 0
        self.postings = 0

    def add(self, term: str, levels: dict[int, int]) -> None:
        ords = sorted(levels)
        values = [levels[o] for o in ords]
        self.postings += len(ords)
        entry = _Entry(term, len(ords))
        encoded = encode_postings(ords, values) if len(ords) * 2 <= INLINE_BYTES else b""  # ≥ 2 bytes each
        if encoded and len(encoded) <= INLINE_BYTES:
            entry.inline = encoded
        else:
            entry.first_file = self.chunk_files
            starts = range(0, len(ords), CHUNK_POSTINGS)
            for i in starts:
                chunk = slice(i, i + CHUNK_POSTINGS)
                self.out.write(f"p/{self.chunk_files}.bin", encode_postings(ords[chunk], values[chunk]))
                self.chunk_files += 1
            entry.chunk_firsts = tuple(ords[i] for i in starts)
        self.entries.append(entry)

    def add_text_terms(self) -> None:
        reader = self.weights.reader
        streams = [_tagged(reader.lexicon(field), field) for field in TEXT_FIELDS]
        for btext, group in groupby(heapq.merge(*streams), key=lambda item: item[0]):
            present = {field for _, field in group}
            fields = [f for f in TEXT_FIELDS if f in present]  # the fixed summation order
            text = btext.decode("utf-8")
            self.add(text, self.weights.levels(text, fields))

    def add_unigrams(self) -> None:
        for btext in self.weights.reader.lexicon(UNIGRAM_FIELD):
            text = btext.decode("utf-8")
            self.add(text, self.weights.levels(text, (UNIGRAM_FIELD,)))

    def add_identifiers(self) -> None:
        reader = self.weights.reader
        keys = sorted(set(reader.lexicon(EXACT_FIELD)) | set(reader.lexicon(MENTION_FIELD)))
        for btext in keys:
            key = btext.decode("utf-8")
            self.add(EXACT_PREFIX + key, self.weights.exact(key))

    def write_buckets(self) -> int:
        total = sum(len(e.encode()) for e in self.entries)
        buckets = 1
        while total / buckets > BUCKET_BYTES:
            buckets *= 2
        grouped: dict[int, list[_Entry]] = {}
        for entry in self.entries:
            grouped.setdefault(bucket_of(entry.term, buckets), []).append(entry)
        for number in range(buckets):
            entries = sorted(grouped.get(number, []), key=lambda e: e.term.encode("utf-8"))
            self.out.write(f"t/{number}.bin", b"".join(e.encode() for e in entries))
        return buckets


def _documents(weights: TermWeights) -> Iterator[tuple[int, dict]]:
    for docnum, stored in weights.reader.iter_docs():
        yield weights.ords[docnum], stored


def _write_documents(weights: TermWeights, out: _Writer) -> tuple[int, list[list]]:
    """Document shards by ord; returns the shard count and [section, first ord, count] per section."""
    docs = sorted(_documents(weights), key=lambda item: item[0])
    section_index = {name: i for i, name in enumerate(SECTIONS)}
    rows = [[s["url"], section_index[s["section"]], s["title"], s["date"], s["text"]] for _, s in docs]
    shards = 0
    for start in range(0, len(rows), DOC_SHARD):
        out.write(f"d/{start // DOC_SHARD}.json", _json(rows[start : start + DOC_SHARD]))
        shards += 1
    sections = []
    for name in SECTIONS:
        ords = [i for i, row in enumerate(rows) if row[1] == section_index[name]]
        if ords:
            sections.append([name, ords[0], len(ords)])
    return shards, sections


def export_index(index_dir: Path, export_dir: Path) -> ExportStats:
    """Write the static search files for the index at ``index_dir`` into a clean ``export_dir``."""
    started = time.perf_counter()
    if export_dir.exists():
        shutil.rmtree(export_dir)
    export_dir.mkdir(parents=True)
    out = _Writer(export_dir)
    ix = open_index(index_dir)
    with ix.searcher(weighting=weighting()) as searcher:
        weights = TermWeights(searcher)
        doc_shards, sections = _write_documents(weights, out)
        exporter = _Exporter(weights, out)
        exporter.add_text_terms()
        exporter.add_unigrams()
        exporter.add_identifiers()
        buckets = exporter.write_buckets()
        documents = len(weights.ords)
    manifest = {
        "format": FORMAT_VERSION,
        "version": out.version,  # changes whenever any file does: search.js adds it to every URL
        "documents": documents,
        "sections": sections,
        "buckets": buckets,
        "docShard": DOC_SHARD,
        "levels": list(LEVELS),
    }
    out.write("manifest.json", _json(manifest))
    return ExportStats(
        documents=documents,
        terms=len(exporter.entries),
        postings=exporter.postings,
        buckets=buckets,
        chunk_files=exporter.chunk_files,
        doc_shards=doc_shards,
        bytes=out.bytes,
        seconds=time.perf_counter() - started,
        version=manifest["version"],
    )
