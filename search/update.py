"""Keep the static search export up to date: patch it where few documents changed, rebuild it otherwise.

A full export tokenises every document (search.postings) and writes every
file (search.export): seconds per 10,000 documents, and every file
rewritten. When a rebuild finds few documents added, removed or edited, the
export is patched instead. That is exact, not an approximation, because of
how search.scoring is built: a posting's level depends on its own document
alone (the average field lengths are constants); a term's idf on its
document count and the export's (the browser computes it).

The patch leaves the main dictionary (term buckets and postings chunks) as
the last full export wrote it: a record's hundreds of terms hash into nearly
every bucket, so rewriting the buckets they are in rewrote most of them every
night. Every slot added, removed or edited since the last full export is
*overridden* instead, and the night dictionary (search.format) holds, for
each term, the overridden slots' postings that differ from the main
dictionary's, and the term's df now. Each night makes it from last night's:
only the terms whose level changed tonight in some slot are made again, from
those slots' documents as the full export had them, last night and now, so a
night costs what it changed, not all that changed since the full export. A
night rewrites the night buckets, the changed slots' result rows, the manifest,
and the main buckets of terms that no document has any more (dropped from
the main dictionary, so that a withdrawn record's number or name is in no
file).

Documents keep their slots (search.format): a removed document leaves its
slot free, an added one takes the free slot just before the document it
ranks before, or else a new slot at the end, listed in the manifest as
moved. The patched export answers every query as a full export does, with
the same hits in the same order, but not with the same bytes (a full export
renumbers every document after the first change, and has no night
dictionary).

A full export, which merges the night dictionary back, still happens, and
the build log says why (:class:`Outcome` ``reason``), when there is no usable
previous export, when more than MAX_OVERRIDDEN_SHARE of the documents changed
since the last full export, when more than MAX_MOVED documents rank away from their
slot (the manifest, fetched by every query, lists them), or when a chunked term is in no
record any more (it may be the base other terms are stored as corrections of).

What the patch needs from the previous build is kept in a SQLite file beside
the output (:class:`State`): each document as indexed and its slot, the
document count, the digest of every export file, the
dictionary's size, the overridden slots' documents at the last full
export and the terms dropped from the main dictionary since, as typed columns and JSON text validated when read (never
pickled objects).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from search import format as fmt
from search.documents import SearchDocument, Sections
from search.export import (
    ExportStats,
    document_row,
    export_documents,
    export_version,
    manifest,
    section_ranges,
    write_rows,
)
from search.format import MANIFEST, Entry, NightEntry
from search.indexer import index_fields
from search.postings import IndexedDocument
from search.scoring import CorpusStats, FieldScorer, field_scorers

# 4: the overridden slots and their base documents (the night dictionary); 5: their digests, and
# the terms dropped from the main dictionary since the last full export; 6: no field totals (the
# average lengths are fixed)
STATE_FORMAT = 6
# Beyond this share of documents changed since the last full export, a full export merges the night
# dictionary back: it grows with them (every query reads one of its buckets per term, every night
# rewrites it), and one full export in 20 nights or more keeps the average night small.
MAX_OVERRIDDEN_SHARE = 0.05
MAX_MOVED = 256  # documents listed as moved in the manifest, at most (≈ 20 bytes each)


class NeedsFullExport(Exception):
    """The change cannot be patched in; the message says why."""


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
    urls: dict[int, str]  # slot → URL of the document in it
    digests: dict[int, bytes]  # slot → digest of the document
    stats: CorpusStats
    files: dict[str, bytes]  # export file → SHA-256 of its data
    entry_bytes: int
    buckets: int
    slots: int  # slot numbers in use: 0 … slots - 1 (some may be free)
    # Slots changed since the last full export: the night dictionary covers them.
    overridden: set[int] = field(default_factory=set)
    # Documents to store (all of them after a full export) and slots to forget:
    changed: dict[int, SearchDocument] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    # Slots newly overridden → their document at the last full export (None: the slot was free):
    based: dict[int, SearchDocument | None] = field(default_factory=dict)
    # Terms dropped from the main dictionary since the last full export (no record had them on some
    # night; one that comes back is held whole by the night dictionary):
    dropped: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, token: str, code: str) -> State | None:
        if path.is_symlink() or not path.is_file():
            return None
        try:
            with closing(sqlite3.connect(path)) as db:
                meta = {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM meta")}
                rows = db.execute("SELECT ord, url, digest FROM docs ORDER BY ord").fetchall()
                overridden = {row[0] for row in db.execute("SELECT ord FROM base")}
                dropped = [row[0] for row in db.execute("SELECT term FROM dropped")]
        except (sqlite3.Error, ValueError, TypeError, RecursionError):
            return None  # unreadable: export afresh
        state = _state_of(meta, rows)
        if state is None or not all(_natural(s) and s < state.slots for s in overridden):
            return None
        if not all(isinstance(term, str) for term in dropped):
            return None
        state.overridden, state.dropped = overridden, set(dropped)
        return state if state.token == token and state.code == code else None

    def base_documents(self, path: Path, slots: Iterable[int]) -> dict[int, SearchDocument | None]:
        """The overridden ``slots``' documents as the last full export had them (None: a free slot),
        each checked against its digest."""
        found: dict[int, SearchDocument | None] = {}
        try:
            with closing(sqlite3.connect(path)) as db:
                for slot in slots:
                    row = db.execute("SELECT doc, digest FROM base WHERE ord = ?", (slot,)).fetchone()
                    if row is None or slot not in self.overridden:
                        raise NeedsFullExport(f"the state file has no base document for slot {slot}")
                    text, sha = row
                    doc = _document_of(json.loads(text)) if isinstance(text, str) else None
                    if text is not None and (doc is None or digest(doc) != sha):
                        raise NeedsFullExport(f"the stored base document of slot {slot} is damaged")
                    found[slot] = doc
        except (sqlite3.Error, ValueError, RecursionError):
            raise NeedsFullExport("the state file is damaged") from None
        return found

    def documents(self, path: Path, slots: Iterable[int]) -> dict[int, SearchDocument]:
        """The stored documents in ``slots``, each checked against its digest."""
        found = {}
        try:
            with closing(sqlite3.connect(path)) as db:
                for slot in slots:
                    row = db.execute("SELECT doc FROM docs WHERE ord = ?", (slot,)).fetchone()
                    doc = _document_of(json.loads(row[0])) if row and isinstance(row[0], str) else None
                    if doc is None or digest(doc) != self.digests[slot]:
                        raise NeedsFullExport(f"the stored document in slot {slot} is damaged")
                    found[slot] = doc
        except (sqlite3.Error, ValueError, RecursionError):
            raise NeedsFullExport("the state file is damaged") from None
        return found

    def save(self, path: Path, full: bool) -> None:
        """Write the state (all of it after a full export; the changes after a patch), in one
        transaction. (The ``ord`` column holds the slot.)"""
        if full:
            path.unlink(missing_ok=True)
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS docs"
                " (ord INTEGER PRIMARY KEY, url TEXT NOT NULL, digest BLOB NOT NULL, doc TEXT NOT NULL)"
            )
            # Base documents keep their digest too (a free slot's: NULL), checked when read.
            db.execute("CREATE TABLE IF NOT EXISTS base (ord INTEGER PRIMARY KEY, doc TEXT, digest BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS dropped (term TEXT PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO dropped VALUES (?)", ((t,) for t in sorted(self.dropped)))
            values = {
                "format": STATE_FORMAT, "token": self.token, "code": self.code,
                "stats": {"documents": self.stats.documents},
                "files": {name: sha.hex() for name, sha in self.files.items()},
                "entry_bytes": self.entry_bytes, "buckets": self.buckets, "slots": self.slots,
            }  # fmt: skip
            db.executemany("REPLACE INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in values.items()))
            db.executemany("DELETE FROM docs WHERE ord = ?", ((s,) for s in sorted(self.removed)))
            db.executemany(
                "REPLACE INTO docs VALUES (?, ?, ?, ?)",
                (
                    (s, self.urls[s], self.digests[s], json.dumps(asdict(d), ensure_ascii=False))
                    for s, d in sorted(self.changed.items())
                ),
            )
            db.executemany(
                "INSERT INTO base VALUES (?, ?, ?)",
                (
                    (s, None, None)
                    if d is None
                    else (s, json.dumps(asdict(d), ensure_ascii=False), digest(d))
                    for s, d in sorted(self.based.items())
                ),
            )
        self.changed, self.removed, self.based = {}, set(), {}


META_KEYS = frozenset({"format", "token", "code", "stats", "files", "entry_bytes", "buckets", "slots"})
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
        and _natural(meta["slots"])
        and isinstance(stats, dict)
        and set(stats) == {"documents"}
        and _natural(stats["documents"])
        and isinstance(files, dict)
        and all(_export_name(n) and isinstance(h, str) and _sha256_hex(h) for n, h in files.items())
        and stats["documents"] == len(rows)
        and all(
            _natural(row[0])
            and row[0] < meta["slots"]
            and isinstance(row[1], str)
            and isinstance(row[2], bytes)
            and len(row[2]) == 20
            for row in rows
        )
        and len({row[1] for row in rows}) == len(rows)
    ):
        return None
    return State(
        meta["token"], meta["code"], {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows},
        CorpusStats(stats["documents"]),
        {name: bytes.fromhex(sha) for name, sha in files.items()}, meta["entry_bytes"], meta["buckets"],
        meta["slots"],
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


# ---- where documents go -----------------------------------------------------------------------


@dataclass
class Layout:
    """Each document's slot (in the canonical order), which of them rank by their slot (in order),
    and the slot count."""

    slots: list[int]
    in_order: list[bool]
    count: int

    def moved(self, sections: Sequence[int]) -> list[list[int]]:
        """The manifest's moved list: [slot, the in-order slot it ranks before, section index]."""
        out: list[list[int]] = []
        following = self.count
        for i in reversed(range(len(self.slots))):
            if self.in_order[i]:
                following = self.slots[i]
            else:
                out.append([self.slots[i], following, sections[i]])
        return out[::-1]


def _increasing(values: Sequence[int]) -> list[bool]:
    """Which of ``values`` form a longest strictly increasing subsequence (the leftmost one)."""
    tails: list[int] = []  # value ending the best run of each length
    tail_at: list[int] = []  # its index
    before = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        before[i] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = v, i
    keep = [False] * len(values)
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep[i] = True
        i = before[i]
    return keep


def place(urls: Sequence[str], state: State) -> Layout:
    """Slots for the documents ``urls`` (canonical order): a kept document keeps its slot, an added
    one takes the free slot just below the next in-order document's, else a new one at the end."""
    slot_of = {url: slot for slot, url in state.urls.items()}
    known = [slot_of.get(url) for url in urls]
    kept = [i for i, s in enumerate(known) if s is not None]
    ordered = _increasing([known[i] for i in kept])
    in_order = [False] * len(urls)
    for i, keep in zip(kept, ordered, strict=True):
        in_order[i] = keep
    used = {s for s in known if s is not None}
    slots: list[int | None] = list(known)
    below = -1  # the in-order slot before each position
    lower = [0] * len(urls)
    for i in range(len(urls)):
        lower[i] = below
        if in_order[i]:
            below = known[i]  # type: ignore[assignment]
    following = state.slots
    for i in reversed(range(len(urls))):
        if in_order[i]:
            following = slots[i]  # type: ignore[assignment]
        elif known[i] is None and following - 1 > lower[i] and following - 1 not in used:
            slots[i] = following - 1
            used.add(following - 1)
            in_order[i] = True
            following -= 1
    count = state.slots
    for i, slot in enumerate(slots):
        if slot is None:
            slots[i] = count
            count += 1
    return Layout(slots, in_order, count)  # type: ignore[arg-type]


# ---- reading the previous export -------------------------------------------------------------


class Previous:
    """The previous export's files, read when needed (each at most once)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.buckets: dict[int, dict[str, Entry]] = {}

    def read(self, name: str) -> bytes:
        return fmt.unpack(name, (self.root / name).read_bytes())

    def bucket(self, number: int) -> dict[str, Entry]:
        if number not in self.buckets:
            entries = fmt.decode_bucket(self.read(fmt.bucket_name(number)))
            self.buckets[number] = {e.term: e for e in entries}
        return self.buckets[number]


# ---- the patch --------------------------------------------------------------------------------


@dataclass
class Patch:
    """Files to write into the new export (name → data), files of the old one to leave out, and
    the state that results."""

    files: dict[str, bytes]
    dropped: set[str]
    state: State


def patch(
    docs: Sequence[SearchDocument], state: State, state_path: Path, previous: Path, sections: Sections
) -> Patch:
    """Patch the export at ``previous`` for ``docs`` (of ``sections``, which must be those the
    state's ``code`` was made with); raises NeedsFullExport when it cannot.

    The main dictionary stays as the last full export wrote it; the night
    dictionary (search.format) is made afresh from every slot changed since then.
    """
    urls = [d.url for d in docs]
    if len(set(urls)) != len(urls):
        raise NeedsFullExport("two documents share a URL")
    layout = place(urls, state)
    by_slot = dict(zip(layout.slots, docs, strict=True))
    digests = {s: digest(d) for s, d in by_slot.items()}
    removed = set(state.urls) - set(by_slot)
    changed = sorted(s for s, d in digests.items() if state.digests.get(s) != d)
    if not changed and not removed:
        return Patch({}, set(), state)
    overridden = state.overridden | set(changed) | removed
    if len(overridden) > max(10, MAX_OVERRIDDEN_SHARE * len(docs)):
        raise NeedsFullExport(
            f"{len(overridden)} documents added, removed or edited since the last full export"
            " (the night dictionary is for at most 5%)"
        )
    numbers = [sections.number(d.section) for d in docs]
    moved = layout.moved(numbers)
    if len(moved) > MAX_MOVED:
        raise NeedsFullExport(f"{len(moved)} documents rank away from their slot: renumbering them all")
    tonight = sorted({*changed, *removed})
    stored = state.documents(state_path, [s for s in tonight if s in state.urls])
    stats = CorpusStats(len(docs))
    based = {s: stored.get(s) for s in overridden - state.overridden}  # as the main dictionary has them
    base = {**state.base_documents(state_path, [s for s in tonight if s in state.overridden]), **based}
    gone: list[str] = []
    main = Previous(previous)
    night = _night(Tonight(tonight, base, stored, by_slot), main, state, gone)
    files = {fmt.night_bucket_name(n): fmt.join_night_bucket(entries) for n, entries in enumerate(night)}
    removed_bytes = _drop_from_main(main, state.buckets, gone, files)
    shards = {s // fmt.DOC_SHARD for s in tonight}
    rows = {s: _row(d, sections) for s, d in by_slot.items() if s // fmt.DOC_SHARD in shards}
    write_rows(rows, layout.count, files.__setitem__, only=(*changed, *removed))
    hashes = dict(state.files)
    dropped = {name for name in state.files if name.startswith("n/") and name not in files}
    dropped |= {fmt.shard_name(s) for s in removed if fmt.shard_name(s) not in files}
    for name in dropped:
        hashes.pop(name, None)
    files = {name: data for name, data in files.items() if hashes.get(name) != hashlib.sha256(data).digest()}
    hashes.update((name, hashlib.sha256(data).digest()) for name, data in files.items())
    version = export_version(hashes.items())
    in_order = (numbers[i] if layout.in_order[i] else None for i in range(len(docs)))
    ranges = section_ranges(_by_slot(layout.slots, in_order, layout.count), sections.names)
    files[MANIFEST] = manifest(
        len(docs), layout.count, ranges, state.buckets, version, sections.names, moved, len(night)
    )
    result = State(
        version, state.code, {s: d.url for s, d in by_slot.items()}, digests, stats, hashes,
        state.entry_bytes - removed_bytes, state.buckets, layout.count, overridden,
    )  # fmt: skip
    result.dropped = state.dropped | set(gone)
    result.changed = {s: by_slot[s] for s in changed}
    result.removed = removed
    result.based = based
    return Patch(files, dropped, result)


@dataclass
class Tonight:
    """The slots changed or freed tonight, with their documents at the last full export
    (``base``), last night (``before``) and now (``after``); a slot missing from one, or None in
    it, was or is free."""

    slots: Sequence[int]
    base: dict[int, SearchDocument | None]
    before: dict[int, SearchDocument]
    after: dict[int, SearchDocument]

    def moves(self) -> tuple[dict[str, list[int]], Levels, Levels, Levels]:
        """Term → the slots whose level of it changed tonight; and every slot's levels at the
        last full export, last night and now."""
        scorers = field_scorers()
        was, last, now = {}, {}, {}
        for s in self.slots:
            before = self.before.get(s)
            last[s] = _levels(before, scorers)
            base = self.base.get(s)
            was[s] = last[s] if base is before else _levels(base, scorers)
            now[s] = _levels(self.after.get(s), scorers)
        moves: dict[str, list[int]] = {}
        for s in self.slots:
            old, new = last[s], now[s]
            for term in old.keys() | new.keys():
                if old.get(term) != new.get(term):
                    moves.setdefault(term, []).append(s)
        return moves, was, last, now


Levels = dict[int, dict[str, int]]  # slot → term → its posting's level


def _levels(doc: SearchDocument | None, scorers: dict[str, FieldScorer]) -> dict[str, int]:
    # (a term a document has in no field where it is looked up has no posting of it)
    return {} if doc is None else IndexedDocument.of(doc).levels(scorers)


def _night(
    tonight: Tonight, previous: Previous, state: State, gone: list[str]
) -> list[list[tuple[str, bytes]]]:
    """The night dictionary's buckets: last night's, with the postings of the terms whose level
    changed tonight in some slot made again. For each term, every slot overridden since the last
    full export counts with its posting now where it differs from the main dictionary's (all of
    them when the main dictionary has not the term). Terms no document has any more are put in
    ``gone``, to be dropped from the main dictionary."""
    entries = _last_night(previous, state)
    moves, was, last, now = tonight.moves()
    for term in sorted(moves):
        encoded = entries.pop(term, None)
        entry = fmt.decode_night_bucket(encoded)[0] if encoded else None
        main = (
            None if term in state.dropped else previous.bucket(fmt.bucket_of(term, state.buckets)).get(term)
        )
        df = entry.df if entry else main.df if main else 0
        voids = set(entry.voids) if entry else set()
        adds = fmt.decode_postings(entry.postings) if entry else {}
        for slot in moves[term]:
            first, old, new = was[slot].get(term), last[slot].get(term), now[slot].get(term)
            df += (new is not None) - (old is not None)
            voids.discard(slot)
            adds.pop(slot, None)
            if main is not None and first is not None and first != new:
                voids.add(slot)
            if new is not None and (main is None or first != new):
                adds[slot] = new
        if df < 0:
            raise NeedsFullExport(f"the main dictionary does not hold what the state says of {term!r}")
        if df == 0:
            # No record has it now: it leaves the main dictionary (no withdrawn record's number or
            # name may stay in any file), unless it left on an earlier night. A chunked term may be
            # the base of terms stored as its corrections (search.format), which need it in place.
            if main is not None and main.firsts:
                raise NeedsFullExport(
                    f"{term!r}, a term other terms may be stored against, is in no record any more"
                )
            if main is not None:
                gone.append(term)
            continue
        if voids or adds:  # else the main dictionary's postings are right again
            slots = sorted(adds)
            postings = fmt.encode_postings(slots, [adds[s] for s in slots])
            entries[term] = NightEntry(term, df, tuple(sorted(voids)), postings).encode()
    count = fmt.bucket_count(sum(map(len, entries.values()))) if entries else 0
    grouped: list[list[tuple[str, bytes]]] = [[] for _ in range(count)]
    for term, encoded in entries.items():
        grouped[fmt.bucket_of(term, count)].append((term, encoded))
    return grouped


def _last_night(previous: Previous, state: State) -> dict[str, bytes]:
    """The previous export's night dictionary, term → its entry encoded, each bucket checked
    against the digest the state holds of it (tonight's is made from it)."""
    count = sum(name.startswith("n/") for name in state.files)
    entries: dict[str, bytes] = {}
    for number in range(count):
        name = fmt.night_bucket_name(number)
        data = previous.read(name)
        if state.files.get(name) != hashlib.sha256(data).digest():
            raise NeedsFullExport(f"{name} is not the night dictionary's bucket the state describes")
        for term, encoded in fmt.split_night_bucket(data):
            if fmt.bucket_of(term, count) != number or term in entries:
                raise NeedsFullExport(f"{name} is not the night dictionary's bucket the state describes")
            entries[term] = encoded
    return entries


def _drop_from_main(previous: Previous, buckets: int, gone: list[str], files: dict[str, bytes]) -> int:
    """Rewrite the main buckets holding ``gone`` terms without them, into ``files``; return the
    bytes of the entries dropped. A gone term is never chunked (a chunked term in no record means a
    full export, see _night), so no chunk file goes and no chunked term's rank, which names its
    chunk files, moves."""
    by_bucket: dict[int, list[str]] = {}
    for term in gone:
        by_bucket.setdefault(fmt.bucket_of(term, buckets), []).append(term)
    removed_bytes = 0
    for number, terms in sorted(by_bucket.items()):
        entries = dict(previous.bucket(number))
        for term in terms:
            removed_bytes += len(entries.pop(term).encode())
        files[fmt.bucket_name(number)] = fmt.encode_bucket(entries.values())
    return removed_bytes


def _by_slot(slots: Sequence[int], values: Iterable[int | None], count: int) -> list[int | None]:
    out: list[int | None] = [None] * count
    for slot, value in zip(slots, values, strict=True):
        out[slot] = value
    return out


def _row(doc: SearchDocument, sections: Sections) -> list:
    # the stored fields a full export reads back
    return document_row(index_fields(0, doc, sections.snippet_chars(doc.section)), sections)


# ---- the writer's entry point ----------------------------------------------------------------


@dataclass
class Outcome:
    """What a build does with the export written: keep ``kept`` beside it, and :meth:`commit`
    its state once the whole site is ready. Small when the export was made afresh (its state
    is already saved aside), so a child process that made it hands it back cheaply."""

    written: int  # files written into the new export
    kept: list[str]  # files of the previous export that stay (relative to the export folder)
    token: str  # the new export's version, which the build record names
    state: State | None  # a patch's changes to the saved state; None: saved whole (prepared_path)
    reason: str = ""  # why not patched, when made afresh

    @property
    def full(self) -> bool:
        """Exported afresh."""
        return self.state is None

    def commit(self, path: Path) -> None:
        """Put the state at ``path`` (the ``state_path`` the export was given), where the next
        build looks for it."""
        if self.state is not None:
            self.state.save(path, full=False)
        else:
            prepared_path(path).replace(path)


def prepared_path(state_path: Path) -> Path:
    """Where a full export's state is saved until the build commits it."""
    return state_path.with_name(state_path.name + ".new")


def write_export(
    docs: Sequence[SearchDocument],
    export: Path,
    previous: Path | None,
    state: State | None,
    state_path: Path,
    code: str,
    sections: Sections,
) -> Outcome:
    """Write the export for ``docs`` (of ``sections``) into the empty folder ``export``: the files
    that differ from ``previous`` when ``state`` allows a patch, else all of them. ``code`` must
    change whenever the export's format or ``sections`` does (the state is only used with its own).
    A full export saves its state beside ``state_path`` (:func:`prepared_path`), a patch
    returns its changes: :meth:`Outcome.commit` puts either in place."""
    patched = patch_export(docs, export, previous, state, state_path, sections)
    if isinstance(patched, Outcome):
        return patched
    return full_export(docs, export, state_path, code, sections, patched)


def patch_export(
    docs: Sequence[SearchDocument],
    export: Path,
    previous: Path | None,
    state: State | None,
    state_path: Path,
    sections: Sections,
) -> Outcome | str:
    """:func:`write_export`'s patch: its outcome, or why a full export is needed instead (then
    nothing is written). A build can make that full export in another process."""
    prepared_path(state_path).unlink(missing_ok=True)  # left by a build that died before its commit
    reason = "no previous export" if previous is None else "no usable state of it" if state is None else ""
    if not reason and served_version(previous) != state.token:
        # A build that died after saving its state but before switching its tree in: the export
        # served is an older one than the state describes.
        reason = "the previous export is not the one its state describes"
    if reason:
        return reason
    try:
        result = patch(docs, state, state_path, previous, sections)
    except NeedsFullExport as why:
        return str(why)
    except (OSError, EOFError, zlib.error, ValueError, KeyError, IndexError) as damage:
        # A previous file that is not what the export wrote (edited, truncated, gone): start afresh.
        return f"the previous export is damaged ({type(damage).__name__})"
    for name, data in result.files.items():
        target = export / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fmt.pack(name, data))
    old = (*state.files, MANIFEST)
    kept = [name for name in old if name not in result.files and name not in result.dropped]
    return Outcome(len(result.files), kept, result.state.token, result.state)


def full_export(
    docs: Sequence[SearchDocument], export: Path, state_path: Path, code: str, sections: Sections, reason: str
) -> Outcome:
    """Every file of the export for ``docs``, made afresh (for ``reason``), and its state saved
    aside (:func:`prepared_path`; saving it whole replaces one a build that died left there)."""
    stats = _full_export(docs, export, sections)
    state = State(
        stats.version, code, {}, {}, stats.stats, dict(stats.files), stats.entry_bytes, stats.buckets, stats.slots,
    )  # fmt: skip
    slots, _ = fmt.clean_slots([sections.number(d.section) for d in docs])
    state.urls = {s: d.url for s, d in zip(slots, docs, strict=True)}
    state.digests = {s: digest(d) for s, d in zip(slots, docs, strict=True)}
    state.changed = dict(zip(slots, docs, strict=True))
    state.save(prepared_path(state_path), full=True)
    return Outcome(len(stats.files) + 1, [], stats.version, None, reason)


def served_version(export: Path) -> str | None:
    """The version an export's manifest names (None: no readable manifest)."""
    try:
        return fmt.Manifest.decode((export / MANIFEST).read_bytes()).version
    except (OSError, ValueError, KeyError, TypeError):  # FormatError is a ValueError
        return None


def _full_export(docs: Sequence[SearchDocument], export: Path, sections: Sections) -> ExportStats:
    return export_documents(docs, export, sections)
