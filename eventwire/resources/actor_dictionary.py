"""The actor dictionary: countries, role nouns -> PLOVER sectors, named groups.

Data in resources/actors/:

* countries.json — written by scripts/build_actor_countries.py from `countryinfo`
  (ISO codes, names, demonym, capital); countries_extra.json adds press short forms
  ("U.S."), plural demonyms and seats of government ("the Kremlin") by hand;
* sectors.json — role nouns per sector ("troops" -> MIL, "militia" -> UAF);
* groups.json — named organisations with aliases, country and sector.

Users extend it with a file named by `EVENTWIRE_ACTORS` (or passed to `load_actors`):
JSON in groups.json's shape (`{"groups": [...]}`, or a bare list of groups), optionally
with "nouns" in sectors.json's shape, or CSV with columns id,name,aliases,country,sector
(aliases separated by `;`). User entries win over the shipped ones.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from eventwire.errors import EventwireError

ACTORS_DIR = Path(__file__).resolve().parent / "actors"
ENV_VAR = "EVENTWIRE_ACTORS"

EntryKind = Literal["country", "adjective", "capital", "group"]


@dataclass(frozen=True, slots=True)
class Entry:
    """A name the dictionary knows and what it stands for."""

    id: str
    name: str
    kind: EntryKind
    country: str | None = None
    """ISO 3166 alpha-3."""
    sector: str | None = None


@dataclass(slots=True)
class ActorDictionary:
    """Names indexed for lookup in text.

    `exact` holds case-sensitive names (acronyms, names with dots, names written with a
    lower-case particle: "US", "IS", "U.N.", "al-Qaeda");
    `folded` the rest by lower case, matched only where the text capitalises them."""

    exact: dict[str, Entry] = field(default_factory=dict)
    folded: dict[str, Entry] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    """Lower-case role noun or phrase -> sector."""
    generic: frozenset[str] = frozenset()
    yielding: frozenset[str] = frozenset()
    sectors: dict[str, str] = field(default_factory=dict)
    """Sector code -> description."""
    iso2: dict[str, str] = field(default_factory=dict)
    """ISO alpha-2 -> alpha-3 (the gazetteer speaks alpha-2)."""
    country_names: dict[str, str] = field(default_factory=dict)
    """ISO alpha-3 -> English name."""
    groups: dict[str, Entry] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)
    max_words: int = 1
    openings: set[str] = field(default_factory=set)
    """Lower-case beginnings of names that end where a token may end (before or after a
    character that is not a letter or digit): a phrase whose word is none of these opens
    no name, and is not looked up word group by word group."""

    def add(self, alias: str, entry: Entry, weight: int | None = None) -> None:
        """Index `alias`; with a `weight` (a country's population) an alias already taken
        by a heavier entry is kept ("French" is France, not Saint Pierre)."""
        alias = alias.strip()
        if not alias:
            return
        exact = alias.isupper() or "." in alias or len(alias) <= 3 or alias[:1].islower()
        table, key = (self.exact, alias) if exact else (self.folded, alias.lower())
        if weight is not None:
            if self.weights.get(key, -1) > weight:
                return
            self.weights[key] = weight
        table[key] = entry
        self.openings.update(_openings(alias.lower()))
        self.max_words = max(self.max_words, len(alias.replace("-", " - ").split()))

    def may_open(self, word: str) -> bool:
        """Whether a name may begin with the token `word` (lower case)."""
        return word in self.openings

    def lookup(self, text: str) -> Entry | None:
        """The entry `text` names: case-sensitive for acronyms, else capitalised text."""
        found = self.exact.get(text)
        if found is not None:
            return found
        if text[:1].isupper():
            return self.folded.get(text.lower())
        return None


def _openings(name: str) -> list[str]:
    return [
        name[:end]
        for end in range(1, len(name) + 1)
        if end == len(name) or not name[end].isalnum() or not name[end - 1].isalnum()
    ]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EventwireError(f"{path}: cannot read the actor file: {error}") from None


def _add_countries(found: ActorDictionary) -> None:
    extra = _read_json(ACTORS_DIR / "countries_extra.json")
    for row in _read_json(ACTORS_DIR / "countries.json"):
        iso3 = row["iso3"]
        if row.get("iso2"):
            found.iso2[row["iso2"]] = iso3
        found.country_names[iso3] = row["name"]
        more = extra.get(iso3, {})
        for kind, key in (
            ("country", "names"),
            ("adjective", "adjectives"),
            ("capital", "capitals"),
        ):
            sector = "GOV" if kind == "capital" else None
            entry = Entry(iso3, row["name"], kind, iso3, sector)  # type: ignore[arg-type]
            for alias in row.get(key, []):
                found.add(alias, entry, int(row.get("population") or 0))
            for alias in more.get(key, []):
                found.add(alias, entry, 10**12)  # hand-kept: always meant


def _add_groups(found: ActorDictionary, groups: list[dict[str, Any]], origin: Path) -> None:
    for group in groups:
        try:
            entry = Entry(
                str(group["id"]),
                str(group["name"]),
                "group",
                group.get("country") or None,
                group.get("sector") or None,
            )
        except KeyError as error:
            raise EventwireError(f"{origin}: a group lacks {error}") from None
        found.groups[entry.id] = entry
        for alias in [entry.name, *group.get("aliases", [])]:
            found.add(alias, entry)


def _add_roles(found: ActorDictionary, nouns: dict[str, list[str]]) -> None:
    for sector, words in nouns.items():
        for word in words:
            found.roles[word.lower()] = sector


def _user_file(found: ActorDictionary, path: Path) -> None:
    if not path.is_file():
        raise EventwireError(f"{path}: actor file not found (set by {ENV_VAR} or given)")
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                {
                    "id": row.get("id") or row.get("name"),
                    "name": row.get("name") or row.get("id"),
                    "aliases": [a for a in (row.get("aliases") or "").split(";") if a.strip()],
                    "country": (row.get("country") or "").strip() or None,
                    "sector": (row.get("sector") or "").strip() or None,
                }
                for row in csv.DictReader(handle)
            ]
        _add_groups(found, rows, path)
        return
    data = _read_json(path)
    if isinstance(data, list):
        _add_groups(found, data, path)
        return
    if not isinstance(data, dict):
        raise EventwireError(f"{path}: expected a JSON object or list of groups")
    _add_groups(found, data.get("groups", []), path)
    _add_roles(found, data.get("nouns", {}))


@lru_cache(maxsize=4)
def load_actors(user_file: str | None = None) -> ActorDictionary:
    """The shipped dictionary plus the user's file (`user_file`, else $EVENTWIRE_ACTORS)."""
    found = ActorDictionary()
    _add_countries(found)
    sectors = _read_json(ACTORS_DIR / "sectors.json")
    found.sectors = dict(sectors["sectors"])
    _add_roles(found, sectors["nouns"])
    found.generic = frozenset(sectors.get("generic", []))
    found.yielding = frozenset(sectors.get("yielding", []))
    _add_groups(found, _read_json(ACTORS_DIR / "groups.json")["groups"], ACTORS_DIR)
    extra = user_file or os.environ.get(ENV_VAR)
    if extra:
        _user_file(found, Path(extra))
    return found
