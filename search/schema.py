"""The Whoosh schema and the scoring constants shared by the exporter and the live query.

Text fields hold n-grams (search.tokenizer) with frequencies but no
positions: ranking is BM25F (search.scoring) over the fields with the
boosts below; snippets come from the stored ``text``, not from positions.
A text field's value is a :class:`FieldText`: its Chinese text (n-grams),
its English text (words) and, for the head, the names and titles whose
pinyin is indexed; the three share the field, so an English title weighs
as much as a Chinese one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.system import pack_uint

from search.tokenizer import NgramTokenizer, index_tokens, pinyin_tokens, unigram_tokens, word_tokens

# Query-time boosts: the head (title, party name, decision and case numbers) above the
# metadata (authority, IP type) above the body. One head field rather than one per
# part: a penalty's title is its party name and decision number, and every posting
# costs indexing time.
FIELD_BOOSTS: dict[str, float] = {"head": 4.0, "meta": 1.5, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)  # also the order in which per-field scores are summed
UNIGRAM_FIELD = "uni"  # the head as single characters, for one-character queries
EXACT_FIELD = "exact"  # whole decision numbers, case numbers and credit codes of the record
MENTION_FIELD = "mention"  # whole decision numbers and credit codes quoted in its body
# Stored text per document for snippets (the start of the body). Brief sections (search.documents.
# Sections.brief: the registers) keep less.
SNIPPET_CHARS = 600
REGISTER_SNIPPET_CHARS = 160


@dataclass(frozen=True)
class FieldText:
    """What one text field of a document holds, by how it is tokenised."""

    zh: str  # n-grams (any text that is not English: Chinese, numbers, codes)
    en: str = ""  # English words
    pinyin: str = ""  # Chinese names and titles, indexed by their pinyin too

    def __str__(self) -> str:
        return self.zh


def field_terms(value: FieldText | str, pinyin: Callable[[str], Sequence[str]] = pinyin_tokens) -> list[str]:
    """Every term of a text field's value, repeats included (they are term frequencies).
    ``pinyin`` is :func:`pinyin_tokens` or a memo of it (see search.export)."""
    if isinstance(value, str):
        return index_tokens(value)
    terms = index_tokens(value.zh)
    if value.en:
        terms += word_tokens(value.en)
    if value.pinyin:
        terms += pinyin(value.pinyin)
    return terms


_PACKED = tuple(pack_uint(n) for n in range(256))  # shared value bytes: millions of postings hold them


class NgramText(TEXT):
    """A TEXT field analysed by :class:`NgramTokenizer`, indexed through a faster equivalent path.

    ``index()`` yields exactly what Whoosh's Frequency format makes of the
    analyzer's tokens (tests check this), without a Token object per n-gram.
    """

    def __init__(self, unigrams: bool = False, stored: bool = False) -> None:
        super().__init__(analyzer=NgramTokenizer(unigrams), phrase=False, stored=stored)
        self.unigrams = unigrams

    def index(self, value: FieldText | str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        tokens = unigram_tokens(str(value)) if self.unigrams else field_terms(value)
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
        text_en=STORED(),  # the English title and snippet text, when the record has them
        title_en=STORED(),
        head=NgramText(),
        meta=NgramText(),
        body=NgramText(),
        uni=NgramText(unigrams=True),
        exact=ID(),
        mention=ID(),
    )
