"""Ingest on Dask: partitions of input records -> workers -> Parquet parts -> the store.

This process reads the inputs (keyed, as a local ingest does) and cuts them into
partitions; each partition goes to a Dask worker, which runs the same `Worker` as a local
ingest (model loaded once per worker process) and returns the partition's Parquet part;
this process writes the part atomically into the parts folder. `load_parts` then merges
the parts into the store in partition order, through the same writer as a local ingest:
the store ends up identical to a single-process run on the same input.

At most `2 x workers` partitions are in flight. Parts already in the folder are not
computed again, so an interrupted job run again with the same `--parts` folder goes on
where it stopped. Workers need eventwire and its model installed, nothing else: they
read no files and write none.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.ingest import ReadOptions
from eventwire.model import Failure
from eventwire.scale.inputs import InputReader, Item, failed_input
from eventwire.scale.parallel import Stopper, batched
from eventwire.scale.parts import load_parts, part_bytes, part_name, write_part
from eventwire.scale.progress import Progress
from eventwire.scale.worker import Worker, peak_rss_mib, pin_threads, prepare_shared_data
from eventwire.scale.writer import Summary, articles_of, merge
from eventwire.settings import Settings
from eventwire.stages.nlp import model_path
from eventwire.store import SQLiteStore, Store

PARTITION_BATCHES = 2
"""Batches (`Settings.batch_size` records) per partition: with the default 32, a few
seconds of work for one worker and a few MB of Parquet."""

_WORKER: tuple[Settings, Worker] | None = None


def run_partition(
    items: list[Item], settings: Settings
) -> tuple[bytes, list[tuple[str, Failure]], int, float]:
    """Dask task: one partition -> (Parquet part, its failures, worker pid, peak RSS)."""
    global _WORKER
    if _WORKER is None or _WORKER[0] != settings:
        _WORKER = (settings, Worker(settings))
    outcomes = merge(items, _WORKER[1].process(articles_of(items)))
    keys = [item.key for item in items]
    failed = [(k, o) for k, o in zip(keys, outcomes, strict=True) if isinstance(o, Failure)]
    return part_bytes(keys, outcomes), failed, os.getpid(), peak_rss_mib()


def client_for(address: str) -> tuple[Any, ExitStack]:
    """A Dask client: `local:N` starts a local cluster of N single-threaded processes."""
    from distributed import Client, LocalCluster

    stack = ExitStack()
    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            raise EventwireError(f"--dask {address!r}: give local:N with N a number") from None
        pin_threads()
        prepare_shared_data()
        cluster = stack.enter_context(
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        )
        client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
    else:
        try:
            client = stack.enter_context(Client(address, timeout=30))  # type: ignore[no-untyped-call]
        except OSError as error:
            raise EventwireError(f"--dask {address}: cannot reach the scheduler: {error}") from None
    return client, stack


def run_dask(
    paths: Iterable[str | Path],
    *,
    address: str,
    store: Store | None = None,
    parts: Path | None = None,
    options: ReadOptions | None = None,
    settings: Settings | None = None,
    retry_failed: bool = False,
    progress: Progress | None = None,
    partition: int | None = None,
) -> Summary:
    """Process `paths` on Dask. With `parts`, write Parquet parts there and stop (the
    summary counts records and failures only); otherwise parts go to a temporary folder
    and are loaded into `store`, and the summary is the store's."""
    from distributed import as_completed

    if (store is None) == (parts is None):
        raise ValueError("give a store or a parts folder")
    settings = settings or Settings()
    progress = progress or Progress(enabled=False)
    model_path(settings.model)
    started = time.perf_counter()
    with ExitStack() as stack:
        folder = parts or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        known = store or stack.enter_context(SQLiteStore(":memory:"))
        reader = InputReader(paths, options or ReadOptions(), known, retry_failed=retry_failed)
        summary = Summary(skipped=reader.skipped)
        client, cluster = client_for(address)
        stack.enter_context(cluster)
        stopper = stack.enter_context(Stopper(enabled=True))
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = partition or PARTITION_BATCHES * settings.batch_size
        partitions = enumerate(batched(reader, size))
        pending = as_completed()  # type: ignore[no-untyped-call]
        in_flight: dict[Any, tuple[str, int]] = {}
        done_records = 0

        def submit() -> bool:
            nonlocal done_records
            for index, items in partitions:
                name = part_name(index, [item.key for item in items])
                if (folder / name).exists():  # finished by an earlier run
                    done_records += len(items)
                    continue
                future = client.submit(run_partition, items, settings, pure=False)
                in_flight[future] = (name, len(items))
                pending.add(future)  # type: ignore[no-untyped-call]
                return True
            return False

        for _ in range(2 * workers):
            submit()
        for future in pending:
            if stopper.signum is not None:
                break
            name, count = in_flight.pop(future)
            data, failed, pid, rss = future.result()
            write_part(folder, name, data)
            for key, failure in failed:
                summary.failures.append(failed_input(key, failure))
                progress.write(f"error: {failure}")
            summary.workers[pid] = max(rss, summary.workers.get(pid, 0.0))
            summary.written += count
            done_records += count
            progress.update(done_records + reader.skipped.done)
            submit()
        summary.interrupted = stopper.signum
        for future in in_flight:
            future.cancel()
        if store is not None and summary.interrupted is None:
            loaded = load_parts(folder, store)
            reader.skipped.done += loaded.skipped.done
            loaded.skipped = reader.skipped
            loaded.workers = summary.workers
            summary = loaded
    summary.seconds = time.perf_counter() - started
    return summary
