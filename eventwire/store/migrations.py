"""Named, ordered, transactional schema migrations for the SQLite store.

Each migration runs once, inside its own transaction, and is recorded in `_migrations`;
a migration that fails leaves the database as it was. Append new migrations at the end,
never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from eventwire.errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_articles_and_mentions",
        """
        CREATE TABLE articles (
            id               TEXT PRIMARY KEY,
            title            TEXT,
            dateline         TEXT,
            published        TEXT,
            published_source TEXT,
            language         TEXT,
            source_path      TEXT,
            source_url       TEXT,
            source_outlet    TEXT,
            source_record    TEXT,
            text             TEXT NOT NULL,
            raw              TEXT NOT NULL,
            sentences        TEXT NOT NULL DEFAULT '[]',
            ingested_at      TEXT NOT NULL
        );
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq        INTEGER NOT NULL,
            start      INTEGER NOT NULL,
            "end"      INTEGER NOT NULL,
            text       TEXT NOT NULL,
            label      TEXT NOT NULL,
            actor      TEXT,
            PRIMARY KEY (article_id, seq),
            CHECK (start <= "end")
        );
        CREATE INDEX mentions_text ON mentions(text);
        """,
    ),
    Migration(
        "0002_reading_metadata_and_near_duplicates",
        """
        ALTER TABLE articles ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE articles ADD COLUMN author TEXT;
        ALTER TABLE articles ADD COLUMN published_reason TEXT;
        ALTER TABLE articles ADD COLUMN captions TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE articles ADD COLUMN fingerprint BLOB;
        ALTER TABLE articles ADD COLUMN near_duplicate_of TEXT REFERENCES articles(id);
        CREATE TABLE article_bands (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            band       INTEGER NOT NULL,
            key        INTEGER NOT NULL,
            PRIMARY KEY (article_id, band)
        );
        CREATE INDEX article_bands_key ON article_bands(band, key);
        """,
    ),
    Migration(
        "0003_places_times_claims_events",
        """
        ALTER TABLE articles ADD COLUMN places TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE articles ADD COLUMN times TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE articles ADD COLUMN claims TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE articles ADD COLUMN events TEXT NOT NULL DEFAULT '[]';
        """,
    ),
    Migration(
        "0004_creation_time",
        "ALTER TABLE articles ADD COLUMN creation TEXT;",
    ),
    Migration(
        "0005_inputs_and_failures",
        """
        CREATE TABLE inputs (
            key        TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            done_at    TEXT NOT NULL
        );
        CREATE INDEX inputs_article ON inputs(article_id);
        CREATE TABLE failures (
            key       TEXT PRIMARY KEY,
            path      TEXT,
            record    TEXT,
            stage     TEXT NOT NULL,
            reason    TEXT NOT NULL,
            failed_at TEXT NOT NULL
        );
        CREATE INDEX failures_path ON failures(path, record);
        """,
    ),
    Migration(
        "0006_actors",
        "ALTER TABLE articles ADD COLUMN actors TEXT NOT NULL DEFAULT '[]';",
    ),
)


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied, in order."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations not yet applied; return their names. The connection must be
    in autocommit mode (isolation_level=None) so each migration is its own transaction."""
    done = applied(conn)
    known = [m.name for m in migrations]
    if done != known[: len(done)]:
        raise StoreError(
            f"database schema {done} does not match this eventwire's migrations {known}: "
            "it was written by another version"
        )
    ran = []
    for migration in migrations[len(done) :]:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        script = (
            f"BEGIN;\n{migration.sql}\n"
            f"INSERT INTO _migrations (name, applied_at) VALUES ('{migration.name}', '{stamp}');\n"
            "COMMIT;"
        )
        try:
            conn.executescript(script)
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"migration {migration.name} failed: {error}") from error
        ran.append(migration.name)
    return ran
