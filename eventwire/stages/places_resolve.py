"""Toponym resolution for the `places` stage: one gazetteer entry per recognised name.

Every entry a name may refer to is scored by a population prior, its feature (country,
division, town), the sense the text gives a name shared by a town and its region, the
explicit parent written after a comma ("Paris, Texas"), the article's focus (the
dateline, the countries it names and their neighbours, the countries and states the other
toponyms most likely stand for, places near them) and, for a name the gazetteer lacks but
the text puts inside a known place, that place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventwire.model import GazetteerEntry, Place
from eventwire.resources.gazetteer import Candidate, Gazetteer, distance_km, neighbours
from eventwire.stages.places_recognise import (
    _DOTTED,
    _TYPE_WORD,
    PLACE_TYPES,
    Toponym,
    _contains,
    precision_of,
)


@dataclass(slots=True)
class Focus:
    """Where an article is about: weights by country and by (country, admin1)."""

    countries: dict[str, float] = field(default_factory=dict)
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)

    def add(self, entry: GazetteerEntry, weight: float) -> None:
        if entry.country:
            self.countries[entry.country] = self.countries.get(entry.country, 0.0) + weight
            if entry.admin1 and not (entry.feature_code or "").startswith("PCL"):
                key = (entry.country, entry.admin1)
                self.admin1[key] = self.admin1.get(key, 0.0) + weight

    def share(self, entry: GazetteerEntry) -> tuple[float, float]:
        total_c = sum(self.countries.values()) or 1.0
        total_a = sum(self.admin1.values()) or 1.0
        country = self.countries.get(entry.country or "", 0.0) / total_c
        admin = 0.0
        if entry.country and entry.admin1:
            admin = self.admin1.get((entry.country, entry.admin1), 0.0) / total_a
        return country, admin


def dateline_focus(dateline: str | None, gazetteer: Gazetteer) -> Focus:
    focus = Focus()
    if dateline:
        for piece in dateline.split(","):
            candidates = gazetteer.lookup(piece.strip())
            if candidates:
                best = max(candidates, key=_prior)
                focus.add(best.entry, 3.0)
    return focus


def _prior(candidate: Candidate) -> float:
    """How likely a name means this entry before context: population, then the feature
    (countries and first-level divisions are the usual sense of their names), the kind
    of name match (a main name beats an alternate one)."""
    entry = candidate.entry
    score = math.log10((entry.population or 0) + 10)
    code = entry.feature_code or ""
    if code.startswith("PCL") or code == "CONT":
        score += 3.0
    elif code == "ADM1":
        score += 1.0
    elif code == "ADM2":
        score -= 1.0 if candidate.kind != "name" else 0.0
    elif code == "PPLC":
        score += 1.0
    if candidate.kind == "alt":
        score -= 1.5
    elif candidate.kind == "abbr":
        score -= 0.5
    return score


def _usable(toponym: Toponym) -> list[Candidate]:
    """Candidates a toponym may take: abbreviations only for GPE entities, dotted ones
    ("U.S.") or after a comma that makes them a parent (postal codes are common words
    otherwise); then, for a name shared by a town and the region around it, the sense the
    text gives it, else the town (see `_seat_of`)."""
    usable = toponym.candidates
    if toponym.label != "GPE" and not toponym.child and not _DOTTED.match(toponym.text):
        usable = [c for c in usable if c.kind != "abbr"]
    if toponym.sense == "region":
        regions = [c for c in usable if c.entry.feature_class == "A"]
        return regions or usable
    if toponym.sense == "town":
        towns = [c for c in usable if c.entry.feature_class == "P"]
        return towns or usable
    return [c for c in usable if _seat_of(c, usable) is None]


SEAT_SHARE = 0.1
"""A region that shares its name with a town in it is, in the news, the town ("Geneva",
"Baghdad", "Edmonton") unless the text says region ("Idlib province") or the town holds
under this share of the region's people ("Quebec")."""


def _seat_of(candidate: Candidate, usable: list[Candidate]) -> Candidate | None:
    """The town inside `candidate`'s region that carries its name, when the region should
    give way to it: a region known by this name only as an alias ("Alexandria" for the
    governorate of Al Iskandariyah) yields to any such town; a region of this very name
    yields to a town of this very name that is not tiny beside it, and to the country's
    capital of this very name wherever it lies ("Washington")."""
    entry = candidate.entry
    if entry.feature_class != "A" or entry.feature_code not in ("ADM1", "ADM2"):
        return None
    for town in usable:
        other = town.entry
        if (
            other.feature_code == "PPLC"
            and other.country == entry.country
            and candidate.kind == town.kind == "name"
        ):
            return town  # the country's capital: "Washington" is the city, not the state
        if other.feature_class != "P" or (other.country, other.admin1) != (
            entry.country,
            entry.admin1,
        ):
            continue
        if entry.feature_code == "ADM2" and candidate.admin2 != town.admin2:
            continue
        if candidate.kind == "alt":
            return town
        share = (other.population or 0) / max(entry.population or 1, 1)
        if candidate.kind == "name" and town.kind == "name" and share >= SEAT_SHARE:
            return town
    return None


TOP_CANDIDATES = 20
"""Senses of one name weighed jointly (by prior): enough for "Paris" or "Springfield", and
for a modest sense the context supports ("Oxford" County, Ontario)."""
NEAR_KM = 60.0
FAR_KM = 400.0
"""Places within NEAR_KM of a likely sense of another name support each other fully; the
support fades to nothing at FAR_KM."""
WEIGHTS = {"country": 3.0, "admin1": 3.0, "near": 2.0, "parent": 6.0, "named": 4.0}
"""How much each kind of support adds to a sense's prior. "named": the share of the
countries the article names ("Russia", "U.S.") that the sense lies in, or, at
NEIGHBOUR_SHARE, borders: an article about Israel and Egypt means the Gaza between them,
not the Mozambican province; one that names eight countries, the U.S. among them, does
not move Geneva to Illinois."""
NEIGHBOUR_SHARE = 0.5
TEMPERATURES = (4.0, 2.0, 1.0)
"""Rounds of joint resolution, and how far a sense below its name's best one still
supports others in each: loosely at first, so that two modest senses that agree
("Henry County" and "Paris", both in Tennessee) can overtake two famous ones that do
not, then ever more by the best sense alone."""


def resolve(
    toponyms: list[Toponym], focus: Focus, gazetteer: Gazetteer, text: str | None = None
) -> list[Place]:
    """Pick an entry per toponym and return the Places, in text order.

    Every distinct name keeps its likeliest senses; over a few rounds each sense is
    rescored by its prior plus the support of the other names' current senses: sharing
    a country, sharing a first-level division, lying near one, lying in the parent
    written after a comma. A name counts once however often it is repeated, so one
    repeated ambiguous name cannot vote for itself."""
    names: dict[str, list[Candidate]] = {}
    parents: dict[str, set[int]] = {}
    for toponym in toponyms:
        key = _key(toponym)
        usable = _usable(toponym)
        if usable and key not in names:
            names[key] = sorted(usable, key=_prior, reverse=True)[:TOP_CANDIDATES]
        if toponym.parent is not None and key in names:
            for child_index, candidate in enumerate(names[key]):
                if any(_contains(p.entry, candidate.entry) for p in _usable(toponym.parent)):
                    parents.setdefault(key, set()).add(child_index)
    picks = _joint(names, parents, focus)
    places = []
    for toponym in toponyms:
        pick = picks.get(_key(toponym))
        entry = pick[0].entry if pick else None
        places.append(
            Place(
                start=toponym.start,
                end=toponym.end,
                text=toponym.text,
                entry=entry,
                precision=precision_of(entry) if entry else None,
                score=round(pick[1], 3) if pick else None,
                qualifier=toponym.qualifier,
            )
        )
    if text is not None:
        _attach_unknown(toponyms, places, text)
    return places


def _key(toponym: Toponym) -> str:
    """One sense per name and per what the text makes of it ("Idlib" / "Idlib province")."""
    return f"{toponym.text.lower()}|{toponym.sense or ''}"


def _attach_unknown(toponyms: list[Toponym], places: list[Place], text: str) -> None:
    """A name the text puts inside another place ("Sheikh Saeed, a sprawling neighbourhood
    in eastern Aleppo") resolves to that place when the gazetteer lacks it or knows it only
    far away; a name the gazetteer lacks which its sentence calls a neighbourhood, district
    or village resolves to the next resolved town in the sentence, else the town the
    article names most. It keeps its own name and a finer precision."""
    towns = [p for p in places if p.entry is not None and p.entry.feature_class == "P"]
    counts: dict[int | None, int] = {}
    for town in towns:
        assert town.entry is not None
        counts[town.entry.geonameid] = counts.get(town.entry.geonameid, 0) + 1
    main = max(towns, key=lambda p: counts[p.entry.geonameid if p.entry else None], default=None)
    at = {t.start: p for t, p in zip(toponyms, places, strict=True)}
    for toponym, place in zip(toponyms, places, strict=True):
        if toponym.label == "NORP":
            continue
        container = at.get(toponym.container) if toponym.container is not None else None
        if container is not None and container.entry is not None:
            if place.entry is not None and _within(place.entry, container.entry):
                continue  # the gazetteer knows it, where the text says it is
            _attach(place, container, toponym.inner)
            continue
        if place.entry is not None:
            continue
        kind = toponym.inner
        if kind is None:
            sentence = text[toponym.sentence[0] : toponym.sentence[1]]
            found = _TYPE_WORD.search(sentence)
            if found is None:
                continue
            kind = found.group("type").lower()
        parent = next(
            (
                p
                for t, p in zip(toponyms, places, strict=True)
                if t.start > toponym.end
                and t.end <= toponym.sentence[1]
                and p.entry is not None
                and precision_of(p.entry) <= 3
            ),
            main,
        )
        if parent is not None and parent.entry is not None:
            _attach(place, parent, kind)


INSIDE_KM = 50.0
"""How far from its container's point a known place may lie and still be inside it."""


def _within(entry: GazetteerEntry, container: GazetteerEntry) -> bool:
    if precision_of(container) >= 3:
        return _contains(container, entry) or entry.country == container.country
    return distance_km(entry.lat, entry.lon, container.lat, container.lon) <= INSIDE_KM


def _attach(place: Place, parent: Place, kind: str | None) -> None:
    assert parent.entry is not None
    place.entry = parent.entry
    place.precision = PLACE_TYPES.get(kind or "", 2)  # type: ignore[assignment]
    place.score = round((parent.score or 0.5) * 0.5, 3)


def _joint(
    names: dict[str, list[Candidate]], parents: dict[str, set[int]], focus: Focus
) -> dict[str, tuple[Candidate, float]]:
    """The chosen sense of each name and its probability (see `resolve`)."""
    if not names:
        return {}
    flat = [(k, i, c) for k, cands in names.items() for i, c in enumerate(cands)]
    group = np.array([list(names).index(k) for k, _, _ in flat])
    n_groups = len(names)
    prior = np.array([_prior(c) for _, _, c in flat])
    bonus = np.array([WEIGHTS["parent"] if i in parents.get(k, ()) else 0.0 for k, i, _ in flat])
    lat = np.radians([c.entry.lat for _, _, c in flat])
    lon = np.radians([c.entry.lon for _, _, c in flat])
    countries = [c.entry.country or "" for _, _, c in flat]
    admins = [f"{c.entry.country}.{c.entry.admin1}" if c.entry.admin1 else "" for _, _, c in flat]
    # dateline support
    for index, (_, _, candidate) in enumerate(flat):
        share_c, share_a = focus.share(candidate.entry)
        bonus[index] += WEIGHTS["country"] * share_c + WEIGHTS["admin1"] * share_a
    same_country = _same(countries)
    same_admin = _same(admins)
    # equirectangular distances: exact enough at the scale of "near"
    x = (lon[:, None] - lon[None, :]) * np.cos((lat[:, None] + lat[None, :]) / 2)
    y = lat[:, None] - lat[None, :]
    km = 6371.0 * np.sqrt(x * x + y * y)
    near = np.clip((FAR_KM - km) / (FAR_KM - NEAR_KM), 0.0, 1.0)
    other = group[:, None] != group[None, :]
    is_country = np.array([(c.entry.feature_code or "").startswith("PCL") for _, _, c in flat])
    near[:, is_country] = 0.0  # a country's point says nothing about nearness
    named = _named_country(countries) * is_country[None, :]
    # a country counts once however many names it goes by ("America", "U.S.")
    distinct = sorted(set(countries))
    by_country = np.array([distinct.index(c) for c in countries])
    n_countries = len(distinct)
    scores = prior + bonus
    for temperature in TEMPERATURES:
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, group, scores)
        plausibility = np.exp((scores - top[group]) / temperature)
        weight = plausibility[None, :] * other
        support_c = _group_max(weight * same_country, group, n_groups).sum(axis=1)
        support_a = _group_max(weight * same_admin, group, n_groups).sum(axis=1)
        support_n = _group_max(weight * near, group, n_groups).sum(axis=1)
        support_e = _group_max(weight * named, by_country, n_countries).sum(axis=1)
        named_total = _group_max(weight * is_country[None, :], by_country, n_countries).sum(axis=1)
        scale = max(n_groups - 1, 1)
        scores = (
            prior
            + bonus
            + WEIGHTS["country"] * support_c / scale
            + WEIGHTS["admin1"] * support_a / scale
            + WEIGHTS["near"] * np.minimum(support_n, 2.0) / 2.0
            + WEIGHTS["named"] * support_e / np.maximum(named_total, 1.0)
        )
    probability = _softmax_by_group(scores, group, n_groups)
    picks: dict[str, tuple[Candidate, float]] = {}
    for index, (key, _, candidate) in enumerate(flat):
        if key not in picks or scores[index] > picks[key][1]:
            picks[key] = (candidate, float(scores[index]))
    return {
        key: (
            candidate,
            float(probability[flat.index((key, names[key].index(candidate), candidate))]),
        )
        for key, (candidate, _) in picks.items()
    }


def _named_country(countries: list[str]) -> Any:
    """Rows x columns: 1 where column's country is the row's, NEIGHBOUR_SHARE where it
    borders it (only country columns count; see WEIGHTS["named"])."""
    borders = neighbours()
    distinct = sorted(set(countries))
    small = np.zeros((len(distinct), len(distinct)))
    for i, mine in enumerate(distinct):
        for j, other in enumerate(distinct):
            if mine and other == mine:
                small[i, j] = 1.0
            elif mine and other in borders.get(mine, frozenset()):
                small[i, j] = NEIGHBOUR_SHARE
    index = np.array([distinct.index(c) for c in countries])
    return small[index][:, index]


def _same(labels: list[str]) -> Any:
    array = np.array(labels)
    return (array[:, None] == array[None, :]) & (array[:, None] != "")


def _softmax_by_group(scores: Any, group: Any, n_groups: int) -> Any:
    top = np.full(n_groups, -np.inf)
    np.maximum.at(top, group, scores)
    exp = np.exp(scores - top[group])
    total = np.zeros(n_groups)
    np.add.at(total, group, exp)
    return exp / total[group]


def _group_max(matrix: Any, group: Any, n_groups: int) -> Any:
    """For each row, the largest value within each column group: rows x groups."""
    result = np.zeros((matrix.shape[0], n_groups))
    for g in range(n_groups):
        columns = group == g
        if columns.any():
            result[:, g] = matrix[:, columns].max(axis=1)
    return result
