"""The postings' compact arrays hold every posting a corpus of any size can have."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from search.format import EXACT_PREFIX
from search.postings import ALL_FIELDS, IndexedDocument, posting_typecode, stored_length
from search.scoring import BOUNDS, EXACT_MENTION, EXACT_OWN, FieldScorer, field_scorers, fields_of


@given(st.integers(1, 1 << 40))
def test_the_array_type_holds_the_largest_posting_of_the_corpus(slots: int):
    largest = ((slots - 1) << 8) | 255  # the last slot, with a term frequency of 255 or more
    postings = array(posting_typecode(slots), [largest])
    assert postings[0] == largest
    # Four bytes a posting up to 16 million documents: the postings are most of an export's memory.
    assert postings.itemsize == (4 if slots <= 1 << 24 else 8)


TERMS = st.text(st.sampled_from("ab中文=1"), min_size=1, max_size=3)  # one character or more, "=…" too
COUNTS = st.dictionaries(TERMS, st.integers(1, 300), max_size=12).map(Counter)


@given(
    terms=st.fixed_dictionaries({f: COUNTS for f in ALL_FIELDS}),
    extra=st.fixed_dictionaries({f: st.integers(0, 5000) for f in ALL_FIELDS}),
    exact=st.dictionaries(TERMS.map(lambda t: EXACT_PREFIX + t), st.sampled_from([EXACT_OWN, EXACT_MENTION])),
)
def test_a_documents_levels_together_are_its_levels_term_by_term(terms, extra, exact):
    """A night patch takes every level of a document at once: the same as asking term by term,
    whichever fields a term is in and however long they are."""
    lengths = {f: sum(terms[f].values()) + extra[f] for f in ALL_FIELDS}
    doc = IndexedDocument(terms, lengths, exact)
    scorers = field_scorers()
    asked = {term: level(doc, term, scorers) for term in doc.dictionary_terms()}
    assert doc.levels(scorers) == {term: level for term, level in asked.items() if level is not None}


def level(doc: IndexedDocument, term: str, scorers: dict[str, FieldScorer]) -> int | None:
    """One term's level as search.scoring defines it, asked alone (None: the document lacks it)."""
    if term.startswith(EXACT_PREFIX):
        return doc.exact.get(term)
    weight, found = 0.0, False
    for f in fields_of(term):  # the order search.scoring sums fields in
        tf = doc.terms[f].get(term)
        if tf:
            weight += scorers[f](float(tf), stored_length(doc.lengths[f]))
            found = True
    return bisect_right(BOUNDS, weight) if found else None
