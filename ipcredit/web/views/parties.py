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
from ipcredit.web.context import catalogue
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
    cat = catalogue()
    shown = paginate(cat.parties, page, cat.settings.page_size)
    if shown is None:
        abort(404)
    return render_template("parties/list.html", page=shown)


@bilingual_route(bp, ROOT + "<record_id>/")
def detail(record_id: str) -> str:
    party = catalogue().party_by_code.get(record_id)
    if party is None:
        abort(404)
    return render_template("parties/detail.html", party=party)


def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
    size = cat.settings.page_size
    yield from (("parties.listing", {"page": n}) for n in range(1, page_count(len(cat.parties), size) + 1))
    yield from (("parties.detail", {"record_id": p.code}) for p in cat.parties)


def _party(party: Party) -> str:
    cases = [(c.slug, c.zh.title, c.en.title if c.en else "") for c in party.cases]
    records = [shown(r) for r in (*party.penalties, *party.listings)]
    return repr((party.code, party.names, party.party_type, records, cases))


def page_inputs(cat: Catalogue) -> PageInputs:
    """What each party page shows: its records and cases; a list page, its parties."""
    size = cat.settings.page_size

    def inputs(endpoint: str, values: dict) -> str:
        if endpoint.endswith(".detail"):
            return _party(cat.party_by_code[values["record_id"]])
        shown_page = paginate(cat.parties, values["page"], size)
        assert shown_page is not None  # the URL came from urls()
        return "\0".join((str(shown_page.total), *map(_party, shown_page.items)))

    return inputs


views = SectionViews(bp, urls, page_inputs)
