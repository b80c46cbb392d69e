"""Work done in a child process: its result, or its failure, reaches the build."""

from __future__ import annotations

import errno
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from ipcredit.outputs.background import Background


def test_the_result_comes_back_from_another_process():
    parent = os.getpid()
    task = Background("counting", lambda: {"pid": os.getpid(), "rows": [1, 2, 3]})
    outcome = task.result()
    assert outcome["rows"] == [1, 2, 3] and outcome["pid"] != parent


def _fails() -> None:
    raise ValueError("row 7 is not a number")


def test_an_error_in_the_child_fails_the_build_and_names_the_work():
    with pytest.raises(RuntimeError, match="making the search export failed") as raised:
        Background("making the search export", _fails).result()
    assert isinstance(raised.value.__cause__, ValueError)
    assert "row 7" in str(raised.value.__cause__)


def _disk_full() -> None:
    raise OSError(errno.ENOSPC, "No space left on device", "/site/.public.new/search-index/t/1.bin")


def test_a_full_disk_in_the_child_is_the_oserror_the_build_reports_as_its_own():
    """The command line turns an OSError into "the build failed (…); the output still holds a
    complete site": a child's must reach it as one, not as a traceback."""
    with pytest.raises(OSError) as raised:
        Background("writing the datasets", _disk_full).result()
    assert raised.value.errno == errno.ENOSPC and "search-index" in str(raised.value)


def test_a_child_that_dies_without_a_word_is_reported():
    with pytest.raises(RuntimeError, match="writing the datasets failed") as raised:
        Background("writing the datasets", lambda: os._exit(3)).result()
    assert "died" in str(raised.value.__cause__)


def _start_and_die(pid_file: Path) -> None:
    """A build that starts a child with a result larger than a pipe holds, then is killed."""
    task = Background("making the search export", lambda: b"x" * 4_000_000)
    pid_file.write_text(str(task.process.pid))
    os._exit(0)  # as after SIGKILL: nobody will read the result


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited (init may be slow to reap it in a container)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_child_of_a_killed_build_exits_rather_than_wait_for_its_reader(tmp_path: Path):
    """The child inherits the output's lock: had it waited forever to hand over its result, no
    later build could run (a killed clean build left one waiting, found by the kill test)."""
    pid_file = tmp_path / "pid"
    build = multiprocessing.get_context("fork").Process(target=_start_and_die, args=(pid_file,))
    build.start()
    build.join()
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 30
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def _steps(gate: Path):
    yield "files"
    while not gate.exists():  # the parent has the first step while this child still works
        time.sleep(0.01)
    yield "survey"


def test_a_work_in_steps_gives_each_as_soon_as_it_is_made(tmp_path):
    gate = tmp_path / "gate"
    task = Background("listing the output's files", lambda: _steps(gate))
    assert task.step() == "files"
    assert task.process.is_alive()
    gate.write_text("go")
    assert task.result() == "survey"
    assert not task.process.is_alive()


def _fails_after_a_step():
    yield "files"
    raise OSError(errno.EIO, "Input/output error", "/site/.public.spare/penalties")


def test_a_step_after_which_the_child_fails_still_reports_the_failure():
    task = Background("listing the output's files", _fails_after_a_step)
    assert task.step() == "files"
    with pytest.raises(OSError) as raised:
        task.result()
    assert raised.value.errno == errno.EIO and not task.process.is_alive()
