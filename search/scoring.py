"""Per-term document weights (BM25F), quantised: the one ranking of both search paths.

A document's score for a query term is ``idf(term) × level_value(term, doc)``,
summed over the query's terms; both factors are integers, so the browser
(summing what the export stored) and search.query (summing what this module
computes from the index) get the same total in any order, and equal totals
are ordered by the document's position in the canonical order (``ord``).

* ``idf`` is one per term (BM25F: the term's documents over all text fields,
  ``log(N / (df + 1)) + 1``), stored in the term's dictionary entry as an
  integer, :data:`IDF_SCALE` per unit.
* the level is the document's saturated term frequency summed over the text
  fields with their boosts, ``Σ boost × tf (K1 + 1) / (tf + K1 (1 − B + B dl / avgdl))``,
  quantised to one byte on a log scale; the byte stands for an integer from
  :data:`LEVELS`. ``dl`` is Whoosh's stored (one-byte) field length;
  ``avgdl`` is a constant per field (:data:`AVERAGE_LENGTH`), not measured on
  the corpus.

A document's level depends on that document alone, and a term's idf on ``N``
and ``df`` (the browser computes it from the two): so editing one record
changes its own postings and the idf of terms it gains or loses, nothing
else (search.update relies on it).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import log

from whoosh.reading import IndexReader, TermNotFound

from search.schema import EXACT_FIELD, FIELD_BOOSTS, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD

Q_MIN = 0.08  # weight of level 0; smaller weights are level 0 too
Q_STEP = 1.037  # ratio between consecutive levels (≈ 3.7 %): level 255 is ≈ 850
LEVELS: tuple[int, ...] = tuple(round(1000 * Q_MIN * Q_STEP**i) for i in range(256))
# Level i covers weights from BOUNDS[i - 1] up to BOUNDS[i]: the nearest level on the log scale.
BOUNDS: tuple[float, ...] = tuple(Q_MIN * Q_STEP ** (i + 0.5) for i in range(255))

EXACT_OWN, EXACT_MENTION = 2, 1  # a record's own number ranks above a mention of it
K1 = 1.2
# B is low for the short head and its characters: their length says little about relevance.
B: dict[str, float] = {"head": 0.3, "meta": 0.75, "body": 0.75, UNIGRAM_FIELD: 0.3}
IDF_SCALE = 16  # stored idf = round(idf × IDF_SCALE): one step is 1/16 of a unit


def fields_of(term: str) -> tuple[str, ...]:
    """Where a query term is looked up: one character in the head's characters, n-grams in the text fields."""
    return (UNIGRAM_FIELD,) if len(term) == 1 else TEXT_FIELDS


def idf_value(df: int, documents: int) -> int:
    """The stored integer idf of a term found in ``df`` of ``documents`` documents."""
    return max(1, round(IDF_SCALE * (log(documents / (df + 1)) + 1)))


# BM25's average field lengths (stored lengths, in tokens), fixed rather than measured: measured,
# they move with every record added or withdrawn, and each move changes every document's level,
# which a night could only follow by exporting everything afresh. They only set how much a long
# field is discounted, so values of the right size rank as well; these are the sample content's
# and the synthetic registers' (a penalty's head ≈ 40, meta ≈ 34, body ≈ 250, head characters ≈ 21).
AVERAGE_LENGTH: Mapping[str, float] = {"head": 40.0, "meta": 34.0, "body": 250.0, UNIGRAM_FIELD: 21.0}


@dataclass(frozen=True)
class CorpusStats:
    """What the ranking needs of the corpus as a whole: its document count (for idf)."""

    documents: int

    @classmethod
    def of(cls, reader: IndexReader) -> CorpusStats:
        return cls(reader.doc_count())


class FieldScorer:
    """The saturated, boosted term frequency of one field, memoised per (tf, dl) pair."""

    def __init__(self, field: str) -> None:
        self.boost = FIELD_BOOSTS.get(field, 1.0)
        self.b = B[field]
        self.average = AVERAGE_LENGTH[field]
        self.memo: dict[tuple[float, int], float] = {}

    def __call__(self, tf: float, length: int) -> float:
        key = (tf, length)
        value = self.memo.get(key)
        return self.compute(key) if value is None else value

    def compute(self, key: tuple[float, int]) -> float:
        tf, length = key
        norm = K1 * ((1 - self.b) + self.b * length / self.average)
        value = self.memo[key] = self.boost * (tf * (K1 + 1)) / (tf + norm)
        return value


def field_scorers() -> dict[str, FieldScorer]:
    """A scorer for each field a term is looked up in: the text fields, then the unigram one."""
    return {f: FieldScorer(f) for f in (*TEXT_FIELDS, UNIGRAM_FIELD)}


def level(weight: float) -> int:
    """The byte standing for ``weight``."""
    return bisect_right(BOUNDS, weight)


@dataclass(frozen=True)
class Tables:
    """Per-document values read once: each docnum's ``ord`` and its field lengths."""

    ords: array
    lengths: dict[str, array]

    @classmethod
    def load(cls, reader: IndexReader) -> Tables:
        count = reader.doc_count_all()
        ords = array("I", bytes(4 * count))
        for docnum, stored in reader.iter_docs():
            ords[docnum] = stored["ord"]
        # Whoosh returns None for an empty field; such a document has no posting in it.
        lengths = {
            field: array("I", (reader.doc_field_length(d, field, 1) or 1 for d in range(count)))
            for field in (*TEXT_FIELDS, UNIGRAM_FIELD)
        }
        return cls(ords, lengths)


class TermWeights:
    """Reads a Whoosh index's postings as ``{ord: level}`` per term, and the term's idf.

    ``tables`` (loaded from the index when not given) spare a lookup per
    posting, so the export can walk every term of the index.
    """

    def __init__(self, reader: IndexReader, tables: Tables | None = None) -> None:
        self.reader = reader
        self.tables = tables or Tables.load(self.reader)
        self.ords = self.tables.ords
        self.stats = CorpusStats.of(reader)
        self.leaves = list(self.reader.leaf_readers())
        self._scorers = field_scorers()

    def weights(self, text: str, fields: Iterable[str] = TEXT_FIELDS) -> dict[int, float]:
        """docnum → Σ over ``fields`` (in the order given) of the field's saturated tf."""
        totals: dict[int, float] = {}
        for field in fields:
            scorer = self._scorers[field]
            memo, compute = scorer.memo, scorer.compute  # inlined: this loop runs once per posting
            lengths = self.tables.lengths[field]
            get = totals.get
            for leaf, base in self.leaves:
                try:
                    matcher = leaf.postings(field, text)
                except TermNotFound:
                    continue
                while matcher.is_active():
                    docnum = matcher.id() + base
                    key = (matcher.weight(), lengths[docnum])
                    value = memo.get(key)
                    totals[docnum] = get(docnum, 0.0) + (compute(key) if value is None else value)
                    matcher.next()
        return totals

    def postings(self, text: str, fields: Iterable[str] | None = None) -> tuple[int, dict[int, int]]:
        """The term's idf and ord → level: n-grams over the text fields, one character over the head."""
        if fields is None:
            fields = fields_of(text)
        ords, bounds = self.ords, BOUNDS
        found = {ords[d]: bisect_right(bounds, w) for d, w in self.weights(text, fields).items()}
        return idf_value(len(found), self.stats.documents), found

    def exact(self, key: str) -> dict[int, int]:
        """ord → EXACT_OWN or EXACT_MENTION for a whole identifier."""
        found: dict[int, int] = {}
        for field, kind in ((MENTION_FIELD, EXACT_MENTION), (EXACT_FIELD, EXACT_OWN)):
            btext = key.encode("utf-8")
            if (field, btext) in self.reader:
                for docnum in self.reader.postings(field, btext).all_ids():
                    found[self.ords[docnum]] = kind
        return found
