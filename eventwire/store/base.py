"""The one interface every store backend implements (SQLite now, PostgreSQL later).

A store is idempotent by article id: adding an article it already holds changes nothing.
Each call that writes is one transaction: a batch lands whole or not at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
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


class Store(ABC):
    """Where processed articles live."""

    @abstractmethod
    def add_many(self, articles: Iterable[Article]) -> list[Added]:
        """Store articles in one transaction; say for each what happened."""

    def add(self, article: Article) -> Added:
        """Store one article."""
        return self.add_many([article])[0]

    @abstractmethod
    def get(self, article_id: str) -> Article | None:
        """The stored article with this id, or with this unique id prefix."""

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
