"""Parquet parts: the results of one partition of input records, and loading them.

A part holds, in input order, one row per record: its input key and either the article
(the `to_dict` JSON of the finished Article, Doc left out), the id of an article the
store already held, or the failure (path, record, stage, reason). Parts are written to a
temporary name and renamed, so a part on disk is always whole; its name carries the
partition's index and a digest of its input keys, so a rerun knows which partitions are
done and `load` merges them in input order. Loading goes through the same writer as
ingest: the same ids, duplicates and near-duplicate links as a single-process run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.model import Article, Failure, Source, from_dict, to_dict
from eventwire.scale.progress import Progress
from eventwire.scale.worker import Known, Outcome
from eventwire.scale.writer import Summary, Writer
from eventwire.store import Store

COLUMNS = ("key", "article", "article_id", "path", "record", "stage", "reason")
"""Every column a string; pyarrow is imported only when parts are written or read."""


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in COLUMNS])


_NAME = re.compile(r"^part-(\d{6,})-([0-9a-f]{12})\.parquet$")


def part_name(index: int, keys: Sequence[str]) -> str:
    """part-<index>-<digest of the keys>.parquet"""
    digest = hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:12]
    return f"part-{index:06d}-{digest}.parquet"


def part_bytes(keys: Sequence[str], outcomes: Sequence[Outcome]) -> bytes:
    """One partition's outcomes as a Parquet file, in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for key, outcome in zip(keys, outcomes, strict=True):
        row: dict[str, Any] = dict.fromkeys(COLUMNS)
        row["key"] = key
        if isinstance(outcome, Article):
            row["article"] = json.dumps(to_dict(outcome), ensure_ascii=False)
            row["article_id"] = outcome.id
        elif isinstance(outcome, Known):
            row["article_id"] = outcome.article_id
        else:
            row.update(
                path=outcome.source.path,
                record=outcome.source.record,
                stage=outcome.stage,
                reason=outcome.reason,
            )
        for name in COLUMNS:
            rows[name].append(row[name])
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(rows, schema=_schema()), sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def write_part(folder: Path, name: str, data: bytes) -> Path:
    """Write a part whole or not at all (temporary file, then rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    target = folder / name
    os.replace(temporary, target)
    return target


def read_part(path: Path) -> tuple[list[str], list[Outcome]]:
    """Input keys and outcomes of one part, in input order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, schema=_schema())
    except (pa.ArrowException, OSError) as error:
        raise EventwireError(f"{path}: not a readable eventwire part: {error}") from None
    keys: list[str] = []
    outcomes: list[Outcome] = []
    for row in table.to_pylist():
        keys.append(row["key"])
        if row["article"] is not None:
            outcomes.append(from_dict(Article, json.loads(row["article"])))
        elif row["stage"] is not None:
            source = Source(path=row["path"], record=row["record"])
            outcomes.append(Failure(source, row["stage"], row["reason"]))
        else:
            outcomes.append(Known(row["article_id"]))
    return keys, outcomes


def list_parts(folder: Path) -> list[Path]:
    """The parts in a folder, in partition order; refuses a folder mixing two runs."""
    parts = sorted(p for p in folder.iterdir() if _NAME.match(p.name))
    indices = [int(_NAME.match(p.name).group(1)) for p in parts]  # type: ignore[union-attr]
    if len(set(indices)) != len(indices):
        raise EventwireError(
            f"{folder}: holds parts of different runs (two parts share an index): "
            "give each job its own parts folder"
        )
    return parts


def load_parts(folder: Path, store: Store, progress: Progress | None = None) -> Summary:
    """Merge parts into `store`, one transaction per part, in partition order; inputs
    the store has finished are skipped, so loading twice changes nothing."""
    progress = progress or Progress(enabled=False)
    started = time.perf_counter()
    summary = Summary()
    writer = Writer(store, summary, progress.write)
    parts = list_parts(folder)
    if not parts:
        raise EventwireError(f"{folder}: no eventwire parts (part-*.parquet) in it")
    for part in parts:
        keys, outcomes = read_part(part)
        status = store.input_status(keys)
        todo = [i for i, key in enumerate(keys) if status.get(key) != "done"]
        summary.skipped.done += len(keys) - len(todo)
        writer.write([keys[i] for i in todo], [outcomes[i] for i in todo])
        progress.update(summary.written + summary.skipped.done)
    summary.seconds = time.perf_counter() - started
    return summary
