"""Party pages: one per organisation or individual business with a published record.

``/parties/`` lists them, most records first, with the registers' filter pages
(category, dishonesty list, authority, two at a time); ``/parties/<code>/``
shows everything published about one party. The parties come from the
catalogue (:attr:`~ipcredit.catalogue.Catalogue.parties`), so only published,
masked records reach these pages.
"""

from __future__ import annotations

from typing import Any

from ipcredit.sections import PARTIES
from ipcredit.web.context import site_state
from ipcredit.web.views.registers import Register, views_of

# Most records first, not by date: no month links.
views = views_of(Register(PARTIES, lambda state: state.registers[PARTIES.name], "parties", dated=False))


@views.blueprint.app_context_processor
def party_codes() -> dict[str, Any]:
    """The codes that have a party page, so a record page links its party only when there is one."""
    return {"party_codes": site_state().registers[PARTIES.name].by_id}
