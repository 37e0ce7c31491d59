"""One worker: the pipeline loaded once, run on a batch at a time, memory kept flat.

The same `Worker` runs in-process (`--workers 1`), in each process of a local pool and in
each Dask worker, so every mode produces the same articles. Per batch it:

* runs the stages up to the one that assigns the article id, then drops the articles
  the store already holds (the `known` callback): a rerun or a repeated report costs a
  cleaning, not a parse;
* runs the rest of the stages inside spaCy's `nlp.memory_zone()` (spaCy >= 3.8), which
  evicts the strings and lexemes the batch added to the shared vocabulary, so a worker's
  memory does not creep up over millions of articles; the first batch runs outside it,
  to warm the tokenizer cache that memory zones leave unpopulated;
* drops each article's spaCy Doc before leaving the zone (nothing may touch it after).
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import psutil

from eventwire.model import Article, Failure
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings
from eventwire.stages import Stage
from eventwire.stages.nlp import NlpStage

THREAD_VARS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
"""Thread pools pinned to one thread in worker processes: with one process per core an
extra thread only competes for it (measured: about 16 % slower)."""


PARSE_CHARS = 60_000
"""Characters of text parsed together at most (about 13 reports of average length). On
160 real reports from ../shared (4,600 characters on average) a worker's peak RSS was
1,140 MiB with batches of 32 articles, 970 MiB with 16, 780 MiB with 8, and 700 MiB with
batches of 32 cut at this many characters: a parse's memory follows the text it holds
(`bench/worker_memory.py --batch-size 32 --parse-chars 0`, ... and with the default)."""


@dataclass(frozen=True, slots=True)
class Known:
    """An input whose article the store already holds: nothing to parse or write."""

    article_id: str


Outcome = Article | Failure | Known


def peak_rss_mib() -> float:
    """This process's peak resident memory so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def parse_batches(
    lengths: Sequence[int], size: int, parse_chars: int | None = PARSE_CHARS
) -> Iterator[tuple[int, int]]:
    """Consecutive [start, end) ranges over texts of these lengths: at most `size` texts
    and, past the first text, at most `parse_chars` characters (a parse's memory grows
    with the text in the batch)."""
    start, count, chars = 0, 0, 0
    for i, length in enumerate(lengths):
        over = parse_chars is not None and chars + length > parse_chars
        if count and (count >= size or over):
            yield start, i
            start, count, chars = i, 0, 0
        count += 1
        chars += length
    if count:
        yield start, len(lengths)


class Worker:
    """A pipeline that processes batches of read articles into storable outcomes."""

    def __init__(
        self,
        settings: Settings,
        known: Callable[[Sequence[str]], set[str]] | None = None,
        *,
        memory_zone: bool = True,
        parse_chars: int | None = PARSE_CHARS,
    ) -> None:
        self.pipeline = Pipeline(settings=settings)
        self.pipeline.initialize()
        self.known = known
        self.memory_zone = memory_zone
        self.parse_chars = parse_chars
        self.batches = 0
        stages = self.pipeline.stages
        split = next((i + 1 for i, stage in enumerate(stages) if "article.id" in stage.assigns), 0)
        self.head: list[Stage] = stages[:split]
        self.tail: list[Stage] = stages[split:]
        self.nlp = next((s.nlp for s in stages if isinstance(s, NlpStage)), None)

    def process(self, articles: Sequence[Article]) -> list[Outcome]:
        """Outcomes in input order: the finished Article (Doc dropped), a Failure, or
        Known when the store already holds the article."""
        results: list[Outcome] = list(articles)
        self._run(self.head, results)
        if self.known is not None:
            ids = [r.id for r in results if isinstance(r, Article) and r.id]
            stored = self.known(ids) if ids else set()
            results = [
                Known(r.id) if isinstance(r, Article) and r.id in stored and r.id else r
                for r in results
            ]
        lengths = [len(r.text) if isinstance(r, Article) else 0 for r in results]
        size = self.pipeline.settings.batch_size
        for start, end in parse_batches(lengths, size, self.parse_chars):
            part = results[start:end]
            with self._zone():
                self._run(self.tail, part)
                for result in part:
                    if isinstance(result, Article):
                        result.doc = None
            results[start:end] = part
            self.batches += 1
        return results

    def _zone(self) -> contextlib.AbstractContextManager[object]:
        if self.memory_zone and self.nlp is not None and self.batches > 0:
            return self.nlp.memory_zone()
        return contextlib.nullcontext()

    def _run(self, stages: Sequence[Stage], results: list[Outcome]) -> None:
        """Run `stages` over the live articles in `results`, in place (as Pipeline.pipe
        does for a batch, with its per-stage clock)."""
        for stage in stages:
            alive = [(i, r) for i, r in enumerate(results) if isinstance(r, Article)]
            if not alive:
                return
            started = time.perf_counter()
            outputs = stage.pipe([article for _, article in alive])
            for (i, _), output in zip(alive, outputs, strict=True):
                results[i] = output
            self.pipeline.seconds[stage.name] += time.perf_counter() - started


# --- worker processes of a local pool ----------------------------------------------------

_WORKER: Worker | None = None


def pin_threads(environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """One thread per thread pool, unless the user chose otherwise."""
    for name in THREAD_VARS:
        environ.setdefault(name, "1")


def prepare_shared_data() -> None:
    """Build, once and here, the data files stages otherwise build on first use (the
    gazetteer, about 12 s): N workers starting together would each build it."""
    from eventwire.resources.gazetteer import base_path, build_base

    base = base_path()
    if not base.exists():
        build_base(base)


def start_worker(settings: Settings, db: str | None, parent: int) -> None:
    """Pool initializer: ignore Ctrl-C (the parent decides how to stop), load the
    pipeline once, and exit if the parent dies (a SIGKILL leaves no orphans)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    known = None
    if db and db != ":memory:":
        from eventwire.store import open_store

        known = open_store(db).stored_ids
    _WORKER = Worker(settings, known)


def _watch_parent(parent: int) -> None:
    """Exit once the ingest process is gone. The worker's own parent is the ingest (spawn)
    or the fork server, which exits with it; either way a dead parent means a new one."""
    ppid = os.getppid()
    while True:
        time.sleep(1.0)
        if os.getppid() != ppid:
            os._exit(1)
        try:  # killed but not yet reaped counts as gone: a zombie holds no work
            if psutil.Process(parent).status() == psutil.STATUS_ZOMBIE:
                os._exit(1)
        except psutil.Error:
            os._exit(1)


def process_batch(articles: list[Article]) -> tuple[list[Outcome], int, float]:
    """Pool task: outcomes, this worker's pid and its peak RSS (MiB). Articles come back
    without `raw`, which no stage changes and the sender still holds (`restore_raw`):
    half the bytes to pickle."""
    assert _WORKER is not None, "start_worker() first"
    outcomes = _WORKER.process(articles)
    for outcome in outcomes:
        if isinstance(outcome, Article):
            outcome.raw = ""
    return outcomes, os.getpid(), peak_rss_mib()


def restore_raw(sent: Sequence[Article], outcomes: Sequence[Outcome]) -> None:
    """Put back the `raw` that `process_batch` left out (outcomes align with `sent`)."""
    for article, outcome in zip(sent, outcomes, strict=True):
        if isinstance(outcome, Article):
            outcome.raw = article.raw
