"""The one normalisation and tokenisation of search text, mirrored by site/static/js/search.js
(and search-latin.js: words, stemmer, pinyin syllables).

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

**English text** (the English versions of documents, English labels of
controlled values, authorities' English names) is indexed by words, not
n-grams: n-grams of English prose would multiply the postings and make a
query like "trademark" fetch six frequent terms. :func:`word_tokens` splits
the text at anything that is not a letter or digit, folds accents to ASCII,
drops one-character words and :data:`STOPWORDS`, and cuts letter words down
with :func:`stem`, a light suffix stripper, so "infringe", "infringed" and
"infringement" share the term ``infring``; CJK runs inside English text give
their bigrams as in Chinese.

**Pinyin** of Chinese party names and titles (:func:`pinyin_tokens`, pypinyin
at build time only) is indexed as pairs of consecutive syllables without
tones: 汇通机械 → ``huitong tongji jixie``. A query whose parts are all Latin
letters and fall apart into syllables of :data:`PINYIN_SYLLABLES` (spaces
are syllable boundaries, otherwise the split with fewest syllables, longest
first) asks for the same pairs, so ``huitong jixie``, ``huitongjixie`` and
``hui tong`` find 汇通机械; one syllable alone is too ambiguous to look up.

A query is read up to three ways — as n-grams (always), as English words and
as pinyin (when it has Latin letters) — and a record matching every term of
any reading is a result (:attr:`QueryTerms.readings`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

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

# English words too common to be worth a posting (they are in every authority's name).
STOPWORDS: frozenset[str] = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
     "on", "or", "the", "to", "with")
)  # fmt: skip
# stem(): a plural "s" goes (not after ss, us, is; "ies" becomes "y"), then at most one of
# STEM_SUFFIXES, the first that leaves STEM_MIN letters: infringements → infringement → infring.
STEM_KEEP: tuple[str, ...] = ("ss", "us", "is")
STEM_SUFFIXES: tuple[str, ...] = (
    "ied", "ered", "ering", "ing", "ion", "ive", "ement", "ment", "ed", "er", "ly", "e", "y",
)  # fmt: skip
STEM_MIN = 3
# Syllables without tones, grouped by initial ("zh:a,ai" is zha zhai); ü is written v.
# m, n and hm are left out: they would let "nan" or "hmao" fall apart in several ways.
PINYIN_TABLE = (
    "zh:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,ua,uai,uan,uang,ui,un,uo "
    "ch:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,ua,uai,uan,uang,ui,un,uo "
    "sh:a,ai,an,ang,ao,e,en,eng,i,ou,u,ua,uai,uan,uang,ui,un,uo "
    "b:a,ai,an,ang,ao,ei,en,eng,i,ian,iao,ie,in,ing,o,u "
    "p:a,ai,an,ang,ao,ei,en,eng,i,ian,iao,ie,in,ing,o,ou,u "
    "m:a,ai,an,ang,ao,e,ei,en,eng,i,ian,iao,ie,in,ing,iu,o,ou,u "
    "f:a,an,ang,ei,en,eng,iao,o,ou,u "
    "d:a,ai,an,ang,ao,e,en,eng,i,ian,iao,ie,ing,iu,ong,ou,u,uan,ui,un,uo "
    "t:a,ai,an,ang,ao,e,eng,i,ian,iao,ie,ing,ong,ou,u,uan,ui,un,uo "
    "n:a,ai,an,ang,ao,e,ei,en,eng,i,ian,iang,iao,ie,in,ing,iu,ong,ou,u,uan,un,uo,v,ve "
    "l:a,ai,an,ang,ao,e,ei,eng,i,ia,ian,iang,iao,ie,in,ing,iu,o,ong,ou,u,uan,un,uo,v,ve "
    "g:a,ai,an,ang,ao,e,ei,en,eng,ong,ou,u,ua,uai,uan,uang,ui,un,uo "
    "k:a,ai,an,ang,ao,e,en,eng,ong,ou,u,ua,uai,uan,uang,ui,un,uo "
    "h:a,ai,an,ang,ao,e,ei,en,eng,ong,ou,u,ua,uai,uan,uang,ui,un,uo "
    "j:i,ia,ian,iang,iao,ie,in,ing,iong,iu,u,uan,ue,un "
    "q:i,ia,ian,iang,iao,ie,in,ing,iong,iu,u,uan,ue,un "
    "x:i,ia,ian,iang,iao,ie,in,ing,iong,iu,u,uan,ue,un "
    "r:an,ang,ao,e,en,eng,i,ong,ou,u,ua,uan,ui,un,uo "
    "z:a,ai,an,ang,ao,e,ei,en,eng,i,ong,ou,u,uan,ui,un,uo "
    "c:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,uan,ui,un,uo "
    "s:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,uan,ui,un,uo "
    "y:a,an,ang,ao,e,i,in,ing,o,ong,ou,u,uan,ue,un "
    "w:a,ai,an,ang,ei,en,eng,o,u "
    ":a,ai,an,ang,ao,e,ei,en,eng,er,o,ou"
)


def _expand_pinyin(table: str) -> frozenset[str]:
    syllables = set()
    for group in table.split(" "):
        initial, finals = group.split(":")
        syllables.update(initial + final for final in finals.split(","))
    return frozenset(syllables)


PINYIN_SYLLABLES = _expand_pinyin(PINYIN_TABLE)
LONGEST_SYLLABLE = 6  # zhuang, chuang, shuang


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
    """A str.translate table that fills itself: normalisation runs at C speed once warm.

    ``dropped`` replaces the characters normalisation drops: nothing for
    n-grams ("e-mail" is one run), a space for words ("e-mail" is two).
    """

    def __init__(self, dropped: str = "") -> None:
        super().__init__()
        self.dropped = dropped

    def __missing__(self, code: int) -> str:
        value = normalise_char(chr(code)) or self.dropped
        self[code] = value
        return value


_TABLE = _Table()
_WORD_TABLE = _Table(" ")


def normalise(text: str) -> str:
    """Token characters, spaces and line feeds only (see the module docstring)."""
    return text.translate(_TABLE)


def _class_pattern(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_ALNUM_RUN = re.compile(f"[{_class_pattern(ALNUM_RANGES)}]{{2,}}")
_PARTS = re.compile(r"[ \n]+")
_WORD_OR_CJK = re.compile(f"([{_class_pattern(ALNUM_RANGES)}]+)|([{_class_pattern(CJK_RANGES)}]+)")
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
_HAN_RUN = re.compile(f"[{_class_pattern(_HAN_RANGES)}]{{2,}}")
_LETTERS = re.compile("[a-z]+")
_COMBINING = re.compile("[\u0300-\u036f]")


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


def fold(word: str) -> str:
    """Accents off: "café" → "cafe" (a letter without an ASCII base, such as ß, stays)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", word))


def stem(word: str) -> str:
    """A light English stemmer: strips :data:`STEM_SUFFIXES` from a word of letters a-z."""
    if not _LETTERS.fullmatch(word):
        return word  # numbers, codes, other scripts
    if word.endswith("ies") and len(word) - 3 >= STEM_MIN:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(STEM_KEEP) and len(word) - 1 >= STEM_MIN:
        word = word[:-1]
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= STEM_MIN:
            return word[: -len(suffix)]
    return word


def word_tokens(text: str) -> list[str]:
    """English text as terms: stemmed words of two characters or more, and bigrams of CJK runs."""
    tokens: list[str] = []
    for word, cjk in _WORD_OR_CJK.findall(text.translate(_WORD_TABLE)):
        if cjk:
            tokens.extend(_bigrams(cjk))
            continue
        word = fold(word)
        if len(word) > 1 and word not in STOPWORDS:
            tokens.append(stem(word))
    return tokens


def pinyin_tokens(text: str) -> list[str]:
    """Pairs of consecutive syllables of the Chinese characters of ``text`` (build time only)."""
    from pypinyin import Style, lazy_pinyin  # only the indexer needs it

    tokens: list[str] = []
    for line in normalise(text).replace(" ", "").split("\n"):
        for run in _HAN_RUN.findall(line):
            syllables = lazy_pinyin(run, style=Style.NORMAL, errors=lambda chars: [""] * len(chars))
            tokens.extend(
                a + b for a, b in pairwise(syllables) if a in PINYIN_SYLLABLES and b in PINYIN_SYLLABLES
            )
    return tokens


def pinyin_syllables(letters: str) -> list[str] | None:
    """``letters`` cut into the fewest syllables (the longest first where that ties), or None."""
    size = len(letters)
    fewest: list[int | None] = [None] * size + [0]  # syllables needed for letters[i:]
    for i in range(size - 1, -1, -1):
        options = [
            fewest[j]
            for j in range(i + 1, min(size, i + LONGEST_SYLLABLE) + 1)
            if fewest[j] is not None and letters[i:j] in PINYIN_SYLLABLES
        ]
        fewest[i] = 1 + min(options) if options else None  # type: ignore[operator]
    if fewest[0] is None:
        return None
    syllables, i = [], 0
    while i < size:
        j = next(
            j
            for j in range(min(size, i + LONGEST_SYLLABLE), i, -1)
            if letters[i:j] in PINYIN_SYLLABLES and fewest[j] is not None and fewest[j] == fewest[i] - 1  # type: ignore[operator]
        )
        syllables.append(letters[i:j])
        i = j
    return syllables


def _pinyin_query(parts: list[str]) -> list[str]:
    """The syllable pairs a query typed in pinyin asks for; [] when it is not pinyin."""
    syllables: list[str] = []
    for part in parts:
        part = part.replace("ü", "v")
        cut = pinyin_syllables(part) if _LETTERS.fullmatch(part) else None
        if cut is None:
            return []
        syllables.extend(cut)
    return [a + b for a, b in pairwise(syllables)]


def _has_letter(term: str) -> bool:
    return any("a" <= c <= "z" for c in term)


def _unique(terms: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


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
    ``marks`` are the normalised strings to highlight in snippets. ``words``
    (English words) and ``pinyin`` (syllable pairs) are the other readings of
    a query with Latin letters, each AND-ed too; see :attr:`readings`.
    """

    terms: tuple[str, ...]
    unigram: str | None
    exact: str | None
    marks: tuple[str, ...]
    words: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()

    @property
    def readings(self) -> tuple[tuple[str, ...], ...]:
        """Each way of reading the query, as terms to AND; a record matching any of them is a hit."""
        if not self.terms:
            return ((self.unigram,),) if self.unigram else ()
        return tuple(dict.fromkeys(r for r in (self.terms, self.words, self.pinyin) if r))

    @property
    def empty(self) -> bool:
        return not self.readings


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
    words = word_tokens(query) if terms else []
    if not any(_has_letter(w) for w in words):
        words = []  # no English word in it: the n-grams say it all
    stems = [w for w in words if len(w) >= STEM_MIN and _has_letter(w) and w not in marks]
    return QueryTerms(
        terms=tuple(terms[:MAX_QUERY_TERMS]),
        unigram=unigram,
        exact=exact,
        marks=marks + tuple(dict.fromkeys(stems)),
        words=_unique(words),
        pinyin=_unique(_pinyin_query(parts)) if terms else (),
    )


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
