"""Patching the search export: edited documents give exactly the files a full export gives."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from ipcredit.searchdocs import documents
from search import export
from search.documents import SearchDocument
from search.update import State, write_export
from tests.search.conftest import sample_catalogue
from tests.search.test_static import many_penalties

CODE = "test"


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small inline limit and chunks, so that inline, one-chunk and many-chunk terms all occur."""
    monkeypatch.setattr(export, "INLINE_BYTES", 8)
    monkeypatch.setattr(export, "CHUNK_POSTINGS", 16)
    monkeypatch.setattr(export, "BUCKET_BYTES", 512)


def base_documents() -> list[SearchDocument]:
    catalogue = sample_catalogue()
    return documents(replace(catalogue, penalties=many_penalties(120).penalties + catalogue.penalties))


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def full(docs: list[SearchDocument], root: Path) -> Path:
    out = root / "export"
    outcome = write_export(docs, out, None, None, root / "state.sqlite", CODE)
    outcome.state.save(root / "state.sqlite", full=True)
    return out


def rebuilt(before: list[SearchDocument], after: list[SearchDocument], tmp_path: Path):
    """Export ``before``, then ``after`` by patching; return the outcome and both folders."""
    first = full(before, tmp_path / "first")
    state = State.load(tmp_path / "first/state.sqlite", files_token(first), CODE)
    assert state is not None
    out = tmp_path / "patched"
    outcome = write_export(after, out, first, state, tmp_path / "first/state.sqlite", CODE)
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
    import json

    return json.loads((folder / "manifest.json").read_text())["version"]


def edit(docs: list[SearchDocument], index: int, **changes: object) -> list[SearchDocument]:
    edited = list(docs)
    edited[index] = replace(edited[index], **changes)
    return edited


def test_nothing_changed_writes_nothing(tmp_path: Path):
    docs = base_documents()
    outcome, merged, clean = rebuilt(docs, docs, tmp_path)
    assert not outcome.full and outcome.written == 0
    assert files(merged) == files(clean)


# Edits that keep the fields' lengths (with ~150 documents, a longer text would move the
# rounded average length, and that is exported afresh: tested below).
CHANGES = {
    "facts": lambda d: {"body": d.body.replace("销售侵权", "更正更改", 1)},  # terms gained and lost
    "party": lambda d: {
        "title": d.title.replace("有限", "更正", 1),
        "party": d.party.replace("有限", "更正", 1),
    },
    "meta": lambda d: {"meta": d.meta.replace("王大明", "李小红")},
    "mention": lambda d: {"mentions": ("江市监知处罚〔2023〕1010号",)},  # an exact term
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_an_edited_document_is_patched_to_the_files_of_a_full_export(tmp_path: Path, change):
    docs = base_documents()
    after = edit(docs, 5, **change(docs[5]))
    assert after[5] != docs[5]
    outcome, merged, clean = rebuilt(docs, after, tmp_path)
    assert not outcome.full, outcome.reason
    assert 0 < outcome.written < len(files(clean)) / 4
    assert files(merged) == files(clean)


def test_several_edited_documents_sharing_chunked_terms(tmp_path: Path):
    docs = base_documents()
    after = edit(
        edit(docs, 3, body=docs[3].body.replace("罚款", "警告")),
        40,
        body=docs[40].body.replace("责令", "江海"),
    )
    outcome, merged, clean = rebuilt(docs, after, tmp_path)
    assert not outcome.full, outcome.reason
    assert files(merged) == files(clean)


def test_a_moved_average_length_is_exported_afresh(tmp_path: Path):
    docs = base_documents()
    outcome, merged, clean = rebuilt(docs, edit(docs, 5, body=docs[5].body * 3), tmp_path)
    assert outcome.full and "average length" in outcome.reason
    assert files(merged) == files(clean)


def test_added_or_reordered_documents_are_exported_afresh(tmp_path: Path):
    docs = base_documents()
    outcome, merged, clean = rebuilt(docs, docs[:-1], tmp_path)
    assert outcome.full and "added, removed or reordered" in outcome.reason
    assert files(merged) == files(clean)


def test_a_stale_state_is_not_used(tmp_path: Path):
    docs = base_documents()
    first = full(docs, tmp_path / "first")
    assert State.load(tmp_path / "first/state.sqlite", "another-version", CODE) is None
    assert State.load(tmp_path / "first/state.sqlite", files_token(first), "other code") is None
