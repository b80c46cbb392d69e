"""Home page, standing pages, attachments, the not-found page and the card labels' stylesheet."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort, render_template, send_file, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.records import Attachment
from ipcredit.sections import PAGES, SECTIONS
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.routing import bilingual_route
from ipcredit.web.views import SectionViews
from ipcredit.web.views.data import DICTIONARY, DICTIONARY_COLUMNS
from ipcredit.web.views.statistics import charts

bp = Blueprint("core", __name__)

HOME_LATEST = 5
HOME_CHARTS = ("penalties-by-year", "penalties-by-ip-type")
FILES = "files/"  # attachments' url_path starts with it (the loaders place them there)


def _attachment_values(attachment: Attachment) -> dict[str, str]:
    return {"path": attachment.url_path.removeprefix(FILES)}


@bp.app_template_global()
def attachment_url(attachment: Attachment) -> str:
    """Where an attachment is served (a template global, so imported macros see it too)."""
    return url_for("core.attachment", **_attachment_values(attachment))


@bilingual_route(bp, "/")
def home() -> str:
    cat = catalogue()
    year = cat.current_top_ten_year
    return render_template(
        "home.html",
        white_paper=cat.white_papers[0] if cat.white_papers else None,
        notices=cat.notices[:HOME_LATEST],
        penalties=cat.penalties[:HOME_LATEST],
        top_ten_year=year,
        top_ten=cat.top_ten_years.get(year, ()) if year else (),
        figures=site_state().headline,
        charts=charts(HOME_CHARTS),
    )


@bilingual_route(bp, f"/{PAGES.list_path}<slug>/")
def page(slug: str) -> str:
    found = next((p for p in catalogue().pages if p.slug == slug), None)
    if found is None:
        abort(404)
    return render_template("page.html", page=found)


@bilingual_route(bp, "/404.html")
def not_found_page() -> str:
    return render_template("404.html")


@bilingual_route(bp, "/cards.css")
def card_labels() -> Response:
    """Each card table's column labels in the page's language, one rule a column: a phone shows
    them before every cell, and no row has to carry them (a list page is a third smaller)."""
    tables = [(s.name, s.columns) for s in SECTIONS if s.columns] + [(DICTIONARY, DICTIONARY_COLUMNS)]
    return Response(render_template("cards.css", tables=tables), mimetype="text/css")


@bp.route("/files/<path:path>")
def attachment(path: str):
    found = next((a for a in catalogue().attachments if a.url_path == FILES + path), None)
    if found is None:
        abort(404)
    return send_file(found.source, mimetype=found.media_type, max_age=0)


def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "core.home", {}
    yield "core.not_found_page", {}
    yield "core.card_labels", {}
    for p in cat.pages:
        yield "core.page", {"slug": p.slug}
    for a in cat.attachments:
        yield "core.attachment", _attachment_values(a)


views = SectionViews(bp, urls)
