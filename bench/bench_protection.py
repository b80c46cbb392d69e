"""Time reading, validating and publishing synthetic protection lists.

    python bench/bench_protection.py                       # 100,000 marks, 20,000 places
    python bench/bench_protection.py --marks 20000 --places 5000

Generates the lists with bench/synth_protection.py (UTF-8 CSV; not timed), then times
load_protection_lists (read + validate every rule) and the publication rules (windows and
masking) on 2026-11-24, and prints wall time, rows per second, problems found and the peak
memory of the process (generation included, so an upper bound).
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

from bench.bench_registers import bench_settings  # noqa: E402
from bench.synth_protection import generate  # noqa: E402
from ipcredit.loading.authorities import load_authorities  # noqa: E402
from ipcredit.loading.protection import load_protection_lists  # noqa: E402
from ipcredit.problems import Problems  # noqa: E402
from ipcredit.rules.protection import publish_risk_points, publish_trademarks  # noqa: E402

AS_OF = date(2026, 11, 24)


def run(marks: int, places: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        generate(data, marks, places, seed)
        problems = Problems()
        authorities = load_authorities(ROOT / "cases_data" / "authorities.yaml", problems)
        started = time.perf_counter()
        found_marks, found_places = load_protection_lists(data, authorities, problems)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        shown_marks, withheld_marks = publish_trademarks(found_marks, bench_settings(), AS_OF)
        shown_places, withheld_places = publish_risk_points(found_places, AS_OF)
        published = time.perf_counter() - started
    rows = marks + places
    levels = Counter(p.level.value for p in problems)
    print(f"python {platform.python_version()}, {marks:,} marks + {places:,} places (UTF-8 CSV)")
    print(f"  load + validate: {loaded:6.2f} s  ({rows / loaded:,.0f} rows/s); problems: {dict(levels)}")
    print(f"  publish:         {published:6.2f} s  ({rows / published:,.0f} rows/s)")
    print(f"  shown {len(shown_marks):,} marks, {len(shown_places):,} places; "
          f"withheld {len(withheld_marks):,} marks, {len(withheld_places):,} places")  # fmt: skip
    print(f"  peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--marks", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    run(args.marks, args.places, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
