"""Put a finished build in place: the served folder is always a whole site, the old one or the new one.

Every build assembles the complete new site in a staging folder beside the
output, ``.<out>.building``: the writers write what changed, and the files an
incremental build keeps are hard-linked from the current output (a link, not a
copy: one directory entry each). Nothing in the output is touched meanwhile, so
a failed or killed build leaves it as it was. When the stage is complete:

1. the file system is flushed (``syncfs``), so the new files survive a power cut;
2. the caller commits the build record, naming the staging folder's inode;
3. the stage and the output trade places in one atomic step, Linux's
   ``renameat2(RENAME_EXCHANGE)``: a reader sees the old tree or the new one,
   never a mixture and never nothing;
4. the old site, now in the staging folder, is deleted.

Where the exchange is not available (another kernel, some network file
systems), step 3 is two renames, out → ``.<out>.old`` and stage → out; if the
build dies between them, :func:`recover` at the start of the next build puts
the complete stage (the record names it) or the old site back. Leftovers of an
interrupted build are removed by the next one, before it starts.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ipcredit.outputs.guard import beside

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def stage_path(out: Path) -> Path:
    return beside(out, "building")


def old_path(out: Path) -> Path:
    return beside(out, "old")


def tree_id(path: Path) -> list[int]:
    """What identifies a folder across renames: its device and inode numbers."""
    info = os.lstat(path)
    return [info.st_dev, info.st_ino]


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


def recover(out: Path, recorded: list[int] | None) -> None:
    """Finish or undo what an interrupted build left, then remove its leftovers.

    Only after a build died between the two renames of the fallback is ``out``
    missing: the stage goes in when the record names it (it was complete),
    otherwise the old site goes back.
    """
    stage, old = stage_path(out), old_path(out)
    if not os.path.lexists(out):
        if stage.is_dir() and not stage.is_symlink() and tree_id(stage) == recorded:
            os.rename(stage, out)
        elif old.is_dir() and not old.is_symlink():
            os.rename(old, out)
    remove(stage)
    remove(old)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """An empty staging folder beside ``out``; removed afterwards whatever happens (after a
    switch it holds the previous site)."""
    stage = stage_path(out)
    remove(stage)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage.mkdir()
    try:
        yield stage
    finally:
        remove(stage)


def link_kept(source: Path, stage: Path, keep: Iterable[str]) -> int:
    """Hard-link the kept files of ``source`` (the current output) into ``stage``; return how many."""
    made: set[str] = {""}
    count = 0
    for relative in keep:
        folder = os.path.dirname(relative)
        if folder not in made:
            os.makedirs(stage / folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source / relative, stage / relative, follow_symlinks=False)
        except FileExistsError:
            continue  # a writer wrote it afresh: the new file wins
        count += 1
    return count


def put_in_place(stage: Path, out: Path, commit: Callable[[], None]) -> None:
    """Make the complete ``stage`` the output, atomically; ``commit`` writes the build record first."""
    sync_filesystem(stage)
    commit()
    if not os.path.lexists(out):
        os.rename(stage, out)
    elif not exchange(stage, out):
        old = old_path(out)
        remove(old)
        os.rename(out, old)
        os.rename(stage, out)
        remove(old)
    sync_folder(out.parent)


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
    found: list[str] = []
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.append(prefix + entry.name)
    return found
