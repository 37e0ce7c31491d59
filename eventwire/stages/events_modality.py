"""Whether an event happened: asserted, negated, hypothetical, future or historical.

Read from the trigger's clause and the words that govern it, nearest first:

* negated: a negation on the trigger or on the verb that carries it ("did not attack",
  "no ceasefire was agreed"), or content of a verb that denies it ("refused to withdraw");
* hypothetical: content of a proposal, demand, threat or plan ("a proposal for a halt",
  "demanded that militants surrender"), a condition ("if", "unless"), a modal ("could");
* future: "will", "shall", "going to", content of a promise or plan, or a date after the
  report; a verb coordinated with another and sharing its subject and auxiliaries takes
  its reading ("will burn and destroy");
* historical: "since ...", or a date more than a week before the report (the time stage's
  value for the clause);
* asserted otherwise.

An event governed by another event that is not a complement verb keeps its own modality
("a halt to the fighting": the fighting is real, the halt proposed).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from eventwire.model import Modality, TimeRef
from eventwire.resources.ontology import Ontology
from eventwire.stages.events_triggers import is_verbal

MODALS = frozenset({"could", "would", "might", "may", "should", "can", "must", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITIONS = frozenset({"if", "unless", "whether", "lest"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "pcomp", "relcl", "acl"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "prep", "pobj", "nsubj", "pcomp"})
HISTORY_DAYS = 7


def _negated(token: Any, ontology: Ontology) -> bool:
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in ("no", "neither"):
            return True
    return False


def _aux(token: Any) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def clause_verb(token: Any, ontology: Ontology) -> Any:
    """The verb whose clause holds the token (the token itself for a verb)."""
    current = token
    for _ in range(3):
        if current.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr", "prep", "compound"):
            if current.head.i == current.i:
                break
            current = current.head
        else:
            break
    return current


def modality_of(
    token: Any, verbal: bool, ontology: Ontology, triggers: dict[int, tuple[str, bool]]
) -> Modality:
    """The event's modality from the parse. `triggers` maps token index -> (lexicon key,
    verbal) of every trigger in the document."""
    verb = token if verbal else clause_verb(token, ontology)
    if _negated(token, ontology) or (verb is not token and _negated(verb, ontology)):
        return "negated"
    found = _own_clause(verb)
    if found is not None:
        return found
    if not verbal and token.lower_ in ontology.hypothetical_nouns:
        return "asserted"  # a proposal or a demand is itself a real act
    current = token
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            break
        dep = current.dep_
        if dep == "conj":  # coordinated: same level as its head
            if _shares_clause(current, head):
                found = _own_clause(head)  # "will burn and destroy": both to come
                if found is not None:
                    return found
            current = head
            continue
        key, head_verbal = triggers.get(head.i, ("", False))
        if not key and head.lower_ in ontology.verb_forms and is_verbal(head):
            key, head_verbal = ontology.verb_forms[head.lower_], True
        complement = ontology.complement.get(key) if head_verbal else None
        if dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            return "hypothetical"  # a purpose: "to allow the departure"
        if complement is not None and dep in COMPLEMENT_DEPS:
            if dep == "nsubj" and key not in ("begin", "start", "continue", "resume"):
                break
            if _negated(head, ontology) and complement.content != "negated":
                return "negated"
            if complement.content == "asserted":
                return _own_clause(head) or "asserted"
            if complement.content == "negated" and dep == "dobj":
                break  # "refused a ceasefire": the ceasefire's own reading
            return complement.content  # type: ignore[return-value]
        if head.lower_ in ontology.intent_adjectives and dep in ("xcomp", "prep", "pcomp"):
            return "future"  # "is willing to withdraw"
        if head.lower_ in ontology.hypothetical_nouns and dep in (
            "prep", "pobj", "acl", "relcl", "amod", "ccomp"
        ):  # fmt: skip
            return "hypothetical"
        if head.i in triggers:
            break
        if dep in ("ccomp", "parataxis", "ROOT"):
            break
        if dep in CLAUSE_DEPS:
            found = _own_clause(head)
            if found is not None:
                return found
        current = head
    return "asserted"


def _shares_clause(verb: Any, head: Any) -> bool:
    """Whether a verb coordinated with another shares its subject and auxiliaries (it
    has none of its own): "will burn and destroy"."""
    if not (is_verbal(verb) and is_verbal(head)):
        return False
    own = {c.dep_ for c in verb.children}
    return not own & {"nsubj", "nsubjpass", "aux", "auxpass", "mark"}


def _own_clause(verb: Any) -> Modality | None:
    aux = _aux(verb)
    if "would" in aux and verb.dep_ == "ccomp" and not _conditional(verb):
        return "future"  # reported intent: "said it would withdraw"
    if aux & MODALS:
        return "hypothetical"
    if aux & FUTURE_AUX:
        return "future"
    for child in verb.children:
        if child.dep_ == "mark":
            if child.lower_ in CONDITIONS:
                return "hypothetical"
            if child.lower_ == "since":
                return "historical"
        if child.dep_ == "xcomp" and verb.lower_ in ("going", "about") and child.i > verb.i:
            return "future"
    if verb.lower_ == "going" and verb.dep_ == "ROOT":
        return "future"
    if verb.dep_ == "pcomp" and verb.head.lower_ == "since":
        return "historical"
    return None


def _conditional(verb: Any) -> bool:
    for child in verb.children:
        if child.dep_ == "mark" and child.lower_ in CONDITIONS:
            return True
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITIONS for c in child.children
        ):
            return True
    return False


def obliged(token: Any, verbal: bool, ontology: Ontology) -> bool:
    """Whether the trigger's clause says it must happen ("Libya must hand over")."""
    verb = token if verbal else clause_verb(token, ontology)
    for _ in range(3):
        if _aux(verb) & ontology.obligation:
            return True
        if verb.dep_ not in ("xcomp", "acomp") or verb.head.i == verb.i:
            return False
        verb = verb.head  # "must be ready to mediate"
    return False


def dated_modality(modality: Modality, when: TimeRef | None, creation: date | None) -> Modality:
    """Asserted events dated well before the report are historical; after it, future."""
    if modality != "asserted" or when is None or creation is None or not when.value:
        return modality
    if when.historical and when.end > when.start:
        return "historical"
    day = _period_end(when.value)
    start = _period_start(when.value)
    if day is not None and day < creation - timedelta(days=HISTORY_DAYS):
        return "historical"
    if start is not None and start > creation:
        return "future"
    return modality


def _period_end(value: str) -> date | None:
    head = value.split("/")[0].split("T")[0]
    parts = head.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2 and parts[1].isdigit():
            month = int(parts[1])
            nxt = date(int(parts[0]) + month // 12, month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 4:
            return date(int(parts[0]), 12, 31)
    except ValueError:
        return None
    return None


def _period_start(value: str) -> date | None:
    head = value.split("/")[0].split("T")[0]
    parts = head.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2 and parts[1].isdigit():
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 4:
            return date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


def creation_day(value: str | None) -> date | None:
    """The report's day from `Article.creation.value` (a day, or a month's last day)."""
    if not value:
        return None
    return _period_start(value) if value.count("-") == 2 else _period_end(value)
