"""The Whoosh schema and the scoring constants shared by the exporter and the live query.

Text fields hold n-grams (search.tokenizer) with frequencies but no
positions: ranking is BM25F (search.scoring) over the fields with the
boosts below; snippets come from the stored ``text``, not from positions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.system import pack_uint

from search.tokenizer import NgramTokenizer, index_tokens, unigram_tokens

# Query-time boosts: the head (title, party name, decision and case numbers) above the
# metadata (authority, IP type) above the body. One head field rather than one per
# part: a penalty's title is its party name and decision number, and every posting
# costs indexing time.
FIELD_BOOSTS: dict[str, float] = {"head": 4.0, "meta": 1.5, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)  # also the order in which per-field scores are summed
UNIGRAM_FIELD = "uni"  # the head as single characters, for one-character queries
EXACT_FIELD = "exact"  # whole decision numbers, case numbers and credit codes of the record
MENTION_FIELD = "mention"  # whole decision numbers and credit codes quoted in its body
# Stored text per document for snippets (the start of the body). Registers keep less:
# there are many of them, and a results page downloads the text of every hit shown.
SNIPPET_CHARS = 600
REGISTER_SNIPPET_CHARS = 160
REGISTERS = ("penalties", "dishonesty")


_PACKED = tuple(pack_uint(n) for n in range(256))  # shared value bytes: millions of postings hold them


class NgramText(TEXT):
    """A TEXT field analysed by :class:`NgramTokenizer`, indexed through a faster equivalent path.

    ``index()`` yields exactly what Whoosh's Frequency format makes of the
    analyzer's tokens (tests check this), without a Token object per n-gram.
    """

    def __init__(self, unigrams: bool = False, stored: bool = False) -> None:
        super().__init__(analyzer=NgramTokenizer(unigrams), phrase=False, stored=stored)
        self.unigrams = unigrams

    def index(self, value: str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        tokens = unigram_tokens(value) if self.unigrams else index_tokens(value)
        boost = self.format.field_boost
        for text, freq in Counter(tokens).items():
            packed = _PACKED[freq] if freq < len(_PACKED) else pack_uint(freq)
            yield text.encode("utf-8"), freq, freq * boost, packed


def make_schema() -> Schema:
    return Schema(
        url=ID(stored=True, unique=True),
        section=ID(stored=True),
        ord=STORED(),  # position in the canonical order: the tie-break
        date=STORED(),
        text=STORED(),
        title=STORED(),
        head=NgramText(),
        meta=NgramText(),
        body=NgramText(),
        uni=NgramText(unigrams=True),
        exact=ID(),
        mention=ID(),
    )
