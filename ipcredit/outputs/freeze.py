"""Freeze the Flask app into static HTML with Frozen-Flask.

Every URL every section lists is frozen, in both languages. Frozen-Flask's
warnings are turned into errors: a page that would be missing or served
wrong fails the build instead of scrolling past. Its "nothing frozen for
endpoint X" check is replaced by a stricter one of ours: every endpoint must
belong to a section that lists its URLs (an empty section, such as no
notices on the as-of date, legitimately freezes nothing).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning, MissingURLGeneratorWarning

from ipcredit.catalogue import Catalogue
from ipcredit.progress import Progress
from ipcredit.web import BLUEPRINTS, section_urls


class UnfrozenEndpointError(RuntimeError):
    """An endpoint no section lists URLs for: its pages would silently be missing."""


def check_endpoints(app: Flask) -> None:
    covered = {module.bp.name for module in BLUEPRINTS}
    orphans = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and rule.endpoint.split(".")[0] not in covered
    )
    if orphans:
        raise UnfrozenEndpointError(f"endpoints with no URL generator: {', '.join(orphans)}")


def _all_urls(app: Flask, catalogue: Catalogue) -> Iterator[tuple[str, dict]]:
    bilingual = app.config["BILINGUAL_ENDPOINTS"]
    for endpoint, values in section_urls(catalogue):
        if endpoint in bilingual:
            yield endpoint, {**values, "lang": "zh"}
            yield endpoint, {**values, "lang": "en"}
        else:
            yield endpoint, values


def freeze(app: Flask, catalogue: Catalogue, dest: Path, progress: Progress) -> int:
    """Write every page, static file and attachment into ``dest``; return the number of files."""
    app.config.update(
        FREEZER_DESTINATION=str(dest),
        FREEZER_BASE_URL=catalogue.settings.base_url,
        FREEZER_REMOVE_EXTRA_FILES=False,  # dest is a fresh staging folder; other writers share it
        FREEZER_IGNORE_MIMETYPE_WARNINGS=False,
        FREEZER_DEFAULT_MIMETYPE="text/html",
    )
    check_endpoints(app)
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=True)
    freezer.register_generator(lambda: _all_urls(app, catalogue))
    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)  # replaced by check_endpoints
        for count, _page in enumerate(freezer.freeze_yield(), start=1):
            progress.update("pages", count)
    progress.done()
    return count
