"""Toponym recognition for the `places` stage: the names in a parsed text that stand for
places, each with the gazetteer entries it may refer to.

It takes the parser's GPE and LOC entities (FAC ones only when the gazetteer knows
them), splits "Alexandria, La." into the town and its state, looks for place names
inside organisations ("the Illinois Department of Transportation"), reads names the text
itself calls a neighbourhood or village ("Sheikh Saeed, a sprawling neighbourhood in
eastern Aleppo"), notes what the words around a name make of it (a region, a town, a
dateline) and, when asked, reads demonyms ("Syrian") as their country.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from eventwire.model import GazetteerEntry, Precision
from eventwire.resources.gazetteer import Candidate, Gazetteer, normalize, variants
from eventwire.stages.nlp import doc_ents, doc_text

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


# -- recognition --------------------------------------------------------------------------


def recognise(doc: Any, gazetteer: Gazetteer, demonyms: bool = False) -> list[Toponym]:
    """The toponyms of a parsed text, in order, without overlaps."""
    found: list[Toponym] = []
    for ent in doc_ents(doc):
        label = ent.label_
        if label in ("GPE", "LOC", "FAC"):
            found.extend(_from_place_entity(ent, gazetteer))
        elif label == "NORP":
            found.extend(_from_group_entity(ent, gazetteer, demonyms))
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
_REGION_AFTER = re.compile(
    r"\s+(?:{}|{})\b".format(
        "|".join(REGION_NOUNS), "|".join(n.title() for n in REGION_NOUNS if n != "state")
    )
)
"""A region noun after the name, in lower case or capitalised; not "State", which
names universities and teams ("Columbia State", "Ohio State")."""
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
    if toponym.text.isupper() and re.search(r"[A-Z]{3}", toponym.text):  # not "U.S."
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
    taken += [(e.start_char, e.end_char) for e in doc_ents(doc) if e.label_ == "PERSON"]
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
    if words[-1].lower() in POLITY_NOUNS:
        return []  # "Soviet Union", "Russian Empire": a polity, not the town "Union"
    spans = [(i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    spans.remove((0, len(words)))
    spans.sort(key=lambda s: (s[0] - s[1], s[1] != len(words)))
    for first, last in spans:
        window = words[first:last]
        if not all(_CAPITALISED.match(w) for w in window) or len(" ".join(window)) < 4:
            continue
        if window[-1].lower() in QUALIFIERS:  # "Far North" in "Far North Queensland"
            continue
        found = gazetteer.lookup(" ".join(window))
        if any(_part_sense(c) for c in found):
            return [c for c in found if c.kind in ("name", "alt")]
    return []


POLITY_NOUNS = frozenset(
    {
        "union", "empire", "republic", "kingdom", "federation", "confederation",
        "commonwealth", "caliphate", "emirate", "sultanate", "state", "states", "bloc",
    }
)  # fmt: skip
"""Nouns that make a name the gazetteer lacks a polity (which may have no place)."""

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
            if any(_is_landmark(c, demonyms, text) for c in candidates):
                # a landmark makes it a place; every sense stays open to resolution
                senses = [
                    c
                    for c in candidates
                    if c.kind in ("name", "alt")
                    or (c.kind == "demonym" and demonyms)
                    or (c.kind == "abbr" and _DOTTED.match(text))
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


def _from_group_entity(ent: Any, gazetteer: Gazetteer, demonyms: bool) -> list[Toponym]:
    """A NORP entity is a place when it is a demonym and demonyms are asked for, or when
    it is no demonym at all but the name of a landmark: the recogniser tags a city it
    does not know as a group ("Aleppo", "Oxford") more often than it meets a group named
    like a city of 100,000."""
    senses = gazetteer.lookup(ent.text, with_variants=False)
    if any(c.kind == "demonym" for c in senses):
        if not demonyms:
            return []
        senses = [c for c in senses if c.kind == "demonym"]
    elif not any(_is_landmark(c, demonyms) and _is_settled(c) for c in senses):
        return []
    else:
        senses = [c for c in senses if c.kind in ("name", "alt")]
    return [Toponym(ent.start_char, ent.end_char, ent.text, "NORP", senses)]


def _is_settled(candidate: Candidate) -> bool:
    """A town or a first-level division: what a group-tagged name may stand for (the
    Roma are not the province of Rome)."""
    entry = candidate.entry
    return entry.feature_class == "P" or entry.feature_code == "ADM1"


_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")
"""A dotted abbreviation ("U.S.", "U.K."): inside an organisation's name, the country."""


def _is_landmark(candidate: Candidate, demonyms: bool, written: str = "") -> bool:
    entry = candidate.entry
    if entry.name.lower() in QUALIFIERS:  # "East" (a Cameroonian region) in "East Bank"
        return False
    if candidate.kind == "demonym":
        return demonyms
    code = entry.feature_code or ""
    if _DOTTED.match(written) and code in COUNTRY_CODES:
        return True
    if candidate.kind not in _INSIDE_KINDS:
        return False
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
