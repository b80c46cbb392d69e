"""Where a build may write: every --out that would destroy sources or foreign files is refused (exit 2)."""

from __future__ import annotations

import hashlib
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.cli import main
from ipcredit.outputs import guard
from ipcredit.outputs.guard import OutputLock, Refused, check_output
from tests.conftest import AUTHORITIES_YAML, SITE_YAML, document, write

ROOT = Path(__file__).resolve().parents[2]


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (hidden ones and .git included) with its hash."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def sources(root: Path) -> tuple[Path, Path]:
    content, data = root / "content", root / "cases_data"
    write(content, "site.yaml", SITE_YAML)
    write(content, "pages/about.md", document("title: 关于本站\norder: 1"))
    write(data, "authorities.yaml", AUTHORITIES_YAML)
    return content, data


def build(capsys, content: Path, data: Path, out: Path | str, *more: str) -> tuple[int, str]:
    code = main(["build", "--content", str(content), "--data", str(data), "--out", str(out), *more])
    return code, capsys.readouterr().err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree holding the sources, as the working directory."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    sources(root)
    monkeypatch.chdir(root)
    return root


def assert_refused(capsys, repo: Path, out: Path | str, *words: str) -> str:
    before = snapshot(repo)
    code, err = build(capsys, repo / "content", repo / "cases_data", out)
    assert code == 2, err
    assert err.startswith("error: --out"), err
    for word in words:
        assert word in err, err
    assert snapshot(repo) == before
    return err


def test_out_at_the_content_folder_is_refused(capsys, repo):
    assert_refused(capsys, repo, "content", "源目录", "source folder")


def test_out_at_the_repository_root_is_refused(capsys, repo):
    assert_refused(capsys, repo, ".", "repository")
    assert (repo / ".git" / "HEAD").is_file()


def test_out_inside_the_data_folder_or_inside_git_is_refused(capsys, repo):
    assert_refused(capsys, repo, "cases_data/site", "source folder")
    assert_refused(capsys, repo, ".git/site", ".git")


def test_out_containing_the_sources_or_the_project_is_refused(capsys, repo, tmp_path):
    assert_refused(capsys, repo, tmp_path, "source folder")
    assert_refused(capsys, repo, "/", "/")
    # The folder holding the project: refused as containing the repository, or first as containing
    # the sources when the test's own folders happen to lie in it too (a clone in /tmp, say).
    with pytest.raises(Refused, match=r"repository|source folder"):
        check_output(ROOT.parent, [repo / "content", repo / "cases_data"])
    with pytest.raises(Refused, match="repository"):
        check_output(ROOT, [repo / "content", repo / "cases_data"])


def test_a_folder_holding_other_files_is_refused_but_an_empty_or_new_one_is_built(capsys, repo, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "holiday.jpg").write_bytes(b"\xff\xd8")
    err = assert_refused(capsys, repo, photos, "not empty", "earlier build")
    assert (photos / "holiday.jpg").read_bytes() == b"\xff\xd8", err
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (empty, tmp_path / "new" / "site", repo / "public"):
        code, err = build(capsys, repo / "content", repo / "cases_data", out, "--as-of", "2026-01-01")
        assert code == 0, err
        assert (out / "index.html").is_file()
    # An earlier build of this tool is replaced, whatever its record says.
    (tmp_path / ".empty.build.json").write_text("garbage", encoding="utf-8")
    assert build(capsys, repo / "content", repo / "cases_data", empty, "--as-of", "2026-01-02")[0] == 0


def test_symbolic_links_are_resolved_before_comparing(capsys, repo, tmp_path):
    (tmp_path / "link").symlink_to(repo / "content")
    assert_refused(capsys, repo, tmp_path / "link", "source folder")
    (tmp_path / "up").symlink_to(repo / "cases_data")
    assert_refused(capsys, repo, tmp_path / "up" / ".." / "content", "source folder")
    assert_refused(capsys, repo, tmp_path / "up" / "public", "source folder")
    # The build's own files beside --out may not lead into the sources either.
    (tmp_path / "site").mkdir()
    (tmp_path / ".site.spare").symlink_to(repo / "content")
    assert_refused(capsys, repo, tmp_path / "site", "source folder")


def test_a_symlinked_lock_or_leftover_cannot_reach_other_files(capsys, repo, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / ".public.lock").symlink_to(victim)
    code, err = build(capsys, repo / "content", repo / "cases_data", tmp_path / "public")
    assert code == 2 and "lock" in err, err
    assert victim.read_text(encoding="utf-8") == "keep me"
    (tmp_path / ".public.lock").unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "file.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / ".public.old").symlink_to(elsewhere)
    (tmp_path / ".public.new").symlink_to(elsewhere)
    code, err = build(
        capsys, repo / "content", repo / "cases_data", tmp_path / "public", "--as-of", "2026-01-01"
    )
    assert code == 0, err
    assert (elsewhere / "file.txt").read_text(encoding="utf-8") == "keep me"
    assert not os.path.lexists(tmp_path / ".public.old")


def test_a_second_build_of_one_output_fails_at_once_with_the_holder_named(capsys, repo, tmp_path):
    out = tmp_path / "public"
    assert build(capsys, repo / "content", repo / "cases_data", out, "--as-of", "2026-01-01")[0] == 0
    before = snapshot(out)
    holder = OutputLock(guard.resolved(out))
    holder.acquire()
    try:
        code, err = build(capsys, repo / "content", repo / "cases_data", out, "--as-of", "2026-01-02")
    finally:
        holder.release()
    assert code == 2
    assert f"process {os.getpid()}" in err and "--wait" in err, err
    assert snapshot(out) == before


@pytest.mark.slow
def test_wait_queues_behind_the_running_build(repo, tmp_path):
    out = tmp_path / "public"
    holder = OutputLock(guard.resolved(out))
    holder.acquire()
    command = [sys.executable, str(ROOT / "build.py"), "--content", "content", "--data", "cases_data"]
    command += ["--out", str(out), "--as-of", "2026-01-01", "--wait"]
    process = subprocess.Popen(command, cwd=repo, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        first = process.stderr.readline()  # printed once it finds the lock taken
        assert "waiting" in first, first
        assert not out.exists()
    finally:
        holder.release()
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert (out / "index.html").is_file()


# ---- property: wherever --out is, no source file is ever lost or changed --------------------

NAMES = st.sampled_from(["content", "cases_data", "public", "site", "pages", ".git", "x"])
PLACES = st.lists(NAMES, min_size=0, max_size=3)


@st.composite
def layouts(draw: st.DrawFn) -> dict:
    return {
        "out": draw(PLACES),  # path components below the scratch root
        "up": draw(st.integers(0, 2)),  # ".." components appended
        "link": draw(st.sampled_from([None, "content", "cases_data", "root", "elsewhere"])),
        "foreign": draw(st.booleans()),  # out already holds a file of someone else
        "earlier": draw(st.booleans()),  # out was built before
        "junk": draw(st.text(string.ascii_letters, min_size=1, max_size=5)),
    }


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=layouts())
def test_any_out_either_builds_or_is_refused_and_never_touches_a_source(tmp_path_factory, capsys, layout):
    scratch = tmp_path_factory.mktemp("layout")
    repo = scratch / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref\n")
    content, data = sources(repo)
    (scratch / "elsewhere").mkdir()
    out = repo.joinpath(*layout["out"])
    if layout["link"]:
        target = {"content": content, "cases_data": data, "root": repo}.get(
            layout["link"], scratch / "elsewhere"
        )
        link = scratch / "link"
        link.symlink_to(target)
        out = link.joinpath(*layout["out"])
    out = Path(os.path.join(out, *[".."] * layout["up"])) if layout["up"] else out
    earlier = layout["earlier"] and build(capsys, content, data, out, "--as-of", "2026-01-01")[0] == 0
    if layout["foreign"]:
        try:
            Path(os.path.realpath(out)).mkdir(parents=True, exist_ok=True)
            (Path(os.path.realpath(out)) / f"{layout['junk']}.keep").write_text("mine")
        except OSError:
            pass
    sources_before = {**snapshot(content), **{f"d/{k}": v for k, v in snapshot(data).items()}}
    git_before = snapshot(repo / ".git")
    foreign = {p: p.read_bytes() for p in scratch.rglob("*.keep")}
    code, err = build(capsys, content, data, out, "--as-of", "2026-01-02")
    assert code in (0, 2), err
    if code == 2:
        assert err.startswith("error: --out"), err
    else:
        assert (Path(os.path.realpath(out)) / "index.html").is_file()
    assert {**snapshot(content), **{f"d/{k}": v for k, v in snapshot(data).items()}} == sources_before
    assert snapshot(repo / ".git") == git_before
    if code == 2 or not earlier:  # only an earlier build's output is replaced, with what it held
        assert {p: p.read_bytes() for p in foreign} == foreign
