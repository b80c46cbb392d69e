"""Writers of the built site. Each reads the published catalogue and writes into
the staging folder; adding a format means adding one writer here. Putting the
result in place is :mod:`ipcredit.outputs.assemble`'s job.

Writers are not ordered by hand: each declares what it ``needs`` from the others
and what it ``provides`` (the pages need the datasets' manifest, since /data/
shows the files' sizes and hashes), and :func:`in_order` runs them in an order
that respects that. A writer may provide its result later: the datasets, and a
clean build's search export, are each made in a child process while the pages are
rendered (:mod:`ipcredit.outputs.background`). A writer may also leave work for this
process (:class:`Later`): a night's search patch and this process's share of the pages
are done, in that order, once every writer has started, so the other processes render
pages and write the datasets meanwhile. A writer that needs such a result waits for
it, and nothing else does until the writers are done."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcredit import collector, datasets
from ipcredit.catalogue import Catalogue
from ipcredit.outputs import freeze, incremental
from ipcredit.outputs.assemble import (
    TREE_MARK,
    Survey,
    fill_spare,
    keep_filled,
    put_in_place,
    recover,
    staging,
    survey_in_steps,
)
from ipcredit.outputs.background import Background
from ipcredit.outputs.guard import OutputLock, resolved
from ipcredit.progress import Progress
from ipcredit.web import create_app, provide_datasets
from ipcredit.web.routing import EXPORT_PATH

if TYPE_CHECKING:
    from search.update import Outcome, State


@dataclass
class BuildContext:
    out: Path  # where the site goes
    stage: Path  # the empty folder the writers fill: the new site, complete once kept files are linked
    progress: Progress
    previous: incremental.Previous | None = None  # the output being updated; None: a clean build
    # The output and the spare as surveyed, waited for when first needed (None: walked when filled).
    surveyed: Callable[[], Survey] | None = None
    keep: list[str] = field(default_factory=list)  # files of ``previous`` that stay as they are
    record: dict = field(default_factory=dict)  # what the next build needs to know of this one
    after: list[Callable[[], None]] = field(default_factory=list)  # run once the site is in place
    provided: dict[str, Any] = field(default_factory=dict)  # what writers provided, by name
    # Being made in child processes, or left for this one: the task, and what to do with its result.
    background: dict[str, tuple[Background | Later, Callable[[Any], None]]] = field(default_factory=dict)

    def provide(self, name: str, value: Any) -> None:
        self.provided[name] = value

    def provide_later(
        self, name: str, task: Background | Later, then: Callable[[Any], None] = lambda _result: None
    ) -> None:
        """``name`` is being made in a child process, or is work left for this one (:class:`Later`):
        :meth:`get` waits for it or does it (and calls ``then`` with it, in this process)."""
        self.background[name] = (task, then)

    def get(self, name: str) -> Any:
        """What a writer provided under ``name``: waited for if it is still being made, done
        now if it was left for this process."""
        while name in self.background:
            self._step(name)
        return self.provided[name]

    def wait_for_background(self) -> None:
        """Do the work writers left for this process, in order, then wait for the child processes
        (raising what they raised): waiting first would leave this process's core idle meanwhile."""
        while self.background:
            self._step(min(self.background, key=lambda n: not isinstance(self.background[n][0], Later)))

    def _step(self, name: str) -> None:
        """Wait for or do ``name``'s task; work done here may hand the rest on to a child
        process (a night's search patch that finds it must export afresh): waited for later."""
        task, then = self.background.pop(name)
        value = task.result()
        if isinstance(value, Background | Later):
            self.background[name] = (value, then)
        else:
            self.provided[name] = value
            then(value)

    def beside(self, name: str) -> Path:
        """A writer's own file beside the output (never published), e.g. ``.public.search.sqlite``."""
        return incremental.beside(self.out, name)

    def finish(self) -> None:
        """Run what waits for every writer to succeed (the search state), before the switch."""
        while self.after:
            self.after.pop(0)()


class Later:
    """Work a writer leaves for this process, done when its result is first needed (or when the
    writers are waited for): the pages this process renders, once the other writers have run."""

    def __init__(self, work: Callable[[], Any], cancel: Callable[[], None] = lambda: None) -> None:
        self.work, self._cancel = work, cancel

    def result(self) -> Any:
        return self.work()

    def cancel(self) -> None:
        self._cancel()


@dataclass(frozen=True)
class WriterResult:
    name: str
    files: int | Callable[[], int]  # written (kept files not counted); a call once made in the background

    def resolved(self) -> WriterResult:
        return self if isinstance(self.files, int) else WriterResult(self.name, self.files())


@dataclass(frozen=True)
class Writer:
    """One output of the build, and what it needs of the others' (names they provide)."""

    name: str
    write: Callable[[Catalogue, BuildContext], WriterResult]
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


def in_order(writers: Sequence[Writer]) -> list[Writer]:
    """``writers`` with each after those providing what it needs; otherwise as given (the
    datasets start first, so their child process overlaps the search export)."""
    providers = {name: w for w in writers for name in w.provides}
    ordered: list[Writer] = []
    visiting: set[str] = set()

    def visit(writer: Writer) -> None:
        if writer in ordered:
            return
        if writer.name in visiting:
            raise ValueError(f"writers need each other in a cycle: {writer.name}")
        visiting.add(writer.name)
        for need in writer.needs:
            if need not in providers:
                raise ValueError(f"writer {writer.name} needs {need!r}, which no writer provides")
            visit(providers[need])
        visiting.discard(writer.name)
        ordered.append(writer)

    for writer in writers:
        visit(writer)
    return ordered


def write_datasets(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The data files and their manifest; with two processes or more, written in a child
    process while the search export is made and the pages are rendered."""
    folder = ctx.stage / "data"
    if freeze.jobs() > 1:
        ctx.provide_later(
            "datasets", Background("writing the datasets", lambda: datasets.write_all(catalogue, folder))
        )
    else:
        ctx.provide("datasets", datasets.write_data(catalogue, folder, ctx.progress))
    return WriterResult("datasets", len(datasets.JOBS) + 1)


def write_search(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The search export: patched where the previous build's allows it, else made afresh
    from the documents (see :mod:`search.update`); the build log says why whenever it is made
    afresh. With two processes or more, a full export is made in a child process while the
    pages are rendered."""
    from ipcredit.searchdocs import SEARCH_SECTIONS
    from search.update import full_export, patch_export

    state_path = ctx.beside("search.sqlite")
    into = ctx.stage / EXPORT_PATH

    def finish(outcome: Outcome) -> None:
        if outcome.full:
            ctx.progress.note(f"search: full export ({outcome.reason})")
        ctx.keep.extend(f"{EXPORT_PATH}/{name}" for name in outcome.kept)
        ctx.record["search"] = outcome.token
        ctx.after.append(partial(outcome.commit, state_path))  # before the switch

    def afresh(full: Callable[[], Outcome]) -> Outcome | Background[Outcome]:
        # A full export takes minutes at 100,000 records: beside the pages it uses the second core.
        return Background("making the search export", full) if freeze.jobs() > 1 else full()

    previous = ctx.previous
    if previous is None:  # nothing to patch: the documents are made where the export is
        made = afresh(partial(_full_search_export, catalogue, into, state_path, "no previous export"))
        ctx.provide_later("search", Later(lambda: made), finish)
        return WriterResult("search", lambda: ctx.get("search").written)

    def patched() -> Outcome | Background[Outcome]:
        docs, code = _search_documents(catalogue)
        state = _search_state(previous, state_path, code)
        outcome = patch_export(docs, into, previous.root / EXPORT_PATH, state, state_path, SEARCH_SECTIONS)
        if not isinstance(outcome, str):  # patched; else why it could not be
            return outcome
        return afresh(partial(full_export, docs, into, state_path, code, SEARCH_SECTIONS, outcome))

    # A night's patch takes seconds, in this process: in a third one it gained nothing (a night
    # keeps both cores busy most of the time: 86 s became 107 s; 41.9 s of a night's second half
    # became 41.1 s). It is left for after the writers, so it runs while the pages' other
    # renderers work. Only if it finds the night needs a full export (every ninth night or so at
    # 100,000 rows) is that made in a child process, beside the pages.
    ctx.provide_later("search", Later(patched), finish)
    return WriterResult("search", lambda: ctx.get("search").written)


def _search_documents(catalogue: Catalogue) -> tuple[list, str]:
    """The search documents, and the code that exports them: a previous export is patched only
    if made by the same search code for the same sections."""
    from ipcredit.searchdocs import SEARCH_SECTIONS, documents

    code = incremental.hash_parts(
        incremental.code_fingerprint([incremental.ROOT / "search"]),
        *SEARCH_SECTIONS.names,
        "|",
        *SEARCH_SECTIONS.brief,
    )
    return documents(catalogue), code


def _search_state(previous: incremental.Previous, state_path: Path, code: str) -> State | None:
    """The state the previous build left of its export, if usable (None: export afresh)."""
    from search.format import MANIFEST
    from search.update import State

    state = State.load(state_path, previous.record.get("search", ""), code)
    if state and not all(f"{EXPORT_PATH}/{name}" in previous.files for name in (*state.files, MANIFEST)):
        return None  # the export was tampered with: make it afresh
    return state


def _full_search_export(catalogue: Catalogue, into: Path, state_path: Path, reason: str) -> Outcome:
    from ipcredit.searchdocs import SEARCH_SECTIONS
    from search.update import full_export

    docs, code = _search_documents(catalogue)
    return full_export(docs, into, state_path, code, SEARCH_SECTIONS, reason)


def write_pages(catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    """The pages: planned here and rendered by the other processes from now on; this one renders
    its share after the work left before it (a night's search patch). /data/ shows the datasets'
    sizes and hashes: it is rendered last, once they are written (in another process)."""
    app = create_app(catalogue, data_page=True)
    freezing = freeze.start(app, catalogue, ctx.stage, ctx.progress, ctx.previous)
    ctx.keep.extend(freezing.plan.keep)
    ctx.record["pages"] = freezing.plan.pages
    rest = partial(freezing.finish, lambda: provide_datasets(app, ctx.get("datasets")))
    ctx.provide_later("pages", Later(rest, freezing.cancel))
    return WriterResult("pages", lambda: ctx.get("pages"))


WRITERS: tuple[Writer, ...] = (
    Writer("datasets", write_datasets, provides=("datasets",)),
    Writer("search", write_search),
    Writer("pages", write_pages, needs=("datasets",)),  # /data/ shows the datasets' sizes and hashes
)


def run_writer(writer: Writer, catalogue: Catalogue, ctx: BuildContext) -> WriterResult:
    return writer.write(catalogue, ctx)


def write_site(
    catalogue: Catalogue,
    out: Path,
    progress: Progress,
    reuse: bool = True,
    run: Callable[[Writer, Catalogue, BuildContext], WriterResult] = run_writer,
    lock: OutputLock | None = None,
    surveyed: Callable[[], Survey] | None = None,
    listed: Callable[[], frozenset[str] | None] | None = None,
) -> list[WriterResult]:
    """Run every writer into a staging folder, assemble the new site in the spare tree beside
    ``out`` and switch it in atomically.

    With ``reuse`` and a valid record of the previous build beside ``out``, only
    what changed is written; the rest is hard-linked from the current output.
    ``lock`` is the caller's lock on ``out`` (the command line takes it before
    reading the sources); without one, write_site takes it, failing if another
    build holds it. ``run`` calls each writer (the benchmark times them through it).
    ``surveyed`` gives the trees as :class:`SurveyTask` found them under the caller's
    ``lock``, and ``listed`` the output's files, sooner; without them the trees are walked
    when needed. See :mod:`ipcredit.outputs.assemble` for what a crash at any instant leaves.
    """
    out = resolved(out)
    with nullcontext() if lock else OutputLock(out):
        if restore(out) and surveyed:
            surveyed()  # taken before the trees moved: walk them afresh
            surveyed = listed = None
        # Waited for only when first needed (the search state's check, after the documents are
        # made): on a cold disk the walks wait on it while this process makes the documents.
        surveyed = cache(surveyed) if surveyed else None
        files = listed or ((lambda: surveyed().out_files) if surveyed else None)
        previous = incremental.load_previous(out, files) if reuse else None
        with staging(out) as stage:
            ctx = BuildContext(out, stage, progress, previous, surveyed=surveyed)
            with collector.off():  # on only while pages are rendered (ipcredit.collector)
                results = _run_writers(catalogue, ctx, run)
                place(ctx)
    return results


class SurveyTask:
    """The output's trees walked in a child process (:func:`~ipcredit.outputs.assemble.survey_in_steps`)
    while the caller reads the sources: the output's files as soon as they are listed, the
    whole survey once the spare is too. The caller holds the output's lock."""

    def __init__(self, out: Path) -> None:
        self.task: Background[Any] = Background("listing the output's files", partial(survey_in_steps, out))
        self._files: list[frozenset[str] | None] = []  # the first step, once received

    def files(self) -> frozenset[str] | None:
        if not self._files:
            self._files.append(self.task.step())
        return self._files[0]

    def survey(self) -> Survey:
        files = self.files()
        return replace(self.task.result(), out_files=files)

    def cancel(self) -> None:
        self.task.cancel()


def start_survey(out: Path) -> SurveyTask | None:
    """Put back a whole site at ``out`` if a build died switching it (:func:`restore`), then
    walk the output and the spare in a child process while this one reads the sources (None:
    with one process, :func:`write_site` walks them itself). The caller holds the output's
    lock, and passes the task's ``survey`` and ``files`` to :func:`write_site`."""
    out = resolved(out)
    restore(out)
    return SurveyTask(out) if freeze.jobs() > 1 else None


def restore(out: Path) -> bool:
    """Put back a whole site at ``out`` if a build died while switching it (see
    :func:`ipcredit.outputs.assemble.recover`), so what it published can be read; True if
    that moved the output or the spare."""
    out = resolved(out)
    return recover(out, partial(_recorded_tree, out))


def _recorded_tree(out: Path) -> str | None:
    """The mark of the tree the build record beside ``out`` names."""
    record = incremental.read_record(out)
    return record["tree"] if record else None


def place(ctx: BuildContext) -> None:
    """Assemble the new site in the spare (staged and kept files), save the search state, and
    switch it in with its record."""
    mark, record = incremental.sealed(ctx.record)
    (ctx.stage / TREE_MARK).write_text(mark, encoding="ascii")  # the tree carries what names it
    known = ctx.surveyed() if ctx.surveyed else None
    site, changed, listing = fill_spare(ctx.stage, ctx.out, ctx.keep if ctx.previous else (), known)
    ctx.finish()
    put_in_place(site, ctx.out, lambda: incremental.save(ctx.out, record), changed)
    keep_filled(ctx.out, listing)  # the next night's output: it need not walk it


def _run_writers(
    catalogue: Catalogue, ctx: BuildContext, run: Callable[[Writer, Catalogue, BuildContext], WriterResult]
) -> list[WriterResult]:
    catalogue.derive()  # before any writer forks a child
    try:
        results = [run(writer, catalogue, ctx) for writer in in_order(WRITERS)]
        ctx.wait_for_background()  # even what no writer needed must have succeeded
        return [result.resolved() for result in results]
    finally:
        for task, _then in ctx.background.values():  # a writer failed: stop the others before the stage goes
            task.cancel()
