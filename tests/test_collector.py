"""The cyclic collector is off while the build makes long-lived values and on while it
renders pages (ipcredit.collector), and a build leaves it as it found it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipcredit import collector, outputs
from ipcredit.outputs import freeze
from ipcredit.progress import Progress
from tests.factories import catalogue, penalty


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()
    gc.unfreeze()  # what the tests froze is not the suite's to keep


def test_paused_then_collected_and_what_was_made_is_frozen():
    frozen = gc.get_freeze_count()
    with pytest.raises(ValueError), collector.paused():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]  # lists: always tracked by the collector
        raise ValueError("a loader failed")
    assert gc.isenabled()  # back on, whatever happened inside
    assert gc.get_freeze_count() >= frozen + len(made)


@pytest.mark.parametrize("collect", [True, False])
def test_paused_without_a_collection_freezes_its_garbage_too(collect: bool):
    class Node:
        pass

    with collector.paused(collect=collect):
        node = Node()
        node.self = node  # a cycle: only the collector frees it
        seen = weakref.ref(node)
        del node
    assert (seen() is None) == collect  # collected, or frozen with the rest until the process ends


@pytest.mark.parametrize("before", [True, False])
def test_off_and_on_leave_the_collector_as_they_found_it_even_on_failure(before: bool):
    gc.enable() if before else gc.disable()
    with pytest.raises(ValueError), collector.off():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled() is before
    with pytest.raises(ValueError), collector.on():
        assert gc.isenabled()
        raise ValueError
    assert gc.isenabled() is before


def test_on_freezes_what_exists_so_its_passes_scan_only_what_is_made_inside():
    with collector.off():
        made = [[n] for n in range(1000)]
        frozen = gc.get_freeze_count()
        with collector.on():
            assert gc.get_freeze_count() >= frozen + len(made)
            scanned = {id(o) for o in gc.get_objects()}  # the frozen ones are in no generation
            assert not scanned & {id(x) for x in made}
        assert gc.get_freeze_count() == 0  # a process that goes on collects them again
        assert {id(x) for x in made} <= {id(o) for o in gc.get_objects()}


def test_a_build_makes_its_values_with_the_collector_off_renders_with_it_on_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    writers: dict[str, bool] = {}
    pages: list[bool] = []

    def run(writer: outputs.Writer, cat, ctx) -> outputs.WriterResult:
        writers[writer.name] = gc.isenabled()
        return outputs.run_writer(writer, cat, ctx)

    class Watched(freeze.PageFreezer):
        def freeze_yield(self):
            for page in super().freeze_yield():
                pages.append(gc.isenabled())
                yield page

    monkeypatch.setattr(freeze, "PageFreezer", Watched)
    monkeypatch.setenv("IPCREDIT_JOBS", "1")  # every page rendered here, where it can be watched
    gc.enable()
    outputs.write_site(
        catalogue(penalties=(penalty(1), penalty(2))), tmp_path / "public", Progress(), run=run
    )
    assert writers and not any(writers.values())
    assert len(pages) > 20 and all(pages)
    assert gc.isenabled()
