"""A night's change touches the list pages it is on, not every later page.

Lists are cut into pages where a record's key says so (ipcredit.web.pagination): a
record added to or withdrawn from the middle of a 500-record list rewrites the page
it is on (and the first page, which shows the counts), leaving every other page byte
for byte as it was, in both languages: on the whole register's list, on a filter
value's list, on a combination of two filter values and on the parties' list.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipcredit.web import create_app
from ipcredit.web.pagination import paging
from tests.factories import AUTHORITY, OTHER_AUTHORITY, catalogue, penalty, settings
from tests.web.paging import follow

SIZE = 500
LISTS = (
    "/penalties/",
    "/en/penalties/",
    "/penalties/ip-type/trademark/",
    "/en/penalties/year/2025/",
    f"/penalties/year/2025/authority/{AUTHORITY.uscc}/",  # two filter values combined
    f"/en/penalties/authority/{AUTHORITY.uscc}/ip-type/trademark/",
    "/parties/",
    "/en/parties/type/organisation/",
)
# Records on every list above: 2025, trademark, the first authority (see register()).
CHANGED = (96, 150, 200, 248, 252)  # none on a first page (at most 80 rows)


def code(n: int) -> str:
    return f"91110000{n:09d}X"  # each penalty its own party


def register(numbers) -> tuple:
    """Penalties one a day from 2025 on, newest first: every third a patent, every other from the
    second authority, each with its own party (so the parties' list changes too)."""
    records = [
        penalty(
            n,
            decision_date=date(2025, 1, 1) + timedelta(days=n),
            uscc=code(n),
            **({"ip_type": "专利", "violation_type": "假冒专利"} if n % 3 == 1 else {}),
            **({"authority": OTHER_AUTHORITY.name} if n % 2 else {}),
        )
        for n in numbers
    ]
    return tuple(sorted(records, key=lambda p: p.decision_date, reverse=True))


def built(records) -> dict[str, dict[str, bytes]]:
    """Every page of each list, as the build writes them: list → URL → bytes."""
    web = create_app(catalogue(penalties=records, settings=settings(page_size=20))).test_client()
    return {start: {path: page.encode() for path, page in follow(web, start)} for start in LISTS}


def changed(before: dict[str, dict[str, bytes]], after: dict[str, dict[str, bytes]]) -> dict[str, set[str]]:
    """Each list's pages written anew, changed or deleted, but its first page (tonight's counts)."""
    found = {}
    for start in LISTS:
        old, new = before[start], after[start]
        found[start] = {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)} - {start}
    return found


def test_the_changed_records_are_on_every_list_and_the_lists_are_long():
    everyone = built(register(range(SIZE + 1)))
    for start in LISTS:
        assert len(everyone[start]) >= 5, start  # several pages to each list (5 to 50)
    for n in CHANGED:
        assert n % 3 != 1 and n % 2 == 0 and n < 365  # trademark, first authority, 2025


@pytest.mark.parametrize("kind", ["added", "withdrawn"])
def test_one_record_added_or_withdrawn_rewrites_exactly_its_own_page(kind):
    """Each list: exactly one page changes besides the first, when the record neither ends a page
    nor moves where one ends (the page names stay). When it does, the pages beside it change too
    (their links; and a page end moved past a page's minimum length can move the next end, until
    the cuts meet again): a handful, never the rest of the list."""
    everyone = built(register(range(SIZE + 1)))
    exact = dict.fromkeys(LISTS, 0)
    for n in CHANGED:
        without = built(register(m for m in range(SIZE + 1) if m != n))
        before, after = (without, everyone) if kind == "added" else (everyone, without)
        for start, pages in changed(before, after).items():
            assert 0 < len(pages) <= 7, (n, start, sorted(pages))
            if before[start].keys() == after[start].keys():  # no page name came or went
                assert len(pages) == 1, (n, start, sorted(pages))
                exact[start] += 1
    # Most records do not end a page (1 in about 11 at these sizes): the exact case was met.
    assert all(count >= 3 for count in exact.values()), exact


def test_a_list_page_names_its_place_not_a_number():
    pages = built(register(range(SIZE + 1)))
    for start in LISTS:
        later = list(pages[start])[1:]
        assert later and all(path.startswith(start + "page/") for path in later)
        assert not any(path.rstrip("/").rpartition("/")[2].isdigit() for path in later)


def test_pages_keep_their_length_within_bounds_and_every_record_once():
    ids = [f"r{n}" for n in range(5000)]
    pages = paging(ids, 50, str)
    lengths = [len(pages.page(key).items) for key in pages.keys]
    assert sum(lengths) == len(ids) and [i for k in pages.keys for i in pages.page(k).items] == ids
    assert all(25 <= n <= 200 for n in lengths[:-1]) and 1 <= lengths[-1] <= 200
    assert 40 <= sum(lengths) / len(lengths) <= 60  # 50 on average, as the setting says
    assert len(set(pages.keys)) == len(pages.keys) and pages.keys[0] == ""
    assert pages.keys[1:] == tuple(pages.page(k).items[-1] for k in pages.keys[:-1])  # named after
    assert pages.page("r-unknown") is None


def test_an_empty_or_one_record_list_has_one_page():
    assert paging([], 50, str).keys == ("",) and paging([], 50, str).page("").items == []
    single = paging(["a"], 50, str).page("")
    assert single.items == ["a"] and not single.has_next and not single.has_previous
