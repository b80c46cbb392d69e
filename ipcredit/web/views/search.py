"""The search page. Static builds search in the browser from the exported index;
``serve`` answers the same queries from the Whoosh index itself (``/search/api``)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, render_template

from ipcredit.catalogue import Catalogue
from ipcredit.web.filters import N_
from ipcredit.web.routing import bilingual_route

bp = Blueprint("search", __name__)

SECTIONS = (
    ("penalties", N_("行政处罚")),
    ("dishonesty", N_("失信名单")),
    ("cases", N_("案例")),
    ("white-papers", N_("白皮书")),
    ("notices", N_("通知公告")),
    ("pages", N_("其他页面")),
)


@bilingual_route(bp, "/search/")
def page() -> str:
    return render_template("search.html", sections=SECTIONS)


def urls(_cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "search.page", {}
