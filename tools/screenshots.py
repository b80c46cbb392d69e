"""Screenshots of built pages at phone and desktop widths, for looking at the design.

python tools/screenshots.py public/ out-dir/ / /penalties/ /en/cases/ …

Each page gives ``<stem>-phone.png`` (the whole page at 390 px),
``<stem>-phone-first.png`` (the first screen a phone shows, 390×844) and
``<stem>-desktop.png`` (the whole page at 1366 px).
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
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(site: str, out: str, paths: list[str]) -> int:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                stem = path.strip("/").replace("/", "_").replace(".html", "") or "home"
                page.screenshot(path=f"{out}/{stem}-{name}.png", full_page=True)
                if name == "phone":
                    page.screenshot(path=f"{out}/{stem}-{name}-first.png")
            page.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
