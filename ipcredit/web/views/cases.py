"""Cases: the annual top-ten lists (/top-ten/) and all cases (/cases/), browsable by facet.

Facet pages are static: one list per year, IP type and procedure, each cut into
stable pages (:mod:`ipcredit.web.pagination`), the first at the list's own URL.
Values with no cases get no page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from flask import Blueprint, abort, render_template

from ipcredit.catalogue import Catalogue
from ipcredit.records import IP_TYPE_SLUGS, PROCEDURE_SLUGS, Case
from ipcredit.sections import CASES
from ipcredit.web.case_index import related_cases, top_ten_neighbours
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.facets import Facet, FacetValue
from ipcredit.web.pagination import FIRST, Paging, paged
from ipcredit.web.routing import bilingual_route
from ipcredit.web.state import SiteState
from ipcredit.web.views import SectionViews

bp = Blueprint(CASES.name, __name__)

ROOT = f"/{CASES.list_path}"  # /cases/
TOP_TEN = f"/{CASES.also_under[0]}/"  # /top-ten/
FACET_RULE = ROOT + '<any(year,"ip-type",procedure):dimension>/<value>/'


@bp.context_processor
def case_helpers() -> dict[str, Any]:
    return {
        "ip_type_slugs": IP_TYPE_SLUGS,
        "procedure_slugs": PROCEDURE_SLUGS,
    }


@bilingual_route(bp, TOP_TEN)
def top_ten() -> str:
    years = [
        (year, cases, min(c.published for c in cases)) for year, cases in catalogue().top_ten_years.items()
    ]
    return render_template("cases/top_ten.html", years=years)


@bilingual_route(bp, TOP_TEN + "<int:year>/")
def top_ten_year(year: int) -> str:
    years = catalogue().top_ten_years
    if year not in years:
        abort(404)
    # Years are newest first: the "newer" neighbour is the one before.
    order = list(years)
    position = order.index(year)
    newer = order[position - 1] if position > 0 else None
    older = order[position + 1] if position + 1 < len(order) else None
    return render_template("cases/top_ten_year.html", year=year, cases=years[year], newer=newer, older=older)


@bilingual_route(bp, ROOT, defaults={"page": FIRST})
@bilingual_route(bp, ROOT + "page/<page>/")
def index(page: str) -> str:
    return _list(site_state().cases.cases, page, current=None)


@bilingual_route(bp, FACET_RULE, defaults={"page": FIRST})
@bilingual_route(bp, FACET_RULE + "page/<page>/")
def facet(dimension: str, value: str, page: str) -> str:
    found = site_state().cases.facet(dimension)
    selected = found.get(value) if found else None
    if found is None or selected is None or not selected.count:
        abort(404)
    return _list(selected.items, page, current=(found, selected))


def _pages(cases: Sequence[Case], name: tuple[str, str] | None) -> Paging[Case]:
    """A case list's pages, named by case slug (see ipcredit.web.pagination), made once per app."""
    size = catalogue().settings.page_size
    return paged(site_state().pagings, (CASES.name, name), cases, size, CASES.key, CASES.day)


def _list(cases: Sequence[Case], key: str, current: tuple[Facet, FacetValue] | None) -> str:
    page = _pages(cases, (current[0].key, current[1].slug) if current else None).page(key)
    if page is None:
        abort(404)
    args = {"dimension": current[0].key, "value": current[1].slug} if current else {}
    return render_template(
        "cases/list.html",
        page=page,
        facets=site_state().cases.facets,
        total=len(catalogue().cases),
        current_facet=current[0] if current else None,
        current_value=current[1] if current else None,
        endpoint="cases.facet" if current else "cases.index",
        args=args,
    )


@bilingual_route(bp, ROOT + "<slug>/")
def case(slug: str) -> str:
    cat = catalogue()
    state = site_state()
    found = state.cases.by_slug.get(slug)
    if found is None:
        abort(404)
    previous, following = top_ten_neighbours(cat, found)
    return render_template(
        "cases/case.html",
        case=found,
        previous=previous,
        following=following,
        related=_related(state, found),
    )


def _related(state: SiteState, case: Case) -> tuple[Case, ...]:
    """Each case's related cases, made once per app (a case page is rendered in two languages)."""
    if case.slug not in state.related:
        state.related[case.slug] = related_cases(state.catalogue, case)
    return state.related[case.slug]


def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "cases.top_ten", {}
    for year in cat.top_ten_years:
        yield "cases.top_ten_year", {"year": year}
    index = site_state().cases
    for key in _pages(index.cases, None).keys:
        yield "cases.index", {"page": key}
    for found in index.facets:
        for value in found.values:
            for key in _pages(value.items, (found.key, value.slug)).keys if value.count else ():
                yield "cases.facet", {"dimension": found.key, "value": value.slug, "page": key}
    for item in index.cases:
        yield "cases.case", {"slug": item.slug}


views = SectionViews(bp, urls)
