"""The geo scorer: its counting rules on hand-made places, the XML reader on a file
written here, and one small run on ../shared/eval/geo when it exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.geo import GoldToponym, Tally, load_geo, score_article
from eventwire.model import GazetteerEntry, Place

from .conftest import SHARED

XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <text><![CDATA[Floods hit Harran and  Sanliurfa on Monday.]]></text>
    <toponyms>
      <toponym><start>11</start><end>17</end><phrase>Harran</phrase>
        <gaztag geonameid="90001"><lat>36.86</lat><lon>39.03</lon></gaztag></toponym>
      <toponym><start>20</start><end>29</end><phrase>Sanliurfa</phrase>
        <gaztag geonameid="298333"><lat>37.16</lat><lon>38.79</lon></gaztag></toponym>
      <toponym><start>0</start><end>3</end><phrase>Nowhere</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def entry(lat: float, lon: float, geonameid: int | None = None) -> GazetteerEntry:
    return GazetteerEntry(geonameid, "x", "TR", None, lat, lon)


def test_load_geo_repairs_offsets_that_miss_their_phrase(tmp_path: Path) -> None:
    path = tmp_path / "geo.xml"
    path.write_text(XML, encoding="utf-8")
    (article,) = load_geo(path)
    harran, urfa, nowhere = article.toponyms
    assert article.text[harran.start : harran.end] == "Harran"
    assert article.text[urfa.start : urfa.end] == "Sanliurfa"  # off by one in the file
    assert (urfa.geonameid, urfa.lat) == (298333, 37.16)
    assert nowhere.geonameid is None and nowhere.lat is None


def test_scoring_counts_overlap_distance_and_ids() -> None:
    gold = [
        GoldToponym(0, 6, "Harran", 90001, 36.86, 39.03),
        GoldToponym(10, 19, "Sanliurfa", 298333, 37.16, 38.79),
        GoldToponym(30, 35, "Egypt", 357994, 27.0, 30.0),
    ]
    predicted = [
        Place(0, 6, "Harran", entry(36.86, 39.03, 90001)),  # exact
        Place(12, 19, "nliurfa", entry(40.0, 30.0)),  # overlaps, far off
        Place(40, 44, "Mars", entry(0.0, 0.0)),  # no gold: a false positive
    ]
    tally = Tally(errors=[])
    score_article(gold, predicted, tally)
    assert (tally.predicted, tally.gold, tally.matched) == (3, 3, 2)
    assert (tally.with_coordinates, tally.within) == (2, 1)
    assert (tally.with_id, tally.same_id) == (2, 1)
    assert tally.errors is not None and tally.errors[0] == pytest.approx(0.0, abs=0.01)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable geo XML file"):
        load_geo(bad)


LGL = SHARED / "eval" / "geo" / "lgl" / "lgl.xml"


@pytest.mark.skipif(not LGL.exists(), reason=f"{LGL} is absent: eval data lives outside")
def test_a_small_run_on_lgl_reports_every_figure() -> None:
    from eventwire.evaluate.geo import evaluate_geo

    scores = evaluate_geo(LGL, limit=15)
    assert scores["articles"] == 15
    for name in ("precision", "recall", "f1", "accuracy_161km", "geonameid_match"):
        assert 0.3 < scores[name] <= 1.0, (name, scores)
    assert scores["articles_per_s"] > 0
