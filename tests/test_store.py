from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eventwire import Article, Mention, Source, Span, StoreError, open_store
from eventwire.store import SQLiteStore
from eventwire.store.migrations import MIGRATIONS, Migration, applied, migrate


def _article(text: str = "Rebels shelled Idlib.", mentions: int = 1) -> Article:
    from eventwire.stages.text import article_id

    article = Article(raw=text, text=text, id=article_id(text), source=Source(path="a.txt"))
    article.sentences = [Span(0, len(text))]
    article.mentions = [Mention(15, 20, "Idlib", "GPE")] * mentions
    return article


def test_round_trip(store: SQLiteStore) -> None:
    article = _article()
    article.title, article.published, article.published_source = "T", "2020-01-02", "given"
    assert store.add(article).status == "new"
    got = store.get(article.id or "")
    assert got is not None
    assert (got.text, got.title, got.published, got.published_source) == (
        article.text,
        "T",
        "2020-01-02",
        "given",
    )
    assert got.mentions == article.mentions
    assert got.sentences == article.sentences
    assert got.source.path == "a.txt"


def test_storing_the_same_article_twice_changes_nothing(store: SQLiteStore) -> None:
    article = _article()
    first = store.add_many([article, _article("Another report.")])
    assert [a.status for a in first] == ["new", "new"]
    before = store.counts()
    again = store.add_many([_article(), _article("Another report.")])
    assert [a.status for a in again] == ["duplicate", "duplicate"]
    assert store.counts() == before == {"articles": 2, "mentions": 2}


def test_get_by_prefix(store: SQLiteStore) -> None:
    article = _article()
    store.add(article)
    assert article.id
    got = store.get(article.id[:6])
    assert got is not None and got.id == article.id
    assert store.get("ffffffffffffffff0") is None


def test_a_failing_batch_leaves_nothing_half_written(store: SQLiteStore) -> None:
    good = _article("A good report.")
    bad = _article("A bad report.")
    bad.mentions = [Mention(5, 1, "x", "ORG")]  # violates the start <= end check
    with pytest.raises(sqlite3.IntegrityError):
        store.add_many([good, bad])
    assert store.counts() == {"articles": 0, "mentions": 0}


def test_file_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "ew.db"
    with open_store(path) as store:
        assert isinstance(store, SQLiteStore)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        store.add(_article())
    with open_store(path) as again:  # reopening applies no migration twice
        assert applied(again.conn) == [m.name for m in MIGRATIONS]  # type: ignore[attr-defined]
        assert again.counts()["articles"] == 1


def test_a_failing_migration_rolls_back() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    broken = (*MIGRATIONS, Migration("0099_broken", "CREATE TABLE t (x);\nNOT SQL;"))
    with pytest.raises(StoreError, match="migration 0099_broken failed"):
        migrate(conn, broken)
    assert applied(conn) == [m.name for m in MIGRATIONS]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "t" not in tables


def test_refuses_a_database_from_another_version() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, (Migration("0001_other", "CREATE TABLE x (a);"),))
    with pytest.raises(StoreError, match="written by another version"):
        migrate(conn)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="cannot open as an eventwire database"):
        open_store(path)


def test_postgres_is_not_silently_accepted() -> None:
    with pytest.raises(StoreError, match="PostgreSQL backend is not available"):
        open_store("postgresql://localhost/events")


def test_places_times_claims_and_events_round_trip(store: SQLiteStore) -> None:
    from eventwire import Actor, Claim, Event, GazetteerEntry, Participant, Place, Quantity, TimeRef

    article = _article()
    article.places = [
        Place(15, 20, "Idlib", GazetteerEntry(169387, "Idlib", "SY", "13", 35.8, 36.6), 3, 0.9)
    ]
    article.times = [TimeRef(0, 6, "Monday", "2016-12-12", "date", "day", "2016-12-12")]
    article.claims = [
        Claim(
            0,
            21,
            article.text,
            "indirect",
            source=Span(0, 6),
            cue=Span(7, 14),
            content=[Span(15, 20)],
            hedge="claimed",
            quantities=[Quantity(0, 2, "98", value=98, percent=True)],
        )
    ]
    article.actors = [Actor("REB", "rebels", sector="REB")]
    rebels = Participant(0, 6, "Rebels", actor="REB", sector="REB")
    article.events = [
        Event(
            7,
            14,
            "shelled",
            "ASSAULT",
            actor=rebels,
            place=0,
            date=0,
            claim=0,
            evidence=[Span(0, 21)],
        )
    ]
    article.creation = TimeRef(0, 0, "", "2016-12", "date", "month", "2016-12 (inferred)")
    store.add(article)
    got = store.get(article.id or "")
    assert got is not None
    assert got.creation == article.creation
    assert (got.places, got.times, got.claims, got.events, got.actors) == (
        article.places,
        article.times,
        article.claims,
        article.events,
        article.actors,
    )
