"""Documents on the as-of date: each appears from its published date; a notice leaves after `expires`.

Every withheld document is reported with its register, its slug and where it came from, because
the build summary (and the agency reading it) relies on those to say what was held back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ipcredit.records import Origin, Page, Text, WithholdReason
from ipcredit.rules.documents import order_pages, publish_notices, publish_white_papers
from tests.factories import notice, white_paper

AS_OF = date(2026, 11, 24)


def test_a_notice_published_tomorrow_is_withheld_as_not_yet_effective_with_its_origin():
    later = replace(notice("tomorrow", date(2026, 11, 25)), origin=Origin("content/notices/tomorrow.md", 1))
    shown, withheld = publish_notices([later, notice("today", AS_OF)], AS_OF)
    assert [n.slug for n in shown] == ["today"]
    [entry] = withheld
    assert (entry.register, entry.key, entry.reason) == (
        "notices",
        "tomorrow",
        WithholdReason.NOT_YET_EFFECTIVE,
    )
    assert entry.origin == Origin("content/notices/tomorrow.md", 1)


def test_a_notice_is_shown_on_its_expiry_day_and_withheld_as_expired_the_day_after():
    expiring = replace(notice("hearing", date(2026, 10, 1)), expires=AS_OF, origin=Origin("n/hearing.md", 3))
    assert [n.slug for n in publish_notices([expiring], AS_OF)[0]] == ["hearing"]
    shown, withheld = publish_notices([expiring], date(2026, 11, 25))
    assert shown == ()
    [entry] = withheld
    assert (entry.register, entry.key, entry.reason) == ("notices", "hearing", WithholdReason.EXPIRED)
    assert entry.origin == Origin("n/hearing.md", 3)


def test_notices_are_newest_first_and_same_day_notices_by_slug_from_z_to_a():
    notices = [notice("b", date(2026, 3, 1)), notice("a", date(2026, 5, 1)), notice("c", date(2026, 3, 1))]
    shown, _ = publish_notices(notices, AS_OF)
    assert [n.slug for n in shown] == ["a", "c", "b"]


def test_a_white_paper_released_after_the_as_of_date_is_withheld_under_white_papers():
    paper = replace(
        white_paper("2026-paper", date(2027, 4, 22)), origin=Origin("content/white-papers/x.md", 1)
    )
    shown, withheld = publish_white_papers([paper], AS_OF)
    assert shown == ()
    [entry] = withheld
    assert (entry.register, entry.key, entry.reason) == (
        "white-papers", "2026-paper", WithholdReason.NOT_YET_EFFECTIVE,
    )  # fmt: skip
    assert entry.origin == Origin("content/white-papers/x.md", 1)
    assert [p.slug for p in publish_white_papers([paper], date(2027, 4, 22))[0]] == ["2026-paper"]


def test_white_papers_are_by_reported_year_newest_first_then_newest_release():
    older_year_late_release = replace(white_paper("y2023", date(2026, 6, 1)), year=2023)
    papers = [older_year_late_release, white_paper("y2024", date(2025, 4, 22)),
              replace(white_paper("y2024-revised", date(2025, 9, 1)), year=2024)]  # fmt: skip
    shown, _ = publish_white_papers(papers, AS_OF)
    assert [p.slug for p in shown] == ["y2024-revised", "y2024", "y2023"]


def test_standing_pages_follow_their_order_setting_then_slug():
    def page(slug: str, order: int) -> Page:
        return Page(Text(slug, "", "<p></p>"), None, slug, order, (), Origin(f"{slug}.md", 1))

    pages = [page("z-first", 1), page("b", 5), page("a", 5), page("last", 9)]
    assert [p.slug for p in order_pages(pages)] == ["z-first", "a", "b", "last"]
