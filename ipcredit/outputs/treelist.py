"""A tree's listing kept from one build to the next, so that a night need not walk its spare.

The spare a night fills is the site the build before served, and that build walked it
as its output (:func:`~ipcredit.outputs.assemble.survey_in_steps`). It saves what it
found beside the output (``.<out>.listing``): the entries with their inode numbers, the
folders with their modification times, and the identity of the tree's mark file
(:data:`~ipcredit.outputs.assemble.TREE_MARK`: device, inode and change time). Every
build makes that file afresh, so no other tree and no copy of this one (a site restored
from a cache or a backup) has the same.

The next night uses the listing for its spare only if the spare still holds that very
mark file and every folder still has the time the walk saw (:func:`unchanged`): adding,
removing, renaming or replacing a name changes its folder's time, so a spare edited by
hand, or a build's own filling (which removes the mark first), makes the spare walked
again. Walking the spare cost 1.6–22 s a night at 100,000 records (250,000 folders,
depending on the file system's cache); reading and checking this file 0.4 s, checking
the folders' times 0.5 s.

The output is listed the same way, by the build that filled it (:func:`refreshed`: the
folders where it changed a name read again, the rest taken from the spare's listing it
checked), in ``.<out>.listing.filled``; the next night checks that listing as it checks the
spare's, and moves it onto ``.<out>.listing`` for the night after. So neither tree is walked
(the output's walk took 5–25 s of a night at 100,000 records, warm).

The file is plain JSON, checked when read: a name that could reach outside the spare
(absolute, ``..``, empty parts, or in a folder the listing does not hold, which could
be a symbolic link) or a wrong type makes the spare walked, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1
Identity = tuple[int, int, int]  # the mark file's device, inode and change time (ns)


@dataclass(frozen=True)
class Walked:
    """A tree as a walk found it: its entries (all but folders) with their folder entries' inode
    numbers, in the same order, and its folders with their modification times; ``tree`` is its
    mark file's identity (None: unknown, and the walk is not kept), ``top`` the modification
    time of the tree's own folder."""

    tree: Identity | None
    top: int
    entries: list[str]
    inodes: list[int]
    folders: list[str]
    stamps: list[int]


def identity(mark: Path) -> Identity | None:
    """The identity of the mark file at ``mark`` (None: none, or not a regular file)."""
    try:
        found = os.lstat(mark)
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_ctime_ns) if stat.S_ISREG(found.st_mode) else None


def encoded(walked: Walked) -> bytes:
    """The file's bytes for ``walked`` (written with :func:`~ipcredit.outputs.assemble.write_atomic`)."""
    assert walked.tree is not None, "a walk of a tree without a known mark is not kept"
    data = {
        "format": FORMAT,
        "tree": list(walked.tree),
        "top": walked.top,
        "entries": walked.entries,
        "inodes": walked.inodes,
        "folders": walked.folders,
        "stamps": walked.stamps,
    }
    return json.dumps(data, separators=(",", ":")).encode()


def load(path: Path) -> Walked | None:
    """The listing at ``path``; None if there is none or it is not one this code wrote."""
    try:
        if path.is_symlink():
            return None
        found = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # missing, a folder, not JSON, not UTF-8…
        return None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return None
    tree, top, entries, inodes, folders, stamps = (
        found.get(key) for key in ("tree", "top", "entries", "inodes", "folders", "stamps")
    )
    if not (_ints(tree) and len(tree) == 3 and type(top) is int and _ints(inodes) and _ints(stamps)):
        return None
    if not (
        _names(entries) and _names(folders) and len(entries) == len(inodes) and len(folders) == len(stamps)
    ):
        return None
    if not _held(entries, folders):
        return None
    return Walked((tree[0], tree[1], tree[2]), top, entries, inodes, folders, stamps)


def unchanged(root: Path, mark: str, walked: Walked) -> bool:
    """``root`` is the tree ``walked`` describes, as it was: the same mark file (``root/mark``),
    and the same modification time on its own folder and each of ``walked.folders``, all still
    folders (a name added, removed, renamed or replaced in a folder changes its time)."""
    if walked.tree is None or identity(root / mark) != walked.tree:
        return False
    prefix = f"{root}/"
    try:
        if os.lstat(root).st_mtime_ns != walked.top:
            return False
        for name, stamp in zip(walked.folders, walked.stamps, strict=True):
            found = os.lstat(prefix + name)
            if found.st_mtime_ns != stamp or not stat.S_ISDIR(found.st_mode):
                return False
    except OSError:  # gone, or a part of the path is no longer a folder
        return False
    return True


def refreshed(root: Path, mark: str, before: Walked, changed: Iterable[str]) -> Walked | None:
    """``root``'s listing now, from ``before`` (exact before a change) and ``changed`` (every name
    added, removed or replaced since, files and folders, as relative names): only the folders
    whose entries changed are read again, the others' entries and times are carried over.

    A folder's entries change only where a name in it did: the parent of each changed name is
    read, and so is every folder ``before`` does not hold (made since), and its parent. At
    100,000 records a night changes a few thousand names, where a walk reads 250,000 folders.
    None if a folder read holds anything but files and folders (the build makes nothing else),
    or one is gone: the tree is then walked when next needed."""
    read = {name.rpartition("/")[0] for name in changed}
    held = set(before.folders)
    pending = [folder for folder in read if folder and folder not in held]
    while pending:  # a folder made since: its parent gained it
        parent = pending.pop().rpartition("/")[0]
        if parent not in read:
            read.add(parent)
            if parent and parent not in held:
                pending.append(parent)
    files: dict[str, list[tuple[str, int]]] = {}
    for name, inode in zip(before.entries, before.inodes, strict=True):
        files.setdefault(name.rpartition("/")[0], []).append((name, inode))
    folders: dict[str, list[tuple[str, int]]] = {}
    for name, stamp in zip(before.folders, before.stamps, strict=True):
        folders.setdefault(name.rpartition("/")[0], []).append((name, stamp))
    tree = identity(root / mark)
    try:
        top = os.lstat(root).st_mtime_ns
        found = _assembled(f"{root}/", read, held, files, folders)
    except OSError:
        return None
    return None if found is None or tree is None else Walked(tree, top, *found)


def _assembled(
    prefix: str,
    read: set[str],
    held: set[str],
    files: dict[str, list[tuple[str, int]]],
    folders: dict[str, list[tuple[str, int]]],
) -> tuple[list[str], list[int], list[str], list[int]] | None:
    """The entries, their inodes, the folders and their times, folder by folder from the top:
    each folder in ``read`` or not ``held`` as it is now, the others as listed before."""
    entries: list[str] = []
    inodes: list[int] = []
    names: list[str] = []
    stamps: list[int] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        if folder not in read and (folder in held or not folder):  # as listed (the top is never in held)
            for name, inode in files.get(folder, ()):
                entries.append(name)
                inodes.append(inode)
            subfolders = folders.get(folder, ())
        else:
            subfolders = []
            with os.scandir(prefix + folder if folder else prefix) as found:
                for entry in found:
                    name = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        subfolders.append((name, -1))
                    elif entry.is_file(follow_symlinks=False):
                        entries.append(name)
                        inodes.append(entry.inode())
                    else:
                        return None
        for name, stamp in subfolders:
            if stamp < 0 or name in read or name not in held:
                stamp = os.lstat(prefix + name).st_mtime_ns
            names.append(name)
            stamps.append(stamp)
            pending.append(name)
    return entries, inodes, names, stamps


def _held(entries: list[str], folders: list[str]) -> bool:
    """Each entry and folder lies in a listed folder (or the top): :func:`unchanged` checks that
    each listed folder is still a real one, so no name reaches through a symbolic link."""
    known = {"", *folders}
    return all(name.rpartition("/")[0] in known for names in (entries, folders) for name in names)


def _ints(values: object) -> bool:
    return isinstance(values, list) and all(type(v) is int for v in values)


# A part that is empty, "." or "..", seen in names joined and framed by NUL (which no file name
# holds). A pattern that starts with a class skips to its characters: 0.02 s for 575,000 names.
_UNSAFE_PART = re.compile(r"[/\x00]\.{0,2}[/\x00]")


def _names(values: object) -> bool:
    """A list of relative paths inside the tree: no absolute path, no empty, "." or ".." part."""
    if not isinstance(values, list):
        return False
    if not values:
        return True
    try:
        joined = "\x00".join(values)  # refuses anything but text: the check, at C speed
    except TypeError:
        return False
    # A NUL inside a name would pass for a separator; the count says there is none.
    return joined.count("\x00") == len(values) - 1 and not _UNSAFE_PART.search(f"\x00{joined}\x00")
