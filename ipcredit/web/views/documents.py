"""White papers and notices: lists and detail pages."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, abort, render_template

from ipcredit.catalogue import Catalogue
from ipcredit.sections import NOTICES, WHITE_PAPERS
from ipcredit.web.context import catalogue
from ipcredit.web.routing import bilingual_route
from ipcredit.web.views import SectionViews

bp = Blueprint("documents", __name__)


@bilingual_route(bp, f"/{WHITE_PAPERS.list_path}")
def white_papers() -> str:
    return render_template("white_papers.html", papers=catalogue().white_papers)


@bilingual_route(bp, f"/{WHITE_PAPERS.list_path}<slug>/")
def white_paper(slug: str) -> str:
    papers = catalogue().white_papers
    index = next((i for i, p in enumerate(papers) if p.slug == slug), None)
    if index is None:
        abort(404)
    # Papers are newest first: the "newer" neighbour is the one before.
    newer = papers[index - 1] if index > 0 else None
    older = papers[index + 1] if index + 1 < len(papers) else None
    return render_template("white_paper.html", paper=papers[index], newer=newer, older=older)


@bilingual_route(bp, f"/{NOTICES.list_path}")
def notices() -> str:
    return render_template("notices.html", notices=catalogue().notices)


@bilingual_route(bp, f"/{NOTICES.list_path}<slug>/")
def notice(slug: str) -> str:
    found = next((n for n in catalogue().notices if n.slug == slug), None)
    if found is None:
        abort(404)
    return render_template("notice.html", notice=found)


def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "documents.white_papers", {}
    yield "documents.notices", {}
    for paper in cat.white_papers:
        yield "documents.white_paper", {"slug": paper.slug}
    for item in cat.notices:
        yield "documents.notice", {"slug": item.slug}


views = SectionViews(bp, urls)
