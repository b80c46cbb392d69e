"""One blueprint per part of the site, each exposed as a :class:`SectionViews`.

A view module declares ``views = SectionViews(bp, urls)`` (the registers, which
make two blueprints from one module, declare one per register); the app
factory registers the blueprints of :data:`ipcredit.web.SECTION_VIEWS` and
the freezer writes every URL their ``urls`` list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint

from ipcredit.catalogue import Catalogue

URLs = Iterable[tuple[str, dict]]  # (endpoint, values) of every page a section serves
PageInputs = Callable[[str, dict], "str | None"]  # endpoint, values → what the page shows


@dataclass(frozen=True)
class SectionViews:
    blueprint: Blueprint
    urls: Callable[[Catalogue], URLs]  # every page, so the freezer can write them all
    # What each page shows of the catalogue, for incremental builds; None: always render.
    # Sections with many pages (the registers) say it; the few pages that summarise
    # everything (home, statistics, feeds) are cheaper to render than to describe.
    # Given the catalogue and the records' digests (records.ShownDigests, shared by sections).
    page_inputs: Callable[[Catalogue, Callable[[Any], str]], PageInputs] | None = None
