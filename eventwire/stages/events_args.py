"""An event's arguments from the dependency parse: actor, recipient, instrument, place.

* verbs: the actor is the subject, or the "by" agent of a passive (whose subject is then
  the recipient; so is the subject of "die"); a verb without a subject takes its
  governor's ("agreed to withdraw", "attacked and killed"), its governor's object for
  object-control verbs ("urged Iran to withdraw"), or the noun a relative clause hangs
  on. The recipient is the object, else the object of "against / on / at / with / upon /
  into". A weapon as subject ("a car bomb exploded") or after "with / by / using" is the
  instrument.
* nouns: the actor is the possessor ("Russia's refusal"; of a noun for what befalls
  someone the possessor is the recipient, "the envoy's assassination", and a date is
  no one, "yesterday's attack"), a "by" phrase, an actor-naming modifier ("Syrian
  airstrikes"), "between X and Y", the subject of the light verb that carries the
  noun ("carried out an attack"; not one who reports, judges or blames: "blamed the
  rebels for the attack"), or the agent of a participle of doing on it ("an
  attack perpetrated by gunmen"); the recipient follows "on / against / of / with".
* the place is the nearest place the places stage resolved in the trigger's clause
  ("in / at / near ..."), else the nearest in its sentence.
"""

from __future__ import annotations

from typing import Any

from eventwire.model import Article, Participant
from eventwire.resources.ontology import Ontology
from eventwire.stages.actors import Resolver, phrase_tokens

NOUN_RECIPIENT_PREPS = frozenset({"on", "against", "of", "with", "to", "in"})
INSTRUMENT_PREPS = frozenset({"with", "by", "using"})
PERPETRATE = frozenset({"perpetrate", "commit", "carry"})
"""Verbs of doing a deed, whose participle's agent did it ("perpetrated by")."""
THROWN_AT = frozenset({"to", "into", "inside", "at", "on", "against", "upon"})
"""Prepositions whose object receives what a weapon object was thrown, fired or set at
("set fire to the depot", "threw a bomb into the bar")."""
PLACE_PREPS = frozenset(
    {"in", "at", "near", "on", "outside", "inside", "across", "into", "around", "over", "from",
     "throughout", "within", "toward", "towards", "along"}
)  # fmt: skip
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "order", "force", "compel", "call on", "call upon", "press", "invite",
     "allow", "permit", "help", "encourage", "tell", "persuade", "pressure", "push"}
)  # fmt: skip
RELATIVE = frozenset({"who", "which", "that", "whom"})
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
SUBJECTS = frozenset({"nsubj", "csubj"})


def participant(
    article: Article, resolver: Resolver, head: Any, resolve: bool = True
) -> Participant:
    """A Participant for the phrase headed by `head`: its first conjunct ("Syrian troops"
    of "Syrian troops and allied militias": one entity, one actor); a phrase that names
    no actor takes its owner's ("an American proposal" -> USA)."""
    if head.lower_ in RELATIVE and head.head.dep_ in ("relcl", "acl"):
        head = head.head.head
    head = counted_head(head)
    tokens = phrase_tokens(head)
    tokens = [t for t in tokens if not t.is_punct or tokens[0].i < t.i < tokens[-1].i] or [head]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    actor = resolver.resolve(head) if resolve else None
    if actor is None and resolve:
        for child in head.children:
            if child.dep_ in ("poss", "amod", "compound") and child.i < head.i:
                actor = resolver.resolve(child)
                if actor is not None:
                    break
    return Participant(
        start=start,
        end=end,
        text=article.text[start:end],
        actor=actor.id if actor else None,
        country=actor.country if actor else None,
        sector=actor.sector if actor else None,
    )


COUNT_WORDS = frozenset(
    {"thousands", "hundreds", "dozens", "tens", "millions", "scores", "some", "many", "most",
     "all", "several", "number", "majority"}
)  # fmt: skip


def counted_head(head: Any) -> Any:
    """'Thousands of Iraqi Kurds', 'up to 100 ethnic Albanians': the people counted."""
    if head.like_num or head.lower_ in COUNT_WORDS:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
                if target is not None:
                    return target
    return head


def split_pair(actor: Participant, resolver: Resolver) -> tuple[Participant, Participant]:
    """ "U.S. and Russian experts" met: the first country acts, the second receives."""
    key = actor.actor or ""
    countries, _, sector = key.partition("-")
    first, second = countries.split("+")[:2]
    made = []
    for country in (first, second):
        found = resolver.actors.get(f"{country}-{sector}" if sector else country)
        made.append(
            Participant(actor.start, actor.end, actor.text, found.id if found else None,
                        country, sector or None)
        )  # fmt: skip
    return made[0], made[1]


def _metonym(doc: Any, start: int, metonyms: frozenset[int] | set[int]) -> bool:
    """Whether the place at `start` was read as its government ("urged Moscow")."""
    if not metonyms:
        return False
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span[0].i in metonyms


def _child(token: Any, deps: frozenset[str] | set[str]) -> Any | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _pobj(prep: Any) -> Any | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def is_instrument(token: Any, ontology: Ontology) -> bool:
    if token.lower_ in ontology.instruments:
        return True
    if token.i > 0:
        before = token.doc[token.i - 1]
        return f"{before.lower_} {token.lower_}" in ontology.instruments
    return False


def recipient_preps(category: str) -> frozenset[str]:
    """Prepositions whose object receives an event of this category."""
    if category in ("ASSAULT", "COERCE", "THREATEN", "SANCTION", "ACCUSE", "PROTEST"):
        return frozenset({"against", "on", "at", "upon", "into", "with"})
    if category in ("CONSULT", "COOPERATE", "AGREE"):
        return frozenset({"with", "to"})
    if category in ("AID", "REQUEST", "SUPPORT", "CONCEDE", "REJECT"):
        return frozenset({"to", "for", "on", "upon"})
    return frozenset()


def verb_roles(
    token: Any, key: str, category: str, ontology: Ontology
) -> tuple[Any | None, Any | None, Any | None]:
    """(actor, recipient, instrument) head tokens of a verb trigger."""
    subject = _child(token, SUBJECTS)
    passive_subject = _child(token, {"nsubjpass"})
    agent = _child(token, {"agent"})
    by = _pobj(agent) if agent is not None else None
    actor: Any | None = None
    recipient: Any | None = None
    instrument: Any | None = None
    if passive_subject is not None or by is not None:
        recipient = passive_subject
        actor = by
    elif key in ontology.undergoer_verbs:
        return None, subject, None  # "two policemen died": it befell them
    else:
        actor = subject
        recipient = _child(token, {"dobj", "dative"})
        if recipient is not None and is_instrument(recipient, ontology):
            instrument, recipient = recipient, None  # "hurled grenades at the embassy"
    if actor is None and passive_subject is None:
        actor = _inherited_subject(token, ontology)
    if (
        recipient is None
        and passive_subject is None
        and token.dep_ == "acl"
        and token.lower_.endswith(("ed", "en"))
    ):
        recipient = token.head  # "civilians killed in the strike"
    for prep in (c for c in token.children if c.dep_ == "prep"):
        target = _pobj(prep)
        if target is None:
            continue
        if prep.lower_ in INSTRUMENT_PREPS and is_instrument(target, ontology):
            instrument = instrument or target
        elif target.ent_type_ in NOT_PARTICIPANTS:
            continue
        elif recipient is None and (
            prep.lower_ in recipient_preps(category)
            or key.endswith(f" {prep.lower_}")
            or (instrument is not None and prep.lower_ in THROWN_AT)
        ):
            recipient = target  # also the object of a phrasal verb's own preposition
    for side in (actor, recipient):
        if side is not None and instrument is None and is_instrument(side, ontology):
            instrument = side
    if recipient is not None and recipient is instrument:
        recipient = None
    return actor, recipient, instrument


def receiver(token: Any, key: str, ontology: Ontology, resolver: Resolver) -> Any | None:
    """Who receives what a verb moves: the indirect object ("gave Tanzania a grant"), the
    object of "to" ("sent arms to Pakistan"), "with" ("shared evidence with the U.S."),
    or "from" for a withdrawal ("withdrew from Lebanon") — the first that names an actor
    or a place; the moved thing itself ("arms") is no recipient."""
    lemma = key.partition(" ")[0]
    preps = ("from",) if lemma in ontology.withdrawal_verbs else ("to", "with", "for", "on")
    dative = _child(token, {"dative"})
    candidates = [dative] if dative is not None and dative.dep_ == "dative" else []
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in preps):
        target = _pobj(prep)
        if target is not None:
            candidates.append(target)
    dobj = _child(token, {"dobj"})
    if dobj is not None and lemma in ontology.transfer_verbs:
        for child in dobj.children:  # "gave the Ivory Coast 5 million dollars"
            if child.dep_ == "prep" and child.lower_ == "to":
                target = _pobj(child)
                if target is not None:
                    candidates.append(target)
    for candidate in candidates:
        if candidate.ent_type_ in NOT_PARTICIPANTS:
            continue
        if resolver.resolve(candidate) is not None or candidate.ent_type_ in ("GPE", "LOC"):
            return candidate
    return None


def _inherited_subject(token: Any, ontology: Ontology) -> Any | None:
    """The subject a verb without one takes from the clause that governs it."""
    current = token
    for _ in range(4):
        dep, head = current.dep_, current.head
        if head.i == current.i:
            return None
        if dep in ("relcl", "acl"):
            return head if dep == "relcl" else None
        if dep not in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and not (
            dep == "pobj" and head.dep_ == "prep"
        ):
            return None
        infinitive = dep == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in current.children
        )
        if dep == "xcomp" or infinitive:
            lemma = ontology.verb_forms.get(head.lower_, head.lower_)
            obj = _child(head, {"dobj"})
            if obj is None:  # "called on Damascus to halt"
                on = next((c for c in head.children if c.lower_ in ("on", "upon")), None)
                obj = _pobj(on) if on is not None else None
                lemma = f"{lemma} {on.lower_}" if on is not None else lemma
            if obj is not None and (lemma in OBJECT_CONTROL or lemma in ontology.complement):
                return obj if lemma in OBJECT_CONTROL else _child(head, SUBJECTS) or obj
        subject = _child(head, SUBJECTS) or _agent_of(head)
        if subject is None and head.dep_ in ("acomp", "xcomp") and head.head.i != head.i:
            # "is willing to withdraw": the subject sits on the copula
            subject = _child(head.head, SUBJECTS)
        if subject is not None and dep != "ccomp":
            return subject
        if dep == "ccomp":
            return None
        current = head
    return None


def _agent_of(token: Any) -> Any | None:
    agent = _child(token, {"agent"})
    return _pobj(agent) if agent is not None else None


def noun_roles(
    token: Any, ontology: Ontology, resolver: Resolver, start: int | None = None
) -> tuple[Any | None, Any | None, Any | None]:
    """(actor, recipient, instrument) head tokens of an event noun (whose trigger begins
    at `start`: its own words, "general strike", are no actor)."""
    actor: Any | None = None
    recipient: Any | None = None
    instrument: Any | None = None
    possessor: Any | None = None
    for child in token.children:
        dep = child.dep_
        if start is not None and start <= child.idx < token.idx:
            continue
        if dep == "poss":
            if child.ent_type_ not in NOT_PARTICIPANTS:
                possessor = child
        elif dep in ("compound", "amod") and child.i < token.i:
            if is_instrument(child, ontology):
                instrument = child
            elif actor is None and resolver.resolve(child) is not None:
                actor = child
        elif dep == "prep":
            target = _pobj(child)
            if target is None:
                continue
            prep = child.lower_
            if target.ent_type_ in NOT_PARTICIPANTS:
                continue
            if prep == "by" and actor is None and not is_instrument(target, ontology):
                actor = target
            elif prep in INSTRUMENT_PREPS and is_instrument(target, ontology):
                instrument = target
            elif prep == "between" and actor is None:
                actor = target
                recipient = _child(target, {"conj"})
            elif prep == "from" and actor is None and resolver.resolve(target) is not None:
                actor = target
            elif (
                prep in NOUN_RECIPIENT_PREPS
                and recipient is None
                and (prep != "in" or resolver.resolve(target) is not None)
            ):
                recipient = target
    if possessor is not None:
        if recipient is None and token.lower_ in ontology.undergoer_nouns:
            recipient = possessor
        else:
            actor = possessor
    if actor is None:
        carrier = token.head if token.dep_ == "compound" else token
        actor = _light_verb_subject(carrier, ontology) or _done_by(token, ontology)
    return actor, recipient, instrument


def _done_by(token: Any, ontology: Ontology) -> Any | None:
    """The "by" agent of a participle of doing on the noun ("an attack perpetrated by
    urban commandos", "the massacre committed by the patrol", "carried out by")."""
    for child in token.children:
        if child.dep_ == "acl" and ontology.verb_forms.get(child.lower_) in PERPETRATE:
            return _agent_of(child)
    return None


def _light_verb_subject(token: Any, ontology: Ontology) -> Any | None:
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in ("on", "for") and head.head.i != head.i:
        verb = head.head  # "arrived on a visit", "met for talks"
        if _judges(verb, ontology):
            return None  # "blamed the rebels for the murder": the blamer did not do it
        if _child(verb, {"nsubjpass"}) is None:
            return _child(verb, SUBJECTS)
        return None
    if token.dep_ not in ("dobj", "nsubjpass") or head.i == token.i:
        return None
    if head.lower_ in ontology.observer_forms:
        return None  # "condemned the attack", "reported the murder": not the doer
    lemma = ontology.verb_forms.get(head.lower_)
    complement = ontology.complement.get(lemma or "")
    if complement is not None and complement.category == "ACCUSE":
        return None  # "blamed the bombing on the rebels": the accused did it
    if (
        lemma in ontology.verbs
        and lemma not in ontology.light_verbs
        and lemma not in ontology.complement
    ):
        return None  # "attacked the convoy's escort": the escort has its own doer
    if token.dep_ == "nsubjpass":
        return _agent_of(head)
    subject = _child(head, SUBJECTS) or _agent_of(head) or _inherited_subject(head, ontology)
    if subject is not None and subject.lower_ in ontology.noun_forms:
        return None  # "the collapse meant the loss": an event causes it, nobody acts
    return subject


def _judges(verb: Any, ontology: Ontology) -> bool:
    """Whether a verb reports, judges or blames ("condemned", "blamed", "accused")."""
    if verb.lower_ in ontology.observer_forms:
        return True
    trigger = ontology.verbs.get(ontology.verb_forms.get(verb.lower_, ""))
    return trigger is not None and trigger.category == "ACCUSE"


def place_of(
    article: Article,
    token: Any,
    sentence: tuple[int, int],
    actor: Participant | None = None,
    recipient: Participant | None = None,
    metonyms: frozenset[int] | set[int] = frozenset(),
) -> int | None:
    """Index into `Article.places` of the place that governs the trigger: the recipient
    when it is a place ("captured Sheikh Saeed"), one in a place phrase of the trigger's
    clause, else the nearest one in its sentence; never a place inside the actor's words
    ("militias from Iran") or inside the source of a claim that holds the trigger ("a
    spokesman in Geneva said the trucks would move": the speaker's place, not the event's)."""
    if not article.places:
        return None
    start, end = sentence
    speakers = [
        c.source
        for c in article.claims
        if c.source is not None and any(s.start <= token.idx < s.end for s in c.content)
    ]
    in_sentence = [
        (i, p)
        for i, p in enumerate(article.places)
        if start <= p.start
        and p.end <= end
        and not (actor is not None and actor.start <= p.start and p.end <= actor.end)
        and not any(s.start <= p.start and p.end <= s.end for s in speakers)
        and not _metonym(token.doc, p.start, metonyms)
    ]
    if not in_sentence:
        return None
    if recipient is not None:
        for i, p in in_sentence:
            inside = recipient.start <= p.start and p.end <= recipient.end
            if inside and p.precision != 4:
                return i
    clause = token if token.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass") else token.head
    governed: list[int] = []
    for prep in (c for c in clause.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
        low, high = prep.left_edge.idx, prep.right_edge.idx + len(prep.right_edge.text)
        governed.extend(i for i, p in in_sentence if low <= p.start and p.end <= high)
    if token is not clause:
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
            low, high = prep.left_edge.idx, prep.right_edge.idx + len(prep.right_edge.text)
            governed.extend(i for i, p in in_sentence if low <= p.start and p.end <= high)
    if governed:
        return governed[0]
    finer = [(i, p) for i, p in in_sentence if p.precision != 4]
    if not finer:
        return None  # a country named in passing is no event's place
    return min(finer, key=lambda item: abs(item[1].start - token.idx))[0]
