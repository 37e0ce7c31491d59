"""The `places` stage: toponyms in the text, resolved to gazetteer entries.

Recognition takes the parser's GPE and LOC entities (FAC ones only when the gazetteer
knows them), splits "Alexandria, La." into the town and its state, looks for place names
inside organisations ("the Illinois Department of Transportation") and, when asked,
reads demonyms ("Syrian") as their country (the convention of some annotated corpora;
off by default, since a Syrian is not a place).

Resolution scores every entry a name may refer to: a population prior, the feature
(country, division, town), the explicit parent written after a comma ("Paris, Texas"),
the article's focus (the dateline, and the countries and states the other toponyms
most likely stand for) and, for a name the gazetteer lacks but which carries a directional
qualifier ("eastern Aleppo"), the place it qualifies.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventwire.model import Article, GazetteerEntry, Place, Precision
from eventwire.resources.gazetteer import (
    Candidate,
    Gazetteer,
    distance_km,
    neighbours,
    normalize,
    variants,
)
from eventwire.stages.base import Stage, register
from eventwire.stages.nlp import doc_text

QUALIFIERS = (
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "downtown",
    "greater",
    "rural",
    "upstate",
)
"""Words before a place name that narrow it without naming another place."""

_QUALIFIED = re.compile(r"^({})\s+(.+)$".format("|".join(QUALIFIERS)), re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z-]+)\s+$")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_PARTY = re.compile(r"^[DRI]-([A-Z].*)$")
_CAPITALISED = re.compile(r"^[A-Z][\w.'\u2019-]*$")

COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
REGION_CODES = frozenset({"ADM1", "ADM2", "ADM3", "ADMD", "RGN", "CONT", "AREA", "ZN"})


def precision_of(entry: GazetteerEntry) -> Precision:
    """ACLED-like precision from the feature code: country 4, region 3, town 2,
    neighbourhood or site 1."""
    code = entry.feature_code or ""
    if code in COUNTRY_CODES or code.startswith("PCL"):
        return 4
    if code in REGION_CODES or entry.feature_class in ("A", "L"):
        return 3
    if code in ("PPLX",) or entry.feature_class in ("S", "R"):
        return 1
    return 2


@dataclass(slots=True)
class Toponym:
    """A recognised name and what resolution needs to know about it."""

    start: int
    end: int
    text: str
    label: str
    candidates: list[Candidate]
    qualifier: str | None = None
    parent: Toponym | None = None
    """The place written after a comma ("Texas" in "Paris, Texas")."""
    child: bool = False
    """Whether this toponym is itself the parent of the one before it."""
    sentence: tuple[int, int] = (0, 0)
    """The sentence it stands in: where the text may say what it lies in."""
    container: int | None = None
    """Where the place the text puts it in starts ("Aleppo" in "Sheikh Saeed, a
    neighbourhood in eastern Aleppo"), when the text names one."""
    inner: str | None = None
    """The noun that puts it inside another place ("neighbourhood", "village")."""
    sense: str | None = None
    """What the text makes of a name shared by a town and its region: "region" ("Idlib
    province", "the canton of Geneva"), "town" ("Geneva city", a dateline "BEIRUT —"),
    or None when the text does not say."""
    scores: list[float] = field(default_factory=list)


@register
class PlacesStage(Stage):
    """Find toponyms and resolve them to gazetteer entries."""

    name = "places"
    requires = ("article.doc", "article.text")
    assigns = ("article.places",)
    spacy_components = ("ner",)

    demonyms = False
    """Read demonyms as their country (set True to follow corpora that annotate them)."""

    gazetteer: Gazetteer | None = None

    def initialize(self, stages: Sequence[Stage]) -> None:
        if PlacesStage.gazetteer is None:  # once per process: the file is read-only
            PlacesStage.gazetteer = Gazetteer()

    def __call__(self, article: Article) -> None:
        if article.doc is None:  # not parsed: not in a language the models read
            article.places = []
            return
        gazetteer = self.gazetteer
        assert gazetteer is not None, "initialize() first"
        toponyms = recognise(article.doc, gazetteer, self.demonyms)
        focus = _dateline_focus(article.dateline, gazetteer)
        article.places = resolve(toponyms, focus, gazetteer, article.text)


# -- recognition --------------------------------------------------------------------------


def recognise(doc: Any, gazetteer: Gazetteer, demonyms: bool = False) -> list[Toponym]:
    """The toponyms of a parsed text, in order, without overlaps."""
    found: list[Toponym] = []
    for ent in doc.ents:
        label = ent.label_
        if label in ("GPE", "LOC", "FAC"):
            found.extend(_from_place_entity(ent, gazetteer))
        elif label == "NORP" and demonyms:
            candidates = [c for c in gazetteer.lookup(ent.text) if c.kind == "demonym"]
            if candidates:
                found.append(Toponym(ent.start_char, ent.end_char, ent.text, label, candidates))
        elif label in ("ORG", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"):
            found.extend(_inside(ent, gazetteer, demonyms))
    found.sort(key=lambda t: t.start)
    found = _inner_places(found, doc, gazetteer)
    found = _propagate(found, doc)
    _link_parents(found, doc_text(doc))
    has_sentences = doc.has_annotation("SENT_START")
    text = doc_text(doc)
    for toponym in found:
        if toponym.sense is None:
            toponym.sense = _sense(text, toponym)
        before = _WORD_BEFORE.search(doc_text(doc), max(0, toponym.start - 24), toponym.start)
        if toponym.qualifier is None and before and before.group(1).lower() in QUALIFIERS:
            toponym.qualifier = before.group(1).lower()
        span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        if has_sentences and span is not None:
            toponym.sentence = (span.sent.start_char, span.sent.end_char)
        else:
            toponym.sentence = (0, len(doc_text(doc)))
    return found


REGION_NOUNS = (
    "province",
    "governorate",
    "state",
    "region",
    "canton",
    "county",
    "oblast",
    "prefecture",
    "department",
    "territory",
    "emirate",
    "municipality",
)
"""Nouns that make a name shared by a town and its region the region ("Idlib province")."""
_REGION_AFTER = re.compile(r"\s+(?:{})\b".format("|".join(REGION_NOUNS)), re.IGNORECASE)
_REGION_BEFORE = re.compile(r"\b(?:{}) of\s+$".format("|".join(REGION_NOUNS)), re.IGNORECASE)
_TOWN_AFTER = re.compile(r"\s+(?:city|town)\b(?! (?:council|hall|manager|police|limits))", re.I)
_TOWN_BEFORE = re.compile(r"\b(?:city|town) of\s+$", re.IGNORECASE)
_DATELINE_AFTER = re.compile(r"^(?:,[^\n,.]{1,30})?\s*(?:\u2014|\u2013|--| - |:|\()")


def _sense(text: str, toponym: Toponym) -> str | None:
    """Whether the words around a name make it a region or a town (see `Toponym.sense`):
    a dateline (a name in capitals opening a line or sentence and followed by a dash,
    colon or bracket) is where the reporter stands, a town."""
    after = text[toponym.end : toponym.end + 40]
    before = text[max(0, toponym.start - 40) : toponym.start]
    if _REGION_AFTER.match(after) or _REGION_BEFORE.search(before):
        return "region"
    if _TOWN_AFTER.match(after) or _TOWN_BEFORE.search(before):
        return "town"
    if toponym.text.isupper() and len(toponym.text) > 2:
        line_start = not before.strip(" \t") or before.rstrip(" \t")[-1] == "\n"
        if line_start or (_DATELINE_AFTER.match(after) and before.rstrip()[-1:] == "."):
            return "town"
    return None


PLACE_TYPES = {
    "neighbourhood": 1,
    "neighborhood": 1,
    "district": 1,
    "quarter": 1,
    "suburb": 1,
    "camp": 1,
    "village": 2,
    "town": 2,
    "township": 2,
    "hamlet": 2,
}
"""Nouns that say a name is a place inside another, and the precision that gives it."""
_TYPE = r"(?P<type>{})s?".format("|".join(PLACE_TYPES))
_TYPE_WORD = re.compile(rf"\b{_TYPE}\b", re.IGNORECASE)
_HEAD = r"(?=[,.;:)\n]|$| (?:in|of|near|outside|on|that|which|where|close)\b)"
"""After the type noun: it heads its phrase ("a district", not "a district attorney")."""
_WORD = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)[-\u2010])?[A-Z][\w'\u2019]*(?:-[A-Z]?[\w]+)*"
_NAME = re.compile(rf"\b{_WORD}(?: {_WORD}){{0,3}}")
_LOOSE = r"(?:[\w-]+ ){0,5}?"
_INNER_PATTERNS = (
    # "Sheikh Saeed, a sprawling neighbourhood in eastern Aleppo"; "al-Fardous, one of
    # the most populous districts"
    re.compile(
        rf"(?P<name>{_WORD}(?: {_WORD}){{0,3}}), (?:a|an|the|one of the) {_LOOSE}{_TYPE}\b{_HEAD}"
        rf"(?: (?:in|of|near|outside) (?:the )?{_LOOSE}(?P<parent>{_WORD}))?"
    ),
    # "the Sheikh Maqsoud neighbourhood of Aleppo", "the Kellese district"
    re.compile(
        rf"\b(?:the|a) (?P<name>{_WORD}(?: {_WORD}){{0,3}}) {_TYPE}\b{_HEAD}"
        rf"(?: (?:of|in) (?:the )?{_LOOSE}(?P<parent>{_WORD}))?"
    ),
    # "Aleppo's opposition-held Kellese district"
    re.compile(
        rf"(?P<parent>{_WORD})['\u2019]s? {_LOOSE}"
        rf"(?P<name>{_WORD}(?: {_WORD}){{0,3}}) {_TYPE}\b{_HEAD}"
    ),
)


def _inner_places(found: list[Toponym], doc: Any, gazetteer: Gazetteer) -> list[Toponym]:
    """Names the text itself calls a neighbourhood, district or village of another place
    ("X, a neighbourhood in Y", "the X district of Y", "Y's X district"): the recogniser
    often misses them, or takes them for people or organisations. Each becomes a toponym
    that knows its container, if named; one the recogniser found already just learns its
    container."""
    text = doc_text(doc)
    if not _TYPE_WORD.search(text):
        return found
    by_start = {t.start: t for t in found}
    added: list[Toponym] = []
    for pattern in _INNER_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("name")
            name = match.group("name")
            if name.split()[0].lower() in QUALIFIERS or name.lower() in PLACE_TYPES:
                continue
            parent = match.group("parent") if "parent" in match.groupdict() else None
            container = match.start("parent") if parent else None
            if container is not None and not any(
                t.start == container for t in found
            ):  # the container must be a recognised place
                container = None
            existing = by_start.get(start)
            if existing is not None:
                if existing.end == end and existing.inner is None:
                    existing.container, existing.inner = container, match.group("type").lower()
                continue
            if any(start < t.end and t.start < end for t in found + added):
                continue
            candidates = [c for c in gazetteer.lookup(name) if c.kind in ("name", "alt")]
            toponym = Toponym(start, end, name, "LOC", candidates)
            toponym.container, toponym.inner = container, match.group("type").lower()
            added.append(toponym)
    return sorted(found + added, key=lambda t: t.start) if added else found


def _propagate(found: list[Toponym], doc: Any) -> list[Toponym]:
    """One sense per discourse: a name recognised as a place once is a place wherever
    else it is written the same way, outside a person's name (the recogniser often tags
    "Alexandria" once and misses it in "an Alexandria man")."""
    known = {t.text: t for t in found if t.candidates and len(t.text) >= 4 and t.label != "NORP"}
    taken = [(t.start, t.end) for t in found]
    taken += [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    added: list[Toponym] = []
    if known:
        pattern = re.compile(r"\b({})\b".format("|".join(re.escape(k) for k in known)))
        for match in pattern.finditer(doc_text(doc)):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            source = known[match.group(1)]
            added.append(_copy(source, start, end, match.group(1)))
            taken.append((start, end))
    inner = {normalize(t.text): t for t in found if t.inner is not None}
    if inner:  # "Sheik Saeed" after "Sheikh Saeed, a neighbourhood in ...", even where
        # the recogniser took it for a person: the text has said it is a place
        places = [(t.start, t.end) for t in found + added]
        for match in _NAME.finditer(doc_text(doc)):
            start, end = match.span()
            if any(start < b and a < end for a, b in places):
                continue
            keys = set(variants(normalize(match.group(0))))
            same = next((t for k, t in inner.items() if keys & set(variants(k))), None)
            if same is not None:
                added.append(_copy(same, start, end, match.group(0)))
                places.append((start, end))
    return sorted(found + added, key=lambda t: t.start) if added else found


def _copy(source: Toponym, start: int, end: int, text: str) -> Toponym:
    return Toponym(
        start,
        end,
        text,
        source.label,
        source.candidates,
        container=source.container,
        inner=source.inner,
    )


def _from_place_entity(ent: Any, gazetteer: Gazetteer) -> list[Toponym]:
    """One or two toponyms from a GPE/LOC/FAC entity: "Alexandria, La." is two."""
    text = ent.text
    start = ent.start_char
    parts: list[tuple[int, str]] = []
    if "," in text:
        offset = 0
        for piece in text.split(","):
            stripped = piece.strip()
            if stripped:
                parts.append((start + offset + piece.index(stripped), stripped))
            offset += len(piece) + 1
    else:
        parts.append((start, text))
    result = []
    for part_start, part in parts:
        toponym = _toponym(part_start, part, ent.label_, gazetteer)
        if toponym is not None:
            result.append(toponym)
    return result


def _toponym(start: int, text: str, label: str, gazetteer: Gazetteer) -> Toponym | None:
    """A toponym for a stretch of text, trimmed of "the" and a possessive; None when the
    label is FAC and the gazetteer does not know the name."""
    if text.lower().startswith("the "):
        start, text = start + 4, text[4:]
    trimmed = _POSSESSIVE.sub("", text)
    text = trimmed if trimmed else text
    if not text:
        return None
    qualifier = None
    sense = None
    candidates = [c for c in gazetteer.lookup(text) if c.kind != "demonym"]
    words = text.rsplit(" ", 1)
    if not candidates and len(words) == 2 and words[1].lower() in REGION_NOUNS:
        # "Idlib province": the name, as a region
        found = [c for c in gazetteer.lookup(words[0]) if c.entry.feature_class == "A"]
        if found:
            text, candidates, sense = words[0], found, "region"
    if not candidates:
        qualified = _QUALIFIED.match(text)
        if qualified:
            qualifier = qualified.group(1).lower()
            candidates = [c for c in gazetteer.lookup(qualified.group(2)) if c.kind != "demonym"]
    party = _PARTY.match(text)
    if not candidates and party:  # "D-N.Y.": a legislator's party and state
        found = [c for c in gazetteer.lookup(party.group(1)) if c.kind != "demonym"]
        if found:
            start, text, candidates = start + 2, party.group(1), found
    if not candidates and label != "FAC":
        candidates = _part_known(text, gazetteer)
    if label == "FAC" and not candidates:
        return None
    return Toponym(start, start + len(text), text, label, candidates, qualifier, sense=sense)


def _part_known(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    """The senses of the longest run of capitalised words inside a place entity the
    gazetteer does not know whole ("Metro Vancouver", "Rodeo Gainesville"): the recogniser
    often takes a neighbouring word into the name. Longer runs go first and, of equal
    length, the one that ends the entity (English puts a name's head last). The entity
    keeps its own span."""
    words = text.split()
    spans = [(i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    spans.remove((0, len(words)))
    spans.sort(key=lambda s: (s[0] - s[1], s[1] != len(words)))
    for first, last in spans:
        window = words[first:last]
        if not all(_CAPITALISED.match(w) for w in window) or len(" ".join(window)) < 4:
            continue
        found = gazetteer.lookup(" ".join(window))
        if any(_part_sense(c) for c in found):
            return [c for c in found if c.kind in ("name", "alt")]
    return []


PART_POPULATION = 1000
"""A town found inside a longer place entity must have this many people: small places
named like common words ("Hospital") would match too often."""


def _part_sense(candidate: Candidate) -> bool:
    """Whether a sense of part of a place entity makes that part a place: a town or
    division under its main name; not a country ("Little Portugal", "Stade de France")."""
    entry = candidate.entry
    if candidate.kind != "name":
        return False
    if entry.feature_class == "A":
        return entry.feature_code in ("ADM1", "ADM2")
    return entry.feature_class == "P" and (entry.population or 0) >= PART_POPULATION


_INSIDE_KINDS = ("name",)


def _inside(ent: Any, gazetteer: Gazetteer, demonyms: bool) -> list[Toponym]:
    """Place names inside an organisation's name: the longest run of capitalised tokens
    that names a country, a first-level division or a town of 100,000 people."""
    found: list[Toponym] = []
    tokens = list(ent)
    i = 0
    while i < len(tokens):
        hit = None
        for size in (3, 2, 1):
            window = tokens[i : i + size]
            if len(window) < size or not all(_CAPITALISED.match(t.text) for t in window):
                continue
            text = doc_text(ent.doc)[window[0].idx : window[-1].idx + len(window[-1].text)]
            if any(t.is_stop for t in window):
                continue
            candidates = gazetteer.lookup(text, with_variants=False)
            if any(_is_landmark(c, demonyms) for c in candidates):
                # a landmark makes it a place; every sense stays open to resolution
                senses = [
                    c
                    for c in candidates
                    if c.kind in ("name", "alt") or (c.kind == "demonym" and demonyms)
                ]
                start = window[0].idx
                hit = Toponym(start, start + len(text), text, ent.label_, senses)
                break
        if hit is not None:
            found.append(hit)
            i += len(hit.text.split())
        else:
            i += 1
    return found


def _is_landmark(candidate: Candidate, demonyms: bool) -> bool:
    entry = candidate.entry
    if entry.name.lower() in QUALIFIERS:  # "East" (a Cameroonian region) in "East Bank"
        return False
    if candidate.kind == "demonym":
        return demonyms
    if candidate.kind not in _INSIDE_KINDS:
        return False
    code = entry.feature_code or ""
    return code in COUNTRY_CODES or code in ("ADM1", "CONT") or (entry.population or 0) >= 100_000


def _link_parents(toponyms: list[Toponym], text: str) -> None:
    """Mark "X, Y" pairs: Y is X's parent when only a comma and spaces separate them."""
    for first, second in itertools.pairwise(toponyms):
        between = text[first.end : second.start]
        if between.strip() == "," and any(
            _contains(p.entry, c.entry) for p in second.candidates for c in first.candidates
        ):
            first.parent = second
            second.child = True


def _contains(parent: GazetteerEntry, child: GazetteerEntry) -> bool:
    """Whether `child` lies in `parent` by the codes they carry."""
    code = parent.feature_code or ""
    if parent.country is None or parent.country != child.country or parent is child:
        return False
    if code.startswith("PCL"):
        return True
    return code == "ADM1" and parent.admin1 == child.admin1 and child.feature_code != "ADM1"


# -- resolution ---------------------------------------------------------------------------


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


def _dateline_focus(dateline: str | None, gazetteer: Gazetteer) -> Focus:
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
    """Candidates a toponym may take: abbreviations only for GPE entities or after a
    comma that makes them a parent (postal codes are common words otherwise); then, for
    a name shared by a town and the region around it, the sense the text gives it, else
    the town (see `_seat_of`)."""
    usable = toponym.candidates
    if toponym.label != "GPE" and not toponym.child:
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
    yields to a town of this very name that is not tiny beside it."""
    entry = candidate.entry
    if entry.feature_class != "A" or entry.feature_code not in ("ADM1", "ADM2"):
        return None
    for town in usable:
        other = town.entry
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


TOP_CANDIDATES = 12
"""Senses of one name weighed jointly (by prior): enough for "Paris" or "Springfield"."""
NEAR_KM = 60.0
FAR_KM = 400.0
"""Places within NEAR_KM of a likely sense of another name support each other fully; the
support fades to nothing at FAR_KM."""
WEIGHTS = {"country": 3.0, "admin1": 3.0, "near": 3.0, "parent": 6.0, "named": 4.0}
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
    scores = prior + bonus
    for temperature in TEMPERATURES:
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, group, scores)
        plausibility = np.exp((scores - top[group]) / temperature)
        weight = plausibility[None, :] * other
        support_c = _group_max(weight * same_country, group, n_groups).sum(axis=1)
        support_a = _group_max(weight * same_admin, group, n_groups).sum(axis=1)
        support_n = _group_max(weight * near, group, n_groups).sum(axis=1)
        support_e = _group_max(weight * named, group, n_groups).sum(axis=1)
        named_total = _group_max(weight * is_country[None, :], group, n_groups).sum(axis=1)
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
