"""rules.changes: first_published, the change log and the withdrawals list against a previous state."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from ipcredit.catalogue import Catalogue
from ipcredit.changes import LOG_DAYS, content_hash, follow, shown_digests, usable
from ipcredit.records import Attachment, Change, ChangeKind, History, Shown, ShownDigests, Withdrawal
from ipcredit.rules.protection import publish_risk_points, publish_trademarks
from tests.factories import (
    case,
    dishonesty,
    key_trademark,
    notice,
    penalty,
    risk_point,
    settings,
    white_paper,
)

D = date(2026, 11, 24)


def raw(as_of: date = D, months: int = 24, **parts: object) -> Catalogue:
    """A catalogue as the rules publish it, before any history is followed."""
    publicity = replace(settings().publicity, withdrawal_retention_months=months)
    values: dict = {
        "as_of": as_of, "settings": replace(settings(), publicity=publicity), "white_papers": (),
        "notices": (), "pages": (), "authorities": (), "cases": (), "penalties": (), "dishonesty": (),
        "withheld": (),
    }  # fmt: skip
    values.update(parts)
    return Catalogue(**values)


def state(cat: Catalogue) -> History:
    history = cat.history
    assert history is not None
    return history


def test_the_first_build_logs_nothing_and_first_publishes_everything_on_the_as_of_date():
    cat = follow(raw(penalties=(penalty(1),), dishonesty=(dishonesty(1),), cases=(case("a"),)), None)
    history = state(cat)
    assert history.changes == () and history.withdrawals == () and history.log_started == D
    assert {(s.section, s.first_published) for s in history.shown} == {
        ("penalties", D), ("dishonesty", D), ("cases", D)
    }  # fmt: skip
    assert cat.penalties[0].first_published == D and cat.cases[0].first_published == D


def test_added_changed_and_withdrawn_against_the_day_before():
    day1, day2 = D, D + timedelta(days=1)
    first = follow(raw(day1, penalties=(penalty(1), penalty(2), penalty(3))), None)
    edited = replace(penalty(2), facts="更正后的事实。")
    second = follow(raw(day2, penalties=(penalty(1), edited, penalty(4))), state(first))
    history = state(second)
    assert history.changes == (  # in the order of the site's lists, withdrawals last
        Change(day2, ChangeKind.CHANGED, "penalties", penalty(2).id),
        Change(day2, ChangeKind.ADDED, "penalties", penalty(4).id),
        Change(day2, ChangeKind.WITHDRAWN, "penalties", penalty(3).id),
    )
    assert history.withdrawals == (Withdrawal(penalty(3).id, "penalties", day2),)
    first_published = {p.id: p.first_published for p in second.penalties}
    assert first_published == {penalty(1).id: day1, penalty(2).id: day1, penalty(4).id: day2}
    assert history.log_started == day1


def test_every_section_is_followed():
    first = follow(
        raw(cases=(case("a"),), white_papers=(white_paper("w", D),), notices=(notice("n", D),)), None
    )
    later = follow(raw(D + timedelta(days=1)), state(first))
    assert {(w.section, w.id) for w in state(later).withdrawals} == {
        ("cases", "a"), ("white-papers", "w"), ("notices", "n")
    }  # fmt: skip
    assert [w.section for w in state(later).withdrawals] == ["cases", "white-papers", "notices"]


def protection_lists(as_of: date, marks: tuple, places: tuple) -> Catalogue:
    """The catalogue of ``as_of`` with the marks and places the windows show on that day."""
    shown_marks, _ = publish_trademarks(marks, settings(), as_of)
    shown_places, _ = publish_risk_points(places, as_of)
    return raw(as_of, key_trademarks=shown_marks, risk_points=shown_places)


def test_a_mark_past_its_protection_is_withdrawn_and_a_new_place_added_by_id_section_and_date():
    day1, day2 = D, D + timedelta(days=1)
    lasting, ending = key_trademark(1), key_trademark(2, valid_until=day1)  # shown while as-of ≤ D
    market, platform = risk_point(1), risk_point(2, listed_on=day2)
    first = follow(protection_lists(day1, (lasting, ending), (market, platform)), None)
    assert {m.id: m.first_published for m in first.key_trademarks} == {lasting.id: day1, ending.id: day1}
    assert [p.first_published for p in first.risk_points] == [day1]  # the platform is listed from D+1
    second = follow(protection_lists(day2, (lasting, ending), (market, platform)), state(first))
    history = state(second)
    assert history.changes == (  # in the order of the site's sections: marks before places
        Change(day2, ChangeKind.ADDED, "risk-points", platform.id),
        Change(day2, ChangeKind.WITHDRAWN, "key-trademarks", ending.id),
    )
    assert history.withdrawals == (Withdrawal(ending.id, "key-trademarks", day2),)
    assert [(m.id, m.first_published) for m in second.key_trademarks] == [(lasting.id, day1)]
    assert {p.id: p.first_published for p in second.risk_points} == {market.id: day1, platform.id: day2}
    assert {(s.section, s.id) for s in history.shown} == {
        ("key-trademarks", lasting.id), ("risk-points", market.id), ("risk-points", platform.id)
    }  # fmt: skip


def test_a_removed_place_is_withdrawn_and_an_edited_mark_changed():
    day1, day2 = D, D + timedelta(days=1)
    mark, place = key_trademark(1), risk_point(1, removed_on=day2)  # shown while as-of < D+1
    first = follow(protection_lists(day1, (mark,), (place,)), None)
    edited = replace(mark, measures="延长保护期。")
    second = follow(protection_lists(day2, (edited,), (place,)), state(first))
    assert state(second).changes == (
        Change(day2, ChangeKind.CHANGED, "key-trademarks", mark.id),
        Change(day2, ChangeKind.WITHDRAWN, "risk-points", place.id),
    )
    assert state(second).withdrawals == (Withdrawal(place.id, "risk-points", day2),)
    assert second.key_trademarks[0].first_published == day1


def test_a_record_that_returns_leaves_the_withdrawals_list_and_is_added_again():
    day1, day2, day3 = D, D + timedelta(days=1), D + timedelta(days=2)
    first = follow(raw(day1, penalties=(penalty(1),)), None)
    gone = follow(raw(day2), state(first))
    back = follow(raw(day3, penalties=(penalty(1),)), state(gone))
    assert state(gone).withdrawals == (Withdrawal(penalty(1).id, "penalties", day2),)
    assert state(back).withdrawals == ()
    assert state(back).changes[0] == Change(day3, ChangeKind.ADDED, "penalties", penalty(1).id)
    assert back.penalties[0].first_published == day3  # new again: subscribers pick it up again


def previous_with(changes=(), withdrawals=(), as_of: date = D) -> History:
    return History(as_of, date(2024, 1, 1), (), tuple(changes), tuple(withdrawals))


def test_the_log_keeps_exactly_the_last_400_days():
    kept = Change(D - timedelta(days=LOG_DAYS), ChangeKind.ADDED, "penalties", "aaaaaaaaaaaa")
    dropped = Change(D - timedelta(days=LOG_DAYS + 1), ChangeKind.ADDED, "penalties", "bbbbbbbbbbbb")
    history = state(follow(raw(D), previous_with([kept, dropped])))
    assert history.changes == (kept,)
    assert LOG_DAYS == 400


def test_a_withdrawal_is_listed_for_the_retention_months_and_not_a_day_longer():
    on_edge = Withdrawal("aaaaaaaaaaaa", "penalties", date(2024, 11, 24))  # + 24 months = D
    past_edge = Withdrawal("bbbbbbbbbbbb", "penalties", date(2024, 11, 23))
    history = state(follow(raw(D), previous_with(withdrawals=[on_edge, past_edge])))
    assert history.withdrawals == (on_edge,)
    shorter = state(follow(raw(D, months=1), previous_with(withdrawals=[on_edge])))
    assert shorter.withdrawals == ()
    month = Withdrawal("cccccccccccc", "penalties", date(2026, 10, 24))
    assert state(follow(raw(D, months=1), previous_with(withdrawals=[month]))).withdrawals == (month,)


def test_the_withdrawals_list_is_newest_first_and_names_each_record_once():
    older = Withdrawal("aaaaaaaaaaaa", "penalties", date(2026, 1, 1))
    newer = Withdrawal("bbbbbbbbbbbb", "dishonesty", date(2026, 6, 1))
    again = Withdrawal("aaaaaaaaaaaa", "penalties", date(2025, 12, 1))
    history = state(follow(raw(D), previous_with(withdrawals=[older, newer, again])))
    assert history.withdrawals == (newer, older)


def test_the_log_is_newest_first_and_an_entry_logged_twice_is_kept_once():
    old = Change(D - timedelta(days=3), ChangeKind.CHANGED, "penalties", "aaaaaaaaaaaa")
    newer = Change(D - timedelta(days=1), ChangeKind.ADDED, "penalties", "bbbbbbbbbbbb")
    history = state(follow(raw(D), previous_with([old, newer, old])))
    assert history.changes == (newer, old)


def test_a_rebuild_on_the_same_day_against_its_own_state_changes_nothing():
    first = follow(raw(D - timedelta(days=1), penalties=(penalty(1), penalty(2))), None)
    today = raw(D, penalties=(penalty(2), penalty(3)))
    once = follow(today, state(first))
    twice = follow(today, state(once))
    assert state(twice) == state(once)


def test_a_previous_state_is_usable_up_to_the_same_day_only():
    previous = previous_with(as_of=D)
    assert usable(previous, D) is previous
    assert usable(previous, D + timedelta(days=1)) is previous
    assert usable(previous, D - timedelta(days=1)) is None
    assert usable(None, D) is None


def test_the_content_hash_follows_what_the_site_shows_and_nothing_else():
    base = penalty(1)
    assert content_hash(base) == content_hash(replace(base, origin=replace(base.origin, line=99)))
    assert content_hash(base) == content_hash(replace(base, first_published=D))
    assert content_hash(base) != content_hash(replace(base, facts="另一事实。"))
    assert content_hash(base) != content_hash(replace(base, publicity_end=date(2027, 1, 1)))
    assert len(content_hash(base)) == 16 and set(content_hash(base)) <= set("0123456789abcdef")
    doc = case("a")
    here = Attachment("a.pdf", Path("/build/one/a.pdf"), "files/a.pdf", 10, "application/pdf")
    there = replace(here, source=Path("/elsewhere/a.pdf"))
    assert content_hash(replace(doc, attachments=(here,))) == content_hash(replace(doc, attachments=(there,)))
    assert content_hash(replace(doc, attachments=(here,))) != content_hash(
        replace(doc, attachments=(replace(here, size=11),))
    )
    assert content_hash(replace(doc, tags=())) != content_hash(replace(doc, tags=("标签",)))


def test_the_content_hash_stays_what_earlier_builds_recorded():
    """Every published state holds these hashes, and the next build compares its own with
    them: a code change that made other hashes of the same records would log every record
    as changed on the night it is deployed. (Values as the code of November 2026 made them.)"""
    attachment = Attachment("a.pdf", Path("/build/one/a.pdf"), "files/a.pdf", 10, "application/pdf")
    records = {
        "9c397edc89ef6fbb": penalty(1),
        "104d49b3496c9d19": penalty(2),
        "acc2e7e068e086e8": dishonesty(1),
        "02b36a5c6a01c409": key_trademark(1),
        "a2f99bbf05d12aed": risk_point(1),
        "4dd82e113e0f71eb": replace(case("a"), attachments=(attachment,)),
        "4026fa1391d85b51": white_paper("w", date(2026, 4, 1)),
        "2d7928805d79579e": notice("n", date(2026, 5, 1)),
    }
    assert {pinned: content_hash(record) for pinned, record in records.items()} == {p: p for p in records}


def test_unknown_sections_of_a_previous_state_are_withdrawn_after_the_known_ones():
    shown = (Shown("zz-new", "x1", "0" * 16, D), Shown("penalties", "p1", "0" * 16, D))
    history = state(follow(raw(D), History(D, D, shown, (), ())))
    assert [w.section for w in history.withdrawals] == ["penalties", "zz-new"]


def test_a_tracked_records_shown_digest_changes_with_what_its_pages_show_and_nothing_else():
    """The page plan takes the change log's hash of a record with its first day shown
    (``shown_digests``) instead of hashing the record again: it must change whenever the
    record's pages would, like the plan's own digest."""
    day1, day2 = D, D + timedelta(days=1)
    moved = replace(penalty(1), origin=replace(penalty(1).origin, line=99))  # where it came from
    edited = replace(penalty(2), facts="更正后的事实。")
    first = follow(raw(day1, penalties=(penalty(1), penalty(2), penalty(3))), None)
    second = follow(raw(day2, penalties=(moved, edited, penalty(4))), state(first))

    def digests(cat: Catalogue) -> dict[str, str]:
        known = {id(record): digest for record, digest in shown_digests(cat)}
        found = {r.id: known.get(id(r)) for r in cat.penalties}
        assert None not in found.values()
        return found

    before, after = digests(first), digests(second)
    assert after[penalty(1).id] == before[penalty(1).id]  # the same row elsewhere in its file
    assert after[penalty(2).id] != before[penalty(2).id]  # edited
    assert after[penalty(4).id] not in before.values()  # new
    # The same content first shown on another day: its pages say so.
    again = follow(raw(day2, penalties=(penalty(3),)), None)
    assert digests(again)[penalty(3).id] != before[penalty(3).id]
    # A value the change log does not track is hashed by the plan itself.
    unpublished = penalty(3)  # not the published object (first_published unset)
    assert all(record is not unpublished for record, _digest in shown_digests(first))
    plan = ShownDigests(shown_digests(first))
    assert plan(first.penalties[0]) == before[penalty(1).id]
    assert plan(penalty(3)) == ShownDigests()(penalty(3))
