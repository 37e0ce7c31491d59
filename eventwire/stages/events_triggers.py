"""Finding event triggers in the parse: verbs and event nouns from the PLOVER lexicon.

The models run without a tagger, so a word's part of speech is read from the parse: a
verb has verbal dependants (subject, auxiliary, object, particle) or a clausal label; a
noun has a nominal label or a determiner, possessor or adjective. A phrasal verb
("pull out", "call for") is looked up with its particle or preposition first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventwire.resources.ontology import Ontology, Trigger
from eventwire.stages.token_table import token_table

VERBAL_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj", "parataxis"}
)
VERBAL_CHILDREN = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "prt", "agent", "neg", "ccomp", "xcomp",
     "dative", "csubj", "expl"}
)  # fmt: skip
NOMINAL_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative", "npadvmod", "oprd",
     "compound", "poss", "conj", "ROOT"}
)  # fmt: skip
NOMINAL_CHILDREN = frozenset({"det", "poss", "amod", "compound", "nummod", "case"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod"})
NAMES = frozenset({"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"})


@dataclass(slots=True)
class Found:
    """A trigger in the text: its token(s), what it means, verb or noun."""

    token: Any
    """The head token of the trigger."""
    start: int
    end: int
    trigger: Trigger
    lemma: str
    verbal: bool
    weak: bool = False
    reversal: bool = False
    """An act that ends another ("lifted the curfew"), built by the events stage."""


def is_verbal(token: Any) -> bool:
    """Whether the parse uses the token as a verb."""
    children = {c.dep_ for c in token.children}
    if children & NOMINAL_CHILDREN - {"amod"} and not children & VERBAL_CHILDREN:
        return False
    if children & VERBAL_CHILDREN:
        return True
    if token.dep_ == "conj":
        return token.head.i != token.i and is_verbal(token.head)
    if token.dep_ == "amod":
        return False
    return token.dep_ in VERBAL_DEPS and not children & NOMINAL_CHILDREN


def phrasal(token: Any, lemma: str, ontology: Ontology) -> tuple[str, Any | None]:
    """The lexicon key for a verb and the particle or preposition it was read with."""
    for child in token.children:
        if child.dep_ in PARTICLE_DEPS and child.i > token.i:
            key = f"{lemma} {child.lower_}"
            if key in ontology.verbs or key in ontology.complement:
                return key, child
    return lemma, None


def find_triggers(doc: Any, ontology: Ontology) -> list[Found]:
    """Every verb and event noun of the lexicon that the parse uses as such."""
    found: list[Found] = []
    verb_forms, noun_forms = ontology.verb_forms, ontology.noun_forms
    for i, lower in enumerate(token_table(doc).words):
        if lower not in verb_forms and lower not in noun_forms:
            continue
        token = doc[i]
        lemma = verb_forms.get(lower)
        if lemma is not None and lower not in ("will", "may") and is_verbal(token):
            verb = _verb(token, lemma, ontology)
            if verb is not None:
                found.append(verb)
            continue
        noun = noun_forms.get(lower)
        if noun is not None and token.ent_type_ in NAMES:
            continue  # "Amnesty International", "the Ceasefire Committee": a name
        if noun is not None and token.dep_ in NOMINAL_DEPS | {"amod"}:
            found_noun = _noun(token, noun, ontology)
            if found_noun is not None:
                found.append(found_noun)
    return found


def _verb(token: Any, lemma: str, ontology: Ontology) -> Found | None:
    key, particle = phrasal(token, lemma, ontology)
    trigger = ontology.verbs.get(key)
    by_object = ontology.object_triggers.get(lemma)
    if by_object is not None:
        obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and obj.lower_ in by_object:
            trigger = by_object[obj.lower_]
    complement = ontology.complement.get(key) or ontology.complement.get(lemma)
    if complement is not None and complement.category:
        trigger = Trigger(
            complement.category, complement.mode or (trigger.mode if trigger else None)
        )
    if trigger is None:
        return None
    if lemma == "take" and key == "take" and not _territory(token, ontology):
        return None  # "took steps", "took part": no seizure
    end = token.idx + len(token.text)
    if particle is not None and particle.dep_ == "prt":
        end = particle.idx + len(particle.text)
    return Found(token, token.idx, end, trigger, key, True)


def _territory(token: Any, ontology: Ontology) -> bool:
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child.lower_ in ontology.territory or child.ent_type_ in ("GPE", "LOC", "FAC")
    return False


def _noun(token: Any, noun: str, ontology: Ontology) -> Found | None:
    start = token.idx
    key = noun
    if token.i > 0:
        before = token.doc[token.i - 1]
        if before.dep_ in ("compound", "amod") and before.head.i == token.i:
            pair = f"{before.lower_} {noun}"
            if pair in ontology.nouns:
                key, start = pair, before.idx
        elif before.text == "-" and token.i > 1:
            pair = f"{token.doc[token.i - 2].lower_} {noun}"
            if pair in ontology.nouns:
                key, start = pair, token.doc[token.i - 2].idx
    trigger = ontology.nouns.get(key)
    if trigger is None:
        return None
    if key in ("strike", "strikes") and _work_stoppage(token, ontology):
        trigger = Trigger("PROTEST", "strike")
    if token.dep_ == "compound" and token.head.lower_ in ontology.noun_forms:
        return None  # "car bomb attack": the head names the event
    if token.dep_ == "compound" and token.head.lower_ in ontology.actor_nouns:
        return None  # "aid workers", "peace activists": who, not what
    weak = key in ontology.weak_nouns and not _anchored(token, ontology)
    if weak:
        return None
    return Found(
        token, start, token.idx + len(token.text), trigger, key, False, key in ontology.weak_nouns
    )


def _work_stoppage(token: Any, ontology: Ontology) -> bool:
    """'a general strike', 'a four-day strike', 'the teachers' strike'."""
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            words = child.lower_.replace("-", " ").split()
            if any(w in ontology.strike_protest_words for w in words):
                return True
            if child.lower_ in ontology.strike_protest_words:
                return True
    return False


def _anchored(token: Any, ontology: Ontology) -> bool:
    """Whether a weak event noun is used as an event: done by someone (a possessor, a
    "by" phrase, an event verb taking it as object) or proposed, demanded, refused."""
    for child in token.children:
        if child.dep_ == "poss":
            return True
        if child.dep_ == "prep" and child.lower_ in ("by", "of", "against", "on", "to"):
            return True
    head = token.head
    lemma = ontology.verb_forms.get(head.lower_)
    if token.dep_ in ("dobj", "nsubjpass") and lemma is not None:
        particle = next((c.lower_ for c in head.children if c.dep_ == "prt"), "")
        return (
            lemma in ontology.light_verbs
            or lemma in ontology.complement
            or lemma in ontology.reversal_verbs
            or f"{lemma} {particle}" in ontology.reversal_verbs
        )
    if token.dep_ == "pobj" and head.dep_ == "prep":
        governor = head.head
        return (
            governor.lower_ in ontology.hypothetical_nouns
            or ontology.verb_forms.get(governor.lower_) in ontology.complement
        )
    return False
