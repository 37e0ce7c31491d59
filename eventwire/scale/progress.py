"""A progress bar on stderr with articles/s and an ETA, and one-line notices above it.

The bar (tqdm) shows only on a terminal and not with `--quiet`; notices (errors,
near-duplicates) are printed either way. The total, for the ETA, is counted in a
background thread (one line per JSONL record, one per report file; none with WARC
input) so a large input does not delay the start.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from tqdm import tqdm

from eventwire.scale.inputs import count_records


class Progress:
    def __init__(self, enabled: bool = True, paths: Iterable[str | Path] = ()) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = tqdm(unit=" articles", file=sys.stderr, disable=not self.enabled, smoothing=0.05)
        self._total: int | None = None
        if self.enabled:
            listed = list(paths)
            threading.Thread(target=self._count, args=(listed,), daemon=True).start()

    def _count(self, paths: list[str | Path]) -> None:
        self._total = count_records(paths)

    def update(self, done: int) -> None:
        """`done` records finished so far (written or skipped)."""
        if not self.enabled:
            return
        if self._total is not None and self.bar.total != self._total:
            self.bar.total = self._total
        self.bar.update(done - self.bar.n)

    def write(self, line: str) -> None:
        """A notice above the bar."""
        tqdm.write(line, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
