"""The static search export's files, byte by byte: the one place that encodes and decodes them.

search.export writes a whole export with these functions, search.update
patches one with them, and site/static/js/search.js reads what they write
(tests/search/test_format.py encodes here and decodes there). docs/search.md
describes the format for anyone re-using the files.

An export folder holds::

    manifest.json              counts, sections, moved slots, bucket count, levels, versions
    t/<bucket>.bin             term dictionary: the terms whose CRC-32 falls in the bucket
    p/<bucket>-<k>-<slot>.bin  a postings chunk of the k-th chunked term of the bucket,
                               starting at that slot
    d/<shard>.bin              result rows, DOC_SHARD slots per file
    n/<bucket>.bin             the night dictionary: what records changed since the last full
                               export do to the terms of the main dictionary (t/ and p/)

Every file but the manifest is gzipped (mtime 0, no name: the same data gives
the same bytes). Documents are numbered by **slot**, and equal scores rank by
slot, so slots follow the canonical order (section, newest first, URL) with
room to spare (:func:`clean_slots`): each section starts with a free run as
long as the section (new records are mostly the newest: they take the slots
just before the first), and its documents take every other slot after it (a
record published late, ranking between two others, takes the free slot
between them). An update (search.update) keeps every remaining document's
slot, leaves a removed document's slot free, and gives an added one the free
slot just before the document it ranks before; only when there is none does
it take a new slot at the end, listed in the manifest's ``moved`` with where
it ranks, so the ranking stays the canonical one.

Integers are unsigned LEB128 varints. A bucket is a run of entries sorted by
the term's UTF-8 bytes; an entry is ``len(term) term df shape``, where ``shape``
is twice the number of chunks, plus one for an entry stored as a correction.
Then, when it has no chunks, ``len(postings) postings``; with chunks, the first
slot of each chunk (``first (delta)*(chunks-1)``); a correction is ``len(base)
base rank firsts len(voids) voids len(postings) postings``: the term's postings
are those of the term ``base`` (an entry of the main dictionary that is no
correction, whose chunks, ``rank``-th chunked entry of its bucket, start at
``firsts``: the reader names its chunk files without reading its bucket) but
the voids (slots, ascending, delta-coded), plus its own. A chunked term never
leaves the main dictionary on an update (search.update), so a base's files keep
their names until the next full export. The exporter
stores a frequent term so when it differs from a more frequent one in few
postings (the bigrams of a set phrase: 有限 限公 公司, 犯注 标专 用权), so a
query holding both reads their postings once. Postings are ``count (slot_delta)* (level)*``
by ascending slot, the first delta from 0, each level one byte standing for
``levels[level]`` (search.scoring). A term's idf is not stored: the reader
computes it from ``df`` and the manifest's document count (search.scoring.idf_value),
so a change in the document count rewrites no bucket.

The **night dictionary** (``n/``, ``night_buckets`` in the manifest, 0 when
empty) lets an update leave the main dictionary alone: records added, removed
or edited since the last full export would otherwise reach nearly every
bucket (each record has hundreds of terms, hashed all over). A night entry is
``len(term) term df len(voids) voids len(postings) postings``: the term's
whole document frequency, the slots whose postings in the main dictionary no
longer count (ascending, delta-coded) and the postings that count instead
(inline, as above). A term's postings are the main ones but the voids, plus
the night ones; a df of 0 means the term is gone. Its bucket is
``crc32(utf8(term)) mod night_buckets``.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, groupby, islice, pairwise

FORMAT_VERSION = 6  # 5: the night dictionary, two streams; 6: terms stored as corrections of others
MANIFEST = "manifest.json"
EXACT_PREFIX = "="  # whole identifiers: "=" + the normalised number or code
INLINE_BYTES = 768  # postings this small stay inside the term's bucket (fewer files)
CHUNK_POSTINGS = 1024  # average postings per chunk file of a frequent term (≈ 2 KB)
MAX_CHUNK = 4  # a chunk holds at most this many times CHUNK_POSTINGS postings
CORRECTION_BYTES = 1024  # a chunked term is stored as a correction of another if it takes at most this
BUCKET_BYTES = 2048  # target average size of a term bucket
DOC_SHARD = 4  # slots per result-row file (two documents: they take every other slot)


# ---- integers ---------------------------------------------------------------------------------


def varint(value: int) -> bytes:
    if value < 0:
        raise ValueError(f"varints are unsigned: {value}")
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


class FormatError(ValueError):
    """The bytes are not what this module writes."""


class Reader:
    """Reads varints and byte strings from ``data``, from the start."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def done(self) -> bool:
        return self.at >= len(self.data)

    def varint(self) -> int:
        value = shift = 0
        while True:
            if self.at >= len(self.data):
                raise FormatError("a varint runs past the end")
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def take(self, size: int) -> bytes:
        if self.at + size > len(self.data):
            raise FormatError("a field runs past the end")
        self.at += size
        return self.data[self.at - size : self.at]


_VARINTS = tuple(varint(n) for n in range(1 << 14))  # deltas of one or two bytes, ready-made
_BYTES = tuple(bytes((n,)) for n in range(256))


# ---- postings ---------------------------------------------------------------------------------


def encode_postings(slots: Sequence[int], levels: Sequence[int]) -> bytes:
    """Postings sorted by slot → bytes: their count, the slot deltas, then the level bytes (two
    streams, not pairs: each compresses better alone)."""
    if not slots:
        return b""  # no postings, no bytes
    deltas = [b - a for a, b in zip([0, *slots], slots, strict=False)]
    count = _VARINTS[len(deltas)] if len(deltas) < len(_VARINTS) else varint(len(deltas))
    if max(deltas, default=0) < 0x80:  # the usual case: one byte per delta, at C speed
        return count + bytes(deltas) + bytes(levels)
    pieces = [_VARINTS[d] if d < len(_VARINTS) else varint(d) for d in deltas]
    return count + b"".join(pieces) + bytes(levels)


def decode_postings(data: bytes) -> dict[int, int]:
    """Postings bytes → slot → level."""
    if not data:
        return {}
    reader = Reader(data)
    count = reader.varint()
    start = reader.at
    if len(data) == start + 2 * count and max(data[start : start + count], default=0) < 0x80:
        return dict(zip(accumulate(data[start : start + count]), data[start + count :], strict=True))
    deltas, value, shift, at = [], 0, 0, start  # Reader.varint inlined: the export decodes millions
    try:
        while len(deltas) < count:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                deltas.append(value)
                value = shift = 0
            else:
                shift += 7
    except IndexError:
        raise FormatError("a varint runs past the end") from None
    reader.at = at
    levels = reader.take(count)
    if not reader.done():
        raise FormatError("postings run on past their levels")
    return dict(zip(accumulate(deltas), levels, strict=True))


def posting_count(data: bytes) -> int:
    """How many postings encoded postings hold (their first varint)."""
    return Reader(data).varint() if data else 0


def _cuts_before(slot: int) -> bool:
    """Whether a chunk starts at this posting: one slot in CHUNK_POSTINGS, chosen by a hash of the
    slot alone, so that adding or removing a posting changes its own chunk and no other."""
    return zlib.crc32(slot.to_bytes(8, "little")) % CHUNK_POSTINGS == 0


def cut_table(slots: int) -> bytes:
    """_cuts_before of every slot below ``slots``, one byte each (computed once per export)."""
    return bytes(_cuts_before(slot) for slot in range(slots))


def split_postings(levels: dict[int, int], cuts: bytes = b"") -> tuple[bytes, list[tuple[int, bytes]]]:
    """A term's postings (slot → level): inline bytes, or chunks as (first slot, bytes).

    Chunks end where the content says (see _cuts_before; ``cuts`` is cut_table
    of the slots, when at hand) or after MAX_CHUNK × CHUNK_POSTINGS postings,
    never at a fixed count: so a posting added or removed rewrites one chunk,
    not every chunk after it.
    """
    slots = sorted(levels)
    values = [levels[s] for s in slots]
    if len(slots) * 2 < INLINE_BYTES:  # each posting takes two bytes or more, and the count one
        inline = encode_postings(slots, values)
        if len(inline) <= INLINE_BYTES:
            return inline, []
    if slots[-1] < len(cuts):
        flags: Iterable[int | bool] = map(cuts.__getitem__, slots)
    else:
        flags = map(_cuts_before, slots)
    starts = [0]
    longest = MAX_CHUNK * CHUNK_POSTINGS
    for i in compress(range(len(slots)), flags):
        while i - starts[-1] > longest:
            starts.append(starts[-1] + longest)
        if i > starts[-1]:
            starts.append(i)
    while len(slots) - starts[-1] > longest:
        starts.append(starts[-1] + longest)
    ends = [*starts[1:], len(slots)]
    return b"", [
        (slots[a], encode_postings(slots[a:b], values[a:b])) for a, b in zip(starts, ends, strict=True)
    ]


# ---- the term dictionary ----------------------------------------------------------------------


@dataclass
class Entry:
    """One term of the dictionary: its postings inline, or the first slot of each of its chunks,
    or (``base`` set) another term's postings but ``voids``, plus ``inline`` (see the module's
    docstring: a term nearly the same as a more frequent one is stored as a correction of it)."""

    term: str
    df: int
    inline: bytes = b""
    firsts: tuple[int, ...] = ()  # of its chunks; of its base's chunks for a correction
    base: str = ""
    voids: tuple[int, ...] = ()
    rank: int = 0  # a correction's base's rank among the chunked entries of its bucket

    def encode(self) -> bytes:
        term = self.term.encode("utf-8")
        head = varint(len(term)) + term + varint(self.df) + varint(2 * len(self.firsts) + bool(self.base))
        if self.base and not self.firsts:
            raise ValueError(f"the correction {self.term!r} needs its base's chunk starts")
        if not self.firsts:
            return head + varint(len(self.inline)) + self.inline
        firsts = b"".join(map(varint, (self.firsts[0], *(b - a for a, b in pairwise(self.firsts)))))
        if not self.base:
            return head + firsts
        base = self.base.encode("utf-8")
        fix = encode_voids(self.voids) + varint(len(self.inline)) + self.inline
        return head + varint(len(base)) + base + varint(self.rank) + firsts + fix


def encode_voids(voids: Sequence[int]) -> bytes:
    """``count (slot delta)*``, ascending, the first delta from 0."""
    deltas = (b - a for a, b in zip((0, *voids), voids, strict=False))
    return varint(len(voids)) + b"".join(_VARINTS[d] if d < len(_VARINTS) else varint(d) for d in deltas)


def _decode_voids(reader: Reader) -> tuple[int, ...]:
    return tuple(accumulate(reader.varint() for _ in range(reader.varint())))


def correction(base: dict[int, int], levels: dict[int, int]) -> tuple[tuple[int, ...], bytes]:
    """What turns the postings ``base`` (slot → level) into ``levels``: the slots of ``base`` that
    do not count (ascending) and the postings that count instead (encoded)."""
    found = correction_within(base, levels, len(base) + len(levels))
    assert found is not None  # no correction has more voids and adds than both have postings
    return found


def correction_within(
    base: dict[int, int], levels: dict[int, int], most: int
) -> tuple[tuple[int, ...], bytes] | None:
    """:func:`correction`, or None as soon as it has more than ``most`` voids and added postings
    (each takes a byte or more). The exporter tries thousands of bases whose postings differ
    almost everywhere (112,000 postings apart at 100,000 records): they are given up within
    ``most`` differences instead of being compared whole (32 of a full export's 176 s)."""
    # A pair of base's not in levels is void, a pair of levels' not in base is added; a pair's
    # membership in a dict's items is one lookup.
    if most < 0:
        return None
    theirs, mine = base.items(), levels.items()
    voids = list(islice((s for s, v in theirs if (s, v) not in mine), most + 1))
    if len(voids) > most:
        return None
    adds = list(islice(((s, v) for s, v in mine if (s, v) not in theirs), most + 1 - len(voids)))
    if len(voids) + len(adds) > most:
        return None
    voids.sort()
    adds.sort()
    return tuple(voids), encode_postings([s for s, _ in adds], [v for _, v in adds])


def corrected(postings: dict[int, int], voids: Iterable[int], adds: bytes) -> dict[int, int]:
    """``postings`` but the ``voids``, plus the encoded ``adds``, by ascending slot."""
    gone = set(voids)
    kept = {s: v for s, v in postings.items() if s not in gone}
    return dict(sorted({**kept, **decode_postings(adds)}.items()))


def bucket_of(term: str, buckets: int) -> int:
    """The term's bucket: CRC-32 of its UTF-8 bytes modulo the bucket count (search.js does the same)."""
    return zlib.crc32(term.encode("utf-8")) % buckets


def bucket_count(entry_bytes: int) -> int:
    """A power of two that keeps the buckets near BUCKET_BYTES on average."""
    buckets = 1
    while entry_bytes / buckets > BUCKET_BYTES:
        buckets *= 2
    return buckets


def encode_bucket(entries: Iterable[Entry]) -> bytes:
    """A bucket file's data: its entries sorted by term bytes."""
    return b"".join(data for _, data in sorted((e.term.encode("utf-8"), e.encode()) for e in entries))


def decode_bucket(data: bytes) -> list[Entry]:
    """A bucket file's entries, in file order."""
    reader, entries = Reader(data), []
    while not reader.done():
        term = reader.take(reader.varint()).decode("utf-8")
        df, shape = reader.varint(), reader.varint()
        chunks = shape >> 1
        if shape & 1:
            base, rank = reader.take(reader.varint()).decode("utf-8"), reader.varint()
            firsts = tuple(accumulate(reader.varint() for _ in range(chunks)))
            voids = _decode_voids(reader)
            fix = reader.take(reader.varint())
            entries.append(Entry(term, df, fix, firsts, base, voids, rank))
        elif chunks == 0:
            entries.append(Entry(term, df, inline=reader.take(reader.varint())))
        else:
            entries.append(Entry(term, df, firsts=tuple(accumulate(reader.varint() for _ in range(chunks)))))
    return entries


@dataclass(frozen=True)
class NightEntry:
    """What the changed records do to one term: its df now, the main dictionary's postings that no
    longer count (``voids``, ascending slots) and the postings that count instead."""

    term: str
    df: int
    voids: tuple[int, ...] = ()
    postings: bytes = b""

    def encode(self) -> bytes:
        term = self.term.encode("utf-8")
        head = varint(len(term)) + term + varint(self.df) + encode_voids(self.voids)
        return head + varint(len(self.postings)) + self.postings


def encode_night_bucket(entries: Iterable[NightEntry]) -> bytes:
    return join_night_bucket((e.term, e.encode()) for e in entries)


def join_night_bucket(encoded: Iterable[tuple[str, bytes]]) -> bytes:
    """A night bucket's data from its entries already encoded (term, bytes), sorted by term bytes."""
    return b"".join(data for _, data in sorted((term.encode("utf-8"), data) for term, data in encoded))


def decode_night_bucket(data: bytes) -> list[NightEntry]:
    reader, entries = Reader(data), []
    while not reader.done():
        term = reader.take(reader.varint()).decode("utf-8")
        df, voids = reader.varint(), _decode_voids(reader)
        entries.append(NightEntry(term, df, voids, reader.take(reader.varint())))
    return entries


def split_night_bucket(data: bytes) -> list[tuple[str, bytes]]:
    """A night bucket's entries as (term, its encoded entry), undecoded: an update keeps most of
    them as they are (:func:`decode_night_bucket` reads one when needed)."""
    reader, entries = Reader(data), []
    while not reader.done():
        start = reader.at
        term = reader.take(reader.varint()).decode("utf-8")
        reader.varint()  # df
        count = reader.varint()
        if reader.at + count <= len(data) and max(data[reader.at : reader.at + count], default=0) < 0x80:
            reader.at += count  # one byte per void slot's delta, the usual case
        else:
            for _ in range(count):
                reader.varint()
        reader.take(reader.varint())  # the postings
        entries.append((term, data[start : reader.at]))
    return entries


def night_bucket_name(bucket: int) -> str:
    return f"n/{bucket}.bin"


def read_terms(read: Callable[[str], bytes], manifest: Manifest) -> dict[str, tuple[int, dict[int, int]]]:
    """Every term of an export as a query sees it (what search.js's entry and postings give):
    term → (df, slot → level), the main postings but the night voids, plus the night ones; a
    term whose night df is 0 is left out. ``read(name)`` gives a file's unpacked data."""
    night: dict[str, NightEntry] = {}
    for number in range(manifest.night_buckets):
        night.update((e.term, e) for e in decode_night_bucket(read(night_bucket_name(number))))
    terms: dict[str, tuple[int, dict[int, int]]] = {}
    for number in range(manifest.buckets):
        entries = decode_bucket(read(bucket_name(number)))
        files = dict(chunk_names(number, entries))
        for entry in entries:
            if entry.base:
                base = [read(name) for name in base_chunk_names(entry, manifest.buckets)]
                postings = {s: v for part in base for s, v in decode_postings(part).items()}
                terms[entry.term] = (entry.df, corrected(postings, entry.voids, entry.inline))
                continue
            parts = [read(name) for name in files[entry.term]] if entry.firsts else [entry.inline]
            terms[entry.term] = (entry.df, {s: v for part in parts for s, v in decode_postings(part).items()})
    for term, entry in night.items():
        _, postings = terms.pop(term, (0, {}))
        if entry.df:
            terms[term] = (entry.df, corrected(postings, entry.voids, entry.postings))
    return terms


def chunk_names(bucket: int, entries: Iterable[Entry]) -> Iterator[tuple[str, list[str]]]:
    """(term, its chunk file names) for each chunked entry of a bucket (corrections, which name
    their base's chunk files, left out), in term order."""
    chunked = sorted((e.term.encode("utf-8"), e) for e in entries if e.firsts and not e.base)
    for k, (_, entry) in enumerate(chunked):
        yield entry.term, [chunk_name(bucket, k, first) for first in entry.firsts]


def base_chunk_names(entry: Entry, buckets: int) -> list[str]:
    """The chunk files of a correction's base."""
    return [chunk_name(bucket_of(entry.base, buckets), entry.rank, first) for first in entry.firsts]


def chunk_name(bucket: int, k: int, first: int) -> str:
    return f"p/{bucket}-{k}-{first}.bin"


def bucket_name(bucket: int) -> str:
    return f"t/{bucket}.bin"


# ---- slots ------------------------------------------------------------------------------------


def clean_slots(sections: Sequence[int]) -> tuple[list[int], int]:
    """The slots of documents in the canonical order, given each one's section index, and the
    slot count: per section, a free run as long as the section (at least MIN_GAP), then its
    documents on every other slot."""
    slots: list[int] = []
    next_free = 0
    for _, run in groupby(sections):
        count = len(list(run))
        start = next_free + max(MIN_GAP, count)
        slots.extend(range(start, start + 2 * count, 2))
        next_free = start + 2 * count
    return slots, next_free


MIN_GAP = 64  # free slots before a section, at least


# ---- result rows ------------------------------------------------------------------------------


def shard_name(slot: int) -> str:
    return f"d/{slot // DOC_SHARD}.bin"


def encode_rows(rows: Sequence[list | None]) -> bytes:
    """One shard's rows, by slot: [url, section index, title, date, snippet text] and, for a
    record with English text, [English title, English snippet text] more; null for an empty slot."""
    return _json(list(rows))


def decode_rows(data: bytes) -> list[list | None]:
    rows = json.loads(data.decode("utf-8"))
    if not isinstance(rows, list) or not all(r is None or isinstance(r, list) for r in rows):
        raise FormatError("a shard is a JSON list of rows")
    return rows


# ---- the manifest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    """What search.js reads first. ``sections`` gives each non-empty section's slot range
    [name, first slot, span] (in-order slots only; empty slots may fall inside); ``moved`` the
    slots that rank elsewhere than their number says: [slot, the in-order slot it ranks just
    before (``slots`` for the end), section index], in the canonical order (so several before
    the same slot rank in list order)."""

    version: str
    documents: int  # documents in the export (the idf's N)
    slots: int  # slot numbers in use: 0 … slots - 1
    sections: list[list]
    section_names: tuple[str, ...]
    buckets: int
    levels: tuple[int, ...]
    moved: list[list[int]] = field(default_factory=list)
    night_buckets: int = 0  # buckets of the night dictionary (0: there is none)

    def encode(self) -> bytes:
        return _json(
            {
                "format": FORMAT_VERSION,
                "version": self.version,
                "documents": self.documents,
                "slots": self.slots,
                "sections": self.sections,
                "sectionNames": list(self.section_names),  # rows give a section as an index into this
                "buckets": self.buckets,
                "docShard": DOC_SHARD,
                "levels": list(self.levels),
                "moved": self.moved,
                "nightBuckets": self.night_buckets,
            }
        )

    @classmethod
    def decode(cls, data: bytes) -> Manifest:
        value = json.loads(data.decode("utf-8"))
        if not isinstance(value, dict) or value.get("format") != FORMAT_VERSION:
            raise FormatError(f"not a format {FORMAT_VERSION} manifest")
        return cls(
            value["version"], value["documents"], value["slots"], value["sections"],
            tuple(value["sectionNames"]), value["buckets"], tuple(value["levels"]), value["moved"],
            value.get("nightBuckets", 0),
        )  # fmt: skip


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# ---- files ------------------------------------------------------------------------------------


def pack(name: str, data: bytes) -> bytes:
    """A file's bytes on disk: gzipped, but for the manifest."""
    return data if name == MANIFEST else gzip.compress(data, compresslevel=9, mtime=0)


def unpack(name: str, data: bytes) -> bytes:
    return data if name == MANIFEST else gzip.decompress(data)
