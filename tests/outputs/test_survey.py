"""The output's trees surveyed while the sources are read (``outputs.start_survey``): a build
given the survey writes what a build that walks the trees itself writes, walks neither tree
again, and ignores a survey that the recovery of a crashed build made stale."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ipcredit import outputs
from ipcredit.catalogue import Catalogue, publish
from ipcredit.outputs import assemble, incremental, start_survey, write_site
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
    clean = tmp_path / "clean" / "public"
    write_site(third, clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(third))  # byte for byte, the search export by content


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
    # the night needs them once the search documents are made, the spare after the pages.
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    out = tmp_path / "public"
    third = two_nights_built(out)
    events: list[str] = []
    spy_on(monkeypatch, outputs, "_search_documents", lambda _catalogue: events.append("documents"))
    spy_on(monkeypatch, outputs.freeze, "freeze", lambda *_args: events.append("pages"))
    known = survey(out)

    def files() -> frozenset[str] | None:
        events.append("files")
        return known.out_files

    def surveyed() -> Survey:
        events.append("survey")
        return known

    write_site(third, out, Progress(), surveyed=surveyed, listed=files)
    assert events == ["documents", "files", "pages", "survey"]
    clean = tmp_path / "clean" / "public"
    write_site(third, clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(third))


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


def test_a_night_waits_for_the_survey_only_once_the_search_documents_are_made(tmp_path, monkeypatch):
    # The survey's process walks the trees while this one makes the search documents (seconds at
    # 100,000 records): on a cold disk the walks wait on it, and waiting for them first made the
    # night wait as long (docs/scale.md).
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
    assert events == ["documents", "survey"]  # waited for once, used twice (files, then spare)
    clean = tmp_path / "clean" / "public"
    write_site(second, clean, Progress(), reuse=False)
    assert_same_site(out, clean, documents(second))
