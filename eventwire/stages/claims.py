"""The `claims` stage: who says what — source, cue and content of every attribution.

Found from the dependency parse, not from quote marks alone, so reported speech counts
as much as direct quotes:

* a *cue* is a verb from the lexicon (resources/claims/lexicon.json) with content: a
  clause ("X said (that) ..."), a quotation, a to-clause ("wants to ...") or, for some
  verbs, an object ("announced a ceasefire"); or "according to X". The verbs counted as
  cues in PolNeAR train (resources/claims/cues_derived.json, written by
  scripts/derive_claim_cues.py) take any of these, and its "verb + preposition" entries the
  preposition's object, the preposition joining the cue ("talking about X");
* the *source* is the cue's subject with everything attached to it (appositives kept:
  "Rami Abdurrahman, head of the ... Observatory"), inherited along conjoined and
  participle cues ("..., adding that ..."); pronouns are resolved to the last compatible
  named source ("he" -> the last person quoted, "it" -> the last organisation) in
  claims_sources.py;
* the *content* is the clause; where it lies in a quotation the whole quotation is
  taken, across sentences and paragraphs, and a quotation split by its cue ("A," he
  said, "B.") is one claim with two content spans. Quote marks are paired by direction
  (“ ”) and by position (" after a space opens), per paragraph, so an unbalanced mark
  never breaks an article.

`kind`: direct when all content lies in quotations, mixed when the content holds a
quotation and more, indirect otherwise. Hedges (a doubtful cue such as "claimed", or a
phrase such as "reportedly") and anonymity ("spoke on condition of anonymity") are
recorded on the claim; numbers inside the content are attached as Quantities.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.model import Article, Claim, ClaimKind, Span
from eventwire.stages.base import Stage, register
from eventwire.stages.claims_quantities import find_quantities
from eventwire.stages.claims_sources import describe_source, source_actor
from eventwire.stages.nlp import doc_text

LEXICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "claims" / "lexicon.json"
DERIVED_PATH = LEXICON_PATH.with_name("cues_derived.json")
"""Cue verbs counted from PolNeAR train (scripts/derive_claim_cues.py): each may take a
clause, a to-clause or an object as content, and "verb + preposition" entries take the
preposition's object ("talking about X")."""

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
INHERIT_SUBJECT = frozenset({"conj", "advcl", "xcomp", "acl", "ccomp", "relcl"})
QUOTE_OPEN = "“\u201f«"
QUOTE_CLOSE = "”»"
QUOTE_EITHER = '"\u2033'
QUOTES = QUOTE_OPEN + QUOTE_CLOSE + QUOTE_EITHER
CLAUSES = frozenset({"ROOT", "ccomp", "conj", "advcl", "parataxis", "relcl", "xcomp"})
SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})
"""Sources that are the speaker or the audience: asides within a statement."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The claims stage's word lists, indexed by the word forms met in text."""

    clause: dict[str, str]
    """Inflected form -> cue lemma, for verbs that take a clause or a quotation."""
    objects: frozenset[str]
    infinitive: frozenset[str]
    particles: dict[str, str]
    """Lemma -> particle it needs ("point" -> "out")."""
    hedge_cues: frozenset[str]
    hedge_phrases: tuple[str, ...]
    anonymity: tuple[str, ...]
    anonymous_heads: frozenset[str]
    counted: frozenset[str] = frozenset()
    """Verbs from the derived list: content may be a clause, a to-clause or an object."""


def inflect(lemma: str, irregular: Sequence[str] = ()) -> set[str]:
    """The base, -s, -ed and -ing forms of a regular verb, plus its irregular forms."""
    forms = {lemma, *irregular}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if not any(f.endswith(("ed", "t", "d", "n")) and f != lemma for f in irregular):
        if lemma.endswith("e"):
            forms.add(lemma + "d")
        elif re.search(r"[^aeiou]y$", lemma):
            forms.add(lemma[:-1] + "ied")
        else:
            forms.add(lemma + "ed")
    if not any(f.endswith("ing") for f in irregular):
        stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
        forms.add(stem + "ing")
    return forms


@lru_cache(maxsize=2)
def load_lexicon(path: Path = LEXICON_PATH, derived: Path | None = DERIVED_PATH) -> Lexicon:
    """Read and index the lexicon file (and the derived cue list) once per process."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    irregular: dict[str, list[str]] = data["irregular"]
    clause: dict[str, str] = {}
    particles: dict[str, str] = {}
    lemmas: dict[str, set[str]] = {"clause_cues": set(), "object_cues": set()}
    lemmas["infinitive_cues"] = set()
    lemmas["counted"] = set()
    for group in ("clause_cues", "object_cues", "infinitive_cues"):
        for entry in data[group]:
            verb, _, particle = entry.partition(" ")
            key = f"{verb} {particle}" if particle else verb
            if particle:
                particles[key] = particle
            lemmas[group].add(key)
            for form in inflect(verb, irregular.get(verb, []) + irregular.get(entry, [])):
                clause.setdefault(form, verb)
    if derived is not None and derived.is_file():
        counted: dict[str, Any] = json.loads(derived.read_text(encoding="utf-8"))
        for lemma, entry in counted["verbs"].items():
            if lemma == "accord":  # "according to": a cue of its own
                continue
            for form in entry["forms"]:
                clause.setdefault(form, lemma)
            lemmas["counted"].add(lemma)
        for key in counted["verbs_with_preposition"]:
            verb = key.partition(" ")[0]
            if verb == "accord":
                continue
            lemmas["object_cues"].add(key)
            for form in inflect(verb, irregular.get(verb, [])):
                clause.setdefault(form, verb)
    return Lexicon(
        clause=clause,
        objects=frozenset(lemmas["object_cues"]),
        infinitive=frozenset(lemmas["infinitive_cues"]),
        particles=particles,
        hedge_cues=frozenset(data["hedge_cues"]),
        hedge_phrases=tuple(data["hedge_phrases"]),
        anonymity=tuple(data["anonymity"]),
        anonymous_heads=frozenset(data["anonymous_heads"]),
        counted=frozenset(lemmas["counted"]),
    )


# -- quotations ----------------------------------------------------------------------


def quote_segments(text: str) -> list[tuple[int, int]]:
    """Quotations as [start, end) spans that include their marks.

    Marks pair within a paragraph; a quotation left open at a paragraph's end is closed
    there (unbalanced marks, and quotes continued in the next paragraph, which by
    convention reopen without closing)."""
    segments: list[tuple[int, int]] = []
    opened: int | None = None
    for match in re.finditer(r"[“”\u201f«»\"\u2033]|\n", text):
        char, at = match.group(), match.start()
        if char == "\n":
            if opened is not None:
                segments.append((opened, len(text[:at].rstrip())))
                opened = None
            continue
        before = text[at - 1] if at else " "
        opens = char in QUOTE_OPEN or (
            char in QUOTE_EITHER and (before.isspace() or before in "([{\u2014\u2013-:")
        )
        if opened is None and opens:
            opened = at
        elif opened is not None and char not in QUOTE_OPEN:
            segments.append((opened, at + 1))
            opened = None
        elif opened is not None:  # a second opening mark: the first was never closed
            segments.append((opened, at))
            opened = at
    if opened is not None:
        segments.append((opened, len(text.rstrip())))
    return [(s, e) for s, e in segments if e - s > 2]


# -- the parse -------------------------------------------------------------------------


@dataclass(slots=True)
class Found:
    """A claim under construction: token-level evidence before spans are fixed."""

    cue: tuple[int, int]
    lemma: str
    content: list[tuple[int, int]]
    source: tuple[int, int] | None
    source_token: Any
    via: str = "clause"
    """How the content was found: clause, aside, infinitive, object, according, quote."""


def _trim(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens [start, end) without punctuation or space at its edges."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        if doc[start].text in QUOTE_OPEN + QUOTE_EITHER:
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in QUOTE_CLOSE + QUOTE_EITHER:
            break
        end -= 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _subtree_span(doc: Any, token: Any, without: Iterable[Any] = ()) -> tuple[int, int] | None:
    """The token's subtree as one character span, leaving out the subtrees in `without`
    where they sit at an edge."""
    left, right = token.left_edge.i, token.right_edge.i + 1
    while right - 1 > left and doc[right - 1].is_punct and doc[right - 1].text not in QUOTES:
        right -= 1
    for other in without:
        lo, hi = other.left_edge.i, other.right_edge.i + 1
        if lo <= left < hi:
            left = hi
        if lo < right <= hi:
            right = lo
    return _trim(doc, left, right)


def _subject(verb: Any) -> Any:
    """The verb's subject, or that of the verb it hangs from ("..., adding that")."""
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                return child
        if verb.dep_ not in INHERIT_SUBJECT or verb.head is verb:
            return None
        verb, seen = verb.head, seen + 1
    return None


def _cue_span(verb: Any, particle: str | None) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation and particle ("has not said")."""
    tokens = [verb]
    tokens += [c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg")]
    if particle:
        tokens += [c for c in verb.rights if c.dep_ == "prt" and c.lower_ == particle]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _adjacent_quote(
    doc: Any, verb: Any, subject: Any, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """A quotation right before the cue's clause ("...," X said) or right after it
    (X said: "..."), for parses that did not tie the two."""
    tokens = [verb] + ([subject.left_edge, subject.right_edge] if subject is not None else [])
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    text = doc_text(doc)
    for q_start, q_end in quotes:
        if q_end <= start and re.fullmatch(r"[\s,:\u2014\u2013-]*", text[q_end:start]):
            return q_start, q_end
        if q_start >= end and re.fullmatch(
            r"(?:\s*(?:in a statement|on \w+day))?[\s,:\u2014\u2013-]*", text[end:q_start]
        ):
            return q_start, q_end
    return None


def _verb_claim(
    doc: Any, verb: Any, lexicon: Lexicon, quotes: list[tuple[int, int]]
) -> Found | None:
    """A claim around one lexicon verb, if it has content."""
    lemma = lexicon.clause.get(verb.lower_)
    if lemma is None or verb.dep_ in ("amod", "compound", "nsubj", "dobj", "pobj"):
        return None
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.lefts):
        return None  # "to say": an intention inside another statement, not an attribution
    particle = next(
        (c.lower_ for c in verb.rights if c.dep_ == "prt"),
        None,
    )
    key = (
        f"{lemma} {particle}" if particle and f"{lemma} {particle}" in lexicon.particles else lemma
    )
    subject = _subject(verb)
    content: tuple[int, int] | None = None
    via = "clause"
    clauses = [c for c in verb.children if c.dep_ in ("ccomp",)]
    if clauses:
        content = _subtree_span(doc, clauses[-1] if clauses[-1].i > verb.i else clauses[0])
    elif verb.dep_ in ("parataxis", "ccomp") and verb.i > verb.head.i:
        content, via = _subtree_span(doc, verb.head, [verb]), "aside"
    if content is None and (key in lexicon.infinitive or lemma in lexicon.counted):
        xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
        if xcomps:
            content, via = _subtree_span(doc, xcomps[0]), "infinitive"
    preposition = None
    takes_object = key in lexicon.objects or lemma in lexicon.objects or lemma in lexicon.counted
    if content is None:
        objects = [
            c
            for c in verb.children
            if (c.dep_ == "dobj" and takes_object)
            or (c.dep_ in ("prep", "prt") and f"{lemma} {c.lower_}" in lexicon.objects)
        ]
        if objects:
            target = objects[0]
            if target.dep_ != "dobj":
                preposition = target
                target = next((c for c in target.children if c.dep_ in ("pobj", "pcomp")), None)
                if target is None:
                    target = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if target is not None:
                content, via = _subtree_span(doc, target), "object"
    if content is None and lemma not in lexicon.objects:
        content, via = _adjacent_quote(doc, verb, subject, quotes), "quote"
    if content is None:
        return None
    if subject is None or subject.lower_ in SPEAKER_PRONOUNS:
        return None  # no one to attribute it to, or the speaker's own "I think"
    source = _subtree_span(doc, subject)
    if source is None or (source[0] < content[1] and content[0] < source[1]):
        return None  # the subject lies inside the content: a parse we cannot trust
    cue = _cue_span(verb, particle if key in lexicon.particles else None)
    if preposition is not None:
        cue = (min(cue[0], preposition.idx), max(cue[1], preposition.idx + len(preposition)))
    return Found(cue, key, [content], source, subject, via)


def _according_claim(doc: Any, token: Any) -> Found | None:
    """ "according to X, ..." : X is the source, the rest of the clause the content."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = token.head  # the clause it qualifies, not a noun it happens to follow
    while head.dep_ not in CLAUSES and head.head is not head:
        head = head.head
    content = _subtree_span(doc, head, [token])
    source = _subtree_span(doc, pobj)
    if content is None:
        return None
    cue = (token.idx, to.idx + len(to.text))
    return Found(cue, "according to", [content], source, pobj, "according")


# -- the stage -------------------------------------------------------------------------


@register
class ClaimsStage(Stage):
    """Find every attribution in the parse and record it as a Claim."""

    name = "claims"
    requires = ("article.doc", "article.text", "article.mentions")
    assigns = ("article.claims",)
    spacy_components = ("parser", "ner")

    def initialize(self, stages: Sequence[Stage]) -> None:
        self.lexicon = load_lexicon()

    def __call__(self, article: Article) -> None:
        if article.doc is None:  # not parsed: not in a language the models read
            article.claims = []
            return
        lexicon = getattr(self, "lexicon", None) or load_lexicon()
        article.claims = find_claims(article, lexicon)
        for claim in article.claims:
            claim.source_role, claim.source_affiliation = describe_source(
                article.doc, article, claim
            )


def find_claims(article: Article, lexicon: Lexicon) -> list[Claim]:
    """Every attribution in a parsed article, in text order."""
    doc, text = article.doc, article.text
    quotes = quote_segments(text)
    found: list[Found] = []
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc):
            claim = _according_claim(doc, token)
        elif token.lower_ in lexicon.clause:
            claim = _verb_claim(doc, token, lexicon, quotes)
        else:
            continue
        if claim is not None:
            found.append(claim)
    found += _colon_claims(article)
    found = _nested_out(found, quotes)
    _attach_quotes(found, quotes, text)
    found.sort(key=lambda f: f.cue[0])
    return _to_claims(article, found, quotes, lexicon)


_COLON_LEAD = re.compile(r"(?m)^([^\n:]{2,40}?):[ \t]+(\S[^\n]*)$")


def _colon_claims(article: Article) -> list[Found]:
    """The headline form "Name: what they said" -- a paragraph opening with a named
    source (a few words, starting with a named entity) and a colon."""
    text = article.text
    found = []
    for match in _COLON_LEAD.finditer(text):
        lead = match.group(1)
        if len(lead.split()) > 5 or '"' in lead or "“" in lead:
            continue
        start = match.start(1)
        if not any(
            m.start == start and m.label in ("PERSON", "ORG", "NORP", "GPE")
            for m in article.mentions
        ):
            continue
        content = (
            match.start(2),
            match.end(2) - len(match.group(2)) + len(match.group(2).rstrip(". ")),
        )
        colon = match.end(1)
        found.append(
            Found((colon, colon + 1), ":", [content], (start, match.end(1)), None, "colon")
        )
    return found


def _nested_out(found: list[Found], quotes: list[tuple[int, int]]) -> list[Found]:
    """Drop a claim whose cue lies inside a quotation (the speaker's own "they say"), or
    inside another claim's source ("officials who spoke said ...")."""
    keep = []
    for claim in found:
        inside = any(q[0] < claim.cue[0] and claim.cue[1] < q[1] for q in quotes) or any(
            other is not claim
            and other.source is not None
            and other.source[0] <= claim.cue[0] < other.source[1]
            for other in found
        )
        if not inside:
            keep.append(claim)
    return keep


def _attach_quotes(found: list[Found], quotes: list[tuple[int, int]], text: str) -> None:
    """Widen content to the quotations it lies in; take in the quotation that goes on
    right after the cue ("A," he said, "B." / "A," he said. "B.") unless another cue
    claims it, and quotations continued in the next paragraph."""
    for claim in found:
        spans: list[tuple[int, int]] = []
        for start, end in claim.content:
            hit = [q for q in quotes if q[0] < end and start < q[1]]
            if hit and not (claim.cue[0] >= hit[0][0] and claim.cue[1] <= hit[-1][1]):
                start, end = min(start, hit[0][0]), max(end, hit[-1][1])
            spans.append((start, end))
        claim.content = spans
    taken = [span for claim in found for span in claim.content]
    for claim in found:
        last = max(e for _, e in claim.content)
        after = [q for q in quotes if q[0] >= max(last, claim.cue[1])]
        if (
            after
            and not any(s < after[0][1] and after[0][0] < e for s, e in taken)
            and _only_glue(text[max(last, claim.cue[1]) : after[0][0]], claim, text)
        ):
            claim.content.append(after[0])
            taken.append(after[0])
            last = after[0][1]
        while True:  # a quotation running on into the next paragraph, reopened there
            nxt = next((q for q in quotes if q[0] > last), None)
            if nxt is None or not _continues(text, last, nxt[0]):
                break
            claim.content.append(nxt)
            taken.append(nxt)
            last = nxt[1]


def _only_glue(between: str, claim: Found, text: str) -> bool:
    """Whether only the cue, its source and punctuation separate two quotation halves."""
    rest = between
    for start, end in [claim.cue, *([claim.source] if claim.source else [])]:
        rest = rest.replace(text[start:end], " ")
    return (
        len(between) < 120
        and "\n" not in between
        and not re.sub(
            r"[\s,.;:\u2014\u2013-]|\b(he|she|they|it|also|then|later|and|but|adding|added|continued)\b",
            "",
            rest,
        )
    )


def _continues(text: str, last: int, next_start: int) -> bool:
    """A quotation ending a paragraph without its closing mark, reopened in the next."""
    between = text[last:next_start]
    return (
        "\n" in between
        and not between.strip()
        and text[last - 1 : last] not in QUOTE_CLOSE
        and (last < 1 or text[last - 1] != '"')
    )


def _kind(content: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> ClaimKind:
    inside = [any(q[0] <= s and e <= q[1] for q in quotes) for s, e in content]
    if all(inside):
        return "direct"
    if any(q[0] < e and s < q[1] for s, e in content for q in quotes):
        return "mixed"
    return "indirect"


def _to_claims(
    article: Article, found: list[Found], quotes: list[tuple[int, int]], lexicon: Lexicon
) -> list[Claim]:
    text = article.text
    claims: list[Claim] = []
    speakers: list[tuple[int, str, str]] = []  # (offset, label, name) of named sources
    for item in found:
        content = sorted(item.content)
        start = min([item.cue[0], content[0][0], *([item.source[0]] if item.source else [])])
        end = max([item.cue[1], content[-1][1], *([item.source[1]] if item.source else [])])
        source = Span(*item.source) if item.source else None
        actor = source_actor(article, item.source, item.source_token, speakers)
        claims.append(
            Claim(
                start=start,
                end=end,
                text=text[start:end],
                kind=_kind(content, quotes),
                source=source,
                source_text=source.of(text) if source else None,
                source_actor=actor,
                cue=Span(*item.cue),
                content=[Span(s, e) for s, e in content],
                hedge=_hedge(text, item, content, lexicon),
                anonymous=_anonymous(article, item, actor, lexicon),
                quantities=[q for s, e in content for q in find_quantities(article, s, e)],
            )
        )
    return claims


def _hedge(text: str, item: Found, content: list[tuple[int, int]], lexicon: Lexicon) -> str | None:
    """A doubtful cue ("claimed") or a hedging phrase in or just before the content."""
    if item.lemma in lexicon.hedge_cues:
        return text[item.cue[0] : item.cue[1]]
    window = " ".join(text[max(0, min(item.cue[0], s)) : e] for s, e in content).lower()
    for phrase in lexicon.hedge_phrases:
        if re.search(rf"\b{re.escape(phrase)}\b", window):
            return phrase
    return None


def _anonymous(article: Article, item: Found, actor: str | None, lexicon: Lexicon) -> bool:
    """Whether the source is unnamed and the text says it spoke anonymously, or is a bare
    "official" / "source"."""
    if item.source is None or any(
        m.label == "PERSON" and item.source[0] <= m.start < item.source[1] for m in article.mentions
    ):
        return False
    text = article.text
    paragraph_end = text.find("\n\n", item.cue[1])
    following = text[item.source[0] : paragraph_end if paragraph_end >= 0 else len(text)]
    if any(p in following.lower() for p in lexicon.anonymity):
        return True
    head = item.source_token
    return head is not None and head.lower_ in lexicon.anonymous_heads
