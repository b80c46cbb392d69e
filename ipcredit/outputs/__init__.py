"""Writers of the built site. Each reads the published catalogue and writes into
the staging folder; adding a format means adding one writer here. Putting the
result in place is :mod:`ipcredit.outputs.assemble`'s job."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ipcredit.catalogue import Catalogue
from ipcredit.outputs import datasets, freeze, incremental
from ipcredit.outputs.assemble import fill_spare, put_in_place, recover, staging, tree_id
from ipcredit.outputs.guard import OutputLock, resolved
from ipcredit.progress import Progress
from ipcredit.web import create_app
from ipcredit.web.views.search import EXPORT_PATH


@dataclass
class BuildContext:
    out: Path  # where the site goes
    stage: Path  # the empty folder the writers fill: the new site, complete once kept files are linked
    progress: Progress
    previous: incremental.Previous | None = None  # the output being updated; None: a clean build
    keep: list[str] = field(default_factory=list)  # files of ``previous`` that stay as they are
    record: dict = field(default_factory=dict)  # what the next build needs to know of this one
    after: list[Callable[[], None]] = field(default_factory=list)  # run once the site is in place
    background: list[datasets.InBackground] = field(default_factory=list)  # writers still running

    def wait_for_background(self) -> None:
        """Wait for the background writers (raising what they raised)."""
        while self.background:
            self.background.pop(0).result()

    def beside(self, name: str) -> Path:
        """A writer's own file beside the output (never published), e.g. ``.public.search.sqlite``."""
        return incremental.beside(self.out, name)

    def finish(self) -> None:
        """Run what waits for every writer to succeed (the search state), before the switch."""
        while self.after:
            self.after.pop(0)()


@dataclass(frozen=True)
class WriterResult:
    name: str
    files: int  # written (kept files not counted)


Writer = Callable[[Catalogue, "BuildContext"], WriterResult]


def write_datasets(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The data files; with two processes or more, written in a child process while the
    search export is made (the pages wait for them: /data/ shows their sizes and hashes)."""
    folder = ctx.stage / "data"
    if freeze.jobs() > 1:
        ctx.background.append(datasets.InBackground(catalogue, folder))
    else:
        datasets.write_data(catalogue, folder, ctx.progress)
    return WriterResult("datasets", len(datasets.JOBS) + 1)


def write_search(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The search export: patched where the previous build's allows it, else made afresh
    from the documents (see :mod:`search.update`); the build log says why whenever it is made
    afresh."""
    from search import documents
    from search.format import MANIFEST
    from search.update import State, write_export

    docs = documents(catalogue)
    code = incremental.code_fingerprint([incremental.ROOT / "search"])
    state_path = ctx.beside("search.sqlite")
    previous, state = ctx.previous, None
    if previous:
        state = State.load(state_path, previous.record.get("search", ""), code)
        if state and not all(f"{EXPORT_PATH}/{name}" in previous.files for name in (*state.files, MANIFEST)):
            state = None  # the export was tampered with: make it afresh
    export = previous.root / EXPORT_PATH if previous else None
    outcome = write_export(docs, ctx.stage / EXPORT_PATH, export, state, state_path, code)
    if outcome.full:
        ctx.progress.note(f"search: full export ({outcome.reason})")
    ctx.keep.extend(f"{EXPORT_PATH}/{name}" for name in outcome.kept)
    ctx.record["search"] = outcome.state.token
    ctx.after.append(lambda: outcome.state.save(state_path, full=outcome.full))  # before the switch
    return WriterResult("search", outcome.written)


def write_pages(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    ctx.wait_for_background()  # the pages show what the background writers made
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
    lock: OutputLock | None = None,
) -> list[WriterResult]:
    """Run every writer into a staging folder, assemble the new site in the spare tree beside
    ``out`` and switch it in atomically.

    With ``reuse`` and a valid record of the previous build beside ``out``, only
    what changed is written; the rest is hard-linked from the current output.
    ``lock`` is the caller's lock on ``out`` (the command line takes it before
    reading the sources); without one, write_site takes it, failing if another
    build holds it. ``run`` calls each writer (the benchmark times them through it).
    See :mod:`ipcredit.outputs.assemble` for what a crash at any instant leaves.
    """
    out = resolved(out)
    with nullcontext() if lock else OutputLock(out):
        previous_record = incremental.read_record(out)
        recover(out, previous_record["tree"] if previous_record else None)
        previous = incremental.load_previous(out) if reuse else None
        with staging(out) as stage:
            ctx = BuildContext(out, stage, progress, previous)
            results = _run_writers(catalogue, ctx, run)
            place(ctx)
    return results


def place(ctx: BuildContext) -> None:
    """Assemble the new site in the spare (staged and kept files), save the search state, and
    switch it in with its record."""
    site, changed = fill_spare(ctx.stage, ctx.out, ctx.keep if ctx.previous else ())
    ctx.finish()
    put_in_place(site, ctx.out, lambda: incremental.save(ctx.out, ctx.record, tree_id(site)), changed)


def _run_writers(
    catalogue: Catalogue, ctx: BuildContext, run: Callable[[Writer, Catalogue, BuildContext], WriterResult]
) -> list[WriterResult]:
    try:
        results = [run(writer, catalogue, ctx) for writer in WRITERS]
        ctx.wait_for_background()
        return results
    finally:
        for task in ctx.background:  # a writer failed: stop the others before the stage goes
            task.cancel()
