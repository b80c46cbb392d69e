"""The one normalisation and tokenisation of search text, mirrored by site/static/js/tokenize.js.

Chinese is written without spaces, and names, decision numbers and credit codes
must be findable from any fragment, so everything is cut into overlapping
character bigrams (no dictionary segmentation: jieba glues unknown names).

Normalisation works one code point at a time so that Python and JavaScript
agree by construction and a normalised position maps back to the original
text (for snippets):

1. whitespace becomes a space (a line feed stays a line feed: it is a hard
   break between paragraphs or list values);
2. a code point outside :data:`PASS_RANGES` is dropped (emoji, controls,
   scripts we do not index) — this also keeps NFKC away from characters whose
   Unicode version differs between Python and the browser;
3. the rest goes through NFKC and lower-casing, and only the characters of
   :data:`TOKEN_RANGES` survive (so 〔〕（）,.《》 and the like vanish).

Indexing drops the spaces too (a substring that straddles a space or a
bracket is still found) and cuts bigrams inside each line. A query is split
at whitespace into parts; each part of two or more characters gives its
bigrams, and the query is the AND of all of them. A query whose parts are
all single characters is read as one run ("e I" → "ei"); a query of exactly
one character looks for that character in titles, party names and numbers
only (see :class:`QueryTerms`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token, Tokenizer

# Code points handed to NFKC (others are dropped). Blocks whose NFKC and case
# mappings have not changed between Unicode 14 (Python 3.11) and 15.1 (Node 20).
PASS_RANGES: tuple[tuple[int, int], ...] = (
    (0x0021, 0x007E),  # ASCII
    (0x00A1, 0x024F),  # Latin-1 supplement, Latin extended A and B
    (0x0370, 0x04FF),  # Greek, Cyrillic
    (0x2010, 0x2027),  # general punctuation (dashes, quotes, ellipsis)
    (0x2030, 0x205E),
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20C0),  # currency
    (0x2100, 0x24FF),  # letterlike, number forms, arrows, ①②③, ⑴, ⒈, ⓐ
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals (⼈ → 人)
    (0x3001, 0x30FF),  # CJK punctuation, kana
    (0x3100, 0x33FF),  # bopomofo, enclosed CJK (㈱), CJK compatibility (㎏)
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE19),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF01, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B… and compatibility supplement
)

# Characters that make up tokens, after NFKC and lower-casing.
TOKEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0030, 0x0039),  # 0-9
    (0x0061, 0x007A),  # a-z
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x024F),  # Latin letters with diacritics
    (0x0391, 0x03A9),
    (0x03B1, 0x03C9),  # Greek letters
    (0x0400, 0x045F),  # Cyrillic letters
    (0x3005, 0x3007),  # 々 〆 〇 (二〇二五年)
    (0x3041, 0x3096),  # hiragana
    (0x30A1, 0x30FA),  # katakana
    (0x30FC, 0x30FC),  # ー
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)

# Whitespace (checked before anything else). Line feed is kept as a hard break.
WHITESPACE: frozenset[int] = frozenset(
    (0x09, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
    + tuple(range(0x2000, 0x200B))
)
LINE_FEED = 0x0A

MAX_QUERY_TERMS = 24  # a pasted paragraph must not turn into hundreds of shard fetches
EXACT_MIN_CHARS = 6  # shorter strings are not decision numbers, case numbers or credit codes


def _starts(ranges: tuple[tuple[int, int], ...]) -> list[int]:
    return [start for start, _ in ranges]


_PASS_STARTS = _starts(PASS_RANGES)
_TOKEN_STARTS = _starts(TOKEN_RANGES)


def _in(code: int, ranges: tuple[tuple[int, int], ...], starts: list[int]) -> bool:
    i = bisect_right(starts, code) - 1
    return i >= 0 and code <= ranges[i][1]


def is_token_char(char: str) -> bool:
    return _in(ord(char), TOKEN_RANGES, _TOKEN_STARTS)


def normalise_char(char: str) -> str:
    """The normalised form of one code point: token characters, " ", "\\n" or ""."""
    code = ord(char)
    if code == LINE_FEED:
        return "\n"
    if code in WHITESPACE:
        return " "
    if not _in(code, PASS_RANGES, _PASS_STARTS):
        return ""
    folded = unicodedata.normalize("NFKC", char).lower()
    return "".join(c for c in folded if is_token_char(c))


class _Table(dict):
    """A str.translate table that fills itself: normalisation at C speed after warm-up."""

    def __missing__(self, code: int) -> str:
        value = normalise_char(chr(code))
        self[code] = value
        return value


_TABLE = _Table()


def normalise(text: str) -> str:
    """Token characters, spaces and line feeds only (see the module docstring)."""
    return text.translate(_TABLE)


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """Every bigram of ``text`` as indexed, in order, repeats included (they are frequencies)."""
    tokens: list[str] = []
    for line in normalise(text).replace(" ", "").split("\n"):
        tokens.extend(bigrams(line))
    return tokens


def unigram_tokens(text: str) -> list[str]:
    """Single characters, indexed for titles, names and numbers only (one-character queries)."""
    return list(normalise(text).replace(" ", "").replace("\n", ""))


def exact_key(value: str) -> str:
    """The form in which a whole decision number, case number or credit code is matched."""
    return normalise(value).replace(" ", "").replace("\n", "")


@dataclass(frozen=True)
class QueryTerms:
    """What a query string asks for.

    ``bigrams`` are AND-ed. When there are none, ``unigram`` (one character)
    is looked up in titles, party names and numbers. ``exact`` is the whole
    query as an identifier: records carrying it as a decision number, case
    number or credit code come first. ``marks`` are the normalised strings to
    highlight in snippets.
    """

    bigrams: tuple[str, ...]
    unigram: str | None
    exact: str | None
    marks: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.bigrams and self.unigram is None


_PARTS = re.compile(r"[ \n]+")


def query_terms(query: str) -> QueryTerms:
    parts = [p for p in _PARTS.split(normalise(query)) if p]
    joined = "".join(parts)
    long_parts = [p for p in parts if len(p) >= 2] or ([joined] if len(joined) >= 2 else [])
    terms: list[str] = []
    for part in long_parts:
        for gram in bigrams(part):
            if gram not in terms:
                terms.append(gram)
    exact = joined if len(joined) >= EXACT_MIN_CHARS and any(c.isdigit() for c in joined) else None
    unigram = joined if len(joined) == 1 else None
    marks = tuple(long_parts) if long_parts else ((unigram,) if unigram else ())
    return QueryTerms(tuple(terms[:MAX_QUERY_TERMS]), unigram, exact, marks)


class BigramTokenizer(Tokenizer):
    """The Whoosh analyzer of :func:`index_tokens` (the indexer takes a faster path to the same tokens)."""

    def __init__(self, unigrams: bool = False) -> None:
        self.unigrams = unigrams

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramTokenizer) and other.unigrams == self.unigrams

    def __hash__(self) -> int:
        return hash((type(self), self.unigrams))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        texts = unigram_tokens(value) if self.unigrams else index_tokens(value)
        for pos, text in enumerate(texts):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            yield token
