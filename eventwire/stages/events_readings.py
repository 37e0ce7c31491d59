"""PLOVER's readings of what is said rather than done, applied after the parse.

PLOVER codes the act the report describes, which is often a statement about another act:

* an obligation stated by someone ("X must withdraw", Y said) is Y's REQUEST to X;
* a refusal is REJECT: a negated cooperative act with an actor ("will not accept",
  "failed to reach agreement");
* an intention announced is a promise or a threat: a future cooperative act with an actor
  is AGREE ("Portugal will support ..."), a future hostile one THREATEN ("said they would
  boycott");
* a protest by a state, an organisation or an official body is verbal disapproval
  (ACCUSE), not a demonstration; civilians blocking a road are protesting (PROTEST,
  obstruct), not coercing.

Each reading keeps the trigger, its evidence and its arguments; only category, mode,
modality and (for a demand) who asks whom change.
"""

from __future__ import annotations

from typing import Any

from eventwire.model import Article, Event
from eventwire.resources.ontology import Ontology
from eventwire.stages.actors import Resolver
from eventwire.stages.events_args import participant
from eventwire.stages.events_modality import obliged
from eventwire.stages.events_triggers import Found

COOPERATIVE = frozenset({"AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "CONSULT"})
CIVILIAN_SECTORS = frozenset({"CVL", "REF", "LAB", "EDU", "AGR"})


def apply_readings(
    article: Article,
    pairs: list[tuple[Found, Event]],
    ontology: Ontology,
    resolver: Resolver,
) -> None:
    """Rewrite events in place by PLOVER's readings of statements and refusals."""
    for found, event in pairs:
        if obliged(found.token, found.verbal, ontology) and event.modality != "negated":
            _demand(article, found, event, resolver)
            continue
        has_actor = event.actor is not None and bool(event.actor.country or event.actor.sector)
        refusal = event.modality == "negated" and _says_no(found, ontology)
        if refusal and has_actor and event.category in COOPERATIVE:
            event.category, event.mode, event.modality = "REJECT", None, "asserted"
        elif event.modality == "future" and has_actor:
            if event.category in COOPERATIVE and event.category != "AGREE":
                event.category, event.mode = "AGREE", None
            elif event.category in ontology.hostile and event.category != "THREATEN":
                event.category, event.mode = "THREATEN", None
        sector = event.actor.sector if event.actor is not None else None
        if (
            event.category == "PROTEST"
            and found.lemma == "protest"
            and _institutional(event, ontology)
        ):
            event.category, event.mode = "ACCUSE", "disapprove"
        elif event.category == "COERCE" and sector in CIVILIAN_SECTORS:
            event.category, event.mode = "PROTEST", "obstruct"


def _says_no(found: Found, ontology: Ontology) -> bool:
    """Whether the trigger's own words deny it ("will not accept", "failed to reach"),
    not a refusal verb above it, which is coded as REJECT itself."""
    token = found.token
    verb = token if found.verbal else token.head
    for candidate in {token, verb}:
        if any(
            c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in candidate.children
        ):
            return True
    head = verb.head
    return verb.dep_ == "xcomp" and ontology.verb_forms.get(head.lower_) == "fail"


def _institutional(event: Event, ontology: Ontology) -> bool:
    actor = event.actor
    if actor is None:
        return False
    return actor.sector in ontology.institutional_protest


def _demand(article: Article, found: Found, event: Event, resolver: Resolver) -> None:
    """'Y said X must do Z': Y requests Z of X."""
    speaker = _speaker(article, event, resolver)
    event.recipient = event.actor
    event.actor = speaker
    event.category, event.mode, event.modality = "REQUEST", None, "asserted"


def _speaker(article: Article, event: Event, resolver: Resolver) -> Any:
    if event.claim is None:
        return None
    claim = article.claims[event.claim]
    if claim.source is None or article.doc is None:
        return None
    span = article.doc.char_span(claim.source.start, claim.source.end, alignment_mode="expand")
    if span is None:
        return None
    return participant(article, resolver, span.root)
