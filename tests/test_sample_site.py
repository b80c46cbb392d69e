"""The shipped sample built end to end: records come and go with the as-of date exactly
as rules.md says, and nothing withheld or unmasked reaches any file of the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipcredit.checks.codes import birth_date
from ipcredit.cli import main
from ipcredit.pipeline import Folders, read_sources
from ipcredit.problems import Problems
from ipcredit.records import PartyType
from ipcredit.rules.masking import mask_name
from ipcredit.rules.periods import add_months

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
AS_OF_DATES = (date(2026, 11, 24), date(2027, 9, 1))


@pytest.fixture(scope="module")
def sources():
    problems = Problems()
    _settings, found = read_sources(Folders(ROOT / "content", ROOT / "cases_data"), problems)
    assert not problems.has_errors(), [str(p) for p in problems.errors]
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[date, Path]:
    built = {}
    for as_of in AS_OF_DATES:
        out = tmp_path_factory.mktemp(f"site-{as_of}") / "public"
        argv = [
            "--content",
            str(ROOT / "content"),
            "--data",
            str(ROOT / "cases_data"),
            "--as-of",
            as_of.isoformat(),
        ]
        assert main(["build", *argv, "--out", str(out)]) == 0
        built[as_of] = out
    return built


def expected_penalty(p, as_of: date) -> bool:
    """rules.md §2 and §3 written out independently of ipcredit.rules."""
    end = min(p.publicity_end or add_months(p.decision_date, 36), add_months(p.decision_date, 36))
    minor = (
        p.party_type is PartyType.PERSON
        and p.id_number
        and len(p.id_number) == 18
        and add_months(birth_date(p.id_number), 18 * 12)
        >= p.decision_date  # 18 from the day after the birthday
    )
    withdrawn = p.withdrawn_on is not None and p.withdrawn_on <= as_of
    return p.decision_date <= as_of <= end and not withdrawn and not minor


def expected_listing(d, as_of: date) -> bool:
    removal = d.scheduled_removal or add_months(d.listed_on, 36)
    return d.listed_on <= as_of < removal and (d.removed_on is None or as_of < d.removed_on)


def all_bytes(site: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in site.rglob("*") if p.is_file()]


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_records_appear_exactly_as_the_rules_say(sources, sites, as_of):
    site = sites[as_of]
    for p in sources.penalties:
        assert (site / "penalties" / p.id / "index.html").exists() == expected_penalty(p, as_of), (
            p.decision_number
        )
    for d in sources.dishonesty:
        assert (site / "dishonesty" / d.id / "index.html").exists() == expected_listing(d, as_of), (
            d.decision_number
        )


def test_the_two_dates_differ_in_both_directions(sources):
    first, later = AS_OF_DATES
    gone = [p for p in sources.penalties if expected_penalty(p, first) and not expected_penalty(p, later)]
    new = [p for p in sources.penalties if not expected_penalty(p, first) and expected_penalty(p, later)]
    assert gone and new  # the sample exercises expiry and not-yet-effective records


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_withheld_records_and_raw_id_numbers_appear_in_no_file(sources, sites, as_of):
    files = all_bytes(sites[as_of])
    withheld = [p for p in sources.penalties if not expected_penalty(p, as_of)]
    records = [repr(r) for r in (*sources.penalties, *sources.dishonesty)]
    # A name that also appears in another record (say as a legal representative) may rightly be shown.
    unique_names = [p.party_name for p in withheld if sum(p.party_name in r for r in records) == 1]
    needles = [p.decision_number for p in withheld] + [p.id for p in withheld] + unique_names
    needles += [p.id_number for p in sources.penalties if p.id_number]
    needles += [d.decision_number for d in sources.dishonesty if not expected_listing(d, as_of)]
    found = [(path.name, n) for n in needles for path, data in files if n.encode() in data]
    assert not found, found[:10]


def test_natural_persons_are_masked_in_every_output(sources, sites):
    site = sites[AS_OF_DATES[0]]
    persons = [
        p
        for p in sources.penalties
        if p.party_type is PartyType.PERSON and expected_penalty(p, AS_OF_DATES[0])
    ]
    assert persons
    person = persons[0]
    masked = mask_name(person.party_name)
    for relative in (f"penalties/{person.id}/index.html", "data/penalties.csv", "data/penalties.json"):
        text = (site / relative).read_text(encoding="utf-8-sig")
        assert masked in text and person.party_name not in text, relative


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_the_nightly_gate_passes_the_built_sample_and_fails_it_a_year_later(sites, as_of, capsys):
    """`build.py verify` has no false alarm on the real sample (parties with several records,
    cases naming companies), and does alarm when the as-of date moves on without a rebuild."""
    argv = [
        "--content",
        str(ROOT / "content"),
        "--data",
        str(ROOT / "cases_data"),
        "--out",
        str(sites[as_of]),
    ]
    capsys.readouterr()
    assert main(["verify", *argv, "--as-of", as_of.isoformat()]) == 0
    assert capsys.readouterr().out == ""
    later = date(as_of.year + 1, as_of.month, 1).isoformat()
    assert main(["verify", *argv, "--as-of", later]) == 1
    assert "of a withheld penalties record (expired)" in capsys.readouterr().out
