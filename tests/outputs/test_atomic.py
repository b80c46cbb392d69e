"""The served folder is always a whole site, the old one or the new one, whenever the build dies.

Fault injection: a forked child runs the update with every file operation
(link, rename, replace, unlink, rmdir, mkdir, open, the atomic exchange, the
search state's save) wrapped, and dies with ``os._exit`` — as ``kill -9``
would leave it — just before operation N, for every N. After each crash the
served folder must be byte-for-byte the old site or the new one (files and
empty folders), and the next build must recover and produce exactly the new
site. (A power cut also loses what was not flushed; the fsyncs that prevent
that are not observable here, the page cache survives a process's death.)

A crash costs a few hundredths of a second, the next build half a second, so
the next build runs once per distinct leftover state (:func:`leftover`: the
same state gives the same build, which is deterministic) and, in the slow
test, at chosen points only: see its docstring.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import stat
import subprocess
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ipcredit import outputs
from ipcredit.outputs import BuildContext, assemble, write_site
from ipcredit.progress import Progress
from search.update import State
from tests.factories import catalogue, dishonesty, penalty, settings
from tests.search.equivalence import outside_export
from tests.trees import site_digest

CRASHED = 86
OPERATIONS = (
    (os, "link"),
    (os, "rename"),
    (os, "replace"),
    (os, "unlink"),
    (os, "rmdir"),
    (os, "mkdir"),
    (os, "open"),
    (assemble, "exchange"),
    (State, "save"),
)


def sites():
    """Three small sites: one with a record more, then the site before and after an agency corrects
    one record (the same length: the search export is patched)."""
    penalties = [penalty(n) for n in range(1, 5)]
    small = {"dishonesty": (dishonesty(1),), "settings": settings(page_size=50)}
    earlier = catalogue(penalties=tuple(penalties), **small)
    old = catalogue(penalties=tuple(penalties[:3]), **small)
    penalties[1] = replace(penalties[1], facts="更正侵犯注册商标专用权的商品。")
    return earlier, old, catalogue(penalties=tuple(penalties[:3]), **small)


def in_child(action: Callable[[], None], crash_at: int | None = None, log: Path | None = None) -> int:
    """Run ``action`` in a forked child, dying just before file operation ``crash_at``; its exit status.

    With ``log``, the child writes the name of every operation it performs there.
    """
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            names: list[str] = []
            _instrument(crash_at, names)
            action()
            if log:
                log.write_text("\n".join(names), encoding="utf-8")
            os._exit(0)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _instrument(crash_at: int | None, names: list[str]) -> None:
    for owner, name in OPERATIONS:
        original = getattr(owner, name)

        def operation(*args, _original=original, _name=name, **kwargs):
            names.append(_name)
            if len(names) == crash_at:
                os._exit(CRASHED)
            return _original(*args, **kwargs)

        setattr(owner, name, operation)


class World:
    """An output folder with an old build (and an earlier one as the spare) for which a new build
    was staged, frozen just before the update; restored afresh for each crash."""

    def __init__(self, root: Path, reuse: bool, atomic: bool = True) -> None:
        self.root, self.reuse, self.atomic = root, reuse, atomic
        self.restored: set[int] = set()  # crash points that left no output, for the next build to restore
        self.contents = Contents()
        self.dir, self.saved = root / "world", root / "saved"
        self.out = self.dir / "public"
        earlier, old, self.new = sites()
        write_site(earlier, self.out, Progress())
        write_site(old, self.out, Progress())  # the earlier site is now the spare
        self.old_site = site_digest(self.out)
        assert leftover(self.dir, self.contents)[1] == self.old_site  # the two readings agree
        write_site(self.new, root / "clean" / "public", Progress(), reuse=False)
        clean = site_digest(root / "clean" / "public")
        assert self.old_site != clean
        self.ctx = self._stage()
        # The new site as an update makes it: its search export patched (search.update), which
        # answers as the clean build's does but is not the same bytes. A build that finds the
        # search state already saved for a site it never switched in exports afresh: the clean one.
        self.restore()
        write_site(self.new, self.out, Progress())
        updated = site_digest(self.out)
        assert leftover(self.dir, self.contents)[1] == updated
        assert outside_export(updated) == outside_export(clean)
        self.new_sites = (updated, clean)

    def _stage(self) -> BuildContext:
        caught: list[BuildContext] = []

        class Staged(Exception):
            pass

        def freeze_here(ctx: BuildContext) -> None:
            subprocess.run(["cp", "-a", self.dir, self.saved], check=True)  # hard links kept
            caught.append(ctx)
            raise Staged

        original, outputs.place = outputs.place, freeze_here
        try:
            with pytest.raises(Staged):
                write_site(self.new, self.out, Progress(), reuse=self.reuse)
        finally:
            outputs.place = original
        return caught[0]

    def restore(self) -> None:
        """Put back the world as staged (a copy: the trees' marks travel with them, as in a restore
        from a cache)."""
        shutil.rmtree(self.dir)
        # Hard links are enough (and keep the output and the spare sharing files as they did): a
        # build never writes into a file in place, except the search state and the lock (its
        # holder's process id), which are copied; so is a full export's state saved aside, which
        # becomes the search state.
        shutil.copytree(self.saved, self.dir, symlinks=True, copy_function=os.link)
        for name in (".public.search.sqlite", ".public.lock", ".public.search.sqlite.new"):
            if (self.saved / name).exists():
                (self.dir / name).unlink()
                shutil.copy2(self.saved / name, self.dir / name)

    def update(self) -> None:
        """What write_site does from the finished stage on (``place``, then the staging folder's removal)."""
        if not self.atomic:
            assemble.exchange = lambda _a, _b: False  # a system without renameat2: the fallback
        try:
            outputs.place(self.ctx)
        finally:
            assemble.remove(self.ctx.stage)

    def operations(self) -> list[str]:
        self.restore()
        log = self.root / "operations"
        assert in_child(self.update, log=log) == 0
        assert site_digest(self.out) in self.new_sites
        return log.read_text(encoding="utf-8").split("\n")

    def crash(self, n: int) -> tuple[str, str]:
        """Restore the staged world and run the update until it dies just before operation ``n``;
        the served folder must then be a whole site. What the crash left (see :func:`leftover`)."""
        self.restore()
        status = in_child(self.update, crash_at=n)
        assert status == CRASHED, f"operation {n}: the child exited {status}"
        left, served = leftover(self.dir, self.contents)
        if served is None and not self.atomic:  # the fallback's window between its two renames
            assert os.path.isdir(self.dir / ".public.old"), f"nothing to restore after operation {n}"
            self.restored.add(n)
        else:
            assert served == self.old_site or served in self.new_sites, f"a mixture after operation {n}"
        return left

    def recover(self, n: int) -> None:
        """The next build, on what the crash before operation ``n`` left: exactly the new site."""
        assert in_child(lambda: write_site(self.new, self.out, Progress())) == 0, f"recovery after {n}"
        assert leftover(self.dir, self.contents)[1] in self.new_sites, (
            f"the build after a crash at {n} is wrong"
        )
        leftovers = {p.name for p in self.dir.iterdir()} - {"public", ".public.lock", ".public.spare"}
        assert leftovers <= {".public.build.json", ".public.search.sqlite"}, leftovers

    def crash_and_recover(self, n: int) -> None:
        self.crash(n)
        self.recover(n)


INSIDE_UNREAD = (".public.new", ".public.spare")  # folders whose entries a build never trusts


class Contents:
    """Files' SHA-256 by identity (device, inode, size, modification time). The world is restored
    with hard links and a build never writes into a file in place, so most files a crash leaves
    are the same few hundred files again: each is read once, not after every crash."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, int, int, int], str] = {}

    def sha256(self, path: str, info: os.stat_result) -> str:
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        if key not in self.known:
            with open(path, "rb") as file:
                self.known[key] = hashlib.file_digest(file, "sha256").hexdigest()
        return self.known[key]


def leftover(folder: Path, contents: Contents) -> tuple[tuple[str, str], dict[str, str] | None]:
    """What a crash left in ``folder`` as two digests, the whole of it and its kind; and the served
    site in it, as :func:`tests.trees.site_digest` gives it (None when there is no ``public``).

    The whole is every entry below ``folder``, hidden ones and empty folders included: each one's
    path, type and mode, a file's bytes and which paths are hard links to one file (named by the
    group's first path, not by inode numbers) and a symbolic link's target. The kind is the same
    without the entries inside the staging folder and the spare (whether they exist counts, and
    the spare's mark: the record may name it) and without the links: what decides the next
    build's output.
    """
    entries, empty = [], set()
    for top, folders, files in os.walk(folder):
        if not folders and not files:
            empty.add(os.path.relpath(top, folder))
        for name in folders + files:
            path = os.path.join(top, name)
            entries.append((os.path.relpath(path, folder), path, os.lstat(path)))
    entries.sort()
    first: dict[tuple[int, int], str] = {}
    for relative, _path, info in entries:
        first.setdefault((info.st_dev, info.st_ino), relative)
    whole, kind = hashlib.sha256(), hashlib.sha256()
    served: dict[str, str] | None = None
    for relative, path, info in entries:
        top, _, inside = relative.partition(os.sep)
        if stat.S_ISREG(info.st_mode):
            sha256 = contents.sha256(path, info)
            entry = f"file {sha256}"
        elif stat.S_ISLNK(info.st_mode):
            entry = f"symlink {os.readlink(path)}"
        else:
            entry = "folder" if stat.S_ISDIR(info.st_mode) else "other"
        if relative == "public" and entry == "folder":
            served = {}
        elif top == "public" and served is not None:
            if not entry.startswith("folder"):
                served[inside] = sha256 if entry.startswith("file") else entry  # a site has no links
            elif relative in empty:
                served[f"{inside}/"] = "empty folder"
        line = f"{relative}\0{entry}\0{stat.S_IMODE(info.st_mode):o}\0"
        if (
            top not in INSIDE_UNREAD
            or not inside
            or (top == ".public.spare" and inside == assemble.TREE_MARK)
        ):
            kind.update(line.encode())
        whole.update(f"{line}{first[info.st_dev, info.st_ino]}\n".encode())
    return (whole.hexdigest(), kind.hexdigest()), None if served is None else dict(sorted(served.items()))


def sample(names: list[str]) -> list[int]:
    """Crash points for the quick test (1-based): the first and last operation of each kind, and
    every operation from the search state's save to the first one after the exchange."""
    picked = {len(names)}
    picked.update(names.index(kind) + 1 for kind in set(names))
    switch = names.index("exchange") if "exchange" in names else len(names) - names[::-1].index("rename") - 1
    picked.update(range(names.index("save") + 1, switch + 3))
    return sorted(n for n in picked if n <= len(names))


def loops(names: list[str]) -> dict[int, str]:
    """For each crash point, the last operation done that changes the folders (an open of a file
    that stays unchanged does not): which loop of the update the crash cut short."""
    done, found = "", {}
    for n, name in enumerate(names, 1):
        found[n] = done
        done = done if name == "open" else name
    return found


def recovery_points(
    left: dict[int, tuple[str, str]], chance: random.Random | None, loop: dict[int, str] | None = None
) -> list[int]:
    """Which crash points to run the next build after, given what each left (:func:`leftover`).

    With no ``chance``, one for each distinct leftover state. Otherwise, in each run of consecutive
    points of one kind of leftover and one ``loop``, its first and last point and
    ``RANDOM_PER_RUN`` drawn between them; of those, again one for each distinct state.
    """
    runs: list[list[int]] = []
    key = {n: (kind, (loop or {}).get(n)) for n, (_whole, kind) in left.items()}
    for n in left:
        if runs and key[runs[-1][-1]] == key[n]:
            runs[-1].append(n)
        else:
            runs.append([n])
    points = set(left)
    if chance is not None:
        points = set()
        for run in runs:
            inside = run[1:-1]
            points.update((run[0], run[-1], *chance.sample(inside, min(RANDOM_PER_RUN, len(inside)))))
    chosen: dict[str, int] = {}
    for n in sorted(points):
        chosen.setdefault(left[n][0], n)
    return sorted(chosen.values())


def crash_then_recover(
    world: World, points: list[int], chance: random.Random | None, loop: dict[int, str] | None = None
) -> dict[int, tuple[str, str]]:
    """Crash before each of ``points`` (checking the served folder every time), then crash again
    and run the next build at the :func:`recovery_points` among them; what each crash left."""
    left = {n: world.crash(n) for n in points}
    chosen = recovery_points(left, chance, loop)
    for n in chosen:
        assert world.crash(n) == left[n], f"the crash before operation {n} left another state this time"
        world.recover(n)
    print(f"{len(points)} crashes, {len(set(left.values()))} distinct leftovers, {len(chosen)} next builds")
    return left


RANDOM_PER_RUN = 8
EVERY_STATE = "IPCREDIT_RECOVER_EVERY_STATE"  # set (to 1): a build after every distinct leftover


@pytest.fixture
def jobs1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCREDIT_JOBS", "1")


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder for a world, in memory (tmpfs) where the system has one. The crashes here are a
    process's death, which leaves the page cache as it was: the update's fsyncs change nothing
    the test sees, and on a disk shared with other work they (and the journal they wait for)
    took most of its time."""
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK | os.X_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="ipcredit-atomic-", dir=memory))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_a_crash_at_each_kind_of_operation_leaves_a_whole_site(scratch, jobs1, atomic):
    world = World(scratch, reuse=True, atomic=atomic)
    names = world.operations()
    assert {"link", "save", "replace", "unlink", "rmdir"} <= set(names)  # links to the old tree, stale files
    assert ("exchange" in names) == atomic
    crash_then_recover(world, sample(names), None)
    assert len(world.restored) == (0 if atomic else 1)


@pytest.mark.slow
@pytest.mark.parametrize("reuse", [True, False], ids=["update", "clean"])
def test_a_crash_at_every_operation_of_the_update_leaves_a_whole_site(scratch, jobs1, reuse):
    """The served folder is checked after a crash at every operation; the next build runs after
    the first and the last crash of each run of one kind of leftover cut in one loop of the
    update, and 8 seeded random ones between (``IPCREDIT_RECOVER_EVERY_STATE=1``: after every
    distinct leftover, about 4 minutes).

    Why that proves what a build after every crash would: what the next build writes depends on
    the kind (:func:`leftover`): the served tree, the build record (and its temporary file), the
    search state, which folders exist beside the output, and ``.public.old``'s contents. Inside
    the staging folder and the spare it reads nothing it trusts: ``recover`` deletes the staging
    folder whole, and ``fill_spare`` takes each entry of the spare on its own (removed, linked
    or replaced by what the new site wants; only a file that is already the output's own, the
    same inode, is left as found; these builds run in one process, without the survey, whose
    listing of the spare kept from the night before is tested in test_survey.py: filling a
    spare removes its mark first, so a crash there makes the next night walk it). Within a run
    of one kind and one loop (:func:`loops`: the stale files' removal, their folders', the
    links, the moves, the staging folder's removal)
    the leftovers differ only in how far that loop got, so the next build's decisions are the
    same along the run, and the run's ends and random points inside test how a partial loop is
    handled. (Runs of one kind alone were too coarse: a spare cut between the stale files'
    removal and their folders' was missed.) What only the exhaustive run could catch is a fault
    in one particular entry of a half-moved spare, which no code path singles out; the quick
    test covers every operation of the switch itself.
    """
    world = World(scratch, reuse)
    names = world.operations()
    every = os.environ.get(EVERY_STATE, "") not in ("", "0")
    chance = None if every else random.Random(f"atomic {reuse}")
    left = crash_then_recover(world, list(range(1, len(names) + 1)), chance, loops(names))
    kinds = {kind for _whole, kind in left.values()}
    # The spare filled, the search state saved, the record's temporary file written, the record
    # committed, the switch: each starts another kind of leftover.
    assert len(kinds) >= 5, kinds


def test_a_full_disk_fails_the_build_with_a_message_and_leaves_the_site(source_tree, capsys, tmp_path, jobs1):
    import errno

    from ipcredit.cli import main

    content, data = source_tree()
    out = tmp_path / "public"
    options = ["--content", str(content), "--data", str(data), "--out", str(out)]
    assert main([*options, "--as-of", "2026-01-01"]) == 0
    before = site_digest(out)
    capsys.readouterr()

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assemble, "sync_tree", full_disk)  # the last step before the switch
        assert main([*options, "--as-of", "2026-01-02"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err, err
    assert site_digest(out) == before
    assert not (tmp_path / ".public.new").exists()
    assert main([*options, "--as-of", "2026-01-02"]) == 0
    assert site_digest(out) != before


TARGETS = (
    "missing",
    "no parent folder",
    "file",
    "symbolic link",
    "dangling link",
    "empty folder",
    "full folder",
)


def _make_target(target: Path, kind: str) -> None:
    if kind != "no parent folder":
        target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "file":
        target.write_text("yesterday's page")
    elif kind == "symbolic link":
        (target.parent / "elsewhere").write_text("not ours")
        target.symlink_to(target.parent / "elsewhere")
    elif kind == "dangling link":
        target.symlink_to(target.parent / "gone")
    elif kind in ("empty folder", "full folder"):
        target.mkdir()
        if kind == "full folder":
            (target / "index.html").write_text("a withdrawn record's page")


@pytest.mark.parametrize("kind", TARGETS)
@pytest.mark.parametrize("how", ["link", "move"])
def test_a_file_is_put_in_place_whatever_stands_there(tmp_path, kind, how):
    # Filling the spare links or moves each file over whatever holds its name (a page of the
    # build before, a folder a withdrawn record left): the name is then the new file itself.
    source, target = tmp_path / "stage" / "page.html", tmp_path / "spare" / "penalties" / "x" / "index.html"
    source.parent.mkdir()
    source.write_text("tonight's page")
    _make_target(target, kind)
    before = source.stat()
    if how == "link":
        assemble._put(lambda a, b: os.link(a, b, follow_symlinks=False), str(source), str(target))
        assert source.exists()
    else:
        assemble._put(os.replace, str(source), str(target))
        assert not source.exists()
    found = target.lstat()
    assert stat.S_ISREG(found.st_mode) and (found.st_dev, found.st_ino) == (before.st_dev, before.st_ino)
    assert target.read_text() == "tonight's page"
    if kind == "symbolic link":
        assert (target.parent / "elsewhere").read_text() == "not ours"  # a link is never followed


def test_a_missing_source_is_not_hidden(tmp_path):
    with pytest.raises(FileNotFoundError):
        assemble._put(os.replace, str(tmp_path / "no-such-page.html"), str(tmp_path / "spare" / "page.html"))
