"""Atom feeds (RFC 4287): everything new, and one per section, in both languages.

``/feeds/<name>.atom`` (Chinese) and ``/en/feeds/<name>.atom`` hold the newest
:data:`FEED_SIZE` published items. Every date comes from the records (the feed's
``<updated>`` is its newest entry's), never from the clock, so two builds of the
same inputs give the same bytes; entry ids are derived from the site address
and the record's key, so they stay the same from build to build.
"""

from __future__ import annotations

import heapq
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.sections import DISHONESTY, PENALTIES, SECTIONS, Section
from ipcredit.web.context import catalogue, lang, site_state
from ipcredit.web.filters import N_
from ipcredit.web.i18n import LANG_ATTRS, format_day
from ipcredit.web.routing import LANG_PREFIXES, bilingual_route
from ipcredit.web.views import SectionViews

bp = Blueprint("feeds", __name__)

FEED_SIZE = 50
MEDIA_TYPE = "application/atom+xml"


# The sections with a feed (each dated): the "all" feed merges them, ties of a day in this order.
FEED_SECTIONS = tuple(s for s in SECTIONS if s.feed_title is not None and s.day is not None)
SECTION_ORDER = {s.name: i for i, s in enumerate(FEED_SECTIONS)}


@dataclass(frozen=True)
class Feed:
    name: str  # /feeds/<name>.atom
    title: str  # Chinese (msgid)
    sections: tuple[str, ...]
    page: str  # the HTML page the feed follows, below the site root
    linked_from: tuple[str, ...]  # path prefixes of the pages whose <head> links it


FEEDS = (
    Feed("all", N_("全部更新"), tuple(s.name for s in FEED_SECTIONS), "", ("",)),
    *(
        Feed(s.name, s.feed_title, (s.name,), s.list_path, s.path_prefixes)
        for s in FEED_SECTIONS
        if s.feed_title
    ),
)
FEEDS_BY_NAME = {f.name: f for f in FEEDS}


@dataclass(frozen=True)
class Item:
    """A published record as a feed entry, before it is put into words."""

    section: Section
    record: Any

    @property
    def key(self) -> str:
        return self.section.key(self.record)

    @property
    def day(self) -> date:
        assert self.section.day is not None  # FEED_SECTIONS are dated
        return self.section.day(self.record)

    def order(self) -> tuple[int, int, str]:
        # Newest first; ties broken by section and key so the order never depends on input order.
        return (-self.day.toordinal(), SECTION_ORDER[self.section.name], self.key)


def newest(cat: Catalogue, feed_name: str) -> tuple[Item, ...]:
    """The feed's newest items, chosen in O(n log N) without sorting whole registers."""
    feed = FEEDS_BY_NAME[feed_name]
    chosen = [s for s in FEED_SECTIONS if s.name in feed.sections]
    items = (Item(s, r) for s in chosen for r in s.records(cat))
    return tuple(heapq.nsmallest(FEED_SIZE, items, key=Item.order))


def newest_items(cat: Catalogue) -> dict[str, tuple[Item, ...]]:
    """Every feed's items, for the app's state (made once per app)."""
    return {f.name: newest(cat, f.name) for f in FEEDS}


# Putting entries into words -------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Register text may hold control characters that XML 1.0 cannot carry at all."""
    return _NOT_XML.sub("", text)


def gettext(message: str, **values: object) -> str:
    return current_app.config["TRANSLATOR"].gettext(message, **values)


def _authority(cat: Catalogue, name: str) -> str:
    found = cat.authority_by_name.get(name)
    return found.name_en if found and found.name_en and lang() == "en" else name


def _words(cat: Catalogue, item: Item) -> tuple[str, str]:
    """(title, summary) of an entry in the page language."""
    r = item.record
    when = format_day(item.day, lang())
    if item.section is PENALTIES:
        title = gettext("行政处罚：%(name)s", name=r.party_name)
        summary = gettext(
            "%(authority)s于%(date)s作出行政处罚决定（%(number)s）：%(content)s",
            authority=_authority(cat, r.authority), date=when, number=r.decision_number, content=r.content,
        )  # fmt: skip
    elif item.section is DISHONESTY:
        title = gettext("列入严重违法失信名单：%(name)s", name=r.name)
        summary = gettext(
            "%(authority)s于%(date)s决定列入（%(number)s）：%(behaviour)s",
            authority=_authority(cat, r.authority), date=when, number=r.decision_number, behaviour=r.behaviour,
        )  # fmt: skip
    else:
        text = r.text(lang())
        title, summary = text.title, text.summary
    return xml_text(title), xml_text(summary)


def atom_time(day: date) -> str:
    """A record date as an Atom date-time: the start of that day in China."""
    return f"{day.isoformat()}T00:00:00+08:00"


def site_url(cat: Catalogue, path: str) -> str:
    """The absolute URL of a path below the site root, in the page language."""
    prefix = LANG_PREFIXES[lang()].lstrip("/")
    return cat.settings.base_url + (f"{prefix}/" if prefix else "") + path


def atom_id(cat: Catalogue, *parts: str) -> str:
    """An opaque id that is the same in every build of this site (same address, language and key)."""
    name = "/".join((cat.settings.base_url, lang(), *parts))
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _entry(cat: Catalogue, item: Item) -> dict[str, str]:
    title, summary = _words(cat, item)
    record = item.record
    # A document without an English version is shown in Chinese: say so to feed readers.
    chinese = lang() == "en" and hasattr(record, "has_lang") and not record.has_lang("en")
    return {
        "id": atom_id(cat, item.section.name, item.key),
        "title": title,
        "summary": summary,
        "link": site_url(cat, item.section.record_path(item.record)),
        "updated": atom_time(item.day),
        "section": item.section.name,
        "label": gettext(item.section.label),
        "lang": LANG_ATTRS["zh"] if chinese else "",
    }


# Routes ---------------------------------------------------------------------


@bilingual_route(bp, "/feeds/<name>.atom")
def feed(name: str) -> Response:
    found = FEEDS_BY_NAME.get(name)
    if found is None:
        abort(404)
    cat = catalogue()
    items = site_state().feeds[name]
    xml = render_template(
        "feeds/atom.xml",
        feed_id=atom_id(cat, "feeds", name),
        title=f"{cat.settings.name.get(lang())} · {gettext(found.title)}",
        updated=atom_time(max((i.day for i in items), default=cat.as_of)),
        self_url=site_url(cat, f"feeds/{name}.atom"),
        page_url=site_url(cat, found.page),
        entries=[_entry(cat, i) for i in items],
    )
    return Response(xml, mimetype=MEDIA_TYPE)


def page_feeds() -> list[tuple[str, str]]:
    """(title, href) of the feeds the current page links in its <head>: all, and its section's."""
    path = request.path.removeprefix("/en/").lstrip("/") if lang() == "en" else request.path.lstrip("/")
    name = catalogue().settings.name.get(lang())
    return [
        (f"{name} · {gettext(f.title)}", url_for("feeds.feed", name=f.name))
        for f in FEEDS
        if any(path.startswith(prefix) for prefix in f.linked_from)
    ]


@bp.app_context_processor
def feed_links() -> dict[str, Any]:
    return {"page_feeds": page_feeds}


def urls(_cat: Catalogue) -> Iterator[tuple[str, dict]]:
    for f in FEEDS:
        yield "feeds.feed", {"name": f.name}


views = SectionViews(bp, urls)
