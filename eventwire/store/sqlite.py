"""The default store: one SQLite file (WAL, foreign keys on), no server needed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from eventwire.errors import StoreError
from eventwire.model import Article, Mention, Source, Span
from eventwire.store.base import Store
from eventwire.store.migrations import migrate

_ARTICLE_COLUMNS = (
    "id, title, dateline, published, published_source, language, source_path, source_url, "
    "source_outlet, source_record, text, raw, sentences, ingested_at"
)
_TABLES = ("articles", "mentions")


class SQLiteStore(Store):
    """Articles and what was found in them, in one SQLite database file (or ":memory:")."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self.conn)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path}: cannot open as an eventwire database: {error}"
            ) from None

    def add_many(self, articles: Iterable[Article]) -> list[bool]:
        articles = list(articles)
        for article in articles:
            if not article.id:
                raise StoreError("cannot store an article without an id: run the text stage first")
        new: list[bool] = []
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for article in articles:
                inserted = self._insert(article, stamp)
                new.append(inserted)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return new

    def _insert(self, article: Article, stamp: str) -> bool:
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO articles ({_ARTICLE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.title,
                article.dateline,
                article.published,
                article.published_source,
                article.language,
                article.source.path,
                article.source.url,
                article.source.outlet,
                article.source.record,
                article.text,
                article.raw,
                json.dumps([[s.start, s.end] for s in article.sentences]),
                stamp,
            ),
        )
        if cursor.rowcount == 0:
            return False
        self.conn.executemany(
            'INSERT INTO mentions (article_id, seq, start, "end", text, label, actor) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (article.id, seq, m.start, m.end, m.text, m.label, m.actor)
                for seq, m in enumerate(article.mentions)
            ],
        )
        return True

    def get(self, article_id: str) -> Article | None:
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ? OR id LIKE ? LIMIT 2",
            (article_id, article_id.replace("%", "").replace("_", "") + "%"),
        ).fetchall()
        exact = [row for row in rows if row[0] == article_id]
        if exact:
            rows = exact
        if len(rows) > 1:
            raise StoreError(f"id prefix {article_id!r} matches several articles: give more digits")
        if not rows:
            return None
        return self._article(rows[0])

    def _article(self, row: tuple[str, ...]) -> Article:
        (
            aid,
            title,
            dateline,
            published,
            published_source,
            language,
            path,
            url,
            outlet,
            record,
            text,
            raw,
            sentences,
            _,
        ) = row
        article = Article(
            raw=raw,
            source=Source(path=path, url=url, outlet=outlet, record=record),
            id=aid,
            text=text,
            title=title,
            dateline=dateline,
            published=published,
            published_source=published_source,  # type: ignore[arg-type]
            language=language,
            sentences=[Span(start, end) for start, end in json.loads(sentences)],
        )
        article.mentions = [
            Mention(start, end, mtext, label, actor)
            for start, end, mtext, label, actor in self.conn.execute(
                'SELECT start, "end", text, label, actor FROM mentions '
                "WHERE article_id = ? ORDER BY seq",
                (aid,),
            )
        ]
        return article

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in _TABLES
        }

    def close(self) -> None:
        self.conn.close()
