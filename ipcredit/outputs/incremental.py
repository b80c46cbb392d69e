"""Incremental builds: pages whose inputs did not change keep their file from the
previous output instead of being rendered again.

A page is kept only when the previous build recorded the same fingerprint for
it: the hash of everything every page shows (code, templates, static files,
translations, settings, as-of date, authorities, standing pages) and of what
the page itself shows, as its section describes it (``page_inputs`` in
:mod:`ipcredit.web`: a register page's records and facet counts). Rendering is
deterministic, so a kept page is byte-identical to a re-rendered one (tests
compare incremental and clean builds file by file). Pages a section does not
describe (home, statistics, feeds: they summarise everything) are always
rendered. The record of fingerprints lives beside the output, not in it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, request, url_for

from ipcredit.catalogue import Catalogue
from ipcredit.outputs.assemble import list_files
from ipcredit.web import page_inputs

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = (ROOT / "ipcredit", ROOT / "site")
RECORD_FORMAT = 2


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
    return hash_parts(
        code_fingerprint(),
        repr(catalogue.settings),
        catalogue.as_of.isoformat(),
        repr(catalogue.authorities),
        repr(tuple((p.slug, p.zh.title, p.en.title if p.en else "") for p in catalogue.pages)),
    )


@dataclass
class Previous:
    """The output being updated: its files and the record its build left."""

    root: Path
    files: frozenset[str]  # relative paths of every file in it
    record: dict

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


def load_previous(out: Path) -> Previous | None:
    """The output at ``out`` with its build record, or None when either is missing or unreadable."""
    try:
        record = json.loads(record_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no usable record: build from scratch
    if not out.is_dir() or record.get("format") != RECORD_FORMAT:
        return None
    return Previous(out, frozenset(list_files(out)), record)


def save(out: Path, record: dict) -> None:
    record_path(out).write_text(
        json.dumps({**record, "format": RECORD_FORMAT}, sort_keys=True), encoding="utf-8"
    )


def forget(out: Path) -> None:
    """Drop the record: the next build starts from scratch (used while ``out`` is being changed)."""
    record_path(out).unlink(missing_ok=True)


def record_path(out: Path) -> Path:
    return beside(out, "build.json")


def beside(out: Path, name: str) -> Path:
    """A file of the build's own beside the output: ``.<out>.<name>`` (hidden, never published)."""
    return out.resolve().parent / f".{out.name}.{name}"
