"""Input records with keys: what a rerun looks up to skip work already done.

An input key names one record read: the file (absolute path), the record inside it (JSONL
line, WARC record id; none for a file holding one report) and the file's size and
modification time. A store records the key of every record it has stored (or seen as a
duplicate) in the same transaction as the article, and the key of every record that
failed; a rerun of the same command skips both, so it neither loses nor re-parses work.
A file that changed gets new keys and is read again (its unchanged articles are then
recognised by id, before the parse).
"""

from __future__ import annotations

import gzip
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from eventwire.ingest import ReadOptions, iter_inputs, read_records
from eventwire.ingest.readers import kind_of
from eventwire.model import Article, Failure
from eventwire.store import FailedInput, Store

CHECK_CHUNK = 256
"""Records looked up in the store at a time."""


def input_key(path: Path | str, record: str | None, stat: os.stat_result | None) -> str:
    """The key of one record: ["/abs/path", record, size, mtime_ns] as compact JSON."""
    size, mtime = (stat.st_size, stat.st_mtime_ns) if stat else (-1, -1)
    return json.dumps([os.path.abspath(path), record, size, mtime], separators=(",", ":"))


def key_path(key: str) -> str:
    """The absolute path inside an input key."""
    return str(json.loads(key)[0])


@dataclass(slots=True)
class Item:
    """One record to process: its key and what was read (or why it could not be)."""

    key: str
    work: Article | Failure


def failed_input(key: str, failure: Failure) -> FailedInput:
    """The store's record of a failure."""
    return FailedInput(
        key=key,
        path=key_path(key),
        record=failure.source.record,
        stage=failure.stage,
        reason=failure.reason,
    )


@dataclass(slots=True)
class Skipped:
    """Records not processed in this run, and why."""

    done: int = 0
    """Stored (or seen) by an earlier run."""
    failed: list[FailedInput] = field(default_factory=list)
    """Failed in an earlier run and not retried."""
    left_out: Counter[str] = field(default_factory=Counter)
    """Archive records left out on purpose (requests, non-HTML), by reason."""


class InputReader:
    """Every record under `paths`, keyed, minus those the store has finished (and, unless
    `retry_failed`, those that failed before). Lazy: one file open at a time."""

    def __init__(
        self,
        paths: Iterable[str | Path],
        options: ReadOptions,
        store: Store,
        *,
        retry_failed: bool = False,
    ) -> None:
        self.paths = list(paths)
        self.options = options
        self.store = store
        self.retry_failed = retry_failed
        self.skipped = Skipped()
        self._failed_before = (
            {}
            if retry_failed
            else {f.key: f for f in store.failed_inputs()}  # small: failures only
        )

    def __iter__(self) -> Iterator[Item]:
        for path in iter_inputs(self.paths):
            try:
                stat: os.stat_result | None = path.stat()
            except OSError:
                stat = None
            if kind_of(path) in ("text", "html"):
                key = input_key(path, None, stat)
                if self._keep([key]):  # known before reading: skip without opening
                    yield from self._keyed(path, stat, read_records(path, self.options))
            else:
                records = self._keyed(
                    path, stat, read_records(path, self.options, skipped=self.skipped.left_out)
                )
                while chunk := list(islice(records, CHECK_CHUNK)):
                    keep = set(self._keep([item.key for item in chunk]))
                    yield from (item for item in chunk if item.key in keep)

    def _keyed(
        self, path: Path, stat: os.stat_result | None, records: Iterable[Article | Failure]
    ) -> Iterator[Item]:
        for record in records:
            yield Item(input_key(path, record.source.record, stat), record)

    def _keep(self, keys: Sequence[str]) -> list[str]:
        """The keys still to process; counts the others."""
        status = self.store.input_status(keys)
        keep = []
        for key in keys:
            state = status.get(key)
            if state == "done":
                self.skipped.done += 1
            elif state == "failed" and not self.retry_failed:
                self.skipped.failed.append(
                    self._failed_before.get(key)
                    or FailedInput(key, key_path(key), None, "?", "failed before")
                )
            else:
                keep.append(key)
        return keep


def failed_paths(store: Store) -> list[str]:
    """The files holding the inputs recorded as failed, for `--retry-failed` alone."""
    return sorted({f.path for f in store.failed_inputs() if f.path})


def count_records(paths: Iterable[str | Path]) -> int | None:
    """How many records the inputs hold, for a progress bar's ETA: one per report file,
    one per non-blank line of a JSONL file; None when a WARC/ARC file is among them (its
    records can only be counted by reading them)."""
    total = 0
    for path in iter_inputs(paths):
        kind = kind_of(path)
        if kind == "warc":
            return None
        if kind != "jsonl":
            total += 1
            continue
        try:
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except (OSError, EOFError):
            total += 1  # it will fail as a whole: one record
    return total


__all__ = [
    "CHECK_CHUNK",
    "InputReader",
    "Item",
    "Skipped",
    "count_records",
    "failed_input",
    "failed_paths",
    "input_key",
    "key_path",
]
