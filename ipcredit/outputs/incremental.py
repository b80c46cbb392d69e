"""Incremental builds: pages whose inputs did not change keep their file from the
previous output instead of being rendered again.

A page is kept only when the previous build recorded the same fingerprint for
it: the hash of everything every page shows (code, templates, static files,
translations, settings, authorities, standing pages) and of what the page
itself shows, as its section describes it (``page_inputs`` in
:mod:`ipcredit.web`: a register page's records and facet counts, and the
as-of date on a list's first page). The as-of date is not site-wide: a
record's page does not show it, so a night that changes nothing about a
record rewrites none of its pages. Rendering is
deterministic, so a kept page is byte-identical to a re-rendered one (tests
compare incremental and clean builds file by file). Pages a section does not
describe (home, statistics, feeds: they summarise everything) are always
rendered. The record of fingerprints lives beside the output, not in it, as
plain JSON validated on load (see :func:`read_record`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from flask import Flask, request, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.outputs.assemble import list_files, tree_mark, write_atomic
from ipcredit.outputs.guard import beside
from ipcredit.records import as_shown
from ipcredit.web import page_inputs

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = (ROOT / "ipcredit", ROOT / "site")
RECORD_FORMAT = 4  # 4: the record names the tree by its mark, not by its inode
RECORD_KEYS = {"format", "tree", "search", "pages"}


def hash_parts(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def code_fingerprint(dirs: Iterable[Path] = CODE_DIRS) -> str:
    """Every file of the package and the web layer: a changed template or view renders all pages."""
    files = sorted(p for d in dirs for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return hash_parts(*(f"{p.relative_to(ROOT)}:{hash_parts(p.read_bytes())}" for p in files))


def site_fingerprint(catalogue: Catalogue) -> str:
    # What pages show, not where it was read: an authority's origin names the folder the sources
    # were read from, which a nightly job's checkout may spell differently.
    return hash_parts(
        code_fingerprint(),
        as_shown(catalogue.settings),
        as_shown(catalogue.authorities),
        repr(tuple((p.slug, p.zh.title, p.en.title if p.en else "") for p in catalogue.pages)),
    )


@dataclass
class Previous:
    """The output being updated: its files and the record its build left."""

    root: Path
    listed: Callable[[], frozenset[str]] = field(repr=False)  # gives the relative paths of its files
    record: dict

    @cached_property
    def files(self) -> frozenset[str]:
        """Every file in it (relative paths), listed when first needed: the survey of the trees
        may still be running in another process while the search documents are made."""
        return self.listed()

    @property
    def pages(self) -> dict[str, list[str]]:
        return self.record.get("pages", {})


@dataclass
class Plan:
    """What to render and which files to keep; ``pages`` is the record to keep for the next build."""

    render: list[tuple[str, dict]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    pages: dict[str, list[str]] = field(default_factory=dict)  # page key → [file, fingerprint]


def page_file(url: str, root: str) -> str:
    """Where Frozen-Flask writes a URL, relative to the output folder."""
    path = url.removeprefix(root).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def page_key(endpoint: str, values: dict) -> str:
    return endpoint + "?" + "&".join(f"{k}={values[k]}" for k in sorted(values))


def plan(
    app: Flask, catalogue: Catalogue, urls: Iterable[tuple[str, dict]], previous: Previous | None
) -> Plan:
    """Split ``urls`` into pages to render and files to keep from ``previous`` (None: render all).

    A kept page's file is the one recorded for it: its URL is a function of the
    code, which is part of the fingerprint.
    """
    known = previous.pages if previous else {}
    site = site_fingerprint(catalogue)
    inputs = page_inputs(catalogue)
    result = Plan()
    with app.test_request_context(base_url=catalogue.settings.base_url):
        root = request.script_root
        for endpoint, values in urls:
            shown = inputs(endpoint, values)
            if shown is None:
                result.render.append((endpoint, values))
                continue
            key = page_key(endpoint, values)
            fingerprint = hash_parts(site, key, shown)
            old = known.get(key)
            if old and old[1] == fingerprint and previous and old[0] in previous.files:
                result.keep.append(old[0])
                result.pages[key] = old
            else:
                result.render.append((endpoint, values))
                result.pages[key] = [page_file(url_for(endpoint, **values), root), fingerprint]
    return result


def load_previous(out: Path, files: Callable[[], frozenset[str] | None] | None = None) -> Previous | None:
    """The output at ``out`` with its build record; None (build afresh) when the record is missing,
    unreadable, malformed, or describes another tree than the one at ``out`` (a build died
    after writing it but before its switch). A copy of the output restored with its record (a CI
    cache, a backup) is the tree the record describes: the mark travels with it. ``files`` gives
    the output's files as surveyed (:class:`~ipcredit.outputs.assemble.Survey`), called when they
    are first needed; without it, or when it gives None, the output is walked then."""
    record = read_record(out)
    if record is None or not out.is_dir() or out.is_symlink() or record["tree"] != tree_mark(out):
        return None

    def listed() -> frozenset[str]:
        found = files() if files else None
        return found if found is not None else frozenset(list_files(out))

    return Previous(out, listed, record)


def read_record(out: Path) -> dict | None:
    """The validated build record beside ``out``, or None. Plain JSON, checked field by field:
    whatever the file holds, it can only make the next build a clean one."""
    path = record_path(out)
    try:
        if path.is_symlink():
            return None
        record = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    return record if _valid_record(record) else None


def _valid_record(record: object) -> bool:
    if not isinstance(record, dict) or not {"format", "tree"} <= set(record) <= RECORD_KEYS:
        return False
    tree, pages = record["tree"], record.get("pages", {})
    return (
        record["format"] == RECORD_FORMAT
        and isinstance(tree, str)
        and len(tree) == 64
        and all(c in "0123456789abcdef" for c in tree)
        and isinstance(record.get("search", ""), str)
        and isinstance(pages, dict)
        and all(_valid_page(key, value) for key, value in pages.items())
    )


def _valid_page(key: str, value: object) -> bool:
    """A page key maps to [file inside the output, fingerprint]."""
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        return False
    file = value[0]
    return bool(file) and not file.startswith("/") and ".." not in file.split("/") and "\0" not in file


def sealed(record: dict) -> tuple[str, bytes]:
    """The mark of the tree ``record`` describes, and the record file naming the tree by it.

    The mark is the digest of the pages the record lists (files and fingerprints): two trees
    with the same mark hold the same pages; the search export is told apart by its own version
    (its manifest's), datasets are written by every build. The pages' JSON (40 MB at 100,000
    records, about 1.5 s) is made once for both: the file is what ``json.dumps(..., sort_keys=True)``
    writes."""
    pages = json.dumps(record.get("pages", {}), sort_keys=True)
    mark = hashlib.sha256(pages.encode()).hexdigest()
    fields = {**record, "pages": None, "tree": mark, "format": RECORD_FORMAT}
    body = ", ".join(
        f"{json.dumps(key)}: {pages if key == 'pages' else json.dumps(value, sort_keys=True)}"
        for key, value in sorted(fields.items())
    )
    return mark, ("{" + body + "}").encode("utf-8")


def save(out: Path, data: bytes) -> None:
    """Write a record file made by :func:`sealed`, atomically."""
    write_atomic(record_path(out), data)


def record_path(out: Path) -> Path:
    return beside(out, "build.json")
