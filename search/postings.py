"""Postings computed from the documents themselves, exactly as they come out of the Whoosh index.

search.export walks a Whoosh index (search.indexer) for its postings; the
build instead gets them from here (:func:`collect`), without writing the
index and reading it back, and search.update recomputes the postings of the
documents it patches with :class:`IndexedDocument`. Both tokenise a document
as the schema's fields do (search.schema.field_terms, unigram_tokens) and
weigh a posting as search.scoring does from Whoosh's one-byte field lengths;
tests check that the export made from here and the one made from a Whoosh
index are byte-identical.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from whoosh.util.numeric import byte_to_length, length_to_byte

from search.documents import SearchDocument
from search.format import EXACT_PREFIX
from search.indexer import index_fields
from search.schema import EXACT_FIELD, MENTION_FIELD, TEXT_FIELDS, UNIGRAM_FIELD, field_terms
from search.scoring import (
    BOUNDS,
    EXACT_MENTION,
    EXACT_OWN,
    CorpusStats,
    FieldScorer,
    field_scorers,
    fields_of,
)
from search.tokenizer import pinyin_tokens, unigram_tokens

ALL_FIELDS = (*TEXT_FIELDS, UNIGRAM_FIELD)


@dataclass(frozen=True)
class IndexedDocument:
    """A document's terms per field, its field lengths and its whole-identifier keys."""

    terms: dict[str, Counter]  # field → term → frequency (head, meta, body, uni)
    lengths: dict[str, int]
    exact: dict[str, int]  # "=key" → EXACT_OWN or EXACT_MENTION

    @classmethod
    def of(cls, doc: SearchDocument) -> IndexedDocument:
        return cls.of_fields(index_fields(0, doc))

    @classmethod
    def of_fields(
        cls, values: dict, pinyin: Callable[[str], Sequence[str]] = pinyin_tokens
    ) -> IndexedDocument:
        """From what Whoosh is given (search.indexer.index_fields), tokenised as the schema's fields do
        (``pinyin``: see search.schema.field_terms)."""
        terms = {f: Counter(field_terms(values[f], pinyin)) for f in TEXT_FIELDS}
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

    def levels(self, scorers: dict[str, FieldScorer]) -> dict[str, int]:
        """Every dictionary term the document has, with its posting's level (or exact kind), all
        worked out together: a night patch asks for all of them, and one call a term cost it
        seconds at 100,000 records. A term counts only in the fields :func:`fields_of` looks it
        up in, summed in that order (as search.scoring sums them)."""
        weights: dict[str, float] = {}
        for f in ALL_FIELDS:  # TEXT_FIELDS, then UNIGRAM_FIELD: the order of fields_of
            one, score, length = f == UNIGRAM_FIELD, scorers[f], stored_length(self.lengths[f])
            for term, tf in self.terms[f].items():
                # Only where fields_of looks the term up; "=" starts an identifier key, not a term.
                if (len(term) == 1) == one and not term.startswith(EXACT_PREFIX):
                    weights[term] = weights.get(term, 0.0) + score(float(tf), length)
        found = {term: bisect_right(BOUNDS, weight) for term, weight in weights.items()}
        found.update(self.exact)
        return found


def stored_length(length: int) -> int:
    """A field length as Whoosh stores it: in one byte, so approximately."""
    return byte_to_length(length_to_byte(length))


def posting_typecode(slots: int) -> str:
    """The array type holding ``slot << 8 | tf`` for slots below ``slots``: the smallest that does."""
    return "I" if array("I").itemsize >= 4 and slots <= 1 << 24 else "Q"


class Collected:
    """Every document's postings by field and term, in compact arrays: one integer per posting,
    ``slot << 8 | tf`` (tf 255 and more: 255, the exact value kept aside). Four bytes a posting
    while slots fit in 24 bits (16 million documents), else eight: the postings are most of an
    export's memory (24 million at 100,000 records)."""

    def __init__(self, slots: int) -> None:
        self.typecode = posting_typecode(slots)
        self.postings: dict[str, dict[str, array]] = {f: {} for f in ALL_FIELDS}
        self.large_tf: dict[tuple[str, str, int], int] = {}  # (field, term, slot) → tf of 255 or more
        self.lengths = {f: array("I", bytes(4 * slots)) for f in ALL_FIELDS}  # slot → stored length
        self.exact: dict[str, dict[int, int]] = {}  # "=key" → slot → EXACT_OWN or EXACT_MENTION
        self.documents = 0

    def add(self, slot: int, doc: IndexedDocument) -> None:
        self.documents += 1
        base = slot << 8
        for f, counter in doc.terms.items():
            if not counter:
                continue
            self.lengths[f][slot] = stored_length(doc.lengths[f])
            table = self.postings[f]
            for term, tf in counter.items():
                found = table.get(term)
                if found is None:
                    found = table[term] = array(self.typecode)
                if tf >= 255:
                    self.large_tf[f, term, slot] = tf
                    tf = 255
                found.append(base | tf)
        for term, kind in doc.exact.items():
            self.exact.setdefault(term, {})[slot] = kind

    @property
    def stats(self) -> CorpusStats:
        return CorpusStats(self.documents)

    def levels(self) -> Iterator[tuple[str, dict[int, int]]]:
        """Every dictionary term and its postings (slot → level, or the exact kind), emptying the
        collection as it goes: what the caller makes of them takes the memory they free."""
        scorers = field_scorers()
        text_terms = sorted(set().union(*(self.postings[f] for f in TEXT_FIELDS)))
        for term in text_terms:
            yield term, self._levels(term, [f for f in TEXT_FIELDS if term in self.postings[f]], scorers)
        for term in sorted(self.postings[UNIGRAM_FIELD]):
            yield term, self._levels(term, [UNIGRAM_FIELD], scorers)
        for term in sorted(self.exact):
            yield term, self.exact.pop(term)

    def _tf(self, f: str, term: str, slot: int, tf: int) -> float:
        return float(self.large_tf[f, term, slot] if tf == 255 else tf)

    def _levels(self, term: str, fields: list[str], scorers: dict[str, FieldScorer]) -> dict[int, int]:
        if len(fields) == 1:  # most terms: one field, one level per (tf, length) pair
            f = fields[0]
            lengths, scorer, memo = self.lengths[f], scorers[f], {}
            levels = {}
            for value in self.postings[f].pop(term):
                slot, tf = value >> 8, value & 255
                key = (tf, lengths[slot])
                level = memo.get(key) if tf < 255 else None
                if level is None:
                    level = memo[key] = bisect_right(BOUNDS, scorer(self._tf(f, term, slot, tf), key[1]))
                levels[slot] = level
            return levels
        weights: dict[int, float] = {}
        for f in fields:  # the order search.scoring sums fields in
            lengths, scorer = self.lengths[f], scorers[f]
            for value in self.postings[f].pop(term):
                slot, tf = value >> 8, value & 255
                weights[slot] = weights.get(slot, 0.0) + scorer(self._tf(f, term, slot, tf), lengths[slot])
        return {slot: bisect_right(BOUNDS, weight) for slot, weight in weights.items()}
