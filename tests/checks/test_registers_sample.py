"""The committed sample registers and the synthetic generator: valid, varied, in every format."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bench.synth_registers import generate, listing_rows, penalty_rows
from ipcredit.loading.authorities import load_authorities
from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.records import PartyType, PublicityClass, WithholdReason
from ipcredit.rules.classes import DECLARED, DEFAULT, class_tally, window
from ipcredit.rules.dishonesty import publish_dishonesty
from ipcredit.rules.penalties import publish_penalties
from tests.factories import settings

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)


def load(data: Path):
    problems = Problems()
    authorities = load_authorities(ROOT / "cases_data/authorities.yaml", problems)
    penalties, listings = load_registers(data, authorities, settings(), problems, window)
    return penalties, listings, problems


@pytest.fixture(scope="module")
def sample():
    return load(ROOT / "cases_data")


def test_the_sample_loads_without_errors(sample):
    penalties, listings, problems = sample
    assert problems.errors == []
    assert len(penalties) >= 300 and len(listings) >= 40
    assert (
        len({p.authority for p in penalties}) >= 3 and len({Path(p.origin.path).name for p in penalties}) >= 3
    )


def test_the_sample_files_are_in_the_three_formats_agencies_send():
    files = sorted((ROOT / "cases_data/penalties").iterdir())
    (xlsx,) = [p for p in files if p.suffix == ".xlsx"]
    csvs = [p.read_bytes() for p in files if p.suffix == ".csv"]
    gb = [b for b in csvs if not _is_utf8(b)]
    assert len(gb) == 1 and b"\r\n" in gb[0] and gb[0].count(b"\n") == gb[0].count(b"\r\n")
    assert "处罚决定日期" in gb[0].decode("gb18030")
    assert any(_is_utf8(b) and "罚款金额（万元）" in b.decode("utf-8-sig") for b in csvs)
    book = load_workbook(xlsx, read_only=True)
    second = next(book.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    book.close()
    assert any(isinstance(v, date) for v in second)  # real date cells, not text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_on_the_default_as_of_date_most_are_shown_and_every_reason_occurs(sample):
    penalties, listings, _ = sample
    shown, withheld = publish_penalties(penalties, settings(), TODAY)
    reasons = Counter(w.reason for w in withheld)
    assert len(shown) > len(penalties) / 2
    assert {WithholdReason.EXPIRED, WithholdReason.WITHDRAWN, WithholdReason.NOT_YET_EFFECTIVE,
            WithholdReason.MINOR, WithholdReason.MINOR_CLASS} <= set(reasons)  # fmt: skip
    current, removed = publish_dishonesty(listings, settings(), TODAY)
    assert len(current) > len(listings) / 2
    assert {WithholdReason.EXPIRED, WithholdReason.REMOVED} <= {w.reason for w in removed}


def test_the_sample_has_a_realistic_mix_of_publicity_classes(sample):
    penalties, _, _ = sample
    tally = {(basis, cls): n for basis, cls, n in class_tally(penalties, settings().publicity)}
    declared = {cls for basis, cls in tally if basis == DECLARED}
    derived = {cls for basis, cls in tally if basis != DECLARED}
    assert declared == derived == {"轻微", "一般", "严重"}
    rules = {basis for basis, _ in tally} - {DECLARED, DEFAULT}
    assert rules == {rule.name for rule in settings().publicity.rules}  # every default rule is used
    shown, _ = publish_penalties(penalties, settings(), TODAY)
    assert {p.publicity_class for p in shown} == {PublicityClass.GENERAL, PublicityClass.SERIOUS}
    # Only the newer exports carry the two class columns; the GB18030 one is an older template.
    files = {Path(p.origin.path).name for p in penalties if p.declared_class or p.procedure}
    assert files == {"2026-zhishichanquan-ju.xlsx", "2026-qu-ji-zhifa-wanyuan.csv"}


def test_the_sample_has_every_kind_of_party_and_people_are_masked(sample):
    penalties, _, _ = sample
    kinds = Counter(p.party_type for p in penalties)
    assert (
        kinds[PartyType.ORGANISATION] > kinds[PartyType.INDIVIDUAL_BUSINESS] > 0
        and kinds[PartyType.PERSON] > 0
    )
    shown, _ = publish_penalties(penalties, settings(), TODAY)
    people = [p for p in shown if p.party_type is PartyType.PERSON]
    assert people and all(re.fullmatch(r"\w{1,2}\*+", p.party_name) for p in people)
    assert all(re.fullmatch(r"\d{4}\*+[\dX]{4}", p.id_number) for p in people)


def test_facts_have_realistic_lengths_and_decision_numbers_their_form(sample):
    penalties, _, _ = sample
    assert all(100 <= len(p.facts) <= 400 for p in penalties)
    assert all(re.fullmatch(r"江\w+〔20\d\d〕\d+号", p.decision_number) for p in penalties)


@pytest.mark.parametrize("fmt", ["csv", "gb18030", "xlsx"])
def test_generated_registers_load_without_errors_in_every_format(tmp_path, fmt):
    generate(tmp_path, 120, 30, seed=7, fmt=fmt)
    penalties, listings, problems = load(tmp_path)
    assert problems.errors == [] and len(penalties) == 120 and len(listings) == 30


def test_the_generator_is_seeded():
    assert list(penalty_rows(20, seed=3)) == list(penalty_rows(20, seed=3))
    assert list(penalty_rows(20, seed=3)) != list(penalty_rows(20, seed=4))
    assert len({r["列入决定书文号"] for r in listing_rows(500, seed=1)}) == 500
