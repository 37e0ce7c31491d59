"""The user's own gazetteer file: GeoNames dumps a user downloaded and a CSV of their own
places, loaded into `gazetteer-user.sqlite`, which no rebuild touches."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import InputError
from eventwire.resources.gazetteer_files import (
    Candidate,
    _connect,
    _Writer,
    base_path,
    user_path,
)

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
    from eventwire.resources.gazetteer import Gazetteer  # the lookups build on it

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
