"""Per-request access to the catalogue, the app's state and the page language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app, g, has_app_context

from ipcredit.catalogue import Catalogue

if TYPE_CHECKING:
    from ipcredit.web.state import SiteState


def catalogue() -> Catalogue:
    return current_app.config["CATALOGUE"]


def site_state(app: Flask | None = None) -> SiteState:
    """What ``app`` (default: the current app) built of its catalogue (see :mod:`ipcredit.web.state`)."""
    return (app or current_app).extensions["ipcredit"]


def lang() -> str:
    return g.get("lang", "zh") if has_app_context() else "zh"
