"""PLOVER 2.0 as loaded from resources/plover.json: categories, modes, contexts and the
trigger lexicon the events stage reads.

The ontology is data so that a category, mode or trigger changes in one place; this module
only indexes it (a word listed under several categories is read in the one its priority
table names) and checks that every trigger points at a known category.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PLOVER_PATH = Path(__file__).resolve().parent / "plover.json"

CATEGORIES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """What a trigger word means: a category and, when the word says it, a mode."""

    category: str
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class Complement:
    """A verb that governs another event ("agreed to withdraw"): its own category (None
    when it only sets the governed event's modality), the modality of what it governs,
    and the category a hostile promise becomes ("vowed to attack" -> THREATEN)."""

    category: str | None
    content: str
    hostile: str | None = None
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class Ontology:
    """The indexed ontology and trigger lexicon."""

    categories: dict[str, dict[str, Any]]
    contexts: tuple[str, ...]
    context_words: dict[str, str]
    verbs: dict[str, Trigger]
    """Verb lemma, or "lemma particle" for phrasal verbs -> trigger."""
    nouns: dict[str, Trigger]
    """Lower-case noun (singular or plural as listed), or "modifier noun" -> trigger."""
    complement: dict[str, Complement]
    light_verbs: frozenset[str]
    hostile: frozenset[str]
    weak_nouns: frozenset[str]
    instruments: frozenset[str]
    draft_categories: dict[str, str]
    negation: frozenset[str]
    hypothetical_nouns: frozenset[str]
    hypothetical_markers: frozenset[str]
    future_markers: frozenset[str]
    historical_markers: frozenset[str]
    verb_forms: dict[str, str]
    """Inflected form -> lemma, for every verb the lexicon names (no lemmatizer runs)."""
    noun_forms: dict[str, str]
    """Singular or plural form -> the noun as listed."""
    instrument_modes: dict[str, str]
    """Weapon word -> ASSAULT mode ("rifle" -> firearms)."""
    intent_adjectives: frozenset[str]
    """"is willing / ready / prepared to": what follows is intended (future)."""
    obligation: frozenset[str]
    """Modals of obligation: "X must withdraw", said by Y, is Y's demand."""
    reversal_verbs: frozenset[str]
    reversal_military: frozenset[str]
    territory: frozenset[str]
    """Objects that make "take" a seizure ("took the town", not "took steps")."""
    institutional_protest: frozenset[str]
    """Sectors whose "protest" is verbal disapproval (ACCUSE), not a demonstration."""
    not_by_civilians: frozenset[str]
    object_triggers: dict[str, dict[str, Trigger]] = field(default_factory=dict)
    """Verb -> object noun -> trigger ("send" + "troops" -> MOBILIZE troops)."""
    strike_protest_words: frozenset[str] = frozenset()
    """Modifiers that make "strike" a work stoppage, not an attack ("general strike")."""
    transfer_verbs: frozenset[str] = frozenset()
    """Verbs that move something to someone: the someone is the recipient."""
    withdrawal_verbs: frozenset[str] = frozenset()
    """Verbs whose "from" object is the recipient ("withdrew from Lebanon")."""
    undergoer_nouns: frozenset[str] = frozenset()
    """Event nouns whose possessor is who it happened to ("the envoy's assassination")."""
    undergoer_verbs: frozenset[str] = frozenset()
    """Verbs whose subject is who it happened to ("two policemen died")."""
    observer_forms: frozenset[str] = frozenset()
    """Forms of verbs whose subject speaks of, judges or looks into the event noun it
    governs, not its doer ("condemned the murder", "investigated the bombing")."""
    actor_nouns: frozenset[str] = frozenset()
    """Nouns that name who acts ("workers", "groups"): an event noun before them is a
    modifier, not an event ("aid workers")."""
    """Categories civilians do not do (crowds "massing" are not a mobilisation)."""

    def modes(self, category: str) -> list[str]:
        return list(self.categories[category].get("modes", []))


def _index(table: dict[str, dict[str, str | None]], priority: dict[str, str]) -> dict[str, Trigger]:
    found: dict[str, Trigger] = {}
    for category, words in table.items():
        if category.startswith("_"):
            continue
        if category not in CATEGORIES:
            raise ValueError(f"{PLOVER_PATH}: unknown PLOVER category {category!r}")
        for word, mode in words.items():
            chosen = priority.get(word)
            if word in found and chosen != category:
                continue
            if chosen is None or chosen == category:
                found[word] = Trigger(category, mode)
    return found


def inflect(lemma: str, irregular: list[str]) -> set[str]:
    """Base, -s, -ed and -ing forms of a verb, plus its irregular forms."""
    forms = {lemma, *irregular}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
    if re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ied")
    elif not any(f.endswith(("ed", "t", "d", "n", "k")) and f != lemma for f in irregular):
        forms.add(lemma + ("d" if lemma.endswith("e") else "ed"))
    doubled = [f for f in irregular if len(f) > 4 and f.endswith("ed") and f[-3] == f[-4]]
    if not any(f.endswith("ing") for f in irregular):
        forms.add((doubled[0][:-2] if doubled else stem) + "ing")
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})  # cancelled
    return forms


def _forms(verbs: set[str], irregular: dict[str, list[str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for verb in sorted(verbs):
        head = verb.partition(" ")[0]
        for form in inflect(head, irregular.get(head, [])):
            found.setdefault(form, head)
    return found


def _noun_forms(nouns: set[str]) -> dict[str, str]:
    """Each listed noun, its plural, and the singular of a listed plural ("talks" ->
    "talk"), all pointing at the listed form."""
    found: dict[str, str] = {noun: noun for noun in nouns}
    for noun in sorted(nouns):
        plural = noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"
        found.setdefault(plural, noun)
        if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 4:
            found.setdefault(noun[:-1], noun)
    return found


def _object_triggers(raw: dict[str, Any]) -> dict[str, dict[str, Trigger]]:
    found: dict[str, dict[str, Trigger]] = {}
    for verb, table in raw.items():
        if verb.startswith("_"):
            continue
        for spec, objects in table.items():
            category, _, mode = spec.partition(" ")
            if category not in CATEGORIES:
                raise ValueError(f"{PLOVER_PATH}: unknown PLOVER category {category!r}")
            for word in objects:
                found.setdefault(verb, {})[word] = Trigger(category, mode or None)
    return found


@lru_cache(maxsize=1)
def load_ontology(path: Path = PLOVER_PATH) -> Ontology:
    """Read and index plover.json (cached: the file is read once per process)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    context_words = {
        word: context for context, words in raw.get("context_words", {}).items() for word in words
    }
    complement = {
        verb: Complement(spec["category"], spec["content"], spec.get("hostile"), spec.get("mode"))
        for verb, spec in raw["complement"].items()
        if not verb.startswith("_")
    }
    modality = raw["modality"]
    verbs = _index(raw["verbs"], raw.get("verb_priority", {}))
    nouns = _index(raw["nouns"], raw.get("noun_priority", {}))
    lemmas = set(verbs) | set(complement) | set(raw["light_verbs"]["verbs"])
    lemmas |= set(raw["reversal"]["verbs"]) | {
        v for v in raw.get("object_triggers", {}) if not v.startswith("_")
    }
    return Ontology(
        categories={k: v for k, v in raw["categories"].items()},
        contexts=tuple(raw["contexts"]),
        context_words=context_words,
        verbs=verbs,
        nouns=nouns,
        complement=complement,
        light_verbs=frozenset(raw["light_verbs"]["verbs"]),
        hostile=frozenset(raw["hostile"]),
        weak_nouns=frozenset(raw["weak_nouns"]),
        instruments=frozenset(raw["instruments"]),
        draft_categories=dict(raw["draft_categories"]),
        negation=frozenset(modality["negation"]),
        hypothetical_nouns=frozenset(modality["hypothetical_nouns"]),
        hypothetical_markers=frozenset(modality["hypothetical_markers"]),
        future_markers=frozenset(modality["future_markers"]),
        historical_markers=frozenset(modality["historical_markers"]),
        verb_forms=_forms(lemmas, raw.get("irregular", {})),
        noun_forms=_noun_forms({n.split()[-1] for n in nouns} | set(nouns)),
        not_by_civilians=frozenset(raw.get("not_by_civilians", [])),
        actor_nouns=frozenset(raw.get("actor_nouns", [])),
        transfer_verbs=frozenset(raw.get("transfer_verbs", [])),
        withdrawal_verbs=frozenset(raw.get("withdrawal_verbs", [])),
        undergoer_nouns=frozenset(raw.get("undergoers", {}).get("nouns", [])),
        undergoer_verbs=frozenset(raw.get("undergoers", {}).get("verbs", [])),
        observer_forms=frozenset(
            _forms(set(raw.get("observer_verbs", {}).get("verbs", [])), raw.get("irregular", {}))
        ),
        object_triggers=_object_triggers(raw.get("object_triggers", {})),
        strike_protest_words=frozenset(raw.get("strike_protest_words", [])),
        intent_adjectives=frozenset(modality.get("intent_adjectives", [])),
        obligation=frozenset(modality.get("obligation", [])),
        reversal_verbs=frozenset(raw["reversal"]["verbs"]),
        reversal_military=frozenset(raw["reversal"]["military"]),
        territory=frozenset(raw["territory"]),
        institutional_protest=frozenset(raw["institutional_protest"]),
        instrument_modes={
            word: mode for mode, words in raw["instrument_modes"].items() for word in words
        },
    )
