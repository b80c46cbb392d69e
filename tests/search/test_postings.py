"""The postings' compact arrays hold every posting a corpus of any size can have."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from search.postings import posting_typecode


@given(st.integers(1, 1 << 40))
def test_the_array_type_holds_the_largest_posting_of_the_corpus(slots: int):
    largest = ((slots - 1) << 8) | 255  # the last slot, with a term frequency of 255 or more
    postings = array(posting_typecode(slots), [largest])
    assert postings[0] == largest
    # Four bytes a posting up to 16 million documents: the postings are most of an export's memory.
    assert postings.itemsize == (4 if slots <= 1 << 24 else 8)
