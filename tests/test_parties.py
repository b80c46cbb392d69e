"""Which typical and top-ten cases name a party (ipcredit.parties.build_parties)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.parties import MIN_NAME_LENGTH, build_parties
from ipcredit.records import Text
from tests.factories import case, dishonesty, penalty

CODE_A = "91110000101623741K"
CODE_B = "91350100M000100Y43"


def _case(slug: str, body: str, en: str = ""):
    return case(
        slug, zh=Text(f"案例{slug}", "摘要。", f"<p>{body}</p>"), en=Text("T", "S", en) if en else None
    )


def _named(parties, code):
    return [c.slug for c in next(p for p in parties if p.code == code).cases]


def test_a_case_names_a_party_by_any_recorded_name_or_its_code_in_the_sites_order():
    a = (
        penalty(1, party_name="江海甲贸易有限公司", uscc=CODE_A),
        penalty(2, party_name="甲贸易", uscc=CODE_A),
    )
    b = (dishonesty(1, name="江海乙科技有限公司", uscc=CODE_B.lower()),)
    cases = (
        _case("by-old-name", "被告甲贸易原名"),  # 3 characters: too short to count
        _case("by-code", f"统一社会信用代码{CODE_A}。"),
        _case("by-name", "被告江海甲贸易有限公司与江海乙科技有限公司"),
        _case("in-english", "", en="Defendant 江海乙科技有限公司"),
        _case("nobody", "无关。"),
    )
    parties = build_parties(a, b, cases)
    assert _named(parties, CODE_A) == ["by-code", "by-name"]
    assert _named(parties, CODE_B) == ["by-name", "in-english"]


def test_a_name_inside_another_partys_longer_name_names_both():
    parties = build_parties(
        (
            penalty(1, party_name="江海甲贸易", uscc=CODE_A),
            penalty(2, party_name="江海甲贸易有限公司", uscc=CODE_B),
        ),
        (),
        (_case("x", "江海甲贸易有限公司"),),
    )
    assert _named(parties, CODE_A) == ["x"] and _named(parties, CODE_B) == ["x"]


def test_no_cases_or_no_parties():
    assert build_parties((), (), (_case("x", "江海甲贸易有限公司"),)) == ()
    assert build_parties((penalty(1, uscc=CODE_A),), (), ())[0].cases == ()


NAMES = st.text(alphabet="甲乙丙有限公司", min_size=1, max_size=7)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.tuples(NAMES, st.sampled_from([CODE_A, CODE_B])), min_size=1, max_size=6),
    bodies=st.lists(st.text(alphabet=f"甲乙丙有限公司{CODE_A[:6]}", max_size=30), max_size=5),
)
def test_the_automaton_finds_exactly_what_substring_search_finds(names, bodies):
    penalties = tuple(penalty(i, party_name=n, uscc=code) for i, (n, code) in enumerate(names))
    cases = tuple(_case(f"c{i}", body) for i, body in enumerate(bodies))
    for party in build_parties(penalties, (), cases):
        keys = [party.code, *(n for n in party.names if len(n) >= MIN_NAME_LENGTH)]
        texts = {c.slug: f"{c.zh.title}\n{c.zh.summary}\n{c.zh.body_html}" for c in cases}
        assert [c.slug for c in party.cases] == [s for s, t in texts.items() if any(k in t for k in keys)]
