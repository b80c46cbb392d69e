"""Reading the previous build's published state (``data/published.json``) from a folder or a URL.

The state is whatever the folder or the web server holds: it is read as bytes,
never more than :data:`MAX_BYTES`, with a timeout for a URL, and handed to
:mod:`ipcredit.checks.previous`, which trusts nothing in it. Every failure is a
reason (the change log then starts anew), never an exception.
"""

from __future__ import annotations

import http.client
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from ipcredit.problems import bilingual

STATE_PATH = "data/published.json"  # below the site root, in every build
# ~50 bytes a published record: room for millions of records and the log of their changes.
MAX_BYTES = 256 * 1024 * 1024
TIMEOUT_SECONDS = 60
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Fetched:
    where: str  # the file or URL read, as messages name it
    data: bytes | None  # None: nothing usable was read
    problem: str | None  # why not (bilingual); None with no data: there is no previous build


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def state_location(location: str) -> str:
    """Where the state of the build at ``location`` (a site's root URL or an output folder) is."""
    if is_url(location):
        return location if location.endswith(".json") else location.rstrip("/") + "/" + STATE_PATH
    return str(Path(location) / STATE_PATH)


def read_state(location: str, max_bytes: int | None = None) -> Fetched:
    """The bytes of the previous build's state at ``location``, or why there are none."""
    where = state_location(location)
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if is_url(location):
        return _fetch(where, max_bytes)
    return _read_file(Path(where), max_bytes)


def _too_big(where: str, max_bytes: int) -> Fetched:
    return Fetched(
        where,
        None,
        bilingual(f"文件超过 {max_bytes} 字节，不予读取", f"the file is larger than {max_bytes} bytes"),
    )


def _read_file(path: Path, max_bytes: int) -> Fetched:
    where = str(path)
    if not os.path.lexists(path):
        return Fetched(where, None, None)
    try:
        if not path.is_file():
            return Fetched(where, None, bilingual("不是普通文件", "not a regular file"))
        with path.open("rb") as handle:
            data = _read_at_most(handle, max_bytes)
    except OSError as exc:
        return Fetched(
            where, None, bilingual(f"无法读取（{exc.strerror or exc}）", f"cannot be read ({exc})")
        )
    return Fetched(where, data, None) if data is not None else _too_big(where, max_bytes)


def _read_at_most(handle: BinaryIO, max_bytes: int) -> bytes | None:
    """The stream's bytes, or None when it holds more than ``max_bytes``."""
    chunks, total = [], 0
    while chunk := handle.read(min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            return None
    return b"".join(chunks)


class _NoRedirectOffSite(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) (urllib would also follow one to ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, max_bytes: int) -> Fetched:
    opener = urllib.request.build_opener(_NoRedirectOffSite())
    request = urllib.request.Request(
        url, headers={"User-Agent": "ipcredit-build", "Accept-Encoding": "identity"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                return _too_big(url, max_bytes)
            data = _read_at_most(response, max_bytes)
    except urllib.error.HTTPError as exc:
        return Fetched(
            url, None, bilingual(f"服务器答复 HTTP {exc.code}", f"the server answered HTTP {exc.code}")
        )
    except (
        urllib.error.URLError,
        http.client.HTTPException,
        OSError,
        ValueError,
    ) as exc:  # DNS, refused, timeout, bad URL
        reason = getattr(exc, "reason", exc)
        return Fetched(url, None, bilingual(f"无法下载（{reason}）", f"cannot be downloaded ({reason})"))
    return Fetched(url, data, None) if data is not None else _too_big(url, max_bytes)
