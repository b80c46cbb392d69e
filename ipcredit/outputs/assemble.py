"""Build into a staging folder beside the output and swap it in only when complete.

A failed build leaves the previous output exactly as it was, and nothing from
an earlier build can survive in a new one (the staging folder starts empty).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder; on success it replaces ``out``, on failure it is removed."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.parent / f".{out.name}.building"
    old = out.parent / f".{out.name}.old"
    for leftover in (stage, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)
