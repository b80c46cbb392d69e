"""Where a first query's bytes go, and how few any exact reading of the same postings could fetch.

    python bench/search_floor.py public/search-index 商标法第六十条 侵犯注册商标专用权

For each query, on an export folder (read only):

* **fetched**: what site/static/js/search.js fetches for the first results
  page (run under node on the files, an empty cache), by kind of file, in
  KB as stored (gzipped; the manifest as is). search.js itself is not
  counted (34 KB as served uncompressed; 11 KB gzipped).
* **postings**: the query's terms (every reading), their postings in all,
  and the matches.
* **slots gz**: the slot sets of the query's terms as whole lists, gzipped.
  Any reader that counts the matches exactly from per-term postings reads
  about that much when the matches are spread over the register, as they
  are for a broad query (gzip finds the clustering by section that an
  ideal coder for random sets would not).
* **levels gz**: the level bytes of the same postings, gzipped.
* **window KB**: what the same whole-list postings would weigh if a query
  read them only up to its WINDOW-th match in the canonical order (slot
  order), as a ranking of "the best of the first WINDOW matches" with a
  total of "more than WINDOW" would: the share of each term's postings
  below that slot, times the term's slots and levels gzipped. A measure
  of that option, not something search.js does.
* **impact read**: the share of the postings that an exact top 10 reads
  when each term's postings are kept by level, highest first (a threshold
  algorithm over impact-ordered postings, which stops as soon as no unread
  posting can change the first page; the total not counted). It shows
  whether early termination could help: near 100% means the scores are too
  flat for it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from bisect import bisect_left
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search import format as fmt  # noqa: E402
from search.scoring import LEVELS, idf_value  # noqa: E402
from search.tokenizer import query_terms  # noqa: E402

DEFAULT_QUERIES = [
    "商标法第六十条",
    "侵犯注册商标专用权",
    "江海鼎盛化妆品有限公司",
    "假冒专利",
    "瑞丰",
    "trademark",
    "huitong jixie",
]
WINDOW = 1000  # the "window KB" column: matches read in the canonical order


class Export:
    """One export folder's terms, read on demand as search.js reads them (night entries applied)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = fmt.Manifest.decode(self.read(fmt.MANIFEST))
        self.night: dict[str, fmt.NightEntry] = {}
        for number in range(self.manifest.night_buckets):
            entries = fmt.decode_night_bucket(self.read(fmt.night_bucket_name(number)))
            self.night.update((e.term, e) for e in entries)

    def read(self, name: str) -> bytes:
        return fmt.unpack(name, (self.folder / name).read_bytes())

    def postings(self, term: str) -> dict[int, int]:
        """slot → level of ``term``, by ascending slot."""
        number = fmt.bucket_of(term, self.manifest.buckets)
        entries = fmt.decode_bucket(self.read(fmt.bucket_name(number)))
        names = dict(fmt.chunk_names(number, entries))
        found: dict[int, int] = {}
        for entry in entries:
            if entry.term == term and entry.base:  # a correction of another term's postings
                base = fmt.base_chunk_names(entry, self.manifest.buckets)
                whole = {s: v for name in base for s, v in fmt.decode_postings(self.read(name)).items()}
                found = fmt.corrected(whole, entry.voids, entry.inline)
            elif entry.term == term:
                parts = [self.read(n) for n in names[term]] if entry.firsts else [entry.inline]
                for part in parts:
                    found.update(fmt.decode_postings(part))
        night = self.night.get(term)
        if night is not None:
            for slot in night.voids:
                found.pop(slot, None)
            found = {**found, **fmt.decode_postings(night.postings)} if night.df else {}
        return dict(sorted(found.items()))


def fetched(folder: Path, queries: list[str]) -> list[dict[str, tuple[int, int]]]:
    """Per query: kind of file → (files, bytes) that search.js fetches for the first page."""
    harness = ROOT / "tests" / "search" / "harness.js"
    script = ROOT / "site" / "static" / "js" / "search.js"
    asked = json.dumps([{"q": q} for q in queries])
    done = subprocess.run(
        ["node", str(harness), "query", str(script), str(folder)],
        input=asked,
        capture_output=True,
        text=True,
        check=True,
    )
    out = []
    for answer in json.loads(done.stdout):
        kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for name in answer["files"]:
            kind = name.split("/")[0] if "/" in name else "manifest"
            kinds[kind][0] += 1
            kinds[kind][1] += (folder / name).stat().st_size
        out.append({k: (v[0], v[1]) for k, v in kinds.items()})
    return out


def impact_share(postings: list[dict[int, int]], idfs: list[int], top: int = 10) -> float:
    """Share of the postings a threshold algorithm over level-ordered postings reads before the
    first ``top`` hits of the AND of the terms are certain (see the module's docstring)."""
    groups = []
    for found in postings:
        by_level: dict[int, list[int]] = defaultdict(list)
        for slot, level in found.items():
            by_level[level].append(slot)
        groups.append(sorted(by_level.items(), reverse=True))
    terms = range(len(postings))
    at = [0] * len(postings)
    known: dict[int, dict[int, int]] = defaultdict(dict)
    read = 0

    def cap(t: int) -> int:  # the most an unread posting of term t can add
        return idfs[t] * LEVELS[groups[t][at[t]][0]] if at[t] < len(groups[t]) else 0

    while any(at[t] < len(groups[t]) for t in terms):
        if _certain(known, len(postings), [cap(t) for t in terms], idfs, top):
            break
        t = max(terms, key=cap)
        level, slots = groups[t][at[t]]
        at[t] += 1
        read += len(slots)
        for slot in slots:
            known[slot][t] = level
    return read / max(1, sum(map(len, postings)))


def _certain(known: dict[int, dict[int, int]], n: int, caps: list[int], idfs: list[int], top: int) -> bool:
    full = sorted(
        (
            (-sum(idfs[t] * LEVELS[lv] for t, lv in seen.items()), slot)
            for slot, seen in known.items()
            if len(seen) == n
        )
    )
    if len(full) < top:
        return False
    threshold, last = -full[top - 1][0], full[top - 1][1]
    if sum(caps) >= threshold and sum(caps) > 0:  # a document not seen yet could still enter
        return False
    for slot, seen in known.items():
        if len(seen) == n:
            continue
        bound = sum(idfs[t] * LEVELS[seen[t]] if t in seen else caps[t] for t in range(n))
        if any(t not in seen and caps[t] == 0 for t in range(n)):
            continue  # lacks a term that is read whole: no match
        if bound > threshold or (bound == threshold and slot < last):
            return False
    return True


def analyse(export: Export, query: str) -> dict[str, float]:
    readings = query_terms(query).readings
    terms = sorted({t for reading in readings for t in reading})
    found = {t: export.postings(t) for t in terms}
    documents = export.manifest.documents
    matches: set[int] = set()
    share_read = 0.0
    for reading in readings:
        sets = [found[t] for t in reading]
        matches |= set(sets[0]).intersection(*sets[1:]) if sets else set()
        idfs = [idf_value(len(s), documents) for s in sets]
        share_read = max(share_read, impact_share(sets, idfs))
    ranked = sorted(matches)
    end = ranked[WINDOW - 1] + 1 if len(ranked) > WINDOW else export.manifest.slots
    slots_gz = levels_gz = window = 0.0
    for term in terms:
        slots = list(found[term])
        sizes = len(gzip.compress(fmt.encode_postings(slots, []), 9, mtime=0))
        levels = len(gzip.compress(bytes(found[term].values()), 9, mtime=0))
        slots_gz, levels_gz = slots_gz + sizes, levels_gz + levels
        window += (sizes + levels) * bisect_left(slots, end) / max(1, len(slots))
    return {
        "terms": len(terms),
        "postings": sum(map(len, found.values())),
        "matches": len(matches),
        "slots_gz": slots_gz,
        "window": window,
        "levels_gz": levels_gz,
        "impact": share_read,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("export", type=Path, help="an export folder (a built site's search-index/)")
    parser.add_argument("queries", nargs="*", default=DEFAULT_QUERIES)
    args = parser.parse_args(argv)
    export = Export(args.export)
    print(f"export: {args.export} ({export.manifest.documents} documents, {export.manifest.slots} slots)")
    kinds = ("manifest", "t", "n", "p", "d")
    head = "".join(f"{k + ' KB':>10}" for k in kinds)
    print(
        f"{'query':<22}{'fetched':>9}{head}{'terms':>7}{'postings':>10}{'matches':>9}"
        f"{'slots gz':>10}{'levels gz':>11}{'window KB':>11}{'impact read':>13}"
    )
    for query, files in zip(args.queries, fetched(args.export, args.queries), strict=True):
        row = analyse(export, query)
        total = sum(size for _, size in files.values())
        cells = "".join(f"{files.get(k, (0, 0))[1] / 1024:>10.1f}" for k in kinds)
        print(
            f"{query:<22}{total / 1024:>9.1f}{cells}{row['terms']:>7}{row['postings']:>10}{row['matches']:>9}"
            f"{row['slots_gz'] / 1024:>10.1f}{row['levels_gz'] / 1024:>11.1f}{row['window'] / 1024:>11.1f}"
            f"{row['impact']:>12.0%}"
        )
    print("KB: 1,024 bytes; fetched: search.js's index files (search.js and search-latin.js not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
