"""Progress for long batches: a bar on a terminal, periodic plain lines in a log, or nothing."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self, total: int, *, quiet: bool = False, stream: TextIO | None = None, interval: float = 10.0
    ) -> None:
        self.total = total
        self.done = 0
        self.pages = 0
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.start = time.monotonic()
        self._last = 0.0
        self.label = ""
        self.base = 0

    def phase(self, label: str, total: int, done: int = 0) -> None:
        """Start counting a pass of the run afresh ("detecting", then "redacting")."""
        self.label, self.total, self.done, self.base, self.pages = label, total, done, done, 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, pages: int) -> None:
        self.done += 1
        self.pages += pages
        if self.quiet:
            return
        now = time.monotonic()
        if self.tty:
            self._bar(now)
        elif now - self._last >= self.interval or self.done == self.total:
            self._last = now
            print(f"woo-redact: {self.line(now)}", file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-6)
        rate = self.pages / elapsed
        docs_rate = (self.done - self.base) / elapsed  # documents counted at the start took no time
        eta = (self.total - self.done) / docs_rate if docs_rate > 0 else 0
        label = f"{self.label}: " if self.label else ""
        return (
            f"{label}{self.done}/{self.total} documents, {self.pages} pages, {rate:.1f} pages/s, "
            f"ETA {int(eta // 60)}:{int(eta % 60):02d}"
        )

    def _bar(self, now: float) -> None:
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if self.done == self.total else ""
        print(f"\r[{bar}] {self.line(now)}", end=end, file=self.stream, flush=True)

    def message(self, text: str) -> None:
        """A line that must not be garbled by the bar (problems with a document)."""
        if self.tty and not self.quiet:
            print("\r" + " " * 100 + "\r", end="", file=self.stream)
        print(text, file=self.stream, flush=True)
