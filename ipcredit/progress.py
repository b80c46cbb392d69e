"""Progress for long steps: a live counter on a terminal, silence in logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.interval = interval
        self._last = 0.0

    def update(self, label: str, done: int, total: int | None = None) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if now - self._last < self.interval and done != total:
            return
        self._last = now
        of = f"/{total}" if total else ""
        self.stream.write(f"\r{label}: {done}{of}\033[K")
        self.stream.flush()

    def note(self, message: str) -> None:
        """A line for the build log, on a terminal or not."""
        if self.live:
            self.stream.write("\r\033[K")
        self.stream.write(message + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()
