"""The `actors` stage: noun phrases and named entities -> canonical actors (country, sector).

A phrase is read around its head noun in the dependency parse (its modifiers, possessor,
and "of" / "from" complements; not its relative clauses or appositions):

* a named group in the phrase gives the group ("Hezbollah fighters" -> Hezbollah, UAF);
* country names, demonyms and capitals (and places the places stage resolved) give the
  country: "Syrian President Bashar Assad's troops" -> SYR; "militias from Lebanon, Iraq
  and Iran" -> all three (the actor's id names them, its country is the first);
* the head's role noun gives the sector ("troops" -> MIL); a head that only names a
  function ("spokesman", "officials", "forces") takes a more specific modifier's sector
  ("rebel spokesman" -> REB, "police officials" -> COP);
* a person with no role in the phrase takes the role of an apposition ("Rami
  Abdurrahman, head of the ... Observatory" -> the Observatory);
* simple coreference: a role with no country takes the country of the last actor with
  that sector, else the country the article is most about ("the insurgents" -> the rebels
  in focus); he/she, it/its and they/their take the last person, organisation or
  plural actor before them.

Each resolved head is remembered on the Doc so the events stage reads the same answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eventwire.model import Actor, Article
from eventwire.resources.actor_dictionary import ActorDictionary, Entry, load_actors
from eventwire.stages.base import Stage, register
from eventwire.stages.nlp import doc_text
from eventwire.stages.token_table import token_table

CACHE_KEY = "eventwire_actor_heads"
RESOLVER_KEY = "eventwire_actor_resolver"
NOMINAL_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative", "poss", "npadvmod",
     "oprd", "ROOT", "conj", "csubj"}
)  # fmt: skip
"""Dependency labels of a noun phrase's head (the models run without a tagger)."""
VERBAL_CHILDREN = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "prt", "agent", "neg", "ccomp", "xcomp"}
)
PRONOUNS = frozenset({"he", "she", "him", "his", "her", "it", "its", "they", "them", "their"})
MODIFIER_DEPS = frozenset({"compound", "amod", "flat", "nmod", "nummod", "det", "case"})
LEAVE_OUT = frozenset(
    {"relcl", "acl", "advcl", "appos", "punct", "cc", "parataxis", "ccomp", "xcomp", "mark"}
)
PHRASE_PREPS = frozenset({"of", "from"})
FUNCTIONARIES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "envoy", "official",
     "representative", "negotiator", "ambassador", "commander", "source", "sources"}
)  # fmt: skip
NOT_OWN_COUNTRY = frozenset({"based", "backed", "born", "made", "funded", "supported", "trained"})
"""'Turkey-based Syrian organisation': Turkey is not the organisation's country."""
PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
MAX_WORDS = 6
FORMER = frozenset({"former", "ousted", "exiled", "deposed", "ex", "late", "retired"})


@dataclass(slots=True)
class Resolved:
    """What a phrase was resolved to."""

    actor: Actor
    kind: str
    """group, country, role, person or pronoun."""
    countries: tuple[str, ...] = ()


@dataclass(slots=True)
class Resolver:
    """Resolves heads of one article in text order, keeping the coreference state."""

    article: Article
    dictionary: ActorDictionary
    place_country: dict[int, str] = field(default_factory=dict)
    """Token index -> ISO3 of the place the places stage resolved there."""
    focus: dict[str, str] = field(default_factory=dict)
    """Sector -> country of the last actor with that sector."""
    counts: Counter[str] = field(default_factory=Counter)
    last: dict[str, Actor] = field(default_factory=dict)
    """'person' / 'thing' / 'plural' -> last actor of that kind."""
    heads: dict[int, str | None] = field(default_factory=dict)
    metonyms: set[int] = field(default_factory=set)
    """Token indices of place names read as their government ("Moscow said")."""
    actors: dict[str, Actor] = field(default_factory=dict)

    @classmethod
    def of(cls, article: Article, dictionary: ActorDictionary | None = None) -> Resolver:
        """The article's resolver: the one the actors stage left on the Doc, or a new one."""
        doc = article.doc
        found = doc.user_data.get(RESOLVER_KEY) if doc is not None else None
        if isinstance(found, Resolver):
            return found
        resolver = cls(article, dictionary or load_actors())
        resolver.index_places()
        for actor in article.actors:
            resolver.actors[actor.id] = actor
        if doc is not None:
            doc.user_data[RESOLVER_KEY] = resolver
        return resolver

    def index_places(self) -> None:
        doc = self.article.doc
        if doc is None:
            return
        for place in self.article.places:
            entry = place.entry
            if entry is None or not entry.country:
                continue
            iso3 = self.dictionary.iso2.get(entry.country)
            if iso3 is None:
                continue
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    self.place_country[token.i] = iso3
                self.counts[iso3] += 1

    def resolve(self, head: Any) -> Actor | None:
        """The actor the phrase headed by `head` names (cached per head)."""
        if head.i in self.heads:
            key = self.heads[head.i]
            return self.actors.get(key) if key else None
        found = self._resolve(head)
        actor = None
        if found is not None:
            actor = self.actors.setdefault(found.actor.id, found.actor)
            self._remember(head, found, actor)
        self.heads[head.i] = actor.id if actor else None
        return actor

    def _remember(self, head: Any, found: Resolved, actor: Actor) -> None:
        if found.kind == "pronoun":
            return
        for country in found.countries:
            self.counts[country] += 1
        if actor.sector and actor.country:
            self.focus[actor.sector] = actor.country
        if found.kind == "person" or head.ent_type_ == "PERSON":
            self.last["person"] = actor
        elif head.lower_.endswith("s") or found.kind == "group":
            self.last["plural"] = actor
            self.last["thing"] = actor
        else:
            self.last["thing"] = actor

    def _resolve(self, head: Any) -> Resolved | None:
        lower = head.lower_
        if lower in PRONOUNS:
            kind = (
                "person"
                if lower in PERSON_PRONOUNS
                else "thing"
                if lower in THING_PRONOUNS
                else "plural"
                if lower in PLURAL_PRONOUNS
                else None
            )
            if kind is None:
                return None
            actor = self.last.get(kind) or (self.last.get("thing") if kind == "plural" else None)
            return Resolved(actor, "pronoun") if actor else None
        tokens = phrase_tokens(head)
        return self.read_phrase(head, tokens)

    def read_phrase(self, head: Any, tokens: Sequence[Any]) -> Resolved | None:
        """Resolve a phrase given as its tokens (in text order) and head."""
        if self._inert(head, tokens):
            return self._apposition(head)
        group, countries, covered, named = self._names(tokens, head)
        sector = self._sector(head, tokens, covered)
        if sector is None and any(t.lower_ == "ethnic" for t in tokens):
            sector = "CVL"  # an ethnic group: people of the country the report is about
        if group is not None:
            countries_g = (group.country,) if group.country else ()
            return Resolved(self._actor_of_group(group), "group", countries_g)
        if not countries and sector is None:
            return self._apposition(head)
        if (
            countries
            and sector is None
            and head.i not in covered
            and not head.text[:1].isupper()
            and head.lower_ not in self.dictionary.generic
        ):
            return None  # a country word only modifies a head that is no actor ("Syrian territory")
        if countries and sector is None and not named:
            return None  # only a place the phrase is in ("fighters in Aleppo")
        if countries and sector is None and head.i in covered and _plural_people(head):
            sector = "CVL"  # "the Palestinians", "Iraqi Kurds": people, not the state
        if not countries and sector is not None:
            owner = self._owner(head)
            if owner is not None and owner.country:
                countries = (owner.country,)  # "Chile withdrew its diplomats"
        if not countries and sector is not None:
            recent = self.focus.get(sector) if head.lower_ in self.dictionary.yielding else None
            country = recent or self._dominant()
            countries = (country,) if country else ()
        kind = "role" if sector else "country"
        return Resolved(self._actor(countries, sector), kind, countries)

    def _inert(self, head: Any, tokens: Sequence[Any]) -> bool:
        """Whether no word of the phrase can make it an actor -- none opens a dictionary
        name, lies in a resolved place, names a role or is "ethnic" -- as in most
        phrases; then only an apposition may name one (a quick test before the reading)."""
        dictionary, roles, places = self.dictionary, self.dictionary.roles, self.place_country
        for token in tokens:
            word = token.lower_
            opening = word
            if word == "the" and token.i + 1 < len(token.doc):  # only "the Hague" and the like
                opening = "the " + token.nbor(1).lower_
            if (
                word in roles
                or dictionary.may_open(opening)
                or token.i in places
                or singular(word) in roles
                or word == "ethnic"
            ):
                return False
        left = head.i - 1
        if left >= 0 and f"{head.doc[left].lower_} {head.lower_}" in roles:
            return False
        return dictionary.lookup(head.text) is None

    def _owner(self, head: Any) -> Actor | None:
        """The actor a possessive pronoun before the head stands for."""
        for child in head.children:
            if child.dep_ == "poss" and child.lower_ in PRONOUNS:
                return self.resolve(child)
        return None

    def _apposition(self, head: Any) -> Resolved | None:
        for child in head.children:
            if child.dep_ == "appos":
                found = self.read_phrase(child, phrase_tokens(child))
                if found is not None:
                    return Resolved(found.actor, "person", found.countries)
        return None

    def dominant(self) -> str | None:
        """The country the article is most about (places and actors named so far)."""
        return self._dominant()

    def _dominant(self) -> str | None:
        if not self.counts:
            return None
        return self.counts.most_common(1)[0][0]

    def _names(
        self, tokens: Sequence[Any], head: Any
    ) -> tuple[Entry | None, tuple[str, ...], set[int], bool]:
        """Named groups and countries in the phrase, the token indices they cover, and
        whether a country was named by the dictionary (not only a place in it)."""
        text = doc_text(head.doc)
        group: Entry | None = None
        group_distance = 10**6
        countries: list[str] = []
        covered: set[int] = set()
        named = False
        n = len(tokens)
        i = 0
        while i < n:
            matched = 0
            first = tokens[i].lower_
            opens = first == "the" or self.dictionary.may_open(first)
            for size in range(min(MAX_WORDS, n - i) if opens else 0, 0, -1):
                last = tokens[i + size - 1]
                if last.i - tokens[i].i != size - 1:
                    continue  # not contiguous in the text
                words = text[tokens[i].idx : last.idx + len(last.text)]
                entry = self.dictionary.lookup(words)
                if entry is None and words.lower().startswith("the "):
                    entry = self.dictionary.lookup(words[4:])
                if entry is None:
                    continue
                after = last.nbor(2) if last.i + 2 < len(last.doc) else None
                if (
                    entry.kind != "group"
                    and after is not None
                    and last.nbor(1).text == "-"
                    and after.lower_ in NOT_OWN_COUNTRY
                ):
                    matched = size
                    break
                span = range(tokens[i].i, last.i + 1)
                covered.update(span)
                if entry.kind == "group":
                    distance = 0 if head.i in span else min(abs(t - head.i) for t in span)
                    if distance < group_distance:
                        group, group_distance = entry, distance
                elif entry.kind == "capital" and not _acts(head):
                    pass  # "in Damascus": a place, not the government
                elif entry.kind == "capital" and head.i in span:
                    self.metonyms.update(span)
                    countries.append(entry.country or "")
                    named = True
                elif entry.kind == "adjective" and i > 0 and tokens[i - 1].lower_ == "ethnic":
                    pass  # "ethnic Albanians in Serbia": a people, not a state
                elif entry.country and entry.country not in countries:
                    countries.append(entry.country)
                    named = True
                matched = size
                break
            if not matched:
                country = self.place_country.get(tokens[i].i)
                if country and country not in countries:
                    countries.append(country)
                    covered.add(tokens[i].i)
            i += max(matched, 1)
        return group, tuple(countries), covered, named

    def _sector(self, head: Any, tokens: Sequence[Any], covered: set[int]) -> str | None:
        roles = self.dictionary.roles
        head_sector = None
        left = head.i - 1
        if left >= 0 and head.doc[left].dep_ == "compound":
            head_sector = roles.get(f"{head.doc[left].lower_} {head.lower_}")
        head_sector = head_sector or roles.get(head.lower_) or roles.get(singular(head.lower_))
        capital = self.dictionary.lookup(head.text)
        if (
            head_sector is None
            and capital is not None
            and capital.kind == "capital"
            and _acts(head)
        ):
            head_sector = capital.sector
        if head_sector is not None and head.lower_ not in self.dictionary.yielding:
            if head_sector == "GOV" and any(t.lower_ in FORMER for t in tokens if t.i < head.i):
                return "ELI"
            return head_sector
        modifier = None
        for token in reversed(tokens):
            if token.i == head.i or token.i in covered:
                continue
            if token.lower_ in self.dictionary.yielding:
                continue
            found = roles.get(token.lower_) or roles.get(singular(token.lower_))
            if found is not None and token.lower_ not in self.dictionary.generic:
                modifier = found
                break
        if modifier is None or (modifier == "GOV" and head_sector in ("MIL", "COP")):
            modifier = head_sector
        if modifier == "GOV" and any(t.lower_ in FORMER for t in tokens if t.i < head.i):
            return "ELI"  # a former president is an elite, not the government
        return modifier

    def _actor(self, countries: tuple[str, ...], sector: str | None) -> Actor:
        key = "-".join(part for part in ("+".join(countries), sector) if part)
        known = self.actors.get(key)
        if known is not None:
            return known
        names = [self.dictionary.country_names.get(c, c) for c in countries]
        label = self.dictionary.sectors.get(sector or "", "").split(":")[0]
        name = " ".join(part for part in (", ".join(names), label) if part) or key
        return Actor(key, name, countries[0] if countries else None, sector)

    def _actor_of_group(self, entry: Entry) -> Actor:
        known = self.actors.get(entry.id)
        if known is not None:
            return known
        aliases = [
            alias
            for table in (self.dictionary.exact, self.dictionary.folded)
            for alias, found in table.items()
            if found is entry
        ]
        return Actor(entry.id, entry.name, entry.country, entry.sector, aliases)


def _plural_people(head: Any) -> bool:
    """A plural demonym as a phrase's head without "the" ("Kurds demonstrated",
    "Palestinians of the West Bank"): people; "the Russians demanded" is the state."""
    if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False
    return bool(head.lower_.endswith("s") and head.ent_type_ == "NORP")


def _acts(head: Any) -> bool:
    """Whether a head stands where an actor acts or is addressed: a subject, a possessor,
    a "by" agent, the one called on ("urged Moscow", "called on Damascus")."""
    if head.dep_ == "conj" and head.head.i != head.i:
        return _acts(head.head)
    if head.dep_ in ("nsubj", "nsubjpass", "poss", "appos"):
        return True
    return bool(head.dep_ == "pobj" and head.head.lower_ in ("by", "on", "upon"))


def phrase_tokens(head: Any) -> list[Any]:
    """The head's noun phrase for actor reading: modifiers, possessor, "of"/"from"
    complements; no clauses, appositions or coordinated heads."""
    found = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            dep = child.dep_
            if dep in LEAVE_OUT or (dep == "conj" and token is head):
                continue
            if (
                dep == "prep"
                and child.lower_ not in PHRASE_PREPS
                and not (child.lower_ in ("for", "to") and token.lower_ in FUNCTIONARIES)
            ):
                continue  # but "a spokesman for the army" speaks for the army
            found.append(child)
            stack.append(child)
    found.sort(key=lambda t: t.i)
    return found


def is_head(token: Any) -> bool:
    """Whether a token heads a noun phrase an actor may stand in (read from the parse:
    a nominal dependency label and no verbal dependants)."""
    if token.dep_ not in NOMINAL_DEPS or not any(ch.isalpha() for ch in token.text):
        return False
    if token.dep_ in ("ROOT", "conj") and any(c.dep_ in VERBAL_CHILDREN for c in token.children):
        return False
    return not (token.dep_ == "conj" and not is_head(token.head))


def singular(word: str) -> str:
    """A crude singular for role lookups (no lemmatizer runs)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@register
class ActorsStage(Stage):
    """Resolve every noun phrase and named entity to an actor where the dictionary can."""

    name = "actors"
    requires = ("article.doc", "article.mentions", "article.places")
    assigns = ("article.actors",)
    spacy_components = ("parser", "ner")

    def initialize(self, stages: Sequence[Stage]) -> None:
        self.dictionary = load_actors()

    def __call__(self, article: Article) -> None:
        doc = article.doc
        if doc is None:
            article.actors = []
            return
        dictionary = getattr(self, "dictionary", None) or load_actors()
        doc.user_data.pop(RESOLVER_KEY, None)
        article.actors = []
        resolver = Resolver.of(article, dictionary)
        for i, dep in enumerate(token_table(doc).deps):
            if dep in NOMINAL_DEPS and is_head(doc[i]):
                resolver.resolve(doc[i])
        by_start = {m.start: m for m in article.mentions}
        for mention in article.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            key = resolver.heads.get(span.root.i)
            if key is None:
                entry = dictionary.lookup(mention.text.removeprefix("the "))
                if entry is not None and entry.kind in ("country", "adjective", "group"):
                    actor = (
                        resolver._actor_of_group(entry)
                        if entry.kind == "group"
                        else resolver._actor((entry.country,) if entry.country else (), None)
                    )
                    key = resolver.actors.setdefault(actor.id, actor).id
            by_start[mention.start].actor = key
        used = {m.actor for m in article.mentions if m.actor}
        used.update(k for k in resolver.heads.values() if k)
        article.actors = [actor for key, actor in resolver.actors.items() if key in used]
