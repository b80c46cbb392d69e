"""The Whoosh index → the static files the browser searches (search.format says what is in them).

Every file is rewritten; nothing else survives in the folder. A query fetches
the manifest, one bucket per term, the postings chunks it needs and the rows
of the results it shows — never the whole index. Terms are the n-grams,
English word stems and pinyin syllable pairs of search.tokenizer, single
characters (head only) and ``"=" + exact_key`` for whole identifiers (level 2:
the record's own number, 1: a mention). A full export numbers the documents
in the canonical order (slot = ord). The same input gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import heapq
import multiprocessing
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, groupby
from pathlib import Path

from whoosh.reading import IndexReader

from search import format as fmt
from search.documents import SearchDocument, Sections
from search.format import EXACT_PREFIX, MANIFEST, Entry, Manifest
from search.indexer import index_fields, index_sections, open_index
from search.postings import Collected, IndexedDocument
from search.schema import EXACT_FIELD, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD
from search.scoring import LEVELS, CorpusStats, Tables, TermWeights
from search.tokenizer import pinyin_tokens

# Decoded chunks kept while corrections are sought: a chunk holds at most MAX_CHUNK ×
# CHUNK_POSTINGS postings, so this bounds the memory (about 13 MB at 10,000 records); 128 miss
# 2,950 times of 25,016, 1,024 only 2,471 times.
DECODED_CHUNKS = 128
# Texts whose pinyin an export keeps, the latest used (names and titles: a few MB). A party's
# records are apart in the canonical order (newest first), and its page in another section.
PINYIN_MEMO = 1 << 16


@dataclass(frozen=True)
class ExportStats:
    documents: int
    slots: int
    terms: int
    postings: int
    buckets: int
    chunk_files: int
    doc_shards: int
    bytes: int
    seconds: float
    version: str
    # What an in-place update (search.update) needs to carry on from this export:
    files: tuple[tuple[str, bytes], ...] = ()  # (name, SHA-256 of its data), the manifest left out
    entry_bytes: int = 0  # encoded size of every dictionary entry (it sets the bucket count)
    stats: CorpusStats | None = None


class _Writer:
    """Writes files under the export folder, gzipped, and keeps a digest of what was written.

    Creating thousands of small files is mostly waiting on the file system (and
    zlib lets go of the GIL), so a few threads do it; ``close()`` waits for
    them, raises their first error and counts the bytes. At most ``IN_FLIGHT`` files wait
    for a thread: the export is made faster than gzip at level 9 packs it, and a queue of
    every file (75,000 at 100,000 records) held their data and futures at once.
    """

    IN_FLIGHT = 64

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self.hashes: list[tuple[str, bytes]] = []  # (name, SHA-256 of the data)
        self._threads = ThreadPoolExecutor(4)
        self._pending: deque[Future[int]] = deque()
        # Folders are made as files go into them: no empty folder (a site without chunked terms has
        # no p/), so an export has the same tree whichever way the build came to it.
        root.mkdir(parents=True, exist_ok=True)
        self._folders: set[str] = {""}

    def write(self, relative: str, data: bytes) -> None:
        folder = relative.rpartition("/")[0]
        if folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        self._pending.append(self._threads.submit(self._store, self.root / relative, relative, data))
        while len(self._pending) > self.IN_FLIGHT:
            self.bytes += self._pending.popleft().result()
        if relative != MANIFEST:
            self.hashes.append((relative, hashlib.sha256(data).digest()))
        self.files += 1

    @staticmethod
    def _store(path: Path, name: str, data: bytes) -> int:
        return path.write_bytes(fmt.pack(name, data))

    def close(self) -> None:
        self._threads.shutdown(wait=True)
        self.bytes += sum(future.result() for future in self._pending)

    @property
    def version(self) -> str:
        return export_version(self.hashes)


def export_version(hashes: Iterable[tuple[str, bytes]]) -> str:
    """Changes whenever any file does (search.js adds it to every URL, so caches never mix versions)."""
    digest = hashlib.sha256()
    for name, sha in sorted(hashes):
        digest.update(name.encode() + b"\0" + sha)
    return digest.hexdigest()[:12]


def manifest(
    documents: int,
    slots: int,
    sections: list[list],
    buckets: int,
    version: str,
    names: tuple[str, ...],
    moved: list[list[int]] | None = None,
    night_buckets: int = 0,
) -> bytes:
    """``names``: every section's name (Sections.names), which rows give as an index into."""
    return Manifest(
        version, documents, slots, sections, names, buckets, LEVELS, moved or [], night_buckets
    ).encode()


# A term to export: ("text", term, fields it occurs in), ("uni", character, ()) or ("exact", key, ()).
Job = tuple[str, str, tuple[str, ...]]
# What a job yields: the dictionary term, df, inline postings, or chunks as (first slot, bytes).
Encoded = tuple[str, int, bytes, list[tuple[int, bytes]]]


def _tagged(terms: Iterator[bytes], field: str) -> Iterator[tuple[bytes, str]]:
    return ((btext, field) for btext in terms)


def _jobs(reader: IndexReader) -> Iterator[Job]:
    """Every term of the index once, in a fixed order."""
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
    levels = weights.exact(text) if kind == "exact" else weights.postings(text, fields)[1]
    term = EXACT_PREFIX + text if kind == "exact" else text
    return (term, len(levels), *fmt.split_postings(levels))


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


class Dictionary:
    """Collects the term entries and their chunks; writes buckets and chunk files at the end,
    when the bucket count (which names the chunk files) is known."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.chunks: dict[str, list[bytes]] = {}  # term → its chunks' data
        self.postings = 0
        self.entry_bytes = 0

    def add(self, encoded: Encoded) -> None:
        term, df, inline, chunks = encoded
        self.postings += df
        entry = Entry(term, df, inline, tuple(first for first, _ in chunks))
        if chunks:
            self.chunks[term] = [data for _, data in chunks]
        self.entry_bytes += len(entry.encode())
        self.entries.append(entry)

    def correct(self) -> None:
        """Store each chunked term that differs from a more frequent chunked term in few postings as
        a correction of it (search.format): a query holding both (the bigrams of a set phrase)
        then reads the postings once. A base is never a correction itself."""
        chunked = sorted(
            (e for e in self.entries if e.firsts and not e.base),
            key=lambda e: (-e.df, e.term.encode("utf-8")),
        )
        by_end: dict[int, list[Entry]] = {}  # first chunk's slot, and -1 - last chunk's → plain entries
        # Terms of about the same df come one after another and try the same few bases, whose
        # chunks would be decoded again for each (25,016 decodes of 1,432 chunks at 10,000
        # records); the last DECODED_CHUNKS decoded stay at hand (chunks are bounded in size).
        decode = lru_cache(maxsize=DECODED_CHUNKS)(fmt.decode_postings)
        for entry in chunked:  # by_end's lists stay in that order: the least frequent last
            ends = (entry.firsts[0], -1 - entry.firsts[-1])
            bases = {b.term: b for end in ends for b in _near(by_end.get(end, []), entry.df)}
            found = self._best_base(entry, bases, decode)
            if found is None:
                for end in ends:
                    by_end.setdefault(end, []).append(entry)
                continue
            self.entry_bytes -= len(entry.encode())
            entry.base, entry.voids, entry.inline = found
            entry.firsts = bases[entry.base].firsts  # the reader names the base's chunk files with them
            self.entry_bytes += len(entry.encode())  # its base's rank is not known yet: counted as 0
            del self.chunks[entry.term]

    def _best_base(
        self, entry: Entry, bases: dict[str, Entry], decode: Callable[[bytes], dict[int, int]]
    ) -> tuple[str, tuple[int, ...], bytes] | None:
        """The base making the smallest correction of ``entry`` within CORRECTION_BYTES, if any:
        (its term, voids, postings). Chunks start at the same slots in nearly the same postings,
        so bases sharing few chunk starts are not decoded."""
        best: tuple[int, bytes, tuple[int, ...], bytes] | None = None
        starts = set(entry.firsts)
        # The correction sits in the bucket, read by the queries of the other terms there too: it
        # has to be much smaller than the chunks it saves reading.
        most = min(fmt.CORRECTION_BYTES, sum(map(len, self.chunks[entry.term])) // 8)
        for base in bases.values():
            if 4 * len(starts.intersection(base.firsts)) < 3 * max(len(starts), len(base.firsts)):
                continue
            # A correction takes a byte for the voids' count and one or more for each void and
            # each added posting: with more than limit - 1 of them it cannot be the smallest
            # within most, and is given up as soon as that shows.
            limit = most if best is None else min(most, best[0])
            found = self._correction(base, entry, decode, limit - 1)
            if found is None:
                continue
            voids, adds = found
            if 1 + len(voids) + len(adds) > limit:  # the same with the postings' bytes: not encoded
                continue
            size, key = len(fmt.encode_voids(voids)) + len(adds), base.term.encode("utf-8")
            if size <= most and (best is None or (size, key) < best[:2]):
                best = (size, key, voids, adds)
        return None if best is None else (best[1].decode("utf-8"), best[2], best[3])

    def _correction(
        self, base: Entry, entry: Entry, decode: Callable[[bytes], dict[int, int]], most: int
    ) -> tuple[tuple[int, ...], bytes] | None:
        """fmt.correction of ``entry`` on ``base``, or None when it would have more than ``most``
        voids and added postings or is clearly too large. Chunks
        are cut where the postings say: a chunk of the one that is byte for byte a chunk of the
        other (same first slot) holds the same postings, so only the other chunks are decoded
        (by ``decode``, which may hand the same dict out again: it is only read)."""
        theirs = dict(zip(base.firsts, self.chunks[base.term], strict=True))
        mine = dict(zip(entry.firsts, self.chunks[entry.term], strict=True))
        same = {first for first, data in mine.items() if theirs.get(first) == data}
        counts = [
            sum(fmt.posting_count(d) for f, d in side.items() if f not in same) for side in (theirs, mine)
        ]
        if abs(counts[0] - counts[1]) > fmt.CORRECTION_BYTES:  # each posting more: a void or an add
            return None
        # Chunks starting at the same slot end at the same slot too but near a difference: in
        # nearly the same postings they hold nearly as many (a test, not a bound: a miss only
        # leaves a term uncorrected), and terms that are not have other counts everywhere.
        apart = sum(
            abs(fmt.posting_count(mine[f]) - fmt.posting_count(theirs[f]))
            for f in mine.keys() & theirs.keys()
        )
        if apart > 2 * fmt.CORRECTION_BYTES:
            return None
        was, now = ({}, {})
        for side, merged in ((theirs, was), (mine, now)):
            for first, data in side.items():
                if first not in same:
                    merged.update(decode(data))
        if len(was.keys() ^ now.keys()) > most:  # each slot in one only is a void or an add
            return None
        return fmt.correction_within(was, now, most)

    def write(self, write: Callable[[str, bytes], None], buckets: int | None = None) -> int:
        """Write every bucket and chunk file (terms stored as corrections first); return the bucket count."""
        self.correct()
        buckets = buckets or fmt.bucket_count(self.entry_bytes)
        grouped: list[list[Entry]] = [[] for _ in range(buckets)]
        for entry in self.entries:
            grouped[fmt.bucket_of(entry.term, buckets)].append(entry)
        rank = {
            term: k
            for number, entries in enumerate(grouped)
            for k, (term, _) in enumerate(fmt.chunk_names(number, entries))
        }
        for entry in self.entries:
            if entry.base:
                entry.rank = rank[entry.base]
        for number, entries in enumerate(grouped):
            for term, names in fmt.chunk_names(number, entries):
                for name, data in zip(names, self.chunks[term], strict=True):
                    write(name, data)
            write(fmt.bucket_name(number), fmt.encode_bucket(entries))
        return buckets


def _near(entries: list[Entry], df: int) -> Iterator[Entry]:
    """The entries of a list by descending df whose df is at most CORRECTION_BYTES above ``df``
    (each posting more than a term's is a void of its correction: a byte or more)."""
    for entry in reversed(entries):
        if entry.df - df > fmt.CORRECTION_BYTES:
            return
        yield entry


def _documents(weights: TermWeights) -> Iterator[tuple[int, dict]]:
    for docnum, stored in weights.reader.iter_docs():
        yield weights.ords[docnum], stored


def document_row(stored: dict, sections: Sections) -> list:
    """What a results page shows of a document: [url, section index, title, date, snippet text],
    then [English title, English snippet text] when the record has either (the English page shows them)."""
    row = [stored["url"], sections.number(stored["section"]), stored["title"], stored["date"], stored["text"]]
    english = [stored.get("title_en", ""), stored.get("text_en", "")]
    return row + english if any(english) else row


def section_ranges(section_of_each: Iterable[int | None], names: tuple[str, ...]) -> list[list]:
    """[name, first slot, span] of each non-empty section, from each slot's section index
    (None: an empty or moved slot, which no range needs to cover)."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for slot, index in enumerate(section_of_each):
        if index is not None:
            first.setdefault(index, slot)
            last[index] = slot
    return [[name, first[i], last[i] - first[i] + 1] for i, name in enumerate(names) if i in first]


def write_rows(
    rows: dict[int, list], slots: int, write: Callable[[str, bytes], None], only: Iterable[int] | None = None
) -> int:
    """Write the shards holding ``rows`` (slot → row) — those of the slots ``only`` when given —
    with null for empty slots; a shard with no row is not written. Returns how many were written."""
    shards = sorted({s // fmt.DOC_SHARD for s in (rows if only is None else only)})
    written = 0
    for shard in shards:
        first = shard * fmt.DOC_SHARD
        found = [rows.get(s) for s in range(first, min(first + fmt.DOC_SHARD, slots))]
        while found and found[-1] is None:  # trailing free slots: nothing to say
            found.pop()
        if found:
            write(fmt.shard_name(first), fmt.encode_rows(found))
            written += 1
    return written


def write_rows_in_order(
    rows: Iterable[tuple[int, list]], slots: int, write: Callable[[str, bytes], None]
) -> tuple[int, dict[int, int]]:
    """:func:`write_rows` for rows coming by increasing slot, each shard written once its rows are
    in (so they are never all held at once); the shards written and each slot's section index."""
    written, section_of = 0, {}
    for _, shard in groupby(rows, key=lambda item: item[0] // fmt.DOC_SHARD):
        found = dict(shard)
        section_of.update((slot, row[1]) for slot, row in found.items())
        written += write_rows(found, slots, write)
    return written, section_of


def _lay_out(weights: TermWeights, sections: Sections) -> tuple[dict[int, list], int]:
    """Give each document its slot (search.format.clean_slots): renumbers ``weights`` from ords to
    slots; returns slot → result row and the slot count."""
    stored = sorted(_documents(weights), key=lambda item: item[0])
    rows = [document_row(fields, sections) for _, fields in stored]
    slots, count = fmt.clean_slots([row[1] for row in rows])
    ords = weights.ords
    for docnum, ord_ in enumerate(ords):
        ords[docnum] = slots[ord_]
    return dict(zip(slots, rows, strict=True)), count


def export_documents(docs: Sequence[SearchDocument], export_dir: Path, sections: Sections) -> ExportStats:
    """Write the static search files for ``docs`` (in the canonical order, of ``sections``) into a clean ``export_dir``,
    computing the postings from the documents (search.postings): the files export_index writes
    from a Whoosh index of the same documents, without building one."""
    started = time.perf_counter()
    if export_dir.exists():
        shutil.rmtree(export_dir)
    out = _Writer(export_dir)
    try:
        stats = _export_documents(docs, out, sections)
    finally:
        out.close()
    return replace(stats, bytes=out.bytes, seconds=time.perf_counter() - started)


def _export_documents(docs: Sequence[SearchDocument], out: _Writer, sections: Sections) -> ExportStats:
    slots, count = fmt.clean_slots([sections.number(d.section) for d in docs])
    collected = Collected(count)
    # A party's name is in its page's document and in each of its records': its pinyin (pypinyin
    # cuts the name into words first) is worked out once per export.
    pinyin = lru_cache(maxsize=PINYIN_MEMO)(lambda text: tuple(pinyin_tokens(text)))

    def rows() -> Iterator[tuple[int, list]]:
        for slot, doc in zip(slots, docs, strict=True):
            values = index_fields(0, doc, sections.snippet_chars(doc.section))  # what Whoosh would be given
            collected.add(slot, IndexedDocument.of_fields(values, pinyin))
            yield slot, document_row(values, sections)

    doc_shards, section_of = write_rows_in_order(rows(), count, out.write)
    dictionary = Dictionary()
    cuts = fmt.cut_table(count)
    for term, levels in collected.levels():
        dictionary.add((term, len(levels), *fmt.split_postings(levels, cuts)))
    return _finish(out, dictionary, section_of, count, doc_shards, collected.stats, sections.names)


def export_index(index_dir: Path, export_dir: Path, procs: int = 1) -> ExportStats:
    """Write the static search files for the index at ``index_dir`` into a clean ``export_dir``
    (the sections are those the index was built with).

    ``procs`` > 1 computes the postings in that many forked processes; the
    files are the same either way.
    """
    started = time.perf_counter()
    if export_dir.exists():
        shutil.rmtree(export_dir)
    out = _Writer(export_dir)
    try:
        stats = _export(index_dir, out, index_sections(index_dir), procs)
    finally:
        out.close()
    return replace(stats, bytes=out.bytes, seconds=time.perf_counter() - started)


def _export(index_dir: Path, out: _Writer, sections: Sections, procs: int) -> ExportStats:
    dictionary = Dictionary()
    with open_index(index_dir).reader() as reader:
        weights = TermWeights(reader)
        rows, slots = _lay_out(weights, sections)
        with _encoded(index_dir, weights, procs) as results:
            doc_shards = write_rows(rows, slots, out.write)  # while the workers compute
            for encoded in results:
                dictionary.add(encoded)
    section_of = {slot: row[1] for slot, row in rows.items()}
    return _finish(out, dictionary, section_of, slots, doc_shards, weights.stats, sections.names)


def _finish(
    out: _Writer,
    dictionary: Dictionary,
    section_of: dict[int, int],  # each document's slot → its section index
    slots: int,
    doc_shards: int,
    stats: CorpusStats,
    names: tuple[str, ...],
) -> ExportStats:
    """Write the dictionary and the manifest."""
    buckets = dictionary.write(out.write)
    version = out.version
    sections = section_ranges((section_of.get(s) for s in range(slots)), names)
    out.write(MANIFEST, manifest(len(section_of), slots, sections, buckets, version, names))
    return ExportStats(
        documents=len(section_of),
        slots=slots,
        terms=len(dictionary.entries),
        postings=dictionary.postings,
        buckets=buckets,
        chunk_files=sum(len(c) for c in dictionary.chunks.values()),
        doc_shards=doc_shards,
        bytes=0,
        seconds=0.0,
        version=version,
        files=tuple(out.hashes),
        entry_bytes=dictionary.entry_bytes,
        stats=stats,
    )
