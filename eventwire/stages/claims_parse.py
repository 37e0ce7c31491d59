"""The claims stage's reading of the parse: its word lists, quotations, and the claim
around one cue (a lexicon verb, a token the cue model chose, or "according to"), each
as a `Found` -- token-level evidence before the stage fixes spans and sources."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.stages.claims_model import CueModel, span_features
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
    raising: frozenset[str] = frozenset()
    """Inflected forms of verbs of seeming, whose subject is content, not a source."""


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
        raising=frozenset(
            form for verb in data["raising_cues"] for form in inflect(verb, irregular.get(verb, []))
        ),
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
    """How the content was found: clause, aside, adverb, infinitive, object, according,
    quote, passive, colon (a transcript turn), after colon."""
    score: float | None = None
    """The cue model's score of the anchor, where the model proposed it."""


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


def _source_span(doc: Any, subject: Any, lexicon: Lexicon | None = None) -> tuple[int, int] | None:
    """The speaker's phrase, ending before the first clause that says more than who
    they are: a relative clause reporting what they said or did as a speaker ("Ana Ruiz,
    who said ...", "a poll that shows ..."), a participle set off by a comma ("Ruiz,
    writing in the Times, ...") or a clause on their anonymity. In PolNeAR train such
    clauses lie outside the source three times in four; other relative clauses are
    kept as often as not, so they stay."""
    lexicon = lexicon or load_lexicon()
    for child in subject.rights:
        if child.dep_ not in ("relcl", "acl"):
            continue
        set_off = doc[child.left_edge.i - 1].text == ","
        words = doc[child.left_edge.i : child.right_edge.i + 1].text.lower()
        if (
            (child.dep_ == "acl" and set_off)
            or (child.dep_ == "relcl" and _reports(child, lexicon))
            or any(phrase in words for phrase in lexicon.anonymity)
        ):
            return _trim(doc, subject.left_edge.i, child.left_edge.i)
    return _subtree_span(doc, subject)


def _reports(verb: Any, lexicon: Lexicon) -> bool:
    """Whether a clause's verb (or one it coordinates) is a cue of the lexicon."""
    verbs = [verb] + [c for c in verb.children if c.dep_ in ("conj", "xcomp")]
    return any(v.lower_ in lexicon.clause for v in verbs)


def _closing_gloss(doc: Any, head: Any) -> list[Any]:
    """A participle clause set off by a comma at the very end of a clause (", prompting
    ...", ", suggesting ..."): the writer's gloss on what was said, not part of it.
    Found along the clause's right edge. (A relative clause there is part of it as often
    as not in PolNeAR train: left in.)"""
    node = head
    for _ in range(8):
        rights = [c for c in node.rights if not c.is_punct]
        if not rights:
            return []
        last = rights[-1]
        start = last.left_edge.i
        if (
            last.dep_ == "advcl"
            and last.lower_.endswith("ing")
            and start > 0
            and doc[start - 1].text == ","
        ):
            return [last]
        node = last
    return []


def _subject(verb: Any) -> Any:
    """The verb's subject, or that of the verb it hangs from ("..., adding that")."""
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                return child
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.i != verb.i:
            verb, seen = verb.head.head, seen + 1  # "began by saying", "before asking"
            continue
        if verb.dep_ not in INHERIT_SUBJECT or verb.head.i == verb.i:
            return None
        verb, seen = verb.head, seen + 1
    return None


def _asked(verb: Any, subject: Any) -> bool:
    """A participle clause of passive form that borrows its subject from the clause it
    hangs on ("Asked whether ...", "When questioned about ..."): that subject is the
    one addressed, not the speaker."""
    return (
        verb.dep_ == "advcl"
        and subject.head.i != verb.i
        and verb.lower_.endswith("ed")
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
    )


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


def verb_claim(
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
    source = _source_span(doc, subject, lexicon)
    if source is None or (source[0] < content[1] and content[0] < source[1]):
        return None  # the subject lies inside the content: a parse we cannot trust
    cue = _cue_span(verb, particle if key in lexicon.particles else None)
    if preposition is not None:
        cue = (min(cue[0], preposition.idx), max(cue[1], preposition.idx + len(preposition)))
    return Found(cue, key, [content], source, subject, via)


def anchor_claim(
    doc: Any, anchor: Any, model: CueModel, quotes: list[tuple[int, int]], lexicon: Lexicon
) -> Found | None:
    """A claim around a token the cue model chose: content and source from the parse."""
    subject = _subject(anchor)
    if subject is not None and _asked(anchor, subject):
        subject = None  # "Asked about the plan, the mayor said": she was asked
    content: tuple[int, int] | None = None
    via = "clause"
    kids = list(anchor.children)
    clauses = [c for c in kids if c.dep_ == "ccomp"]
    if clauses:
        clause = clauses[-1] if clauses[-1].i > anchor.i else clauses[0]
        content = _subtree_span(doc, clause, _closing_gloss(doc, clause))
    elif anchor.dep_ in ("parataxis", "ccomp") and anchor.i > anchor.head.i:
        content, via = _subtree_span(doc, anchor.head, [anchor]), "aside"
    elif anchor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids):
        content, via = _subtree_span(doc, anchor.head, [anchor]), "aside"  # "As X said, ..."
    elif anchor.dep_ == "advmod" and anchor.head.i != anchor.i:  # "is reportedly planning"
        content, via = _subtree_span(doc, anchor.head), "adverb"
    elif anchor.dep_ == "parataxis" and subject is not None:  # "The museum, he said, is"
        halves = _around_aside(doc, anchor)
        if halves is not None:
            source = _subtree_span(doc, subject)
            cue = (anchor.idx, anchor.idx + len(anchor.text))
            lemma = lexicon.clause.get(anchor.lower_, anchor.lower_)
            return Found(cue, lemma, halves, source, subject, "aside")
    if content is None:
        content, via = _after_colon(doc, anchor), "after colon"
    if content is None:
        for dep in ("dobj", "dative", "xcomp", "prep", "acl", "relcl", "advcl", "attr", "acomp"):
            target = next((c for c in kids if c.dep_ == dep and c.i > anchor.i), None)
            if target is None:
                continue
            if dep == "xcomp":  # "called on both sides to talk": the addressee first
                target = next(
                    (c for c in kids if c.dep_ == "prep" and anchor.i < c.i < target.i), target
                )
                dep = target.dep_
            if dep == "prep":
                obj = next((c for c in target.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is None:
                    continue
                target = obj
            content, via = _object_content(doc, anchor, target, subject, quotes), dep
            break
    if content is None:
        content, via = _adjacent_quote(doc, anchor, subject, quotes), "quote"
    agent = next((c for c in kids if c.dep_ == "agent"), None)
    if subject is None and agent is not None and via == "aside":  # "as reported by X, ..."
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if content is None and agent is not None and subject is not None:
        content, via = _subtree_span(doc, subject), "passive"  # "X was criticized by Y"
    if content is None:
        return None
    source = None
    if subject is not None and subject.dep_ == "nsubjpass":  # the speaker is the agent
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    contents = [content]
    if subject is not None and anchor.lower_ in lexicon.raising and subject.i < anchor.i:
        said = _subtree_span(doc, subject)  # "the email appears to show": no one speaks
        if said is not None and said[1] <= content[0]:
            contents = [said, content]
        subject = None
    if subject is not None:
        source = _source_span(doc, subject, lexicon)
        if subject.i < anchor.i <= subject.right_edge.i:  # a speaker's phrase ends at the cue
            source = _trim(doc, subject.left_edge.i, anchor.i)
        if source is not None and source[0] < content[1] and content[0] < source[1]:
            gap = (min(source[0], anchor.idx), max(source[1], anchor.idx + len(anchor.text)))
            contents = _outside(doc, content, gap)  # '"A," Ana said, "B"' parsed as one clause
            if not contents:
                contents, source, subject = [content], None, None
    chosen = [anchor]
    for child in kids:
        if child.dep_ in ("nsubj", "nsubjpass", "punct", "ccomp") or (
            model.span_score(span_features(anchor, child)) <= model.span_threshold
        ):
            continue
        chosen.append(child)
    lo = min(t.idx for t in chosen)
    hi = max(t.idx + len(t.text) for t in chosen)
    if any(lo < e and s < hi for s, e in contents):  # the cue ran into its content
        lo, hi = anchor.idx, anchor.idx + len(anchor.text)
    lemma = lexicon.clause.get(anchor.lower_, anchor.lower_)
    return Found((lo, hi), lemma, contents, source, subject, via)


def _after_colon(doc: Any, anchor: Any) -> tuple[int, int] | None:
    """'X wrote on Facebook: ...' with what follows the colon left unparsed as its
    object: the rest of the paragraph, or the next paragraph where the colon ends one."""
    rights = [c for c in anchor.rights if not c.is_space]
    if not rights or rights[-1].text != ":":
        return None  # not the verb phrase's last word
    colon = rights[-1]
    text = doc_text(doc)
    start = colon.idx + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if not text[start:end].strip():  # the colon ends its paragraph: the next one
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
    first = doc.char_span(start, end, alignment_mode="contract")
    if first is None or not len(first):
        return None
    return _trim(doc, first.start, first.end)


def _outside(doc: Any, span: tuple[int, int], gap: tuple[int, int]) -> list[tuple[int, int]]:
    """The parts of `span` before and after `gap` (the source and cue inside a content
    the parse made one clause), each trimmed; empty parts left out."""
    parts = []
    for lo, hi in ((span[0], gap[0]), (gap[1], span[1])):
        inside = doc.char_span(lo, hi, alignment_mode="contract") if lo < hi else None
        if inside is not None and len(inside):
            trimmed = _trim(doc, inside.start, inside.end)
            if trimmed is not None and trimmed[0] < trimmed[1]:
                parts.append(trimmed)
    return parts


def _around_aside(doc: Any, anchor: Any) -> list[tuple[int, int]] | None:
    """The statement an aside interrupts ("The museum, Mr. Bush said, celebrated his
    heroes"), as the spans before and after it; None unless the aside sits between
    commas inside it."""
    head = anchor.head
    lo, hi = anchor.left_edge.i, anchor.right_edge.i + 1
    left, right = head.left_edge.i, head.right_edge.i + 1
    if not (left < lo and hi < right) or doc[lo].text != "," or doc[hi - 1].text != ",":
        return None
    before = _trim(doc, left, lo)
    after = _subtree_span(doc, head, [anchor])
    if before is None or after is None:
        return None
    after_start = next((t.idx for t in doc[hi:right] if not t.is_punct), None)
    if after_start is None:
        return None
    return [before, (after_start, after[1])]


COMPLEMENTS = frozenset({"xcomp", "oprd", "ccomp", "acomp"})
SETTING_PREPS = frozenset({"in", "on", "at", "during"})
"""Prepositions that say where or when something was said rather than finish what was
said ("described him as", "barred them from", "compared X to Y" do finish it)."""
ADDRESSEES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _object_content(
    doc: Any, anchor: Any, target: Any, subject: Any, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """An object as content, with the complements that finish it ("urged voters to
    leave", "described him as a visionary"); a bare addressee ("told reporters") gives
    way to the quotation next to the cue."""
    span = _subtree_span(doc, target)
    if span is None or target.dep_ not in ("dobj", "dative", "pobj"):
        return span
    extra = [
        c
        for c in anchor.children
        if c.i > target.i
        and (
            c.dep_ in COMPLEMENTS
            or (c.dep_ == "prep" and target.dep_ != "pobj" and c.lower_ not in SETTING_PREPS)
            or (c.dep_ == "advcl" and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.lefts))
        )
    ]
    if extra:  # also "called on both sides to talk"
        end = _subtree_span(doc, extra[-1])
        return (span[0], end[1]) if end is not None else span
    if target.dep_ == "pobj":
        return span
    if target.ent_type_ in ADDRESSEES or target.lower_ in ("him", "her", "them", "us", "me"):
        return _adjacent_quote(doc, anchor, subject, quotes) or span
    return span


def according_claim(doc: Any, token: Any) -> Found | None:
    """ "according to X, ..." : X is the source, the rest of the clause the content."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = token.head  # the clause it qualifies, not a noun it happens to follow
    while head.dep_ not in CLAUSES and head.head.i != head.i:
        head = head.head
    left, right = head.left_edge.i, head.right_edge.i + 1
    while left < right and (doc[left].dep_ == "cc" or doc[left].is_punct):
        left += 1  # "But according to ...": the conjunction joins, it is not said
    lo, hi = token.left_edge.i, token.right_edge.i + 1
    pieces = [(left, lo), (hi, right)] if left < lo and hi < right else []
    if not pieces:
        pieces = [(hi, right)] if lo <= left else [(left, lo)]
    content = [span for a, b in pieces if (span := _trim(doc, a, b)) is not None]
    source = _source_span(doc, pobj)
    if not content:
        return None
    cue = (token.idx, to.idx + len(to.text))
    return Found(cue, "according to", content, source, pobj, "according")
