"""Benchmark the full build on synthetic registers, stage by stage, against Pagefind.

    python bench/build_bench.py                  # 10,000 and 100,000 penalty records
    python bench/build_bench.py --sizes 10000 --no-pagefind

For each size it generates registers (bench/synth_registers.py) beside the
sample content, then times validation, the rules, every writer (datasets,
search, pages in both languages) and putting the site in place, and prints wall time, pages per
second, peak memory and output size per stage. Pagefind 1.5 (the
pagefind-bin-extended package) then indexes the same built site, timed in the
same run, for the issue's "at most 2.5× Pagefind" target.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ipcredit.catalogue import Catalogue  # noqa: E402
from ipcredit.outputs import BuildContext, Writer, WriterResult, write_site  # noqa: E402
from ipcredit.pipeline import Folders, build_catalogue, read_sources  # noqa: E402
from ipcredit.problems import Problems  # noqa: E402
from ipcredit.progress import Progress  # noqa: E402

AS_OF = date(2026, 11, 24)


@dataclass
class Stage:
    name: str
    seconds: float
    files: int = 0
    bytes: int = 0
    peak_mib: float = 0.0


def peak_mib() -> float:
    """Peak resident memory of this process and of its largest child so far (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def folder_size(path: Path) -> tuple[int, int]:
    files = [os.path.join(folder, name) for folder, _dirs, names in os.walk(path) for name in names]
    return len(files), sum(os.path.getsize(f) for f in files)


def timed(name: str, action: Callable[[], object]) -> tuple[Stage, object]:
    started = time.perf_counter()
    result = action()
    return Stage(name, time.perf_counter() - started, peak_mib=peak_mib()), result


def prepare(workdir: Path, penalties: int) -> Folders:
    content, data = workdir / "content", workdir / "cases_data"
    shutil.copytree(ROOT / "content", content)
    data.mkdir()
    for part in ("authorities.yaml", "top-ten", "typical"):
        source = ROOT / "cases_data" / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, data / part)
    # In a child process, so the peak memory below is the build's own.
    subprocess.run(
        [sys.executable, str(ROOT / "bench/synth_registers.py"), "--out", str(data), "--penalties", str(penalties),
         "--dishonesty", str(max(40, penalties // 20)), "--seed", "7"],
        check=True,
    )  # fmt: skip
    return Folders(content, data)


def change_one_record(folders: Folders, site: Path) -> str:
    """Edit the facts of one published penalty, as an agency correcting a record would.

    The record is the middle row of the published dataset, so the change shows on
    its page, in list pages, in the datasets and in the search index.
    """
    with (site / "data/penalties.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    number = rows[len(rows) // 2]["decision_number"]
    for path in sorted((folders.data / "penalties").glob("*.csv")):
        text = path.read_text(encoding="utf-8")
        if number in text:
            at = text.index("当事人", text.index(number))  # the facts follow the decision number
            path.write_text(text[:at] + "（更正）" + text[at:], encoding="utf-8")
            return number
    raise SystemExit(f"{number} is in no synthetic CSV file")


def build_stages(folders: Folders, out: Path, reuse: bool = False) -> list[Stage]:
    """Build as the CLI does (``write_site``), timing each writer; "place" is the rest of
    ``write_site``: the work writers leave for the build's process once all have started
    (``outputs.Later``: its share of the pages, a night's search patch), waiting for the child
    processes, filling the spare tree with the staged and kept files, and the atomic switch."""
    stages = []
    problems = Problems()
    stage, (settings, sources) = timed("validate", lambda: read_sources(folders, problems))
    if problems.has_errors():
        raise SystemExit("\n".join(map(str, problems.errors[:20])))
    stages.append(stage)
    stage, catalogue = timed("rules", lambda: build_catalogue(settings, sources, AS_OF))
    stages.append(stage)

    measuring = 0.0  # time spent counting files between writers, not part of the build

    def run(writer: Writer, cat: Catalogue, context: BuildContext) -> WriterResult:
        nonlocal measuring
        counted = time.perf_counter()
        before = folder_size(context.stage)
        measuring += time.perf_counter() - counted
        stage, result = timed(writer.name, lambda: writer.write(cat, context))
        counted = time.perf_counter()
        after = folder_size(context.stage)
        measuring += time.perf_counter() - counted
        stage.files, stage.bytes = after[0] - before[0], after[1] - before[1]
        stages.append(stage)
        return result

    started = time.perf_counter()
    write_site(catalogue, out, Progress(), reuse=reuse, run=run)
    place = time.perf_counter() - started - measuring - sum(s.seconds for s in stages[2:])
    stages.append(Stage("place", place, peak_mib=peak_mib()))
    return stages


def pagefind_seconds(site: Path, workdir: Path) -> float | None:
    try:
        import pagefind_bin_extended
    except ImportError:
        return None
    binary = Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"
    started = time.perf_counter()
    subprocess.run(
        [str(binary), "--site", str(site), "--output-path", str(workdir / "pagefind")],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def report(size: int, stages: list[Stage], pagefind: float | None) -> None:
    total = sum(s.seconds for s in stages)
    print(f"\n== {size:,} penalty records ==")
    print(f"{'stage':<10}{'seconds':>9}{'files':>9}{'MiB out':>10}{'pages/s':>10}{'peak MiB':>10}")
    for s in stages:
        rate = f"{s.files / s.seconds:,.0f}" if s.name == "pages" and s.seconds else ""
        print(
            f"{s.name:<10}{s.seconds:>9.1f}{s.files:>9,}{s.bytes / 2**20:>10.1f}{rate:>10}{s.peak_mib:>10.0f}"
        )
    print(
        f"{'total':<10}{total:>9.1f}{sum(s.files for s in stages):>9,}{sum(s.bytes for s in stages) / 2**20:>10.1f}"
    )
    print(
        "(with two processes the datasets, and a clean build's search export, are made in child processes while"
        " the pages are rendered; the pages writer plans the pages and starts the other renderer, and the build's"
        " own share of the pages is rendered once every writer has started: that and the children's time show"
        " under place (which waits for them), their files wherever they landed; the total is the build's wall time)"
    )
    if pagefind is not None:
        print(f"pagefind index of the same site: {pagefind:.1f} s; build / pagefind = {total / pagefind:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-pagefind", action="store_true")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"jobs={os.environ.get('IPCREDIT_JOBS', 'default')}")  # fmt: skip
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
            workdir = Path(tmp)
            folders = prepare(workdir, size)
            stages = build_stages(folders, workdir / "public")
            pagefind = None if args.no_pagefind else pagefind_seconds(workdir / "public", workdir)
            report(size, stages, pagefind)
            number = change_one_record(folders, workdir / "public")
            print(f"changed the facts of {number}")
            again = build_stages(folders, workdir / "public", reuse=True)
            full, rebuild = sum(s.seconds for s in stages), sum(s.seconds for s in again)
            print(f"rebuild after one changed record: {rebuild:.1f} s = {rebuild / full:.0%} of the full build "
                  f"({', '.join(f'{s.name} {s.seconds:.1f}' for s in again)})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
