"""The one writer: outcomes of a batch into the store in one transaction, and the tally.

Every mode (in-process, a local pool, `eventwire load` of Dask parts) writes through
here, batch by batch in input order, so article ids, near-duplicate links and the
summary are the same whichever way the work was spread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from eventwire.model import Article, Failure
from eventwire.scale.inputs import Item, Skipped, failed_input
from eventwire.scale.worker import Known, Outcome
from eventwire.store import FailedInput, Store


@dataclass(slots=True)
class Summary:
    """What an ingest did."""

    new: int = 0
    duplicate: int = 0
    """Already stored: by an earlier input of this run, or of an earlier run."""
    near_duplicate: int = 0
    failures: list[FailedInput] = field(default_factory=list)
    """Inputs that failed in this run."""
    skipped: Skipped = field(default_factory=Skipped)
    written: int = 0
    """Records whose outcome this run wrote (articles, known ones and failures)."""
    interrupted: int | None = None
    """The signal that stopped the run early, if one did."""
    workers: dict[int, float] = field(default_factory=dict)
    """Worker process id -> its peak resident memory in MiB (empty in-process)."""
    processes: int = 0
    """Worker processes started (some may get no batch of a small job); 0 in-process."""
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        """Failed in this run, plus failed before and not retried."""
        return len(self.failures) + len(self.skipped.failed)

    @property
    def exact_duplicates(self) -> int:
        """Duplicates found in this run plus inputs finished by an earlier run."""
        return self.duplicate + self.skipped.done

    def line(self) -> str:
        """The one-line summary: N new, N exact duplicates, N near-duplicates, N failed."""
        return (
            f"{self.new} new, {self.exact_duplicates} exact duplicates, "
            f"{self.near_duplicate} near-duplicates, {self.failed} failed"
        )

    def failure_reasons(self) -> Counter[str]:
        """Failures of this run and earlier ones, counted by stage."""
        return Counter(f.stage for f in [*self.failures, *self.skipped.failed])


Report = Callable[[str], None]
"""Where one-line notices go (errors, near-duplicates) while a run goes on."""


def merge(items: Sequence[Item], outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Outcomes for every item: the worker's for articles, the read failure otherwise."""
    it = iter(outcomes)
    merged = [next(it) if isinstance(item.work, Article) else item.work for item in items]
    if next(it, None) is not None:
        raise ValueError("more outcomes than articles")
    return merged


def articles_of(items: Sequence[Item]) -> list[Article]:
    """The articles to hand to a worker (read failures stay with the writer)."""
    return [item.work for item in items if isinstance(item.work, Article)]


class Writer:
    """Writes one batch per transaction and keeps the tally."""

    def __init__(self, store: Store, summary: Summary, report: Report) -> None:
        self.store = store
        self.summary = summary
        self.report = report

    def write(self, keys: Sequence[str], outcomes: Sequence[Outcome]) -> None:
        articles: list[Article] = []
        article_keys: list[str | None] = []
        seen: list[tuple[str, str]] = []
        failures: list[FailedInput] = []
        for key, outcome in zip(keys, outcomes, strict=True):
            if isinstance(outcome, Article):
                articles.append(outcome)
                article_keys.append(key)
            elif isinstance(outcome, Known):
                seen.append((key, outcome.article_id))
            else:
                assert isinstance(outcome, Failure)
                failures.append(failed_input(key, outcome))
        added = self.store.add_many(articles, keys=article_keys, seen=seen, failures=failures)
        summary = self.summary
        summary.written += len(outcomes)
        summary.duplicate += len(seen)
        summary.failures.extend(failures)
        for outcome in outcomes:
            if isinstance(outcome, Failure):
                self.report(f"error: {outcome}")
        for article, result in zip(articles, added, strict=True):
            if result.status == "new":
                summary.new += 1
            elif result.status == "duplicate":
                summary.duplicate += 1
            else:
                summary.near_duplicate += 1
                where = article.source.path or article.source.url
                self.report(
                    f"near-duplicate: {where} ({result.article_id}) copies "
                    f"{result.near_duplicate_of}"
                )
