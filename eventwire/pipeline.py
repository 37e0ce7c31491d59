"""The Pipeline: named stages in order, checked before they run, run in batches.

    text -> language -> fingerprint -> nlp -> mentions -> places -> time -> actors
         -> claims -> events

A pipeline refuses an order in which a stage reads a field that neither the input nor an
earlier stage provides. `pipe()` streams articles in batches (spaCy's `nlp.pipe` parses
each batch) and yields, in input order, either the finished Article or a Failure saying
which stage could not handle it; one bad article never stops the others.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from eventwire.errors import PipelineError
from eventwire.model import Article, Failure
from eventwire.settings import Settings
from eventwire.stages import REGISTRY, Stage
from eventwire.stages.base import field_names

INPUT_FIELDS = (
    "article.raw",
    "article.format",
    "article.source",
    "article.published",
    "article.title",
)
"""What a reader provides before any stage runs."""

DEFAULT_STAGES = (
    "text",
    "language",
    "fingerprint",
    "nlp",
    "mentions",
    "places",
    "time",
    "actors",
    "claims",
    "events",
)


def check_order(stages: Sequence[type[Stage]], provided: Iterable[str] = INPUT_FIELDS) -> None:
    """Raise PipelineError when a stage requires a field nobody assigned before it."""
    available = set(provided)
    for stage in stages:
        missing = [field for field in stage.requires if field not in available]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {field_names(missing)}, which no earlier "
                f"stage assigns (available then: {field_names(available)})"
            )
        available.update(stage.assigns)


def stage_class(name: str) -> type[Stage]:
    """The registered stage called `name`."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise PipelineError(f"unknown stage {name!r} (known: {field_names(REGISTRY)})") from None


class Pipeline:
    """An ordered, checked list of stages. Models load on first use."""

    def __init__(
        self, stages: Sequence[str] = DEFAULT_STAGES, settings: Settings | None = None
    ) -> None:
        if len(set(stages)) != len(stages):
            raise PipelineError(f"a stage appears twice in {list(stages)}")
        classes = [stage_class(name) for name in stages]
        check_order(classes)
        self.settings = settings or Settings()
        self.stages: list[Stage] = [cls(self.settings) for cls in classes]
        self.seconds: dict[str, float] = dict.fromkeys(self.names, 0.0)
        """Time spent in each stage so far (wall clock), for profiles and benchmarks."""
        self._initialized = False

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def initialize(self) -> None:
        """Load every stage's data and models (idempotent)."""
        if not self._initialized:
            for stage in self.stages:
                stage.initialize(self.stages)
            self._initialized = True

    def run(self, article: Article) -> Article | Failure:
        """Process one article."""
        return next(self.pipe([article], batch_size=1))

    def pipe(
        self, articles: Iterable[Article], batch_size: int | None = None
    ) -> Iterator[Article | Failure]:
        """Process articles lazily, a batch at a time, yielding results in input order."""
        self.initialize()
        size = batch_size or self.settings.batch_size
        iterator = iter(articles)
        while batch := list(islice(iterator, size)):
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article | Failure]:
        results: list[Article | Failure] = list(batch)
        for stage in self.stages:
            alive = [(i, result) for i, result in enumerate(results) if isinstance(result, Article)]
            if not alive:
                break
            started = time.perf_counter()
            outputs = stage.pipe([article for _, article in alive])
            for (i, _), output in zip(alive, outputs, strict=True):
                results[i] = output
            self.seconds[stage.name] += time.perf_counter() - started
        return results
