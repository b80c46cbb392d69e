"""The Whoosh index → static files the browser searches (site/static/js/search.js reads them).

Layout of the export folder (every file is rewritten; nothing else survives)::

    manifest.json      counts, sections (ord ranges), weight levels, file version
    t/<bucket>.bin     term dictionary: the terms whose CRC-32 falls in the bucket
    p/<n>.bin          postings chunks of frequent terms
    d/<k>.bin          document metadata as JSON rows [url, section index, title,
                       date, snippet text] and, for a record with English text,
                       [English title, English snippet text] more; DOC_SHARD
                       documents per file, by ord

A query fetches the manifest, one bucket per term, the postings chunks it
needs and the document shards of the results it shows — never the whole
index. Every file but the manifest is gzipped by the exporter, whatever the
web server does (search.js inflates it with DecompressionStream); the ``.bin``
name keeps servers from labelling it ``Content-Encoding: gzip``. Inside, the
binary formats use unsigned LEB128 varints:

* bucket: entries sorted by term bytes; each entry is
  ``len(term) term df idf chunks`` (idf: search.scoring, 1 for whole identifiers) then, when ``chunks`` is 0, ``len(postings)
  postings`` inline, else ``first_file first_ord (delta_ord)*(chunks-1)``
  (first ord of each chunk; chunk i is ``p/<first_file + i>.bin``);
* postings: ``(ord_delta level_byte)*`` by ascending ord, the first delta from 0.

Terms are the n-grams, English word stems and pinyin syllable pairs of
search.tokenizer, single characters (head only) and ``"=" + exact_key`` for
whole identifiers (level 2: the record's own number, 1: a mention). The same
input gives byte-identical files.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import multiprocessing
import shutil
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain, groupby, pairwise
from pathlib import Path

from whoosh.reading import IndexReader

from search.documents import SECTIONS
from search.indexer import open_index
from search.schema import EXACT_FIELD, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD
from search.scoring import LEVELS, CorpusStats, Tables, TermWeights

FORMAT_VERSION = 3
EXACT_PREFIX = "="
INLINE_BYTES = 768  # postings this small stay inside the term's bucket (fewer files)
CHUNK_POSTINGS = 1024  # postings per chunk file of a frequent term (≈ 2 KB)
BUCKET_BYTES = 2048  # target average size of a term bucket
DOC_SHARD = 2  # documents per metadata shard: a results page fetches ≈ 10 small files


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


_VARINTS = tuple(varint(n) for n in range(1 << 14))  # deltas of one or two bytes, ready-made
_BYTES = tuple(bytes((n,)) for n in range(256))


def encode_postings(ords: list[int], levels: list[int]) -> bytes:
    """Postings sorted by ord → delta-coded bytes."""
    deltas = [b - a for a, b in zip([0, *ords], ords, strict=False)]
    if max(deltas, default=0) < 0x80:  # the usual case: one byte per delta, at C speed
        return bytes(chain.from_iterable(zip(deltas, levels, strict=True)))
    pieces = [_VARINTS[d] if d < len(_VARINTS) else varint(d) for d in deltas]
    return b"".join(chain.from_iterable(zip(pieces, map(_BYTES.__getitem__, levels), strict=True)))


def bucket_of(term: str, buckets: int) -> int:
    """The term's bucket: CRC-32 of its UTF-8 bytes modulo the bucket count (search.js does the same)."""
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
    # What an in-place update (search.update) needs to carry on from this export:
    files: tuple[tuple[str, bytes], ...] = ()  # (name, SHA-256 of its data) in write order
    entry_bytes: int = 0  # encoded size of every dictionary entry (it sets the bucket count)
    stats: CorpusStats | None = None


class _Writer:
    """Writes files under the export folder, gzipped, and keeps a digest of what was written.

    Creating thousands of small files is mostly waiting on the file system (and
    zlib lets go of the GIL), so a few threads do it; ``close()`` waits for
    them, raises their first error and counts the bytes.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self.hashes: list[tuple[str, bytes]] = []  # (name, SHA-256 of the data) in write order
        self._threads = ThreadPoolExecutor(4)
        self._pending: list[Future[int]] = []
        for folder in ("t", "p", "d"):
            (root / folder).mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, data: bytes, compress: bool = True) -> None:
        self._pending.append(self._threads.submit(self._store, self.root / relative, data, compress))
        if relative != MANIFEST:
            self.hashes.append((relative, hashlib.sha256(data).digest()))
        self.files += 1

    @staticmethod
    def _store(path: Path, data: bytes, compress: bool) -> int:
        # mtime=0 and no file name in the header: the same data gives the same bytes.
        return path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if compress else data)

    def close(self) -> None:
        self._threads.shutdown(wait=True)
        self.bytes = sum(future.result() for future in self._pending)

    @property
    def version(self) -> str:
        return export_version(self.hashes)


MANIFEST = "manifest.json"


def export_version(hashes: Iterable[tuple[str, bytes]]) -> str:
    """Changes whenever any file does (search.js adds it to every URL, so caches never mix versions)."""
    digest = hashlib.sha256()
    for name, sha in hashes:
        digest.update(name.encode() + b"\0" + sha)
    return digest.hexdigest()[:12]


def manifest(documents: int, sections: list[list], buckets: int, version: str) -> bytes:
    return _json(
        {
            "format": FORMAT_VERSION,
            "version": version,
            "documents": documents,
            "sections": sections,  # [name, first ord, count]: sections occupy consecutive ords
            "sectionNames": list(SECTIONS),  # document rows give a section as an index into this
            "buckets": buckets,
            "docShard": DOC_SHARD,
            "levels": list(LEVELS),
        }
    )


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass
class Entry:
    """One term of the dictionary: postings inline, or the chunks they were written to."""

    term: str
    df: int
    idf: int
    inline: bytes = b""
    first_file: int = 0
    chunk_firsts: tuple[int, ...] = ()

    def encode(self) -> bytes:
        term = self.term.encode("utf-8")
        head = varint(len(term)) + term + varint(self.df) + varint(self.idf) + varint(len(self.chunk_firsts))
        if not self.chunk_firsts:
            return head + varint(len(self.inline)) + self.inline
        deltas = [self.chunk_firsts[0]] + [b - a for a, b in pairwise(self.chunk_firsts)]
        return head + varint(self.first_file) + b"".join(map(varint, deltas))


# A term to export: ("text", term, fields it occurs in), ("uni", character, ()) or ("exact", key, ()).
Job = tuple[str, str, tuple[str, ...]]
# What a job yields: the dictionary term, df, idf, inline postings, or the chunks and their first ords.
Encoded = tuple[str, int, int, bytes, list[bytes], tuple[int, ...]]


def _tagged(terms: Iterator[bytes], field: str) -> Iterator[tuple[bytes, str]]:
    return ((btext, field) for btext in terms)


def _jobs(reader: IndexReader) -> Iterator[Job]:
    """Every term of the index once, in a fixed order (the order chunk files are numbered in)."""
    streams = [_tagged(reader.lexicon(field), field) for field in TEXT_FIELDS]
    for btext, group in groupby(heapq.merge(*streams), key=lambda item: item[0]):
        present = {field for _, field in group}
        yield "text", btext.decode("utf-8"), tuple(f for f in TEXT_FIELDS if f in present)  # summation order
    for btext in reader.lexicon(UNIGRAM_FIELD):
        yield "uni", btext.decode("utf-8"), (UNIGRAM_FIELD,)
    for btext in sorted(set(reader.lexicon(EXACT_FIELD)) | set(reader.lexicon(MENTION_FIELD))):
        yield "exact", btext.decode("utf-8"), ()


def _encode(weights: TermWeights, job: Job) -> Encoded:
    kind, text, fields = job
    idf, levels = (1, weights.exact(text)) if kind == "exact" else weights.postings(text, fields)
    term = EXACT_PREFIX + text if kind == "exact" else text
    return (term, len(levels), idf, *encode_entry_postings(levels))


def encode_entry_postings(levels: dict[int, int]) -> tuple[bytes, list[bytes], tuple[int, ...]]:
    """A term's postings (ord → level): inline bytes, or chunks and the first ord of each."""
    ords = sorted(levels)
    values = [levels[o] for o in ords]
    if len(ords) * 2 <= INLINE_BYTES:  # each posting takes two bytes or more
        inline = encode_postings(ords, values)
        if len(inline) <= INLINE_BYTES:
            return inline, [], ()
    starts = range(0, len(ords), CHUNK_POSTINGS)
    chunks = [encode_postings(ords[i : i + CHUNK_POSTINGS], values[i : i + CHUNK_POSTINGS]) for i in starts]
    return b"", chunks, tuple(ords[i] for i in starts)


_worker: TermWeights | None = None  # each export process's own open index


def _start_worker(index_dir: Path, tables: Tables) -> None:
    global _worker
    _worker = TermWeights(open_index(index_dir).reader(), tables)


def _encode_batch(jobs: list[Job]) -> list[Encoded]:
    assert _worker is not None
    return [_encode(_worker, job) for job in jobs]


def _batches(jobs: Iterator[Job], size: int = 2000) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _encoded(index_dir: Path, weights: TermWeights, procs: int) -> Iterator[Iterator[Encoded]]:
    """Every term's postings, in job order; with ``procs`` > 1, forked processes start at once."""
    jobs = list(_jobs(weights.reader))  # read now: the reader is not to be shared with pool threads
    if procs <= 1:
        yield (_encode(weights, job) for job in jobs)
        return
    # Forked workers inherit the tables and open their own index: file handles must not be shared.
    context = multiprocessing.get_context("fork")
    with context.Pool(procs, _start_worker, (index_dir, weights.tables)) as pool:
        yield chain.from_iterable(pool.imap(_encode_batch, list(_batches(iter(jobs)))))


class _Dictionary:
    """Collects the term entries, writes chunk files as they come and the buckets at the end."""

    def __init__(self, out: _Writer) -> None:
        self.out = out
        self.entries: list[Entry] = []
        self.chunk_files = 0
        self.postings = 0

    def add(self, encoded: Encoded) -> None:
        term, df, idf, inline, chunks, firsts = encoded
        self.postings += df
        entry = Entry(term, df, idf, inline, self.chunk_files, firsts)
        for chunk in chunks:
            self.out.write(f"p/{self.chunk_files}.bin", chunk)
            self.chunk_files += 1
        self.entries.append(entry)

    def write_buckets(self) -> tuple[int, int]:
        """Write the buckets (as many as keep them near BUCKET_BYTES); return how many, and the entries' size."""
        encoded = [(e.term, e.encode()) for e in self.entries]
        size = sum(len(data) for _, data in encoded)
        buckets = bucket_count(size)
        grouped: dict[int, list[tuple[bytes, bytes]]] = {}
        for term, data in encoded:
            grouped.setdefault(bucket_of(term, buckets), []).append((term.encode("utf-8"), data))
        for number in range(buckets):
            self.out.write(f"t/{number}.bin", encode_bucket(grouped.get(number, [])))
        return buckets, size


def bucket_count(entry_bytes: int) -> int:
    """A power of two that keeps the buckets near BUCKET_BYTES on average."""
    buckets = 1
    while entry_bytes / buckets > BUCKET_BYTES:
        buckets *= 2
    return buckets


def encode_bucket(entries: list[tuple[bytes, bytes]]) -> bytes:
    """(term bytes, encoded entry) pairs → a bucket file's data, sorted by term."""
    return b"".join(data for _, data in sorted(entries))


def _documents(weights: TermWeights) -> Iterator[tuple[int, dict]]:
    for docnum, stored in weights.reader.iter_docs():
        yield weights.ords[docnum], stored


_SECTION_INDEX = {name: i for i, name in enumerate(SECTIONS)}


def document_row(stored: dict) -> list:
    """What a results page shows of a document: [url, section index, title, date, snippet text],
    then [English title, English snippet text] when the record has either (the English page shows them)."""
    row = [stored["url"], _SECTION_INDEX[stored["section"]], stored["title"], stored["date"], stored["text"]]
    english = [stored.get("title_en", ""), stored.get("text_en", "")]
    return row + english if any(english) else row


def encode_shard(rows: list[list]) -> bytes:
    return _json(rows)


def section_ranges(section_of_each: list[int]) -> list[list]:
    """[name, first ord, count] of each non-empty section, from each document's section index."""
    sections = []
    for name in SECTIONS:
        ords = [i for i, index in enumerate(section_of_each) if index == _SECTION_INDEX[name]]
        if ords:
            sections.append([name, ords[0], len(ords)])
    return sections


def _write_documents(weights: TermWeights, out: _Writer) -> tuple[int, list[list]]:
    """Document shards by ord; returns the shard count and [section, first ord, count] per section."""
    docs = sorted(_documents(weights), key=lambda item: item[0])
    rows = [document_row(stored) for _, stored in docs]
    shards = 0
    for start in range(0, len(rows), DOC_SHARD):
        out.write(f"d/{start // DOC_SHARD}.bin", encode_shard(rows[start : start + DOC_SHARD]))
        shards += 1
    return shards, section_ranges([row[1] for row in rows])


def export_index(index_dir: Path, export_dir: Path, procs: int = 1) -> ExportStats:
    """Write the static search files for the index at ``index_dir`` into a clean ``export_dir``.

    ``procs`` > 1 computes the postings in that many forked processes; the
    files are the same either way.
    """
    started = time.perf_counter()
    if export_dir.exists():
        shutil.rmtree(export_dir)
    out = _Writer(export_dir)
    try:
        stats = _export(index_dir, out, procs)
    finally:
        out.close()
    return replace(stats, bytes=out.bytes, seconds=time.perf_counter() - started)


def _export(index_dir: Path, out: _Writer, procs: int) -> ExportStats:
    dictionary = _Dictionary(out)
    with open_index(index_dir).reader() as reader:
        weights = TermWeights(reader)
        with _encoded(index_dir, weights, procs) as results:
            doc_shards, sections = _write_documents(weights, out)  # while the workers compute
            for encoded in results:
                dictionary.add(encoded)
    buckets, entry_bytes = dictionary.write_buckets()
    version = out.version
    out.write(MANIFEST, manifest(len(weights.ords), sections, buckets, version), compress=False)
    return ExportStats(
        documents=len(weights.ords),
        terms=len(dictionary.entries),
        postings=dictionary.postings,
        buckets=buckets,
        chunk_files=dictionary.chunk_files,
        doc_shards=doc_shards,
        bytes=0,
        seconds=0.0,
        version=version,
        files=tuple(out.hashes),
        entry_bytes=entry_bytes,
        stats=weights.stats,
    )
