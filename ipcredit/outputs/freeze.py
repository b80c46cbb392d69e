"""Freeze the Flask app into static HTML with Frozen-Flask.

Every URL every section lists is frozen, in both languages. Frozen-Flask's
warnings are turned into errors: a page that would be missing or served
wrong fails the build instead of scrolling past. Its "nothing frozen for
endpoint X" check is replaced by a stricter one of ours: every endpoint must
belong to a section that lists its URLs (an empty section, such as no
notices on the as-of date, legitimately freezes nothing).
"""

from __future__ import annotations

import mimetypes
import multiprocessing
import os
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any, TypeVar
from unicodedata import normalize
from urllib.parse import unquote_to_bytes, urlsplit

import minify_html
from flask import Flask, Response
from flask_frozen import Freezer, FrozenFlaskWarning, MimetypeMismatchWarning, MissingURLGeneratorWarning
from werkzeug.test import EnvironBuilder

from ipcredit import collector
from ipcredit.catalogue import Catalogue
from ipcredit.outputs import incremental
from ipcredit.progress import Progress
from ipcredit.web import NEEDS_DATASETS, SECTION_VIEWS, in_both_languages, section_urls


class UnfrozenEndpointError(RuntimeError):
    """An endpoint no section lists URLs for: its pages would silently be missing."""


def check_endpoints(app: Flask) -> None:
    covered = {section.blueprint.name for section in SECTION_VIEWS}
    orphans = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and rule.endpoint.split(".")[0] not in covered
    )
    if orphans:
        raise UnfrozenEndpointError(f"endpoints with no URL generator: {', '.join(orphans)}")


def _all_urls(app: Flask, catalogue: Catalogue) -> Iterator[tuple[str, dict]]:
    return in_both_languages(app, section_urls(catalogue))


def minified(response: Response) -> Response:
    """An HTML page without the whitespace and optional syntax a browser does not need.

    minify-html (Rust) takes about 0.4 ms for a record's page, a sixth of its rendering, for 15%
    fewer bytes; htmlmin saves as much in 17 times the time. Closing tags and the html and head
    start tags stay, so the pages remain valid for the Nu Html Checker and readable in a diff.
    """
    if response.mimetype == "text/html" and not response.direct_passthrough:
        page = response.get_data(as_text=True)
        response.set_data(
            minify_html.minify(page, keep_closing_tags=True, keep_html_and_head_opening_tags=True)
        )
    return response


def _configure(app: Flask, catalogue: Catalogue, dest: Path) -> None:
    if minified not in app.after_request_funcs.setdefault(None, []):
        app.after_request(minified)  # frozen pages only: the live preview stays readable
    app.config.update(
        FREEZER_DESTINATION=str(dest),
        FREEZER_BASE_URL=catalogue.settings.base_url,
        FREEZER_REMOVE_EXTRA_FILES=False,  # dest is a fresh staging folder shared with other writers
        FREEZER_IGNORE_MIMETYPE_WARNINGS=False,
        FREEZER_DEFAULT_MIMETYPE="text/html",
        PROPAGATE_EXCEPTIONS=True,  # a failing page raises its own error, not a bare "500"
    )


class PageFreezer(Freezer):
    """Frozen-Flask's freezer, asking the app for each page without its test client.

    Frozen-Flask gets a page through Werkzeug's test client: a new client, an environ built
    from the URL, cookies, the response wrapped again, and a look at the destination for a
    file to skip or compare. At 250,000 pages that was about a fifth of the rendering. Here
    the environ is built once and copied with each page's path, the app dispatches in its
    own request context (the same URL matching, handlers and ``after_request``), and the
    file is written: the stage is new and empty, so there is nothing to skip, and each
    folder is made once. Only 200 answers of the expected type are written: anything else
    (a redirect, a 404) fails the build, as Frozen-Flask's warnings do with our filters.
    """

    def __init__(self, app: Flask, **options: Any) -> None:
        super().__init__(app, with_static_files=False, with_no_argument_rules=False, **options)
        # The site's host, scheme and script root, as the test client sets them for every page.
        self._environ = EnvironBuilder(path="/", base_url=app.config["FREEZER_BASE_URL"]).get_environ()
        self._folders: set[Path] = set()

    def _build_one(self, url: str, last_modified: object = None) -> Path:
        path = self.root / normalize("NFC", self.urlpath_to_filepath(url))
        response = self._get(url)
        if response.status_code != 200:
            raise ValueError(f"Unexpected status {response.status!r} on URL {url}")
        expected = mimetypes.guess_type(path.name)[0] or self.app.config["FREEZER_DEFAULT_MIMETYPE"]
        if expected != response.mimetype:
            warnings.warn(
                f"Filename extension of {path.name!r} (type {expected}) does not match "
                f"Content-Type: {response.content_type} on URL {url}",
                MimetypeMismatchWarning,
                stacklevel=3,
            )
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        with path.open("wb") as file:  # attachments come as files (direct passthrough): in chunks
            file.writelines(response.iter_encoded())
        response.close()
        return path

    def environ(self, url: str) -> dict[str, Any]:
        """The WSGI environ of a GET of ``url`` (a path and query, as ``url_for`` gives them
        below the script root), as Werkzeug's test client would make it."""
        parts = urlsplit(url)
        environ = dict(self._environ)
        environ["PATH_INFO"] = unquote_to_bytes(parts.path).decode("latin-1")  # WSGI's encoding
        environ["QUERY_STRING"] = parts.query
        environ["REQUEST_URI"] = environ["RAW_URI"] = url
        return environ

    def _get(self, url: str) -> Response:
        with self.app.request_context(self.environ(url)):
            return self.app.full_dispatch_request()


def _freeze_share(
    app: Flask, urls: Iterable[tuple[str, dict]], static: bool, tick: Callable[[], None]
) -> int:
    """Freeze ``urls`` (and the static files when ``static``), rendering each as it comes: every
    URL must be in the list the build made up front."""
    count = 0
    with warnings.catch_warnings(), collector.on():  # rendering leaves cycles (ipcredit.collector)
        warnings.simplefilter("error", FrozenFlaskWarning)
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)  # replaced by check_endpoints
        if static:  # files served as they are: Frozen-Flask's own way
            files = Freezer(app, with_static_files=True, with_no_argument_rules=False, log_url_for=False)
            count += sum(1 for _file in files.freeze_yield())
        pages = PageFreezer(app, log_url_for=False)
        pages.register_generator(lambda: iter(urls))
        for _page in pages.freeze_yield():
            count += 1
            tick()
    return count


def jobs() -> int:
    """Processes for freezing: both cores by default; IPCREDIT_JOBS overrides (1 = in-process)."""
    return max(1, int(os.environ.get("IPCREDIT_JOBS", min(2, os.cpu_count() or 1))))


T = TypeVar("T")
URLS_PER_WORKER = 500  # a small site is not worth a process
CLAIM = 8  # pages a renderer takes at a time from the shared list


def claimed(urls: Sequence[T], taken: Synchronized[int], claim: int = CLAIM) -> Iterator[T]:
    """The items of ``urls`` this process renders: runs of ``claim`` taken in turn with the
    other renderers, ``taken`` counting what all have taken. A renderer that shares its core
    with another process (the datasets' writer) takes fewer, instead of making the others wait
    for its fixed half; each item goes to exactly one renderer."""
    while True:
        with taken.get_lock():
            start = taken.value
            taken.value = min(start + claim, len(urls))
        if start >= len(urls):
            return
        yield from urls[start : start + claim]


class FreezeWorkerError(RuntimeError):
    """A page failed to render while freezing in several processes (its traceback is the message)."""


def freeze(
    app: Flask,
    catalogue: Catalogue,
    dest: Path,
    progress: Progress,
    previous: incremental.Previous | None = None,
    before_last: Callable[[], None] = lambda: None,
) -> tuple[int, incremental.Plan]:
    """Write every page, static file and attachment into ``dest`` (:func:`start`, then
    :meth:`Freezing.finish`). Returns the number of files written and the plan."""
    freezing = start(app, catalogue, dest, progress, previous)
    try:
        return freezing.finish(before_last), freezing.plan
    finally:
        freezing.cancel()  # a failed share: the other renderers would go on writing


def start(
    app: Flask,
    catalogue: Catalogue,
    dest: Path,
    progress: Progress,
    previous: incremental.Previous | None = None,
) -> Freezing:
    """Plan the pages and start the other renderers on them.

    Pages unchanged since the ``previous`` output are not rendered: the plan
    lists them to keep (see :mod:`ipcredit.outputs.incremental`). The rest is
    split between forked renderers, started here, and this process, which takes
    its share in :meth:`Freezing.finish`: until then it can do other work (a
    night's search patch) while they render. Each writes a disjoint set of files,
    and only this one writes the static files.
    """
    _configure(app, catalogue, dest)
    check_endpoints(app)
    with app.app_context():  # the sections list their URLs from the app's state
        urls = list(_all_urls(app, catalogue))
        work = incremental.plan(app, catalogue, urls, previous)
    first = [url for url in work.render if url[0] not in NEEDS_DATASETS]
    last = [url for url in work.render if url[0] in NEEDS_DATASETS]
    workers = min(jobs(), max(1, len(first) // URLS_PER_WORKER))
    others = _Renderers(app, first, workers - 1) if workers > 1 else None
    return Freezing(app, work, first, last, progress, others)


class Freezing:
    """Pages being frozen: planned, with the other renderers (if any) at work."""

    def __init__(
        self,
        app: Flask,
        plan: incremental.Plan,
        first: list[tuple[str, dict]],
        last: list[tuple[str, dict]],
        progress: Progress,
        others: _Renderers | None,
    ) -> None:
        self.app, self.plan, self.progress, self.others = app, plan, progress, others
        self.first, self.last = first, last

    def finish(self, before_last: Callable[[], None] = lambda: None) -> int:
        """Render this process's share and wait for the other renderers; then call ``before_last``
        (which gives the app the datasets) and render the pages of ``NEEDS_DATASETS``, which
        come last, in this process. Returns the number of files written."""
        if self.others is None:
            count = _freeze_share(self.app, self.first, True, _ticker(self.progress, len(self.first)))
        else:
            count = self.others.render_with(self.progress)
        self.progress.done()
        before_last()
        return count + _freeze_share(self.app, self.last, False, lambda: None)

    def cancel(self) -> None:
        """Stop the other renderers, if any are still at work (the build failed)."""
        if self.others is not None:
            self.others.stop()


def _ticker(progress: Progress, total: int) -> Callable[[], None]:
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        progress.update("pages", done, total)

    return tick


class _Renderers:
    """``count`` forked children freezing ``urls``, each taking the next few pages in turn
    (:func:`claimed`) with this process, which joins them in :meth:`render_with`. A child
    starts as a copy of this process sharing its memory, but Python writes an object's
    reference count whenever it reads it, so the copy becomes the child's own as it renders:
    this process renders rather than waits, and the build holds one copy fewer (its
    processes together: 2,214 → 1,953 MiB at 100,000 records)."""

    def __init__(self, app: Flask, urls: list[tuple[str, dict]], count: int) -> None:
        self.app, self.urls = app, urls
        context = multiprocessing.get_context("fork")
        self.done = context.Value("i", 0)
        self.taken = context.Value("i", 0)
        self.counts = context.Array("i", count)
        self.failures = context.SimpleQueue()
        self.processes = [context.Process(target=self._work, args=(i,)) for i in range(count)]
        for process in self.processes:
            process.start()

    def _tick(self) -> None:
        with self.done.get_lock():
            self.done.value += 1

    def _work(self, index: int) -> None:
        try:
            self.counts[index] = _freeze_share(self.app, claimed(self.urls, self.taken), False, self._tick)
        except BaseException:
            self.failures.put(traceback.format_exc())
            raise SystemExit(1) from None

    def render_with(self, progress: Progress) -> int:
        """Render this process's share (with the static files), then wait for the children;
        the number of files all wrote."""

        def tick() -> None:
            self._tick()
            progress.update("pages", self.done.value, len(self.urls))

        try:
            own = _freeze_share(self.app, claimed(self.urls, self.taken), True, tick)
        except Exception:
            raise FreezeWorkerError(traceback.format_exc()) from None
        while any(p.is_alive() for p in self.processes):
            progress.update("pages", self.done.value, len(self.urls))
            time.sleep(0.2)
        for process in self.processes:
            process.join()
        if not self.failures.empty() or any(p.exitcode for p in self.processes):
            message = self.failures.get() if not self.failures.empty() else "a freezing process died"
            raise FreezeWorkerError(message)
        return own + sum(self.counts)

    def stop(self) -> None:
        """End the children still rendering: they would go on writing into a stage about to be removed."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
