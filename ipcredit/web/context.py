"""Per-request access to the catalogue and the page language."""

from __future__ import annotations

from flask import current_app, g, has_app_context

from ipcredit.catalogue import Catalogue


def catalogue() -> Catalogue:
    return current_app.config["CATALOGUE"]


def lang() -> str:
    return g.get("lang", "zh") if has_app_context() else "zh"
