"""Incremental builds: register detail pages whose inputs did not change are copied
from the previous output instead of being rendered again.

A page is reused only when the previous build recorded the same fingerprint
for it: the hash of everything every page shows (code, templates, static
files, translations, settings, as-of date, authorities, standing pages) plus
the hash of the record the page shows. Rendering is deterministic, so a reused
page is byte-identical to a re-rendered one. List, facet and summary pages,
which depend on many records, are always rendered (they are a small share of
the site). The record of fingerprints lives beside the output, not in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, request, url_for

from ipcredit.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = (ROOT / "ipcredit", ROOT / "site")
SEARCH_CODE_DIRS = (ROOT / "search",)
# Detail pages that show exactly one record: endpoint → the catalogue register holding it.
RECORD_PAGES = {"penalties.detail": "penalties", "dishonesty.detail": "dishonesty"}


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def code_fingerprint(dirs: Iterable[Path] = CODE_DIRS) -> str:
    """Every file of the package and the web layer: a changed template or view renders all pages."""
    files = sorted(p for d in dirs for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _hash(*(f"{p.relative_to(ROOT)}:{_hash(p.read_bytes())}" for p in files))


def site_fingerprint(catalogue: Catalogue) -> str:
    return _hash(
        code_fingerprint(),
        repr(catalogue.settings),
        catalogue.as_of.isoformat(),
        repr(catalogue.authorities),
        repr(tuple((p.slug, p.zh.title, p.en.title if p.en else "") for p in catalogue.pages)),
    )


@dataclass
class Plan:
    """What to render and what to copy; ``fingerprints`` is the record to keep for the next build."""

    render: list[tuple[str, dict]] = field(default_factory=list)
    copy: list[str] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)


def page_file(url: str, root: str) -> str:
    """Where Frozen-Flask writes a URL, relative to the output folder."""
    path = url.removeprefix(root).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def plan(app: Flask, catalogue: Catalogue, urls: Iterable[tuple[str, dict]], previous: Path | None) -> Plan:
    """Split ``urls`` into pages to render and pages to copy from ``previous`` (None: render all)."""
    known = _load(record_path(previous)) if previous else {}
    site = site_fingerprint(catalogue)
    by_id = {name: {r.id: r for r in getattr(catalogue, name)} for name in set(RECORD_PAGES.values())}
    result = Plan()
    with app.test_request_context(base_url=catalogue.settings.base_url):
        root = request.script_root
        for endpoint, values in urls:
            register = RECORD_PAGES.get(endpoint)
            if register is None:
                result.render.append((endpoint, values))
                continue
            target = page_file(url_for(endpoint, **values), root)
            fingerprint = _hash(site, repr(by_id[register][values["record_id"]]))
            result.fingerprints[target] = fingerprint
            if previous and known.get(target) == fingerprint and (previous / target).is_file():
                result.copy.append(target)
            else:
                result.render.append((endpoint, values))
    return result


def search_fingerprint(search_documents: Iterable[object]) -> str:
    """The search export depends only on the documents and the search code."""
    return _hash(code_fingerprint(SEARCH_CODE_DIRS), *(repr(d) for d in search_documents))


def reusable_search_export(previous: Path | None, export: str, fingerprint: str) -> bool:
    """Whether the previous output holds an export made from exactly these documents."""
    if previous is None or not (previous / export / "manifest.json").is_file():
        return False
    return _load(record_path(previous)).get(export + "/") == fingerprint


def copy_tree(source: Path, dest: Path) -> int:
    """Hard-link (or copy) every file of ``source`` into ``dest``."""
    files = [p.relative_to(source).as_posix() for p in sorted(source.rglob("*")) if p.is_file()]
    return copy_pages(files, source, dest)


def copy_pages(files: Iterable[str], previous: Path, dest: Path) -> int:
    """Hard-link (or copy, across file systems) reused pages into the new output.

    Linking is safe: no build writes into an existing file, and the previous
    output is removed after the swap.
    """
    count = 0
    made: set[Path] = set()
    for relative in files:
        target = dest / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(previous / relative, target)
        except OSError:
            shutil.copyfile(previous / relative, target)
        count += 1
    return count


def _load(record: Path) -> dict[str, str]:
    try:
        return json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no usable record: render everything


def save(record: Path, fingerprints: dict[str, str]) -> None:
    record.write_text(json.dumps(fingerprints, sort_keys=True), encoding="utf-8")


def record_path(out: Path) -> Path:
    return out.resolve().parent / f".{out.name}.pages.json"
