"""``/sitemap.xml`` and ``/robots.txt``.

The sitemap lists every HTML page in both languages, taken from the same URL
list the freezer writes (each section's ``urls`` and the app's bilingual
endpoints), so it cannot name a page that was not built or miss one that was.
``<lastmod>`` is the record's own date on a record page, the as-of date
elsewhere. Past 50,000 URLs (the protocol's limit per file) ``/sitemap.xml``
becomes a sitemap index over ``/sitemaps/<n>.xml``.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from math import ceil

from flask import Blueprint, Flask, Response, abort, render_template
from markupsafe import escape
from werkzeug.routing import MapAdapter

from ipcredit.catalogue import Catalogue
from ipcredit.sections import SECTIONS
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.routing import PLAIN_ID, id_pattern
from ipcredit.web.views import SectionViews

bp = Blueprint("sitemap", __name__)

MAX_URLS = 50_000
# The MIME type static servers give .xml files, so the frozen file and its header agree.
XML_TYPE = mimetypes.guess_type("sitemap.xml")[0] or "application/xml"

Page = tuple[str, date]  # (path below the site root, escaped for XML; lastmod)


def _record_dates(cat: Catalogue) -> dict[str, date]:
    """Record pages' own dates, by path (undated sections' pages get the as-of date)."""
    found: dict[str, date] = {}
    for section in SECTIONS:
        if section.day is not None:
            for record in section.records(cat):
                found[section.record_path(record)] = section.day(record)
    return found


def pages(app: Flask, cat: Catalogue, urls: Iterable[tuple[str, dict]]) -> tuple[Page, ...]:
    """Every HTML page (paths ending in /, not files, feeds or 404.html) with its lastmod; made
    once per app, by the factory, from ``urls``: what the freezer writes, both languages, except
    this module's own files (they depend on this list's length)."""
    dates = _record_dates(cat)
    build = url_builder(app.url_map.bind("localhost"))
    found: dict[str, date] = {}
    for endpoint, values in urls:
        url = build(endpoint, values)
        if url.endswith("/"):
            path = url.lstrip("/")
            found[path] = dates.get(path.removeprefix("en/"), cat.as_of)
    # Escaped for XML here, once: the sitemap's template takes them as they are (a night renders
    # all 250,000 again, and escaping each on the way was most of that time).
    return tuple((str(escape(path)), day) for path, day in found.items())


def url_builder(adapter: MapAdapter) -> Callable[[str, dict], str]:
    """``adapter.build``, with a record page's URL made from one pattern per endpoint and
    language (the sitemap lists 250,000 of them at 100,000 records); an id that would need
    quoting is built."""
    patterns: dict[tuple, tuple[str, str]] = {}

    def build(endpoint: str, values: dict) -> str:
        record_id = values.get("record_id")
        if not isinstance(record_id, str) or not PLAIN_ID.fullmatch(record_id):
            return adapter.build(endpoint, values)
        key = (endpoint, *sorted((k, v) for k, v in values.items() if k != "record_id"))
        if key not in patterns:
            patterns[key] = id_pattern(lambda rid: adapter.build(endpoint, {**values, "record_id": rid}))
        before, after = patterns[key]
        return before + record_id + after

    return build


def part_count(_cat: Catalogue) -> int:
    """How many sitemap files: one, or as many as the index points to."""
    total = len(site_state().sitemap)
    return 1 if total <= MAX_URLS else ceil(total / MAX_URLS)


def _xml(template: str, **context: object) -> Response:
    return Response(render_template(template, **context), mimetype=XML_TYPE)


@bp.route("/sitemap.xml")
def index() -> Response:
    cat = catalogue()
    base = cat.settings.base_url
    count = part_count(cat)
    if count == 1:
        return _xml("feeds/sitemap.xml", pages=site_state().sitemap, base=escape(base))
    parts = [
        (f"{base}sitemaps/{n}.xml", max(day for _path, day in _part(cat, n))) for n in range(1, count + 1)
    ]
    return _xml("feeds/sitemap_index.xml", parts=parts)


@bp.route("/sitemaps/<int:number>.xml")
def part(number: int) -> Response:
    cat = catalogue()
    if part_count(cat) == 1 or not 1 <= number <= part_count(cat):
        abort(404)
    return _xml("feeds/sitemap.xml", pages=_part(cat, number), base=escape(cat.settings.base_url))


def _part(cat: Catalogue, number: int) -> tuple[Page, ...]:
    return site_state().sitemap[(number - 1) * MAX_URLS : number * MAX_URLS]


@bp.route("/robots.txt")
def robots() -> Response:
    text = render_template("feeds/robots.txt", sitemap=catalogue().settings.base_url + "sitemap.xml")
    return Response(text, mimetype="text/plain")


def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "sitemap.index", {}
    yield "sitemap.robots", {}
    count = part_count(cat)
    if count > 1:
        for n in range(1, count + 1):
            yield "sitemap.part", {"number": n}


views = SectionViews(bp, urls)
