"""Properties of the English and pinyin readings, for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from search import tokenizer
from search.snippet import snippet
from tests.search.conftest import needs_node, run_node

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
LATIN = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZéüßø0123456789")
PUNCTUATION = st.sampled_from(" \n-.,'()（）《》，。〔〕·/&“”")
MIXED = st.text(st.one_of(HAN, LATIN, LATIN, PUNCTUATION, st.characters()), max_size=40)


@given(st.text(HAN, min_size=2, max_size=12))
def test_a_name_typed_as_spaced_pinyin_asks_only_for_pairs_its_pinyin_indexed(name: str):
    """Syllables typed with spaces cut exactly as written: every pair asked for is indexed."""
    syllables = lazy_pinyin(name, style=Style.NORMAL)
    if not all(s in tokenizer.PINYIN_SYLLABLES for s in syllables):
        return  # a syllable outside the table (m, n, hm) is not indexed and cannot be typed
    asked = tokenizer.query_terms(" ".join(syllables)).pinyin
    assert asked and set(asked) <= set(tokenizer.pinyin_tokens(name))


def fewest(letters: str) -> int | None:
    """The fewest syllables spelling ``letters``, by trying every cut."""
    counts = [
        rest + 1
        for j in range(1, min(len(letters), tokenizer.LONGEST_SYLLABLE) + 1)
        if letters[:j] in tokenizer.PINYIN_SYLLABLES and (rest := fewest(letters[j:])) is not None
    ]
    return 0 if not letters else min(counts, default=None)


@given(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=14))
def test_a_cut_into_syllables_spells_the_letters_with_the_fewest_syllables(letters: str):
    cut = tokenizer.pinyin_syllables(letters)
    if cut is None:
        assert fewest(letters) is None
    else:
        assert "".join(cut) == letters and all(s in tokenizer.PINYIN_SYLLABLES for s in cut)
        assert len(cut) == fewest(letters)


@given(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=15))
def test_a_stem_is_the_start_of_its_word(word: str):
    stem = tokenizer.stem(word)
    assert word.startswith(stem.removesuffix("y")) and len(stem) >= min(len(word), tokenizer.STEM_MIN)


@needs_node
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(st.lists(MIXED, min_size=60, max_size=60))
def test_search_js_reads_any_query_as_python_does(queries: list[str]):
    results = run_node("tokens", stdin=queries)["results"]
    for text, js in zip(queries, results, strict=True):
        terms = tokenizer.query_terms(text)
        assert js["words"] == tokenizer.word_tokens(text), text
        assert js["readings"] == [list(r) for r in terms.readings], text
        assert js["query"]["marks"] == list(terms.marks), text
        assert js["snippet"] == snippet(text, terms.marks), text
