"""Events scored against WikiEvents (KAIROS) annotations: triggers and arguments.

Data: a JSON Lines file (or a folder holding `*.jsonl` files), one document a line:
`doc_id`, `tokens`, `sentences` ([[token, start, end], ...], text) with character
offsets, `entity_mentions` (`id`, `start`/`end` token indices over the document),
`event_mentions` (`event_type` such as `Conflict.Attack.DetonateExplode`, `trigger`
token span, `arguments` [{`entity_id`, `role`}]). Entity coreference clusters are read
from `coref/<name>.jsonlines` beside the file (`doc_key`, `clusters` of entity ids)
when it is there.

The text eventwire reads is rebuilt from the tokens with the spacing their offsets give;
a sentence that ends without final punctuation (a headline) is followed by a blank line,
so it stays its own sentence. The rebuilt text goes to the stages after reading
(`nlp` ... `events`), not through the text stage, whose cleaning would move the offsets.

KAIROS types and roles map to PLOVER as data (`resources/kairos_plover.json`). Scores,
pooled over documents, for each group of types (`conflict` = Conflict.*, the headline
figure; `life` = Life.Die and Life.Injure, coded ASSAULT in PLOVER; `conflict_and_life`;
`other`, for information):

- trigger identification: a predicted event of a PLOVER category the group maps to matches
  a gold trigger when their head words (the spaCy root of each span) are the same token,
  or the predicted span contains the gold head ("opened fire" for gold "fire"). Pairs are
  one-to-one. Each prediction is scored in one group: that of a gold trigger it matches,
  else by its category (an unmatched ASSAULT whose trigger is a death or injury word,
  `life_words` in the map, is a false alarm of "life", any other one of "conflict").
- trigger classification: identification plus the predicted category equals the mapped one.
- arguments (role-classified): over matched triggers, a predicted actor / recipient /
  instrument / place is correct when the gold event has an argument in the same slot
  (Attacker, Killer... -> actor; Target, Victim -> recipient; Instrument,
  ExplosiveDevice -> instrument; Place -> place) whose entity has a coreferent mention
  with the same head word. Arguments of unmatched predictions count as predicted,
  arguments of unmatched gold events as missed. `argument_identification` ignores the slot.

Reproduce (prints JSON):

    .venv/bin/eventwire evaluate events --data ../shared/eval/events/wikievents
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.events_common import Counts, EventRunner, match_one_to_one
from eventwire.model import Article, Event
from eventwire.settings import Settings

__all__ = [
    "GoldEvent",
    "KairosMap",
    "WikiDoc",
    "evaluate_wikievents",
    "kairos_map",
    "load_wikievents",
    "rebuild_text",
    "score_document",
]

SLOTS = ("actor", "recipient", "instrument", "place")
_FINAL = frozenset('.!?"\u201d\u2019')


@dataclass(frozen=True, slots=True)
class KairosMap:
    """KAIROS types and roles mapped to PLOVER categories and participant slots."""

    types: dict[str, str]
    groups: dict[str, list[str]]
    roles: dict[str, str]
    life_words: frozenset[str] = frozenset()
    """Trigger words of deaths and injuries: an unmatched ASSAULT with one is a false
    alarm of the "life" group, any other of the "conflict" group."""

    def category(self, kairos_type: str) -> str | None:
        """The PLOVER category of a KAIROS type, by its longest listed prefix."""
        return _longest_prefix(self.types, kairos_type)

    def group(self, kairos_type: str) -> str | None:
        """The scoring group a mapped type belongs to."""
        if self.category(kairos_type) is None:
            return None
        for name, prefixes in self.groups.items():
            if any(_has_prefix(kairos_type, prefix) for prefix in prefixes):
                return name
        return None

    def categories(self, group: str) -> frozenset[str]:
        """The PLOVER categories the types of a group map to."""
        return frozenset(
            category
            for kairos_type, category in self.types.items()
            if self.group(kairos_type) == group
        )


def _has_prefix(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _longest_prefix(table: dict[str, str], name: str) -> str | None:
    best = max((key for key in table if _has_prefix(name, key)), key=len, default=None)
    return table[best] if best is not None else None


@lru_cache(maxsize=1)
def kairos_map() -> KairosMap:
    """The shipped KAIROS -> PLOVER map."""
    data = json.loads(
        resources.files("eventwire.resources").joinpath("kairos_plover.json").read_text("utf-8")
    )
    return KairosMap(
        types=data["types"],
        groups=data["groups"],
        roles=data["roles"],
        life_words=frozenset(data["life_words"]),
    )


@dataclass(frozen=True, slots=True)
class GoldArgument:
    """A gold argument: its slot and the character spans of every coreferent mention."""

    slot: str
    role: str
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A gold event mention: KAIROS type, trigger character span, arguments."""

    type: str
    start: int
    end: int
    text: str
    arguments: tuple[GoldArgument, ...] = ()


@dataclass(slots=True)
class WikiDoc:
    """One document: rebuilt text and gold events with offsets into it."""

    id: str
    text: str
    events: list[GoldEvent] = field(default_factory=list)


def rebuild_text(sentences: list[list[tuple[str, int, int]]]) -> tuple[str, list[tuple[int, int]]]:
    """Text from tokens with their original offsets: the spacing between tokens kept (at
    least one space), a blank line after a sentence without final punctuation. Returns
    the text and each token's (start, end) in it, in document order."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    previous_end: int | None = None
    for index, sentence in enumerate(sentences):
        for position, (token, start, end) in enumerate(sentence):
            if previous_end is not None:
                if position == 0 and index and sentences[index - 1][-1][0][-1:] not in _FINAL:
                    gap = "\n\n"
                else:
                    gap = " " * max(1, start - previous_end) if start > previous_end else ""
                    if position == 0 and not gap:
                        gap = " "
                parts.append(gap)
                length += len(gap)
            parts.append(token)
            spans.append((length, length + len(token)))
            length += len(token)
            previous_end = end
    return "".join(parts), spans


def load_wikievents(path: Path, limit: int | None = None) -> list[WikiDoc]:
    """Documents of a WikiEvents file or folder, with coreference clusters when found."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    files = [f for f in files if not f.name.endswith("_info.jsonl")] or files
    if not files or not files[0].is_file():
        raise InputError(str(path), "no WikiEvents .jsonl file here")
    docs: list[WikiDoc] = []
    for file in files:
        clusters = _clusters(file.parent / "coref" / f"{file.stem}.jsonlines")
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    docs.append(_document(json.loads(line), clusters))
                except (ValueError, KeyError, IndexError, TypeError) as error:
                    raise InputError(
                        f"{file}:{number}", f"not a WikiEvents line: {error}"
                    ) from None
                if limit is not None and len(docs) >= limit:
                    return docs
    return docs


def _clusters(path: Path) -> dict[str, dict[str, list[str]]]:
    """doc id -> entity id -> the ids of all its coreferent mentions."""
    found: dict[str, dict[str, list[str]]] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        members = found.setdefault(record["doc_key"], {})
        for cluster in record["clusters"]:
            for entity in cluster:
                members[entity] = list(cluster)
    return found


def _document(record: dict[str, Any], clusters: dict[str, dict[str, list[str]]]) -> WikiDoc:
    sentences = [[(t[0], int(t[1]), int(t[2])) for t in s[0]] for s in record["sentences"]]
    text, spans = rebuild_text(sentences)
    mentions = {
        m["id"]: (spans[m["start"]][0], spans[m["end"] - 1][1]) for m in record["entity_mentions"]
    }
    coref = clusters.get(record["doc_id"], {})
    mapping = kairos_map()
    events = []
    for item in record["event_mentions"]:
        trigger = item["trigger"]
        start, end = spans[trigger["start"]][0], spans[trigger["end"] - 1][1]
        arguments = []
        for argument in item["arguments"]:
            slot = mapping.roles.get(argument["role"])
            entity = argument["entity_id"]
            if slot is None or entity not in mentions:
                continue
            members = [m for m in coref.get(entity, [entity]) if m in mentions] or [entity]
            arguments.append(
                GoldArgument(slot, argument["role"], tuple(mentions[m] for m in members))
            )
        events.append(GoldEvent(item["event_type"], start, end, text[start:end], tuple(arguments)))
    return WikiDoc(record["doc_id"], text, events)


class Heads:
    """Head words of character spans in one parsed article: the spaCy root token."""

    def __init__(self, article: Article) -> None:
        self.doc = article.doc
        self.text = article.text

    def __call__(self, start: int, end: int) -> int:
        if self.doc is None:
            return _last_word_start(self.text, start, end)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return -1
        index: int = span.root.i
        return index

    def char_range(self, start: int, end: int) -> tuple[int, int]:
        """Character range of the head token of a span."""
        head = self(start, end)
        if self.doc is None or head < 0:
            return head, head + 1
        token = self.doc[head]
        return token.idx, token.idx + len(token.text)


def _last_word_start(text: str, start: int, end: int) -> int:
    words = text[start:end].split()
    return end - len(words[-1]) if words else -1


@dataclass(slots=True)
class GroupTally:
    """The tallies of one group of types."""

    trigger: Counts = field(default_factory=Counts)
    classification: Counts = field(default_factory=Counts)
    argument: Counts = field(default_factory=Counts)
    argument_identification: Counts = field(default_factory=Counts)
    roles: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SLOTS})
    missed: Counter[str] = field(default_factory=Counter)
    false_alarms: Counter[str] = field(default_factory=Counter)

    def scores(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger.scores(),
            "trigger_classification": self.classification.scores(),
            "argument": self.argument.scores(),
            "argument_identification": self.argument_identification.scores(),
            "argument_by_role": {slot: counts.scores() for slot, counts in self.roles.items()},
            "missed_triggers": dict(self.missed.most_common(10)),
            "false_alarm_triggers": dict(self.false_alarms.most_common(10)),
        }


GROUPS = ("conflict", "life", "conflict_and_life", "other")


def _in_group(mapping: KairosMap, kairos_type: str, group: str) -> bool:
    found = mapping.group(kairos_type)
    if group == "conflict_and_life":
        return found in ("conflict", "life")
    return found == group


def score_document(gold: list[GoldEvent], article: Article, tallies: dict[str, GroupTally]) -> None:
    """Add one document's trigger and argument matches to each group's tallies."""
    mapping = kairos_map()
    heads = Heads(article)

    def matches(g: GoldEvent, p: Event) -> bool:
        head_start, head_end = heads.char_range(g.start, g.end)
        if heads(p.start, p.end) == heads(g.start, g.end):
            return True
        return p.start <= head_start and head_end <= p.end

    golds = {group: [g for g in gold if _in_group(mapping, g.type, group)] for group in GROUPS}
    assigned: dict[str, list[Event]] = {group: [] for group in GROUPS}
    for event in article.events:
        group = _assign(event, golds, matches, mapping)
        if group is not None:
            assigned[group].append(event)
            if group in ("conflict", "life"):
                assigned["conflict_and_life"].append(event)
    for group in GROUPS:
        _score_group(
            tallies.setdefault(group, GroupTally()),
            golds[group],
            assigned[group],
            matches,
            article,
            heads,
        )


def _assign(
    event: Event,
    golds: dict[str, list[GoldEvent]],
    matches: Callable[[GoldEvent, Event], bool],
    mapping: KairosMap,
) -> str | None:
    """The one group a prediction is scored in: that of a gold trigger it matches (and
    whose categories include its own), else by its category, an ASSAULT going to "life"
    when its trigger is a death or injury word and to "conflict" otherwise."""
    for group in ("conflict", "life", "other"):
        if event.category in mapping.categories(group) and any(
            matches(g, event) for g in golds[group]
        ):
            return group
    words = event.text.lower().split()
    life = bool(words) and words[-1] in mapping.life_words
    if event.category in mapping.categories("life") and life:
        return "life"
    for group in ("conflict", "other"):
        if event.category in mapping.categories(group):
            return group
    return None


def _score_group(
    tally: GroupTally,
    golds: list[GoldEvent],
    predicted: list[Event],
    matches: Callable[[GoldEvent, Event], bool],
    article: Article,
    heads: Heads,
) -> None:
    mapping = kairos_map()
    pairs = match_one_to_one(golds, predicted, matches)
    tally.trigger.add(len(pairs), len(predicted), len(golds))
    right = sum(predicted[j].category == mapping.category(golds[i].type) for i, j in pairs)
    tally.classification.add(right, len(predicted), len(golds))
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    tally.missed.update(g.text.lower() for i, g in enumerate(golds) if i not in paired_gold)
    tally.false_alarms.update(
        p.text.lower() for j, p in enumerate(predicted) if j not in paired_pred
    )
    for i, g in enumerate(golds):
        if i not in paired_gold:
            _count_arguments(tally, [], g.arguments, heads)
    for j, p in enumerate(predicted):
        if j not in paired_pred:
            _count_arguments(tally, _arguments(p, article), (), heads)
    for i, j in pairs:
        _count_arguments(tally, _arguments(predicted[j], article), golds[i].arguments, heads)


def _arguments(event: Event, article: Article) -> list[tuple[str, int, int]]:
    """The predicted event's filled slots as (slot, start, end)."""
    found = []
    for slot in ("actor", "recipient", "instrument"):
        participant = getattr(event, slot)
        if participant is not None:
            found.append((slot, participant.start, participant.end))
    if event.place is not None and 0 <= event.place < len(article.places):
        place = article.places[event.place]
        found.append(("place", place.start, place.end))
    return found


def _count_arguments(
    tally: GroupTally,
    predicted: list[tuple[str, int, int]],
    gold: tuple[GoldArgument, ...],
    heads: Heads,
) -> None:
    predicted_heads = [(slot, heads(start, end)) for slot, start, end in predicted]
    gold_heads = [(a.slot, {heads(s, e) for s, e in a.mentions}) for a in gold]

    def same_entity(g: tuple[str, set[int]], p: tuple[str, int]) -> bool:
        return p[1] >= 0 and p[1] in g[1]

    def same_slot(g: tuple[str, set[int]], p: tuple[str, int]) -> bool:
        return g[0] == p[0] and same_entity(g, p)

    pairs = match_one_to_one(gold_heads, predicted_heads, same_slot)
    tally.argument.add(len(pairs), len(predicted_heads), len(gold_heads))
    loose = match_one_to_one(gold_heads, predicted_heads, same_entity)
    tally.argument_identification.add(len(loose), len(predicted_heads), len(gold_heads))
    for slot in SLOTS:
        right = sum(predicted_heads[j][0] == slot for _, j in pairs)
        tally.roles[slot].add(
            right,
            sum(s == slot for s, _ in predicted_heads),
            sum(s == slot for s, _ in gold_heads),
        )


def evaluate_wikievents(
    path: Path, limit: int | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Run the pipeline on every document and score triggers and arguments (see the
    module docstring)."""
    docs = load_wikievents(Path(path), limit)
    runner = EventRunner(settings)
    tallies: dict[str, GroupTally] = {}
    seconds = 0.0
    predicted_events = 0
    for doc in docs:
        article = Article(raw=doc.text, text=doc.text, id=doc.id)
        began = time.perf_counter()
        runner(article)
        seconds += time.perf_counter() - began
        predicted_events += len(article.events)
        score_document(doc.events, article, tallies)
    return {
        "format": "wikievents",
        "data": str(path),
        "documents": len(docs),
        "gold_events": sum(len(doc.events) for doc in docs),
        "predicted_events": predicted_events,
        "model": runner.settings.model,
        "stages": runner.names,
        **{group: tallies.get(group, GroupTally()).scores() for group in GROUPS},
        "articles_per_s": round(len(docs) / seconds, 2) if seconds else 0.0,
    }
