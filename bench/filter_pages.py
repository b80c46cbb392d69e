"""Count the pages the register filters add: lists, one-value filter pages, combined pages.

    python bench/filter_pages.py                  # 10,000 and 100,000 penalty records
    python bench/filter_pages.py --sizes 30000

For each size: synthetic registers (bench/synth_registers.py, as bench/build_bench.py makes
them) beside the sample content, published at the sample's as-of date; then the URLs every
section would freeze, counted without rendering anything, in both languages. Prints each
register's pages by kind, the combined filter pages (two values of different facets) and what
they add to the whole site.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_bench import prepare  # noqa: E402

from ipcredit.catalogue import publish  # noqa: E402
from ipcredit.pipeline import read_sources  # noqa: E402
from ipcredit.problems import Problems  # noqa: E402
from ipcredit.web import SECTION_VIEWS, create_app, in_both_languages  # noqa: E402

AS_OF = date(2026, 11, 24)
REGISTERS = ("penalties", "dishonesty", "key-trademarks", "risk-points")
KINDS = ("listing", "facet_listing", "combined_listing", "detail")


def count(records: int, workdir: Path) -> None:
    folders = prepare(workdir, records)
    problems = Problems()
    settings, sources = read_sources(folders, problems)
    assert settings is not None, [str(p) for p in problems]
    catalogue = publish(sources, settings, AS_OF)
    started = time.perf_counter()
    app = create_app(catalogue)  # builds the indexes, the combinations included
    indexed = time.perf_counter() - started
    pages: Counter[tuple[str, str]] = Counter()
    with app.test_request_context():
        pairs = (pair for views in SECTION_VIEWS for pair in views.urls(catalogue))
        for endpoint, _values in in_both_languages(app, pairs):
            section, _, kind = endpoint.partition(".")
            pages[section, kind] += 1
    site = sum(pages.values())
    combined = sum(n for (_s, kind), n in pages.items() if kind == "combined_listing")
    print(
        f"\n{records:,} penalty records generated: {len(catalogue.penalties):,} penalties and "
        f"{len(catalogue.dishonesty):,} listings published; app with its indexes in {indexed:.1f} s"
    )
    print(f"{'pages (both languages)':<24}" + "".join(f"{k:>18}" for k in KINDS))
    for register in REGISTERS:
        print(f"{register:<24}" + "".join(f"{pages[register, k]:>18,}" for k in KINDS))
    print(
        f"combined filter pages: {combined:,} of {site:,} pages in the whole site "
        f"(+{100 * combined / (site - combined):.1f} % over the site without them)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="ipcredit-filters-") as tmp:
            count(size, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
