"""The register lists: penalties, the dishonesty list, key trademarks and risk points.

All are browsed the same way: a paged list (newest first), static filter
pages with counts for one facet value (year, authority, IP type …) or two of
different facets combined (see :mod:`ipcredit.web.selection`), and one page
per record. Every list is cut into stable pages (:mod:`ipcredit.web.pagination`):
named after the record before them, with the counts and the as-of date on the
first page only, so a night's added or withdrawn record rewrites its own page.
The records arrive published and masked; nothing here decides by date (a
first page's month links only group the list by each record's own day).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import Blueprint, abort, render_template, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.sections import DISHONESTY, KEY_TRADEMARKS, PENALTIES, RISK_POINTS, Section
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.pagination import FIRST, Paging, paged
from ipcredit.web.register_index import RegisterIndex
from ipcredit.web.routing import bilingual_route
from ipcredit.web.selection import Key, fingerprint
from ipcredit.web.state import SiteState
from ipcredit.web.views import SectionViews


@dataclass(frozen=True)
class Register:
    section: Section  # its name is the blueprint's, its path the URL segment
    index: Callable[[SiteState], RegisterIndex]  # its browse index in the app's state
    template_dir: str
    dated: bool = True  # its lists are newest first by the section's day: first pages link each month


URL_SAFE = "!$&'()*+,/:;=@"  # what Werkzeug's converters leave unquoted in a path segment
REPAIR_GUIDE = "credit-repair"  # the page in content/pages/ that explains credit repair, if the site has one


def _repair_guide(cat: Catalogue) -> str | None:
    """The repair guide's slug when the site publishes that page, so no link can lead nowhere."""
    return REPAIR_GUIDE if any(p.slug == REPAIR_GUIDE for p in cat.pages) else None


def _list_route(key: Key) -> tuple[str, dict[str, str]]:
    """The endpoint (within the register's blueprint) and URL values of a selection's list."""
    if not key:
        return "listing", {}
    if len(key) == 1:
        return "facet_listing", {"facet": key[0][0], "value": key[0][1]}
    (facet, value), (facet2, value2) = key
    return "combined_listing", {"facet": facet, "value": value, "facet2": facet2, "value2": value2}


def _segment(text: str) -> str:
    """A path segment quoted as Werkzeug's ``url_for`` quotes it (a district is a Chinese name)."""
    return quote(text, safe=URL_SAFE)


def _key(values: dict) -> Key:
    """The selection named by a list page's URL values."""
    pairs = (("facet", "value"), ("facet2", "value2"))
    return tuple((values[f], values[v]) for f, v in pairs if f in values)


def views_of(register: Register) -> SectionViews:
    """A register's list, filter and record pages (the parties are browsed the same way)."""
    name = register.section.name
    bp = Blueprint(name, __name__)
    root = f"/{register.section.path}"

    @bp.context_processor
    def filter_links() -> dict[str, Any]:
        """``filter_url(key)``: a selection's first list page, the list's URL followed by the
        chosen values as path segments (the routes below): a sidebar's forty links cost one
        URL building, not forty."""
        base = url_for(f"{name}.listing")
        return {"filter_url": lambda key: base + "".join(f"{_segment(f)}/{_segment(v)}/" for f, v in key)}

    def pages(index: RegisterIndex, key: Key) -> Paging[Any] | None:
        """A selection's list pages (named by record key), made once per app; None: no such list."""
        items = index.selector.items(key)
        if items is None:
            return None
        section = register.section
        when = section.day if register.dated else None
        size = catalogue().settings.page_size
        return paged(site_state().pagings, (name, key), items, size, section.key, when)

    def render_list(key: Key, page: str) -> str:
        index = register.index(site_state())
        selection = index.selector.select(key)
        found = pages(index, key) if selection else None
        shown = found.page(page) if found else None
        if shown is None:
            abort(404)
        endpoint, args = _list_route(key)
        return render_template(
            f"{register.template_dir}/list.html",
            page=shown,
            selection=selection,
            list_endpoint=f"{name}.{endpoint}",
            list_args=args,
            card_table=name,
            columns=register.section.columns,
        )

    # A list's first page is its own URL; a later one is named after the record before it.
    @bilingual_route(bp, f"{root}/", defaults={"page": FIRST})
    @bilingual_route(bp, f"{root}/page/<page>/")
    def listing(page: str) -> str:
        return render_list((), page)

    @bilingual_route(bp, f"{root}/<facet>/<value>/", defaults={"page": FIRST})
    @bilingual_route(bp, f"{root}/<facet>/<value>/page/<page>/")
    def facet_listing(facet: str, value: str, page: str) -> str:
        return render_list(((facet, value),), page)

    # Two values of different facets, in the register's facet order (one URL per selection).
    @bilingual_route(bp, f"{root}/<facet>/<value>/<facet2>/<value2>/", defaults={"page": FIRST})
    @bilingual_route(bp, f"{root}/<facet>/<value>/<facet2>/<value2>/page/<page>/")
    def combined_listing(facet: str, value: str, facet2: str, value2: str, page: str) -> str:
        return render_list(((facet, value), (facet2, value2)), page)

    @bilingual_route(bp, f"{root}/<record_id>/")
    def detail(record_id: str) -> str:
        record = register.index(site_state()).by_id.get(record_id)
        if record is None:
            abort(404)
        return render_template(
            f"{register.template_dir}/detail.html", record=record, repair_guide=_repair_guide(catalogue())
        )

    def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
        index = register.index(site_state())
        for key in index.selector.selections():
            endpoint, args = _list_route(key)
            found = pages(index, key)
            yield from ((f"{name}.{endpoint}", {**args, "page": k}) for k in (found.keys if found else ()))
        yield from ((f"{name}.detail", {"record_id": rid}) for rid in index.by_id)

    def page_inputs(cat: Catalogue, record: Callable[[Any], str]) -> Callable[[str, dict], str]:
        """What each page shows, for incremental builds: a page whose inputs are
        unchanged renders to the same bytes (the site-wide inputs are hashed apart). A list
        page's inputs join its rows' digests (``record``), not the whole records."""
        index = register.index(site_state())
        as_of = cat.as_of.isoformat()
        # Each selection's heading and sidebar (chosen values, labels, links; counts on the first
        # page only), made once for all the pages of its list: (key, first page?) → fingerprint.
        frames: dict[tuple[Key, bool], str] = {}

        def inputs(endpoint: str, values: dict) -> str:
            kind = endpoint.rpartition(".")[2]
            if kind == "detail":
                return record(index.by_id[values["record_id"]])
            key = _key(values)
            found = pages(index, key)
            shown = found.page(values["page"]) if found else None
            assert shown is not None  # the URL came from urls()
            frame = frames.get((key, shown.is_first))
            if frame is None:
                selection = index.selector.select(key)
                assert selection is not None
                frame = frames[key, shown.is_first] = fingerprint(selection, shown.is_first)
            # What only a first page shows: the as-of date, the count, the month links.
            first = repr((as_of, shown.total, shown.months)) if shown.is_first else ""
            neighbours = f"{shown.newer}\0{shown.older}"
            return "\0".join((frame, first, neighbours, *map(record, shown.items)))

        return inputs

    return SectionViews(bp, urls, page_inputs)


penalties = views_of(Register(PENALTIES, lambda state: state.registers[PENALTIES.name], "penalties"))
dishonesty = views_of(Register(DISHONESTY, lambda state: state.registers[DISHONESTY.name], "dishonesty"))
key_trademarks = views_of(
    Register(KEY_TRADEMARKS, lambda state: state.registers[KEY_TRADEMARKS.name], "key_trademarks")
)
risk_points = views_of(Register(RISK_POINTS, lambda state: state.registers[RISK_POINTS.name], "risk_points"))
