"""The default store: one SQLite file (WAL, foreign keys on), no server needed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventwire.errors import StoreError
from eventwire.model import (
    Actor,
    Article,
    Claim,
    Event,
    Mention,
    Place,
    Source,
    Span,
    TimeRef,
    from_dict,
    to_dict,
)
from eventwire.store import neardup
from eventwire.store.base import Added, FailedInput, InputStatus, Store
from eventwire.store.migrations import migrate

_COLUMNS = (
    "id",
    "format",
    "title",
    "author",
    "dateline",
    "published",
    "published_source",
    "published_reason",
    "language",
    "source_path",
    "source_url",
    "source_outlet",
    "source_record",
    "text",
    "raw",
    "sentences",
    "captions",
    "fingerprint",
    "near_duplicate_of",
    "ingested_at",
    "places",
    "times",
    "claims",
    "events",
    "creation",
    "actors",
)
_ITEM_LISTS = {
    "places": Place,
    "times": TimeRef,
    "claims": Claim,
    "events": Event,
    "actors": Actor,
}
"""Lists kept as JSON documents in their article's row until a query needs their own table."""
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

    def add_many(
        self,
        articles: Iterable[Article],
        *,
        keys: Sequence[str | None] | None = None,
        seen: Sequence[tuple[str, str]] = (),
        failures: Sequence[FailedInput] = (),
    ) -> list[Added]:
        articles = list(articles)
        for article in articles:
            if not article.id:
                raise StoreError("cannot store an article without an id: run the text stage first")
        if keys is not None and len(keys) != len(articles):
            raise StoreError(f"{len(keys)} input keys for {len(articles)} articles")
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            added = [self._insert(article, stamp) for article in articles]
            done = [
                (key, article.id)
                for key, article in zip(keys or [], articles, strict=False)
                if key is not None and article.id is not None
            ]
            self._record_inputs([*done, *seen], failures, stamp)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return added

    def _record_inputs(
        self, done: list[tuple[str, str]], failures: Sequence[FailedInput], stamp: str
    ) -> None:
        """Inside the caller's transaction: inputs done (and no longer failed), failures."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO inputs (key, article_id, done_at) VALUES (?, ?, ?)",
            [(key, article_id, stamp) for key, article_id in done],
        )
        self.conn.executemany("DELETE FROM failures WHERE key = ?", [(key,) for key, _ in done])
        self.conn.executemany(
            "INSERT OR REPLACE INTO failures (key, path, record, stage, reason, failed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(f.key, f.path, f.record, f.stage, f.reason, f.failed_at or stamp) for f in failures],
        )

    def input_status(self, keys: Sequence[str]) -> dict[str, InputStatus]:
        status: dict[str, InputStatus] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for (key,) in self.conn.execute(
                f"SELECT key FROM failures WHERE key IN ({marks})", chunk
            ):
                status[key] = "failed"
            for (key,) in self.conn.execute(
                f"SELECT key FROM inputs WHERE key IN ({marks})", chunk
            ):
                status[key] = "done"
        return status

    def failed_inputs(self) -> list[FailedInput]:
        return [
            FailedInput(*row)
            for row in self.conn.execute(
                "SELECT key, path, record, stage, reason, failed_at FROM failures ORDER BY rowid"
            )
        ]

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT id FROM articles WHERE id IN ({marks})", chunk
                )
            )
        return found

    def _insert(self, article: Article, stamp: str) -> Added:
        assert article.id is not None
        if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return Added(article.id, "duplicate")  # stored before: no near-duplicate search
        original = self._near_duplicate_of(article)
        row = _row(article, original, stamp)
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(_COLUMNS))})",
            [row[column] for column in _COLUMNS],
        )
        if cursor.rowcount == 0:
            return Added(article.id, "duplicate")
        self.conn.executemany(
            'INSERT INTO mentions (article_id, seq, start, "end", text, label, actor) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (article.id, seq, m.start, m.end, m.text, m.label, m.actor)
                for seq, m in enumerate(article.mentions)
            ],
        )
        self.conn.executemany(
            "INSERT INTO article_bands (article_id, band, key) VALUES (?, ?, ?)",
            [(article.id, band, key) for band, key in neardup.band_keys(article.fingerprint)],
        )
        if original:
            return Added(article.id, "near-duplicate", original)
        return Added(article.id, "new")

    def _near_duplicate_of(self, article: Article) -> str | None:
        """The first-stored article this one is a near-copy of, if any."""
        keys = neardup.band_keys(article.fingerprint)
        if not keys:
            return None
        placeholders = " OR ".join("(band = ? AND key = ?)" for _ in keys)
        candidates = self.conn.execute(
            "SELECT a.id, a.fingerprint, a.near_duplicate_of FROM articles a WHERE a.id IN "
            f"(SELECT article_id FROM article_bands WHERE {placeholders}) AND a.id != ? "
            "ORDER BY a.rowid",
            [value for pair in keys for value in pair] + [article.id],
        ).fetchall()
        for candidate_id, blob, its_original in candidates:
            other = neardup.unpack(blob)
            assert article.fingerprint is not None and other is not None
            if neardup.containment(article.fingerprint, other) >= neardup.NEAR_DUPLICATE:
                return str(its_original or candidate_id)
        return None

    def get(self, article_id: str) -> Article | None:
        rows = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE id = ? OR id LIKE ? LIMIT 2",
            (article_id, article_id.replace("%", "").replace("_", "") + "%"),
        ).fetchall()
        exact = [row for row in rows if row[0] == article_id]
        if exact:
            rows = exact
        if len(rows) > 1:
            raise StoreError(f"id prefix {article_id!r} matches several articles: give more digits")
        if not rows:
            return None
        return self._article(dict(zip(_COLUMNS, rows[0], strict=True)))

    def articles(self) -> Iterator[Article]:
        cursor = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles ORDER BY rowid")
        for row in cursor:
            yield self._article(dict(zip(_COLUMNS, row, strict=True)))

    def _article(self, row: dict[str, Any]) -> Article:
        article = Article(
            raw=row["raw"],
            format=row["format"],
            source=Source(
                path=row["source_path"],
                url=row["source_url"],
                outlet=row["source_outlet"],
                record=row["source_record"],
            ),
            id=row["id"],
            text=row["text"],
            title=row["title"],
            author=row["author"],
            dateline=row["dateline"],
            published=row["published"],
            published_source=row["published_source"],
            published_reason=row["published_reason"],
            language=row["language"],
            captions=json.loads(row["captions"]),
            sentences=[Span(start, end) for start, end in json.loads(row["sentences"])],
            fingerprint=neardup.unpack(row["fingerprint"]),
            near_duplicate_of=row["near_duplicate_of"],
        )
        if row["creation"]:
            article.creation = from_dict(TimeRef, json.loads(row["creation"]))
        for name, kind in _ITEM_LISTS.items():
            setattr(article, name, [from_dict(kind, item) for item in json.loads(row[name])])
        article.mentions = [
            Mention(start, end, text, label, actor)
            for start, end, text, label, actor in self.conn.execute(
                'SELECT start, "end", text, label, actor FROM mentions '
                "WHERE article_id = ? ORDER BY seq",
                (article.id,),
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


def _row(article: Article, near_duplicate_of: str | None, stamp: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "format": article.format,
        "title": article.title,
        "author": article.author,
        "dateline": article.dateline,
        "published": article.published,
        "published_source": article.published_source,
        "published_reason": article.published_reason,
        "language": article.language,
        "source_path": article.source.path,
        "source_url": article.source.url,
        "source_outlet": article.source.outlet,
        "source_record": article.source.record,
        "text": article.text,
        "raw": article.raw,
        "sentences": json.dumps([[s.start, s.end] for s in article.sentences]),
        "captions": json.dumps(article.captions, ensure_ascii=False),
        "fingerprint": neardup.pack(article.fingerprint) if article.fingerprint else None,
        "near_duplicate_of": near_duplicate_of,
        "ingested_at": stamp,
        **{
            name: json.dumps(to_dict(getattr(article, name)), ensure_ascii=False)
            for name in _ITEM_LISTS
        },
        "creation": json.dumps(to_dict(article.creation)) if article.creation else None,
    }
