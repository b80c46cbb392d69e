"""Bilingual routes: every page exists at ``/<path>`` (Chinese) and ``/en/<path>``.

One endpoint has two URL rules told apart by a ``lang`` default, so
``url_for(endpoint, lang="en")`` picks the English URL and the view itself
never sees the language (it is moved to ``g.lang`` before the view runs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint

LANG_PREFIXES = {"zh": "", "en": "/en"}
# Where the site serves the exported search index: the search page reads it, outputs write it.
EXPORT_PATH = "search-index"
# Characters a URL path keeps as they are: a URL for an id made of them can come from a pattern.
PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
_ID_SLOT = "__record__"


def id_pattern(build: Callable[[str], str]) -> tuple[str, str]:
    """What comes before and after the id in the URL ``build(id)`` makes for any
    :data:`PLAIN_ID` id: one URL built instead of one per record (lists, the sitemap)."""
    before, _, after = build(_ID_SLOT).partition(_ID_SLOT)
    return before, after


def bilingual_route(
    bp: Blueprint, rule: str, endpoint: str | None = None, defaults: dict[str, Any] | None = None
) -> Callable:
    """Register a view under both language prefixes (``defaults`` as in Flask, e.g. page 1)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        name = endpoint or view.__name__
        for lang, prefix in LANG_PREFIXES.items():
            bp.add_url_rule(prefix + rule, name, view, defaults={"lang": lang, **(defaults or {})})
        bp.record_once(lambda state: state.app.config.setdefault("BILINGUAL_ENDPOINTS", set()))
        bp.record(lambda state: state.app.config["BILINGUAL_ENDPOINTS"].add(f"{state.name}.{name}"))
        return view

    return decorator
