"""Normalisation and n-grams: what a query has to produce for a record to be found."""

from __future__ import annotations

import random

from whoosh.formats import Frequency

from search.schema import NgramText
from search.tokenizer import (
    ALNUM_GRAM,
    MAX_QUERY_TERMS,
    NgramTokenizer,
    exact_key,
    index_tokens,
    normalise,
    query_terms,
    unigram_tokens,
)


def test_full_width_forms_fold_and_punctuation_vanishes():
    assert normalise("江市监知处罚〔２０２５〕１２３４号") == "江市监知处罚20251234号"
    assert normalise("ＡＢＣ（国际）") == "abc国际"
    assert normalise("《商标法》第六十条，") == "商标法第六十条"


def test_whitespace_is_kept_as_a_separator_and_line_feeds_as_breaks():
    assert normalise("瑞丰\u3000贸易\t公司\n第二行") == "瑞丰 贸易 公司\n第二行"


def test_emoji_and_control_characters_are_dropped():
    assert normalise("耳机🎧共计\u200b50副\u0007") == "耳机共计50副"


def test_decision_number_terms_are_selective():
    terms = set(index_tokens("江市监知处罚〔2025〕1234号"))
    assert {"处罚", "罚2", "1234", "2025", "4号"} <= terms
    assert all(len(t) <= ALNUM_GRAM for t in terms)


def test_query_for_a_number_asks_for_the_run_not_its_digit_pairs():
    assert query_terms("1234号").terms == ("1234", "4号")


def test_long_alnum_runs_become_windows():
    assert query_terms("ZL201810123456").terms[:3] == ("zl20", "l201", "2018")


def test_query_parts_are_anded_and_single_characters_dropped():
    assert query_terms("瑞丰 商标 的").terms == ("瑞丰", "商标")


def test_a_query_of_single_characters_reads_as_one_run():
    assert query_terms("e I").terms == ("ei",)


def test_one_character_queries_look_for_that_character():
    terms = query_terms("〔2")
    assert terms.terms == () and terms.unigram == "2" and not terms.empty
    assert query_terms("🎧。").empty


def test_whole_identifiers_are_read_as_exact_keys():
    assert query_terms("江市监知处罚(2025)1234号").exact == exact_key("江市监知处罚〔2025〕1234号")
    assert query_terms("91110000101623741k").exact == exact_key("91110000101623741K")
    assert query_terms("商标侵权案件").exact is None  # no digit: not an identifier
    assert query_terms("2025年").exact is None  # too short


def test_a_pasted_paragraph_is_capped():
    assert (
        len(query_terms("当事人销售侵犯注册商标专用权的商品，货值金额共计人民币十二万元整。").terms)
        == MAX_QUERY_TERMS
    )


def _random_text(rng: random.Random) -> str:
    pool = "江海瑞丰贸易有限公司处罚〔〕（）()0123456789ＡＢab号 　-·、X𠀀🎧\n"
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, 18)))


def test_every_fragment_of_a_text_asks_only_for_terms_of_that_text():
    """The substring guarantee, at the level of terms (single lines, like names and numbers)."""
    rng = random.Random(7)
    for _ in range(300):
        text = _random_text(rng).replace("\n", "")
        indexed = set(index_tokens(text))
        chars = unigram_tokens(text)
        for i in range(len(text)):
            for j in range(i + 2, len(text) + 1):
                terms = query_terms(text[i:j])
                if terms.terms:
                    assert set(terms.terms) <= indexed, (text, text[i:j])
                elif terms.unigram:
                    assert terms.unigram in chars, (text, text[i:j])


def test_fast_indexing_path_equals_the_whoosh_analyzer():
    field = NgramText()
    text = "江海ＡＢＣ（国际）贸易有限公司\n江临市监知罚(2024)0456号 🎧 ZL201810123456.7"
    analysed = sorted(Frequency().word_values(text, NgramTokenizer(), mode="index"))
    fast = sorted((t.decode("utf-8"), f, w, v) for t, f, w, v in field.index(text))
    assert fast == analysed
    assert {t for t, *_ in analysed} == set(index_tokens(text))
