"""The shipped sample built end to end: records come and go with the as-of date exactly as the
publication rules say (classes and their periods, withdrawal, minors), every shown penalty
carries its class, end of publicity and repair date, and nothing withheld or unmasked reaches
any file of the site. The rules are written out here again, independently of ipcredit.rules."""

from __future__ import annotations

import calendar
import csv
import itertools
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.checks.codes import birth_date
from ipcredit.cli import main
from ipcredit.pipeline import Folders, read_sources
from ipcredit.problems import Problems
from ipcredit.records import PartyType
from ipcredit.rules.masking import mask_name
from ipcredit.web.i18n import format_amount
from tests.leaks import find_leaks

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
# The tests' default date; a date when most ordinary (一般, 12 months) penalties of the sample have
# ended but serious (严重, 36 months) ones remain; one when nearly everything has ended.
AS_OF_DATES = (date(2026, 11, 24), date(2027, 6, 1), date(2028, 6, 1))


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


def plus_months(start: date, months: int) -> date:
    """Calendar months; a day past the target month's end becomes its last day."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# The defaults of NDRC Order 36 as content/site.yaml states them: (minimum, maximum) months.
PERIODS = {"轻微": (0, 3), "一般": (3, 12), "严重": (12, 36)}
SERIOUS_WORDS = ("吊销", "责令关闭", "限制从业", "限制开展生产经营活动", "责令停产停业")


def expected_class(p) -> str:
    """失信程度 when given; otherwise 严重 for a revocation, closure, ban or a large amount, 轻微 for
    warnings or reprimands alone or a summary procedure, 一般 for everything else."""
    if p.declared_class:
        return str(p.declared_class)
    words = "".join((*p.penalty_categories, p.content, p.licence_action or "")).replace("暂扣或者吊销", "")
    amount = (p.fine_yuan or Decimal(0)) + (p.confiscated_yuan or Decimal(0))
    if any(w in words for w in SERIOUS_WORDS):
        return "严重"
    if amount >= (100_000 if p.party_type is PartyType.PERSON else 1_000_000):
        return "严重"
    if p.penalty_categories and set(p.penalty_categories) <= {"警告", "通报批评"}:
        return "轻微"
    if p.procedure == "简易程序" or "简易程序" in "".join((*p.penalty_categories, p.content)):
        return "轻微"
    return "一般"


def expected_dates(p) -> tuple[date, date]:
    """(end of publicity, first day credit repair may be applied for)."""
    low, high = PERIODS[expected_class(p)]
    cap = plus_months(p.decision_date, high)
    return min(p.publicity_end or cap, cap), plus_months(p.decision_date, low)


def expected_penalty(p, as_of: date) -> bool:
    end, _repair = expected_dates(p)
    minor = (
        p.party_type is PartyType.PERSON
        and p.id_number
        and len(p.id_number) == 18
        and plus_months(birth_date(p.id_number), 18 * 12) >= p.decision_date  # 18 from the next day
    )
    withdrawn = p.withdrawn_on is not None and p.withdrawn_on <= as_of
    published_class = expected_class(p) != "轻微"  # publish_minor: false
    return published_class and p.decision_date <= as_of <= end and not withdrawn and not minor


def expected_listing(d, as_of: date) -> bool:
    removal = d.scheduled_removal or plus_months(d.listed_on, 36)
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


def test_the_dates_differ_in_both_directions_and_every_class_occurs(sources):
    for first, later in itertools.pairwise(AS_OF_DATES):
        gone = [p for p in sources.penalties if expected_penalty(p, first) and not expected_penalty(p, later)]
        assert gone, (first, later)  # the sample exercises expiry at each step
    new = [
        p
        for p in sources.penalties
        if not expected_penalty(p, AS_OF_DATES[0]) and expected_penalty(p, AS_OF_DATES[1])
    ]
    assert new  # and records not yet effective on the first date
    classes = {(expected_class(p), p.declared_class is not None) for p in sources.penalties}
    assert classes == {(c, declared) for c in PERIODS for declared in (True, False)}
    on_first = [p for p in sources.penalties if expected_penalty(p, AS_OF_DATES[0])]
    assert {expected_class(p) for p in on_first} == {"一般", "严重"}
    assert {expected_class(p) for p in sources.penalties if expected_penalty(p, AS_OF_DATES[1])} >= {"严重"}


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_every_shown_penalty_carries_its_class_end_and_repair_date_on_its_page_and_in_the_data(
    sources, sites, as_of
):
    site = sites[as_of]
    shown = {p.id: p for p in sources.penalties if expected_penalty(p, as_of)}
    with (site / "data/penalties.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(shown)
    for record_id, p in shown.items():
        end, repair = expected_dates(p)
        row = rows[record_id]
        assert (row["publicity_class"], row["publicity_end"], row["repair_from"]) == (
            expected_class(p),
            end.isoformat(),
            repair.isoformat(),
        ), p.decision_number
        page = (site / "penalties" / record_id / "index.html").read_text(encoding="utf-8")
        facts = re.search(r"失信程度</dt><dd>(\w+)</dd>", page)
        assert facts and facts.group(1) == expected_class(p), p.decision_number
        bare = page.replace('"', "")  # minified pages quote attributes only where they must
        assert f"datetime={end.isoformat()}" in bare and f"datetime={repair.isoformat()}" in bare
        assert (
            'href="/credit-repair/"' in page
            or 'href="../../credit-repair/"' in page
            or "credit-repair/" in page
        )


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_headline_figures_count_only_what_is_shown(sources, sites, as_of):
    shown = [p for p in sources.penalties if expected_penalty(p, as_of)]
    listed = [d for d in sources.dishonesty if expected_listing(d, as_of)]
    for page in ("index.html", "statistics/index.html"):
        text = (sites[as_of] / page).read_text(encoding="utf-8")
        figures = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", text)
        found = dict(figures)
        assert found["当前公示的行政处罚决定"].replace(",", "") == str(len(shown)), page
        assert found["当前列入失信名单的主体"].replace(",", "") == str(len(listed)), page
        fines = sum((p.fine_yuan for p in shown if p.fine_yuan), Decimal(0))
        assert found["公示处罚的罚款总额"] == format_amount(fines, "zh"), page


def test_listing_pages_say_from_when_early_removal_may_be_applied_for(sources, sites):
    as_of = AS_OF_DATES[0]
    for d in (d for d in sources.dishonesty if expected_listing(d, as_of)):
        page = (sites[as_of] / "dishonesty" / d.id / "index.html").read_text(encoding="utf-8")
        bare = page.replace('"', "")  # minified pages quote attributes only where they must
        assert (
            f"可申请提前移出日期</dt><dd><time datetime={plus_months(d.listed_on, 12).isoformat()}>" in bare
        )


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_withheld_records_and_raw_id_numbers_appear_in_no_file(sources, sites, as_of):
    files = all_bytes(sites[as_of])
    # The scan covers the combined filter pages too (a year and an IP type, both languages).
    assert list(sites[as_of].glob("penalties/year/*/ip-type/*/index.html"))
    assert list(sites[as_of].glob("en/penalties/year/*/ip-type/*/index.html"))
    withheld = [p for p in sources.penalties if not expected_penalty(p, as_of)]
    records = [
        repr(r)
        for r in (*sources.penalties, *sources.dishonesty, *sources.key_trademarks, *sources.risk_points)
    ]
    # A name that also appears in another record (say as a legal representative, or as the holder of
    # a mark on the key trademark list) may rightly be shown.
    unique_names = [p.party_name for p in withheld if sum(p.party_name in r for r in records) == 1]
    needles = [p.decision_number for p in withheld] + [p.id for p in withheld] + unique_names
    needles += [p.id_number for p in sources.penalties if p.id_number]
    needles += [d.decision_number for d in sources.dishonesty if not expected_listing(d, as_of)]
    found = [(path.name, n) for n in needles for path, data in files if n.encode() in data]
    assert not found, found[:10]
    # the same, inside the gzipped search shards and the XLSX datasets too, and any unmasked ID
    assert find_leaks(sites[as_of], needles) == []


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
