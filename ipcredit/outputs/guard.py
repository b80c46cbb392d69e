"""Before a build touches anything: may it replace ``--out``, and is no other build writing there?

The output folder is replaced whole by every build, so a wrong ``--out`` would
delete whatever it held. :func:`check_output` refuses, with the reason, a
folder that is, contains or lies inside a source folder; that is or contains a
git work tree (the project's or the sources'), or lies inside a ``.git``
folder; ``/``; a mount point; and a non-empty folder that no earlier build of
this tool made (no build record beside it). Paths are compared after
resolving symbolic links and ``..``, and the build's own files beside the
output (staging folder, lock, record, state) get the same checks.

:class:`OutputLock` lets one build at a time write a given output folder: an
advisory ``flock`` on ``.<out>.lock`` beside it, which the kernel releases when
the build ends, however it ends (``kill -9`` included).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ipcredit.problems import bilingual

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The build's own files beside ``out`` (see incremental.beside and assemble).
OWN_FILES = (
    "new",
    "spare",
    "old",
    "lock",
    "build.json",
    "build.json.tmp",
    "search.sqlite",
    "search.sqlite.new",
    "rows",
    "rows.tmp",
    "listing",
    "listing.tmp",
    "listing.filled",
    "listing.filled.tmp",
)


class Refused(Exception):
    """The build may not write where it was asked to; the message says why and what to do."""


def resolved(path: Path) -> Path:
    """The path with every symbolic link and ``..`` resolved (the folder need not exist)."""
    return Path(os.path.realpath(path))


def beside(out: Path, name: str) -> Path:
    """A file of the build's own beside the (resolved) output: ``.<out>.<name>``, never published."""
    return out.parent / f".{out.name}.{name}"


def _overlaps(a: Path, b: Path) -> bool:
    """``a`` is ``b``, lies inside it, or contains it."""
    return a == b or b in a.parents or a in b.parents


def work_trees(folders: Iterable[Path]) -> set[Path]:
    """The git work trees holding ``folders`` and the project itself (its root even without git)."""
    found = {PROJECT_ROOT}
    for folder in folders:
        for candidate in (folder, *folder.parents):
            if os.path.lexists(candidate / ".git"):
                found.add(candidate)
                break
    return found


def check_output(out: Path, sources: Sequence[Path]) -> Path:
    """The resolved output folder, or :class:`Refused` when a build there could destroy anything."""
    try:
        return _checked(out, sources)
    except OSError as exc:  # e.g. a folder on the way that may not be read
        raise Refused(
            bilingual(
                f"--out {out}：无法检查（{exc.strerror}）", f"--out {out}: cannot be checked ({exc.strerror})"
            )
        ) from None


def _checked(out: Path, sources: Sequence[Path]) -> Path:
    target = resolved(out)
    sources = [resolved(s) for s in sources]
    shown = f"--out {out}"
    if target == Path("/"):
        raise Refused(bilingual(f"{shown}：不能输出到根目录 /", f"{shown}: the output cannot be /"))
    if os.path.lexists(target) and not target.is_dir():
        raise Refused(bilingual(f"{shown}：已存在且不是目录", f"{shown}: exists and is not a folder"))
    for own in (target, *(resolved(beside(target, name)) for name in OWN_FILES)):
        _check_against_sources(shown, own, sources)
    if target.is_dir() and os.path.ismount(target):
        raise Refused(
            bilingual(
                f"{shown}：是挂载点，无法整体替换；请输出到其中的子目录",
                f"{shown}: is a mount point, which cannot be replaced whole; build into a folder inside it",
            )
        )
    if target.is_dir() and any(target.iterdir()) and not is_earlier_build(target):
        raise Refused(
            bilingual(
                f"{shown}：目录非空，且不是本工具以前生成的网站（旁边没有 .{target.name}.build.json）；"
                "构建会替换整个目录，请换一个空目录或新目录",
                f"{shown}: the folder is not empty and is not an earlier build of this tool "
                f"(no .{target.name}.build.json beside it); a build replaces the whole folder, "
                "so choose an empty or new folder",
            )
        )
    return target


def _check_against_sources(shown: str, path: Path, sources: Sequence[Path]) -> None:
    for source in sources:
        if _overlaps(path, source):
            raise Refused(
                bilingual(
                    f"{shown}：与源目录 {source} 重叠（相同、在其中或包含它）；构建会替换输出目录，源文件将丢失",
                    f"{shown}: overlaps the source folder {source} (is it, lies inside it or contains it); "
                    "a build replaces its output folder, so the sources would be lost",
                )
            )
    for tree in work_trees(sources):
        if path == tree or path in tree.parents:
            raise Refused(
                bilingual(
                    f"{shown}：是或包含代码仓库 {tree}；请输出到其中的新目录，例如 public/",
                    f"{shown}: is or contains the repository {tree}; build into a new folder such as public/",
                )
            )
        if tree / ".git" == path or tree / ".git" in path.parents:
            raise Refused(bilingual(f"{shown}：位于 .git 目录中", f"{shown}: lies inside a .git folder"))


def is_earlier_build(target: Path) -> bool:
    """A build of this tool left its record beside the folder (whatever the record says)."""
    record = beside(target, "build.json")
    return record.is_file() and not record.is_symlink()


class OutputLock:
    """One build at a time per output folder: ``flock`` on ``.<out>.lock``, beside the output.

    The lock file is never deleted (deleting it would let two builds lock two
    different files); the holder writes its process id into it for the message.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = beside(out, "lock")
        self.fd: int | None = None

    def acquire(self, wait: bool = False, waiting: Callable[[str], None] | None = None) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise Refused(
                bilingual(
                    f"无法打开锁文件 {self.path}：{exc.strerror}",
                    f"cannot open the lock file {self.path}: {exc.strerror}",
                )
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            if not wait:
                os.close(fd)
                raise Refused(self._busy(holder)) from None
            if waiting:
                waiting(self._busy(holder, waiting=True))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    def _busy(self, holder: str, waiting: bool = False) -> str:
        out = self.out
        if waiting:
            return bilingual(
                f"另一个构建（进程 {holder}）正在写入 {out}，等待它结束……",
                f"another build (process {holder}) is writing {out}; waiting for it to finish…",
            )
        return bilingual(
            f"另一个构建（进程 {holder}）正在写入 {out}；请等它结束，或加 --wait 排队等待",
            f"another build (process {holder}) is writing {out}; let it finish, or add --wait to queue behind it",
        )

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor releases the flock
            self.fd = None

    def __enter__(self) -> OutputLock:
        if self.fd is None:
            self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
