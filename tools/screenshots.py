"""Screenshots of built pages at desktop and phone widths, for looking at the design.

python tools/screenshots.py public/ out-dir/ / /penalties/ /en/cases/ …
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-sync",
]
WIDTHS = {"desktop": 1280, "phone": 360}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(site: str, out: str, paths: list[str]) -> int:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8000), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(f"http://127.0.0.1:8000{path}")
                stem = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=f"{out}/{stem}-{name}.png", full_page=name == "desktop")
            page.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
