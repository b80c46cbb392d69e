"""search.export's dictionary: which terms it stores as corrections of others."""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from search import format as fmt
from search.export import Dictionary, Entry


class ComparedWhole(Dictionary):
    """The search for a base as it was before candidates were given up early: every candidate's
    correction computed whole, then judged by its size."""

    def _best_base(
        self, entry: Entry, bases: dict[str, Entry], decode: Callable[[bytes], dict[int, int]]
    ) -> tuple[str, tuple[int, ...], bytes] | None:
        best = None
        starts = set(entry.firsts)
        most = min(fmt.CORRECTION_BYTES, sum(map(len, self.chunks[entry.term])) // 8)
        for base in bases.values():
            if 4 * len(starts.intersection(base.firsts)) < 3 * max(len(starts), len(base.firsts)):
                continue
            found = self._correction(base, entry, decode, len(entry.firsts) * 10**6)  # no bound
            if found is None:
                continue
            voids, adds = found
            size, key = len(fmt.encode_voids(voids)) + len(adds), base.term.encode("utf-8")
            if size <= most and (best is None or (size, key) < best[:2]):
                best = (size, key, voids, adds)
        return None if best is None else (best[1].decode("utf-8"), best[2], best[3])


def _terms(seed: int, count: int, changes: list[int]) -> dict[str, dict[int, int]]:
    """Terms whose postings are one term's with a few (up to hundreds) changed: as the bigrams of a
    set phrase, each a candidate base of the others."""
    rng = random.Random(seed)
    common = {s: rng.randrange(256) for s in rng.sample(range(20_000), count)}
    terms = {}
    for n, k in enumerate(changes):
        levels = dict(common)
        for slot in rng.sample(sorted(levels), min(k, len(levels))):
            del levels[slot]
        for _ in range(k):
            levels[rng.randrange(20_000)] = rng.randrange(256)
        for slot in rng.sample(sorted(levels), min(k, len(levels))):
            levels[slot] = rng.randrange(256)
        terms[f"t{n}"] = levels
    return terms


def _stored(dictionary: Dictionary, terms: dict[str, dict[int, int]]) -> list[tuple]:
    for term, levels in terms.items():
        dictionary.add((term, len(levels), *fmt.split_postings(levels)))
    dictionary.correct()
    return [(e.term, e.base, e.voids, e.inline, e.firsts) for e in dictionary.entries]


@given(
    st.integers(0, 2**32),
    st.integers(1_000, 4_000),
    st.lists(st.sampled_from([0, 1, 3, 10, 40, 120, 300, 700, 2_000]), min_size=2, max_size=6),
)
@settings(max_examples=25, deadline=None)
def test_giving_up_early_chooses_the_bases_comparing_whole_would(seed: int, count: int, changes: list[int]):
    """A candidate base is given up once its correction passes the bound it would be rejected at:
    the terms stored as corrections, their bases and their bytes are those of the search that
    computes every candidate's correction whole."""
    terms = _terms(seed, count, changes)
    assert _stored(Dictionary(), terms) == _stored(ComparedWhole(), terms)


def test_a_correction_exactly_at_the_bound_is_kept_and_one_past_it_is_not():
    """A term that is a more frequent one's postings less n of them (a correction of n voids, one
    byte each, and their count, one byte below 128: n + 1 bytes) is stored as its correction while
    n + 1 is within the term's bound (an eighth of its chunks' bytes), and not when it is one past."""
    base = {s: s % 7 for s in range(600)}

    def term_less(n: int) -> dict[int, int]:
        return {s: v for s, v in base.items() if not 100 <= s < 100 + n}

    def bound(levels: dict[int, int]) -> int:
        return min(fmt.CORRECTION_BYTES, sum(len(c) for _, c in fmt.split_postings(levels)[1]) // 8)

    at = next(n for n in range(1, 127) if n + 1 == bound(term_less(n)))
    past = next(n for n in range(at, 127) if n + 1 == bound(term_less(n)) + 1)
    for n, kept in ((at, True), (past, False)):
        stored = dict((e[0], e[1:3]) for e in _stored(Dictionary(), {"base": base, "term": term_less(n)}))
        assert stored["term"] == (("base", tuple(range(100, 100 + n))) if kept else ("", ())), n
