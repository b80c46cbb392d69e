"""Put a finished build in place: the served folder is always a whole site, the old one or the new one.

Two trees live side by side: the output, served, and beside it a spare,
``.<out>.spare`` (the site of an earlier build, or nothing yet). A build
writes the files that changed into a fresh staging folder, ``.<out>.new``;
nothing in the output is touched meanwhile, so a failed or killed build leaves
it as it was. When every writer has succeeded:

1. the spare is made into the new site: staged files are moved in, each kept
   file is made a hard link to the output's own (unless it already is one: the
   spare's kept files usually are, from the build before), and whatever else
   the spare holds is deleted. The spare is never trusted: every file is
   checked (by the :class:`Survey`, under the lock, or here), so a spare left
   mixed by a crash is put right the same way;
2. the file system is flushed (``syncfs``), so the new files survive a power cut;
   (an fsync of each changed file and folder, after an incremental build);
3. the caller commits the build record, naming the spare by its mark (:data:`TREE_MARK`, a
   file the spare holds: the digest of its pages, so a copy of the output, restored from a
   cache or a backup, is still the tree its record describes);
4. the spare and the output trade places in one atomic step, Linux's
   ``renameat2(RENAME_EXCHANGE)``: a reader sees the old tree or the new one,
   never a mixture and never nothing. The old site becomes the spare.

Files are never written in place (only created, renamed, linked, unlinked),
so the two trees can share unchanged files, and a build touches only what
changed and the spare's differences: no tree is copied or deleted whole.

Where the exchange is not available (another kernel, some network file
systems), step 4 is three renames: out → ``.<out>.old``, spare → out, old →
spare. If the build dies between the first two, :func:`recover` at the start
of the next build puts the complete spare (the record names it) or the old
site back.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ipcredit.outputs import treelist
from ipcredit.outputs.guard import beside
from ipcredit.outputs.mounts import entries_show_inodes

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def stage_path(out: Path) -> Path:
    return beside(out, "new")


def spare_path(out: Path) -> Path:
    return beside(out, "spare")


def old_path(out: Path) -> Path:
    return beside(out, "old")


TREE_MARK = ".ipcredit-tree"  # in each tree: what its build record names it by (see tree_mark)


def tree_mark(path: Path) -> str | None:
    """The mark a tree holds (None: none, or not a plain short file). It travels with the tree
    through renames and copies, so a record and its output restored together still match."""
    try:
        fd = os.open(path / TREE_MARK, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder opens too, and cannot be read
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as file:
        data = file.read(129)
    return data.decode("ascii") if len(data) <= 128 and data.isascii() else None


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False when the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def remove(path: Path) -> None:
    """Delete a file or a folder tree, never following a symbolic link out of it."""
    if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
        os.unlink(path)
    elif path.is_dir():
        shutil.rmtree(path)


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def recover(out: Path, recorded: Callable[[], str | None]) -> bool:
    """Finish or undo what an interrupted build left, and remove its staging folder; True if
    that moved the output or the spare.

    Only after a build died between the first two renames of the fallback is
    ``out`` missing: the spare goes in when the build record names it
    (``recorded()``, the mark it names, read only then: at 100,000 records the
    record is 40 MB of JSON), otherwise the old site goes back.
    """
    spare, old = spare_path(out), old_path(out)
    moved = False
    if not os.path.lexists(out):
        if _real_dir(spare) and (mark := recorded()) and tree_mark(spare) == mark:
            os.rename(spare, out)
            moved = True
        elif _real_dir(old):
            os.rename(old, out)
            moved = True
    if _real_dir(old) and not os.path.lexists(spare):
        os.rename(old, spare)  # the fallback's third rename
        moved = True
    remove(old)
    remove(stage_path(out))
    return moved


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """An empty staging folder beside ``out`` for the writers; removed afterwards whatever happens."""
    stage = stage_path(out)
    remove(stage)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage.mkdir()
    try:
        yield stage
    finally:
        remove(stage)


@dataclass(frozen=True)
class Listing:
    """A tree's entries (files and links: everything but folders) and folders, as relative paths."""

    entries: list[str]
    folders: list[str]


def list_tree(root: Path) -> Listing | None:
    """What ``root`` holds; None unless it is a real folder."""
    if not _real_dir(root):
        return None
    folders: list[str] = []
    return Listing(_walk(root, regular_only=False, folders=folders), folders)


@dataclass(frozen=True)
class Survey:
    """The output's files and the spare's listing, taken under the output's lock after
    :func:`recover`: the build changes neither tree before it puts the new site in place.
    Walking two trees of 300,000 files each takes seconds, or tens of seconds when the
    file system's cache is cold, so the command line has it done while the sources are read."""

    out_files: frozenset[str] | None  # None: no output yet
    spare: treelist.Walked | None  # None: no spare yet
    # The output's files the spare already holds as the same file (a hard link, from the build
    # before): filling the spare leaves them. The walks' own entries say so where the file system
    # gives inode numbers in them; else two lstat calls a file, 650,000 at 100,000 records: 2 s
    # when the cache holds the inodes, 12–33 s when it does not.
    shared: frozenset[str] = frozenset()


def survey(out: Path) -> Survey:
    """The output's files and the spare's listing, as they are now (:func:`survey_in_steps`)."""
    steps = survey_in_steps(out)
    files, later = next(steps), next(steps)
    return replace(later, out_files=files)


def survey_in_steps(out: Path) -> Iterator[frozenset[str] | Survey | None]:
    """The survey in two steps: the output's files, then the rest (a :class:`Survey` whose
    ``out_files`` is None: the first step's). A night needs the output's files when its search
    documents are made, and the spare only when it fills it; with the cache cold, walking both
    trees at once took as long as one after the other (47–53 s at 100,000 records), so the
    output's files come first, and in about half the time. Where the folders' entries give the
    files' own inode numbers (:func:`~ipcredit.outputs.mounts.entries_show_inodes`) the walks
    also say which files the trees share; elsewhere each file both hold is checked with ``lstat``.

    Neither tree is walked where a listing kept beside the output still describes it
    (:mod:`ipcredit.outputs.treelist`): the build before left one of the tree it filled (now
    the output), and one of its own output (now the spare). The output's listing is kept
    for the night after, when this tree is the spare."""
    kept, filled = listing_path(out), filled_path(out)
    earlier = treelist.load(kept)  # read before the output's listing replaces it: it may be the spare's
    output = _listed(out, treelist.load(filled))
    if output is not None:
        os.replace(filled, kept)
    else:
        output = _walked(out)
    files = None
    if output is not None:
        # Symbolic links and the like are not files of a build (only a walk meets them).
        others = set(output.others) if isinstance(output, _Walk) else set()
        files = {n: i for n, i in zip(output.entries, output.inodes, strict=True) if n not in others}
    yield frozenset(files) if files is not None else None
    if isinstance(output, _Walk) and output.tree is not None:
        write_atomic(kept, treelist.encoded(output))
    spare_root = spare_path(out)
    spare = _listed(spare_root, earlier) or _walked(spare_root)
    listing = _plain(spare) if spare else None
    if files is None or spare is None:
        yield Survey(None, listing)
        return
    if entries_show_inodes(out, spare_root):
        shared = [
            name
            for name, number in zip(spare.entries, spare.inodes, strict=True)
            if files.get(name) == number
        ]
    else:
        shared = shared_files(out, [name for name in spare.entries if name in files])
    yield Survey(None, listing, frozenset(shared))


@dataclass(frozen=True)
class _Walk(treelist.Walked):
    others: list[str]  # the entries that are not regular files


def _listed(root: Path, listing: treelist.Walked | None) -> treelist.Walked | None:
    """``listing`` if it still describes the tree at ``root``, else None."""
    if listing is None or not _real_dir(root) or not treelist.unchanged(root, TREE_MARK, listing):
        return None
    return listing


def _plain(walked: treelist.Walked) -> treelist.Walked:
    """The listing itself, without what only a walk says (compared and sent as one)."""
    return treelist.Walked(
        walked.tree, walked.top, walked.entries, walked.inodes, walked.folders, walked.stamps
    )


def _walked(root: Path) -> _Walk | None:
    """``root``'s entries (:func:`_walk`) with their inode numbers, folders, and its mark's identity
    if the walk saw it unchanged throughout (else None: nothing to keep); None unless a real folder."""
    if not _real_dir(root):
        return None
    before, top = _identity(root), os.lstat(root).st_mtime_ns
    inodes: list[int] = []
    folders: list[str] = []
    others: list[str] = []
    stamps: list[int] = []
    entries = _walk(root, False, folders, inodes, others, stamps)
    tree = before if before is not None and _identity(root) == before else None
    return _Walk(tree, top, entries, inodes, folders, stamps, others)


def _identity(root: Path) -> treelist.Identity | None:
    return treelist.identity(root / TREE_MARK)


def listing_path(out: Path) -> Path:
    """The output's listing, kept for the night it is the spare."""
    return beside(out, "listing")


def filled_path(out: Path) -> Path:
    """The listing of the tree a build filled, kept for the night after, when it is the output."""
    return beside(out, "listing.filled")


def keep_filled(out: Path, listing: treelist.Walked | None) -> None:
    """Keep the ``listing`` of the site just put in place at ``out`` (:func:`fill_spare` made it;
    None: none, and the next night walks the output). An earlier one is removed in any case:
    it describes another tree."""
    path = filled_path(out)
    remove(path)
    if listing is not None:
        write_atomic(path, treelist.encoded(listing))


LSTAT_THREADS = 16  # lstat waits on the disk when the cache is cold: 33 s → 12 s at 100,000 records


def shared_files(out: Path, names: list[str]) -> list[str]:
    """Those of ``names`` that the output and its spare hold as the same file."""
    origin, target = f"{out}/", f"{spare_path(out)}/"

    def same(chunk: list[str]) -> list[str]:
        return [name for name in chunk if _same_file(origin + name, target + name)]

    if len(names) < 1000:
        return same(names)
    chunks = [names[i : i + 1000] for i in range(0, len(names), 1000)]
    with ThreadPoolExecutor(LSTAT_THREADS) as pool:
        return [name for found in pool.map(same, chunks) for name in found]


def fill_spare(
    stage: Path, out: Path, keep: Iterable[str], known: Survey | None = None
) -> tuple[Path, list[str] | None, treelist.Walked | None]:
    """Make the spare hold exactly the staged files (moved) and the kept files of ``out`` (hard
    links to them); return it, the names it changed (None: all of them), and its listing when
    the survey's listing of it allowed one (:func:`treelist.refreshed`; else None). ``known`` is
    the trees as surveyed; without it the spare is walked and each kept file checked."""
    spare = spare_path(out)
    if os.path.lexists(spare) and not _real_dir(spare):
        os.unlink(spare)
        known = None
    keep = list(keep)
    if not keep and (not os.path.lexists(spare) or _empty(spare)):
        remove(spare)  # nothing to merge into: the stage is the whole site (a first or clean build)
        os.rename(stage, spare)
        stage.mkdir()  # for the staging folder's own removal
        return spare, None, None
    made_now = not os.path.lexists(spare)
    os.makedirs(spare, exist_ok=True)
    _unmark(spare)  # before anything else: a listing of this tree no longer describes it
    staged_folders: list[str] = []
    staged = _walk(stage, regular_only=True, folders=staged_folders)
    staged_empty = set(staged_folders) - _folders_of(staged)
    wanted = {*staged, *keep}
    held = (known.spare if known else None) or list_tree(spare) or Listing([], [])
    stale = [name for name in held.entries if name not in wanted]
    folders = held.folders
    for name in stale:
        os.unlink(spare / name)
    origin, target = f"{out}/", f"{spare}/"
    # Every folder the new site lacks goes, not only the stale files' own: a build that died here
    # left folders emptied but not removed (served, a withdrawn page's folder would be no 404).
    # The stage's empty folders are made, and the output's kept (like its files).
    needed = _folders_of(wanted) | staged_empty
    unneeded = [
        name
        for name in folders
        if name not in needed and not (_real_dir(Path(origin + name)) and _empty(Path(origin + name)))
    ]
    unneeded = _remove_empty_folders(spare, {spare / name for name in unneeded})
    shared = known.shared if known else frozenset(shared_files(out, keep))
    linked = [name for name in keep if name not in shared]
    for name in linked:
        _put(lambda a, b: os.link(a, b, follow_symlinks=False), origin + name, target + name)
    for name in staged:
        _put(os.replace, f"{stage}/{name}", target + name)
    made = [name for name in staged_empty if not os.path.isdir(target + name)]
    for name in made:
        os.makedirs(target + name, exist_ok=True)
    changed = staged + linked + stale + unneeded + made
    # Listed from the survey's listing of it, or, for a spare made just now (the first night after
    # a clean build), read whole: the next night then need not walk it either.
    before = held if isinstance(held, treelist.Walked) else _NOTHING if made_now and known else None
    return spare, changed, treelist.refreshed(spare, TREE_MARK, before, changed) if before else None


_NOTHING = treelist.Walked(None, 0, [], [], [], [])  # the listing of an empty tree


def _unmark(tree: Path) -> None:
    """Remove ``tree``'s mark, durably (the staged files bring the new site's)."""
    try:
        os.unlink(tree / TREE_MARK)
    except (FileNotFoundError, IsADirectoryError):  # a folder of that name is replaced when filled
        return
    sync_folder(tree)


def _empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _same_file(a: str, b: str) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
    except FileNotFoundError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _put(operation: Callable[[str, str], None], source: str, target: str) -> None:
    """``operation(source, target)`` where ``target`` may exist (a file: replaced; a folder left
    empty by the stale files' removal: removed) or lack its parent folder."""
    if os.path.lexists(target) and (operation is not os.replace or os.path.isdir(target)):
        remove(Path(target))
    try:
        operation(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        operation(source, target)


def _folders_of(names: Iterable[str]) -> set[str]:
    """Every folder holding one of ``names`` (relative POSIX paths), however deep."""
    found: set[str] = set()
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def _remove_empty_folders(root: Path, folders: set[Path]) -> list[str]:
    """Remove each of ``folders`` that is now empty, and its parents that become empty, up to ``root``;
    return those removed (relative names). ``rmdir`` itself says whether a folder is empty: listing
    a parent such as ``penalties/`` (one folder per record) for each withdrawn record took 26 s of
    a night at 100,000 records."""
    removed = []
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != root:
            try:
                os.rmdir(folder)
            except OSError:  # not empty, gone, or not a folder (a link is never followed)
                break
            removed.append(folder.relative_to(root).as_posix())
            folder = folder.parent
    return removed


def put_in_place(
    spare: Path, out: Path, commit: Callable[[], None], changed: list[str] | None = None
) -> None:
    """Make the complete ``spare`` the output, atomically; ``commit`` writes the build record first.
    The previous output becomes the spare. ``changed`` lists what changed in the spare (None: all)."""
    sync_tree(spare, changed)
    commit()
    if not os.path.lexists(out):
        os.rename(spare, out)
    elif not exchange(spare, out):
        old = old_path(out)
        remove(old)
        os.rename(out, old)
        os.rename(spare, out)
        os.rename(old, spare)
    sync_folder(out.parent)


FSYNC_AT_MOST = 2000  # beyond this many changed files one syncfs is faster than an fsync each


def sync_tree(root: Path, changed: list[str] | None) -> None:
    """Put the changed files under ``root`` and their folders on disk: an fsync each when they are
    few (an incremental build), else the whole file system at once."""
    if changed is None or len(changed) > FSYNC_AT_MOST:
        sync_filesystem(root)
        return
    folders = {root}
    for name in changed:
        path = root / name
        if os.path.lexists(path):  # a stale file is gone: only its folder changed
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        folder = path.parent
        while folder != root and not folder.is_dir():  # removed when emptied: its parent changed
            folder = folder.parent
        folders.add(folder)
    for folder in folders:
        sync_folder(folder)


def sync_filesystem(path: Path) -> None:
    """Flush every written file of the file system holding ``path`` to disk (Linux ``syncfs``)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError):
        syncfs = None
    try:
        if syncfs is None or syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make the renames inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename, after the data is on disk (never a half file)."""
    temporary = path.with_name(path.name + ".tmp")
    remove(temporary)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)


def list_files(root: Path) -> list[str]:
    """Every regular file under ``root`` as a relative POSIX path (symbolic links are not files of a build)."""
    return _walk(root, regular_only=True)


def _walk(
    root: Path,
    regular_only: bool,
    folders: list[str] | None = None,
    inodes: list[int] | None = None,
    others: list[str] | None = None,
    stamps: list[int] | None = None,
) -> list[str]:
    """The files (or all entries but folders) under ``root``; its folders into ``folders`` if
    given, each file's inode number as its folder's entry gives it into ``inodes``, the
    entries that are not regular files into ``others``, and each folder's modification time
    (taken before it is read) into ``stamps``."""
    found: list[str] = []
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((prefix + entry.name + "/", entry.path))
                    if folders is not None:
                        folders.append(prefix + entry.name)
                    if stamps is not None:
                        stamps.append(entry.stat(follow_symlinks=False).st_mtime_ns)
                elif not regular_only or entry.is_file(follow_symlinks=False):
                    found.append(prefix + entry.name)
                    if inodes is not None:
                        inodes.append(entry.inode())
                    if others is not None and not entry.is_file(follow_symlinks=False):
                        others.append(prefix + entry.name)
    return found
