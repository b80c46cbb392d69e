"""A night's change touches the list pages it is on, not every later page.

Lists are cut into pages where a record's id says so (ipcredit.web.pagination):
a record added to or removed from the middle of a 500-record list leaves the
other pages byte for byte as they were, in both languages, on the whole
register's list and on a facet's list. Only the first page shows the counts.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipcredit.web import create_app
from ipcredit.web.pagination import paging
from tests.factories import catalogue, penalty, settings
from tests.web.paging import follow

SIZE = 500
LISTS = ("/penalties/", "/en/penalties/", "/penalties/ip-type/trademark/", "/en/penalties/year/2025/")


def register(numbers) -> tuple:
    """Penalties one a day, newest first, all of 2025 and 2026 (the facet lists see them all)."""
    records = [penalty(n, decision_date=date(2025, 1, 1) + timedelta(days=n)) for n in numbers]
    return tuple(sorted(records, key=lambda p: p.decision_date, reverse=True))


def built(records) -> dict[str, bytes]:
    """Every page of the lists, as the build writes them: URL → bytes."""
    web = create_app(catalogue(penalties=records, settings=settings(page_size=20))).test_client()
    return {path: page.encode() for start in LISTS for path, page in follow(web, start)}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Pages written anew, changed or deleted, but the first pages (they show tonight's counts)."""
    moved = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return moved - set(LISTS)


@pytest.mark.parametrize("middle", [250, 251, 97, 402])
def test_one_record_added_or_removed_rewrites_only_its_own_pages(middle):
    everyone = list(range(SIZE + 1))
    before = built(register(n for n in everyone if n != middle))
    after = built(register(everyone))  # the night adds record `middle`
    assert len(before) > 4 * len(LISTS)  # several pages to each list
    added = changed(before, after)
    # Its own page in each of the four lists, sometimes one beside it (when it ends a page).
    assert 0 < len(added) <= 2 * len(LISTS), sorted(added)
    gone = built(register(n for n in everyone if n not in (middle, middle + 1)))
    assert 0 < len(changed(after, gone)) <= 2 * len(LISTS)  # the night removes `middle + 1`


def test_pages_keep_their_length_within_bounds_and_every_record_once():
    ids = [f"r{n}" for n in range(5000)]
    pages = paging(ids, 50, str)
    lengths = [len(pages.page(key).items) for key in pages.keys]
    assert sum(lengths) == len(ids) and [i for k in pages.keys for i in pages.page(k).items] == ids
    assert all(25 <= n <= 200 for n in lengths[:-1]) and 1 <= lengths[-1] <= 200
    assert 40 <= sum(lengths) / len(lengths) <= 60  # 50 on average, as the setting says
    assert len(set(pages.keys)) == len(pages.keys) and pages.keys[0] == ""
    assert pages.page("r-unknown") is None


def test_an_empty_or_one_record_list_has_one_page():
    assert paging([], 50, str).keys == ("",) and paging([], 50, str).page("").items == []
    single = paging(["a"], 50, str).page("")
    assert single.items == ["a"] and not single.has_next and not single.has_previous
