"""Keep the static search export up to date: patch it where few documents changed, rebuild it otherwise.

A full export indexes every document with Whoosh (search.indexer) and walks
the whole index (search.export): seconds per 10,000 documents. When a
rebuild finds the same documents in the same order with a few of them edited
(an agency correcting a record), the export is patched instead: only the
terms those documents had or have are touched. That is exact, not an
approximation, because of how search.scoring is built: a posting's level
depends on its own document and the rounded average field lengths; a term's
idf on its document count. So the patch recomputes the edited documents'
postings, the document counts (and idf) of the terms they gained or lost,
and rewrites the buckets, postings chunks and document shards that hold
them. Every file comes out byte-identical to a full export of the same
documents (tests compare them).

A patch is not possible, and the export is rebuilt, when documents were added,
removed or reordered, when too many changed, when a rounded average length
moves, or when a term's postings would move between inline and chunked or
change their number of chunks (chunk files are numbered across terms).

What the patch needs from the previous build is kept in a SQLite file beside
the output (:class:`State`): each document as indexed, the rounded corpus
statistics, the digest of every export file, and the dictionary's size, as
typed columns and JSON text validated when read (never pickled objects).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field, fields
from itertools import accumulate
from pathlib import Path

from whoosh.util.numeric import byte_to_length, length_to_byte

from search import export as export_format  # chunk sizes read at call time: tests shrink them
from search.documents import SECTIONS, SearchDocument
from search.export import (
    DOC_SHARD,
    EXACT_PREFIX,
    MANIFEST,
    Entry,
    ExportStats,
    bucket_count,
    bucket_of,
    document_row,
    encode_bucket,
    encode_entry_postings,
    encode_postings,
    encode_shard,
    export_index,
    export_version,
    manifest,
    section_ranges,
)
from search.indexer import build_index, index_fields
from search.schema import EXACT_FIELD, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD, field_terms
from search.scoring import (
    BOUNDS,
    EXACT_MENTION,
    EXACT_OWN,
    CorpusStats,
    FieldScorer,
    fields_of,
    idf_value,
    rounded_average,
)
from search.tokenizer import unigram_tokens

STATE_FORMAT = 2  # 2: JSON text and typed columns instead of pickled values
MAX_CHANGED_SHARE = 0.02  # beyond this share of edited documents a full export is cheaper


class NeedsFullExport(Exception):
    """The change cannot be patched in; the message says why."""


# ---- one document as the index sees it -------------------------------------------------------


@dataclass(frozen=True)
class IndexedDocument:
    """A document's terms per field, its field lengths and its whole-identifier keys."""

    terms: dict[str, Counter]  # field → term → frequency (head, meta, body, uni)
    lengths: dict[str, int]
    exact: dict[str, int]  # "=key" → EXACT_OWN or EXACT_MENTION

    @classmethod
    def of(cls, doc: SearchDocument) -> IndexedDocument:
        values = index_fields(0, doc)  # what Whoosh is given, tokenised as the schema's fields do
        terms = {f: Counter(field_terms(values[f])) for f in TEXT_FIELDS}
        terms[UNIGRAM_FIELD] = Counter(unigram_tokens(values[UNIGRAM_FIELD]))
        exact = {EXACT_PREFIX + key: EXACT_MENTION for key in values[MENTION_FIELD] if key}
        exact.update({EXACT_PREFIX + key: EXACT_OWN for key in values[EXACT_FIELD]})
        return cls(terms, {f: sum(c.values()) for f, c in terms.items()}, exact)

    def dictionary_terms(self) -> set[str]:
        text = set().union(*(self.terms[f] for f in TEXT_FIELDS))
        return text | set(self.terms[UNIGRAM_FIELD]) | set(self.exact)

    def has(self, term: str) -> bool:
        if term.startswith(EXACT_PREFIX):
            return term in self.exact
        return any(term in self.terms[f] for f in fields_of(term))

    def level(self, term: str, scorers: dict[str, FieldScorer]) -> int | None:
        """The posting's level (or exact kind) for a dictionary term; None when the document lacks it."""
        if term.startswith(EXACT_PREFIX):
            return self.exact.get(term)
        weight, found = 0.0, False
        for f in fields_of(term):  # the order search.scoring sums fields in
            tf = self.terms[f].get(term)
            if tf:
                weight += scorers[f](float(tf), byte_to_length(length_to_byte(self.lengths[f])))
                found = True
        return bisect_right(BOUNDS, weight) if found else None


# ---- the previous build's state --------------------------------------------------------------


def digest(doc: SearchDocument) -> bytes:
    return hashlib.sha1(repr(doc).encode("utf-8")).digest()


@dataclass
class State:
    """What the export at ``token`` was made from; kept between builds in a SQLite file.

    Plain data only: typed columns and JSON text, checked on load. A missing,
    corrupt or tampered file loads as None (or makes the patch give up), and the
    export is made afresh: the file can never run code or crash the build.
    """

    token: str  # the export's version: the build record names it, so a stale state is never used
    code: str  # fingerprint of the search code that made it
    urls: list[str]
    digests: list[bytes]
    stats: CorpusStats
    files: dict[str, bytes]  # export file → SHA-256 of its data, in write order
    entry_bytes: int
    buckets: int
    changed: dict[int, SearchDocument] = field(
        default_factory=dict
    )  # documents to store (all on a full export)

    @classmethod
    def load(cls, path: Path, token: str, code: str) -> State | None:
        if path.is_symlink() or not path.is_file():
            return None
        try:
            with closing(sqlite3.connect(path)) as db:
                meta = {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM meta")}
                rows = db.execute("SELECT ord, url, digest FROM docs ORDER BY ord").fetchall()
        except (sqlite3.Error, ValueError, TypeError, RecursionError):
            return None  # unreadable: export afresh
        state = _state_of(meta, rows)
        return state if state and state.token == token and state.code == code else None

    def documents(self, path: Path, ords: Iterable[int]) -> dict[int, SearchDocument]:
        """The stored documents at ``ords``, each checked against its digest."""
        found = {}
        try:
            with closing(sqlite3.connect(path)) as db:
                for ord_ in ords:
                    row = db.execute("SELECT doc FROM docs WHERE ord = ?", (ord_,)).fetchone()
                    doc = _document_of(json.loads(row[0])) if row and isinstance(row[0], str) else None
                    if doc is None or digest(doc) != self.digests[ord_]:
                        raise NeedsFullExport(f"the stored document {ord_} is damaged")
                    found[ord_] = doc
        except (sqlite3.Error, ValueError, RecursionError):
            raise NeedsFullExport("the state file is damaged") from None
        return found

    def save(self, path: Path, full: bool) -> None:
        """Write the state (all of it after a full export; the changed documents after a patch),
        in one transaction."""
        if full:
            path.unlink(missing_ok=True)
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS docs"
                " (ord INTEGER PRIMARY KEY, url TEXT NOT NULL, digest BLOB NOT NULL, doc TEXT NOT NULL)"
            )
            values = {
                "format": STATE_FORMAT, "token": self.token, "code": self.code,
                "stats": {"documents": self.stats.documents, "totals": dict(self.stats.totals)},
                "files": {name: sha.hex() for name, sha in self.files.items()},
                "entry_bytes": self.entry_bytes, "buckets": self.buckets,
            }  # fmt: skip
            db.executemany("REPLACE INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in values.items()))
            db.executemany(
                "REPLACE INTO docs VALUES (?, ?, ?, ?)",
                (
                    (o, self.urls[o], self.digests[o], json.dumps(asdict(d), ensure_ascii=False))
                    for o, d in sorted(self.changed.items())
                ),
            )
        self.changed = {}


STAT_FIELDS = frozenset((*TEXT_FIELDS, UNIGRAM_FIELD))
META_KEYS = frozenset({"format", "token", "code", "stats", "files", "entry_bytes", "buckets"})
DOCUMENT_FIELDS = {f.name: f.type for f in fields(SearchDocument)}


def _natural(value: object, least: int = 0) -> bool:
    return type(value) is int and value >= least


def _state_of(meta: dict, rows: list[tuple]) -> State | None:
    """The state the stored values describe, or None when any of them is not what a build writes."""
    if set(meta) != META_KEYS or meta["format"] != STATE_FORMAT:
        return None
    stats, files = meta["stats"], meta["files"]
    if not (
        isinstance(meta["token"], str)
        and isinstance(meta["code"], str)
        and _natural(meta["entry_bytes"])
        and _natural(meta["buckets"], 1)
        and isinstance(stats, dict)
        and set(stats) == {"documents", "totals"}
        and _natural(stats["documents"])
        and isinstance(stats["totals"], dict)
        and set(stats["totals"]) == STAT_FIELDS
        and all(_natural(n) for n in stats["totals"].values())
        and isinstance(files, dict)
        and all(_export_name(n) and isinstance(h, str) and _sha256_hex(h) for n, h in files.items())
        and stats["documents"] == len(rows)
        and all(
            row[0] == i and isinstance(row[1], str) and isinstance(row[2], bytes) and len(row[2]) == 20
            for i, row in enumerate(rows)
        )
    ):
        return None
    return State(
        meta["token"], meta["code"], [r[1] for r in rows], [r[2] for r in rows],
        CorpusStats(stats["documents"], stats["totals"]),
        {name: bytes.fromhex(sha) for name, sha in files.items()}, meta["entry_bytes"], meta["buckets"],
    )  # fmt: skip


def _export_name(name: str) -> bool:
    return bool(name) and not name.startswith("/") and ".." not in name.split("/") and "\0" not in name


def _sha256_hex(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _document_of(value: object) -> SearchDocument | None:
    """A stored document back, when it has exactly the fields of one and their types."""
    if not isinstance(value, dict) or set(value) != set(DOCUMENT_FIELDS):
        return None
    parts = {}
    for name, text in value.items():
        if isinstance(text, str):
            parts[name] = text
        elif isinstance(text, list) and all(isinstance(t, str) for t in text):
            parts[name] = tuple(text)
        else:
            return None
        if isinstance(parts[name], tuple) != DOCUMENT_FIELDS[name].startswith("tuple"):
            return None
    return SearchDocument(**parts)


# ---- reading the previous export -------------------------------------------------------------


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def varint(self) -> int:
        value = shift = 0
        while True:
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def take(self, size: int) -> bytes:
        self.at += size
        return self.data[self.at - size : self.at]


def decode_bucket(data: bytes) -> dict[str, Entry]:
    reader, entries = _Bytes(data), {}
    while reader.at < len(data):
        term = reader.take(reader.varint()).decode("utf-8")
        df, idf, chunks = reader.varint(), reader.varint(), reader.varint()
        if chunks == 0:
            entries[term] = Entry(term, df, idf, inline=reader.take(reader.varint()))
        else:
            first_file = reader.varint()
            firsts = tuple(accumulate(reader.varint() for _ in range(chunks)))
            entries[term] = Entry(term, df, idf, first_file=first_file, chunk_firsts=firsts)
    return entries


def decode_postings(data: bytes) -> dict[int, int]:
    """Postings bytes → ord → level."""
    if max(data[0::2], default=0) < 0x80:  # every delta one byte: pairs
        return dict(zip(accumulate(data[0::2]), data[1::2], strict=True))
    reader, found, ord_ = _Bytes(data), {}, 0
    while reader.at < len(data):
        ord_ += reader.varint()
        found[ord_] = reader.take(1)[0]
    return found


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


# ---- the patch --------------------------------------------------------------------------------


@dataclass
class Patch:
    """Files to write into the new export (name → data) and the state that results."""

    files: dict[str, bytes]
    state: State


def patch(docs: Sequence[SearchDocument], state: State, state_path: Path, previous: Path) -> Patch:
    """Patch the export at ``previous`` for ``docs``; raises NeedsFullExport when it cannot."""
    if [d.url for d in docs] != state.urls:
        raise NeedsFullExport("documents were added, removed or reordered")
    digests = [digest(d) for d in docs]
    changed = [o for o, (a, b) in enumerate(zip(digests, state.digests, strict=True)) if a != b]
    if not changed:
        return Patch({}, state)
    if len(changed) > max(10, MAX_CHANGED_SHARE * len(docs)):
        raise NeedsFullExport(f"{len(changed)} documents changed")
    old = {o: IndexedDocument.of(d) for o, d in state.documents(state_path, changed).items()}
    new = {o: IndexedDocument.of(docs[o]) for o in changed}
    stats = _new_stats(state.stats, old, new)
    scorers = {f: FieldScorer(f, stats) for f in (*TEXT_FIELDS, UNIGRAM_FIELD)}
    files: dict[str, bytes] = {}
    entry_bytes = state.entry_bytes
    buckets: dict[int, dict[str, Entry]] = {}
    terms = set().union(*(d.dictionary_terms() for d in (*old.values(), *new.values())))
    for term in sorted(terms):
        number = bucket_of(term, state.buckets)
        bucket = buckets.get(number)
        if bucket is None:
            bucket = buckets[number] = decode_bucket(_read(previous / f"t/{number}.bin"))
        before = bucket.get(term)
        changes = {o: new[o].level(term, scorers) for o in changed}
        present_before = {o for o in changed if old[o].has(term)}
        after = _patched_entry(term, before, changes, present_before, stats.documents, previous, files)
        entry_bytes += (len(after.encode()) if after else 0) - (len(before.encode()) if before else 0)
        if after:
            bucket[term] = after
        else:
            bucket.pop(term, None)
    if bucket_count(entry_bytes) != state.buckets:
        raise NeedsFullExport("the dictionary outgrew its buckets")
    for number, bucket in buckets.items():
        files[f"t/{number}.bin"] = encode_bucket([(t.encode("utf-8"), e.encode()) for t, e in bucket.items()])
    for shard in sorted({o // DOC_SHARD for o in changed}):
        rows = [_row(d) for d in docs[shard * DOC_SHARD : (shard + 1) * DOC_SHARD]]
        files[f"d/{shard}.bin"] = encode_shard(rows)
    hashes = dict(state.files)
    hashes.update((name, hashlib.sha256(data).digest()) for name, data in files.items())
    version = export_version(hashes.items())
    sections = section_ranges([SECTIONS.index(d.section) for d in docs])
    files[MANIFEST] = manifest(len(docs), sections, state.buckets, version)
    result = State(version, state.code, state.urls, digests, stats, hashes, entry_bytes, state.buckets)
    result.changed = {o: docs[o] for o in changed}
    return Patch(files, result)


def _row(doc: SearchDocument) -> list:
    return document_row(index_fields(0, doc))  # the stored fields a full export reads back


def _new_stats(stats: CorpusStats, old: dict, new: dict) -> CorpusStats:
    totals = dict(stats.totals)
    for o in old:
        for f in totals:
            totals[f] += new[o].lengths[f] - old[o].lengths[f]
    moved = [f for f in totals if rounded_average(totals[f], stats.documents) != stats.average(f)]
    if moved:
        raise NeedsFullExport(f"the average length of {', '.join(moved)} moved")
    return CorpusStats(stats.documents, totals)


def _patched_entry(
    term: str,
    entry: Entry | None,
    changes: dict[int, int | None],
    present_before: set[int],
    documents: int,
    previous: Path,
    files: dict[str, bytes],
) -> Entry | None:
    """The term's entry with the changed documents' postings replaced; None when no document has it."""
    df = (entry.df if entry else 0) + sum(v is not None for v in changes.values()) - len(present_before)
    if df == 0:
        if entry and entry.chunk_firsts:
            raise NeedsFullExport(f"chunked term {term!r} disappeared")
        return None
    idf = 1 if term.startswith(EXACT_PREFIX) else idf_value(df, documents)
    if entry is None or not entry.chunk_firsts:
        postings = decode_postings(entry.inline) if entry else {}
        _apply(postings, changes)
        inline, chunks, _ = encode_entry_postings(postings)
        if chunks:
            raise NeedsFullExport(f"term {term!r} outgrew inline postings")
        return Entry(term, df, idf, inline=inline)
    return _patched_chunks(entry, df, idf, changes, present_before, previous, files)


def _apply(postings: dict[int, int], changes: dict[int, int | None]) -> None:
    for ord_, level in changes.items():
        if level is None:
            postings.pop(ord_, None)
        else:
            postings[ord_] = level


def _patched_chunks(
    entry: Entry,
    df: int,
    idf: int,
    changes: dict[int, int | None],
    present_before: set[int],
    previous: Path,
    files: dict[str, bytes],
) -> Entry:
    """Rewrite the chunks the changes fall in; when documents join or leave, every chunk after the first of them."""
    if df * 2 <= export_format.INLINE_BYTES:
        raise NeedsFullExport(f"term {entry.term!r} may now fit inline")
    chunk_of = {o: max(0, bisect_right(entry.chunk_firsts, o) - 1) for o in changes}
    moved = any((changes[o] is not None) != (o in present_before) for o in changes)
    start = min(chunk_of.values())
    touched = range(start, len(entry.chunk_firsts)) if moved else sorted(set(chunk_of.values()))
    postings: dict[int, int] = {}
    for i in touched:
        postings.update(decode_postings(_read(previous / f"p/{entry.first_file + i}.bin")))
    _apply(postings, changes)
    ords = sorted(postings)
    if moved:
        if -(-(start * export_format.CHUNK_POSTINGS + len(ords)) // export_format.CHUNK_POSTINGS) != len(
            entry.chunk_firsts
        ):
            raise NeedsFullExport(f"term {entry.term!r} changed its number of chunks")
        groups = [
            ords[i : i + export_format.CHUNK_POSTINGS]
            for i in range(0, len(ords), export_format.CHUNK_POSTINGS)
        ]
        firsts = (*entry.chunk_firsts[:start], *(group[0] for group in groups))
        chunks = dict(zip(touched, groups, strict=True))
    else:
        firsts = entry.chunk_firsts
        ends = [*firsts[1:], None]
        chunks = {
            i: [o for o in ords if o >= firsts[i] and (ends[i] is None or o < ends[i])] for i in touched
        }
    for i, group in chunks.items():
        files[f"p/{entry.first_file + i}.bin"] = encode_postings(group, [postings[o] for o in group])
    return Entry(entry.term, df, idf, first_file=entry.first_file, chunk_firsts=firsts)


# ---- the writer's entry point ----------------------------------------------------------------


@dataclass
class Outcome:
    written: int  # files written into the new export
    kept: list[str]  # files of the previous export that stay (relative to the export folder)
    state: State
    full: bool  # exported afresh (the state is saved whole)
    reason: str = ""  # why not patched, when full


def write_export(
    docs: Sequence[SearchDocument],
    export: Path,
    previous: Path | None,
    state: State | None,
    state_path: Path,
    code: str,
    procs: int = 1,
) -> Outcome:
    """Write the export for ``docs`` into the empty folder ``export``: the files that differ from
    ``previous`` when ``state`` allows a patch, else all of them."""
    reason = "no previous export" if previous is None or state is None else ""
    if not reason:
        try:
            result = patch(docs, state, state_path, previous)
        except NeedsFullExport as why:
            reason = str(why)
        else:
            for name, data in result.files.items():
                target = export / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(
                    data if name == MANIFEST else gzip.compress(data, compresslevel=9, mtime=0)
                )
            kept = [name for name in (*state.files, MANIFEST) if name not in result.files]
            return Outcome(len(result.files), kept, result.state, full=False)
    stats = _full_export(docs, export, procs)
    state = State(
        stats.version, code, [d.url for d in docs], [digest(d) for d in docs], stats.stats,
        dict(stats.files), stats.entry_bytes, stats.buckets,
    )  # fmt: skip
    state.changed = dict(enumerate(docs))
    return Outcome(len(stats.files) + 1, [], state, full=True, reason=reason)


def _full_export(docs: Sequence[SearchDocument], export: Path, procs: int) -> ExportStats:
    with tempfile.TemporaryDirectory(prefix="ipcredit-index-") as index_dir:
        build_index(docs, Path(index_dir), procs=procs)
        return export_index(Path(index_dir), export, procs=procs)
