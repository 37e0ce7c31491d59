"""Exports read back as a user would: reports we wrote go through the real pipeline into a
temporary SQLite file, `eventwire export` writes each format, and the output is parsed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire import Article, Event, Pipeline, Quantity, Source, open_store
from eventwire.cli import main
from eventwire.export import CSV_COLUMNS, acled_types, event_date, event_row, fatalities
from eventwire.model import Participant, TimeRef
from eventwire.stages import REGISTRY

SHELLING = """\
Rebels shell army posts near Idlib

Published: March 5, 2025

IDLIB, Syria - Rebel fighters shelled army positions outside Idlib on Monday, killing 4 \
soldiers and wounding 9 others, the military said.
"""

TALKS = """\
Envoys meet in Geneva

Published: March 6, 2025

Envoys from Turkey and Iran met in Geneva on Tuesday to discuss a prisoner exchange, \
officials said.
"""


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _index(items: list[object], words: str) -> int:
    return next(i for i, item in enumerate(items) if getattr(item, "text", None) == words)


def _coded(article: Article) -> Article:
    """Our reading of the two reports, as events, on top of what the pipeline found
    (places and dates are the pipeline's own)."""
    text = article.text
    if "shelled" in text:
        article.events = [
            Event(
                *_span(text, "shelled"),
                "shelled",
                "ASSAULT",
                mode="heavy-weapons",
                actor=Participant(*_span(text, "Rebel fighters"), "Rebel fighters", sector="REB"),
                recipient=Participant(
                    *_span(text, "army positions"), "army positions", country="SYR", sector="MIL"
                ),
                place=_index(article.places, "Idlib") if len(article.places) > 1 else 0,
                date=_index(article.times, "Monday"),
                evidence=[article.sentences[-1]],
                quantities=[
                    Quantity(*_span(text, "4"), "4", value=4, counted="soldiers"),
                    Quantity(*_span(text, "9"), "9", value=9, counted="others"),
                ],
            )
        ]
    else:
        article.events = [
            Event(*_span(text, "met"), "met", "CONSULT", place=_index(article.places, "Geneva"))
        ]
    return article


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "events.db"
    pipeline = Pipeline()
    articles = []
    for name, text in (("shelling.txt", SHELLING), ("talks.txt", TALKS)):
        result = pipeline.run(Article(raw=text, source=Source(path=name, outlet="Test Wire")))
        assert isinstance(result, Article), result
        articles.append(_coded(result))
    with open_store(path) as store:
        store.add_many(articles)
    return path


def _export(database: Path, fmt: str, *extra: str) -> str:
    result = CliRunner(mix_stderr=False).invoke(
        main, ["export", "--format", fmt, "--db", str(database), *extra]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_csv_has_acled_columns_dates_and_coordinates(database: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(database, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    shelling, talks = rows
    assert shelling["event_date"] == "2025-03-03" and shelling["time_precision"] == "1"
    assert (shelling["event_type"], shelling["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert shelling["country"] == "Syria" and shelling["location"] == "Idlib"
    assert abs(float(shelling["latitude"]) - 35.93) < 0.3
    assert abs(float(shelling["longitude"]) - 36.63) < 0.3
    assert shelling["fatalities"] == "4"
    assert shelling["actor1"] == "Rebel fighters" and shelling["actor2_code"] == "SYR MIL"
    assert shelling["notes"].startswith("IDLIB, Syria - Rebel fighters shelled")
    assert shelling["source"] == "Test Wire" and shelling["modality"] == "asserted"
    # talks: no date of its own in the event -> the publication date, precision 2
    assert talks["event_date"] == "2025-03-06" and talks["time_precision"] == "2"
    assert talks["location"] == "Geneva" and talks["country"] == "Switzerland"
    assert talks["fatalities"] == "" and talks["plover_category"] == "CONSULT"


def test_geojson_is_a_feature_collection_of_placed_events(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    _export(database, "geojson", "-o", str(out))
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    geneva = collection["features"][1]
    lon, lat = geneva["geometry"]["coordinates"]
    assert abs(lat - 46.2) < 0.2 and abs(lon - 6.15) < 0.2
    assert geneva["properties"]["location"] == "Geneva"


def test_jsonl_is_one_event_a_line_with_its_article(database: Path) -> None:
    lines = _export(database, "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    shelling = records[0]
    assert shelling["article_id"] and shelling["event_id"] == f"{shelling['article_id']}-0"
    assert shelling["category"] == "ASSAULT" and shelling["actor"]["sector"] == "REB"
    assert shelling["place"]["entry"]["name"] == "Idlib"
    assert shelling["date"]["value"] == "2025-03-03"
    assert shelling["source"]["outlet"] == "Test Wire"


def test_export_without_a_database_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.stderr


def test_types_dates_and_tolls_without_a_pipeline() -> None:
    text = "Gunmen killed at least 12 villagers and 3 were wounded."
    event = Event(
        *_span(text, "killed"),
        "killed",
        "ASSAULT",
        recipient=Participant(*_span(text, "villagers"), "villagers", sector="CVL"),
        quantities=[
            Quantity(*_span(text, "12"), "12", value=12, counted="villagers"),
            Quantity(*_span(text, "3"), "3", value=3),
        ],
    )
    assert acled_types(event) == ("Violence against civilians", "Attack")
    assert fatalities(event, text) == 12
    it = Participant(0, 2, "it", actor="SYR-MIL", country="SYR", sector="MIL")
    seize = Event(0, 1, "x", "COERCE", mode="seize", actor=it)
    assert acled_types(seize) == ("Battles", "Government regains territory")
    article = Article(raw="it took", text="it took", id="a1")
    article.events = [seize]
    assert event_row(article, 0)["actor1"] == "SYR-MIL"  # not "it"
    assert event_row(article, 0)["actor1_code"] == "SYR MIL"
    assert acled_types(Event(0, 1, "x", "ACCUSE")) == ("Strategic developments", "Other")
    article = Article(raw=text, text=text, published="2025-01-09")
    article.times = [TimeRef(0, 1, "x", value="2024-W50", precision="week")]
    assert event_date(Event(0, 1, "x", "ASSAULT", date=0), article) == ("2024-12-09", 2)
    article.times = [TimeRef(0, 1, "x", value="2024-11", precision="month")]
    assert event_date(Event(0, 1, "x", "ASSAULT", date=0), article) == ("2024-11-01", 3)


@pytest.mark.skipif("events" not in REGISTRY, reason="the events stage is not registered yet")
def test_ingested_reports_export_their_own_events(tmp_path: Path) -> None:
    """The whole way, with no hand-coding: ingest, then export what the events stage found."""
    report = tmp_path / "shelling.txt"
    report.write_text(SHELLING, encoding="utf-8")
    database = tmp_path / "auto.db"
    result = CliRunner(mix_stderr=False).invoke(
        main, ["ingest", str(report), "--db", str(database)]
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(_export(database, "csv"))))
    assault = [row for row in rows if row["plover_category"] == "ASSAULT"]
    assert assault, rows
    assert assault[0]["location"] == "Idlib" and assault[0]["event_date"] == "2025-03-03"
    assert assault[0]["latitude"]
