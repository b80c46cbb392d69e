"""Atom feeds (RFC 4287): everything new, and one per section, in both languages.

``/feeds/<name>.atom`` (Chinese) and ``/en/feeds/<name>.atom`` hold the newest
:data:`FEED_SIZE` published items, dated by ``first_published``, the day the
site first showed them (a record added late, with an old decision date, still
comes first on the day it appears: subscribers see it). ``/feeds/changes.atom``
holds the newest entries of the change log (added, changed, withdrawn: a
withdrawal names only its id and section). Every date comes from the records
and the log (the feed's ``<updated>`` is its newest entry's), never from the
clock, so two builds of the same inputs give the same bytes; entry ids are
derived from the site address and the record's key, so they stay the same from
build to build.
"""

from __future__ import annotations

import heapq
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import N_
from ipcredit.records import Change, ChangeKind, KeyTrademark, RiskList, RiskPoint
from ipcredit.regions import region_en
from ipcredit.sections import BY_NAME, DISHONESTY, KEY_TRADEMARKS, PENALTIES, RISK_POINTS, SECTIONS, Section
from ipcredit.web.context import catalogue, lang, site_state
from ipcredit.web.context import translate as gettext
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
CHANGES = Feed("changes", N_("变更记录"), (), "data/", ("data/",))  # the change log, not records
FEEDS_BY_NAME = {f.name: f for f in (*FEEDS, CHANGES)}
CHANGE_LABELS = {"added": N_("新增"), "changed": N_("更新"), "withdrawn": N_("撤下")}


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
        """The day the site first showed the record: what a subscriber sees as new."""
        assert self.section.day is not None  # FEED_SECTIONS are dated
        return self.record.first_published or self.section.day(self.record)

    def order(self) -> tuple[int, int, int, str]:
        # Newest first, then by the record's own date; ties broken by section and key so the
        # order never depends on input order.
        own = self.section.day(self.record).toordinal()
        return (-self.day.toordinal(), -own, SECTION_ORDER[self.section.name], self.key)


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


def _authority(cat: Catalogue, name: str) -> str:
    found = cat.authority_by_name.get(name)
    return found.name_en if found and found.name_en and lang() == "en" else name


def _words(cat: Catalogue, item: Item) -> tuple[str, str]:
    """(title, summary) of an entry in the page language."""
    r = item.record
    assert item.section.day is not None  # FEED_SECTIONS are dated
    when = format_day(item.section.day(r), lang())  # the decision's own date, not first_published
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
    elif item.section is KEY_TRADEMARKS:
        title, summary = _trademark_words(cat, r, when)
    elif item.section is RISK_POINTS:
        title, summary = _place_words(cat, r, when)
    else:
        text = r.text(lang())
        title, summary = text.title, text.summary
    return xml_text(title), xml_text(summary)


def _trademark_words(cat: Catalogue, mark: KeyTrademark, when: str) -> tuple[str, str]:
    """A mark as the English entry page shows it: the holder's English name and region there."""
    english = lang() == "en"
    holder = mark.holder_name_en if english and mark.holder_name_en else mark.holder
    title = gettext("重点商标：%(name)s（%(holder)s）", name=mark.name, holder=holder)
    summary = gettext(
        "%(authority)s于%(date)s列入重点商标保护名录，保护至%(until)s。注册号%(number)s，"
        "核定使用第%(classes)s类，权利人%(holder)s（%(region)s）。",
        authority=_authority(cat, mark.authority), date=when, until=format_day(mark.valid_until, lang()),
        number=mark.registration_number, classes=gettext("、").join(str(n) for n in mark.nice_classes),
        holder=holder, region=region_en(mark.holder_country) if english else mark.holder_country,
    )  # fmt: skip
    return title, summary


_PLACE_TITLES = {
    RiskList.RISK_POINT: N_("侵权易发风险点：%(name)s"),
    RiskList.FOCUS_MARKET: N_("重点关注市场：%(name)s"),
}


def _place_words(cat: Catalogue, place: RiskPoint, when: str) -> tuple[str, str]:
    summary = gettext(
        "%(authority)s于%(date)s列入%(list)s名录：%(kind)s，涉及%(ip_types)s。",
        authority=_authority(cat, place.authority), date=when, list=gettext(place.risk_list.value),
        kind=gettext(place.kind.value), ip_types=gettext("、").join(gettext(t) for t in place.ip_types),
    )  # fmt: skip
    if place.address:  # an address names its district already
        summary += gettext("地址或网址：%(where)s。", where=place.address)
    elif place.district:
        summary += gettext("所在区：%(district)s。", district=place.district)
    return gettext(_PLACE_TITLES[place.risk_list], name=place.name), summary


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


def _change_entry(cat: Catalogue, change: Change, shown: set[tuple[str, str]]) -> dict[str, str]:
    """A log entry in words: its kind, section and id, nothing about the record itself."""
    section = BY_NAME.get(change.section)
    label = gettext(section.label) if section else change.section
    kind = gettext(CHANGE_LABELS[change.change.value])
    title = gettext("%(change)s：%(section)s %(id)s", change=kind, section=label, id=change.id)
    here = change.change is not ChangeKind.WITHDRAWN and (change.section, change.id) in shown
    day = atom_time(change.date)
    return {
        "id": atom_id(
            cat, "changes", change.date.isoformat(), change.change.value, change.section, change.id
        ),
        "title": xml_text(title),
        "summary": xml_text(title),
        # A withdrawn record's page is gone: the entry links to the withdrawals list instead.
        "link": site_url(
            cat, BY_NAME[change.section].key_path(change.id) if here else "data/#dataset-withdrawn"
        ),
        "updated": day,
        "section": change.section,
        "label": label,
        "lang": "",
    }


def _changes_feed(cat: Catalogue) -> Response:
    history = cat.history
    changes = history.changes[:FEED_SIZE] if history else ()
    shown = {(s.section, s.id) for s in history.shown} if history else set()
    xml = render_template(
        "feeds/atom.xml",
        feed_id=atom_id(cat, "feeds", CHANGES.name),
        title=f"{cat.settings.name.get(lang())} · {gettext(CHANGES.title)}",
        updated=atom_time(changes[0].date if changes else history.log_started if history else cat.as_of),
        self_url=site_url(cat, f"feeds/{CHANGES.name}.atom"),
        page_url=site_url(cat, CHANGES.page),
        entries=[_change_entry(cat, c, shown) for c in changes],
    )
    return Response(xml, mimetype=MEDIA_TYPE)


@bilingual_route(bp, "/feeds/<name>.atom")
def feed(name: str) -> Response:
    found = FEEDS_BY_NAME.get(name)
    if found is None:
        abort(404)
    cat = catalogue()
    if found is CHANGES:
        return _changes_feed(cat)
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
    """(title, href) of the feeds the current page links in its <head>: all, and its section's.
    A record's own page links none: a feed follows a list, and record pages are most of the site."""
    if (request.endpoint or "").endswith(".detail"):
        return []
    path = request.path.removeprefix("/en/").lstrip("/") if lang() == "en" else request.path.lstrip("/")
    name = catalogue().settings.name.get(lang())
    return [
        (f"{name} · {gettext(f.title)}", url_for("feeds.feed", name=f.name))
        for f in (*FEEDS, CHANGES)
        if any(path.startswith(prefix) for prefix in f.linked_from)
    ]


@bp.app_context_processor
def feed_links() -> dict[str, Any]:
    return {"page_feeds": page_feeds}


def urls(_cat: Catalogue) -> Iterator[tuple[str, dict]]:
    for f in (*FEEDS, CHANGES):
        yield "feeds.feed", {"name": f.name}


views = SectionViews(bp, urls)
