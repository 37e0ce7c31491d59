"""The one interface every store backend implements (SQLite now, PostgreSQL later).

A store is idempotent by article id: adding an article it already holds changes nothing.
Each call that writes is one transaction: a batch lands whole or not at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

from eventwire.model import Article


@dataclass(frozen=True, slots=True)
class Added:
    """What storing one article did."""

    article_id: str
    status: Literal["new", "duplicate", "near-duplicate"]
    """duplicate: already stored, nothing changed; near-duplicate: stored, and linked to
    the earlier article it copies."""
    near_duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class FailedInput:
    """An input record that could not be read or processed, kept so that a rerun skips it
    (or retries it) and a user can see why."""

    key: str
    """The input key (file, record, size, mtime) that a rerun looks up."""
    path: str | None
    record: str | None
    stage: str
    reason: str
    failed_at: str = ""

    def __str__(self) -> str:
        where = self.path or "<input>"
        return f"{where}:{self.record}: {self.reason}" if self.record else f"{where}: {self.reason}"


InputStatus = Literal["done", "failed"]


class Store(ABC):
    """Where processed articles live.

    Besides articles, a store remembers which inputs it has finished (an input key per
    record read, see `eventwire.scale.inputs.input_key`) and which failed, so that an
    interrupted ingest can be run again and pick up where it stopped.
    """

    @abstractmethod
    def add_many(
        self,
        articles: Iterable[Article],
        *,
        keys: Sequence[str | None] | None = None,
        seen: Sequence[tuple[str, str]] = (),
        failures: Sequence[FailedInput] = (),
    ) -> list[Added]:
        """Store articles in one transaction; say for each what happened.

        In the same transaction: `keys` (one per article, or None) records the input
        each article came from as done; `seen` records (input key, article id) pairs
        for inputs whose article was already stored; `failures` records failed inputs.
        An input recorded as done loses any failure recorded for it before."""

    @abstractmethod
    def input_status(self, keys: Sequence[str]) -> dict[str, InputStatus]:
        """For the keys this store knows: "done" (stored) or "failed"."""

    @abstractmethod
    def failed_inputs(self) -> list[FailedInput]:
        """Every input recorded as failed, oldest first."""

    @abstractmethod
    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are stored."""

    def add(self, article: Article) -> Added:
        """Store one article."""
        return self.add_many([article])[0]

    @abstractmethod
    def get(self, article_id: str) -> Article | None:
        """The stored article with this id, or with this unique id prefix."""

    @abstractmethod
    def articles(self) -> Iterator[Article]:
        """Every stored article, in the order stored (for exports and re-processing)."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and checks."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
