"""Patching the search export: added, removed and edited records go into the night dictionary,
which leaves the main one alone, and the export answers every query as a full export does."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from search import format as fmt
from search import update
from search.documents import SearchDocument
from search.postings import IndexedDocument
from search.scoring import field_scorers
from search.update import State, write_export
from tests.search.conftest import needs_node, run_node, sample_catalogue
from tests.search.equivalence import contents
from tests.search.test_static import QUERIES, many_penalties

CODE = "test"
REAL_SIZES = {name: getattr(fmt, name) for name in ("INLINE_BYTES", "CHUNK_POSTINGS", "BUCKET_BYTES")}


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small inline limit and chunks, so that inline, one-chunk and many-chunk terms all occur."""
    monkeypatch.setattr(fmt, "INLINE_BYTES", 8)
    monkeypatch.setattr(fmt, "CHUNK_POSTINGS", 16)
    monkeypatch.setattr(fmt, "BUCKET_BYTES", 512)


def base_documents() -> list[SearchDocument]:
    """The sample's documents with 120 more penalties; without party pages (one per penalty here,
    repeating its name): the positions below address penalties and cases."""
    catalogue = sample_catalogue()
    docs = documents(replace(catalogue, penalties=many_penalties(120).penalties + catalogue.penalties))
    return [d for d in docs if d.section != "parties"]


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def full(docs: list[SearchDocument], root: Path) -> Path:
    out = root / "export"
    outcome = write_export(docs, out, None, None, root / "state.sqlite", CODE, SEARCH_SECTIONS)
    outcome.commit(root / "state.sqlite")
    return out


def rebuilt(before: list[SearchDocument], after: list[SearchDocument], tmp_path: Path):
    """Export ``before``, then ``after`` by patching; return the outcome and both folders."""
    first = full(before, tmp_path / "first")
    state = State.load(tmp_path / "first/state.sqlite", files_token(first), CODE)
    assert state is not None
    out = tmp_path / "patched"
    outcome = write_export(after, out, first, state, tmp_path / "first/state.sqlite", CODE, SEARCH_SECTIONS)
    merged = tmp_path / "merged"  # what the build puts in place: kept files plus written ones
    for name in outcome.kept:
        (merged / name).parent.mkdir(parents=True, exist_ok=True)
        (merged / name).write_bytes((first / name).read_bytes())
    for path in out.rglob("*"):
        if path.is_file():
            target = merged / path.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    clean = full(after, tmp_path / "clean")
    return outcome, merged, clean


def files_token(folder: Path) -> str:
    return json.loads((folder / "manifest.json").read_text())["version"]


def edit(docs: list[SearchDocument], index: int, **changes: object) -> list[SearchDocument]:
    edited = list(docs)
    edited[index] = replace(edited[index], **changes)
    return edited


def test_a_full_export_saves_its_state_aside_until_the_build_commits_it(tmp_path: Path):
    """The export is made in a child process at scale: its state (every document) is saved
    there, and what it hands back is small; a state a dead build left aside is never used."""
    docs, path = base_documents(), tmp_path / "state.sqlite"
    aside = update.prepared_path(path)
    aside.write_bytes(b"left by a build that died before its commit")
    outcome = write_export(docs, tmp_path / "export", None, None, path, CODE, SEARCH_SECTIONS)
    assert outcome.full and outcome.reason == "no previous export"
    assert not path.exists() and outcome.state is None  # no document goes back to the build
    outcome.commit(path)
    assert not aside.exists()
    state = State.load(path, files_token(tmp_path / "export"), CODE)
    assert state is not None and sorted(state.urls.values()) == sorted(d.url for d in docs)
    assert state.documents(path, state.urls) == dict(zip(sorted(state.urls), docs, strict=True))

    aside.write_bytes(b"left by a build that died before its commit")  # then a night patches
    night = write_export(
        edit(docs, 3, body="更正"),
        tmp_path / "night",
        tmp_path / "export",
        state,
        path,
        CODE,
        SEARCH_SECTIONS,
    )
    assert not night.full and not aside.exists()


def test_nothing_changed_writes_nothing(tmp_path: Path):
    docs = base_documents()
    outcome, merged, clean = rebuilt(docs, docs, tmp_path)
    assert not outcome.full and outcome.written == 0
    assert files(merged) == files(clean)


CHANGES = {
    "facts": lambda d: {"body": d.body.replace("销售侵权", "更正更改", 1)},  # terms gained and lost
    "party": lambda d: {
        "title": d.title.replace("有限", "更正", 1),
        "party": d.party.replace("有限", "更正", 1),
    },
    "meta": lambda d: {"meta": d.meta.replace("王大明", "李小红")},
    "mention": lambda d: {"mentions": ("江市监知处罚〔2023〕1010号",)},  # an exact term
}


def main_dictionary(root: Path) -> dict[str, str]:
    return {name: sha for name, sha in files(root).items() if name.startswith(("t/", "p/"))}


@needs_node
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_an_edited_document_is_patched_into_the_night_dictionary(tmp_path: Path, change):
    docs = base_documents()
    after = edit(docs, 5, **change(docs[5]))
    assert after[5] != docs[5]
    outcome, merged, clean = rebuilt(docs, after, tmp_path)
    assert not outcome.full, outcome.reason
    assert main_dictionary(merged) == main_dictionary(tmp_path / "first/export")
    assert 0 < outcome.written <= 4  # a night bucket or two, the record's row file, the manifest
    assert answers(merged, after) == answers(clean, after)


@needs_node
def test_several_edited_documents_sharing_chunked_terms(tmp_path: Path):
    docs = base_documents()
    after = edit(
        edit(docs, 3, body=docs[3].body.replace("罚款", "警告")),
        40,
        body=docs[40].body.replace("责令", "江海"),
    )
    outcome, merged, clean = rebuilt(docs, after, tmp_path)
    assert not outcome.full, outcome.reason
    assert answers(merged, after) == answers(clean, after)


@needs_node
def test_a_much_longer_document_is_patched_and_ranks_as_in_a_clean_export(tmp_path: Path):
    """The average field lengths are fixed, so tripling one body (which moves the corpus's average
    by several percent among ~150 documents) changes no other document's level."""
    docs = base_documents()
    after = edit(docs, 5, body=docs[5].body * 3)
    outcome, merged, clean = rebuilt(docs, after, tmp_path)
    assert not outcome.full, outcome.reason
    assert main_dictionary(merged) == main_dictionary(tmp_path / "first/export")
    assert contents(merged) == contents(clean)
    assert answers(merged, after) == answers(clean, after)


QUERY_SECTIONS = ("", "penalties", "cases", "dishonesty")


def answers(export_dir: Path, docs: list[SearchDocument]) -> list[dict]:
    """search.js's answers on ``export_dir`` to the test queries, fragments of the documents'
    titles, and each in the sections and a second page."""
    fragments = sorted({d.title[i : i + 4] for d in docs[::7] for i in (0, 3, 6)} - {""})
    queries = [*QUERIES, *fragments]
    requests = [{"q": q, "section": s, "limit": 20} for q in queries for s in QUERY_SECTIONS]
    requests += [{"q": "江海", "limit": 7, "offset": 7}, {"q": "有限公司", "limit": 200}]
    found = run_node("query", str(export_dir), stdin=requests)
    for answer in found:
        answer.pop("files")
    assert sum(1 for a in found if a["total"]) > len(found) / 3  # not a comparison of empty lists
    return found


def gone_terms(before: list[SearchDocument], after: list[SearchDocument]) -> set[str]:
    def terms(docs: list[SearchDocument]) -> set[str]:
        return set().union(*(IndexedDocument.of(d).dictionary_terms() for d in docs))

    return terms(before) - terms(after)


def no_gone_terms(export: Path, before: list[SearchDocument], after: list[SearchDocument]) -> bool:
    """No term that only removed records had (a withdrawn record's number, its party's name) is in
    any dictionary file of the export, main or night."""
    held = set()
    for path in export.glob("t/*.bin"):
        held |= {e.term for e in fmt.decode_bucket(fmt.unpack(path.name, path.read_bytes()))}
    for path in export.glob("n/*.bin"):
        held |= {e.term for e in fmt.decode_night_bucket(fmt.unpack(path.name, path.read_bytes()))}
    gone = gone_terms(before, after)
    return not gone & held


def no_full_export(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = update._full_export
    monkeypatch.setattr(update, "_full_export", lambda *a, **k: calls.append("full") or original(*a, **k))
    return calls


def added(docs: list[SearchDocument], at: int) -> tuple[list[SearchDocument], list[SearchDocument]]:
    """(before, after): ``after`` is ``docs``, ``before`` lacks the document at ``at``."""
    return docs[:at] + docs[at + 1 :], docs


CHANGES_IN_NUMBERS = {
    "add the newest": lambda docs: added(docs, 0),
    "add in the middle": lambda docs: added(docs, 57),
    "add the oldest penalty": lambda docs: added(docs, 121),
    "add several next to each other": lambda docs: (docs[:30] + docs[34:], docs),
    "remove the newest": lambda docs: (docs, docs[1:]),
    "remove in the middle": lambda docs: (docs, docs[:57] + docs[58:]),
    "remove a case": lambda docs: (
        docs,
        [d for d in docs if d != next(c for c in docs if c.section == "cases")],
    ),
    "add, remove and edit": lambda docs: (
        docs[:10] + docs[11:],
        edit(docs[:80] + docs[81:], 40, body=docs[40].body.replace("销售侵权", "更正更改", 1)),
    ),
}


@needs_node
@pytest.mark.parametrize("change", CHANGES_IN_NUMBERS.values(), ids=CHANGES_IN_NUMBERS.keys())
def test_added_and_removed_records_are_patched_in_and_answer_as_a_full_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change
):
    before, after = change(base_documents())
    calls = no_full_export(monkeypatch)
    outcome, merged, clean = rebuilt(before, after, tmp_path)
    assert not outcome.full, outcome.reason
    assert calls == ["full", "full"]  # the first export and the clean one: the patch made none
    assert 0 < outcome.written < 20 + len(gone_terms(before, after))  # night, rows, manifest, gone terms
    assert no_gone_terms(merged, before, after)
    assert answers(merged, after) == answers(clean, after)


def test_a_record_published_late_takes_the_free_slot_between_its_neighbours(tmp_path: Path):
    docs = base_documents()
    outcome, merged, _ = rebuilt(*added(docs, 57), tmp_path)
    manifest = json.loads((merged / "manifest.json").read_text())
    assert manifest["moved"] == [] and manifest["documents"] == len(docs)
    slots = sorted(outcome.state.urls)
    position = slots.index(next(s for s, url in outcome.state.urls.items() if url == docs[57].url))
    assert [outcome.state.urls[s] for s in slots] == [d.url for d in docs]  # the canonical order
    assert slots[position + 1] - slots[position - 1] == 2


def test_records_that_find_no_free_slot_are_listed_as_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    docs = base_documents()
    before, after = docs[:30] + docs[34:], docs  # four between two neighbours: one free slot
    outcome, merged, _ = rebuilt(before, after, tmp_path)
    manifest = json.loads((merged / "manifest.json").read_text())
    assert not outcome.full and len(manifest["moved"]) == 3
    assert all(slot >= manifest["slots"] - 3 for slot, _, _ in manifest["moved"])  # new slots at the end
    monkeypatch.setattr(update, "MAX_MOVED", 2)
    outcome, merged, clean = rebuilt(before, after, tmp_path / "again")
    assert outcome.full and "rank away from their slot" in outcome.reason
    assert files(merged) == files(clean)


def test_many_changes_are_exported_afresh_and_say_why(tmp_path: Path):
    docs = base_documents()
    outcome, merged, clean = rebuilt(docs, docs[:50] + docs[70:], tmp_path)
    assert (
        outcome.full
        and outcome.reason
        == "20 documents added, removed or edited since the last full export (the night dictionary is for at most 5%)"
    )
    assert files(merged) == files(clean)


def test_a_chunked_term_in_no_record_any_more_means_a_full_export(tmp_path: Path):
    """A chunked term may be the base of terms stored as its corrections (search.format): when the
    last records having it are withdrawn, the export is made afresh, and says why."""
    docs = base_documents()
    first = full(docs, tmp_path / "first")
    manifest = fmt.Manifest.decode((first / fmt.MANIFEST).read_bytes())
    entries = [
        e
        for n in range(manifest.buckets)
        for e in fmt.decode_bucket(gzip.decompress((first / fmt.bucket_name(n)).read_bytes()))
    ]
    assert any(e.base for e in entries)  # tiny chunks: terms stored as corrections occur
    term = min((e.df, e.term) for e in entries if e.firsts and not e.term.startswith(fmt.EXACT_PREFIX))[1]
    held = {i for i, doc in enumerate(docs) if IndexedDocument.of(doc).has(term)}
    assert 0 < len(held) <= 8
    outcome, merged, clean = rebuilt(
        docs, [d for i, d in enumerate(docs) if i not in held], tmp_path / "night"
    )
    assert outcome.full and outcome.reason.startswith(f"{term!r}, a term other terms"), outcome.reason
    assert files(merged) == files(clean)


def test_a_stale_state_is_not_used(tmp_path: Path):
    docs = base_documents()
    first = full(docs, tmp_path / "first")
    assert State.load(tmp_path / "first/state.sqlite", "another-version", CODE) is None
    assert State.load(tmp_path / "first/state.sqlite", files_token(first), "other code") is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not gzip", "missing"])
def test_a_damaged_previous_export_is_exported_afresh(tmp_path: Path, damage: str):
    docs = base_documents()
    first = full(docs, tmp_path / "first")
    for name in [p for p in first.rglob("*.bin") if p.parent.name in ("t", "p")]:
        data = name.read_bytes()
        if damage == "garbage":
            name.write_bytes(gzip.compress(b"\xff" * 40))
        elif damage == "truncated":
            name.write_bytes(data[: len(data) // 2])
        elif damage == "not gzip":
            name.write_bytes(b"plain")
        else:
            name.unlink()
    state = State.load(tmp_path / "first/state.sqlite", files_token(first), CODE)
    assert state is not None
    after = edit(docs, 5, body=docs[5].body.replace("销售侵权", "更正更改", 1))
    outcome = write_export(
        after, tmp_path / "out", first, state, tmp_path / "first/state.sqlite", CODE, SEARCH_SECTIONS
    )
    assert outcome.full and outcome.reason.startswith("the previous export is damaged")
    assert files(tmp_path / "out") == files(full(after, tmp_path / "clean"))


def night_dictionary(export: Path) -> dict[str, fmt.NightEntry]:
    manifest = json.loads((export / "manifest.json").read_text())
    entries = {}
    for number in range(manifest["nightBuckets"]):
        name = fmt.night_bucket_name(number)
        entries |= {
            e.term: e for e in fmt.decode_night_bucket(fmt.unpack(name, (export / name).read_bytes()))
        }
    return entries


def night_afresh(export: Path, state_path: Path, docs: list[SearchDocument]) -> dict[str, fmt.NightEntry]:
    """The night dictionary the rule gives, made afresh from every slot overridden since the last
    full export: for each term, the postings of those slots now that differ from the main
    dictionary's (all of them when it has not the term), and the term's df now."""
    state = State.load(state_path, files_token(export), CODE)
    assert state is not None
    base = state.base_documents(state_path, state.overridden)
    slot_of = {url: slot for slot, url in state.urls.items()}
    current = {slot_of[d.url]: d for d in docs if slot_of[d.url] in state.overridden}
    scorers = field_scorers()
    was = {s: IndexedDocument.of(d).levels(scorers) if d else {} for s, d in base.items()}
    now = {s: IndexedDocument.of(d).levels(scorers) for s, d in current.items()}
    main = update.Previous(export)
    entries = {}
    for term in set().union(*was.values(), *now.values()):
        held = main.bucket(fmt.bucket_of(term, state.buckets)).get(term)
        voids, adds, df = [], {}, held.df if held else 0
        for slot in sorted(state.overridden):
            first, new = was.get(slot, {}).get(term), now.get(slot, {}).get(term)
            df += (new is not None) - (held is not None and first is not None)
            if held and first is not None and first != new:
                voids.append(slot)
            if new is not None and (not held or first != new):
                adds[slot] = new
        if df and (voids or adds):
            postings = fmt.encode_postings(sorted(adds), [adds[s] for s in sorted(adds)])
            entries[term] = fmt.NightEntry(term, df, tuple(voids), postings)
    return entries


def night_after(previous: Path, docs: list[SearchDocument], state_path: Path, out: Path):
    """Patch the export at ``previous`` (its state at ``state_path``) for ``docs`` into ``out``,
    as the next build would; return the outcome and the whole new export."""
    state = State.load(state_path, files_token(previous), CODE)
    assert state is not None
    outcome = write_export(docs, out / "written", previous, state, state_path, CODE, SEARCH_SECTIONS)
    assert not outcome.full, outcome.reason
    merged = out / "export"
    for name in outcome.kept:
        (merged / name).parent.mkdir(parents=True, exist_ok=True)
        (merged / name).write_bytes((previous / name).read_bytes())
    for path in (out / "written").rglob("*"):
        if path.is_file():
            target = merged / path.relative_to(out / "written")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    outcome.commit(state_path)
    return outcome, merged


@needs_node
def test_nights_add_up_in_the_night_dictionary_until_the_next_full_export(tmp_path: Path):
    docs = base_documents()
    first_docs = docs[1:57] + docs[58:]
    export = full(first_docs, tmp_path / "first")
    state_path = tmp_path / "first/state.sqlite"
    nights = [
        docs[:57] + docs[58:],  # the newest record added
        edit(docs[:40] + docs[41:57] + docs[58:], 5, body=docs[5].body.replace("销售侵权", "更正更改", 1)),
        docs,  # a record removed last night back, the edit undone, the one published late added
    ]
    for number, after in enumerate(nights):
        outcome, export = night_after(export, after, state_path, tmp_path / f"night{number}")
        assert no_gone_terms(export, first_docs, after)
        assert night_dictionary(export) == night_afresh(export, state_path, after)
        assert 0 < outcome.written < 40
        assert answers(export, after) == answers(full(after, tmp_path / f"clean{number}"), after)


def test_one_added_record_rewrites_a_few_files_not_every_bucket_its_terms_are_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    for name, value in REAL_SIZES.items():  # the sizes a build uses, not this module's tiny ones
        monkeypatch.setattr(fmt, name, value)
    before, after = added(base_documents(), 0)
    outcome, merged, _ = rebuilt(before, after, tmp_path)
    assert not outcome.full, outcome.reason
    manifest = json.loads((merged / "manifest.json").read_text())
    terms = IndexedDocument.of(after[0]).dictionary_terms()
    main_buckets = {fmt.bucket_of(t, manifest["buckets"]) for t in terms}
    assert len(main_buckets) > 20  # what patching the main dictionary would have rewritten
    # The night dictionary's buckets, the new record's row file and the manifest; nothing else.
    assert outcome.written == manifest["nightBuckets"] + 2 <= 5
    assert main_dictionary(merged) == main_dictionary(tmp_path / "first/export")
    changed = {n for n, sha in files(merged).items() if files(tmp_path / "first/export").get(n) != sha}
    slot = next(s for s, url in outcome.state.urls.items() if url == after[0].url)
    assert len(changed) == outcome.written and changed <= {"manifest.json", fmt.shard_name(slot)} | {
        fmt.night_bucket_name(n) for n in range(manifest["nightBuckets"])
    }


def _entries_edited(data: bytes) -> bytes:
    """A night bucket that decodes, but says another df of each term."""
    return fmt.encode_night_bucket(replace(e, df=e.df + 1) for e in fmt.decode_night_bucket(data))


NIGHT_DAMAGE = {
    "garbage": lambda name, data: gzip.compress(b"\xff" * 40),
    "truncated": lambda name, data: fmt.pack(name, fmt.unpack(name, data)[:-3]),
    "entries edited": lambda name, data: fmt.pack(name, _entries_edited(fmt.unpack(name, data))),
    "missing": lambda name, data: None,
}


@pytest.mark.parametrize("damage", NIGHT_DAMAGE.values(), ids=NIGHT_DAMAGE.keys())
def test_a_damaged_night_dictionary_means_a_full_export(tmp_path: Path, damage):
    """Tonight's night dictionary is last night's with tonight's changes made: a bucket of last
    night's that is not what the state says was written makes tonight a full export."""
    docs = base_documents()
    export = full(docs, tmp_path / "first")
    state_path = tmp_path / "first/state.sqlite"
    _, export = night_after(export, docs[1:], state_path, tmp_path / "night")
    name = fmt.night_bucket_name(0)
    damaged = damage(name, (export / name).read_bytes())
    (export / name).unlink()
    if damaged is not None:
        (export / name).write_bytes(damaged)
    state = State.load(state_path, files_token(export), CODE)
    assert state is not None
    after = edit(docs[1:], 5, body=docs[6].body.replace("销售侵权", "更正更改", 1))
    outcome = write_export(after, tmp_path / "out", export, state, state_path, CODE, SEARCH_SECTIONS)
    assert outcome.full, "a damaged night dictionary was patched"
    assert "damaged" in outcome.reason or "is not the night dictionary" in outcome.reason, outcome.reason
    assert files(tmp_path / "out") == files(full(after, tmp_path / "clean"))


BASE_DAMAGE = {
    "edited base document": "UPDATE base SET doc = replace(doc, '销售', '出售') WHERE doc IS NOT NULL",
    "base digest of another": "UPDATE base SET digest = zeroblob(20) WHERE doc IS NOT NULL",
    "not a document": "UPDATE base SET doc = '[1, 2]' WHERE doc IS NOT NULL",
}


@pytest.mark.parametrize("damage", BASE_DAMAGE.values(), ids=BASE_DAMAGE.keys())
def test_a_damaged_base_of_the_night_dictionary_means_a_full_export(tmp_path: Path, damage: str):
    """The documents the night dictionary is made against (as the last full export had them) are
    read from the state when their slots change again: edited, lost or invented ones make that
    night a full export."""
    docs = base_documents()
    export = full(docs, tmp_path / "first")
    state_path = tmp_path / "first/state.sqlite"
    night = edit(docs[1:], 5, body=docs[5].body.replace("销售侵权", "更正更改", 1))  # one removed, one edited
    _, export = night_after(export, night, state_path, tmp_path / "night")
    with closing(sqlite3.connect(state_path)) as db, db:
        assert db.execute("SELECT count(*) FROM base WHERE doc IS NOT NULL").fetchone()[0] == 2
        db.execute(damage)
    state = State.load(state_path, files_token(export), CODE)
    assert state is not None
    after = docs  # the next night: the removed record back, the edit undone
    outcome = write_export(after, tmp_path / "out", export, state, state_path, CODE, SEARCH_SECTIONS)
    assert outcome.full and "damaged" in outcome.reason, outcome.reason
    assert files(tmp_path / "out") == files(full(after, tmp_path / "clean"))


def test_nights_after_a_withdrawal_are_patched_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A term that left the main dictionary with a withdrawn record stays out of it the nights
    after (its record is still overridden), and those nights are patched, not exported afresh."""
    docs = base_documents()
    export = full(docs, tmp_path / "first")
    state_path = tmp_path / "first/state.sqlite"
    nights = [docs[1:], docs[2:], [*docs[2:50], *docs[51:]]]  # one more withdrawn each night
    for number, after in enumerate(nights):
        _, export = night_after(export, after, state_path, tmp_path / f"night{number}")  # asserts a patch
        assert no_gone_terms(export, docs, after)
        assert contents(export) == contents(full(after, tmp_path / f"clean{number}"))
    assert gone_terms(docs, nights[-1]) >= gone_terms(docs, nights[0]) != set()


def test_an_edit_undone_brings_back_the_terms_it_took_out_of_the_main_dictionary(tmp_path: Path):
    """Night one: an edit takes a term out of every record (it leaves the main dictionary).
    Night two: the edit is undone while another record is edited. The term is back."""
    docs = base_documents()
    export = full(docs, tmp_path / "first")
    state_path = tmp_path / "first/state.sqlite"
    nights = [edit(docs, 0, body=docs[0].body.replace("销售", "出售", 1))]
    nights.append(edit(docs, 100, body=docs[100].body.replace("销售", "出售", 1)))
    for number, after in enumerate(nights):
        _, export = night_after(export, after, state_path, tmp_path / f"night{number}")  # asserts a patch
        assert contents(export) == contents(full(after, tmp_path / f"clean{number}"))
    assert gone_terms(docs, nights[0])  # the first night did take a term out


CANDIDATES = (0, 1, 2, 3, 30, 31, 57, 58, 100, 121, 130, 137)  # newest, middle, oldest, cases, pages
NIGHT = st.tuples(
    st.frozensets(st.sampled_from(CANDIDATES), max_size=3),  # not published that night
    st.frozensets(st.sampled_from(CANDIDATES), max_size=2),  # edited that night
)


@pytest.mark.slow  # about a minute: a full export of each night to compare with
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nights=st.lists(NIGHT, min_size=2, max_size=3))
def test_any_run_of_nights_holds_what_a_clean_export_holds(tmp_path_factory, nights):
    """Records withdrawn, back, edited and undone in any order over several nights: every night is
    patched (or exported afresh for a reason the log names) and holds what a clean export holds,
    with no term of a record that left in any dictionary file."""
    docs = base_documents()
    root = tmp_path_factory.mktemp("nights")
    export = full(docs, root / "first")
    state_path = root / "first/state.sqlite"
    for number, (out, edited) in enumerate(nights):
        after = [
            replace(d, body=d.body.replace("销售", "出售", 1)) if i in edited else d
            for i, d in enumerate(docs)
            if i not in out
        ]
        state = State.load(state_path, files_token(export), CODE)
        assert state is not None
        night = root / f"night{number}"
        outcome = write_export(after, night / "written", export, state, state_path, CODE, SEARCH_SECTIONS)
        assert not outcome.full or any(why in outcome.reason for why in FAIR_REASONS), outcome.reason
        merged = night / "export"
        for name in outcome.kept:
            (merged / name).parent.mkdir(parents=True, exist_ok=True)
            (merged / name).write_bytes((export / name).read_bytes())
        if outcome.written:  # (a night that changes nothing writes nothing)
            shutil.copytree(night / "written", merged, dirs_exist_ok=True)
        outcome.commit(state_path)
        export = merged
        assert contents(export) == contents(full(after, night / "clean"))
        assert no_gone_terms(export, docs, after)
        if not outcome.full:  # made from last night's: as if made afresh
            assert night_dictionary(export) == night_afresh(export, state_path, after)


FAIR_REASONS = ("documents added, removed or edited since",)


# Documents drawn to be often equal, and equal in every field but one.
TEXT = st.text(st.sampled_from(["a", "b", "号", "\n", "'", "\\", "\udc80"]), max_size=3)
TEXTS = st.lists(TEXT, max_size=2).map(tuple)
DOCUMENTS = st.builds(
    SearchDocument,
    url=st.sampled_from(["penalties/a/", "cases/b/"]),
    section=st.sampled_from(["penalties", "cases"]),
    title=TEXT,
    date=st.sampled_from(["", "2026-01-02"]),
    party=TEXT,
    numbers=TEXTS,
    codes=TEXTS,
    body=TEXT,
    mentions=TEXTS,
    body_en=TEXT,
)


@settings(max_examples=300)
@given(DOCUMENTS, DOCUMENTS)
def test_two_documents_have_one_digest_exactly_when_they_are_equal(first, second):
    assert (update.digest(first) == update.digest(second)) == (first == second)
    # The same values as other objects (as read back from the state): the same digest.
    rebuilt = SearchDocument(
        **{k: "".join(v) if isinstance(v, str) else tuple(v) for k, v in vars(first).items()}
    )
    assert update.digest(rebuilt) == update.digest(first)


@given(DOCUMENTS)
def test_a_document_read_back_from_the_state_has_its_digest(doc):
    stored = json.loads(json.dumps(asdict(doc), ensure_ascii=False))
    assert update.digest(update._document_of(stored)) == update.digest(doc)
