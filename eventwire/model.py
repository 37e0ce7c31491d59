"""The data model: one Article flows through every stage and collects what they find.

Every derived item points back into `Article.text` with character offsets (`start`, `end`,
end exclusive) and repeats the `text` it covers, so a user can always check the evidence.
This module imports nothing from the rest of the project.

Cross-references inside one article are indices into the article's own lists (an event's
`place` is an index into `Article.places`) and actor ids into the actor dictionary; that
keeps every item a flat, JSON-ready record.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

Precision = Literal[1, 2, 3, 4]
"""Place precision, ACLED-like: 1 exact place or neighbourhood, 2 city / near,
3 region or province, 4 country."""

TimePrecision = Literal["time", "day", "week", "month", "season", "quarter", "year", "decade"]
Modality = Literal["asserted", "negated", "hypothetical", "future", "historical"]
ClaimKind = Literal["direct", "indirect", "mixed", "outlet"]

TRANSIENT = {"transient": True}
"""Field metadata: kept in memory during a run, never serialised (the spaCy Doc)."""


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of `Article.text`: the evidence behind a field."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        """The covered text."""
        return text[self.start : self.end]


@dataclass(slots=True)
class Source:
    """Where an article came from: file, line or archive record, URL, outlet."""

    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    record: str | None = None
    """Line number in a JSONL file or WARC record id, when the file holds many."""


@dataclass(slots=True)
class Mention:
    """A named entity in the text, linked to a canonical actor when one is known."""

    start: int
    end: int
    text: str
    label: str
    """The recogniser's type: PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, ..."""
    actor: str | None = None
    """`Actor.id` once the actors stage has resolved the mention."""


@dataclass(slots=True)
class Actor:
    """A canonical actor: a state, an armed group, an agency, a person."""

    id: str
    name: str
    country: str | None = None
    """ISO 3166 alpha-3."""
    sector: str | None = None
    """PLOVER sector: GOV, MIL, REB, CVL, NGO, IGO, MED, JRN, ..."""
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GazetteerEntry:
    """One gazetteer record (GeoNames or a user's own place)."""

    geonameid: int | None
    name: str
    country: str | None
    """ISO 3166 alpha-2, as GeoNames writes it."""
    admin1: str | None
    lat: float
    lon: float
    feature_class: str | None = None
    feature_code: str | None = None
    population: int | None = None


@dataclass(slots=True)
class Place:
    """A toponym as written and the gazetteer entry it resolves to."""

    start: int
    end: int
    text: str
    entry: GazetteerEntry | None = None
    precision: Precision | None = None
    score: float | None = None
    qualifier: str | None = None
    """A directional qualifier kept from the text ("eastern")."""


@dataclass(slots=True)
class TimeRef:
    """A time expression normalised against the article's creation time."""

    start: int
    end: int
    text: str
    value: str | None = None
    """ISO-like value: 2016-12-12, 2016-11, 2016-W50, 2016-07/.., P1W."""
    kind: Literal["date", "time", "duration", "set"] = "date"
    precision: TimePrecision | None = None
    anchor: str | None = None
    """The date the value was resolved against (usually `Article.published`)."""
    historical: bool = False


@dataclass(slots=True)
class Quantity:
    """A number with what it counts: a value, a range, "X of Y", a percentage."""

    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    counted: str | None = None
    """What is counted ("staff", "ambulances", "eastern Aleppo")."""
    of_total: float | None = None
    """Y in "X of Y"."""
    percent: bool = False
    approximate: bool = False


@dataclass(slots=True)
class Claim:
    """An attribution: who says what, how, and how sure they are."""

    start: int
    end: int
    text: str
    kind: ClaimKind
    source: Span | None = None
    """The source's words in the text; None when the outlet itself asserts it."""
    source_text: str | None = None
    source_actor: str | None = None
    """The named source behind the words (a pronoun resolved to its speaker)."""
    source_role: str | None = None
    """The role the text gives the source ("a legal adviser to the Free Syrian Army")."""
    source_affiliation: str | None = None
    """Whom that role ties the source to ("Free Syrian Army")."""
    cue: Span | None = None
    content: list[Span] = field(default_factory=list)
    hedge: str | None = None
    anonymous: bool = False
    quantities: list[Quantity] = field(default_factory=list)


@dataclass(slots=True)
class Participant:
    """An event's actor, recipient or instrument: the words in the text and, when the
    actors stage resolved them, the canonical actor with its country and sector."""

    start: int
    end: int
    text: str
    actor: str | None = None
    """`Actor.id` of its entry in `Article.actors`."""
    country: str | None = None
    """ISO 3166 alpha-3."""
    sector: str | None = None
    """PLOVER sector: GOV, MIL, REB, CVL, ..."""


@dataclass(slots=True)
class Event:
    """A PLOVER event: who did what to whom, where, when, and according to whom."""

    start: int
    end: int
    text: str
    """The trigger as written."""
    category: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: Participant | None = None
    """Who acted (the agent, also of a passive's "by" phrase)."""
    recipient: Participant | None = None
    """Whom or what it was done to (target, victim, addressee)."""
    instrument: Participant | None = None
    """The weapon or means ("car bomb", "barrel bombs")."""
    place: int | None = None
    """Index into `Article.places`."""
    date: int | None = None
    """Index into `Article.times`."""
    modality: Modality = "asserted"
    claim: int | None = None
    """Index into `Article.claims`; None when the outlet asserts it."""
    evidence: list[Span] = field(default_factory=list)
    confidence: float | None = None
    quantities: list[Quantity] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Fingerprint:
    """A MinHash signature of a body and the number of shingles it was taken over."""

    signature: list[int]
    shingles: int


@dataclass(slots=True)
class Article:
    """A report and everything the stages found in it."""

    raw: str
    """What was read, before cleaning; kept for audit."""
    format: Literal["text", "html"] = "text"
    """What `raw` is: plain (possibly scraped) text, or an HTML page."""
    source: Source = field(default_factory=Source)
    id: str | None = None
    """First 16 hex digits of SHA-256 of the normalised body."""
    text: str = ""
    """The clean body: every offset in this record points into it."""
    title: str | None = None
    author: str | None = None
    dateline: str | None = None
    """The dateline place as written ("BEIRUT"); the text keeps it where it stands."""
    published: str | None = None
    """ISO 8601 date (or date and time) of publication; never invented."""
    published_source: Literal["metadata", "text", "file", "given"] | None = None
    published_reason: str | None = None
    """Why `published` is empty, when it is."""
    creation: TimeRef | None = None
    """When the report was written, as the time stage anchors on it: `published`, or a
    window inferred from the text (its `anchor` says "inferred") when that is unknown."""
    language: str | None = None
    """ISO 639-1 code from language identification; None when not identified."""
    captions: list[str] = field(default_factory=list)
    """Photo captions and credits found in the page: shown to users, not body text."""
    fingerprint: Fingerprint | None = field(default=None, repr=False)
    """MinHash signature of the body, for finding syndicated copies."""
    near_duplicate_of: str | None = None
    """Id of an earlier stored article this one is a near-copy of (set by the store)."""
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    """The canonical actors the mentions and events of this article resolve to."""
    events: list[Event] = field(default_factory=list)
    doc: Any = field(default=None, repr=False, compare=False, metadata=TRANSIENT)
    """The spaCy Doc of `text`, shared by the stages of one run; never stored."""


@dataclass(slots=True)
class Failure:
    """An input that could not be read or processed, and why."""

    source: Source
    stage: str
    reason: str

    def __str__(self) -> str:
        where = self.source.path or self.source.url or "<input>"
        if self.source.record:
            where = f"{where}:{self.source.record}"
        return f"{where}: {self.reason}"


def to_dict(obj: Any) -> Any:
    """A JSON-ready copy of a model object, leaving out transient fields."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_dict(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if not f.metadata.get("transient")
        }
    if isinstance(obj, list | tuple):
        return [to_dict(item) for item in obj]
    return obj


T = TypeVar("T")


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a model object from `to_dict` output (nested items included)."""
    hints = typing.get_type_hints(cls)
    values = {
        f.name: _value(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**values)


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _value(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_value(item, v) for v in value]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return from_dict(hint, value)
    return value
