"""search.js tokenises, hashes and cuts snippets exactly as the Python package does."""

from __future__ import annotations

import zlib

from search import tokenizer
from search.snippet import snippet
from tests.search.conftest import needs_node, run_node

TRICKY = [
    "江市监知处罚〔2025〕1234号",
    "江市监知处罚〔２０２５〕１２３４号",
    "江市监知处罚（2025）1234号",
    "江海知执罚 〔2026〕 7 号",
    "91110000101623741K",
    "９１１１００００１０１６２３７４１ｋ",
    "91310115MA1K3XXXX5",
    "江海ＡＢＣ（国际）贸易有限公司",
    "Jianghai Ruifeng Trading Co., Ltd. 江海瑞丰",
    "LED灯具 ZL201810123456.7 专利号",
    "耳机🎧共计50副👍🏽，家庭👨‍👩‍👧",
    "张**",
    "3101**********123X",
    "瑞丰\u3000贸易\t公司\r\n第二行\u2028第三行",
    "\u00a0前导空格与不换行空格\u202f",
    "二〇二五年五月",
    "㈱江海㍿ ㎏ ℃ № ①②③ ⑴ ⒈ ⓐ",
    "⼈民 ⽇报 （Kangxi radicals）",
    "Ǆemal İstanbul ΣΑΣ straße ǅ",
    "𠀀𠀁 𪚥 \U00031350\U00032000 扩展区汉字",
    "Ｔ恤衫 Ｔ－ｓｈｉｒｔ",
    "ｶﾀｶﾅ ひらがな 한국어",
    "a",
    "瑞",
    "〔2",
    "e I",
    "",
    "   ",
    "《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款",
    "罚款人民币50,000.00元；没收侵权商品120双。",
    "当事人<script>alert('x')</script>&amp; \"引号\"",
    "\ud83c",  # a lone surrogate, as a broken paste could leave
    "x" * 5 + "长" * 40 + "1234567890" * 3,
    # English and pinyin
    "Infringement of registered trademarks",
    "infringe",
    "White Paper on IP Protection, 2024 — Jianghai's courts (江海法院) & e-mail",
    "Café Ǆemal straße ΣΑΣ naïve résumé",
    "the of and",
    "penalties companies classes seriously copied",
    "huitong jixie",
    "huitongjixie",
    "hui tong ji xie",
    "xian fangan zhuangchuang",
    "lüse lvse",
    "Huitong 汇通",
    "trademark2024 ZL201810123456.7",
]


@needs_node
def test_tables_are_identical():
    tables = run_node("tokens", stdin=[])["tables"]
    as_lists = lambda ranges: [list(r) for r in ranges]  # noqa: E731
    assert tables["PASS_RANGES"] == as_lists(tokenizer.PASS_RANGES)
    assert tables["ALNUM_RANGES"] == as_lists(tokenizer.ALNUM_RANGES)
    assert tables["CJK_RANGES"] == as_lists(tokenizer.CJK_RANGES)
    assert sorted(tables["WHITESPACE"]) == sorted(tokenizer.WHITESPACE)
    assert tables["ALNUM_GRAM"] == tokenizer.ALNUM_GRAM
    assert tables["MAX_QUERY_TERMS"] == tokenizer.MAX_QUERY_TERMS
    assert tables["EXACT_MIN_CHARS"] == tokenizer.EXACT_MIN_CHARS
    assert tables["STOPWORDS"] == sorted(tokenizer.STOPWORDS)
    assert tables["STEM_KEEP"] == list(tokenizer.STEM_KEEP)
    assert tables["STEM_SUFFIXES"] == list(tokenizer.STEM_SUFFIXES)
    assert tables["STEM_MIN"] == tokenizer.STEM_MIN
    assert tables["PINYIN_TABLE"] == tokenizer.PINYIN_TABLE
    assert tables["LONGEST_SYLLABLE"] == tokenizer.LONGEST_SYLLABLE


@needs_node
def test_every_function_agrees_on_tricky_strings():
    results = run_node("tokens", stdin=TRICKY)["results"]
    for text, js in zip(TRICKY, results, strict=True):
        terms = tokenizer.query_terms(text)
        python = {
            "normalise": tokenizer.normalise(text),
            "index": tokenizer.index_tokens(text),
            "unigrams": tokenizer.unigram_tokens(text),
            "exact": tokenizer.exact_key(text),
            "query": {
                "terms": list(terms.terms),
                "unigram": terms.unigram,
                "exact": terms.exact,
                "marks": list(terms.marks),
                "words": list(terms.words),
                "pinyin": list(terms.pinyin),
            },
            "readings": [list(r) for r in terms.readings],
            "words": tokenizer.word_tokens(text),
            "snippet": snippet(text, terms.marks),
            "crc32": zlib.crc32(text.encode("utf-8", "surrogatepass")),
        }
        if text == "\ud83c":  # JS encodes a lone surrogate as U+FFFD; Python's exporter never sees one
            del python["crc32"], js["crc32"]
        assert js == python, text


@needs_node
def test_snippets_agree():
    far = "前言。" * 60 + "江市监知处罚〔2025〕1234号" + "后记" * 50
    cases = [
        (far, "江市监知处罚(2025)1234号"),
        (far, "前言 后记"),
        ("瑞丰贸易" * 40, "丰贸"),
        ("当事人<新星>&“引号”销售𠀀𠀁手机壳", "新星 𠀀𠀁"),
        ("江海ＡＢＣ（国际）贸易有限公司", "abc国际"),
        ("短文本", "不在其中"),
        ("", "任何"),
    ]
    js = run_node("snippet", stdin=cases)
    assert js == [snippet(text, tokenizer.query_terms(query).marks) for text, query in cases]


WORDS = [
    "infringe", "infringes", "infringed", "infringing", "infringement", "infringements", "infringer",
    "trademarks", "penalties", "companies", "copies", "copied", "classes", "class", "status", "analysis",
    "registered", "registering", "protective", "administration", "seriously", "white", "paper", "papers",
    "use", "ties", "is", "es", "2024", "zl2018", "straße", "ω",
]  # fmt: skip
LETTERS = [
    "huitong", "huitongjixie", "xian", "fangan", "zhuangchuang", "china", "lvse", "trademark",
    "ng", "m", "a", "er", "eran", "shuang", "qq", "",
]  # fmt: skip


@needs_node
def test_stemmer_and_syllables_agree():
    js = run_node("english", stdin=[WORDS, LETTERS])
    assert js["stems"] == [tokenizer.stem(w) for w in WORDS]
    assert js["syllables"] == [tokenizer.pinyin_syllables(s) for s in LETTERS]
