"""The export's files: what search/format.py encodes, it decodes, and search.js reads the same."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.searchdocs import SEARCH_SECTIONS
from search import format as fmt
from search.scoring import LEVELS, idf_value
from search.update import State, place
from tests.search.conftest import needs_node, run_node

SECTIONS = SEARCH_SECTIONS.names

BIG = 2**50  # slots far beyond 2^32: varints of eight bytes, past JavaScript's 32-bit integers

TERMS = ["瑞丰", "𠀀𠀁", "🎧耳机", "=江市监知处罚〔2025〕1234号", "trademark", "a" * 300, "é", "\u3000x"]


def postings_strategy() -> st.SearchStrategy[dict[int, int]]:
    slots = st.one_of(st.integers(0, 300), st.integers(0, BIG))
    return st.dictionaries(slots, st.integers(0, 255), max_size=60)


@given(postings_strategy())
def test_postings_decode_to_what_was_encoded(levels: dict[int, int]):
    slots = sorted(levels)
    assert fmt.decode_postings(fmt.encode_postings(slots, [levels[s] for s in slots])) == levels


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=8), postings_strategy()), max_size=12, unique_by=lambda t: t[0]
    )
)
@settings(max_examples=60)
def test_buckets_decode_to_their_entries(pairs: list[tuple[str, dict[int, int]]]):
    entries = []
    for term, levels in pairs:
        inline, chunks = fmt.split_postings(levels)
        entries.append(fmt.Entry(term, len(levels), inline, tuple(first for first, _ in chunks)))
    decoded = fmt.decode_bucket(fmt.encode_bucket(entries))
    assert sorted(decoded, key=lambda e: e.term.encode()) == sorted(entries, key=lambda e: e.term.encode())


@given(postings_strategy(), postings_strategy(), st.text(min_size=1, max_size=8), st.integers(0, BIG))
@settings(max_examples=60)
def test_a_correction_turns_its_base_into_the_term(
    base: dict[int, int], levels: dict[int, int], name: str, rank: int
):
    """Any postings stored as a correction of any others decode to themselves, voiding and adding
    only the postings that differ; the entry round-trips."""
    voids, adds = fmt.correction(base, levels)
    assert fmt.corrected(base, voids, adds) == dict(sorted(levels.items()))
    assert voids == tuple(sorted(s for s, v in base.items() if levels.get(s) != v))
    assert fmt.decode_postings(adds) == {s: v for s, v in sorted(levels.items()) if base.get(s) != v}
    assert fmt.encode_voids(voids) == fmt.varint(len(voids)) + b"".join(
        fmt.varint(b - a) for a, b in zip((0, *voids), voids, strict=False)
    )
    firsts = tuple(sorted({0, *base}))
    entry = fmt.Entry("t" + name, len(levels), adds, firsts, "b" + name, voids, rank)
    other = fmt.Entry("b" + name, len(base), b"", firsts)
    decoded = fmt.decode_bucket(fmt.encode_bucket([entry, other]))
    assert sorted(decoded, key=lambda e: e.term.encode()) == sorted(
        [entry, other], key=lambda e: e.term.encode()
    )
    with pytest.raises(ValueError, match="chunk starts"):
        replace(entry, firsts=()).encode()


@given(postings_strategy(), postings_strategy(), st.integers(-3, 130))
@settings(max_examples=150)
def test_a_correction_within_a_bound_is_the_correction_or_none(
    base: dict[int, int], levels: dict[int, int], most: int
):
    """The exporter gives up a base once its correction passes a bound: what it gets back is the
    whole correction when it has at most ``most`` voids and added postings, and None only when it
    has more."""
    voids = [s for s, v in base.items() if levels.get(s) != v]
    adds = [s for s, v in levels.items() if base.get(s) != v]
    found = fmt.correction_within(base, levels, most)
    if len(voids) + len(adds) > most:
        assert found is None
    else:
        assert found == fmt.correction(base, levels)


def night_entries_strategy() -> st.SearchStrategy[list[fmt.NightEntry]]:
    entry = st.builds(
        lambda term, df, voids, levels: fmt.NightEntry(
            term,
            df,
            tuple(sorted(voids)),
            fmt.encode_postings(sorted(levels), [levels[s] for s in sorted(levels)]),
        ),
        st.text(min_size=1, max_size=8),
        st.integers(0, BIG),
        st.sets(st.one_of(st.integers(0, 300), st.integers(0, BIG)), max_size=20),
        postings_strategy(),
    )
    return st.lists(entry, max_size=10, unique_by=lambda e: e.term)


@given(night_entries_strategy())
@settings(max_examples=60)
def test_night_buckets_decode_to_their_entries(entries: list[fmt.NightEntry]):
    decoded = fmt.decode_night_bucket(fmt.encode_night_bucket(entries))
    assert decoded == sorted(entries, key=lambda e: e.term.encode())


@given(night_entries_strategy())
@settings(max_examples=60)
def test_a_night_bucket_splits_into_its_entries_encoded(entries: list[fmt.NightEntry]):
    """What an update keeps of last night's entries undecoded is each entry's own encoding."""
    data = fmt.encode_night_bucket(entries)
    split = fmt.split_night_bucket(data)
    ordered = sorted(entries, key=lambda e: e.term.encode())
    assert split == [(e.term, e.encode()) for e in ordered]
    assert fmt.join_night_bucket(reversed(split)) == data
    if data:
        with pytest.raises(fmt.FormatError):
            fmt.split_night_bucket(data[:-1])  # every entry ends with its postings' length


def test_chunks_split_where_the_postings_say_so_and_join_up_again(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(fmt, "INLINE_BYTES", 8)
    monkeypatch.setattr(fmt, "CHUNK_POSTINGS", 16)
    levels = {slot: slot % 256 for slot in range(0, 4000, 3)}
    inline, chunks = fmt.split_postings(levels)
    assert inline == b"" and 20 < len(chunks) < 300
    assert max(len(fmt.decode_postings(data)) for _, data in chunks) <= fmt.MAX_CHUNK * 16
    joined: dict[int, int] = {}
    for first, data in chunks:
        part = fmt.decode_postings(data)
        assert min(part) == first
        joined.update(part)
    assert joined == levels
    # One posting more, or one fewer, changes one chunk (two when it starts one).
    for changed in ({**levels, 2000: 7}, {s: v for s, v in levels.items() if s != 2001}):
        after = dict(fmt.split_postings(changed)[1])
        assert len(set(after.items()) ^ set(chunks)) <= 4


def test_an_empty_bucket_and_empty_postings():
    assert fmt.decode_bucket(b"") == []
    assert fmt.decode_postings(b"") == {}
    assert fmt.split_postings({}) == (b"", [])


@pytest.mark.parametrize("data", [b"\x05ab", b"\x80", b"\x02ab\x01"])
def test_truncated_bytes_are_a_format_error(data: bytes):
    with pytest.raises(fmt.FormatError):
        fmt.decode_bucket(data)


def test_the_manifest_round_trips():
    manifest = fmt.Manifest("abc", 3, 9, [["penalties", 1, 5]], SECTIONS, 4, LEVELS, [[8, 3, 0]], 2)
    assert fmt.Manifest.decode(manifest.encode()) == manifest
    with pytest.raises(fmt.FormatError):
        fmt.Manifest.decode(b'{"format": 4}')


def write(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fmt.pack(name, data))


@needs_node
def test_search_js_decodes_what_python_encodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(fmt, "INLINE_BYTES", 8)
    monkeypatch.setattr(fmt, "CHUNK_POSTINGS", 4)
    cases = {
        "瑞丰": {0: 0, 1: 255},  # inline
        "𠀀𠀁": {BIG: 3, BIG + 1: 4},  # a term beyond the BMP, slots beyond 2^32: inline varints
        "🎧耳机": {s: s % 256 for s in range(0, 200, 7)},  # chunked
        "=江市监知处罚〔2025〕1234号": {5: 2},
        "a" * 300: {s: 1 for s in range(BIG, BIG + 90, 3)},  # chunked, huge first slot
        "empty": {},  # no postings at all: an entry the format allows
    }
    entries, chunk_data = [], {}
    for term, levels in cases.items():
        inline, chunks = fmt.split_postings(levels)
        entries.append(fmt.Entry(term, len(levels), inline, tuple(f for f, _ in chunks)))
        chunk_data[term] = [d for _, d in chunks]
    # A term stored as a correction of a chunked one (its base, in another bucket here).
    base = next(e for e in entries if e.term == "🎧耳机")
    fixed = fmt.Entry(
        "限公", 28, fmt.encode_postings([1, BIG], [7, 0]), base.firsts, base.term, (0, 7, 196), 1
    )
    entries.insert(2, fixed)
    names = dict(fmt.chunk_names(3, entries))
    for term, files in names.items():
        for name, data in zip(files, chunk_data[term], strict=True):
            write(tmp_path, name, data)
    write(tmp_path, fmt.bucket_name(3), fmt.encode_bucket(entries))
    write(tmp_path, fmt.bucket_name(4), b"")  # an empty bucket
    nights = [
        fmt.NightEntry("瑞丰", 7, (0, 5, BIG), fmt.encode_postings([1, BIG + 1], [9, 255])),
        fmt.NightEntry("gone", 0, (3,)),  # every posting removed
        fmt.NightEntry("🎧耳机", 30),  # the df changed alone
    ]
    write(tmp_path, fmt.night_bucket_name(1), fmt.encode_night_bucket(nights))
    rows = [
        ["penalties/x/", 0, "江海𠀀公司", "2025-01-02", "🎧 <b>"],
        None,
        ["p/", 5, "t", "", "", "T", "en"],
    ]
    write(tmp_path, "d/0.bin", fmt.encode_rows(rows))
    write(tmp_path, "d/1.bin", fmt.encode_rows([]))  # an empty shard
    manifest = fmt.Manifest("v", 0, 0, [], SECTIONS, 8, LEVELS)
    write(tmp_path, fmt.MANIFEST, manifest.encode())
    all_chunks = [name for files in names.values() for name in files]
    pairs = [
        (df, n) for n in (1, 2, 10, 8821, 100_000, 2_000_000) for df in range(0, n + 1, max(1, n // 997))
    ]
    request = {
        "buckets": [
            {"number": 3, "terms": [*cases, fixed.term, "missing"]},
            {"number": 4, "terms": ["瑞丰"]},
        ],
        "nightBuckets": [{"number": 1, "terms": [e.term for e in nights] + ["missing"]}],
        "postings": all_chunks,
        "rows": ["d/0.bin", "d/1.bin"],
        "idf": pairs,
        "scopes": [],
    }
    answer = run_node("format", str(tmp_path), stdin=request)
    for term, found in zip([*cases, fixed.term], answer["buckets"][0], strict=False):
        entry = next(e for e in entries if e.term == term)
        assert found["df"] == entry.df and found["firsts"] == list(entry.firsts), term
        assert found["files"] == (fmt.base_chunk_names(entry, 8) if entry.base else names.get(term, [])), term
        assert {s: v for s, v in found["postings"]} == (
            fmt.decode_postings(entry.inline) if entry.base or not entry.firsts else {}
        )
        assert (found["base"], found["voids"]) == ((entry.base or None), list(entry.voids))
    assert answer["buckets"][0][-1] is None and answer["buckets"][1] == [None]
    assert fixed in fmt.decode_bucket(fmt.encode_bucket(entries))
    chunked = [e.term for e in entries if e.firsts and not e.base]
    assert {"🎧耳机", "a" * 300, "𠀀𠀁"} <= set(chunked)  # 𠀀𠀁: two eight-byte slots outgrow 8 bytes inline
    data = [d for t in names for d in chunk_data[t]]
    assert [dict(map(tuple, chunk)) for chunk in answer["postings"]] == [fmt.decode_postings(d) for d in data]
    joined = [{s: v for d in chunk_data[t] for s, v in fmt.decode_postings(d).items()} for t in chunked]
    assert joined == [cases[t] for t in chunked]
    assert answer["nights"] == [
        [
            {
                "df": e.df,
                "voids": list(e.voids),
                "postings": [list(p) for p in sorted(fmt.decode_postings(e.postings).items())],
            }
            for e in nights
        ]
        + [None]
    ]
    assert answer["rows"] == [rows, []]
    assert answer["idf"] == [idf_value(df, n) for df, n in pairs]


@needs_node
def test_search_js_ranks_moved_slots_in_the_canonical_order(tmp_path: Path):
    """After records are added and removed, the slots are out of order; the manifest's moved list
    gives search.js the canonical order back, in every section."""
    sections = [0] * 12 + [1] * 5 + [2] * 3
    urls = [f"u{i}" for i in range(len(sections))]
    slots, count = fmt.clean_slots(sections)
    state = State("t", "c", dict(zip(slots, urls, strict=True)), {}, None, {}, 0, 1, count)  # type: ignore[arg-type]
    # Removed: u3 and u13; added: five between u5 and u6 (one free slot), one first, one last.
    new_urls = ["n0", *urls[:3], *urls[4:6], "a", "b", "c", "d", "e", *urls[6:13], *urls[14:], "z"]
    new_sections = [0] * 17 + [1] * 4 + [2] * 4
    layout = place(new_urls, state)
    moved = layout.moved(new_sections)
    assert 0 < len(moved) < 6
    in_order = (new_sections[i] if layout.in_order[i] else None for i in range(len(new_urls)))
    by_slot: list[int | None] = [None] * layout.count
    for slot, value in zip(layout.slots, in_order, strict=True):
        by_slot[slot] = value
    from search.export import section_ranges

    manifest = fmt.Manifest(
        "v", len(new_urls), layout.count, section_ranges(by_slot, SECTIONS), SECTIONS, 1, LEVELS, moved
    )
    write(tmp_path, fmt.MANIFEST, manifest.encode())
    names = ["", *SECTIONS[:3]]
    request = {"buckets": [], "postings": [], "rows": [], "idf": [], "scopes": names}
    answer = run_node("format", str(tmp_path), stdin=request)
    live = set(layout.slots)
    for name, ranked in zip(names, answer["scopes"], strict=True):
        want = [
            s for s, sec in zip(layout.slots, new_sections, strict=True) if not name or SECTIONS[sec] == name
        ]
        assert [s for s in ranked if s in live] == want, name
    assert replace(manifest, moved=[]) != manifest
