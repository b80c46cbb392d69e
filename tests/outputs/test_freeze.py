"""Freezing: every listed URL is written, in one process or several, with identical results."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from ipcredit.outputs import freeze as freeze_module
from ipcredit.progress import Progress
from ipcredit.web import create_app
from tests.factories import catalogue, penalty
from tests.trees import tree_digest


def build(tmp_path: Path, name: str, jobs: str, monkeypatch) -> Path:
    monkeypatch.setenv("IPCREDIT_JOBS", jobs)
    monkeypatch.setattr(freeze_module, "URLS_PER_WORKER", 1)
    cat = catalogue(penalties=tuple(penalty(n) for n in range(1, 12)))
    dest = tmp_path / name
    dest.mkdir()
    freeze_module.freeze(create_app(cat), cat, dest, Progress())
    return dest


def test_two_processes_write_exactly_what_one_writes(tmp_path, monkeypatch):
    one = build(tmp_path, "one", "1", monkeypatch)
    two = build(tmp_path, "two", "2", monkeypatch)
    assert tree_digest(one) == tree_digest(two)
    assert (two / "en/penalties" / penalty(5).id / "index.html").is_file()
    assert (two / "static/css/site.css").is_file()


@pytest.mark.parametrize("where", ["this process", "a worker"])
def test_a_page_that_fails_fails_the_build_and_stops_the_workers(tmp_path, monkeypatch, where):
    """Pages are rendered by this process and forked workers: a page failing in either fails
    the build with its traceback, and no worker is left writing."""
    monkeypatch.setenv("IPCREDIT_JOBS", "2")
    monkeypatch.setattr(freeze_module, "URLS_PER_WORKER", 1)
    cat = catalogue(penalties=tuple(penalty(n) for n in range(1, 6)))
    app = create_app(cat)
    here = os.getpid()

    @app.before_request
    def explode() -> None:
        if (os.getpid() == here) == (where == "this process"):
            raise RuntimeError("template bug")

    with pytest.raises(freeze_module.FreezeWorkerError, match="template bug"):
        freeze_module.freeze(app, cat, tmp_path, Progress())
    assert multiprocessing.active_children() == []


def test_frozen_pages_are_minified_and_say_the_same(tmp_path, monkeypatch):
    """The frozen page is the live page without the whitespace and optional syntax a browser
    does not need: same text, same links, closing tags kept; the preview is left as it is."""
    import re

    from markupsafe import Markup

    site = build(tmp_path, "site", "1", monkeypatch)
    record = penalty(5)
    frozen = (site / "penalties" / record.id / "index.html").read_text(encoding="utf-8")
    cat = catalogue(penalties=tuple(penalty(n) for n in range(1, 12)))
    live = create_app(cat).test_client().get(f"/penalties/{record.id}/").get_data(as_text=True)
    assert len(frozen.encode()) < 0.9 * len(live.encode())
    assert "\n  " not in frozen and "\n  " in live
    assert frozen.startswith("<!doctype html><html lang=zh-CN><head>") and frozen.endswith("</html>")

    def text(html: str) -> str:  # whitespace between blocks does not render; inside text it stays
        return "".join(Markup(html).striptags().split())

    assert text(frozen) == text(live) and "公示至 2028年3月1日" in frozen
    links = re.compile(r"href=\"?([^\" >]+)")
    assert links.findall(frozen) == links.findall(live)
    css = (site / "static/css/site.css").read_bytes()
    assert css == Path("site/static/css/site.css").read_bytes()  # only pages are minified
