from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.report import RECORD_FIELDS

from .conftest import REPORT

BIN = Path(sys.executable).parent / "eventwire"


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner(mix_stderr=False).invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_extract_json_follows_the_contract(reports: Path) -> None:
    code, out, _ = _run("extract", str(reports / "iraq.txt"), "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert tuple(record) == RECORD_FIELDS
    assert record["title"] == "Militia fighters seize checkpoint outside Qaraqosh"
    for item in record["mentions"]:
        assert record["text"][item["start"] : item["end"]] == item["text"]
    assert {"Ahmed Karim", "Qaraqosh"} <= {m["text"] for m in record["mentions"]}


def test_extract_reads_stdin_and_takes_a_publication_date() -> None:
    code, out, _ = _run(
        "extract", "-", "--format", "jsonl", "--published", "2024-05-03", input=REPORT
    )
    assert code == 0
    assert out.count("\n") == 1
    record = json.loads(out)
    assert (record["published"], record["published_source"]) == ("2024-05-03", "given")


def test_extract_report_is_readable(reports: Path) -> None:
    code, out, _ = _run("extract", str(reports / "iraq.txt"))
    assert code == 0
    assert out.startswith("== Militia fighters seize checkpoint outside Qaraqosh")
    assert "PERSON  Ahmed Karim" in out


def test_extract_bad_file_is_one_line_and_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("D\u00e9j\u00e0 vu".encode("latin-1"))
    code, out, err = _run("extract", str(bad))
    assert code == 1
    assert out == ""
    assert err.strip().count("\n") == 0
    assert err.startswith(f"error: {bad}: not UTF-8")


def test_ingest_twice_stores_once_and_skips_bad_files(reports: Path, tmp_path: Path) -> None:
    (reports / "empty.txt").write_bytes(b"")
    (reports / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    (reports / "latin1.txt").write_bytes("Sanaa: frappes a\u00e9riennes".encode("latin-1"))
    db = str(tmp_path / "ew.db")

    code, _, err = _run("ingest", str(reports), "--db", db)
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("photo.jpg: binary file" in e for e in errors)
    assert any("latin1.txt: not UTF-8" in e for e in errors)
    assert "2 new, 0 exact duplicates, 0 near-duplicates, 3 failed" in err

    code, _, err = _run("ingest", str(reports), "--db", db)
    assert "0 new, 2 exact duplicates, 0 near-duplicates, 3 failed" in err
    code, out, _ = _run("show", str(reports / "iraq.txt"), "--db", db, "--format", "json")
    assert code == 0
    assert json.loads(out)["title"] == "Militia fighters seize checkpoint outside Qaraqosh"


def test_show_by_id_prefix_and_errors(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "ew.db")
    assert _run("ingest", str(reports / "iraq.txt"), "--db", db)[0] == 0
    _, out, _ = _run("extract", str(reports / "iraq.txt"), "--format", "json")
    article_id = json.loads(out)["id"]
    code, out, _ = _run("show", article_id[:8], "--db", db)
    assert code == 0 and f"id {article_id}" in out
    code, _, err = _run("show", "0000000000000000", "--db", db)
    assert code == 1 and "no article '0000000000000000'" in err
    code, _, err = _run("show", article_id, "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no such database" in err


def test_stages_lists_requires_and_assigns() -> None:
    code, out, _ = _run("stages")
    assert code == 0
    assert out.splitlines()[0] == "text"
    assert "requires: article.doc" in out
    assert "assigns:  article.mentions" in out


@pytest.mark.skipif(not BIN.exists(), reason="eventwire is not installed as a command")
def test_installed_command_runs_as_a_process(reports: Path, tmp_path: Path) -> None:
    env = {**os.environ, "EVENTWIRE_DB": str(tmp_path / "env.db")}
    done = subprocess.run(
        [str(BIN), "ingest", str(reports)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "2 new, 0 exact duplicates, 0 near-duplicates, 0 failed" in done.stderr
    assert (tmp_path / "env.db").is_file()


def test_a_published_date_that_is_not_a_date_is_refused(reports: Path) -> None:
    code, _, err = _run("extract", str(reports / "iraq.txt"), "--published", "yesterday")
    assert code == 2
    assert "'yesterday' is not a date" in err
