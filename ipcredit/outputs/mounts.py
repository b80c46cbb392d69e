"""What the file system holding the output can tell without a system call per file.

A directory's entries carry an inode number (``d_ino``; :meth:`os.DirEntry.inode` reads it
with no ``lstat``). On the file systems below it is the number ``lstat`` gives, so two names
with the same one on the same device are the same file: walking the output and its spare then
says which files they share (hard links, from the build before), where checking each with
``lstat`` took 16 s of a night at 100,000 records with the disk's cache cold, and most of its
reads. Elsewhere (overlay file systems join layers with numbers of their own; other systems
than Linux) each file is checked with ``lstat``, as before.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")
# d_ino is st_ino here, for every file of one mount (no layers, no numbers made up per listing).
ENTRY_INODES_ARE_FILE_INODES = frozenset({"ext2", "ext3", "ext4", "xfs", "tmpfs"})


def _unescaped(field: str) -> str:
    """A mount point as mountinfo writes it: space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _mounts(mountinfo: str) -> list[tuple[str, str, str]]:
    """(device ``major:minor``, mount point, file system type) for each line of mountinfo."""
    found = []
    for line in mountinfo.splitlines():
        fields, _, tail = line.partition(" - ")
        parts, kind = fields.split(), tail.split()
        if len(parts) >= 5 and kind:
            found.append((parts[2], _unescaped(parts[4]), kind[0]))
    return found


def entries_show_inodes(*trees: Path, mountinfo: Path = MOUNTINFO) -> bool:
    """True when the trees' directory entries give their files' own inode numbers, so that equal
    numbers mean the same file: the trees are real folders on one device, of a file system in
    :data:`ENTRY_INODES_ARE_FILE_INODES`, with nothing mounted inside either (a mount inside
    would bring files of another device, whose numbers may be any). False when unsure."""
    try:
        text = mountinfo.read_text(encoding="utf-8", errors="surrogateescape")
        devices = {os.lstat(tree).st_dev for tree in trees}
        roots = [os.path.realpath(tree) for tree in trees]
    except OSError:
        return False
    if len(devices) != 1 or not all(os.path.isdir(root) for root in roots):
        return False
    (device,) = devices
    wanted = f"{os.major(device)}:{os.minor(device)}"
    mounts = _mounts(text)
    kinds = {kind for number, _point, kind in mounts if number == wanted}
    inside = any(point.startswith(root.rstrip("/") + "/") for _n, point, _k in mounts for root in roots)
    return len(kinds) == 1 and kinds <= ENTRY_INODES_ARE_FILE_INODES and not inside
