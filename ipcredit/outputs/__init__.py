"""Writers of the built site. Each reads the published catalogue and writes into
the staging folder; adding a format means adding one writer here."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ipcredit.catalogue import Catalogue
from ipcredit.outputs import datasets, freeze, incremental
from ipcredit.outputs.assemble import staging
from ipcredit.progress import Progress
from ipcredit.web import create_app
from ipcredit.web.views.search import EXPORT_PATH


@dataclass
class BuildContext:
    stage: Path  # the empty folder the writers fill
    progress: Progress
    previous: Path | None = None  # the output being replaced, for incremental reuse
    page_fingerprints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WriterResult:
    name: str
    files: int


Writer = Callable[[Catalogue, BuildContext], WriterResult]


def write_datasets(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    written = datasets.write_data(catalogue, ctx.stage / "data", ctx.progress)
    return WriterResult("datasets", len(written.files) + 1)


def write_search(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The Whoosh index (built in a temporary folder: the static site needs only its export).

    When the search documents and the search code are unchanged since the previous
    output, its export is reused as it is (the export is a function of them alone).
    """
    from search import build_index, documents, export_index

    docs = documents(catalogue)
    fingerprint = incremental.search_fingerprint(docs)
    ctx.page_fingerprints[EXPORT_PATH + "/"] = fingerprint
    export = ctx.stage / EXPORT_PATH
    if incremental.reusable_search_export(ctx.previous, EXPORT_PATH, fingerprint):
        return WriterResult("search", incremental.copy_tree(ctx.previous / EXPORT_PATH, export))
    with tempfile.TemporaryDirectory(prefix="ipcredit-index-") as index_dir:
        build_index(docs, Path(index_dir), procs=freeze.jobs())
        export_index(Path(index_dir), export, procs=freeze.jobs())
    return WriterResult("search", sum(1 for p in export.rglob("*") if p.is_file()))


def write_pages(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    count, fingerprints = freeze.freeze(
        create_app(catalogue), catalogue, ctx.stage, ctx.progress, ctx.previous
    )
    ctx.page_fingerprints.update(fingerprints)
    return WriterResult("pages", count)


# Datasets first: the /data/ page shows the sizes and hashes of the files they wrote.
WRITERS: tuple[Writer, ...] = (write_datasets, write_search, write_pages)


def write_site(catalogue: Catalogue, out: Path, progress: Progress, reuse: bool = True) -> list[WriterResult]:
    """Run every writer into a staging folder, then swap it in as ``out``.

    With ``reuse``, unchanged register pages are copied from the current ``out``.
    """
    previous = out if reuse and out.is_dir() else None
    with staging(out) as stage:
        ctx = BuildContext(stage, progress, previous)
        results = [writer(catalogue, ctx) for writer in WRITERS]
    incremental.save(incremental.record_path(out), ctx.page_fingerprints)
    return results
