"""Decision numbers: variants of one number are one number (duplicates), shown in one canonical form,
with a record id that did not change for numbers already written canonically."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.records import canonical_decision_number, record_id
from ipcredit.rules.classes import window
from tests.checks.test_registers import LISTING, PENALTY, csv_text, load

VARIANTS = [
    "江市监知处罚〔2025〕1号",
    "江市监知处罚[2025]1号",
    "江市监知处罚（2025）1号",
    "江市监知处罚(2025)1号",
    "江市监知处罚【2025】1号",
    "江市监知处罚〔2025〕１号",
    "江市监知处罚［２０２５］１号",
    "江市监知处罚 〔 2025 〕 1 号",
    "江市监知处罚( 2025 )1号",
]


@pytest.mark.parametrize("written", VARIANTS)
def test_every_variant_has_the_canonical_form_and_its_id(written):
    assert canonical_decision_number(written) == "江市监知处罚〔2025〕1号"
    assert record_id(written) == record_id("江市监知处罚〔2025〕1号")


@pytest.mark.parametrize("written", VARIANTS[1:])
def test_a_variant_of_a_number_is_a_duplicate_reported_at_both_places(tmp_path, written):
    other = {**PENALTY, "行政处罚决定书文号": written}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([PENALTY]), "b.csv": csv_text([other])})
    a, b = tmp_path / "penalties/a.csv", tmp_path / "penalties/b.csv"
    assert records == ()
    assert any(
        p.startswith(f"{b}:2: error: 行政处罚决定书文号 (列 ") and f"另见 {a}:2" in p for p in problems
    )
    assert any(
        p.startswith(f"{a}:2: error: 行政处罚决定书文号 (列 ") and f"另见 {b}:2" in p for p in problems
    )
    assert any(f"「{written}」" in p for p in problems)  # the clerk sees the number as written


def test_listing_numbers_too(tmp_path):
    other = {**LISTING, "列入决定书文号": "江市监失信（２０２５）1号"}
    (_, listings), problems = load(tmp_path, listings={"a.csv": csv_text([LISTING, other])})
    assert listings == () and len(problems) == 2


def test_a_record_shows_the_canonical_form(tmp_path):
    row = {**PENALTY, "行政处罚决定书文号": "江市监知处罚【２０２５】 7号"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([row])})
    assert problems == [] and records[0].decision_number == "江市监知处罚〔2025〕7号"
    assert records[0].id == record_id("江市监知处罚〔2025〕7号")


def test_the_sample_registers_keep_their_record_ids():
    """Ids are URLs: the earlier formula (SHA-256 of the number without white space) still holds."""
    from ipcredit.loading.authorities import load_authorities
    from ipcredit.settings import load_settings

    problems = Problems()
    data = Path(__file__).parents[2] / "cases_data"
    site = load_settings(Path(__file__).parents[2] / "content/site.yaml", problems)
    penalties, listings = load_registers(
        data, load_authorities(data / "authorities.yaml", problems), site, problems, window
    )
    assert len(penalties) > 100 and listings
    for record in (*penalties, *listings):
        old = hashlib.sha256("".join(record.decision_number.split()).encode()).hexdigest()[:12]
        assert record.id == old, record.decision_number
    ids = {r.decision_number: r.id for r in (*penalties, *listings)}
    # pinned: the pages at these URLs must stay where they are
    assert ids["江关知罚〔2022〕10442号"] == "4cb385316eb4"
    assert ids["江市监知处罚〔2026〕95857号"] == "a1aaf5736c83"
    assert ids["江市监信列〔2023〕42583号"] == "2145bc68fd78"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_canonical_form_is_idempotent_and_never_raises(text):
    once = canonical_decision_number(text)
    assert canonical_decision_number(once) == once and record_id(text) == record_id(once)


_CLERKS_PIECES = [
    *"〔〕[]（）()【】〖〗［］0123456789１２３٣۴ \u3000\t\n号江市监知处罚",
    "2025",
    "２０２５",
    "٢٠٢٥",
]


def _spelt_out(number: str) -> str:
    """The canonical form as documented, step by step: no white space, ASCII digits, 〔year〕."""
    compact = "".join(number.split())
    digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in compact)
    return re.sub(r"[〔\[（(【〖［]([0-9]{4})[〕\]）)】〗］]", r"〔\1〕", digits)


@settings(max_examples=500, deadline=None)
@given(
    st.tuples(
        st.lists(st.sampled_from(_CLERKS_PIECES) | st.characters(), max_size=6).map("".join),
        st.sampled_from([*"〔[（(【〖［", ""]),  # a year between any two brackets, or none
        st.sampled_from(["2025", "２０２５", "20 25", "202"]),
        st.sampled_from([*"〕]）)】〗］", ""]),
        st.lists(st.sampled_from(_CLERKS_PIECES) | st.characters(), max_size=6).map("".join),
    ).map("".join)
)
def test_the_canonical_form_is_the_documented_one_whether_or_not_the_number_was_already_canonical(text):
    # canonical_decision_number returns a number it would not change as it is; this checks that
    # "would not change" is decided right for any text, with brackets, digits and spaces of any kind.
    assert canonical_decision_number(text) == _spelt_out(text)
