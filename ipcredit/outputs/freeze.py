"""Freeze the Flask app into static HTML with Frozen-Flask.

Every URL every section lists is frozen, in both languages. Frozen-Flask's
warnings (a URL with no generator, a MIME type that does not match the file
name) are turned into errors: a page that would be missing or served wrong
fails the build instead of scrolling past.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning

from ipcredit.catalogue import Catalogue
from ipcredit.progress import Progress
from ipcredit.web import section_urls


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
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=True)
    freezer.register_generator(lambda: _all_urls(app, catalogue))
    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        for count, _page in enumerate(freezer.freeze_yield(), start=1):
            progress.update("pages", count)
    progress.done()
    return count
