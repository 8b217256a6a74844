"""A terminal progress bar for long imports and exports (no dependency; redraws one line)."""

from __future__ import annotations

import time
from typing import Protocol


class Stream(Protocol):
    def write(self, text: str) -> object: ...

    def flush(self) -> object: ...


class ProgressBar:
    def __init__(self, stream: Stream, *, width: int = 30, enabled: bool = True) -> None:
        self.stream = stream
        self.width = width
        self.enabled = enabled
        self.started = time.perf_counter()
        self.resources = 0

    def __call__(self, done: int, total: int, label: str, resources: int) -> None:
        self.resources += resources
        if not self.enabled:
            return
        filled = int(self.width * done / max(total, 1))
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        line = (
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
            f"{self.resources:,} resources {self.resources / elapsed:,.0f}/s  {label[:30]:<30}"
        )
        self.stream.write(line)
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
