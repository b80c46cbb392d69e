"""Writers of the built site. Each reads the published catalogue and writes into
the staging folder; adding a format means adding one writer here."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ipcredit.catalogue import Catalogue
from ipcredit.outputs import datasets, freeze, incremental
from ipcredit.outputs.assemble import staged_files, staging, update_in_place
from ipcredit.progress import Progress
from ipcredit.web import create_app
from ipcredit.web.views.search import EXPORT_PATH


@dataclass
class BuildContext:
    stage: Path  # the empty folder the writers fill
    progress: Progress
    previous: incremental.Previous | None = None  # the output being updated; None: a clean build
    keep: list[str] = field(default_factory=list)  # files of ``previous`` that stay as they are
    record: dict = field(default_factory=dict)  # what the next build needs to know of this one


@dataclass(frozen=True)
class WriterResult:
    name: str
    files: int  # written (kept files not counted)


Writer = Callable[[Catalogue, "BuildContext"], WriterResult]


def write_datasets(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    written = datasets.write_data(catalogue, ctx.stage / "data", ctx.progress)
    return WriterResult("datasets", len(written.files) + 1)


def write_search(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The Whoosh index (built in a temporary folder: the static site needs only its export).

    When the search documents and the search code are unchanged since the previous
    output, its export is kept as it is (the export is a function of them alone).
    """
    from search import build_index, documents, export_index

    docs = documents(catalogue)
    fingerprint = search_fingerprint(docs)
    ctx.record["search"] = fingerprint
    previous = ctx.previous
    if previous and previous.record.get("search") == fingerprint:
        ctx.keep.extend(f for f in previous.files if f.startswith(EXPORT_PATH + "/"))
        return WriterResult("search", 0)
    export = ctx.stage / EXPORT_PATH
    with tempfile.TemporaryDirectory(prefix="ipcredit-index-") as index_dir:
        build_index(docs, Path(index_dir), procs=freeze.jobs())
        export_index(Path(index_dir), export, procs=freeze.jobs())
    return WriterResult("search", sum(1 for p in export.rglob("*") if p.is_file()))


def search_fingerprint(search_documents: Iterable[object]) -> str:
    """The search export depends only on the documents and the search code."""
    code = incremental.code_fingerprint([incremental.ROOT / "search"])
    return incremental.hash_parts(code, *(repr(d) for d in search_documents))


def write_pages(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    count, plan = freeze.freeze(create_app(catalogue), catalogue, ctx.stage, ctx.progress, ctx.previous)
    ctx.keep.extend(plan.keep)
    ctx.record["pages"] = plan.pages
    return WriterResult("pages", count)


# Datasets first: the /data/ page shows the sizes and hashes of the files they wrote.
WRITERS: tuple[Writer, ...] = (write_datasets, write_search, write_pages)


def run_writer(writer: Writer, catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    return writer(catalogue, ctx)


def write_site(
    catalogue: Catalogue,
    out: Path,
    progress: Progress,
    reuse: bool = True,
    run: Callable[[Writer, Catalogue, BuildContext], WriterResult] = run_writer,
) -> list[WriterResult]:
    """Run every writer, then put the result in place as ``out``.

    With ``reuse`` and a previous build's record beside ``out``, only what
    changed is written and ``out`` is updated in place; otherwise the site is
    written whole into a staging folder and swapped in. ``run`` calls each
    writer (the benchmark times them through it).
    """
    previous = incremental.load_previous(out) if reuse else None
    if previous is None:
        with staging(out) as stage:
            ctx = BuildContext(stage, progress)
            results = [run(writer, catalogue, ctx) for writer in WRITERS]
    else:
        with staged_files(out) as stage:
            ctx = BuildContext(stage, progress, previous)
            results = [run(writer, catalogue, ctx) for writer in WRITERS]
            incremental.forget(out)  # if the update were cut short, the next build starts afresh
            update_in_place(stage, out, previous.files, ctx.keep)
    incremental.save(out, ctx.record)
    return results
