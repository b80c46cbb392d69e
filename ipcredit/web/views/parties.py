"""Party pages: one per organisation or individual business with a published record.

``/parties/`` lists them, most records first, paged; ``/parties/<code>/``
shows everything published about one party. The parties come from the
catalogue (:attr:`~ipcredit.catalogue.Catalogue.parties`), so only published,
masked records reach these pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, abort, render_template

from ipcredit.catalogue import Catalogue
from ipcredit.parties import Party
from ipcredit.sections import PARTIES
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.pagination import page_count, paginate
from ipcredit.web.routing import bilingual_route
from ipcredit.web.views import PageInputs, SectionViews, shown

bp = Blueprint(PARTIES.name, __name__)
ROOT = f"/{PARTIES.list_path}"


@bp.app_context_processor
def party_codes() -> dict[str, Any]:
    """The codes that have a party page, so a record page links its party only when there is one."""
    return {"party_codes": catalogue().party_by_code}


@bilingual_route(bp, ROOT, defaults={"page": 1})
@bilingual_route(bp, ROOT + "page/<int:page>/")
def listing(page: int) -> str:
    index = site_state().registers[PARTIES.name]
    shown = paginate(index.records, page, catalogue().settings.page_size)
    if shown is None:
        abort(404)
    return render_template("parties/list.html", index=index, page=shown, facet=None, value=None)


@bilingual_route(bp, ROOT + "<facet>/<value>/", defaults={"page": 1})
@bilingual_route(bp, ROOT + "<facet>/<value>/page/<int:page>/")
def facet_listing(facet: str, value: str, page: int) -> str:
    index = site_state().registers[PARTIES.name]
    chosen = index.facet(facet)
    selected = chosen.get(value) if chosen else None
    shown = paginate(selected.items, page, catalogue().settings.page_size) if selected else None
    if shown is None:
        abort(404)
    return render_template("parties/list.html", index=index, page=shown, facet=chosen, value=selected)


@bilingual_route(bp, ROOT + "<record_id>/")
def detail(record_id: str) -> str:
    party = catalogue().party_by_code.get(record_id)
    if party is None:
        abort(404)
    return render_template("parties/detail.html", party=party)


def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
    index = site_state().registers[PARTIES.name]
    size = cat.settings.page_size
    yield from (("parties.listing", {"page": n}) for n in range(1, page_count(len(index.records), size) + 1))
    for facet in index.facets:
        for value in facet.values:
            for n in range(1, page_count(value.count, size) + 1):
                yield ("parties.facet_listing", {"facet": facet.key, "value": value.slug, "page": n})
    yield from (("parties.detail", {"record_id": p.code}) for p in index.records)


def _party(party: Party) -> str:
    cases = [(c.slug, c.zh.title, c.en.title if c.en else "") for c in party.cases]
    records = [shown(r) for r in (*party.penalties, *party.listings)]
    return repr((party.code, party.names, party.party_type, records, cases))


def page_inputs(cat: Catalogue) -> PageInputs:
    """What each party page shows: its records and cases; a list or facet page, its parties and
    the sidebar (every facet value's labels and count)."""
    index = site_state().registers[PARTIES.name]
    size = cat.settings.page_size
    sidebar = repr(
        [(f.key, [(v.slug, v.label_zh, v.label_en, v.count) for v in f.values]) for f in index.facets]
    )
    described: dict[str, str] = {}  # code → repr, made once: a party is on several list pages

    def party(p: Party) -> str:
        text = described.get(p.code)
        if text is None:
            text = described[p.code] = _party(p)
        return text

    def inputs(endpoint: str, values: dict) -> str:
        kind = endpoint.rpartition(".")[2]
        if kind == "detail":
            return party(index.by_id[values["record_id"]])
        items = (
            index.records if kind == "listing" else index.facet(values["facet"]).get(values["value"]).items
        )  # type: ignore[union-attr]
        shown_page = paginate(items, values["page"], size)
        assert shown_page is not None  # the URL came from urls()
        return "\0".join((sidebar, str(shown_page.total), *map(party, shown_page.items)))

    return inputs


views = SectionViews(bp, urls, page_inputs)
