"""When a folder's entries can say which files two trees share (``outputs.mounts``): only on a
file system known to give the files' own inode numbers, on one device, with nothing mounted
inside; anything else, or anything unreadable, means each file is checked with ``lstat``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ipcredit.outputs.mounts import _mounts, entries_show_inodes


def mountinfo(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "mountinfo"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def device_of(path: Path) -> str:
    number = os.lstat(path).st_dev
    return f"{os.major(number)}:{os.minor(number)}"


def mount_line(device: str, point: str, kind: str) -> str:
    return f"27 1 {device} / {point} rw,relatime shared:1 - {kind} /dev/vda rw"


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    out, spare = tmp_path / "site" / "public", tmp_path / "site" / ".public.spare"
    out.mkdir(parents=True)
    spare.mkdir()
    return out, spare


def test_mountinfo_lines_give_device_mount_point_and_type():
    lines = (
        "36 35 98:0 /mnt1 /mnt/my\\040site rw,noatime master:1 - ext4 /dev/root rw,errors=continue\n"
        "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
        "not a mountinfo line\n"
    )
    assert _mounts(lines) == [("98:0", "/mnt/my site", "ext4"), ("0:21", "/proc", "proc")]


@pytest.mark.parametrize("kind", ["ext4", "ext3", "xfs", "tmpfs"])
def test_known_file_systems_let_the_entries_say(tmp_path, trees, kind):
    info = mountinfo(tmp_path, mount_line(device_of(trees[0]), "/", kind))
    assert entries_show_inodes(*trees, mountinfo=info)


@pytest.mark.parametrize("kind", ["overlay", "nfs4", "btrfs", "fuse.sshfs", "zfs"])
def test_other_file_systems_are_checked_file_by_file(tmp_path, trees, kind):
    info = mountinfo(tmp_path, mount_line(device_of(trees[0]), "/", kind))
    assert not entries_show_inodes(*trees, mountinfo=info)


def test_a_device_mountinfo_does_not_list_is_not_trusted(tmp_path, trees):
    info = mountinfo(tmp_path, mount_line("999:999", "/", "ext4"))
    assert not entries_show_inodes(*trees, mountinfo=info)


def test_one_device_mounted_as_two_kinds_is_not_trusted(tmp_path, trees):
    device = device_of(trees[0])
    info = mountinfo(tmp_path, mount_line(device, "/", "ext4"), mount_line(device, "/elsewhere", "overlay"))
    assert not entries_show_inodes(*trees, mountinfo=info)


@pytest.mark.parametrize("which", [0, 1], ids=["in the output", "in the spare"])
def test_a_mount_inside_either_tree_is_not_trusted(tmp_path, trees, which):
    # Its files are another device's, whose inode numbers may equal any in the other tree.
    device = device_of(trees[0])
    inside = os.path.realpath(trees[which] / "penalties")
    info = mountinfo(tmp_path, mount_line(device, "/", "ext4"), mount_line("0:99", inside, "tmpfs"))
    assert not entries_show_inodes(*trees, mountinfo=info)


def test_a_mount_beside_the_trees_or_at_one_of_them_is_no_reason_to_doubt(tmp_path, trees):
    device = device_of(trees[0])
    beside = os.path.realpath(trees[0]) + "-other"  # shares the output's name as a prefix only
    info = mountinfo(
        tmp_path,
        mount_line(device, "/", "ext4"),
        mount_line(device, os.path.realpath(trees[0]), "ext4"),  # the output is itself a mount
        mount_line("0:99", beside, "tmpfs"),
    )
    assert entries_show_inodes(*trees, mountinfo=info)


def test_without_mountinfo_or_a_tree_nothing_is_trusted(tmp_path, trees):
    assert not entries_show_inodes(*trees, mountinfo=tmp_path / "no-such-file")
    info = mountinfo(tmp_path, mount_line(device_of(trees[0]), "/", "ext4"))
    assert not entries_show_inodes(trees[0], trees[1] / "missing", mountinfo=info)
    (tmp_path / "a-file").write_text("x")
    assert not entries_show_inodes(trees[0], tmp_path / "a-file", mountinfo=info)
