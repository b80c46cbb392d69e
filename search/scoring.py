"""Per-term document weights from Whoosh's BM25F, quantised: the one ranking of both search paths.

The weight of a query term in a document is Whoosh's BM25F score of that
term in each text field, times the field's boost, summed over the fields —
what an ``Or`` of boosted ``Term`` queries scores in Whoosh. It is
quantised to one byte on a log scale; the byte stands for an integer from
:data:`LEVELS`. A document's score is the sum of those integers over the
query's terms, so the browser (summing what the export stored) and
search.query (summing what this module computes from the index) add the same
integers in any order and get the same total; equal totals are ordered by the
document's position in the canonical order (``ord``).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher

from search.schema import EXACT_FIELD, FIELD_BOOSTS, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD

Q_MIN = 0.08  # weight of level 0; smaller weights are level 0 too
Q_STEP = 1.037  # ratio between consecutive levels (≈ 3.7 %): level 255 is ≈ 850
LEVELS: tuple[int, ...] = tuple(round(1000 * Q_MIN * Q_STEP**i) for i in range(256))
# Level i covers weights from BOUNDS[i - 1] up to BOUNDS[i]: the nearest level on the log scale.
BOUNDS: tuple[float, ...] = tuple(Q_MIN * Q_STEP ** (i + 0.5) for i in range(255))

EXACT_OWN, EXACT_MENTION = 2, 1  # a record's own number ranks above a mention of it


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
    """Reads a Whoosh index's postings as ``{ord: level}`` per term.

    ``tables`` (loaded from the index when not given) spare a lookup per
    posting, so the export can walk every term of the index.
    """

    def __init__(self, searcher: Searcher, tables: Tables | None = None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.tables = tables or Tables.load(self.reader)
        self.ords = self.tables.ords
        self.leaves = list(self.reader.leaf_readers())

    def weights(self, text: str, fields: Iterable[str] = TEXT_FIELDS) -> dict[int, float]:
        """docnum → Σ boost × BM25F score over ``fields`` (summed in the order given).

        Each score is Whoosh's own scorer for the term (global idf and average
        length) applied to the posting's weight and the document's field length,
        as ``scorer.score(matcher)`` does; postings are read leaf by leaf.
        """
        totals: dict[int, float] = {}
        for field in fields:
            try:
                score = self.searcher.weighting.scorer(self.searcher, field, text)._score
            except TermNotFound:
                continue
            boost = FIELD_BOOSTS.get(field, 1.0)
            lengths = self.tables.lengths[field]
            memo: dict[tuple[float, int], float] = {}  # few distinct (frequency, length) pairs per term
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
                    if value is None:
                        value = memo[key] = boost * score(*key)
                    totals[docnum] = get(docnum, 0.0) + value
                    matcher.next()
        return totals

    def levels(self, text: str, fields: Iterable[str] | None = None) -> dict[int, int]:
        """ord → level of a query term: n-grams over the text fields, one character over the head."""
        if fields is None:
            fields = (UNIGRAM_FIELD,) if len(text) == 1 else TEXT_FIELDS
        ords, bounds = self.ords, BOUNDS
        return {ords[d]: bisect_right(bounds, w) for d, w in self.weights(text, fields).items()}

    def exact(self, key: str) -> dict[int, int]:
        """ord → EXACT_OWN or EXACT_MENTION for a whole identifier."""
        found: dict[int, int] = {}
        for field, kind in ((MENTION_FIELD, EXACT_MENTION), (EXACT_FIELD, EXACT_OWN)):
            btext = key.encode("utf-8")
            if (field, btext) in self.reader:
                for docnum in self.reader.postings(field, btext).all_ids():
                    found[self.ords[docnum]] = kind
        return found
