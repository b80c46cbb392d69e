"""The output's trees surveyed while the sources are read (``outputs.start_survey``): a build
given the survey writes what a build that walks the trees itself writes, walks neither tree
again, and ignores a survey that the recovery of a crashed build made stale."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ipcredit import outputs
from ipcredit.catalogue import Catalogue, publish
from ipcredit.outputs import assemble, incremental, start_survey, treelist, write_site
from ipcredit.outputs.assemble import Listing, Survey, spare_path, survey
from ipcredit.progress import Progress
from ipcredit.records import SourceSet
from ipcredit.searchdocs import documents
from tests.factories import AUTHORITY, penalty, settings
from tests.search.equivalence import assert_same_site
from tests.trees import site_digest

DAY = date(2026, 11, 24)


def nights(count: int) -> list:
    """A register over ``count`` nights: each adds a record, edits one and withdraws another."""
    records = [penalty(n, decision_date=date(2026, 6, n), publicity_end=None) for n in range(1, 9)]
    catalogues = []
    for k in range(count):
        day = DAY + timedelta(days=k)
        if k:
            records[k] = replace(records[k], facts=f"更正 {k}：销售侵犯注册商标专用权的商品。")
            records[-k] = replace(records[-k], withdrawn_on=day, withdrawal_reason="信用修复")
            records.append(penalty(40 + k, decision_date=day - timedelta(days=1), publicity_end=None))
        sources = SourceSet(penalties=tuple(records), authorities=(AUTHORITY,))
        catalogues.append(publish(sources, settings(), day))
    return catalogues


def spy_on(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, note: Callable[..., object]) -> None:
    """Make ``owner.name`` call ``note`` with its arguments before doing what it does."""
    original = getattr(owner, name)

    def spy(*args, **kwargs):
        note(*args, **kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)


def two_nights_built(out: Path) -> Catalogue:
    """The output after two nights (the first site now the spare); returns the third night's catalogue."""
    first, second, third = nights(3)
    write_site(first, out, Progress())
    write_site(second, out, Progress())
    return third


def assert_as_a_clean_build(out: Path, catalogue: Catalogue) -> None:
    """The site at ``out`` is what a clean build of ``catalogue`` writes (built beside it)."""
    clean = out.parent / "clean" / "public"
    write_site(catalogue, clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(catalogue))


def built_with_surveys(out: Path, catalogues: list[Catalogue]) -> None:
    """Build each of ``catalogues`` at ``out`` as the command line does: surveyed first."""
    for catalogue in catalogues:
        known = survey(out)
        write_site(catalogue, out, Progress(), surveyed=lambda known=known: known)


def trees(out: Path) -> tuple:
    return site_digest(out), site_digest(spare_path(out))


def test_nights_built_with_the_survey_equal_nights_that_walk_the_trees(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    walked, surveyed = tmp_path / "walked" / "public", tmp_path / "surveyed" / "public"
    for catalogue in nights(4):
        write_site(catalogue, walked, Progress())
        known = survey(surveyed)  # as the command line takes it, before the sources are read
        write_site(catalogue, surveyed, Progress(), surveyed=lambda known=known: known)
        assert trees(surveyed) == trees(walked)  # the served site and the spare, file for file


def test_a_build_given_the_survey_walks_neither_the_output_nor_the_spare(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    third = two_nights_built(out)
    known = survey(out)
    roots: list[Path] = []
    spy_on(monkeypatch, assemble, "_walk", lambda root, *_args, **_kwargs: roots.append(Path(root)))
    compared: list[str] = []
    monkeypatch.setattr(assemble, "_same_file", lambda a, b: compared.append(a) or False)
    write_site(third, out, Progress(), surveyed=lambda: known)
    assert roots and out not in roots and spare_path(out) not in roots  # the staging folder only
    assert compared == []  # which kept files the spare already shares, the survey said


def inode(path: Path) -> tuple[int, int]:
    found = path.lstat()
    return found.st_dev, found.st_ino


def test_the_survey_names_the_files_the_output_and_the_spare_share(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    for catalogue in nights(3):
        write_site(catalogue, out, Progress())
    spare = spare_path(out)
    made = survey(out)
    both = [name for name in made.out_files if (spare / name).exists()]
    expected = {name for name in both if inode(out / name) == inode(spare / name)}
    assert made.shared == expected
    assert expected and len(expected) < len(made.out_files)  # the night's changed pages are not
    assert "index.html" not in made.shared  # it shows the as-of date: a new file each night


# How a name stands in the two trees: the output's file linked into the spare (shared), the same
# bytes as another file, only in one tree, or a symbolic link in the spare to the output's file.
RELATIONS = ("linked", "copied", "output only", "spare only", "spare links to it", "output links to it")
NAMES = st.builds(
    "{}/{}".format, st.sampled_from(["p", "q", "r/s"]), st.sampled_from(["1.html", "2.html", "3"])
)


def make_trees(out: Path, relations: dict[str, str]) -> None:
    spare = spare_path(out)
    for name, relation in relations.items():
        for root in (out, spare):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
        made, other = (spare, out) if relation == "spare only" else (out, spare)
        if relation == "output links to it":
            (spare / name).write_text(name)
            os.symlink(spare / name, out / name)
            continue
        (made / name).write_text(name)
        if relation == "linked":
            os.link(out / name, spare / name)
        elif relation == "copied":
            (other / name).write_text(name)
        elif relation == "spare links to it":
            os.symlink(out / name, spare / name)


def shared_by_lstat(out: Path) -> frozenset[str]:
    """The files of the output (regular files) that the spare holds as the same file."""
    spare = spare_path(out)
    return frozenset(
        str(path.relative_to(out))
        for path in out.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and os.path.lexists(spare / path.relative_to(out))
        and inode(path) == inode(spare / path.relative_to(out))
    )


@hypothesis_settings(max_examples=60, deadline=None)
@given(relations=st.dictionaries(NAMES, st.sampled_from(RELATIONS), max_size=9), by_entries=st.booleans())
def test_the_survey_says_which_files_are_shared_as_lstat_would(relations, by_entries):
    # Both ways of knowing, the folders' own inode numbers and an lstat of each file, must agree
    # with lstat on every mix of links, copies, symbolic links and files only one tree holds.
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        out.mkdir()
        spare_path(out).mkdir()
        make_trees(out, relations)
        with pytest.MonkeyPatch.context() as patch:
            if not by_entries:
                patch.setattr(assemble, "entries_show_inodes", lambda *_trees: False)
            made = survey(out)
        assert made.shared == shared_by_lstat(out)
        assert made.out_files == frozenset(name for name, how in relations.items() if how not in (
            "spare only", "output links to it"))  # fmt: skip


def test_on_a_file_system_known_to_give_inode_numbers_no_file_is_checked_with_lstat(tmp_path, monkeypatch):
    out = tmp_path / "public"
    for catalogue in nights(3):
        write_site(catalogue, out, Progress())
    monkeypatch.setattr(assemble, "entries_show_inodes", lambda *_trees: True)
    compared: list[str] = []
    spy_on(monkeypatch, assemble, "_same_file", lambda a, _b: compared.append(a))
    assert survey(out).shared == shared_by_lstat(out)
    assert compared == []


def test_shared_files_checks_every_name_however_many_threads_share_them(tmp_path):
    out = tmp_path / "public"
    spare = spare_path(out)
    out.mkdir()
    spare.mkdir()
    names = [f"f{n}.html" for n in range(2500)]  # several chunks of a thousand
    for n, name in enumerate(names):
        (out / name).write_text(name)
        if n % 3 == 0:
            os.link(out / name, spare / name)
        elif n % 3 == 1:
            (spare / name).write_text(name)  # the same bytes, another file: it must be linked
    assert assemble.shared_files(out, names) == names[::3]
    assert assemble.shared_files(out, names[:10]) == names[:10:3]  # one chunk, no threads


def test_a_survey_made_stale_by_recovering_a_crashed_build_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    third = two_nights_built(out)
    # A build died in the fallback switch after its last rename but one: the spare is at .old,
    # and recovery moves it back. A survey taken before that describes trees that moved.
    os.rename(spare_path(out), assemble.old_path(out))
    stale = Survey(
        frozenset({"index.html"}),
        Listing(["no-such-file.html"], ["no-such-folder"]),
        frozenset(assemble.list_files(out)),  # every file said shared: used, none would be linked
    )
    write_site(third, out, Progress(), surveyed=lambda: stale)
    assert_as_a_clean_build(out, third)  # byte for byte, the search export by content


@pytest.mark.parametrize("spare", [True, False], ids=["with a spare", "first night"])
def test_the_survey_made_in_a_child_process_is_the_trees_as_they_are(tmp_path, monkeypatch, spare):
    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    out = tmp_path / "public"
    catalogues = nights(2 if spare else 1)
    for catalogue in catalogues:
        write_site(catalogue, out, Progress())
    task = start_survey(out)
    assert task is not None
    files = frozenset(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert task.files() == files  # the first step: the output's files alone
    made = task.survey()
    assert made.out_files == files
    expected = survey(out)
    assert made == expected and (made.spare is not None) == spare


def test_the_whole_survey_can_be_asked_for_first(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    out = tmp_path / "public"
    for catalogue in nights(2):
        write_site(catalogue, out, Progress())
    task = start_survey(out)
    assert task is not None
    assert task.survey() == survey(out)
    assert task.files() == survey(out).out_files


def test_a_night_needs_the_output_files_early_and_the_spare_only_to_fill_it(tmp_path, monkeypatch):
    # With the cache cold, the output's files come back in about half the time of both trees:
    # the night needs them to plan its pages, the spare once the pages are rendered.
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    third = two_nights_built(out)
    events: list[str] = []
    spy_on(monkeypatch, outputs, "_search_documents", lambda _catalogue: events.append("documents"))
    spy_on(monkeypatch, outputs.freeze.Freezing, "finish", lambda *_args: events.append("pages"))
    known = survey(out)

    def files() -> frozenset[str] | None:
        events.append("files")
        return known.out_files

    def surveyed() -> Survey:
        events.append("survey")
        return known

    write_site(third, out, Progress(), surveyed=surveyed, listed=files)
    assert events == ["files", "documents", "pages", "survey"]
    assert_as_a_clean_build(out, third)


def test_a_night_reads_the_build_record_once(tmp_path, monkeypatch):
    # At 100,000 records the record is 40 MB of JSON. Recovery needs it only when a crash left
    # no output; restoring, recovering and loading the previous build used to read it each.
    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    out = tmp_path / "public"
    first, second = nights(2)
    write_site(first, out, Progress())
    reads: list[Path] = []
    spy_on(monkeypatch, incremental, "read_record", reads.append)
    task = start_survey(out)
    write_site(second, out, Progress(), surveyed=task.survey, listed=task.files)
    assert len(reads) == 1


def test_a_night_waits_for_the_survey_once_for_both_trees(tmp_path, monkeypatch):
    # Without the output's files given apart (``listed``), the night waits for the whole survey
    # when it plans its pages, before it makes the search documents, and not again to fill the spare.
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    first, second = nights(2)
    write_site(first, out, Progress())
    events: list[str] = []
    spy_on(monkeypatch, outputs, "_search_documents", lambda _catalogue: events.append("documents"))

    def surveyed() -> Survey:
        events.append("survey")
        return survey(out)

    write_site(second, out, Progress(), surveyed=surveyed)
    assert events == ["survey", "documents"]  # waited for once, used twice (files, then spare)
    assert_as_a_clean_build(out, second)


# The spare's listing kept from the night before (ipcredit.outputs.treelist).


def walked_survey(out: Path, monkeypatch: pytest.MonkeyPatch) -> Survey:
    """The survey as walking both trees gives it, whatever listing is kept."""
    with monkeypatch.context() as patch:
        patch.setattr(treelist, "load", lambda _path: None)
        return survey(out)


def test_a_night_takes_its_spare_from_the_walk_the_night_before_made_of_it(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    first, second, third = nights(3)
    write_site(first, out, Progress())
    built_with_surveys(out, [second])  # the survey walked the first site and kept the walk; now the spare
    assemble.filled_path(out).unlink()  # the output is walked: the spare still is not
    roots: list[Path] = []
    spy_on(monkeypatch, assemble, "_walk", lambda root, *_args, **_kwargs: roots.append(Path(root)))
    made = survey(out)
    assert roots == [out]  # the spare was not walked
    assert made == walked_survey(out, monkeypatch)
    write_site(third, out, Progress(), surveyed=lambda: made)
    assert_as_a_clean_build(out, third)


def operations_until(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """Make the spare's filling fail at its ``count``-th change (removal, link or move)."""
    done, filling = [0], [False]

    def step(*_args: object, **_kwargs: object) -> None:
        done[0] += filling[0]
        if filling[0] and done[0] == count:
            raise OSError(5, "the disk failed")

    for name in ("_unmark", "_put", "_remove_empty_folders"):
        spy_on(monkeypatch, assemble, name, step)
    spy_on(monkeypatch, assemble.os, "unlink", step)
    fill = assemble.fill_spare

    def failing_fill(*args: object, **kwargs: object) -> object:
        filling[0] = True
        try:
            return fill(*args, **kwargs)
        finally:
            filling[0] = False

    monkeypatch.setattr(outputs, "fill_spare", failing_fill)


@hypothesis_settings(max_examples=25, deadline=None)
@example(crash=3, surveyed=False)
@given(crash=st.integers(min_value=1, max_value=40), surveyed=st.booleans())
def test_a_spare_a_failed_build_changed_is_walked_again(crash, surveyed):
    # A build that dies while filling the spare leaves it half changed; the listing kept of that
    # tree no longer describes it, whether the failed build kept a walk of its own or none.
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPCREDIT_JOBS", "1")
        out = Path(tmp) / "public"
        *before, fourth = nights(4)
        built_with_surveys(out, before)
        with patch.context() as failing:
            operations_until(failing, crash)
            known = survey(out) if surveyed else None
            with contextlib.suppress(OSError):  # the disk failed; what it left is the test
                write_site(fourth, out, Progress(), surveyed=(lambda: known) if known else None)
        made = survey(out)
        assert made == walked_survey(out, patch)
        write_site(fourth, out, Progress(), surveyed=lambda: made)
        assert_as_a_clean_build(out, fourth)


def test_a_night_walks_neither_tree_once_the_nights_before_listed_both(tmp_path, monkeypatch):
    # The night before kept a listing of the tree it filled (now the output), and the one before
    # that of its output (now the spare).
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    *before, fourth = nights(4)
    built_with_surveys(out, before)
    roots: list[Path] = []
    spy_on(monkeypatch, assemble, "_walk", lambda root, *_args, **_kwargs: roots.append(Path(root)))
    made = survey(out)
    assert roots == []
    assert made == walked_survey(out, monkeypatch)
    write_site(fourth, out, Progress(), surveyed=lambda: made)
    assert_as_a_clean_build(out, fourth)


def as_found(listing: treelist.Walked | None) -> tuple:
    """What a listing says, whatever the order of its names."""
    assert listing is not None
    entries = dict(zip(listing.entries, listing.inodes, strict=True))
    folders = dict(zip(listing.folders, listing.stamps, strict=True))
    return listing.tree, listing.top, entries, folders


RECORDS = st.integers(min_value=1, max_value=12)
NIGHT = st.lists(st.tuples(st.sampled_from(["add", "edit", "withdraw"]), RECORDS), max_size=4)


@hypothesis_settings(max_examples=20, deadline=None)
@example(changes=[[("withdraw", 1), ("withdraw", 2)], [("add", 1)], [], [("edit", 3)]])
@given(changes=st.lists(NIGHT, min_size=1, max_size=4))
def test_the_listing_kept_of_a_filled_tree_is_what_a_walk_finds(changes):
    """Records added, edited and withdrawn (their folders made and removed) over nights: the
    listing each night keeps of the tree it filled is the tree as a walk finds it."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPCREDIT_JOBS", "1")
        out = Path(tmp) / "public"
        records = {n: penalty(n, decision_date=date(2026, 6, n), publicity_end=None) for n in range(1, 7)}
        catalogues = []
        for k, night in enumerate([[], *changes]):
            day = DAY + timedelta(days=k)
            for change, n in night:
                if change == "add" or n not in records:
                    records[n] = penalty(n, decision_date=day - timedelta(days=1), publicity_end=None)
                elif change == "edit":
                    records[n] = replace(records[n], facts=f"更正 {k}：销售侵犯注册商标专用权的商品。")
                else:
                    del records[n]
            sources = SourceSet(penalties=tuple(records.values()), authorities=(AUTHORITY,))
            catalogues.append(publish(sources, settings(), day))
        for night, catalogue in enumerate(catalogues):
            built_with_surveys(out, [catalogue])
            filled = treelist.load(assemble.filled_path(out))
            if night:  # every night fills the spare (made anew on the first), and lists it
                assert as_found(filled) == as_found(assemble._walked(out))
            else:  # a first build makes the site whole: nothing filled
                assert filled is None
        assert_as_a_clean_build(out, catalogues[-1])


def test_a_copy_of_the_spare_is_walked_not_taken_from_the_listing(tmp_path, monkeypatch):
    # A site restored from a cache or a backup is a copy: other files, though the same bytes.
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    built_with_surveys(out, nights(2))
    spare = spare_path(out)
    copy = tmp_path / "copy"
    shutil.copytree(spare, copy, symlinks=True)
    shutil.rmtree(spare)
    (copy / "restored-by-hand.html").write_text("not of this build")
    os.rename(copy, spare)
    made = survey(out)
    assert made.spare is not None and "restored-by-hand.html" in made.spare.entries
    assert made == walked_survey(out, monkeypatch)


SAFE_PART = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1)
NAME = st.one_of(
    st.lists(SAFE_PART, min_size=1, max_size=3).map("/".join),
    st.text(st.sampled_from(["a", ".", "/", "\x00", "é"]), max_size=6),  # the edges of a path
)


@hypothesis_settings(max_examples=100, deadline=None)
@example(entries=["a\x00b"], folders=[], tree=[1, 2, 3], extra={})  # NUL: a part's end to the system
@example(entries=["a"], folders=["b/../.."], tree=[1, 2, 3], extra={})
@example(entries=[".."], folders=[], tree=[1, 2, 3], extra={})
@example(entries=["a/../x"], folders=["a", "a/.."], tree=[1, 2, 3], extra={})
@example(entries=["etc/passwd"], folders=[], tree=[1, 2, 3], extra={})  # "etc" may be a link
@example(entries=["a/b", "c"], folders=["a"], tree=[1, 2, 3], extra={})  # a listing that loads
@given(
    entries=st.lists(NAME, max_size=5),
    folders=st.lists(NAME, max_size=3),
    tree=st.lists(st.integers(), min_size=2, max_size=4),
    extra=st.dictionaries(
        st.sampled_from(["format", "inodes", "top", "stamps"]), st.none() | st.integers() | st.text()
    ),
)
def test_a_kept_listing_names_only_paths_inside_the_tree(entries, folders, tree, extra):
    # The listing is read from beside the output: whatever it holds, the build either walks the
    # spare (None) or gets names it can join to the spare's path without leaving it.
    data = {
        "format": 1,
        "tree": tree,
        "top": 5,
        "entries": entries,
        "inodes": list(range(len(entries))),
        "folders": folders,
        "stamps": [7] * len(folders),
    }
    data.update(extra)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".public.listing"
        path.write_text(json.dumps(data))
        found = treelist.load(path)
    if found is None:
        return
    assert len(found.tree) == 3 and len(found.entries) == len(found.inodes)
    assert len(found.folders) == len(found.stamps)
    for name in (*found.entries, *found.folders):
        parts = name.split("/")
        assert "\x00" not in name and not name.startswith("/")
        assert all(part not in ("", ".", "..") for part in parts), name
        # Every folder on the way is listed: the night checks each is still a real folder.
        assert all("/".join(parts[:n]) in found.folders for n in range(1, len(parts))), name


def test_a_listing_this_code_wrote_reads_back_the_same(tmp_path):
    walked = treelist.Walked((1, 2, 3), 4, ["a/b.html", "c", "a/d/e"], [5, 6, 7], ["a", "a/d"], [8, 9])
    path = tmp_path / ".public.listing"
    path.write_bytes(treelist.encoded(walked))
    assert treelist.load(path) == walked


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"format": 2}',
        b"[" * 100_000,
        b'{"format": 1, "tree": [1, 2]}',
    ],
    ids=["empty", "text", "not UTF-8", "a list", "another format", "deep", "no entries"],
)
def test_a_damaged_listing_makes_the_spare_walked(tmp_path, monkeypatch, content):
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    built_with_surveys(out, nights(2))
    assemble.listing_path(out).write_bytes(content)
    assert survey(out) == walked_survey(out, monkeypatch)


# What someone may do to the spare by hand, each through its own folder's entries.
EDITS = st.sampled_from(
    ["add a file", "remove a file", "replace a file", "remove a folder", "add a folder", "rename a file"]
)


def edit_by_hand(spare: Path, edit: str, pick: int) -> None:
    files = sorted(p for p in spare.rglob("*") if p.is_file() and p.name != assemble.TREE_MARK)
    folders = sorted(p for p in spare.rglob("*") if p.is_dir())
    file, folder = files[pick % len(files)], folders[pick % len(folders)]
    if edit == "add a file":
        (folder / "by-hand.html").write_text("not of this build")
    elif edit == "remove a file":
        file.unlink()
    elif edit == "replace a file":
        replacement = file.with_name(file.name + ".new")
        replacement.write_bytes(file.read_bytes())
        os.replace(replacement, file)  # the same bytes, another file: no longer the output's own
    elif edit == "remove a folder":
        shutil.rmtree(folder)
    elif edit == "add a folder":
        (folder / "by-hand").mkdir()
    else:
        file.rename(file.with_name("renamed-" + file.name))


@hypothesis_settings(max_examples=40, deadline=None)
@given(edit=EDITS, pick=st.integers(min_value=0, max_value=10_000), served=st.booleans())
def test_a_tree_edited_by_hand_is_walked_again(edit, pick, served):
    # The spare (listed by the night before's walk of it) or the output (listed when filled).
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPCREDIT_JOBS", "1")
        out = Path(tmp) / "public"
        *before, third = nights(4)
        built_with_surveys(out, before)
        assert assemble.filled_path(out).exists() and assemble.listing_path(out).exists()
        edit_by_hand(out if served else spare_path(out), edit, pick)
        made = survey(out)
        assert made == walked_survey(out, patch)
        write_site(third, out, Progress(), surveyed=lambda: made)
        assert_as_a_clean_build(out, third)
