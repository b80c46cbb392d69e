"""Time the freezer against Frozen-Flask's own way of getting a page, in turns, in one process.

    python bench/freeze_bench.py                        # 10,000 records, 3,000 pages, 4 turns
    python bench/freeze_bench.py --records 3000 --pages 1000 --turns 6

Synthetic registers (as bench/build_bench.py makes them) beside the sample content; then an
evenly spread sample of the site's URLs (every kind of page, both languages) frozen by
``PageFreezer`` (the app asked in its own request context) and by Frozen-Flask's test client,
alternately, each into a new folder. Prints each turn, the best of each, their ratio, and
whether the two wrote the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_bench import prepare  # noqa: E402
from flask_frozen import Freezer  # noqa: E402

from ipcredit.catalogue import publish  # noqa: E402
from ipcredit.outputs import freeze  # noqa: E402
from ipcredit.pipeline import read_sources  # noqa: E402
from ipcredit.problems import Problems  # noqa: E402
from ipcredit.web import create_app  # noqa: E402

AS_OF = date(2026, 11, 24)


class TestClientFreezer(freeze.PageFreezer):
    _build_one = Freezer._build_one  # each page through Werkzeug's test client


def run(freezer_class: type[Freezer], app, urls: list, dest: Path) -> float:
    dest.mkdir()
    app.config["FREEZER_DESTINATION"] = str(dest)
    freezer = freezer_class(app, log_url_for=False)
    freezer.register_generator(lambda: iter(urls))
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _page in freezer.freeze_yield():
            pass
    return time.perf_counter() - started


def digest(root: Path) -> str:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return hashlib.sha256(
        b"".join(p.relative_to(root).as_posix().encode() + p.read_bytes() for p in files)
    ).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=3_000)
    parser.add_argument("--turns", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        folders = prepare(Path(workdir), args.records)
        settings, sources = read_sources(folders, Problems())
        assert settings is not None
        cat = publish(sources, settings, AS_OF)
        app = create_app(cat)
        freeze._configure(app, cat, Path(workdir) / "unused")
        with app.app_context():
            every = list(freeze._all_urls(app, cat))
        step = max(1, len(every) // args.pages)
        urls = every[::step][: args.pages]
        print(f"{len(urls):,} of {len(every):,} pages, {args.turns} turns each")
        times: dict[str, list[float]] = {"PageFreezer": [], "test client": []}
        digests: dict[str, str] = {}
        for turn in range(args.turns):
            for name, cls in (("PageFreezer", freeze.PageFreezer), ("test client", TestClientFreezer)):
                dest = Path(workdir) / f"{name.replace(' ', '-')}-{turn}"
                seconds = run(cls, app, urls, dest)
                times[name].append(seconds)
                digests[name] = digest(dest)
                shutil.rmtree(dest)
                print(
                    f"turn {turn + 1} {name:12} {seconds:6.2f} s  {1000 * seconds / len(urls):.2f} ms a page"
                )
        best = {name: min(t) for name, t in times.items()}
        print(f"best: PageFreezer {best['PageFreezer']:.2f} s, test client {best['test client']:.2f} s, "
              f"ratio {best['PageFreezer'] / best['test client']:.2f}")  # fmt: skip
        print("same bytes:", digests["PageFreezer"] == digests["test client"])


if __name__ == "__main__":
    main()
