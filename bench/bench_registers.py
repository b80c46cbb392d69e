"""Time reading, validating and publishing synthetic penalty registers.

    python bench/bench_registers.py                      # 100,000 rows, UTF-8 CSV
    python bench/bench_registers.py --rows 20000 --format xlsx --format gb18030
    python bench/bench_registers.py --format xlsx --format xls   # spreadsheet read rates

For each format it generates the rows with bench/synth_registers.py (not
timed; XLS files need xlwt from requirements-dev.txt), then times reading
alone (read_table and every row's cells: what python-calamine and the scan for
hidden rows and formulas cost), load_registers (read + validate every rule), and
publish_penalties (windows, minors, masking) on the default as-of date, and
prints wall time, rows per second, the problems found and the peak memory of
the process (which includes generation, so it is an upper bound).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth_registers import generate  # noqa: E402

from ipcredit.loading.authorities import load_authorities  # noqa: E402
from ipcredit.loading.registers import load_registers  # noqa: E402
from ipcredit.problems import Problems  # noqa: E402
from ipcredit.rules.classes import window  # noqa: E402
from ipcredit.rules.penalties import publish_penalties  # noqa: E402
from ipcredit.settings import Licence, Localised, Settings  # noqa: E402
from ipcredit.sources.tables import read_table  # noqa: E402

AS_OF = date(2026, 11, 24)


def bench_settings() -> Settings:
    return Settings(
        name=Localised("江海市知识产权信用信息公示", "Jianghai IP Credit"),
        base_url="https://ipcredit.example.org/",
        publisher=Localised("江海市知识产权局", "Jianghai IP Administration"),
        contact_email="ip@example.org",
        contact_phone="",
        contact_address=Localised("", ""),
        licence=Licence("CC-BY-4.0", Localised("署名 4.0", "Attribution 4.0"), "https://example.org/"),
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run(rows: int, fmt: str, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        started = time.perf_counter()
        generate(data, rows, 0, seed, fmt)
        generated = time.perf_counter() - started
        files = list((data / "penalties").iterdir())
        size = sum(p.stat().st_size for p in files)

        started, cpu = time.perf_counter(), time.process_time()
        read = sum(
            sum(1 for _ in table.rows()) for p in sorted(files) if (table := read_table(p, Problems()))
        )
        reading, reading_cpu = time.perf_counter() - started, time.process_time() - cpu

        problems = Problems()
        authorities = load_authorities(ROOT / "cases_data/authorities.yaml", problems)
        started = time.perf_counter()
        penalties, _ = load_registers(data, authorities, bench_settings(), problems, window)
        loaded = time.perf_counter() - started

        started = time.perf_counter()
        shown, withheld = publish_penalties(penalties, bench_settings(), AS_OF)
        published = time.perf_counter() - started

    reasons = Counter(w.reason.value for w in withheld)
    print(f"\n{rows:,} rows, {fmt}, {size / 2**20:.1f} MiB in {len(files)} files "
          f"(generated in {generated:.1f} s, not counted)")  # fmt: skip
    print(
        f"  read only         {reading:7.2f} s   {read / reading:9,.0f} rows/s   ({read:,} rows; {reading_cpu:.2f} s CPU)"
    )
    print(f"  load + validate   {loaded:7.2f} s   {rows / loaded:9,.0f} rows/s")
    print(f"  publish           {published:7.2f} s   {rows / published:9,.0f} rows/s")
    print(f"  total             {loaded + published:7.2f} s")
    print(f"  records {len(penalties):,}; shown {len(shown):,}; withheld {dict(reasons)}")
    print(f"  problems: {len(problems.errors)} errors, {len(problems.warnings)} warnings; "
          f"peak memory {peak_mib():.0f} MiB")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", action="append", choices=("csv", "xlsx", "xls", "gb18030"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.processor() or 'cpu'}")
    for fmt in args.format or ["csv"]:
        run(args.rows, fmt, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
