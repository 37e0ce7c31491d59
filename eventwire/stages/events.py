"""The `events` stage: PLOVER events with who did what to whom, where, when, how sure.

One event per trigger the text uses as an event (events_triggers.py): several per
sentence when it has them. Each gets its arguments from the parse (events_args.py), its
modality (events_modality.py), the claim that carries it (the innermost claim whose
content holds the trigger; a hedged claim lowers the confidence), a date (the time
stage's `governing_time`), a place (the places stage's nearest governing place),
quantities (dead, wounded, displaced, per cent of territory) from the claims stage, and
its sentence as evidence.

PLOVER's readings of statements (events_readings.py): an announced cooperative act is a
promise (AGREE), an announced hostile one a threat (THREATEN), "X must ..." said by Y is
Y's REQUEST, a refusal is REJECT.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from eventwire.model import Actor, Article, Event, Participant, Quantity, Span
from eventwire.resources.ontology import Ontology, Trigger, load_ontology
from eventwire.stages.actors import Resolver
from eventwire.stages.base import Stage, register
from eventwire.stages.claims_quantities import find_quantities
from eventwire.stages.events_args import (
    is_instrument,
    noun_roles,
    participant,
    place_of,
    receiver,
    split_pair,
    verb_roles,
)
from eventwire.stages.events_modality import (
    clause_verb,
    creation_day,
    dated_modality,
    modality_of,
)
from eventwire.stages.events_readings import apply_readings
from eventwire.stages.events_triggers import Found, find_triggers
from eventwire.stages.time import governing_time

COUNTED = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "PROTEST", "AID"})
"""Categories whose events carry counts (dead, wounded, displaced, territory)."""
CIVILIAN_SECTORS = frozenset({"CVL", "REF"})
NON_STATE_ARMED = frozenset({"REB", "UAF"})
"""Armed parties without aircraft: what they "bomb" they bomb with explosives."""
BASE_CONFIDENCE = {"verb": 0.7, "noun": 0.6}
HEDGE_FACTOR = 0.7


@register
class EventsStage(Stage):
    """Code every event the text reports, with its evidence and modality."""

    name = "events"
    requires = (
        "article.doc",
        "article.actors",
        "article.claims",
        "article.places",
        "article.times",
    )
    assigns = ("article.events",)
    spacy_components = ("parser", "ner")

    def initialize(self, stages: Sequence[Stage]) -> None:
        self.ontology = load_ontology()

    def __call__(self, article: Article) -> None:
        if article.doc is None:
            article.events = []
            return
        ontology = getattr(self, "ontology", None) or load_ontology()
        article.events = find_events(article, ontology)


def find_events(article: Article, ontology: Ontology) -> list[Event]:
    """Every event in a parsed article, in text order."""
    doc = article.doc
    found = _deduplicated(find_triggers(doc, ontology), ontology)
    keys = {f.token.i: (f.lemma, f.verbal) for f in found}
    resolver = Resolver.of(article)
    starts = [s.start for s in article.sentences]
    times = {(t.start, t.end): i for i, t in enumerate(article.times)}
    creation = creation_day(article.creation.value if article.creation else article.published)
    events: list[Event] = []
    pairs: list[tuple[Found, Event]] = []
    by_token: dict[int, Event] = {}
    for item in found:
        complement = ontology.complement.get(item.lemma)
        if (
            item.verbal
            and complement is not None
            and complement.category is None
            and item.lemma not in ontology.verbs
            and not item.reversal
        ):
            continue  # "plan", "try": sets the modality of what it governs, no event itself
        event = _event(article, item, ontology, resolver, keys, starts, times, creation)
        if event is None:
            continue
        named = event.actor is not None and bool(event.actor.country or event.actor.sector)
        if item.verbal and event.category == "ASSAULT" and not named:
            cause = _cause(item, ontology) or _weapon_actor(article, event, ontology)
            aerial = cause is not None and _aerial(cause, ontology)
            if cause is not None and not aerial:  # air forces are states' own
                _unattributed(article, resolver, event, cause, starts)
        events.append(event)
        pairs.append((item, event))
        by_token[item.token.i] = event
    _promises(found, by_token, ontology)
    _recipients_of_content(found, by_token, ontology)
    apply_readings(article, pairs, ontology, resolver)
    _attach_quantities(article, events, starts)
    _sync_actors(article, events, resolver)
    return events


def _sync_actors(article: Article, events: list[Event], resolver: Resolver) -> None:
    """Every actor an event names is in `Article.actors`."""
    known = {actor.id for actor in article.actors}
    for event in events:
        for side in (event.actor, event.recipient):
            if side is not None and side.actor and side.actor not in known:
                actor = resolver.actors.get(side.actor)
                if actor is not None:
                    article.actors.append(actor)
                    known.add(actor.id)


def _unattributed(
    article: Article, resolver: Resolver, event: Event, cause: Any, starts: list[int]
) -> None:
    """An attack nobody is named for ("a roadside bomb killed ...") is coded, as PLOVER
    does, to unidentified armed forces (UAF) of the country where it happened."""
    country = None
    if event.place is not None:
        entry = article.places[event.place].entry
        if entry is not None and entry.country:
            country = resolver.dictionary.iso2.get(entry.country)
    country = country or resolver.dominant()
    key = "-".join(p for p in (country, "UAF") if p)
    actor = resolver.actors.get(key) or Actor(
        key, f"unidentified armed forces{' in ' + country if country else ''}", country, "UAF"
    )
    resolver.actors.setdefault(key, actor)
    start, end = cause.idx, cause.idx + len(cause.text)
    event.actor = Participant(start, end, article.text[start:end], key, country, "UAF")


ENDED: dict[str, tuple[str, str | None]] = {
    "COERCE": ("CONCEDE", "ease-repression"),
    "SANCTION": ("CONCEDE", "ease-sanctions"),
    "PROTEST": ("CONCEDE", None),
    "ASSAULT": ("RETREAT", None),
    "CONSULT": ("SANCTION", "discontinue"),
    "COOPERATE": ("SANCTION", "discontinue"),
    "AGREE": ("SANCTION", "discontinue"),
    "AID": ("SANCTION", "reduce-aid"),
}
"""Category of the noun ended -> what ending it is."""


def _reversals(found: list[Found], ontology: Ontology) -> list[Found]:
    """'lifted the curfew', 'called off the strike', 'ended the siege', 'cut aid': the act
    that ends a coercive or hostile one is a concession (CONCEDE) or, for military
    pressure, a de-escalation (RETREAT); ending talks or aid is a sanction (SANCTION,
    discontinue / reduce-aid). The verb becomes the trigger; the noun is its object."""
    taken: dict[int, Found] = {}
    for item in found:
        token = item.token
        if item.verbal or token.dep_ not in ("dobj", "nsubjpass"):
            continue
        if item.trigger.category not in ENDED:
            continue
        verb = token.head
        lemma = ontology.verb_forms.get(verb.lower_)
        if lemma is None or verb.i == token.i:
            continue
        particle = next((c for c in verb.children if c.dep_ == "prt"), None)
        key = f"{lemma} {particle.lower_}" if particle is not None else lemma
        if key not in ontology.reversal_verbs and lemma not in ontology.reversal_verbs:
            continue
        military = item.lemma in ontology.reversal_military or item.trigger.category == "ASSAULT"
        category, mode = ENDED[item.trigger.category]
        if military:
            category, mode = "RETREAT", None
        end = (particle or verb).idx + len((particle or verb).text)
        taken[token.i] = Found(
            verb, verb.idx, end, Trigger(category, mode), key, True, reversal=True
        )
    if not taken:
        return found
    verbs = {f.token.i for f in taken.values()}
    kept = [f for f in found if f.token.i not in taken and f.token.i not in verbs]
    return sorted([*kept, *taken.values()], key=lambda f: f.start)


def _cause(item: Found, ontology: Ontology) -> Any:
    """The weapon or blast an attack is told through when no attacker is named: the
    subject ("a car bomb killed"), the "by" agent ("killed by a roadside bomb") or the
    "in" phrase of a passive ("killed in an explosion")."""
    token = item.token
    if not item.verbal:
        return None
    for child in token.children:
        if child.dep_ in ("nsubj", "agent", "prep"):
            head = child
            if child.dep_ in ("agent", "prep"):
                if child.dep_ == "prep" and child.lower_ not in ("in", "by"):
                    continue
                head = next((c for c in child.children if c.dep_ == "pobj"), None)
                if head is None:
                    continue
            if _violent(head, ontology):
                return head
    return None


def _violent(token: Any, ontology: Ontology) -> bool:
    """A weapon, or a noun naming an attack ("explosion", "bombing")."""
    if is_instrument(token, ontology):
        return True
    noun = ontology.noun_forms.get(token.lower_)
    trigger = ontology.nouns.get(noun) if noun else None
    return trigger is not None and trigger.category == "ASSAULT"


def _aerial(token: Any, ontology: Ontology) -> bool:
    noun = ontology.noun_forms.get(token.lower_)
    trigger = ontology.nouns.get(noun) if noun else None
    mode = ontology.instrument_modes.get(token.lower_) or (trigger.mode if trigger else None)
    return mode == "aerial"


def _weapon_actor(article: Article, event: Event, ontology: Ontology) -> Any:
    """The actor's words when they name a weapon or a blast, not a person."""
    if event.actor is None or article.doc is None:
        return None
    span = article.doc.char_span(event.actor.start, event.actor.end, alignment_mode="expand")
    if span is None:
        return None
    return span.root if _violent(span.root, ontology) else None


def _deduplicated(found: list[Found], ontology: Ontology) -> list[Found]:
    """One event for "carried out an attack" (the noun) and "regained control" (the verb)."""
    found = _reversals(found, ontology)
    nouns = {f.token.i: f for f in found if not f.verbal}
    dropped: set[int] = set()
    for item in found:
        if not item.verbal:
            continue
        for child in item.token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "with"):
                noun = next((nouns.get(c.i) for c in child.children if c.dep_ == "pobj"), None)
                if noun is not None and noun.trigger.category == item.trigger.category:
                    dropped.add(noun.token.i)  # "targeted by airstrikes": the airstrikes' target
                continue
            noun = nouns.get(child.i)
            if noun is not None and child.dep_ == "nsubj" and is_instrument(child, ontology):
                if noun.trigger.category == item.trigger.category:
                    dropped.add(child.i)  # "a car bomb killed": the weapon, not an event
                continue
            if noun is None or child.dep_ not in ("dobj", "nsubjpass"):
                continue
            if item.lemma in ontology.light_verbs and item.lemma not in ontology.complement:
                dropped.add(item.token.i)
            elif noun.trigger.category == item.trigger.category:
                dropped.add(child.i)
    return [f for f in found if f.token.i not in dropped]


def _sentence(article: Article, starts: list[int], offset: int) -> tuple[int, int]:
    at = bisect.bisect_right(starts, offset) - 1
    if at < 0:
        return 0, len(article.text)
    span = article.sentences[at]
    return span.start, span.end


def _event(
    article: Article,
    item: Found,
    ontology: Ontology,
    resolver: Resolver,
    keys: dict[int, tuple[str, bool]],
    starts: list[int],
    times: dict[tuple[int, int], int],
    creation: Any,
) -> Event | None:
    token = item.token
    if item.verbal:
        actor_head, recipient_head, instrument_head = verb_roles(
            token, item.lemma, item.trigger.category, ontology
        )
    else:
        actor_head, recipient_head, instrument_head = noun_roles(
            token, ontology, resolver, item.start
        )
    moved = item.trigger.category not in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE")
    lemma = item.lemma.partition(" ")[0]
    theme = lemma in ontology.transfer_verbs or lemma in ontology.withdrawal_verbs
    if (
        moved
        and item.verbal
        and (theme or recipient_head is None or resolver.resolve(recipient_head) is None)
    ):  # for an attack, what is hit is the recipient, actor or not
        recipient_head = receiver(token, item.lemma, ontology, resolver) or recipient_head
    if not item.verbal and recipient_head is None and token.dep_ == "dobj" and moved:
        carrier = token.head  # "gave Malawi a loan": the light verb's receiver
        recipient_head = receiver(carrier, carrier.lower_, ontology, resolver)
    actor = participant(article, resolver, actor_head) if actor_head is not None else None
    recipient = (
        participant(article, resolver, recipient_head) if recipient_head is not None else None
    )
    instrument = (
        participant(article, resolver, instrument_head, resolve=False)
        if instrument_head is not None
        else None
    )
    if actor is not None and actor_head is instrument_head and not actor.country:
        actor = None  # "a car bomb exploded": the weapon, nobody named
    if actor is not None and recipient is None and actor.actor and "+" in actor.actor:
        actor, recipient = split_pair(actor, resolver)
    category, mode = item.trigger.category, item.trigger.mode
    civilian = actor is not None and actor.sector in CIVILIAN_SECTORS
    if category in ontology.not_by_civilians and civilian:
        return None
    if category == "ASSAULT" and mode is None and instrument_head is not None:
        mode = ontology.instrument_modes.get(instrument_head.lower_)
    if mode == "aerial" and actor is not None and actor.sector in NON_STATE_ARMED:
        mode = "explosives"  # "rebels bombed the station": a bombing, not an air strike
    sentence = _sentence(article, starts, item.start)
    modality = modality_of(token, item.verbal, ontology, keys)
    verb = token if item.verbal else clause_verb(token, ontology)
    own = _own_time(article, verb)
    when = own or governing_time(article, item.start, item.end)
    if own is not None:
        modality = dated_modality(modality, own, creation)
    claim_index = _claim_of(article, item.start, item.end)
    confidence = BASE_CONFIDENCE["verb" if item.verbal else "noun"]
    confidence += 0.1 if actor is not None and actor.actor else 0.0
    confidence += 0.05 if recipient is not None else 0.0
    confidence -= 0.1 if item.weak else 0.0
    if claim_index is not None and article.claims[claim_index].hedge:
        confidence *= HEDGE_FACTOR
    return Event(
        start=item.start,
        end=item.end,
        text=article.text[item.start : item.end],
        category=category,
        mode=mode,
        context=_contexts(article, sentence, ontology),
        actor=actor,
        recipient=recipient,
        instrument=instrument,
        place=place_of(article, token, sentence, actor, recipient, resolver.metonyms),
        date=times.get((when.start, when.end)) if when is not None and when.text else None,
        modality=modality,
        claim=claim_index,
        evidence=[Span(*sentence)],
        confidence=round(min(max(confidence, 0.05), 0.99), 2),
    )


def _own_time(article: Article, verb: Any) -> Any:
    """A date expression inside the trigger's own clause (not a clause below it)."""
    if not article.times:
        return None
    low, high = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
    inner = [
        (c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text))
        for c in verb.children
        if c.dep_ in ("advcl", "ccomp", "relcl", "conj", "xcomp", "acl", "parataxis")
    ]
    for ref in article.times:
        if ref.kind not in ("date", "time") or not ref.value or ref.value.endswith("_REF"):
            continue
        inside = low <= ref.start and ref.end <= high
        if inside and not any(a <= ref.start and ref.end <= b for a, b in inner):
            return ref
    return None


def _claim_of(article: Article, start: int, end: int) -> int | None:
    """The innermost claim whose content holds the trigger (not one it is the cue of)."""
    best: tuple[int, int] | None = None
    for index, claim in enumerate(article.claims):
        if claim.cue is not None and claim.cue.start <= start < claim.cue.end:
            continue
        for content in claim.content:
            if content.start <= start and end <= content.end:
                size = content.end - content.start
                if best is None or size < best[0]:
                    best = (size, index)
    return best[1] if best else None


def _contexts(article: Article, sentence: tuple[int, int], ontology: Ontology) -> list[str]:
    words = article.text[sentence[0] : sentence[1]].lower()
    found: list[str] = []
    for word, context in ontology.context_words.items():
        if context not in found and f" {word}" in words:
            found.append(context)
            if len(found) == 2:
                break
    return found


def _promises(found: list[Found], by_token: dict[int, Event], ontology: Ontology) -> None:
    """'vowed to attack': a promise of a hostile act is a threat."""
    for item in found:
        complement = ontology.complement.get(item.lemma)
        event = by_token.get(item.token.i)
        if complement is None or complement.hostile is None or event is None:
            continue
        for child in item.token.children:
            governed = by_token.get(child.i)
            hostile = governed is not None and governed.category in ontology.hostile
            if child.dep_ in ("xcomp", "ccomp") and hostile:
                event.category, event.mode = complement.hostile, None


def _recipients_of_content(
    found: list[Found], by_token: dict[int, Event], ontology: Ontology
) -> None:
    """'offered to hand over the suspects to Britain': the offer is made to Britain."""
    for item in found:
        event = by_token.get(item.token.i)
        if event is None or event.recipient is not None:
            continue
        if item.lemma not in ontology.complement:
            continue
        for child in item.token.children:
            governed = by_token.get(child.i)
            if child.dep_ in ("xcomp", "ccomp") and governed is not None and governed.recipient:
                event.recipient = governed.recipient
                break


def _attach_quantities(article: Article, events: list[Event], starts: list[int]) -> None:
    """Give each count in an event's sentence to the nearest event that counts things."""
    counted = [e for e in events if e.category in COUNTED]
    if not counted:
        return
    by_sentence: dict[tuple[int, int], list[Event]] = {}
    for event in counted:
        by_sentence.setdefault(_sentence(article, starts, event.start), []).append(event)
    claimed = [q for claim in article.claims for q in claim.quantities]
    for (start, end), members in by_sentence.items():
        quantities = [q for q in claimed if start <= q.start and q.end <= end]
        if not quantities:
            quantities = find_quantities(article, start, end)
        for quantity in quantities:
            nearest = min(members, key=lambda e: abs(e.start - quantity.start))
            if not _has(nearest.quantities, quantity):
                nearest.quantities.append(quantity)


def _has(quantities: list[Quantity], quantity: Quantity) -> bool:
    return any(q.start == quantity.start and q.end == quantity.end for q in quantities)
