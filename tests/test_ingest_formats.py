"""`eventwire ingest` end to end on every input form: what a user sees in the store."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire import open_store
from eventwire.cli import main

from .test_html import NEWS_PAGE, PARAGRAPHS

JSONL_RECORDS = [
    {
        "body": "Talks between the two delegations resumed in Jeddah on Saturday after a "
        "week-long pause, mediators said, with a ceasefire in the capital on the agenda.",
        "link": "https://wire.example.org/jeddah-talks",
        "date": "2023-05-06T09:30:00Z",
    },
    {"body": "   "},
    {
        "body": "Gunmen attacked a police post near the border town overnight, killing two "
        "officers, the interior ministry said on Sunday.",
        "date": "not a date",
    },
]


def _warc(path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        "https://courier.example.com/world/khartoum-shelling",
        "response",
        payload=io.BytesIO(NEWS_PAGE.encode("utf-8")),
        http_headers=headers,
    )
    writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def test_ingest_every_form(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "page.html.gz").write_bytes(gzip.compress(NEWS_PAGE.encode("utf-8")))
    (inputs / "dump.jsonl").write_text(
        "\n".join(json.dumps(r) for r in JSONL_RECORDS) + "\n", encoding="utf-8"
    )
    _warc(inputs / "crawl.warc.gz")
    db = tmp_path / "ew.db"

    result = CliRunner(mix_stderr=False).invoke(
        main,
        ["ingest", str(inputs), "--db", str(db), "--field", "text=body", "--field", "url=link"],
    )
    assert result.exit_code == 1  # the blank JSONL record failed
    assert f"error: {inputs / 'dump.jsonl'}:2:" in result.stderr
    # the WARC holds the same page as page.html.gz: stored once
    assert "3 new, 1 exact duplicates, 0 near-duplicates, 1 failed" in result.stderr

    with open_store(db) as store:
        rows = store.conn.execute(  # type: ignore[attr-defined]
            "SELECT id, format, source_url, published, published_source, published_reason "
            "FROM articles"
        ).fetchall()
        by_url = {row[2]: row for row in rows}
        page = store.get(by_url["https://courier.example.com/world/khartoum-shelling"][0])
    jeddah = by_url["https://wire.example.org/jeddah-talks"]
    assert jeddah[3:5] == ("2023-05-06T09:30:00+00:00", "metadata")
    gunmen = next(row for row in rows if row[2] is None)
    assert gunmen[3] is None and "'not a date' is not a date" in gunmen[5]
    khartoum = by_url["https://courier.example.com/world/khartoum-shelling"]
    assert khartoum[1:5] == (
        "html",
        "https://courier.example.com/world/khartoum-shelling",
        "2024-03-02T08:15:00+00:00",
        "metadata",
    )
    assert page is not None
    assert page.text.startswith(PARAGRAPHS[0][:40])
    assert "<p>" not in page.text
