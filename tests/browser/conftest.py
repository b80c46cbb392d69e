"""Real-browser fixtures: the sample site built once, served on loopback, opened in Chromium.

Needs Debian's chromium (``apt-get install chromium``); ``playwright install``
cannot download browsers here, so Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipcredit.cli import main

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-24"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[http.server.HTTPServer, Path]]:
    """A loopback server on a free port (chosen by the OS, so parallel runs never collide)."""
    root = tmp_path_factory.mktemp("site")
    handler = functools.partial(QuietHandler, directory=str(root / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    yield server, root / "public"
    server.server_close()


@pytest.fixture(scope="session")
def built_site(site_server: tuple[http.server.HTTPServer, Path]) -> Path:
    server, out = site_server
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    code = main(
        ["build", "--content", str(ROOT / "content"), "--data", str(ROOT / "cases_data"), "--as-of", AS_OF,
         "--out", str(out), "--base-url", base]
    )  # fmt: skip
    assert code == 0
    return out


@pytest.fixture(scope="session")
def site_url(site_server: tuple[http.server.HTTPServer, Path], built_site: Path) -> Iterator[str]:
    server, _ = site_server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def node_module(*parts: str) -> Path:
    path = ROOT / "node_modules" / Path(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` in the repository root")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("Java is missing (needed by the Nu Html Checker)")
    return found
