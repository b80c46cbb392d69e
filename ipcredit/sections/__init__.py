"""The sections of the site, each declared once.

A :class:`Section` (``section.py``) is everything a part of the site is: what
it is called (a Chinese msgid; the English label comes from the message
catalogue), which records of the :class:`~ipcredit.catalogue.Catalogue` it
shows, each record's key and date, where its pages live, its feed, its search
document fields, its dataset's columns, its list's facets and whether the
change log tracks it. Each section is declared in its own module here
(``penalties.py``…). The views, feeds, sitemap, data dictionary, search
documents, browse indexes, change log and CLI summary all read
:data:`SECTIONS`; none keeps a list of its own.

URLs are computed here and nowhere else: :meth:`Section.record_path` is a
record page's path below the site root (as docs/outputs.md lists it), and the
views build their URL rules from :attr:`Section.path`, so the page the
freezer writes and the link a feed, the sitemap, the search index or a
dataset gives are the same string.
"""

from __future__ import annotations

from ipcredit.sections.cases import CASES
from ipcredit.sections.dishonesty import DISHONESTY
from ipcredit.sections.key_trademarks import KEY_TRADEMARKS
from ipcredit.sections.notices import NOTICES
from ipcredit.sections.pages import PAGES
from ipcredit.sections.parties import PARTIES
from ipcredit.sections.penalties import PENALTIES
from ipcredit.sections.risk_points import RISK_POINTS
from ipcredit.sections.section import FacetRule, Field, Section, Table
from ipcredit.sections.white_papers import WHITE_PAPERS

__all__ = [
    "BY_NAME",
    "CASES",
    "DISHONESTY",
    "KEY_TRADEMARKS",
    "NOTICES",
    "PAGES",
    "PARTIES",
    "PENALTIES",
    "RISK_POINTS",
    "SECTIONS",
    "WHITE_PAPERS",
    "FacetRule",
    "Field",
    "Section",
    "Table",
]

# The order is shown and published: the search page lists the filters in it, search
# results of equal score and the export's section numbers follow it, the "all" feed
# breaks ties of a day by it, the change log lists withdrawals of a day in it, and the
# build summary lists sections in it. Parties come first: a party's page is the first answer
# to a query for its name or code.
SECTIONS: tuple[Section, ...] = (
    PARTIES, PENALTIES, DISHONESTY, KEY_TRADEMARKS, RISK_POINTS, CASES, WHITE_PAPERS, NOTICES, PAGES,
)  # fmt: skip
BY_NAME: dict[str, Section] = {s.name: s for s in SECTIONS}
