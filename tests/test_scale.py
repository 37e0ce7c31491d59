"""Scale: parallel ingest equals one worker, a SIGKILL or Ctrl-C loses nothing and a rerun
finishes the job, Dask parts load into the same store, failures are kept and retried.

Real processes, real SQLite, the real model; reports written here (fictional). Batches
of 2 (EVENTWIRE_BATCH_SIZE) so that a few dozen reports make many transactions.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from eventwire import Pipeline, read_path
from eventwire.cli import main
from eventwire.model import Article, to_dict
from eventwire.scale import Worker
from eventwire.settings import Settings

BIN = Path(sys.executable).parent / "eventwire"
pytestmark = pytest.mark.skipif(not BIN.exists(), reason="eventwire is not installed")

PLACES = ["Harran", "Bel Azar", "Qasr Tula", "Marin", "Ostrava Nova", "Kessel", "Tamrit"]
ACTORS = [
    "fighters of the Northern Front",
    "government troops",
    "riot police",
    "militia members loyal to Omar Vance",
    "rebels of the Free Valley Army",
]
ACTS = [
    "shelled the central market of",
    "seized a checkpoint outside",
    "withdrew from the outskirts of",
    "detained dozens of students in",
    "besieged the hospital of",
]
SOURCES = [
    "a local official, Sara Lind, said",
    "the provincial governor told reporters",
    "according to the Red Crescent",
    "witnesses said",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def report(i: int) -> str:
    """A short fictional dispatch; every i gives a different text."""
    place, actor, act = PLACES[i % 7], ACTORS[i % 5], ACTS[(i // 5) % 5]
    source, other = SOURCES[i % 4], SOURCES[(i + 1) % 4]
    return (
        f"{actor.capitalize()} {act} {place}\n\n"
        f"{place.upper()} - {actor.capitalize()} {act} {place} on {DAYS[i % 7]}, {source}. "
        f"At least {i + 3} people were killed and {7 * i + 20} wounded, {other}.\n\n"
        f"The United Nations said {100 + 13 * i} families had fled toward the coast since "
        f"{DAYS[(i + 3) % 7]}, and that aid convoys to {PLACES[(i + 2) % 7]} were stopped. "
        f"Talks between the two sides are due to resume in Geneva next week.\n"
    )


def write_inputs(folder: Path, n: int, *, bad: bool = True) -> Path:
    """n reports as files (the last few as JSONL records), plus inputs that fail."""
    folder.mkdir(parents=True)
    files = n - 3
    for i in range(files):
        (folder / f"r{i:03d}.txt").write_text(report(i), encoding="utf-8")
    lines = [json.dumps({"text": report(i)}) for i in range(files, n)]
    if bad:
        lines.insert(1, '{"text": ')  # a broken line fails alone
        (folder / "latin.txt").write_bytes("Sanaa: frappes a\u00e9riennes".encode("latin-1"))
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def env(batch: int = 2) -> dict[str, str]:
    return {**os.environ, "EVENTWIRE_BATCH_SIZE": str(batch)}


def ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "ingest", "--quiet", *args],
        capture_output=True,
        text=True,
        env=env(),
        check=False,
        timeout=600,
    )


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything stored, in storage order, less the times things were written."""
    conn = sqlite3.connect(db)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
    kept = [c for c in columns if c != "ingested_at"]
    queries = {
        "articles": f"SELECT {', '.join(kept)} FROM articles ORDER BY rowid",
        "mentions": "SELECT * FROM mentions ORDER BY article_id, seq",
        "bands": "SELECT * FROM article_bands ORDER BY article_id, band",
        "inputs": "SELECT key, article_id FROM inputs ORDER BY key",
        "failures": "SELECT key, path, record, stage, reason FROM failures ORDER BY key",
    }
    result = {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    conn.close()
    return result


def expected_ids(folder: Path) -> set[str]:
    """The id of every good report: the text stage alone computes it."""
    text = Pipeline(["text"])
    ids = set()
    for path in folder.glob("r*.txt"):
        article = text.run(read_path(path))
        assert isinstance(article, Article) and article.id
        ids.add(article.id)
    for line in (folder / "wire.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            body = json.loads(line)["text"]
        except json.JSONDecodeError:
            continue
        done = text.run(Article(raw=body))
        assert isinstance(done, Article) and done.id
        ids.add(done.id)
    return ids


def assert_whole(db: Path, ids: set[str]) -> None:
    """Exactly these articles, each once and whole: mentions, sentences, LSH bands and
    its input recorded."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, sentences FROM articles").fetchall()
    assert sorted(r[0] for r in rows) == sorted(ids)
    for article_id, sentences in rows:
        assert json.loads(sentences), article_id
        (mentions,) = conn.execute(
            "SELECT count(*) FROM mentions WHERE article_id = ?", (article_id,)
        ).fetchone()
        (bands,) = conn.execute(
            "SELECT count(*) FROM article_bands WHERE article_id = ?", (article_id,)
        ).fetchone()
        (inputs,) = conn.execute(
            "SELECT count(*) FROM inputs WHERE article_id = ?", (article_id,)
        ).fetchone()
        assert mentions > 0 and bands == 32 and inputs >= 1, article_id
    conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """30 inputs (28 good, 2 failing) and the store one in-process worker makes of them."""
    root = tmp_path_factory.mktemp("scale")
    folder = write_inputs(root / "in", 28)
    reference = root / "reference.db"
    done = ingest(str(folder), "--db", str(reference), "--workers", "1")
    assert done.returncode == 1, done.stderr  # two inputs fail
    assert "failed by stage: read 2" in done.stderr
    return folder, reference


def test_two_workers_store_what_one_worker_stores(corpus: tuple[Path, Path], tmp_path: Path):
    folder, reference = corpus
    db = tmp_path / "two.db"
    done = ingest(str(folder), "--db", str(db), "--workers", "2")
    assert done.returncode == 1, done.stderr
    assert "2 worker processes" in done.stderr
    assert dump(db) == dump(reference)
    assert_whole(db, expected_ids(folder))


def _wait_for_first_batch(proc: subprocess.Popen[str], db: Path, total: int) -> int:
    """Poll the store until a batch is committed; the number of inputs done then."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, "ingest ended before it could be interrupted"
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                (done,) = conn.execute("SELECT count(*) FROM inputs").fetchone()
        except sqlite3.OperationalError:  # not created or migrated yet
            done = 0
        if done:
            assert done < total, "the whole run finished before the kill"
            return int(done)
        time.sleep(0.01)
    raise AssertionError("no batch committed in time")


def test_sigkill_mid_run_then_rerun_stores_everything_once(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, reference = corpus
    db = tmp_path / "killed.db"
    command = [str(BIN), "ingest", "--quiet", str(folder), "--db", str(db), "--workers", "2"]
    proc = subprocess.Popen(
        command, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _wait_for_first_batch(proc, db, 28)
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    _, alive = psutil.wait_procs(children, timeout=20)
    assert not alive, f"worker processes outlived the killed ingest: {alive}"
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    assert 0 < stored < 28
    assert_whole_prefix(db)

    again = ingest(str(folder), "--db", str(db), "--workers", "2")
    assert again.returncode == 1, again.stderr
    assert "skipped" in again.stderr and "inputs an earlier run stored" in again.stderr
    assert_whole(db, expected_ids(folder))
    assert dump(db) == dump(reference)


def assert_whole_prefix(db: Path) -> None:
    """After a kill: every stored article is whole and has its input recorded."""
    conn = sqlite3.connect(db)
    ids = {row[0] for row in conn.execute("SELECT id FROM articles")}
    conn.close()
    assert_whole(db, ids)


def test_sigint_stops_cleanly_and_the_rerun_finishes(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, reference = corpus
    db = tmp_path / "interrupted.db"
    command = [str(BIN), "ingest", "--quiet", str(folder), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(
        command, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _wait_for_first_batch(proc, db, 28)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert " new, " in err.splitlines()[-1]  # the summary comes last
    assert_whole_prefix(db)

    again = ingest(str(folder), "--db", str(db), "--workers", "1")
    assert again.returncode == 1, again.stderr
    assert dump(db) == dump(reference)


def test_dask_local_cluster_parts_load_into_the_same_store(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, reference = corpus
    parts, db = tmp_path / "parts", tmp_path / "dask.db"
    done = ingest(str(folder), "--dask", "local:2", "--parts", str(parts))
    assert done.returncode == 1, done.stderr  # the two failing inputs
    assert "eventwire load" in done.stderr
    assert len(list(parts.glob("part-*.parquet"))) == 8  # 30 records, 4 per partition
    loaded = subprocess.run(
        [str(BIN), "load", str(parts), "--db", str(db), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 1, loaded.stderr
    assert dump(db) == dump(reference)
    again = subprocess.run(
        [str(BIN), "load", str(parts), "--db", str(db), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "0 new, 28 exact duplicates, 0 near-duplicates" in again.stderr
    assert dump(db) == dump(reference)


def test_dask_straight_into_a_store(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """Without --parts, parts go to a temporary folder and are loaded at the end."""
    folder, reference = corpus
    db = tmp_path / "dask.db"
    done = ingest(str(folder), "--dask", "local:2", "--db", str(db))
    assert done.returncode == 1, done.stderr
    assert "failed by stage: read 2" in done.stderr
    assert dump(db) == dump(reference)


def test_failures_are_recorded_and_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "4")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(report(1), encoding="utf-8")
    (folder / "latin.txt").write_bytes(report(2).replace("-", "\u2013").encode("cp1252"))
    (folder / "wire.jsonl").write_text(
        json.dumps({"text": report(3)}) + "\n" + '{"text": 12}\n', encoding="utf-8"
    )
    db = str(tmp_path / "ew.db")
    runner = CliRunner(mix_stderr=False)

    first = runner.invoke(main, ["ingest", str(folder), "--db", db, "--workers", "1"])
    assert first.exit_code == 1
    assert "2 new, 0 exact duplicates, 0 near-duplicates, 2 failed" in first.stderr
    conn = sqlite3.connect(db)
    failures = conn.execute("SELECT path, record, stage, reason FROM failures").fetchall()
    conn.close()
    assert {(Path(p).name, r, s) for p, r, s, _ in failures} == {
        ("latin.txt", None, "read"),
        ("wire.jsonl", "2", "read"),
    }
    assert any("not UTF-8" in reason for *_, reason in failures)

    second = runner.invoke(main, ["ingest", str(folder), "--db", db, "--workers", "1"])
    assert "0 new, 2 exact duplicates, 0 near-duplicates, 2 failed" in second.stderr
    assert "2 it failed on (--retry-failed reads those again)" in second.stderr
    assert "error:" not in second.stderr  # nothing was read again

    retried = runner.invoke(
        main, ["ingest", "--retry-failed", "--encoding", "cp1252", "--db", db, "--workers", "1"]
    )
    assert "1 new, 1 exact duplicates, 0 near-duplicates, 1 failed" in retried.stderr
    assert f"error: {folder / 'wire.jsonl'}:2:" in retried.stderr
    conn = sqlite3.connect(db)
    left = conn.execute("SELECT record FROM failures").fetchall()
    conn.close()
    assert left == [("2",)]


def test_worker_with_memory_zones_gives_what_the_pipeline_gives() -> None:
    """Batches after the first run inside nlp.memory_zone(): same articles."""
    settings = Settings(batch_size=2)
    worker = Worker(settings)
    texts = [report(i) for i in range(6)]
    zoned = [to_dict(a) for a in worker.process([Article(raw=t) for t in texts])]
    assert worker.batches == 3
    plain = []
    for result in Pipeline(settings=settings).pipe(Article(raw=t) for t in texts):
        assert isinstance(result, Article)
        result.doc = None
        plain.append(to_dict(result))
    assert zoned == plain


def test_known_articles_are_not_parsed_again() -> None:
    seen: list[list[str]] = []

    def known(ids: Any) -> set[str]:
        seen.append(list(ids))
        return {ids[0]}

    worker = Worker(Settings(batch_size=2), known)
    outcomes = worker.process([Article(raw=report(i)) for i in range(3)])
    assert type(outcomes[0]).__name__ == "Known"
    assert all(isinstance(o, Article) and o.mentions for o in outcomes[1:])
    assert len(seen) == 1 and len(seen[0]) == 3
