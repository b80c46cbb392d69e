"""Bytes a browser fetches for a first search: this site's search against Pagefind 1.5,
on the same built site, in the same run, in real headless Chromium.

    python bench/search_bytes.py public/ 瑞丰 江市监知处罚 商标法第六十条
    python bench/search_bytes.py --build 10000     # build a 10,000-record site first
    python bench/search_bytes.py --build 10000 --no-pagefind trademark "huitong jixie"

A local server records every byte it sends. For this site: the /search/ page's
script and every index file its query fetches. For Pagefind: pagefind.js, its
WebAssembly, index and fragment files for the first ten results (what a results
page shows). Page HTML and CSS are left out of both. Both sides' index files
(and Pagefind's WebAssembly) are stored compressed and sent as they are;
files that are not (the scripts) are sent gzipped, as GitHub Pages and CDNs
send them: the bytes counted are the bytes on the wire.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-sync",
]
PAGEFIND_QUERY_JS = """async (q) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const search = await pagefind.search(q);
  const first = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return [search.results.length, first.map((d) => d.url)];
}"""


class Recorder(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does (GitHub Pages, a CDN): a file not stored compressed is
    sent gzipped to a browser that accepts it; one stored gzipped (both sides' index files) is sent
    as it is. Records the bytes of every response body."""

    sent: list[tuple[str, int]]

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        data = path.read_bytes()
        stored_gzipped = data[:2] == b"\x1f\x8b"
        body = data if stored_gzipped else gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if not stored_gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((unquote(urlparse(self.path).path), len(body)))

    def copyfile(self, source, outputfile) -> None:
        start = source.tell()
        super().copyfile(source, outputfile)
        self.sent.append((unquote(urlparse(self.path).path), source.tell() - start))


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, list[tuple[str, int]]]:
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (Recorder,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, sent


def pagefind_binary() -> Path:
    import pagefind_bin_extended

    return Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"


def index_with_pagefind(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(pagefind_binary()), "--site", str(site)], check=True, capture_output=True)
    return time.perf_counter() - started


def measure(site: Path, queries: list[str], pagefind: bool = True) -> list[tuple[str, int, int, int, int]]:
    from playwright.sync_api import sync_playwright

    server, sent = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for query in queries:
            ours, our_hits = _ours(browser, base, sent, query)
            theirs, their_hits = _pagefind(browser, base, sent, query) if pagefind else (0, 0)
            rows.append((query, ours, theirs, our_hits, their_hits))
        browser.close()
    server.shutdown()
    return rows


def _fresh(browser):
    context = browser.new_context(bypass_csp=True)  # Pagefind's WebAssembly needs it; ours does not
    return context, context.new_page()


def _ours(browser, base: str, sent: list, query: str) -> tuple[int, int]:
    context, page = _fresh(browser)
    page.goto(f"{base}/404.html")
    sent.clear()
    page.goto(f"{base}/search/?q={quote(query)}")
    page.locator("#search-results li, #search-results p").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    hits = page.locator("#search-results li").count()
    context.close()
    total = sum(n for path, n in sent if path.startswith(("/search-index/", "/static/js/")))
    return total, hits


def _pagefind(browser, base: str, sent: list, query: str) -> tuple[int, int]:
    context, page = _fresh(browser)
    page.goto(f"{base}/404.html")
    sent.clear()
    count, _urls = page.evaluate(PAGEFIND_QUERY_JS, query)
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(n for path, n in sent if path.startswith("/pagefind/")), count


def build_site(records: int, workdir: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from build_bench import prepare

    folders = prepare(workdir, records)
    out = workdir / "public"
    argv = [
        "--content",
        str(folders.content),
        "--data",
        str(folders.data),
        "--as-of",
        "2026-11-24",
        "--out",
        str(out),
    ]
    subprocess.run([sys.executable, str(ROOT / "build.py"), *argv], check=True, capture_output=True)
    return out


def report(rows: list[tuple[str, int, int, int, int]]) -> None:
    print(f"{'query':<24}{'ours KB':>9}{'Pagefind KB':>13}{'ratio':>8}{'our hits':>10}{'PF hits':>9}")
    for query, ours, theirs, our_hits, their_hits in rows:
        ratio = ours / theirs if theirs else float("nan")
        print(
            f"{query:<24}{ours / 1024:>9.1f}{theirs / 1024:>13.1f}{ratio:>8.2f}{our_hits:>10}{their_hits:>9}"
        )
    if any(r[2] for r in rows):  # Pagefind was measured
        mean = sum(r[1] for r in rows) / sum(r[2] for r in rows)
        print(f"all queries: ours / Pagefind = {mean:.2f} (target ≤ 0.33)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", nargs="?", type=Path, help="a built site (or use --build)")
    parser.add_argument(
        "queries",
        nargs="*",
        default=["瑞丰", "江海鼎盛化妆品有限公司", "商标法第六十条", "假冒专利", "侵犯注册商标专用权"],
    )
    parser.add_argument(
        "--build", type=int, metavar="RECORDS", help="build a synthetic site of this size first"
    )
    parser.add_argument(
        "--no-pagefind", action="store_true", help="measure this site only (Pagefind is slow)"
    )
    args = parser.parse_args(argv)
    if args.build and args.site is not None:  # with --build, every positional argument is a query
        args.queries, args.site = [str(args.site), *args.queries], None
    with tempfile.TemporaryDirectory(prefix="search-bytes-") as tmp:
        site = build_site(args.build, Path(tmp)) if args.build else args.site
        if site is None:
            parser.error("give a built site folder or --build RECORDS")
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)  # Pagefind writes into the site; keep the original clean
        pages = sum(1 for _ in copy.rglob("*.html"))
        if args.no_pagefind:
            print(f"site: {site} ({pages} HTML pages); Pagefind not run")
        else:
            print(
                f"site: {site} ({pages} HTML pages); Pagefind indexed it in {index_with_pagefind(copy):.1f} s"
            )
        report(measure(copy, args.queries, pagefind=not args.no_pagefind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
