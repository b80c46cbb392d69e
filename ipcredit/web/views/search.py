"""The search page. The static site searches in the browser from the files
exported out of the Whoosh index (``/search-index/``); ``serve`` answers the same
queries from the Whoosh index itself at ``/search/api``, with the same results."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.sections import SECTIONS
from ipcredit.web.context import site_state
from ipcredit.web.routing import EXPORT_PATH, bilingual_route
from ipcredit.web.views import SectionViews

bp = Blueprint("search", __name__)

PAGE_SIZE = 20


@bilingual_route(bp, "/search/")
def page() -> str:
    live = current_app.config.get("SEARCH_INDEX_DIR") is not None
    return render_template(
        "search.html",
        sections=[(s.name, s.label) for s in SECTIONS],
        api_url=url_for("search.api") if live else None,
        index_url=None if live else f"{request.script_root}/{EXPORT_PATH}/",
    )


@bp.route("/search/api")
def api() -> Response:
    """Preview only: the same queries answered by Whoosh directly, from the app's open index."""
    engine = site_state().search
    if engine is None:
        abort(404)
    from search import search_results

    limit = min(request.args.get("limit", PAGE_SIZE, type=int), 100)
    offset = request.args.get("offset", 0, type=int)
    section = request.args.get("section") or None
    lang = "en" if request.args.get("lang") == "en" else "zh"
    results = search_results(engine, request.args.get("q", ""), section, limit, offset, lang)
    return jsonify(results.as_json())


def urls(_cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "search.page", {}  # the API exists only in the live preview


views = SectionViews(bp, urls)
