"""Toponym recognition and resolution, scored on LGL / TR-News style XML.

Data: `<articles><article><text/><toponyms><toponym><start/><end/><phrase/>
<gaztag geonameid><lat/><lon/>...` (LGL's `<toponym>` may lack a gaztag). Where a gold
offset does not cover its phrase (TR-News has a few), the phrase's occurrence nearest to
the offset is used.

Scores: recognition precision / recall / F1 with one-to-one span overlap matching
(a predicted span matches the first unmatched gold span it overlaps); over matched gold
toponyms that have coordinates, the share resolved within 161 km (100 miles; an
unresolved prediction counts as wrong) and the median and mean error in km (resolved
ones only); over matched gold toponyms with a GeoNames id, the share with the same id;
the misses beyond 161 km, and how many of them picked the gold's own GeoNames entry (a
gazetteer that places that entry elsewhere: a country's or province's point).
Speed: articles per second of parsing plus the places stage (reading XML not counted).

The article text goes to the `nlp` and `places` stages as it is in the file, not through
the `text` stage, whose cleaning would move the gold offsets.

Reproduce (prints JSON):

    eventwire evaluate geo --data ../shared/eval/geo/lgl/lgl.xml
    eventwire evaluate geo --data ../shared/eval/geo/tr_news      # the .xml files in a folder
"""

from __future__ import annotations

import statistics
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.metrics import prf
from eventwire.model import Article, Place
from eventwire.resources.gazetteer import distance_km
from eventwire.settings import Settings
from eventwire.stages.nlp import NlpStage
from eventwire.stages.places import PlacesStage

ACCURACY_KM = 161.0
UNRESOLVED_KM = 20038.0
"""Error given to a matched toponym left unresolved: half the Earth's circumference."""

__all__ = ["GoldToponym", "evaluate_geo", "load_geo", "score_article"]


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


def load_geo(path: Path) -> list[GoldArticle]:
    """The articles of an LGL / TR-News XML file (or of the .xml files in a folder, in
    name order), gold offsets repaired where needed."""
    if path.is_dir():
        files = sorted(path.glob("*.xml"))
        if not files:
            raise InputError(str(path), "no .xml file in this folder")
        return [article for file in files for article in load_geo(file)]
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise InputError(str(path), f"not a readable geo XML file: {error}") from None
    articles = []
    for number, node in enumerate(root.iter("article")):
        text = node.findtext("text") or ""
        toponyms = []
        for item in node.iter("toponym"):
            gold = _toponym(item, text)
            if gold is not None:
                toponyms.append(gold)
        articles.append(GoldArticle(node.get("docid") or str(number), text, toponyms))
    return articles


def _toponym(item: ElementTree.Element, text: str) -> GoldToponym | None:
    phrase = (item.findtext("phrase") or "").strip()
    try:
        start = int(item.findtext("start") or "")
        end = int(item.findtext("end") or "")
    except ValueError:
        return None
    if phrase and text[start:end] != phrase:
        start, end = _nearest(text, phrase, start, end)
    tag = item.find("gaztag")
    geonameid = lat = lon = None
    if tag is not None:
        raw_id = tag.get("geonameid")
        geonameid = int(raw_id) if raw_id and raw_id.isdigit() else None
        try:
            lat = float(tag.findtext("lat") or "")
            lon = float(tag.findtext("lon") or "")
        except ValueError:
            lat = lon = None
    return GoldToponym(start, end, phrase, geonameid, lat, lon)


def _nearest(text: str, phrase: str, start: int, end: int) -> tuple[int, int]:
    best: int | None = None
    position = text.find(phrase)
    while position != -1:
        if best is None or abs(position - start) < abs(best - start):
            best = position
        position = text.find(phrase, position + 1)
    return (best, best + len(phrase)) if best is not None else (start, end)


@dataclass(slots=True)
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    with_coordinates: int = 0
    within: int = 0
    with_id: int = 0
    same_id: int = 0
    far_same_id: int = 0
    """Misses beyond 161 km that picked the gold's own GeoNames entry: the gazetteer's
    point for it (a country's or province's) differs from the one the gold took."""
    errors: list[float] | None = None


def score_article(gold: list[GoldToponym], predicted: list[Place], tally: Tally) -> None:
    """Add one article's counts to `tally`."""
    if tally.errors is None:
        tally.errors = []
    tally.predicted += len(predicted)
    tally.gold += len(gold)
    used: set[int] = set()
    for place in predicted:
        for index, item in enumerate(gold):
            if index in used or place.end <= item.start or item.end <= place.start:
                continue
            used.add(index)
            tally.matched += 1
            entry = place.entry
            if item.lat is not None and item.lon is not None:
                tally.with_coordinates += 1
                error = (
                    distance_km(entry.lat, entry.lon, item.lat, item.lon)
                    if entry is not None
                    else UNRESOLVED_KM
                )
                tally.within += error <= ACCURACY_KM
                tally.far_same_id += (
                    error > ACCURACY_KM
                    and entry is not None
                    and item.geonameid is not None
                    and entry.geonameid == item.geonameid
                )
                if entry is not None:
                    tally.errors.append(error)
            if item.geonameid is not None:
                tally.with_id += 1
                tally.same_id += entry is not None and entry.geonameid == item.geonameid
            break


def evaluate_geo(
    path: Path,
    settings: Settings | None = None,
    limit: int | None = None,
    demonyms: bool | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Parse and geoparse every article of one file and score it (see module docstring).

    `demonyms`: read demonyms as places (TR-News annotates "Syrian" as Syria; LGL does
    not); None decides by the file: on when the gold marks any.
    """
    articles = load_geo(Path(path))[:limit]
    settings = settings or Settings()
    nlp, places = NlpStage(settings), PlacesStage(settings)
    stages = [nlp, places]
    for stage in stages:
        stage.initialize(stages)
    if demonyms is None:
        demonyms = _annotates_demonyms(articles, places)
    places.demonyms = demonyms
    tally = Tally(errors=[])
    seconds = 0.0
    bar = _bar(len(articles)) if progress else None
    for gold in articles:
        article = Article(raw=gold.text, text=gold.text)
        began = time.perf_counter()
        nlp(article)
        places(article)
        seconds += time.perf_counter() - began
        score_article(gold.toponyms, article.places, tally)
        if bar is not None:
            bar.update()
    errors = tally.errors or []
    return {
        "file": str(path),
        "articles": len(articles),
        "toponyms": tally.gold,
        "model": settings.model,
        "demonyms": places.demonyms,
        **prf(tally.matched, tally.predicted, tally.gold),
        "accuracy_161km": round(tally.within / tally.with_coordinates, 4)
        if tally.with_coordinates
        else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "geonameid_match": round(tally.same_id / tally.with_id, 4) if tally.with_id else 0.0,
        "misses_161km": tally.with_coordinates - tally.within,
        "misses_with_gold_geonameid": tally.far_same_id,
        "articles_per_s": round(len(articles) / seconds, 2) if seconds else 0.0,
    }


def _annotates_demonyms(articles: list[GoldArticle], places: PlacesStage) -> bool:
    """Whether a corpus marks adjectival toponyms: some gold phrase is, in the gazetteer,
    only a demonym ("Syrian")."""
    gazetteer = places.gazetteer
    assert gazetteer is not None
    for article in articles:
        for toponym in article.toponyms:
            found = gazetteer.lookup(toponym.phrase, with_variants=False)
            if found and all(c.kind == "demonym" for c in found):
                return True
    return False


def _bar(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)
