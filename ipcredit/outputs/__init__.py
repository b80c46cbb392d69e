"""Writers of the built site. Each reads the published catalogue and writes into
the staging folder; adding a format means adding one writer here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ipcredit.catalogue import Catalogue
from ipcredit.outputs import datasets, freeze
from ipcredit.outputs.assemble import staging
from ipcredit.progress import Progress
from ipcredit.web import create_app


@dataclass(frozen=True)
class WriterResult:
    name: str
    files: int


Writer = Callable[[Catalogue, Path, Progress], WriterResult]


def write_pages(catalogue: Catalogue, dest: Path, progress: Progress) -> WriterResult:
    return WriterResult("pages", freeze.freeze(create_app(catalogue), catalogue, dest, progress))


def write_datasets(catalogue: Catalogue, dest: Path, progress: Progress) -> WriterResult:
    written = datasets.write_data(catalogue, dest / "data", progress)
    return WriterResult("datasets", len(written.files) + 1)


# Datasets first: the /data/ page shows the sizes and hashes of the files they wrote.
WRITERS: tuple[Writer, ...] = (write_datasets, write_pages)


def write_site(catalogue: Catalogue, out: Path, progress: Progress) -> list[WriterResult]:
    """Run every writer into a staging folder, then swap it in as ``out``."""
    with staging(out) as stage:
        return [writer(catalogue, stage, progress) for writer in WRITERS]
