"""Change-tracking benchmark: first_published, the change log and the published state at scale.

    python bench/changes_bench.py [--sizes 10000 100000]

Prints, per number of published penalties: the time to follow a first build
(hash every record), the size of ``data/published.json`` and the time to write
and to read it back (checked field by field), and the time to follow the next
night's build against it with 1 % of the records replaced (added + withdrawn).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ipcredit.catalogue import Catalogue
from ipcredit.changes import follow
from ipcredit.checks.previous import dump_history, parse_history
from ipcredit.records import record_id
from tests.factories import catalogue, penalty


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"  {label:<28} {time.perf_counter() - started:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    base = penalty(1)
    for size in args.sizes:
        print(f"{size} penalties")
        records = tuple(
            replace(base, id=record_id(f"江知处罚〔2026〕{n}号"), decision_number=f"江知处罚〔2026〕{n}号")
            for n in range(size)
        )
        empty = catalogue()
        raw = replace(empty, penalties=records, history=None)
        first: Catalogue = timed("follow (first build)", lambda raw=raw: follow(raw, None))
        text = timed("write published.json", lambda first=first: dump_history(first.history).encode())
        print(f"  {'published.json':<28} {len(text) / 1e6:7.2f} MB ({len(text) / size:.0f} bytes a record)")
        history = timed("read and check it", lambda text=text: parse_history(text))
        churn = size // 100
        fresh = tuple(replace(r, id=record_id(f"new {n}")) for n, r in enumerate(records[:churn]))
        nxt = replace(raw, as_of=raw.as_of + timedelta(days=1), penalties=records[churn:] + fresh)
        after = timed("follow (next night, 1 % new)", lambda nxt=nxt, h=history: follow(nxt, h))
        print(f"  {'log entries':<28} {len(after.history.changes):7d}")


if __name__ == "__main__":
    main()
