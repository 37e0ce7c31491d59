"""Ingest on one machine: one reader and one writer (this process), N worker processes.

    reader (keys, skips finished inputs) -> bounded window of batches -> workers
    (pipeline, one model each, single-threaded) -> writer (batches in input order, one
    transaction each)

Batches are written in the order they were read whatever order workers finish them in,
so the store is the same as with one worker. At most `2 x workers` batches are in flight:
memory does not grow with the corpus. A first Ctrl-C (or SIGTERM) stops reading and
drops the batches in flight after the batch being written has committed; a second one
interrupts at once (the open transaction rolls back). Either way every stored article
is whole, and running the same command again picks up what is left.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from eventwire.errors import EventwireError
from eventwire.ingest import ReadOptions
from eventwire.scale.inputs import InputReader, Item
from eventwire.scale.progress import Progress
from eventwire.scale.worker import (
    Outcome,
    Worker,
    pin_threads,
    prepare_shared_data,
    process_batch,
    restore_raw,
    start_worker,
)
from eventwire.scale.writer import Summary, Writer, articles_of, merge
from eventwire.settings import Settings
from eventwire.stages.nlp import model_path
from eventwire.store import Store


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Stopper:
    """SIGINT / SIGTERM handling: the first asks the run to stop after the batch being
    written, a second interrupts at once. Active only in the main thread."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt
        self.signum = signum

    def __enter__(self) -> Stopper:
        if self.enabled:
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    db: str | None = None,
    options: ReadOptions | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    retry_failed: bool = False,
    progress: Progress | None = None,
    handle_signals: bool = False,
) -> Summary:
    """Read, process and store every input under `paths` not finished before.

    `db` is the store's file, which worker processes open read-only to skip articles
    already stored before parsing them. A run with fewer than two batches of work stays
    in this process: starting a worker costs a model load.
    """
    settings = settings or Settings()
    progress = progress or Progress(enabled=False)
    model_path(settings.model)  # a missing model fails here, once, not in every worker
    summary = Summary()
    reader = InputReader(paths, options or ReadOptions(), store, retry_failed=retry_failed)
    summary.skipped = reader.skipped
    writer = Writer(store, summary, progress.write)
    started = time.perf_counter()

    def advance() -> None:
        skipped = reader.skipped
        progress.update(summary.written + skipped.done + len(skipped.failed))

    with Stopper(handle_signals) as stopper:
        batches = batched(reader, settings.batch_size)
        first = list(islice(batches, 2))
        advance()
        if workers > 1 and len(first) > 1:
            _run_pool(chain(first, batches), writer, settings, workers, db, stopper, advance)
        else:
            _run_here(chain(first, batches), writer, settings, store, stopper, advance)
        summary.interrupted = stopper.signum
    summary.seconds = time.perf_counter() - started
    return summary


def _run_here(
    batches: Iterator[list[Item]],
    writer: Writer,
    settings: Settings,
    store: Store,
    stopper: Stopper,
    advance: Any,
) -> None:
    worker: Worker | None = None
    for batch in batches:
        articles = articles_of(batch)
        outcomes: list[Outcome] = []
        if articles:
            worker = worker or Worker(settings, store.stored_ids)
            outcomes = worker.process(articles)
        writer.write([item.key for item in batch], merge(batch, outcomes))
        advance()
        if stopper.signum is not None:
            return


def _run_pool(
    batches: Iterator[list[Item]],
    writer: Writer,
    settings: Settings,
    workers: int,
    db: str | None,
    stopper: Stopper,
    advance: Any,
) -> None:
    pin_threads()  # inherited by the worker processes, set before they import anything
    prepare_shared_data()
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["eventwire.scale.worker"])
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(settings, db, os.getpid()),
    )
    writer.summary.processes = workers
    window: deque[tuple[list[Item], Future[tuple[list[Outcome], int, float]]]] = deque()

    def submit() -> None:
        batch = next(batches, None)
        if batch is not None:
            window.append((batch, pool.submit(process_batch, articles_of(batch))))

    try:
        for _ in range(2 * workers):
            submit()
        while window and stopper.signum is None:
            batch, future = window[0]
            while not _done(future, 0.25):
                if stopper.signum is not None:
                    return
            window.popleft()
            outcomes, pid, rss = future.result()
            restore_raw(articles_of(batch), outcomes)
            writer.summary.workers[pid] = max(rss, writer.summary.workers.get(pid, 0.0))
            writer.write([item.key for item in batch], merge(batch, outcomes))
            advance()
            submit()
    except BrokenProcessPool as error:
        raise EventwireError(
            f"a worker process died ({error}); what was written is kept: run the same "
            "command again to go on"
        ) from None
    finally:
        for _, future in window:
            future.cancel()
        processes = list(getattr(pool, "_processes", {}).values())  # no public terminate
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()


def _done(future: Future[Any], timeout: float) -> bool:
    try:
        future.exception(timeout=timeout)
    except TimeoutError:
        return False
    return True


__all__ = ["Stopper", "batched", "default_workers", "ingest"]
