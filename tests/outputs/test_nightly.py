"""The nightly rebuild: the next day's as-of date against the previous build's output.

What the night brings (a record added, one edited, one whose publicity ends, one withdrawn)
goes through the publication rules, as in the real build; the updated output must equal a
clean build of the same day byte for byte, and the pages of records that did not change must
not be rendered again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ipcredit.catalogue import publish
from ipcredit.outputs import freeze as freeze_module
from ipcredit.outputs import write_site
from ipcredit.progress import Progress
from ipcredit.records import Origin, SourceSet
from ipcredit.searchdocs import documents
from tests.factories import AUTHORITY, OTHER_AUTHORITY, dishonesty, penalty, settings
from tests.search.equivalence import assert_same_site
from tests.trees import tree_digest

DAY = date(2026, 11, 24)
NEXT = DAY + timedelta(days=1)


def register() -> list:
    """Penalties decided this year (shown for their class's period), on two list pages or more."""
    return [penalty(n, decision_date=date(2026, 6, n), publicity_end=None) for n in range(1, 8)]


def night() -> tuple[SourceSet, SourceSet, dict[str, str]]:
    """The sources of DAY and of NEXT, and the id of each record the night changes."""
    before = register()
    expiring = penalty(20, decision_date=date(2026, 1, 10), publicity_end=DAY)
    withdrawn = penalty(21, decision_date=date(2026, 5, 3), publicity_end=None)
    before += [expiring, withdrawn]
    after = [p for p in before if p is not withdrawn]
    after.append(replace(withdrawn, withdrawn_on=NEXT, withdrawal_reason="信用修复"))
    edited = after[2]
    after[2] = replace(edited, facts="更正：销售侵犯注册商标专用权的商品。")
    added = penalty(30, decision_date=NEXT - timedelta(days=2), publicity_end=None)
    # The clerk put the new row first: every other row is one line further down its file.
    after = [added] + [replace(p, origin=Origin(p.origin.path, p.origin.line + 1)) for p in after]
    listings = (dishonesty(1), dishonesty(2))
    ids = {"expired": expiring.id, "withdrawn": withdrawn.id, "edited": edited.id, "added": added.id}
    authorities = (AUTHORITY, OTHER_AUTHORITY)
    return (
        SourceSet(penalties=tuple(before), dishonesty=listings, authorities=authorities),
        SourceSet(penalties=tuple(after), dishonesty=listings, authorities=authorities),
        ids,
    )


def rendered(monkeypatch) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []
    original = freeze_module._freeze_share

    def spy(app, urls, static, tick):
        seen.extend(urls)
        return original(app, urls, static, tick)

    monkeypatch.setattr(freeze_module, "_freeze_share", spy)
    return seen


def test_the_nightly_rebuild_equals_a_clean_build_and_renders_only_changed_records(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    before, after, ids = night()
    today, tomorrow = publish(before, settings(), DAY), publish(after, settings(), NEXT)
    shown_today = {p.id for p in today.penalties}
    shown_tomorrow = {p.id for p in tomorrow.penalties}
    # The night as the rules see it: one record each added, edited, expired and withdrawn.
    assert {ids["expired"], ids["withdrawn"], ids["edited"]} <= shown_today and ids[
        "added"
    ] not in shown_today
    assert ids["expired"] not in shown_tomorrow and ids["withdrawn"] not in shown_tomorrow
    assert {ids["edited"], ids["added"]} <= shown_tomorrow

    out = tmp_path / "public"
    write_site(today, out, Progress())
    first = tree_digest(out)
    seen = rendered(monkeypatch)
    write_site(tomorrow, out, Progress())
    details = sorted({v["record_id"] for e, v in seen if e == "penalties.detail"})
    party_pages = {v["record_id"] for e, v in seen if e == "parties.detail"}
    detail_kinds = {e for e, _ in seen if e.endswith(".detail")}

    clean = tmp_path / "clean"
    write_site(tomorrow, clean, Progress(), reuse=False)
    nightly = tree_digest(out)
    assert_same_site(out, clean, documents(tomorrow))  # byte for byte, the search export by content

    assert details == sorted([ids["edited"], ids["added"]])
    # A party page is rendered again only when one of its records changed, came or went.
    night_parties = {p.uscc.upper() for p in (*before.penalties, *after.penalties) if p.id in ids.values()}
    assert party_pages == night_parties & {p.code for p in tomorrow.parties}
    assert detail_kinds == {"penalties.detail", "parties.detail"}
    for gone in (ids["expired"], ids["withdrawn"]):
        assert not any(gone in path for path in nightly)
    unchanged = shown_today & shown_tomorrow - {ids["edited"]}
    assert unchanged
    for rid in unchanged:  # a record's pages do not show the as-of date: same bytes as yesterday
        for path in (f"penalties/{rid}/index.html", f"en/penalties/{rid}/index.html"):
            assert nightly[path] == first[path]
    assert nightly["index.html"] != first["index.html"]  # the home page shows the as-of date
