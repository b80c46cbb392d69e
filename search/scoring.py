"""Per-term document weights from Whoosh's BM25F, quantised: the one ranking of both search paths.

The weight of a query term in a document is Whoosh's BM25F score of that
term in each text field, times the field's boost, summed over the fields —
exactly what an ``Or`` of boosted ``Term`` queries scores in Whoosh. It is
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


class TermWeights:
    """Reads a Whoosh index's postings as ``{ord: level}`` per term.

    Field lengths and each document's ``ord`` are loaded once, so the export
    can walk every term without a lookup per posting.
    """

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        count = self.reader.doc_count_all()
        self.ords = array("I", bytes(4 * count))
        for docnum, stored in self.reader.iter_docs():
            self.ords[docnum] = stored["ord"]
        self.leaves = list(self.reader.leaf_readers())
        self.lengths = {
            field: array("I", (self.reader.doc_field_length(d, field, 1) for d in range(count)))
            for field in (*TEXT_FIELDS, UNIGRAM_FIELD)
        }

    def weights(self, text: str, fields: Iterable[str] = TEXT_FIELDS) -> dict[int, float]:
        """docnum → Σ boost × BM25F score over ``fields`` (summed in the order given).

        Each score is Whoosh's own scorer for the term (global idf and average
        length), applied to the posting's weight and the document's field length,
        as ``scorer.score(matcher)`` does; postings are read leaf by leaf.
        """
        totals: dict[int, float] = {}
        btext = text.encode("utf-8")
        for field in fields:
            if (field, btext) not in self.reader:
                continue
            score = self.searcher.weighting.scorer(self.searcher, field, text)._score
            boost = FIELD_BOOSTS.get(field, 1.0)
            lengths = self.lengths[field]
            get = totals.get
            for leaf, base in self.leaves:
                if (field, btext) not in leaf:
                    continue
                matcher = leaf.postings(field, btext)
                while matcher.is_active():
                    docnum = matcher.id() + base
                    totals[docnum] = get(docnum, 0.0) + boost * score(matcher.weight(), lengths[docnum])
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
