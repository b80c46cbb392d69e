"""The sections of the site, each declared once.

A :class:`Section` says what a part of the site is called (a Chinese msgid;
the English label comes from the message catalogue), which records of the
:class:`~ipcredit.catalogue.Catalogue` it shows, each record's key and date,
where its pages live, and whether it has a feed and a dataset. The views,
feeds, sitemap, data dictionary, search documents and the CLI summary all
read :data:`SECTIONS`; none keeps a list of its own.

URLs are computed here and nowhere else: :meth:`Section.record_path` is a
record page's path below the site root (as docs/outputs.md lists it), and the
views build their URL rules from :attr:`Section.path`, so the page the
freezer writes and the link a feed, the sitemap, the search index or a
dataset gives are the same string.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcredit.catalogue import Catalogue


def N_(message: str) -> str:  # the gettext marker (tools/translations.py extracts it)
    return message


@dataclass(frozen=True)
class Section:
    name: str  # identifier: search filter value, feed name and entry category, dataset stem
    label: str  # short Chinese label (msgid): the search filter and feed entries show it
    records: Callable[[Catalogue], Sequence[Any]]  # the published records, in the site's order
    key: Callable[[Any], str]  # the record page's last path segment (an id or a slug)
    day: Callable[[Any], date] | None  # the date a record is new on; None for undated pages
    path: str  # URL segment its pages live under; "" for pages at the site root (/<slug>/)
    also_under: tuple[str, ...] = ()  # other URL segments of the section's list pages
    feed_title: str | None = None  # Chinese title (msgid) of its Atom feed, if it has one
    dataset: str | None = None  # its open-data file stem under /data/, if it has one

    @property
    def list_path(self) -> str:
        """The section's list page below the site root ("penalties/"); "" for root pages."""
        return f"{self.path}/" if self.path else ""

    @property
    def path_prefixes(self) -> tuple[str, ...]:
        """Path prefixes of every page of the section (list, facets, records)."""
        return (self.list_path, *(f"{segment}/" for segment in self.also_under))

    def record_path(self, record: Any) -> str:
        """A record page's path below the site root, with a trailing slash."""
        return self.key_path(self.key(record))

    def key_path(self, key: str) -> str:
        """The page path of the record with this key (an id in the change log, say)."""
        return f"{self.list_path}{key}/"

    def record_url(self, record: Any, base_url: str) -> str:
        """A record page's absolute URL (Chinese; the English one has en/ after the root)."""
        return base_url + self.record_path(record)


def _id(record: Any) -> str:
    return record.id


def _slug(record: Any) -> str:
    return record.slug


def _published(record: Any) -> date:
    return record.published


PENALTIES = Section(
    "penalties", N_("行政处罚"), lambda c: c.penalties, _id, lambda r: r.decision_date, "penalties",
    feed_title=N_("行政处罚决定"), dataset="penalties",
)  # fmt: skip
DISHONESTY = Section(
    "dishonesty", N_("失信名单"), lambda c: c.dishonesty, _id, lambda r: r.listed_on, "dishonesty",
    feed_title=N_("严重违法失信名单"), dataset="dishonesty",
)  # fmt: skip
CASES = Section(
    "cases", N_("案例"), lambda c: c.cases, _slug, _published, "cases",
    also_under=("top-ten",), feed_title=N_("知识产权案例"), dataset="cases",
)  # fmt: skip
WHITE_PAPERS = Section(
    "white-papers", N_("白皮书"), lambda c: c.white_papers, _slug, _published, "white-papers",
    feed_title=N_("白皮书"),
)  # fmt: skip
NOTICES = Section(
    "notices", N_("通知公告"), lambda c: c.notices, _slug, _published, "notices",
    feed_title=N_("通知公告"),
)  # fmt: skip
KEY_TRADEMARKS = Section(
    "key-trademarks", N_("重点商标"), lambda c: c.key_trademarks, _id, lambda r: r.listed_on, "key-trademarks",
    dataset="key-trademarks",
)  # fmt: skip
RISK_POINTS = Section(
    "risk-points", N_("风险点"), lambda c: c.risk_points, _id, lambda r: r.listed_on, "risk-points",
    dataset="risk-points",
)  # fmt: skip
PARTIES = Section(
    "parties", N_("当事人"), lambda c: c.parties, _id, lambda r: r.updated, "parties", dataset="parties",
)  # fmt: skip
PAGES = Section("pages", N_("其他页面"), lambda c: c.pages, _slug, None, "")

# The order is shown and published: the search page lists the filters in it, search
# results of equal score and the export's section numbers follow it, the "all" feed
# breaks ties of a day by it, and the build summary lists sections in it. Parties come
# first: a party's page is the first answer to a query for its name or code.
SECTIONS: tuple[Section, ...] = (
    PARTIES, PENALTIES, DISHONESTY, KEY_TRADEMARKS, RISK_POINTS, CASES, WHITE_PAPERS, NOTICES, PAGES,
)  # fmt: skip
BY_NAME: dict[str, Section] = {s.name: s for s in SECTIONS}
