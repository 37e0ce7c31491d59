"""The gazetteer's files: where they live, their schema, the lookup key of a name, and the
writer that fills them (shared by the package build and the user's imports)."""

from __future__ import annotations

import importlib.util
import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise InputError(name, "package not installed: the gazetteer is built from it")
    return Path(spec.origin).parent


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


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(min(1.0, math.sqrt(a)))
