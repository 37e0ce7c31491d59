"""The one interface every store backend implements (SQLite now, PostgreSQL later).

A store is idempotent by article id: adding an article it already holds changes nothing.
Each call that writes is one transaction: a batch lands whole or not at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from types import TracebackType

from eventwire.model import Article


class Store(ABC):
    """Where processed articles live."""

    @abstractmethod
    def add_many(self, articles: Iterable[Article]) -> list[bool]:
        """Store articles in one transaction; for each, True if it was new."""

    def add(self, article: Article) -> bool:
        """Store one article; True if it was new, False if it was already there."""
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
