"""Incremental builds: only what changed is rendered, and the result equals a clean build."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcredit.outputs import freeze as freeze_module
from ipcredit.outputs import incremental, write_site
from ipcredit.progress import Progress
from ipcredit.records import Origin
from ipcredit.searchdocs import documents
from search.tokenizer import exact_key
from tests.factories import catalogue, dishonesty, penalty
from tests.search.equivalence import assert_answers_alike, assert_same_site, texts_in
from tests.trees import tree_digest


def records(changed: bool = False):
    penalties = [penalty(n) for n in range(1, 9)]
    if changed:
        penalties[3] = replace(
            penalties[3], facts="更正侵犯注册商标专用权的商品。"
        )  # same length: see search.update
    return tuple(penalties), (dishonesty(1), dishonesty(2))


def rendered_urls(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = freeze_module._freeze_share

    def spy(app, urls, static, tick):
        seen.extend(f"{e}:{v.get('record_id', '')}:{v.get('lang', '')}" for e, v in urls)
        return original(app, urls, static, tick)

    monkeypatch.setattr(freeze_module, "_freeze_share", spy)
    return seen


def test_a_rebuild_renders_only_the_changed_record_and_equals_a_clean_build(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    before, after = records(), records(changed=True)
    out = tmp_path / "public"
    write_site(catalogue(penalties=before[0], dishonesty=before[1]), out, Progress())

    seen = rendered_urls(monkeypatch)
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), out, Progress())
    details = sorted(u for u in seen if u.startswith(("penalties.detail", "dishonesty.detail")))
    changed_id = after[0][3].id
    assert details == [f"penalties.detail:{changed_id}:en", f"penalties.detail:{changed_id}:zh"]

    clean = tmp_path / "clean"
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), clean, Progress(), reuse=False)
    # Every file byte for byte but the search export, which answers alike (docs/search.md).
    assert_same_site(out, clean, documents(catalogue(penalties=after[0], dishonesty=after[1])))
    assert "更正侵犯注册商标" in (out / "penalties" / changed_id / "index.html").read_text(encoding="utf-8")


def test_a_changed_setting_renders_every_page_again(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    write_site(catalogue(penalties=penalties, dishonesty=listings), out, Progress())
    seen = rendered_urls(monkeypatch)
    cat = catalogue(penalties=penalties, dishonesty=listings)
    write_site(
        replace(cat, settings=replace(cat.settings, base_url="https://other.example/")), out, Progress()
    )
    assert sum(u.startswith("penalties.detail") for u in seen) == 2 * len(penalties)


def test_sources_read_from_another_folder_render_no_record_page_again(tmp_path, monkeypatch):
    """Where the folders are (a nightly job's checkout, a relative or an absolute path) is in every
    record's origin, for messages, but no page shows it."""
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    cat = catalogue(penalties=penalties, dishonesty=listings)
    write_site(cat, out, Progress())
    elsewhere = "/srv/checkout/cases_data"
    moved = replace(
        cat,
        authorities=tuple(
            replace(a, origin=Origin(f"{elsewhere}/authorities.yaml", a.origin.line)) for a in cat.authorities
        ),
        penalties=tuple(replace(p, origin=Origin(f"{elsewhere}/penalties/a.csv", 9)) for p in cat.penalties),
    )
    seen = rendered_urls(monkeypatch)
    write_site(moved, out, Progress())
    assert not [u for u in seen if u.startswith(("penalties.detail", "dishonesty.detail", "parties.detail"))]


@pytest.mark.parametrize("how", ["tar", "copy"])
def test_an_output_restored_elsewhere_with_its_state_is_updated_not_rebuilt(tmp_path, monkeypatch, how):
    """The nightly job restores yesterday's output and the files beside it from a cache (a tar
    archive, new inodes, hard links kept) or a backup (a plain copy): the build continues from
    it, rendering only the changed record and patching the search export, as in place."""
    from search import update

    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    before, after = records(), records(changed=True)
    for _build in range(2):  # the second leaves a spare beside the output, as every night does
        write_site(
            catalogue(penalties=before[0], dishonesty=before[1]),
            tmp_path / "yesterday" / "public",
            Progress(),
        )
    restored = tmp_path / "restored"
    if how == "tar":
        restored.mkdir()
        archive = subprocess.run(
            ["tar", "-C", tmp_path / "yesterday", "-cf", "-", "."], check=True, capture_output=True
        )
        subprocess.run(["tar", "-C", restored, "-xf", "-"], input=archive.stdout, check=True)
    else:
        shutil.copytree(tmp_path / "yesterday", restored, symlinks=True)
    full: list[int] = []
    original = update._full_export
    monkeypatch.setattr(update, "_full_export", lambda *a, **k: full.append(1) or original(*a, **k))
    seen = rendered_urls(monkeypatch)
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), restored / "public", Progress())
    details = sorted(u for u in seen if u.startswith(("penalties.detail", "dishonesty.detail")))
    changed_id = after[0][3].id
    assert details == [f"penalties.detail:{changed_id}:en", f"penalties.detail:{changed_id}:zh"]
    assert full == []
    clean = tmp_path / "clean"
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), clean, Progress(), reuse=False)
    assert_same_site(
        restored / "public", clean, documents(catalogue(penalties=after[0], dishonesty=after[1]))
    )


def test_a_search_export_older_than_its_state_is_made_afresh(tmp_path, monkeypatch, capsys):
    """A build that died after saving its search state but before switching its tree in left the
    older export served with the newer state: the next build exports afresh and says why."""
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    before, after = records(), records(changed=True)
    out = tmp_path / "public"
    write_site(catalogue(penalties=before[0], dishonesty=before[1]), out, Progress())
    older = tmp_path / "older-export"
    shutil.copytree(out / "search-index", older)
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), out, Progress())
    manifest = out / "search-index" / "manifest.json"
    manifest.unlink()  # a file is never written in place: the other tree may share it
    shutil.copyfile(older / "manifest.json", manifest)
    capsys.readouterr()
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), out, Progress())
    assert (
        "search: full export (the previous export is not the one its state describes)"
        in capsys.readouterr().err
    )
    clean = tmp_path / "clean"
    write_site(catalogue(penalties=after[0], dishonesty=after[1]), clean, Progress(), reuse=False)
    assert tree_digest(out / "search-index") == tree_digest(clean / "search-index")


def test_the_search_export_is_patched_not_rebuilt_after_an_edit(tmp_path, monkeypatch):
    from search import update

    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    write_site(catalogue(penalties=penalties, dishonesty=listings), out, Progress())
    before = tree_digest(out / "search-index")

    full: list[int] = []
    original = update._full_export
    monkeypatch.setattr(update, "_full_export", lambda *a, **k: full.append(1) or original(*a, **k))
    results = write_site(catalogue(penalties=penalties, dishonesty=listings), out, Progress())
    assert full == [] and tree_digest(out / "search-index") == before
    assert next(r for r in results if r.name == "search").files == 0

    changed, _ = records(changed=True)
    write_site(catalogue(penalties=changed, dishonesty=listings), out, Progress())
    after = tree_digest(out / "search-index")
    assert full == [] and after != before

    clean = tmp_path / "clean"
    write_site(catalogue(penalties=changed, dishonesty=listings), clean, Progress(), reuse=False)
    docs = documents(catalogue(penalties=changed, dishonesty=listings))
    assert_answers_alike(out / "search-index", clean / "search-index", docs)


def test_a_failed_incremental_build_leaves_the_output_and_its_record_untouched(tmp_path, monkeypatch):
    from ipcredit import outputs

    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    write_site(catalogue(penalties=penalties, dishonesty=listings), out, Progress())
    before = tree_digest(out)
    record = (tmp_path / ".public.build.json").read_bytes()

    def broken(_catalogue, _ctx):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "WRITERS", (*outputs.WRITERS, outputs.Writer("broken", broken)))
    changed, _ = records(changed=True)
    with pytest.raises(RuntimeError, match="disk full"):
        write_site(catalogue(penalties=changed, dishonesty=listings), out, Progress())
    assert tree_digest(out) == before
    assert (tmp_path / ".public.build.json").read_bytes() == record
    assert not (tmp_path / ".public.new").exists()


def test_a_withdrawn_record_leaves_the_updated_output(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    write_site(catalogue(penalties=penalties, dishonesty=listings), out, Progress())
    gone = penalties[2]
    assert (out / "penalties" / gone.id / "index.html").is_file()

    fewer = penalties[:2] + penalties[3:]
    write_site(catalogue(penalties=fewer, dishonesty=listings), out, Progress())
    assert not (out / "penalties" / gone.id).exists() and not (out / "en/penalties" / gone.id).exists()
    clean = tmp_path / "clean"
    write_site(catalogue(penalties=fewer, dishonesty=listings), clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(catalogue(penalties=fewer, dishonesty=listings)))


def test_a_record_page_is_rendered_again_when_only_its_first_published_changes(tmp_path, monkeypatch):
    from ipcredit.changes import follow
    from ipcredit.records import History

    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    first = catalogue(penalties=penalties, dishonesty=listings)
    write_site(first, out, Progress())
    # The same sources and as-of date, against a previous state in which one record was first
    # published a week earlier: only that record's pages (and the summaries) change.
    history = first.history
    moved = penalties[5].id
    earlier = first.as_of - timedelta(days=7)
    shown = tuple(replace(s, first_published=earlier) if s.id == moved else s for s in history.shown)
    previous = History(first.as_of, earlier, shown, (), ())
    second = follow(replace(first, history=None), previous)

    seen = rendered_urls(monkeypatch)
    write_site(second, out, Progress())
    details = sorted(u for u in seen if u.startswith(("penalties.detail", "dishonesty.detail")))
    assert details == [f"penalties.detail:{moved}:en", f"penalties.detail:{moved}:zh"]
    assert earlier.isoformat() in (out / "penalties" / moved / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    write_site(second, clean, Progress(), reuse=False)
    assert tree_digest(out) == tree_digest(clean)


def test_an_added_and_a_withdrawn_record_patch_the_search_export_and_a_full_export_says_why(
    tmp_path, monkeypatch, capsys
):
    from search import update

    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    penalties, listings = records()
    out = tmp_path / "public"
    write_site(catalogue(penalties=penalties, dishonesty=listings), out, Progress())
    assert "search: full export (no previous export)" in capsys.readouterr().err

    full: list[int] = []
    original = update._full_export
    monkeypatch.setattr(update, "_full_export", lambda *a, **k: full.append(1) or original(*a, **k))
    nightly = (*penalties[1:], penalty(9))  # one withdrawn, one published
    write_site(catalogue(penalties=nightly, dishonesty=listings), out, Progress())
    assert full == [] and "full export" not in capsys.readouterr().err
    clean = tmp_path / "clean"
    write_site(catalogue(penalties=nightly, dishonesty=listings), clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(catalogue(penalties=nightly, dishonesty=listings)))
    gone = penalties[0].decision_number  # the withdrawn record's number, whole or as a term, is in no file
    assert texts_in(out / "search-index", [gone, "=" + exact_key(gone)]) == []
    assert texts_in(out / "search-index", [nightly[0].decision_number]) != []  # (the check can fail)

    capsys.readouterr()
    full.clear()
    # 28 penalties in or out and their party's page, with the slots the night before changed:
    # 30 documents changed since the last full export.
    others = tuple(penalty(n) for n in range(20, 40))
    write_site(catalogue(penalties=others, dishonesty=listings), out, Progress())
    assert (
        full == [1]
        and "search: full export (30 documents added, removed or edited since the last full export"
        in capsys.readouterr().err
    )


PAGE_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


@given(
    pages=st.dictionaries(PAGE_TEXT, st.lists(PAGE_TEXT, min_size=2, max_size=2), max_size=8),
    search=PAGE_TEXT,
)
def test_the_record_file_is_what_json_writes_and_its_mark_the_pages_digest(pages, search):
    """The pages' JSON is made once for the mark and the file: the file must still be the JSON
    of the whole record, and read back whole."""
    record = {"pages": pages, "search": search}
    mark, data = incremental.sealed(record)
    assert mark == hashlib.sha256(json.dumps(pages, sort_keys=True).encode()).hexdigest()
    whole = {**record, "tree": mark, "format": incremental.RECORD_FORMAT}
    assert data == json.dumps(whole, sort_keys=True).encode()
    assert json.loads(data) == whole
