"""Who a claim's source is: the name behind it (pronouns resolved to the last compatible
speaker) and the role and affiliation an appositive gives. Used by the claims stage."""

from __future__ import annotations

from typing import Any

from eventwire.model import Article, Claim
from eventwire.stages.nlp import doc_text

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PRONOUNS = frozenset(
    {"he", "she", "him", "her", "it", "they", "we", "who", "which", "that", "i", "you"}
)
THING_PRONOUNS = frozenset({"it", "they", "we", "who", "which", "that"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def source_actor(
    article: Article,
    source: tuple[int, int] | None,
    head: Any,
    speakers: list[tuple[int, str, str]],
) -> str | None:
    """The name behind the source: the named entity at its head ("Rami Abdurrahman, head
    of ..." -> Rami Abdurrahman; "A U.S. official" -> none, a description), or for a
    pronoun the last compatible named source before it (a person for he/she, anything
    else for it/they)."""
    if source is None:
        return None
    start, end = source
    head_at = head.idx if head is not None else start
    named = next(
        (m for m in article.mentions if m.start <= head_at < m.end and start <= m.start < end),
        None,
    )
    if named is not None:
        name = named.text
        if article.text[start : named.start].rstrip().endswith(("'s", "\u2019s")):
            name = article.text[start : named.end]  # "Turkey's foreign ministry"
        speakers.append((start, named.label, name))
        return name
    if head is not None and head.text[:1].isupper() and head.lower_ not in PRONOUNS:
        name = _leading_name(head, start)
        speakers.append((start, "NAME", name))
        return name
    word = article.text[start:end].lower()
    if word in RELATIVE_PRONOUNS and head is not None and head.head.dep_ == "relcl":
        return _antecedent(article, head.head.head)  # "Shafak, a group that supported"
    if word in PERSON_PRONOUNS:
        wanted: tuple[str, ...] = ("PERSON",)
    elif word in THING_PRONOUNS:
        wanted = ("ORG", "GPE", "NORP", "NAME")
    else:
        return None
    recent = speakers[-2:] if wanted != ("PERSON",) else []
    for _, label, name in reversed(recent):  # "it said": an organisation just quoted,
        if label in wanted:  # else the last speaker (the recogniser often calls an
            return name  # organisation's unfamiliar name a person)
    if recent:
        return recent[-1][2]
    for _, label, name in reversed(speakers):
        if label in wanted:
            return name
    before = [m for m in article.mentions if m.end <= start and m.label in wanted]
    return before[-1].text if before else None


def _antecedent(article: Article, noun: Any) -> str | None:
    """The name a relative clause's noun stands for: its own, or that of the name it
    is in apposition to ("Shafak, a relief group that ..." -> Shafak); None for a
    description."""
    if noun.dep_ == "appos":
        noun = noun.head
    named = next((m for m in article.mentions if m.start <= noun.idx < m.end), None)
    if named is not None:
        return named.text
    if noun.text[:1].isupper() and noun.lower_ not in PRONOUNS:
        return _leading_name(noun, noun.left_edge.idx)
    return None


def _leading_name(head: Any, start: int) -> str:
    """An unrecognised name: the source's words up to its first comma or clause
    ("Medics Without Borders, a charity ..." -> "Medics Without Borders")."""
    doc = head.doc
    words = []
    for token in doc[head.left_edge.i : head.right_edge.i + 1]:
        if token.idx < start:
            continue
        if token.is_punct or token.dep_ in ("appos", "relcl", "acl", "cc"):
            break
        words.append(token)
    if not words or head not in words:
        return str(head.text)
    return str(doc_text(doc)[words[0].idx : words[-1].idx + len(words[-1].text)])


def describe_source(doc: Any, article: Article, claim: Claim) -> tuple[str | None, str | None]:
    """The source's role and affiliation where the text gives them in an appositive:
    "Osama Abo Zayd, a legal adviser to the Free Syrian Army" -> ("a legal adviser to the
    Free Syrian Army", "Free Syrian Army")."""
    if doc is None or claim.source is None:
        return None, None
    span = doc.char_span(claim.source.start, claim.source.end, alignment_mode="expand")
    if span is None:
        return None, None
    appositive = next((t for t in span if t.dep_ == "appos" and t.head.i < t.i), None)
    if appositive is None:
        return None, None
    lo, hi = appositive.left_edge.idx, appositive.right_edge.idx + len(appositive.right_edge)
    role = article.text[lo:hi]
    affiliation = next(
        (m.text for m in article.mentions if lo <= m.start and m.end <= hi and m.label == "ORG"),
        None,
    )
    return role, affiliation
