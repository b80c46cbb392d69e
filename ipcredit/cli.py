"""The command line: ``build`` (default), ``check`` and ``serve``.

Exit status: 0 success, 1 validation errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from zoneinfo import ZoneInfo

from ipcredit import collector
from ipcredit.catalogue import Catalogue
from ipcredit.checks.dates import EARLIEST, LATEST
from ipcredit.pipeline import Folders, build_catalogue, read_history, read_sources
from ipcredit.problems import Problems, bilingual, check_summary, failure_summary
from ipcredit.progress import Progress
from ipcredit.sections import SECTIONS
from ipcredit.settings import http_url_problem, normalise_base_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from ipcredit.loading.registers import Beside
    from ipcredit.loading.rowcache import RowCache
    from ipcredit.outputs import SurveyTask
    from ipcredit.outputs.guard import OutputLock
    from ipcredit.records import History, SourceSet
    from ipcredit.settings import Settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
ROWS = "rows"  # the register rows' outcomes, beside the output (ipcredit.loading.rowcache)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_in_shanghai() -> date:
    """The as-of default: today's date in China, whatever the machine's time zone."""
    return datetime.now(SHANGHAI).date()


def _as_of(text: str) -> date:
    try:
        found = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None
    if not EARLIEST <= found <= LATEST:  # the sources' range: no date arithmetic can overflow
        raise argparse.ArgumentTypeError(f"must lie between {EARLIEST} and {LATEST}: {text!r}")
    return found


def _base_url(text: str) -> str:
    if http_url_problem(text):  # the same rule as base_url in site.yaml
        raise argparse.ArgumentTypeError(f"must be an absolute http(s) URL: {text!r}")
    return normalise_base_url(text)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default content/)"
    )
    common.add_argument(
        "--data", type=Path, default=Path("cases_data"), help="data folder (default cases_data/)"
    )
    common.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        help="publication date YYYY-MM-DD (default today in Asia/Shanghai)",
    )
    build = argparse.ArgumentParser(add_help=False)
    build.add_argument("--out", type=Path, default=Path("public"), help="output folder (default public/)")
    build.add_argument("--clean", action="store_true", help="render every page, reusing nothing from --out")
    build.add_argument(
        "--wait",
        action="store_true",
        help="wait for another build writing --out to finish instead of failing",
    )
    build.add_argument(
        "--base-url", type=_base_url, default=None, help="absolute site URL (default from site.yaml)"
    )
    build.add_argument(
        "--previous",
        default=None,
        metavar="DIR|URL",
        help="the previous build to compute the change log against: an output folder or the live "
        "site's address (default: --out)",
    )

    top = argparse.ArgumentParser(prog="build.py", description="Build the IP credit disclosure site.")
    commands = top.add_subparsers(dest="command")
    commands.add_parser(
        "build", parents=[common, build], help="validate, then build the static site (default)"
    )
    commands.add_parser("check", parents=[common], help="validate only; exit 1 on any error")
    verify = commands.add_parser(
        "verify", parents=[common], help="the nightly gate: exit 1 if a withheld record is in --out"
    )
    verify.add_argument("--out", type=Path, default=Path("public"), help="built site (default public/)")
    serve = commands.add_parser("serve", parents=[common], help="preview on http://127.0.0.1:5000")
    serve.add_argument("--port", type=int, default=5000)
    return top


def parse_args(argv: list[str]) -> argparse.Namespace:
    # `python build.py --as-of …` means build: the command may be left out.
    if not argv or argv[0] not in {"build", "check", "serve", "verify", "-h", "--help"}:
        argv = ["build", *argv]
    return parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
        return int(exc.code or 0)
    for folder in (args.content, args.data):
        if not folder.is_dir():
            print(f"error: folder not found: {folder}", file=sys.stderr)
            return EXIT_USAGE
    if args.command == "build":
        return locked_build(args)
    return run(args)


def leave(code: int) -> NoReturn:
    """End the command line's process with ``code`` once its output is flushed, without Python's
    teardown: everything a build writes is on disk by then (synced where it matters), its child
    processes have ended, and freeing its objects one by one took 1.3 s at 100,000 records."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def locked_build(args: argparse.Namespace) -> int:
    """Build, once sure that ``--out`` may be replaced and no other build writes it."""
    from ipcredit.outputs.guard import OutputLock, Refused, check_output

    try:
        args.out = check_output(args.out, [args.content, args.data])
        lock = OutputLock(args.out)
        lock.acquire(args.wait, lambda message: print(message, file=sys.stderr))
    except Refused as refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    from ipcredit.outputs import start_survey

    with lock:
        task = start_survey(args.out)  # the output's trees are walked while the sources are read
        try:
            return run(args, lock, task)
        finally:
            if task:
                task.cancel()


def run(args: argparse.Namespace, lock: OutputLock | None = None, surveyed: SurveyTask | None = None) -> int:
    started = time.monotonic()
    problems = Problems()
    with collector.paused():  # the rows' cache too: over a million lists at 100,000 rows
        rows = row_cache(args)
        settings, sources = read_sources(Folders(args.content, args.data), problems, second_process(), rows)
    report_problems(problems)
    if problems.has_errors() or settings is None:
        print(failure_summary(problems), file=sys.stderr)
        return EXIT_INVALID
    with saving(rows, args):
        return publish(args, settings, sources, problems, started, lock, surveyed, rows)


def publish(
    args: argparse.Namespace,
    settings: Settings,
    sources: SourceSet,
    problems: Problems,
    started: float,
    lock: OutputLock | None,
    surveyed: SurveyTask | None,
    rows: RowCache | None = None,
) -> int:
    """What the command does with valid sources (``problems``: their warnings)."""
    as_of = args.as_of or today_in_shanghai()
    if getattr(args, "base_url", None):
        settings = settings.with_base_url(args.base_url)
    history, where, notes = None, "", Problems()  # notes: about the previous build, not the sources
    with collector.paused(collect=False):  # the rules leave no garbage in cycles to collect
        if args.command == "build":
            history, where = previous_history(args, notes)
        catalogue = build_catalogue(settings, sources, as_of, history, notes, where)
        if args.command == "build":
            catalogue.derive()  # every derived view, made once here (write_site would make them)
    report_problems(notes)
    if args.command == "check":
        print(check_summary(problems, as_of))
        return EXIT_OK
    if args.command == "serve":
        return serve(catalogue, args.port)
    if args.command == "verify":
        from ipcredit.outputs.verify import report

        return report(sources, catalogue, args.out, (args.content, args.data))
    return build(catalogue, args.out, started, reuse=not args.clean, lock=lock, surveyed=surveyed, rows=rows)


def row_cache(args: argparse.Namespace) -> RowCache | None:
    """For a build, what the last build into ``--out`` read of each register row (empty with
    ``--clean``): rows unchanged since are not validated again (ipcredit.loading.rowcache)."""
    if args.command != "build":
        return None
    from ipcredit.loading.rowcache import RowCache, context
    from ipcredit.outputs.incremental import code_fingerprint

    found = context(code_fingerprint())
    return RowCache(found) if args.clean else RowCache.read(rows_file(args), found)


def rows_file(args: argparse.Namespace) -> Path:
    """Where the rows' outcomes are kept: beside the output (checked and resolved by then)."""
    from ipcredit.outputs.guard import beside

    return beside(args.out, ROWS)


@contextmanager
def saving(rows: RowCache | None, args: argparse.Namespace) -> Iterator[None]:
    """The rows' outcomes written beside the output for the next build, in a second process
    while this one builds. Failing to write them costs the next build time, not this one."""
    if rows is None:
        yield
        return
    path, second = rows_file(args), second_process()
    if second is None:
        _noting_failure(lambda: rows.save(path))
        rows.release()
        yield
        return
    wait = second("saving the rows read", lambda: rows.save(path))
    rows.release()  # the other process has its own copy
    try:
        yield
    finally:
        _noting_failure(wait)


def _noting_failure(save: Callable[[], object]) -> None:
    try:
        save()
    except (OSError, ValueError) as exc:  # a full disk, a folder in the way, text JSON cannot hold
        print(f"note: the rows read were not saved ({exc}); the next build reads every row", file=sys.stderr)


def second_process() -> Beside | None:
    """What runs work in a forked process, when the machine has a second core (else None)."""
    from ipcredit.outputs import freeze
    from ipcredit.outputs.background import Background

    return (lambda what, work: Background(what, work).result) if freeze.jobs() > 1 else None


def previous_history(args: argparse.Namespace, notes: Problems) -> tuple[History | None, str]:
    """The previous build's published state: ``--previous``, else the output being replaced
    (first put back whole if a build died while switching it)."""
    if args.previous is not None:
        return read_history(args.previous, notes)
    from ipcredit.outputs import restore

    restore(args.out)
    return read_history(str(args.out), notes)


def report_problems(problems: Problems) -> None:
    for problem in problems.sorted():
        print(problem, file=sys.stderr)


def build(
    catalogue: Catalogue,
    out: Path,
    started: float,
    reuse: bool = True,
    lock: OutputLock | None = None,
    surveyed: SurveyTask | None = None,
    rows: RowCache | None = None,
) -> int:
    from ipcredit.outputs import write_site

    try:
        results = write_site(
            catalogue,
            out,
            Progress(),
            reuse,
            lock=lock,
            surveyed=surveyed.survey if surveyed else None,
            listed=surveyed.files if surveyed else None,
        )
    except OSError as exc:  # a full disk, a folder that may not be written: no traceback
        print(
            "error: "
            + bilingual(
                f"构建失败（{exc}）；{out} 仍是一个完整的网站",
                f"the build failed ({exc}); {out} still holds a complete site",
            ),
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(summary(catalogue, out, {r.name: r.files for r in results}, time.monotonic() - started, rows))
    return EXIT_OK


def serve(catalogue: Catalogue, port: int) -> int:
    """The live app; search is answered by a Whoosh index, and /data/ offers the datasets, both
    written into a temporary folder first."""
    import tempfile

    from ipcredit.datasets import write_all
    from ipcredit.searchdocs import SEARCH_SECTIONS, documents
    from ipcredit.web import create_app
    from search import build_index

    with tempfile.TemporaryDirectory(prefix="ipcredit-serve-") as tmp:
        build_index(documents(catalogue), Path(tmp) / "index", SEARCH_SECTIONS)
        written = write_all(catalogue, Path(tmp) / "data")
        app = create_app(catalogue, datasets=written, extra_config={"SEARCH_INDEX_DIR": Path(tmp) / "index"})
        app.run(host="127.0.0.1", port=port, debug=False)
    return EXIT_OK


def class_summary(catalogue: Catalogue) -> str:
    """How many penalty classes were declared (失信程度) and how many each rule derived."""
    declared = [(cls, n) for basis, cls, n in catalogue.penalty_classes if basis == "declared"]
    derived = [(basis, cls, n) for basis, cls, n in catalogue.penalty_classes if basis != "declared"]
    declared_parts = ", ".join(f"{cls} {n}" for cls, n in declared)
    derived_parts = "; ".join(f"{basis} → {cls} {n}" for basis, cls, n in derived)
    return (
        f"  penalty classes: declared {sum(n for _, n in declared)}"
        + (f" ({declared_parts})" if declared_parts else "")
        + f", derived {sum(n for *_, n in derived)}"
        + (f" ({derived_parts})" if derived_parts else "")
    )


def change_summary(catalogue: Catalogue) -> str:
    """What this build logged, and since when the change log runs."""
    history = catalogue.history
    if history is None:
        return "  change log: none"
    today = Counter(c.change.value for c in history.changes if c.date == catalogue.as_of)
    logged = ", ".join(f"{kind} {today[kind]}" for kind in ("added", "changed", "withdrawn"))
    started = history.log_started.isoformat()
    anew = " (started anew by this build)" if history.log_started == catalogue.as_of else ""
    return f"  change log since {started}{anew}: {logged}; withdrawals listed {len(history.withdrawals)}"


def rows_summary(rows: RowCache) -> str:
    """How many register rows were validated, and how many were as the last build read them."""
    asked, fresh = rows.counts
    unused = f"; the last build's were not used: {rows.note}" if rows.note else ""
    return f"  register rows: {asked:,}, {asked - fresh:,} as the last build read them{unused}"


def summary(
    catalogue: Catalogue, out: Path, files: dict[str, int], seconds: float, rows: RowCache | None = None
) -> str:
    """The closing report: what is published, what is withheld and why, what was written."""
    withheld = Counter((w.register, w.reason.value) for w in catalogue.withheld)
    published = {section.name: len(section.records(catalogue)) for section in SECTIONS}
    as_of, url = catalogue.as_of.isoformat(), catalogue.settings.base_url
    lines = [
        bilingual(f"构建完成：{out}，数据截至 {as_of}，网址 {url}", f"Built {out} as of {as_of} for {url}")
    ]
    width = max(map(len, published))  # the names in one column, however long the longest
    for register, count in published.items():
        reasons = ", ".join(
            f"{reason} {n}" for (reg, reason), n in sorted(withheld.items()) if reg == register
        )
        lines.append(
            f"  {register:<{width}} published {count:>6}" + (f"; withheld: {reasons}" if reasons else "")
        )
    lines.append(class_summary(catalogue))
    lines.append(change_summary(catalogue))
    if rows is not None:
        lines.append(rows_summary(rows))
    lines.append("  files written: " + ", ".join(f"{name} {n}" for name, n in files.items()))
    lines.append(f"  time: {seconds:.1f} s")
    return "\n".join(lines)
