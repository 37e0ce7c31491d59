"""Events scored against MUC-4 templates in the GRIT format: role-filler entities.

Data: one JSON object `{doc_id: {"doc": text, "roles": {role: [[mention, ...], ...]}}}`
with the five roles `perp_individual_id`, `perp_organization_id`, `phys_tgt_id`,
`hum_tgt_name`, `incident_instrument_id`; each gold entity is a list of coreferent
strings. The reports are upper case and hard-wrapped, as the wire sent them; each is
read as `eventwire ingest` reads them: the text stage reflows hard-wrapped copy
(`ingest/reflow.py`) and truecases bodies written in capitals (`ingest/truecase.py`).

Predicted fillers come from the article's violent events (PLOVER categories in
`INCIDENT_CATEGORIES`) that the report asserts (a denied, planned or hypothetical attack
fills no template, nor one it recalls from long before: historical) and are not combat
(a clash, a casualty with no doer told in a clash's sentence, a state's forces against
an armed party or acting on no one named, or an armed party, or no one named, against a
state's troops, not a building, vehicle or person named: the MUC-4 task left military actions out).
One filler per entity and role: strings of participants resolved to one actor, or things
and names with one head noun, give one filler, the longest. Hedges ("alleged"), "the
same" and possessive endings are dropped from every filler, counts and possessives from
perpetrators, physical targets and weapons ("five houses" -> "houses", "their guns" ->
"guns"; the templates give numbers a slot of their own), titles from victims' names; a
victim's name is the fullest the report gives ("Oqueli" -> "Hector Oqueli Colindres"), a
named group's the fullest of its names the report writes.
In a report with such an incident, the people it names as its victims ("the victims
were identified as ...", with no verb between those words and the first name: not "two
others were wounded in clashes in Morazan") are human targets too, and the organisations
that claim one ("the Red Hand claimed responsibility for the bombing") or that it holds
responsible ("members of the army were responsible for the massacre") are its
perpetrator organisations: a named group of the actors dictionary in the claim's subject,
else an organisation named there with capitals or an acronym, else an institution ("the
army").
People named by "by" as who did such an act or set its means, in the sentence of one
("his car was intercepted by four armed men", "the bomb was planted by two men"), are
perpetrator individuals. A word for the doers modifying the act's noun ("a guerrilla bombing")
is a perpetrator individual only when the report names no other. Rebels with no group named
for them take as organisation the one rebel group the report names, when it names it in
their act's sentence or the one before.
A sector ("gunmen": irregular forces) is no named group.
Pronouns, bare numbers and time expressions fill no slot, except
that "he" / "him" / "her" as a recipient stands for the person last named before it:
- actor (or, for an act with no doer named, who an accusation whose clause holds it
  blames: "blamed urban guerrillas for the murder"), when it can act (people, by its
  last word or its head: "members of the X
  group"; a group, an institution: not "the shock wave", nor a vehicle: "a helicopter") ->
  a named group of the actors dictionary opening the span gives the organisation and
  the people after it the individual ("FMLN urban guerrillas"), and any actor resolved
  to a named group ("they") gives that group as organisation; otherwise
  `perp_organization_id` when it is a named organisation (an ORG mention) or
  an institution (its last word a singular organisation noun: "the army"; "members of
  the army" are individuals, the army their organisation), else
  `perp_individual_id`; "members of the X Front" gives the whole phrase as individual
  and "X Front" as organisation, also where the name of a group of the actors dictionary
  stayed in lower case (a truecased report) and the actors stage did not read it;
- recipient -> `incident_instrument_id` when it is a weapon ("the explosion of two
  bombs"); `phys_tgt_id` when it is a building, vehicle or installation, whoever its words
  name as owner ("the U.S. embassy", "a public bus"; "the front of the bank" -> "the
  bank"); `hum_tgt_name` when it names a person (a PERSON mention: the name);
  `phys_tgt_id` when it is a thing (no actor sector, no person, group or organisation
  named, not a noun for people, not an abstract or event noun, not a part of a building
  with no building named: "the windows", not a name the recogniser missed: its last word
  capitalised inside a sentence; never of a kidnapping, assassination, torture or
  shooting, done to people); the word lists are data
  (`resources/role_nouns.json`); human targets without a name are not a scored role;
  each phrase coordinated with the recipient's ("the mayor and her aide", which the
  events stage leaves out: it keeps the first) or set beside it ("three people: Ana
  Ruiz, Tomas Brenn and Ivo Marek") is read the same way, and each weapon
  coordinated with the instrument is an instrument too;
- instrument, or an "actor" that is a weapon ("three grenades hit him") ->
  `incident_instrument_id`: the weapon that fired ("rifle fire" -> "rifle", "machinegun
  bullets" -> "machinegun"), never bare "fire", bullets or a vehicle the lexicon counts
  as a weapon.

Score: GRIT's CEAF-REE (Du et al., 2021), micro-averaged over the five roles and given
per role. Strings are normalised as GRIT does (lower case, no punctuation, no articles,
single spaces). Each distinct predicted string is one predicted entity; a prediction
matches a gold entity when it equals any of its mentions (`exact`, GRIT's phi_strict:
the headline figure), or, in `head`, when its last word equals the last word of any of
its mentions (head-noun match, as the MUC scorers allowed). Predictions and gold
entities pair one-to-one per document and role.

Reproduce (prints JSON):

    .venv/bin/eventwire evaluate events --data ../shared/eval/events/muc4/dev.json
"""

from __future__ import annotations

import json
import re
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.events_common import Counts, event_stage_names, match_one_to_one
from eventwire.model import Actor, Article, Event, Mention, Participant, Source
from eventwire.pipeline import Pipeline
from eventwire.resources.actor_dictionary import load_actors
from eventwire.resources.ontology import load_ontology
from eventwire.settings import Settings
from eventwire.stages.actors import phrase_tokens

__all__ = [
    "INCIDENT_CATEGORIES",
    "ROLES",
    "MucDoc",
    "evaluate_muc4",
    "is_incident",
    "load_muc4",
    "normalise",
    "predict_roles",
    "score_roles",
    "trim_count",
]

ROLES = (
    "perp_individual_id",
    "perp_organization_id",
    "phys_tgt_id",
    "hum_tgt_name",
    "incident_instrument_id",
)
INCIDENT_CATEGORIES: dict[str, frozenset[str] | None] = {
    "ASSAULT": None,
    "COERCE": frozenset({"destroy"}),
}
"""PLOVER categories (and, where not all, modes) whose events are MUC incidents: attacks,
bombings, murders, kidnappings (ASSAULT) and arson or sabotage (COERCE/destroy); arrests
and seizures are not."""


TRIMMED = frozenset({"perp_individual_id", "phys_tgt_id", "incident_instrument_id"})
"""Roles whose fillers lose their count ("five houses" -> "houses", "their guns" -> "guns")."""
HEAD_DEDUPED = frozenset({"phys_tgt_id", "hum_tgt_name", "incident_instrument_id"})
"""Roles where strings with one head noun name one entity (no actor id to go by)."""
_HEDGE = re.compile(
    r"^(?:(?:the|a|an|alleged|presumed|suspected|so-called|same)\s+)+", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
"""A possessive ending ("the envoy's" -> "the envoy"): the templates name the entity."""
_TITLE = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|msgr|gen|col|maj|capt|lt|sgt|rev|fr|father|mgr)\.?\s+)+",
    re.IGNORECASE,
)
"""Titles before a victim's name: the templates give the name alone."""
_COUNT = re.compile(
    r"^(?:(?:the|a|an|at least|about|some|several|many|numerous|various|other|another|these|those|"
    r"few|their|his|her|its|"
    r"alleged|presumed|suspected|so-called|same|"
    r"over|more than|nearly|almost|approximately|around|up to|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"dozens of|hundreds of|[0-9][0-9,.]*)\s+)+",
    re.IGNORECASE,
)


REAL_MODALITIES = frozenset({"asserted"})
"""Modalities of the incidents a template records: what the report asserts happened,
not what it recalls from long before ("since the murder of the archbishop in 1980")."""
MILITARY_MODES = frozenset({"fight", "aerial"})
"""ASSAULT modes of war, not terrorism: battles and air raids."""
PERSONAL_MODES = frozenset({"abduct", "assassinate", "torture", "firearms"})
"""ASSAULT modes done to people: what they hit is no physical target."""
ARMED = frozenset({"MIL", "COP"})
"""Sectors of a state's armed forces."""
ARMED_PARTIES = frozenset({"MIL", "COP", "REB", "UAF"})
"""Sectors that fight: state forces, rebels, militias."""


def is_incident(event: Event) -> bool:
    """Whether an event is of a kind the templates record."""
    if event.category not in INCIDENT_CATEGORIES:
        return False
    modes = INCIDENT_CATEGORIES[event.category]
    return modes is None or event.mode in modes


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, Any]:
    """People, institution and abstract nouns (`resources/role_nouns.json`)."""
    text = resources.files("eventwire.resources").joinpath("role_nouns.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {
        "people": frozenset(data["people"]),
        "people_endings": tuple(data["people_endings"]),
        "institutions": frozenset(data["institutions"]),
        "abstract_endings": tuple(data["abstract_endings"]),
        "not_things": frozenset(data.get("not_things", [])),
        "titles": frozenset(data.get("titles", [])),
        "areas": frozenset(data.get("areas", [])),
        "military_operations": frozenset(data.get("military_operations", [])),
        "structures": frozenset(data.get("structures", [])),
        "parts": frozenset(data.get("parts", [])),
    }


PRONOUNS = frozenset(
    [
        "those",
        "these",
        "another",
        "others",
        "several",
        "some",
        "both",
        "all",
        "he",
        "she",
        "it",
        "they",
        "we",
        "you",
        "i",
        "him",
        "her",
        "them",
        "us",
        "me",
        "his",
        "its",
        "their",
        "our",
        "one",
        "who",
        "which",
        "that",
        "other",
        "each",
        "much",
        "nobody",
        "none",
        "nothing",
        "everybody",
        "everyone",
        "anybody",
        "anyone",
        "somebody",
        "someone",
    ]
)
FIRE_WORDS = frozenset({"fire", "riflefire", "gunfire", "bullet", "bullets", "shrapnel"})
"""What is fired, not the weapon that fires it ("rifle fire", "machinegun bullets")."""
PERSONAL_PRONOUNS = frozenset({"he", "him", "she", "her"})
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalise(text: str) -> str:
    """GRIT's string normalisation: lower case, no punctuation, no articles, single spaces."""
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_PUNCT)).split())


@dataclass(slots=True)
class MucDoc:
    """One report and its gold role fillers (each entity: its coreferent strings)."""

    id: str
    text: str
    roles: dict[str, list[list[str]]] = field(default_factory=dict)


def load_muc4(path: Path, limit: int | None = None) -> list[MucDoc]:
    """The documents of a GRIT-format MUC-4 JSON file, in file order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        docs = [
            MucDoc(
                str(key),
                value["doc"],
                {role: [list(e) for e in value["roles"].get(role, [])] for role in ROLES},
            )
            for key, value in data.items()
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(str(path), f"not a GRIT-format MUC-4 file: {error}") from None
    return docs[:limit] if limit is not None else docs


def predict_roles(article: Article) -> dict[str, list[str]]:
    """The article's role fillers (distinct strings per role) from the incident events
    the report asserts (a denied, planned or long past attack fills no template),
    one filler per entity: of the strings of participants resolved to one actor, or of
    things with one head noun, the longest (the fullest name)."""
    chosen: dict[str, dict[str, str]] = {role: {} for role in ROLES}
    kinds = _Kinds(article)
    accused = kinds.accused()
    incidents = [
        e
        for e in article.events
        if is_incident(e)
        and e.modality in REAL_MODALITIES
        and not _combat(e)
        and not kinds.against_troops(e)
        and not kinds.in_combat(e)
    ]
    found = [filler for e in incidents for filler in _fillers(e, kinds, accused.get(e.start))]
    weak = {
        e.actor.text
        for e in incidents
        if e.actor is not None and kinds.modifier_of(e.actor, e) and kinds.group(e.actor) is None
    }
    if incidents:  # "the victims were identified as ..."
        found += [("hum_tgt_name", name, None) for name in kinds.identified()]
        found += kinds.claimants(incidents)
        found += kinds.agents(incidents)
    found += kinds.sole_group(incidents, found)
    named = {text for role, text, _ in found if role == "perp_individual_id"} - weak
    if named:  # "a terrorist attack" says who only when nothing else does
        found = [f for f in found if not (f[0] == "perp_individual_id" and f[1] in weak)]
    for role, text, ident in found:
        text = trim_count(_POSSESSIVE.sub("", text.strip()), counts=role in TRIMMED)
        if role == "hum_tgt_name":
            text = _TITLE.sub("", kinds.full_name(text))
        elif role == "perp_organization_id" and ident is not None:
            text = kinds.group_full_name(ident) or text
        words = normalise(text).split()
        if not words:
            continue
        if ident is None and role in HEAD_DEDUPED:
            ident = words[-1]
        key = ident or " ".join(words)
        earlier = chosen[role].get(key)
        if earlier is None or len(normalise(text)) > len(normalise(earlier)):
            chosen[role][key] = text
    return {role: list(by_key.values()) for role, by_key in chosen.items()}


def trim_count(text: str, counts: bool = True) -> str:
    """The filler without its hedge ("alleged gunmen" -> "gunmen") and, with `counts`,
    its count ("five houses" -> "houses"): the templates give numbers a slot of their own."""
    trimmed = (_COUNT if counts else _HEDGE).sub("", text)
    return trimmed if trimmed.strip() else text


def _sector(participant: Participant | None) -> str | None:
    if participant is None or participant.sector is None:
        return None
    return participant.sector.split("-")[-1]


def _combat(event: Event) -> bool:
    """Combat, not a terrorist incident (the MUC-4 task left those out): a clash, battle or
    war (PLOVER's "fight" mode), an air raid, a military operation ("the offensive", "the
    troops advanced", "the police raided a farm"), a state's forces acting on no one named
    ("the army blew up the charges", but not "soldiers opened fire"), or a state's forces
    attacking an armed party."""
    if event.mode in MILITARY_MODES or event.text.lower() in role_nouns()["military_operations"]:
        return True
    if _sector(event.actor) in ARMED and event.recipient is None and event.mode != "firearms":
        return True
    return _sector(event.actor) in ARMED and _sector(event.recipient) in ARMED_PARTIES


def _fillers(
    event: Event, kinds: _Kinds, accused: Participant | None = None
) -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    actor = kinds.usable(event.actor or accused)
    ident = actor.actor if actor is not None else None
    if actor is not None and kinds.weapon(actor):
        out.append(
            ("incident_instrument_id", kinds.fired_by(actor.text), None)
        )  # "three grenades hit him"
    elif actor is not None and (not kinds.agent(actor) or kinds.vehicle(actor)):
        pass  # "the shock wave", "the disclosure", "a helicopter": no one
    elif actor is not None:
        org = kinds.mention(actor, "ORG")
        opening = kinds.group_named(actor)
        written = kinds.group_written(actor) if opening is None else None
        if opening is not None:
            name, members = opening
            if normalise(members):
                out.append(("perp_individual_id", members, ident))
            out.append(("perp_organization_id", name, ident))
        elif written is not None:  # "members of the shining path group"
            name, key = written
            if kinds.human(actor) and normalise(name) != normalise(actor.text):
                out.append(("perp_individual_id", actor.text, ident))
            out.append(("perp_organization_id", name, key))
        elif org is not None and normalise(org.text) != normalise(actor.text):
            out += [
                ("perp_individual_id", actor.text, ident),
                ("perp_organization_id", org.text, ident),
            ]
        elif org is not None or kinds.institution(actor):
            owner = kinds.members_of(actor)
            if owner is not None:  # "members of the army": they, and the army
                out.append(("perp_individual_id", actor.text, ident))
            out.append(("perp_organization_id", (owner or actor).text, ident))
        else:
            out.append(("perp_individual_id", actor.text, ident))
    group = kinds.group(event.actor)
    if group is not None:  # "they", "the rebels" resolved to a named group
        out.append(("perp_organization_id", group.name, group.id))
    named = kinds.person_meant(event.recipient)
    if named is not None:
        out.append(("hum_tgt_name", named.text, None))
    recipient = kinds.usable(event.recipient)
    if recipient is not None and named is None:
        for each in (recipient, *kinds.conjuncts(recipient)):  # "the mayor and his driver"
            out += [
                filler
                for filler in _received(each, kinds)
                if filler[0] != "phys_tgt_id" or event.mode not in PERSONAL_MODES
            ]
    instrument = kinds.usable(event.instrument)
    if instrument is not None:
        for each in (instrument, *kinds.conjuncts(instrument)):  # "rifles and grenades"
            if each is instrument or kinds.weapon(each):
                weapon = kinds.fired_by(each.text)
                if weapon:
                    out.append(("incident_instrument_id", weapon, None))
    return out


def _received(recipient: Participant, kinds: _Kinds) -> list[tuple[str, str, str | None]]:
    """The role a recipient fills: a weapon, a structure, a person named, a thing."""
    if kinds.weapon(recipient):
        return [
            ("incident_instrument_id", kinds.fired_by(recipient.text), None)
        ]  # "the blast of a bomb"
    if kinds.structure(recipient):
        return [("phys_tgt_id", kinds.whole(recipient.text), None)]
    person = kinds.mention(recipient, "PERSON")
    if person is not None and kinds.group_alias(person.text):
        return []  # "Reuter": an agency the recogniser took for a person
    if person is not None:
        return [("hum_tgt_name", kinds.name_run(person, recipient), None)]
    if kinds.part_alone(recipient):
        return []  # "the windows were shattered": damage, not what was attacked
    if kinds.thing(recipient):
        return [("phys_tgt_id", recipient.text, None)]
    return []


_IDENTIFIED = re.compile(
    r"\b(?:victims?|dead|deceased|bodies|killed|wounded|injured)\b[^.;:]{0,40}?"
    r"\b(?:identified as|were|was|are|is)\b",
    re.IGNORECASE,
)
"""Words that name a report's victims ("the victims were identified as ...")."""
_NAMES_FOLLOW = re.compile(
    r"^(?:(?!\b(?!identified\b|named\b|listed\b)\w+(?:ed|ing)\b).)*$", re.IGNORECASE | re.DOTALL
)
"""What may stand between those words and the first name ("the dead man was 39-year-old
Ana Ruiz"): no verb form ("were wounded in ...", "were leaving ...")."""


def _named(text: str) -> bool:
    """Whether an organisation's words are a name, not a description ("a Peruvian
    guerrilla movement"): an acronym or two capitalised words."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text)]
    acronym = any(len(w) > 1 and w.isupper() for w in words)
    return acronym or sum(w[:1].isupper() for w in words) >= 2


_DOING = frozenset(
    {"perpetrated", "committed", "carried", "staged", "planted", "placed", "set", "left",
     "intercepted", "riddled", "ordered", "executed"}
)  # fmt: skip
"""Verbs whose "by" agent did an act or set its means ("the bomb was planted by ...")."""
_CLAIMED = frozenset({"responsibility", "credit"})
_CLAIMING = frozenset(
    {"claimed", "claim", "claims", "claiming", "assumed", "assume", "assumes", "accepted",
     "accepts", "took", "takes"}
)  # fmt: skip
"""A claim of responsibility ("claimed responsibility for the attack")."""
_PARENTHESIS = re.compile(r"^\s*[(\[][^)\]]*[)\]]")


class _Kinds:
    """What kind of thing a participant is: from the recognised mentions and sectors,
    else from its head word's vector against a few prototype words."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.doc = article.doc
        self.actors = {actor.id: actor for actor in article.actors}

    def mention(self, participant: Participant, label: str) -> Mention | None:
        """The longest mention of this label inside the participant's span."""
        inside = [
            m
            for m in self.article.mentions
            if m.label == label and participant.start <= m.start and m.end <= participant.end
        ]
        return max(inside, key=lambda m: m.end - m.start, default=None)

    def name_run(self, person: Mention, within: Participant) -> str:
        """The person's name grown over the capitalised words beside it inside the
        participant, titles left out: the recogniser often cuts a long Spanish name in
        two ("Roberto Armando" + "Rivera Escobar")."""
        if self.doc is None:
            return person.text
        span = self.doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is None or not len(span):
            return person.text
        first, last = span.start, span.end - 1
        while first > 0 and self._name_word(self.doc[first - 1], within):
            first -= 1
        while last + 1 < len(self.doc) and self._name_word(self.doc[last + 1], within):
            last += 1
        start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last])
        return self.article.text[start:end]

    def _name_word(self, token: Any, within: Participant) -> bool:
        word = token.text
        return (
            within.start <= token.idx
            and token.idx + len(word) <= within.end
            and word[:1].isupper()
            and word.isalpha()
            and word.lower() not in role_nouns()["people"]
            and not word.lower().endswith(role_nouns()["people_endings"])
            and word.lower() not in role_nouns()["titles"]
            and not _TITLE.match(word + " ")
        )

    def full_name(self, text: str) -> str:
        """The fullest name the article gives the person `text` names ("Oqueli" ->
        "Hector Oqueli Colindres"): the longest person mention holding its words in a row."""
        words = normalise(text).split()
        best, size = text, len(words)
        for mention in self.article.mentions:
            if mention.label != "PERSON":
                continue
            named = normalise(mention.text).split()
            if len(named) > size and any(
                named[i : i + len(words)] == words for i in range(len(named) - len(words) + 1)
            ):
                best, size = mention.text, len(named)
        return best

    def group(self, participant: Participant | None) -> Actor | None:
        """The named group (not a sector, nor a country's sector) the participant was
        resolved to."""
        if participant is None:
            return None
        actor = self.actors.get(participant.actor or "")
        if actor is None or actor.sector is None or "-" in actor.id or actor.id == actor.sector:
            return None
        return actor

    def group_full_name(self, ident: str) -> str | None:
        """A named group's fullest name as the report writes it ("Farabundo Marti National
        Liberation Front", where the recogniser kept only part of it), if it writes one."""
        actor = self.actors.get(ident)
        if actor is None or actor.sector is None or "-" in actor.id:
            return None
        for name in sorted({actor.name, *actor.aliases}, key=len, reverse=True):
            found = re.search(rf"\b{re.escape(name)}\b", self.article.text, re.IGNORECASE)
            if found is not None:
                return found.group()
        return None

    def group_named(self, participant: Participant) -> tuple[str, str] | None:
        """A named group's name opening the span and the people it qualifies after it
        ("FMLN urban guerrillas" -> "FMLN", "urban guerrillas"; the abbreviation in
        brackets skipped): the group is the organisation, its people the individuals."""
        actor = self.group(participant)
        if actor is None:
            return None
        text = participant.text
        lowered = text.lower()
        for alias in sorted({actor.name, *actor.aliases}, key=len, reverse=True):
            at = lowered.find(alias.lower())
            if at < 0 or normalise(text[:at]):
                continue
            end = at + len(alias)
            if end < len(text) and text[end].isalnum():
                continue
            rest = _PARENTHESIS.sub("", text[end:]).strip()
            return text[at:end], rest
        return None

    def group_written(self, participant: Participant) -> tuple[str, str] | None:
        """A named group of the actors dictionary whose name of two words or more the
        phrase writes in lower case, where the actors stage, which reads names only when
        capitalised, could not see it (a report in capitals, truecased): its words as
        written and the group's id."""
        if self.group(participant) is not None:
            return None
        dictionary = load_actors()
        words = participant.text.split()
        keys = [word.lower().strip(string.punctuation) for word in words]
        for size in range(min(dictionary.max_words, len(words)), 1, -1):
            for i in range(len(words) - size + 1):
                entry = dictionary.folded.get(" ".join(keys[i : i + size]))
                if entry is not None and entry.kind == "group":
                    return " ".join(words[i : i + size]), entry.id
        return None

    def usable(self, participant: Participant | None) -> Participant | None:
        """The participant, unless it cannot fill a template slot: a pronoun (the
        templates want the words that name), a bare number, or a time expression
        ("this morning's")."""
        if participant is None or not normalise(participant.text):
            return None
        head = self._head(participant)
        if head is not None and (head.like_num or head.is_punct):
            return None
        words = normalise(participant.text).split()
        if normalise(participant.text) in PRONOUNS or words[-1] in PRONOUNS:
            return None
        if self._event_noun(words[-1]) and not self.weapon(participant):
            return None  # "the clash", "the explosion": an event, not who or what
        for when in self.article.times:
            if when.start < participant.end and participant.start < when.end:
                return None
        return participant

    def conjuncts(self, participant: Participant) -> list[Participant]:
        """The phrases coordinated with the participant's ("Ana Ruiz and her driver": the
        events stage keeps the first) or in apposition to it ("two reporters, Ana Ruiz
        and Tomas Brenn"), each as a participant of its own."""
        head = self._head(participant)
        if head is None:
            return []
        found: list[Participant] = []
        stack = [c for c in head.children if c.dep_ in ("conj", "appos")]
        while stack and len(found) < 8:
            token = stack.pop(0)
            tokens = [t for t in phrase_tokens(token) if not t.is_punct] or [token]
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            found.append(Participant(start, end, self.article.text[start:end]))
            stack += [c for c in token.children if c.dep_ == "conj"]
        return [p for p in found if self.usable(p) is not None]

    def person_meant(self, participant: Participant | None) -> Mention | None:
        """The person a personal pronoun ("he", "him", "her") stands for: the nearest
        person named before it."""
        if participant is None or normalise(participant.text) not in PERSONAL_PRONOUNS:
            return None
        before = [
            m for m in self.article.mentions if m.label == "PERSON" and m.end <= participant.start
        ]
        return max(before, key=lambda m: m.end, default=None)

    def weapon(self, participant: Participant) -> bool:
        """Whether the participant's last word, or last two, name a weapon of the PLOVER
        lexicon ("bombs", "dynamite charges")."""
        words = participant.text.lower().split()
        instruments = load_ontology().instruments
        return bool(words) and (
            normalise(words[-1]) in instruments or " ".join(words[-2:]) in instruments
        )

    def _head(self, participant: Participant) -> Any:
        if self.doc is None:
            return None
        span = self.doc.char_span(participant.start, participant.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _last_token(self, participant: Participant) -> int | None:
        if self.doc is None:
            return None
        span = self.doc.char_span(participant.start, participant.end, alignment_mode="expand")
        return span[-1].i if span is not None and len(span) else None

    def _last_word(self, participant: Participant) -> str:
        words = normalise(_POSSESSIVE.sub("", participant.text)).split()
        return words[-1] if words else ""

    def _event_noun(self, word: str) -> bool:
        ontology = load_ontology()
        return word in ontology.noun_forms or word in ontology.nouns

    def institution(self, participant: Participant) -> bool:
        """A singular organisation noun ("the army", "the national guard")."""
        return self._last_word(participant) in role_nouns()["institutions"]

    def human(self, participant: Participant) -> bool:
        """People: an actor sector, a person, group or organisation named, or a noun
        for people ("two maids", "patrolmen", "activists")."""
        if participant.sector or participant.actor:
            return True
        if any(self.mention(participant, label) for label in ("PERSON", "NORP", "ORG")):
            return True
        nouns = role_nouns()
        head = self._head(participant)
        for word in (self._last_word(participant), head.lower_ if head is not None else ""):
            if word in nouns["people"] or (word and word.endswith(nouns["people_endings"])):
                return True  # "members of the Red Hand group": its head is people
        return False

    def agent(self, participant: Participant) -> bool:
        """Someone who can act: people, a group named, or an institution."""
        return (
            self.human(participant)
            or self.institution(participant)
            or self.group_written(participant) is not None
        )

    def thing(self, participant: Participant) -> bool:
        """A physical target: not people, not an abstract or event noun, not what is
        fired ("shots"), not a place (a country, a town, "the outskirts": the templates
        keep where apart from what was hit)."""
        word = self._last_word(participant)
        if not word.isalpha() or self.human(participant) or self._event_noun(word):
            return False
        if word in role_nouns()["not_things"] or self.place(participant):
            return False
        head = self._head(participant)
        if (
            head is not None
            and head.text[:1].isupper()
            and not head.is_sent_start
            and head.i == self._last_token(participant)
        ):
            return False  # a name the recogniser missed ("shot Kestrel"), not a thing
        return not word.endswith(role_nouns()["abstract_endings"])

    @staticmethod
    def fired_by(text: str) -> str:
        """The weapon an instrument names: "rifle fire" is the rifle's, bare "fire" or a
        vehicle ("the jeep") none; otherwise the words as they are."""
        words = text.split()
        last = normalise(words[-1]) if words else ""
        if last in FIRE_WORDS:
            rest = " ".join(words[:-1])
            kept = normalise(rest).split()
            return rest if kept and kept[-1] in load_ontology().instruments else ""
        return "" if last in role_nouns()["structures"] else text

    def identified(self) -> list[str]:
        """The people a report names as its victims ("the victims were identified as Ana
        Ruiz and Ivo Marek", "the dead are ..."): person mentions after such words."""
        names: list[str] = []
        for sentence in self.article.sentences:
            text = self.article.text[sentence.start : sentence.end]
            found = _IDENTIFIED.search(text)
            if found is None:
                continue
            after = sentence.start + found.end()
            people = [
                m
                for m in self.article.mentions
                if m.label == "PERSON" and after <= m.start and m.end <= sentence.end
            ]
            first = min((m.start for m in people), default=after)
            if not _NAMES_FOLLOW.match(self.article.text[after:first]):
                continue  # "two others were wounded in clashes in Morazan": no names given
            names += [m.text for m in people]
        return names

    def agents(self, incidents: list[Event]) -> list[tuple[str, str, str | None]]:
        """People named by "by" as who carried out an incident or its means ("the attack
        was staged by ten gunmen", "the bomb was planted by two men", "the crime
        perpetrated by armed men"): the agent of such a verb in an incident's sentence."""
        if self.doc is None:
            return []
        out: list[tuple[str, str, str | None]] = []
        for token in self.doc:
            if token.dep_ != "agent" or token.head.lower_ not in _DOING:
                continue
            verb = token.head
            if not any(verb.sent.start_char <= e.start < verb.sent.end_char for e in incidents):
                continue
            who = next((c for c in token.children if c.dep_ == "pobj"), None)
            if who is None:
                continue
            doer = self._phrase(who)
            if self.usable(doer) is None or not self.human(doer) or self.vehicle(doer):
                continue
            out.append(("perp_individual_id", doer.text, None))
        return out

    def claimants(self, incidents: list[Event]) -> list[tuple[str, str, str | None]]:
        """The organisations that claim an incident ("the Red Hand claimed responsibility
        for the bombing", "a group calling itself the Red Hand claimed credit for the
        attack"): the organisations named in the subject of a claim of responsibility
        whose "for" phrase holds an incident's trigger; not when denied."""
        if self.doc is None:
            return []
        out: list[tuple[str, str, str | None]] = []
        for token in self.doc:
            verb = token.head
            if token.lower_ in _CLAIMED and token.dep_ == "dobj":
                if verb.lower_ not in _CLAIMING:
                    continue
            elif token.lower_ != "responsible" or token.dep_ not in ("acomp", "oprd"):
                continue  # "the rebels are responsible for", "held the army responsible"
            if any(c.dep_ == "neg" for c in (*verb.children, *token.children)):
                continue
            prep = next(
                (
                    c
                    for c in (*token.children, *verb.children)
                    if c.dep_ == "prep" and c.lower_ == "for"
                ),
                None,
            )
            if prep is None:
                continue
            low, high = prep.left_edge.idx, prep.right_edge.idx + len(prep.right_edge.text)
            if not any(low <= e.start < high for e in incidents):
                continue
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            held = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if token.lower_ == "responsible" and held is not None:
                subject = held  # "they hold the army responsible"
            if subject is None and verb.dep_ in ("acl", "relcl", "advcl", "xcomp"):
                subject = verb.head  # "leaflets claiming responsibility", "which claimed"
            if subject is None:
                continue
            if subject.left_edge.lower_ in ("no", "neither", "nobody", "none"):
                continue  # "no organisation has claimed responsibility"
            start = subject.left_edge.idx
            end = subject.right_edge.idx + len(subject.right_edge.text)
            known = self._groups_in(start, end)
            if known:
                out += [("perp_organization_id", name, key) for name, key in known]
                continue
            orgs = [
                m
                for m in self.article.mentions
                if m.label == "ORG" and start <= m.start and m.end <= end
            ]
            named = [org for org in orgs if _named(org.text)]
            for org in named:
                out.append(("perp_organization_id", org.text, org.actor))
            whole = next(
                (c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None
            )
            owner = next((c for c in whole.children if c.dep_ == "pobj"), None) if whole else None
            phrase = self._phrase(owner if owner is not None else subject)  # "members of the army"
            if not named and self.institution(phrase):
                out.append(("perp_organization_id", phrase.text, None))  # "the army"
        return out

    def _groups_in(self, start: int, end: int) -> list[tuple[str, str]]:
        """The named groups of the actors dictionary written between two offsets (names
        of two words or more, or an acronym): each as written, with its id."""
        dictionary = load_actors()
        tokens = [t for t in self.doc or [] if start <= t.idx and t.idx < end]
        keys = [t.lower_ for t in tokens]
        found: list[tuple[str, str]] = []
        i = 0
        while i < len(tokens):
            for size in range(min(dictionary.max_words, len(tokens) - i), 0, -1):
                entry = dictionary.folded.get(" ".join(keys[i : i + size]))
                if entry is None or entry.kind != "group":
                    continue
                if size == 1 and not (tokens[i].text.isupper() and len(tokens[i].text) > 1):
                    continue
                last = tokens[i + size - 1]
                text = self.article.text[tokens[i].idx : last.idx + len(last.text)]
                found.append((text, entry.id))
                i += size - 1
                break
            i += 1
        return found

    def _phrase(self, head: Any) -> Participant:
        """The noun phrase headed by `head` ("members of the army": the members)."""
        tokens = [t for t in phrase_tokens(head) if not t.is_punct] or [head]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        return Participant(start, end, self.article.text[start:end])

    def accused(self) -> dict[int, Participant]:
        """Who is blamed for an act with no doer named ("blamed the rebels for the
        murder", "blamed the murder on the rebels"), by the act's start: the recipient of
        an accusation whose clause holds the act's trigger."""
        if self.doc is None:
            return {}
        found: dict[int, Participant] = {}
        acts = [e for e in self.article.events if is_incident(e) and e.actor is None]
        for event in self.article.events:
            if event.category != "ACCUSE" or event.mode != "allege" or event.recipient is None:
                continue
            accused = event.recipient
            if not self.agent(accused) or event.modality not in REAL_MODALITIES:
                continue
            if any(accused.start <= e.start < accused.end for e in self.article.events):
                continue  # "the murder of two nuns": the act, not who did it
            span = self.doc.char_span(event.start, event.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            low, high = root.left_edge.idx, root.right_edge.idx + len(root.right_edge.text)
            for act in acts:
                if low <= act.start and act.end <= high and act.start != event.start:
                    found.setdefault(act.start, accused)
        return found

    def structure(self, participant: Participant) -> bool:
        """A building, vehicle or installation ("the U.S. embassy", "the judge's house",
        "a public bus"): a physical target, whoever the words say owns it. Its last word and
        its head must both say so ("the house of Judge Ruiz" may be his, or him)."""
        word = self._last_word(participant)
        head = self._head(participant)
        structures = role_nouns()["structures"]
        if head is not None and head.lower_ in role_nouns()["parts"]:
            return word in structures  # "the front of the bank"
        return word in structures and (head is None or head.lower_ in structures)

    def against_troops(self, event: Event) -> bool:
        """An armed party's attack on a state's forces, or one with no doer named ("the
        rebels ambushed an army patrol", "a patrol was ambushed"): combat, unless it
        struck a building or vehicle or a person named."""
        target = event.recipient
        armed = event.actor is None or _sector(event.actor) in ARMED_PARTIES
        if not armed or _sector(target) not in ARMED:
            return False
        assert target is not None
        return not self.structure(target) and self.mention(target, "PERSON") is None

    def members_of(self, participant: Participant) -> Participant | None:
        """The institution people are named as members of ("members of the army",
        "soldiers of the national guard"), if the phrase names one that way."""
        head = self._head(participant)
        if head is None or head.lower_ not in role_nouns()["people"]:
            return None
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if owner is None:
            return None
        phrase = self._phrase(owner)
        return phrase if self.institution(phrase) else None

    def in_combat(self, event: Event) -> bool:
        """Whether the act is told in the same sentence as a clash or battle ("a soldier
        was killed in clashes near the river"), with no doer of its own: a casualty of
        combat."""
        if event.actor is not None:
            return False
        for sentence in self.article.sentences:
            if sentence.start <= event.start < sentence.end:
                return any(
                    e.mode in MILITARY_MODES and sentence.start <= e.start < sentence.end
                    for e in self.article.events
                )
        return False

    def modifier_of(self, participant: Participant, event: Event) -> bool:
        """Whether the participant is one word modifying the event noun ("terrorist" of
        "a terrorist attack")."""
        if self.doc is None or len(participant.text.split()) != 1:
            return False
        span = self.doc.char_span(participant.start, participant.end, alignment_mode="expand")
        if span is None or len(span) != 1:
            return False
        token = span[0]
        return token.dep_ in ("amod", "compound") and event.start <= token.head.idx < event.end

    def sole_group(
        self, incidents: list[Event], found: list[tuple[str, str, str | None]]
    ) -> list[tuple[str, str, str | None]]:
        """The one rebel group a report names, as organisation of rebels it names no
        group for, when it names that group in their act's sentence or the one before
        ("the Red Hand fights on; guerrillas attacked the bank")."""
        if any(role == "perp_organization_id" for role, _, _ in found):
            return []
        rebels = [e for e in incidents if _sector(e.actor) == "REB" and self.group(e.actor) is None]
        groups = {
            a.id: a
            for a in self.article.actors
            if a.sector == "REB" and "-" not in a.id and a.id != a.sector
        }
        if not rebels or len(groups) != 1:
            return []
        (actor,) = groups.values()
        near = [m.start for m in self.article.mentions if m.actor == actor.id]
        sentences = self.article.sentences
        for event in rebels:
            at = next((i for i, x in enumerate(sentences) if x.start <= event.start < x.end), None)
            if at is None:
                continue
            low, high = sentences[max(0, at - 1)].start, sentences[at].end
            if any(low <= start < high for start in near):
                return [("perp_organization_id", actor.name, actor.id)]
        return []

    @staticmethod
    def group_alias(name: str) -> bool:
        """Whether a name is one of a named group of the actors dictionary ("Reuter" for
        "Reuters")."""
        folded = load_actors().folded
        key = name.lower().strip()
        return any(
            (entry := folded.get(k)) is not None and entry.kind == "group" for k in (key, key + "s")
        )

    def vehicle(self, participant: Participant) -> bool:
        """A vehicle, building or installation named as the doer ("army helicopters
        fired", "a white car exploded"): a thing, not who acted."""
        return self._last_word(participant) in role_nouns()["structures"]

    def part_alone(self, participant: Participant) -> bool:
        """A part of a building with no building named ("the windows", "a door")."""
        return self._last_word(participant) in role_nouns()["parts"]

    @staticmethod
    def whole(text: str) -> str:
        """The structure a part belongs to ("the front of the bank" -> "the bank")."""
        before, of, after = text.partition(" of ")
        words = normalise(before).split()
        if of and words and words[-1] in role_nouns()["parts"] and normalise(after):
            return after
        return text

    def place(self, participant: Participant) -> bool:
        """Whether the participant names a place: its last word or its head a word for an
        area or settlement, or its head inside a country, city or region named."""
        word = self._last_word(participant)
        head = self._head(participant)
        areas = role_nouns()["areas"]
        if word in areas or (head is not None and head.lower_ in areas):
            return True  # "the outskirts of San Salvador": its head is the area
        return head is not None and head.ent_type_ in ("GPE", "LOC")


def score_roles(
    gold: dict[str, list[list[str]]],
    predicted: dict[str, list[str]],
    tallies: dict[str, dict[str, Counts]],
) -> None:
    """Add one document's CEAF-REE matches (exact and head) to the per-role tallies."""
    for mode, same in (("exact", _same_exact), ("head", _same_head)):
        per_role = tallies.setdefault(mode, {role: Counts() for role in ROLES})
        for role in ROLES:
            gold_entities = [{normalise(m) for m in entity} - {""} for entity in gold.get(role, [])]
            gold_entities = [e for e in gold_entities if e]
            guesses = [g for g in dict.fromkeys(normalise(p) for p in predicted.get(role, [])) if g]
            pairs = match_one_to_one(gold_entities, guesses, same)
            per_role[role].add(len(pairs), len(guesses), len(gold_entities))


def _same_exact(entity: set[str], guess: str) -> bool:
    return guess in entity


def _same_head(entity: set[str], guess: str) -> bool:
    return guess.split()[-1] in {mention.split()[-1] for mention in entity}


def _micro(per_role: dict[str, Counts]) -> dict[str, Any]:
    total = Counts()
    for counts in per_role.values():
        total.add(counts.matched_gold, counts.predicted, counts.gold)
    return {
        "micro": total.scores(),
        "by_role": {role: counts.scores() for role, counts in per_role.items()},
    }


def evaluate_muc4(
    path: Path,
    limit: int | None = None,
    settings: Settings | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> dict[str, Any]:
    """Run the whole pipeline on every report and score its role fillers (see the module
    docstring). `on_article` sees each processed article (for inspection)."""
    docs = load_muc4(Path(path), limit)
    pipeline = Pipeline(event_stage_names(), settings=settings)
    articles = (Article(raw=doc.text, source=Source(path=str(path), record=doc.id)) for doc in docs)
    tallies: dict[str, dict[str, Counts]] = {}
    failed = 0
    began = time.perf_counter()
    for doc, result in zip(docs, pipeline.pipe(articles), strict=True):
        if isinstance(result, Article):
            predicted = predict_roles(result)
            if on_article is not None:
                on_article(result)
            result.doc = None
        else:
            failed += 1
            predicted = {}
        score_roles(doc.roles, predicted, tallies)
    seconds = time.perf_counter() - began
    empty = {role: Counts() for role in ROLES}
    return {
        "format": "muc4",
        "data": str(path),
        "documents": len(docs),
        "failed": failed,
        "model": pipeline.settings.model,
        "stages": pipeline.names,
        "match": "exact: GRIT CEAF-REE phi_strict on normalised strings; head: last word",
        "exact": _micro(tallies.get("exact", empty)),
        "head": _micro(tallies.get("head", empty)),
        "articles_per_s": round(len(docs) / seconds, 2) if seconds else 0.0,
    }
