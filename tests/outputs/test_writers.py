"""Writers declare what they need of each other; the build orders them and waits only where
a writer needs what another is still making in the background."""

from __future__ import annotations

import errno
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from ipcredit import outputs
from ipcredit.outputs import BuildContext, Writer, WriterResult, in_order
from ipcredit.outputs.background import Background
from ipcredit.progress import Progress
from tests.factories import catalogue, penalty
from tests.trees import tree_digest


def writer(name: str, needs: tuple[str, ...] = (), provides: tuple[str, ...] = ()) -> Writer:
    return Writer(name, lambda _cat, _ctx: WriterResult(name, 0), needs, provides)


def names(writers: list[Writer]) -> list[str]:
    return [w.name for w in writers]


def test_a_writer_runs_after_the_one_providing_what_it_needs_and_otherwise_as_declared():
    pages = writer("pages", needs=("manifest",))
    search = writer("search")
    data = writer("data", provides=("manifest",))
    assert names(in_order([pages, search, data])) == ["data", "pages", "search"]
    assert names(in_order([data, search, pages])) == ["data", "search", "pages"]
    assert names(in_order([search, data])) == ["search", "data"]


def test_a_need_nobody_provides_or_a_cycle_is_refused():
    with pytest.raises(ValueError, match="needs 'manifest'"):
        in_order([writer("pages", needs=("manifest",))])
    a = writer("a", needs=("y",), provides=("x",))
    b = writer("b", needs=("x",), provides=("y",))
    with pytest.raises(ValueError, match="cycle"):
        in_order([a, b])


def test_the_site_writes_the_datasets_before_the_pages_that_show_them():
    order = names(in_order(outputs.WRITERS))
    assert order.index("datasets") < order.index("pages")
    assert order[0] == "datasets"  # started first, so its background process overlaps the search export


class Pending:
    """A stand-in for a background writer's process."""

    def __init__(self, value: object = None, error: Exception | None = None) -> None:
        self.value, self.error, self.waited = value, error, 0

    def result(self) -> object:
        self.waited += 1
        if self.error:
            raise self.error
        return self.value


def context(tmp_path: Path) -> BuildContext:
    return BuildContext(tmp_path / "out", tmp_path / "stage", Progress())


def test_what_is_made_in_the_background_is_waited_for_once_when_needed(tmp_path: Path):
    ctx = context(tmp_path)
    task = Pending("manifest")
    ctx.provide_later("datasets", task)  # type: ignore[arg-type]
    assert task.waited == 0
    assert ctx.get("datasets") == "manifest" and ctx.get("datasets") == "manifest"
    assert task.waited == 1
    ctx.provide("now", 3)
    assert ctx.get("now") == 3


def test_a_background_writer_nobody_needed_still_fails_the_build(tmp_path: Path):
    ctx = context(tmp_path)
    ctx.provide_later("datasets", Pending(error=RuntimeError("disk full")))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="disk full"):
        ctx.wait_for_background()


def test_work_left_for_this_process_is_done_before_the_children_are_waited_for(tmp_path: Path):
    """A night's search patch and this process's share of the pages are done, in that order,
    before the build waits for the datasets' process; a patch that must export afresh hands that
    on to a child process, waited for after the pages."""
    ctx = context(tmp_path)
    events: list[str] = []

    class Child(Pending):
        def result(self) -> object:
            events.append(f"waited for {self.value}")
            return super().result()

    def patch() -> Background:
        events.append("patched")
        return Background("making the search export", lambda: "export")

    def pages() -> int:
        events.append("rendered")
        return 7

    done: dict[str, object] = {}
    ctx.provide_later("datasets", Child("datasets"))  # type: ignore[arg-type]
    ctx.provide_later("search", outputs.Later(patch), lambda made: done.setdefault("search", made))
    ctx.provide_later("pages", outputs.Later(pages))
    ctx.wait_for_background()
    assert events == ["patched", "rendered", "waited for datasets"]
    assert done == {"search": "export"} and ctx.get("search") == "export" and ctx.get("pages") == 7
    assert not ctx.background


def test_a_writer_needing_work_left_for_this_process_gets_it_done_then(tmp_path: Path):
    ctx = context(tmp_path)
    calls: list[str] = []
    ctx.provide_later("pages", outputs.Later(lambda: calls.append("rendered") or 3))
    assert calls == []
    assert ctx.get("pages") == 3 and ctx.get("pages") == 3
    assert calls == ["rendered"]


def test_pages_are_rendered_while_the_datasets_are_written_and_the_data_page_once_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Only /data/ shows the datasets (their sizes and hashes): every other page is written
    before the build waits for the datasets' process, and /data/ shows what it wrote."""

    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    monkeypatch.setattr("ipcredit.outputs.freeze.URLS_PER_WORKER", 1)  # two render processes
    seen: dict[str, bool] = {}
    original = Background.result

    def result(self):
        if self.what == "writing the datasets":
            stage = tmp_path / ".public.new"
            seen["record page"] = any(stage.glob("penalties/*/index.html"))
            seen["data page"] = (stage / "data" / "index.html").exists()
        return original(self)

    monkeypatch.setattr(Background, "result", result)
    outputs.write_site(catalogue(penalties=(penalty(1), penalty(2))), tmp_path / "public", Progress())
    assert seen == {"record page": True, "data page": False}
    page = (tmp_path / "public" / "data" / "index.html").read_text(encoding="utf-8")
    csv = (tmp_path / "public" / "data" / "penalties.csv").read_bytes()
    assert hashlib.sha256(csv).hexdigest() in page


def test_the_search_export_made_in_a_child_process_is_the_one_made_in_the_build_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """With two processes a clean build's search export is made beside the pages; the site is
    byte for byte the one built in one process, the first time (a full export) and after an
    edit (a patch, from the state the child's export left)."""

    nights = [
        (penalty(1), penalty(2), penalty(3)),
        (penalty(1), replace(penalty(2), facts="更正侵犯注册商标专用权的商品。"), penalty(3), penalty(4)),
    ]
    for jobs in ("1", "2"):
        monkeypatch.setenv("IPCREDIT_JOBS", jobs)
        for night, penalties in enumerate(nights):
            capsys.readouterr()
            results = outputs.write_site(
                catalogue(penalties=penalties), tmp_path / jobs / "public", Progress()
            )
            assert {r.name: r.files for r in results}["search"] > 0  # counted once the child is done
            full = "search: full export" in capsys.readouterr().err
            assert full == (night == 0), (jobs, night)
    assert tree_digest(tmp_path / "1" / "public") == tree_digest(tmp_path / "2" / "public")


@pytest.mark.parametrize("work", ["search.update.full_export", "ipcredit.datasets.write_all"])
def test_a_full_disk_in_a_child_process_fails_the_build_as_an_oserror_and_leaves_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, work: str
):
    """The search export and the datasets are made in child processes: a full disk there is the
    OSError the command line reports ("the build failed (…); the output still holds a complete
    site"), not a traceback, and the output is the one before."""

    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    out = tmp_path / "public"
    outputs.write_site(catalogue(penalties=(penalty(1),)), out, Progress())
    before = tree_digest(out)

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(work, full_disk)  # the child inherits it
    with pytest.raises(OSError, match="No space left"):  # a clean build: both children run
        outputs.write_site(catalogue(penalties=(penalty(1), penalty(2))), out, Progress(), reuse=False)
    assert tree_digest(out) == before
