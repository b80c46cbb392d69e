"""The one normalisation and tokenisation of search text, mirrored by site/static/js/search.js.

Chinese is written without spaces, and names, decision numbers and credit
codes must be findable from any fragment of two or more characters, so text
is cut into overlapping n-grams (no dictionary segmentation: jieba glues
unknown names and misses them).

**Normalisation** works one code point at a time, so that Python and
JavaScript agree by construction and every normalised character maps back to
the original text (for snippets):

1. whitespace becomes a space; a line feed stays (a hard break between
   paragraphs or list values);
2. a code point outside :data:`PASS_RANGES` is dropped (emoji, controls,
   scripts we do not index); this also keeps NFKC away from characters whose
   mappings could differ between Python's and the browser's Unicode version;
3. the rest goes through NFKC and lower-casing, and only characters of
   :data:`TOKEN_RANGES` survive, so punctuation (〔〕（）《》，。·-) vanishes and
   full-width letters and digits become ASCII.

**Indexing** drops the spaces too (a fragment that straddles a space or a
bracket is still found) and, inside each line:

* every bigram that is not made of two "alnum" characters (Latin letters,
  digits) — so CJK pairs and CJK/alnum boundaries such as ``罚2`` or ``4号``;
* every substring of length 2…:data:`ALNUM_GRAM` of each run of alnum
  characters. Digit bigrams alone are in nearly every record (dates,
  amounts, codes), so a number fragment like ``1234`` is one selective term
  rather than ``12 23 34``.

**A query** is split at whitespace into parts. Each part yields the same
terms as indexing, except that an alnum run becomes the run itself (or its
windows of :data:`ALNUM_GRAM` characters when longer). The query is the AND
of all terms: every term of a fragment of a field is a term of that field,
which is the substring guarantee. Parts of one character are dropped when
another part is longer; a query whose parts are all single characters is read
as one run ("e I" → "ei"). A query of exactly one character looks that
character up in titles, party names and numbers only (:class:`QueryTerms`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token, Tokenizer

# Code points handed to NFKC (others are dropped). Blocks assigned long ago, so
# their NFKC and case mappings agree between Unicode 14 (Python 3.11) and the
# browser's newer Unicode.
PASS_RANGES: tuple[tuple[int, int], ...] = (
    (0x0021, 0x007E),  # ASCII
    (0x00A1, 0x024F),  # Latin-1 supplement, Latin extended A and B
    (0x0370, 0x04FF),  # Greek, Cyrillic
    (0x2010, 0x2027),  # general punctuation: dashes, quotes, ellipsis
    (0x2030, 0x205E),
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20C0),  # currency
    (0x2100, 0x24FF),  # letterlike symbols, number forms, ①②③ ⑴ ⒈ ⓐ
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
ALNUM_RANGES: tuple[tuple[int, int], ...] = (
    (0x0030, 0x0039),  # 0-9
    (0x0061, 0x007A),  # a-z
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x024F),  # Latin letters with diacritics
    (0x0391, 0x03A9),
    (0x03B1, 0x03C9),  # Greek letters
    (0x0400, 0x045F),  # Cyrillic letters
)
CJK_RANGES: tuple[tuple[int, int], ...] = (
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
TOKEN_RANGES = ALNUM_RANGES + CJK_RANGES

# Whitespace (checked before anything else); the line feed is a hard break.
WHITESPACE: frozenset[int] = frozenset(
    (
        0x09,
        0x0B,
        0x0C,
        0x0D,
        0x20,
        0x85,
        0xA0,
        0x1680,
        *range(0x2000, 0x200B),
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
    )
)
LINE_FEED = 0x0A

ALNUM_GRAM = 4  # longest alnum n-gram indexed: 4-digit fragments are selective, the index stays small
MAX_QUERY_TERMS = 24  # a pasted paragraph must not turn into hundreds of shard fetches
EXACT_MIN_CHARS = 6  # shorter strings are not decision numbers, case numbers or credit codes


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    i = bisect_right(ranges, (code, 0x10FFFF)) - 1
    return i >= 0 and code <= ranges[i][1]


_SORTED_TOKEN_RANGES = tuple(sorted(TOKEN_RANGES))


def normalise_char(char: str) -> str:
    """The normalised form of one code point: token characters, " ", "\\n" or ""."""
    code = ord(char)
    if code == LINE_FEED:
        return "\n"
    if code in WHITESPACE:
        return " "
    if not _in(code, PASS_RANGES):
        return ""
    folded = unicodedata.normalize("NFKC", char).lower()
    return "".join(c for c in folded if _in(ord(c), _SORTED_TOKEN_RANGES))


class _Table(dict):
    """A str.translate table that fills itself: normalisation runs at C speed once warm."""

    def __missing__(self, code: int) -> str:
        value = normalise_char(chr(code))
        self[code] = value
        return value


_TABLE = _Table()


def normalise(text: str) -> str:
    """Token characters, spaces and line feeds only (see the module docstring)."""
    return text.translate(_TABLE)


def _class_pattern(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_ALNUM_RUN = re.compile(f"[{_class_pattern(ALNUM_RANGES)}]{{2,}}")
_PARTS = re.compile(r"[ \n]+")


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _grams(run: str, size: int) -> list[str]:
    return [run[i : i + size] for i in range(len(run) - size + 1)]


def _line_terms(line: str, for_query: bool) -> list[str]:
    """Bigrams outside alnum runs, plus each run's n-grams (index) or the run itself (query)."""
    terms: list[str] = []
    start = 0
    for match in _ALNUM_RUN.finditer(line):
        begin, end = match.span()
        terms.extend(_bigrams(line[start : begin + 1]))  # up to and including the run's first char
        start = end - 1  # from the run's last char on
        run = match.group()
        if for_query:
            terms.extend([run] if len(run) <= ALNUM_GRAM else _grams(run, ALNUM_GRAM))
        else:
            for size in range(2, ALNUM_GRAM + 1):
                terms.extend(_grams(run, size))
    terms.extend(_bigrams(line[start:]))
    return terms


def index_tokens(text: str) -> list[str]:
    """Every term of ``text`` as indexed, repeats included (they are term frequencies)."""
    tokens: list[str] = []
    for line in normalise(text).replace(" ", "").split("\n"):
        if len(line) > 1:
            tokens.extend(_line_terms(line, for_query=False))
    return tokens


def unigram_tokens(text: str) -> list[str]:
    """Single characters: indexed for titles, names and numbers only (one-character queries)."""
    return list(normalise(text).replace(" ", "").replace("\n", ""))


def exact_key(value: str) -> str:
    """The form in which a whole decision number, case number or credit code is matched."""
    return normalise(value).replace(" ", "").replace("\n", "")


@dataclass(frozen=True)
class QueryTerms:
    """What a query string asks for.

    ``terms`` are AND-ed. When there are none, ``unigram`` (one character) is
    looked up in titles, party names and numbers. ``exact`` is the whole query
    read as an identifier: when records carry it as a decision number, case
    number or credit code (or mention it in their text), they are the result.
    ``marks`` are the normalised strings to highlight in snippets.
    """

    terms: tuple[str, ...]
    unigram: str | None
    exact: str | None
    marks: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.terms and self.unigram is None


def query_terms(query: str) -> QueryTerms:
    parts = [p for p in _PARTS.split(normalise(query)) if p]
    joined = "".join(parts)
    long_parts = [p for p in parts if len(p) >= 2] or ([joined] if len(joined) >= 2 else [])
    terms: list[str] = []
    for part in long_parts:
        for term in _line_terms(part, for_query=True):
            if term not in terms:
                terms.append(term)
    has_digit = any("0" <= c <= "9" for c in joined)
    exact = joined if len(joined) >= EXACT_MIN_CHARS and has_digit else None
    unigram = joined if len(joined) == 1 else None
    marks = tuple(long_parts) if long_parts else ((joined,) if unigram else ())
    return QueryTerms(tuple(terms[:MAX_QUERY_TERMS]), unigram, exact, marks)


class NgramTokenizer(Tokenizer):
    """The Whoosh analyzer of :func:`index_tokens` (or of :func:`unigram_tokens`).

    Fields index through a faster path to the same terms (search.schema); this
    analyzer is what Whoosh's own query parsing and highlighting see.
    """

    def __init__(self, unigrams: bool = False) -> None:
        self.unigrams = unigrams

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NgramTokenizer) and other.unigrams == self.unigrams

    def __hash__(self) -> int:
        return hash((type(self), self.unigrams))

    def __call__(  # Whoosh's tokenizer protocol
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
