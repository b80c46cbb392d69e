"""What one app knows of its catalogue, built once by the app factory.

Everything the views derive from the catalogue (browse indexes, figures, feed
entries, the sitemap's pages, the datasets' manifest) lives here, on the app
(``app.extensions["ipcredit"]``), never in a module: two apps over two
catalogues in one process each show their own data, and nothing outlives its
app. Views read it with :func:`ipcredit.web.context.site_state`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcredit.catalogue import Catalogue
from ipcredit.records import Case
from ipcredit.sections import SECTIONS
from ipcredit.statistics import Headline, Series, chart_series, headline
from ipcredit.web.case_index import CaseIndex, case_index
from ipcredit.web.register_index import RegisterIndex, register_index

if TYPE_CHECKING:
    from ipcredit.datasets import Manifest
    from search.query import Engine

EXTENSION = "ipcredit"  # the key in app.extensions


@dataclass(frozen=True)
class SiteState:
    catalogue: Catalogue
    registers: Mapping[str, RegisterIndex[Any]]  # section name → browse index, for each with facets
    cases: CaseIndex
    headline: Headline
    chart_series: tuple[Series, ...]
    datasets: Manifest | None  # the files the datasets writer wrote (None: not, or not yet)
    data_page: bool  # the site has a /data/ page (a build renders it last, once datasets are written)
    search: Engine | None = None  # the preview's open Whoosh index (``serve``); None: static search
    feeds: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)  # feed name → newest items
    sitemap: tuple[Any, ...] = ()  # every HTML page (path, lastmod), set once the URL map exists
    # Filled as pages are rendered, each at most once per key (keys are bounded by the catalogue
    # and the two languages): related cases by slug, list rows' URL patterns by (language, script
    # root); the list pages of each list; the frame's parts; formatted dates and amounts.
    related: dict[str, tuple[Case, ...]] = field(default_factory=dict)
    record_patterns: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    pagings: dict[Any, Any] = field(default_factory=dict)
    frame_parts: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # see filters.frame_part
    days: dict[tuple[Any, str], str] = field(default_factory=dict)  # (date, language) → text: filters.day
    amounts: dict[tuple[Any, str], str] = field(default_factory=dict)  # (amount, language) → text


def build_state(
    catalogue: Catalogue, datasets: Manifest | None, data_page: bool, search_index: Path | None
) -> SiteState:
    """The catalogue's indexes and figures (feeds and sitemap are added by the factory, which has
    the URL map they need), and the preview's search index opened once when there is one."""
    from search.query import Engine  # imported here: the static build never opens an index

    return SiteState(
        catalogue=catalogue,
        registers={s.name: register_index(s, catalogue) for s in SECTIONS if s.facets},
        cases=case_index(catalogue),
        headline=headline(catalogue),
        chart_series=chart_series(catalogue),
        datasets=datasets,
        data_page=data_page,
        search=Engine(search_index) if search_index else None,
    )
