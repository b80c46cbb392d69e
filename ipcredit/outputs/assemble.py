"""Put a finished build in place: nothing is published until every writer has succeeded.

A clean build fills an empty staging folder beside the output and swaps it in
whole. An incremental build stages only the files that changed and then
updates the output in place: staged files replace theirs, files neither kept
nor staged are deleted. Either way a failed build leaves the previous output
exactly as it was, and nothing from an earlier build can survive in a new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder; on success it replaces ``out``, on failure it is removed."""
    out = out.resolve()
    with staged_files(out) as stage:
        yield stage
        old = out.parent / f".{out.name}.old"
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        stage.rename(out)
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged_files(out: Path) -> Iterator[Path]:
    """An empty staging folder beside ``out``, removed afterwards whatever happens."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.parent / f".{out.name}.building"
    if stage.exists():
        shutil.rmtree(stage)  # left by a build that was killed
    stage.mkdir()
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def update_in_place(stage: Path, out: Path, existing: Iterable[str], keep: Iterable[str]) -> int:
    """Make ``out`` hold exactly the kept files and the staged ones; return how many files changed.

    ``existing`` lists every file of ``out`` (read before the build); kept files
    must be among them. Staged files replace theirs with one rename each.
    """
    existing, keep = set(existing), set(keep)
    staged = set(list_files(stage))
    missing = keep - existing
    if missing:
        raise FileNotFoundError(f"{out}: files to keep are gone: {', '.join(sorted(missing)[:5])}")
    stale = existing - keep - staged
    for relative in stale:
        os.unlink(out / relative)
    made: set[Path] = set()
    for relative in staged:
        target = out / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(stage / relative, target)
    _remove_empty_folders(out, {(out / relative).parent for relative in stale})
    return len(staged) + len(stale)


def list_files(root: Path) -> list[str]:
    """Every file under ``root``, as relative POSIX paths."""
    start = len(str(root)) + 1
    return [os.path.join(folder, name)[start:] for folder, _dirs, files in os.walk(root) for name in files]


def _remove_empty_folders(root: Path, folders: set[Path]) -> None:
    """Remove each of ``folders`` that is now empty, and its parents that become empty, up to ``root``."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
