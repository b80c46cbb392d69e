"""search.export: which terms the dictionary stores as corrections of others; the full export
split between two processes."""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from search import export
from search import format as fmt
from search.export import Dictionary, Entry
from search.format import EXACT_PREFIX
from search.postings import ALL_FIELDS, Collected, IndexedDocument
from search.scoring import EXACT_MENTION, EXACT_OWN
from tests.search.test_static import files_of, many_penalties


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


# ---- the full export in two processes ----------------------------------------------------------


def test_an_export_split_between_two_processes_writes_the_same_files(tmp_path, monkeypatch):
    """A night's full export tokenises the later half of the documents in a forked process and
    joins the postings in slot order: the files are the ones one process writes, byte for byte."""
    docs = documents(many_penalties(120))
    one = export.export_documents(docs, tmp_path / "one", SEARCH_SECTIONS)
    monkeypatch.setattr(export, "SPLIT_FROM", 2)
    two = export.export_documents(docs, tmp_path / "two", SEARCH_SECTIONS, procs=2)
    assert files_of(tmp_path / "two") == files_of(tmp_path / "one")
    assert (two.version, two.files, two.stats) == (one.version, one.files, one.stats)


@given(st.lists(st.integers(0, 40), min_size=1, max_size=12), st.data())
@settings(max_examples=40, deadline=None)
def test_postings_collected_in_two_parts_and_joined_are_those_collected_at_once(shape, data):
    """Whatever the documents (tf past 255, exact keys in both parts, empty fields) and wherever
    the split falls, joining the later part's collection to the earlier's gives every posting
    list, length, large tf and exact key of one collection of all, in the same order."""
    docs = [_indexed(data.draw(_DOC_TERMS), repeat) for repeat in shape]
    slots = sorted(data.draw(st.sets(st.integers(0, 300), min_size=len(docs), max_size=len(docs))))
    cut = data.draw(st.integers(0, len(docs)))
    whole, first, later = Collected(301), Collected(301), Collected(301)
    for n, (slot, doc) in enumerate(zip(slots, docs, strict=True)):
        whole.add(slot, doc)
        (first if n < cut else later).add(slot, doc)
    first.extend(later)
    assert _held(first) == _held(whole)


_DOC_TERMS = st.fixed_dictionaries(
    {f: st.dictionaries(st.sampled_from(["ab", "cd", "中文", "文件"]), st.integers(1, 3)) for f in ALL_FIELDS}
)


def _indexed(terms: dict[str, dict[str, int]], repeat: int) -> IndexedDocument:
    """A document with ``terms`` (the first field's counts times ``repeat``: tf past 255 too)."""
    counted = {
        f: Counter({t: n * (repeat * 10 if i == 0 else 1) for t, n in c.items()})
        for i, (f, c) in enumerate(terms.items())
    }
    exact = {f"{EXACT_PREFIX}{t}": EXACT_OWN if repeat % 2 else EXACT_MENTION for t in terms[ALL_FIELDS[-1]]}
    return IndexedDocument(counted, {f: sum(c.values()) for f, c in counted.items()}, exact)


def _held(collected: Collected) -> tuple:
    return (
        collected.documents,
        {f: {t: list(a) for t, a in table.items()} for f, table in collected.postings.items()},
        {f: list(a) for f, a in collected.lengths.items()},
        collected.large_tf,
        {t: list(kinds.items()) for t, kinds in collected.exact.items()},
    )


def test_a_failing_or_dead_collecting_process_fails_the_export(tmp_path, monkeypatch):
    """The forked process's error comes back as the export's, with its traceback; a process that
    dies without a word fails it too: never an export missing half its postings."""
    docs = documents(many_penalties(8))
    monkeypatch.setattr(export, "SPLIT_FROM", 2)

    def broken(*_args):
        raise ValueError("a token the tokenizer cannot take")

    monkeypatch.setattr(export, "collect", broken)
    with pytest.raises(export.ExportWorkerError, match="a token the tokenizer cannot take"):
        export.export_documents(docs, tmp_path / "failed", SEARCH_SECTIONS, procs=2)
    monkeypatch.setattr(export, "collect", lambda *_args: os._exit(3))
    with pytest.raises(export.ExportWorkerError, match="died"):
        export.export_documents(docs, tmp_path / "died", SEARCH_SECTIONS, procs=2)
