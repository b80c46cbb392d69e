"""A night's search export: patched through the night dictionary, not exported afresh, and the
updated site equal to a clean build of the same day (every file byte for byte but the search
export, which answers alike: docs/search.md, "Checking a night against a clean build")."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta

import pytest

from ipcredit.catalogue import publish
from ipcredit.outputs import write_site
from ipcredit.progress import Progress
from ipcredit.records import SourceSet
from ipcredit.searchdocs import documents
from search import update
from search.tokenizer import exact_key
from tests.factories import AUTHORITY, OTHER_AUTHORITY, dishonesty, penalty, settings
from tests.search.equivalence import assert_same_site, texts_in

DAY = date(2026, 11, 24)
NEXT = DAY + timedelta(days=1)
RECORDS = 40


def sources() -> tuple[SourceSet, SourceSet, dict[str, object]]:
    """The sources of DAY and of NEXT: one record added, one edited, one whose publicity ends,
    one withdrawn."""
    before = [
        penalty(n, decision_date=date(2026, 6, 1 + n % 28), publicity_end=None) for n in range(1, RECORDS)
    ]
    expiring = penalty(80, decision_date=date(2026, 1, 10), publicity_end=DAY)
    withdrawn = penalty(81, decision_date=date(2026, 5, 3), publicity_end=None)
    before += [expiring, withdrawn]
    after = [p for p in before if p is not withdrawn]
    after.append(replace(withdrawn, withdrawn_on=NEXT, withdrawal_reason="信用修复"))
    edited = after[2]
    after[2] = replace(edited, facts=edited.facts.replace("销售", "出售", 1))
    added = penalty(90, decision_date=NEXT - timedelta(days=2), publicity_end=None)
    listings = (dishonesty(1), dishonesty(2))
    authorities = (AUTHORITY, OTHER_AUTHORITY)
    records = {"expired": expiring, "withdrawn": withdrawn, "edited": edited, "added": added}
    return (
        SourceSet(penalties=tuple(before), dishonesty=listings, authorities=authorities),
        SourceSet(penalties=(added, *after), dishonesty=listings, authorities=authorities),
        records,
    )


def test_a_night_is_patched_into_the_search_export_and_the_site_equals_a_clean_build(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    before, after, records = sources()
    today, tomorrow = publish(before, settings(), DAY), publish(after, settings(), NEXT)
    shown = {p.id for p in tomorrow.penalties}
    assert records["added"].id in shown and records["edited"].id in shown
    assert records["expired"].id not in shown and records["withdrawn"].id not in shown

    out = tmp_path / "public"
    write_site(today, out, Progress())
    capsys.readouterr()
    full: list[int] = []
    original = update._full_export
    monkeypatch.setattr(update, "_full_export", lambda *a, **k: full.append(1) or original(*a, **k))
    write_site(tomorrow, out, Progress())
    assert full == [], capsys.readouterr().err  # patched: the night dictionary holds the night
    assert list((out / "search-index/n").glob("*.bin"))

    clean = tmp_path / "clean"
    write_site(tomorrow, clean, Progress(), reuse=False)
    assert not (clean / "search-index/n").exists()  # a clean export has no night dictionary
    assert_same_site(out, clean, documents(tomorrow))
    # The records that left are in no search file: neither their number nor its exact term.
    for gone in (records["expired"], records["withdrawn"]):
        number = gone.decision_number
        assert texts_in(out / "search-index", [number, "=" + exact_key(number)]) == []
    assert texts_in(out / "search-index", [records["added"].decision_number])  # (the check can fail)


def test_a_night_that_needs_a_full_export_makes_it_beside_the_pages_and_equals_a_clean_build(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    """Every few nights the changes since the last full export are too many for the night
    dictionary: that night's export is made in a child process while the pages are rendered,
    as a clean build's is, and says why."""
    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    before, after, _ = sources()
    today, tomorrow = publish(before, settings(), DAY), publish(after, settings(), NEXT)
    out = tmp_path / "public"
    write_site(today, out, Progress())
    capsys.readouterr()

    def too_many(*_args, **_kwargs):
        raise update.NeedsFullExport("too many changes since the last full export")

    monkeypatch.setattr(update, "patch", too_many)
    made_by = tmp_path / "made-by"
    original = update._full_export

    def spy(*args, **kwargs):
        made_by.write_text(str(os.getpid()))
        return original(*args, **kwargs)

    monkeypatch.setattr(update, "_full_export", spy)
    write_site(tomorrow, out, Progress())
    assert "search: full export (too many changes" in capsys.readouterr().err
    assert int(made_by.read_text()) != os.getpid()  # in a child process
    assert not (out / "search-index/n").exists()  # afresh: no night dictionary

    clean = tmp_path / "clean"
    write_site(tomorrow, clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(tomorrow))
