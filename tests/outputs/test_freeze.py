"""Freezing: every listed URL is written, in one process or several, with identical results."""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, redirect, request, url_for
from flask_frozen import Freezer
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder

from ipcredit.catalogue import Catalogue
from ipcredit.outputs import freeze as freeze_module
from ipcredit.pipeline import Folders, build_catalogue, read_sources
from ipcredit.problems import Problems
from ipcredit.progress import Progress
from ipcredit.web import create_app
from tests.factories import catalogue, penalty
from tests.trees import tree_digest

ROOT = Path(__file__).resolve().parents[2]
SMALL_APP = create_app(catalogue(penalties=(penalty(1),)))


def small_site(monkeypatch, jobs: str, records: int) -> tuple[Catalogue, Flask]:
    """A site of ``records`` penalties, frozen by ``jobs`` processes however few its pages."""
    monkeypatch.setenv("IPCREDIT_JOBS", jobs)
    monkeypatch.setattr(freeze_module, "URLS_PER_WORKER", 1)
    cat = catalogue(penalties=tuple(penalty(n) for n in range(1, records + 1)))
    return cat, create_app(cat)


def build(tmp_path: Path, name: str, jobs: str, monkeypatch) -> Path:
    cat, app = small_site(monkeypatch, jobs, 11)
    dest = tmp_path / name
    dest.mkdir()
    freeze_module.freeze(app, cat, dest, Progress())
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
    cat, app = small_site(monkeypatch, "2", 5)
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


class FrozenFlasks(freeze_module.PageFreezer):
    """The freezer as Frozen-Flask ships it: each page through Werkzeug's test client."""

    _build_one = Freezer._build_one


@pytest.mark.slow
def test_pages_are_written_as_frozen_flask_writes_them(tmp_path, monkeypatch):
    """The freezer asks the app for pages without the test client: every file of the sample
    site (pages in both languages, feeds, the sitemap, the stylesheet of card labels, the
    white paper's PDF), under a base address with a path, has the bytes Frozen-Flask's own
    freezer writes."""
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    problems = Problems()
    found, sources = read_sources(Folders(ROOT / "content", ROOT / "cases_data"), problems)
    assert found is not None and not problems.has_errors()
    under_a_path = replace(found, base_url="https://ip.example.gov.cn/credit/")
    cat = build_catalogue(under_a_path, sources, date(2026, 11, 24))
    trees = []
    for name, freezer in (("ours", freeze_module.PageFreezer), ("frozen-flask", FrozenFlasks)):
        monkeypatch.setattr(freeze_module, "PageFreezer", freezer)
        dest = tmp_path / name
        dest.mkdir()
        freeze_module.freeze(create_app(cat), cat, dest, Progress())
        trees.append(tree_digest(dest))
    assert trees[0] == trees[1]
    assert len(trees[0]) > 500 and "white-papers/files/2024-jianghai-ip-white-paper.pdf" in str(trees[0])
    assert {"sitemap.xml", "en/cards.css", "feeds/penalties.atom"} <= trees[0].keys()


@settings(max_examples=300, deadline=None)
@given(
    record_id=st.text(min_size=1, max_size=30),
    query=st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda k: k not in ("lang", "record_id") and k[0] != "_"),
        st.text(max_size=8),
        max_size=2,
    ),
    root=st.sampled_from(("", "/city", "/信用")),
)
def test_a_page_reaches_the_app_as_the_test_client_would_send_it(record_id, query, root):
    """Whatever a URL holds (an id needing quoting, non-ASCII, a query) under whatever base
    path, the app sees the path, query, script root and host Werkzeug's test client gives it."""
    app = SMALL_APP
    app.config["FREEZER_BASE_URL"] = f"https://ip.example.gov.cn{root}/"
    with app.test_request_context(base_url=app.config["FREEZER_BASE_URL"]):
        url = url_for("penalties.detail", record_id=record_id, lang="en", **query)
    script_root = urlsplit(app.config["FREEZER_BASE_URL"]).path.rstrip("/")
    assert url.startswith(script_root)  # as url_for gives it, unquoted; Frozen-Flask cuts it so
    below = url.removeprefix(script_root)
    ours = freeze_module.PageFreezer(app).environ(below)
    theirs = EnvironBuilder(path=below, base_url=app.config["FREEZER_BASE_URL"]).get_environ()
    for key in ("PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "HTTP_HOST", "SERVER_NAME", "wsgi.url_scheme"):
        assert ours[key] == theirs[key], key
    seen = []
    for environ in (ours, theirs):
        with app.request_context(environ):
            seen.append((request.view_args, request.args.to_dict(), repr(request.routing_exception)))
    assert seen[0] == seen[1]
    if "/" not in record_id:  # a slash is no path segment's: no page has one in its id
        assert seen[0] == ({"record_id": record_id, "lang": "en"}, query, "None")


@pytest.mark.parametrize("answer", ["redirect", "not found", "wrong type"])
def test_a_page_answering_anything_but_itself_fails_the_build(tmp_path, monkeypatch, answer):
    """A page that redirects, is not found, or is not of the type its file name says would be
    served wrong: the build fails and names the page."""
    cat, app = small_site(monkeypatch, "1", 3)
    target = f"/en/penalties/{penalty(2).id}/"

    @app.before_request
    def misbehave():
        if request.path == target and answer != "wrong type":
            return redirect("/") if answer == "redirect" else ("gone", 404)
        return None

    @app.after_request
    def retype(response):
        if request.path == target and answer == "wrong type":
            response.mimetype = "application/json"
        return response

    with pytest.raises(Exception, match=r"302|404|application/json") as failure:
        freeze_module.freeze(app, cat, tmp_path, Progress())
    assert target in str(failure.value)


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(0, 60),
    claim=st.integers(1, 9),
    turns=st.lists(st.integers(0, 2), max_size=200),
)
def test_renderers_taking_turns_render_every_page_once(count, claim, turns):
    """However the renderers' turns fall (``turns``: who asks next, then the rest in turn until
    all are done), every page goes to exactly one of them, each in runs of the list's order."""
    urls = list(range(count))
    taken = multiprocessing.Value("i", 0)
    renderers = [freeze_module.claimed(urls, taken, claim) for _ in range(3)]
    got: list[list[int]] = [[], [], []]
    live = [0, 1, 2]
    for who in [*turns, *(n % 3 for n in range(3 * (count + 1)))]:
        if who in live:
            page = next(renderers[who], None)
            if page is None:
                live.remove(who)
            else:
                got[who].append(page)
    assert sorted(p for pages in got for p in pages) == urls
    for pages in got:
        assert pages == sorted(pages)


def test_a_renderer_slowed_by_another_process_renders_fewer_pages(tmp_path, monkeypatch):
    """A renderer whose core is busy (here: a child that sleeps on every page) takes fewer
    pages, and the others render the rest instead of waiting for a fixed half."""
    cat, app = small_site(monkeypatch, "2", 20)
    here = os.getpid()

    @app.before_request
    def busy() -> None:  # long beside a page's few milliseconds, even on a loaded machine
        if os.getpid() != here:
            time.sleep(0.2)

    original = freeze_module._freeze_share
    static_files = sum(1 for p in Path("site/static").rglob("*") if p.is_file())

    def counted(app, urls, static, tick):
        rendered = original(app, urls, static, tick)
        with (tmp_path / f"rendered-{os.getpid()}").open("a") as log:  # this process may freeze twice
            log.write(f"{rendered - static * static_files}\n")
        return rendered

    monkeypatch.setattr(freeze_module, "_freeze_share", counted)
    dest = tmp_path / "site"
    dest.mkdir()
    freeze_module.freeze(app, cat, dest, Progress())
    counts = {p.name: sum(map(int, p.read_text().split())) for p in tmp_path.glob("rendered-*")}
    mine = counts.pop(f"rendered-{here}")
    theirs = sum(counts.values())
    assert mine + theirs > 80  # both languages' record and list pages, the home page, …
    assert theirs < mine / 4
