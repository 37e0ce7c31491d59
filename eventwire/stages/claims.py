"""The `claims` stage: who says what — source, cue and content of every attribution.

Found from the dependency parse, not from quote marks alone, so reported speech counts
as much as direct quotes:

* a *cue* is a token the cue model (claims_model.py, weights in
  resources/claims/model.json.gz learned from PolNeAR train by
  scripts/train_claims_model.py) scores as one -- "said", "told", "called for",
  "criticized", "a statement" -- with content: a clause ("X said (that) ..."), a
  quotation, a to-clause ("wants to ..."), an object with its complements ("urged voters
  to leave"), a preposition's object ("talking about X"); or "according to X". Without the
  model file, verbs of the lexicon (resources/claims/lexicon.json, cues_derived.json)
  are the cues;
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

import re
from collections.abc import Sequence
from functools import lru_cache

from eventwire.ingest.dates import find_dateline
from eventwire.model import Article, Claim, ClaimKind, Mention, Span
from eventwire.stages.base import Stage, register
from eventwire.stages.claims_model import claim_features, doc_context, load_model
from eventwire.stages.claims_parse import (
    DERIVED_PATH,
    LEXICON_PATH,
    QUOTE_CLOSE,
    Found,
    Lexicon,
    according_claim,
    anchor_claim,
    inflect,
    load_lexicon,
    quote_segments,
    verb_claim,
)
from eventwire.stages.claims_quantities import find_quantities
from eventwire.stages.claims_sources import describe_source, source_actor

__all__ = [
    "DERIVED_PATH",
    "LEXICON_PATH",
    "ClaimsStage",
    "Lexicon",
    "find_claims",
    "inflect",
    "load_lexicon",
    "quote_segments",
]

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
    model = load_model()
    context = doc_context(doc, quotes) if model is not None else None
    anchors = model.anchors(doc, context) if model and context else {}
    if context is not None:  # the anchors and "according" are all the loop below reads
        tokens = [doc[i] for i, w in enumerate(context.words) if i in anchors or w == "according"]
    else:
        tokens = list(doc)
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(doc):
            claim = according_claim(doc, token)
        elif model is not None:
            if token.i not in anchors:
                continue
            claim = anchor_claim(doc, token, model, quotes, lexicon)
            if claim is not None:
                claim.score = score = anchors[token.i]
                features = claim_features(
                    doc, token.i, score, claim.via, claim.source_token, claim.content
                )
                claim = claim if model.keeps(features) else None
        elif token.lower_ in lexicon.clause:
            claim = verb_claim(doc, token, lexicon, quotes)
        else:
            continue
        if claim is not None:
            found.append(claim)
    found += _colon_claims(article)
    found += _dash_claims(article, quotes, found)
    found = _nested_out(found, quotes)
    _attach_quotes(found, quotes, text)
    found.sort(key=lambda f: f.cue[0])
    return _to_claims(article, found, quotes, lexicon)


_COLON_LEAD = re.compile(r"(?m)^([^\n:]{2,40}?):[ \t]+(\S[^\n]*)$")
_TRANSCRIPT_SPEAKER = re.compile(r"(?:[A-Z][A-Z.'\u2019-]+ ?){1,3}")
"""A transcript's speaker label: one to three words in capitals ("SEN. KAINE")."""


def _colon_claims(article: Article) -> list[Found]:
    """The headline form "Name: what they said" -- a paragraph opening with a named
    source (a few words, starting with a named entity) and a colon -- and the transcript
    form, a speaker's name in capitals and a colon ("MORALES: We will not sign."),
    opening with a quote mark or not."""
    text = article.text
    leads = []
    for match in _COLON_LEAD.finditer(text):
        lead = match.group(1)
        opening = len(lead) - len(lead.lstrip("\"“'\u2018"))
        lead, start = lead[opening:], match.start(1) + opening
        if len(lead.split()) <= 5 and not any(mark in lead for mark in '"“”'):
            leads.append((match, start, _TRANSCRIPT_SPEAKER.fullmatch(lead) is not None))
    turns = sum(speaker for _, _, speaker in leads) >= 2  # one capitals lead is a dateline
    places = {m.start for m in article.mentions if m.label in ("GPE", "LOC")}
    dateline = len(text) - len(text.lstrip())  # capitals opening the report: a dateline
    found = []
    for match, start, speaker in leads:
        named = any(
            m.start == start and m.label in ("PERSON", "ORG", "NORP", "GPE")
            for m in article.mentions
        )
        if speaker and start == dateline:
            continue
        if not (named or (speaker and turns and start not in places)):
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


_SIGNERS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_DASH_AFTER = re.compile(r"[ \t\u00a0]*([\u2015\u2014\u2013]|--)[ \t\u00a0]*")
_NAME_RUN = re.compile(
    r"[A-Z][\w.'\u2019-]*(?:[ \t\u00a0]+[A-Z][\w.'\u2019-]*){0,3}"
    r"(?=[ \t\u00a0]*(?:[,\n\u0022\u201c]|$))"
)


def _dash_claims(
    article: Article, quotes: list[tuple[int, int]], found: list[Found]
) -> list[Found]:
    """The signed quotation: a quotation followed by a dash and who said it ("..." --
    Ana Ruiz), as letters, comments and epigraphs are quoted. The name is a named
    entity starting there, else a run of up to four capitalised words ending the line
    (or followed by the next quotation)."""
    text = article.text
    signers: dict[int, Mention] = {}
    for m in article.mentions:
        if m.label in _SIGNERS:
            signers.setdefault(m.start, m)
    out = []
    for quote in quotes:
        dash = _DASH_AFTER.match(text, quote[1])
        if dash is None or any(
            s < quote[1] and quote[0] < e
            for item in found
            if not quote[0] <= item.cue[0] < quote[1]  # the quotation's own "they said"
            for s, e in item.content
        ):
            continue
        start = dash.end()
        mention = signers.get(start)
        run = _NAME_RUN.match(text, start)
        if mention is not None:
            source = (mention.start, mention.end)
        elif run is not None:
            source = (start, run.end())
        else:
            continue
        cue = (dash.start(1), dash.end(1))
        out.append(Found(cue, text[cue[0] : cue[1]], [quote], source, None, "quote"))
    return out


def _nested_out(found: list[Found], quotes: list[tuple[int, int]]) -> list[Found]:
    """Drop a claim whose cue lies inside a quotation (the speaker's own "they say").
    One inside another claim's source stays ("Ana Ruiz, who denied the report, said
    ...": she denied it too)."""
    keep = []
    for claim in found:
        nested = claim.via != "colon"  # a transcript's turn may be quoted whole
        inside = nested and any(q[0] < claim.cue[0] and claim.cue[1] < q[1] for q in quotes)
        if not inside and not any(_swallowed(claim, other) for other in found):
            keep.append(claim)
    return keep


def _swallowed(claim: Found, other: Found) -> bool:
    """Two claims each holding the other's cue in its content ("X said Russia has
    refused ..." parsed both ways): the misreading is the one whose cue the model scored
    lower, or, where it did not score both, the one with less content."""

    def holds(a: Found, b: Found) -> bool:
        return any(s <= b.cue[0] and b.cue[1] <= e for s, e in a.content)

    def size(a: Found) -> int:
        return sum(e - s for s, e in a.content)

    if other is claim or not (holds(claim, other) and holds(other, claim)):
        return False
    if claim.score is not None and other.score is not None and claim.score != other.score:
        return claim.score < other.score
    return size(claim) < size(other)


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
        between = text[max(last, claim.cue[1]) : after[0][0]] if after else ""
        if (
            after
            and not any(s < after[0][1] and after[0][0] < e for s, e in taken)
            and (
                _only_glue(between, claim, text)
                or _rest_of_cue_sentence(claim, last, after[0], quotes, text)
            )
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
        quoted = any(q[0] <= s and e <= q[1] for s, e in claim.content for q in quotes)
        while quoted:  # the next paragraphs are the same speaker's quotation, uncued
            nxt = next((q for q in quotes if q[0] >= last), None)
            if nxt is None or not _quote_paragraph(text, last, nxt, found, taken):
                break
            claim.content.append(nxt)
            taken.append(nxt)
            last = nxt[1]


def _quote_paragraph(
    text: str, last: int, quote: tuple[int, int], found: list[Found], taken: list[tuple[int, int]]
) -> bool:
    """Whether `quote` opens the paragraph after the one ending the claim at `last`, fills
    it, and no cue lies in it: journalists run a speaker's quote on that way."""
    between = text[last : quote[0]]
    if between.count("\n\n") != 1 or len(between.split("\n\n")[0]) > 80:
        return False
    if between.split("\n\n")[1].strip():
        return False
    end = text.find("\n", quote[1])
    end = len(text) if end < 0 else end
    if len(text[quote[1] : end].strip()) > 2:
        return False
    return not any(quote[0] <= f.cue[0] < end for f in found) and not any(
        s < quote[1] and quote[0] < e for s, e in taken
    )


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


def _rest_of_cue_sentence(
    claim: Found,
    last: int,
    quote: tuple[int, int],
    quotes: list[tuple[int, int]],
    text: str,
) -> bool:
    """'"A," she said in an interview on Monday, referring to X. "B."': a quotation
    before its cue, and only the rest of the cue's sentence (where, when, to whom it
    was said, a participle) before the next quotation, which opens a sentence: the
    speaker goes on (unless another cue claims that quotation)."""
    between = text[claim.cue[1] : quote[0]]
    return (
        last <= claim.cue[0]
        and any(q[0] <= s and e <= q[1] for s, e in claim.content for q in quotes)
        and len(between) < 250
        and "\n" not in between
        and _SENTENCE_END.search(between) is not None
    )


_SENTENCE_END = re.compile(r"[.!?]\s+$")


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
    opening = _dateline_end(article)
    for item in found:
        content = sorted((max(s, opening) if s < item.cue[0] else s, e) for s, e in item.content)
        content = [(s, e) for s, e in content if s < e] or sorted(item.content)
        start = min([item.cue[0], content[0][0], *([item.source[0]] if item.source else [])])
        end = max([item.cue[1], content[-1][1], *([item.source[1]] if item.source else [])])
        if item.source and item.source[0] < opening < item.source[1]:  # "CAIRO - Ana Ruiz"
            item.source = (opening, item.source[1])
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


def _dateline_end(article: Article) -> int:
    """Where the text after the dateline starts ("BEIRUT (AP) — ..."): a claim's content
    that opens the report starts there, not at the dateline. 0 without a dateline."""
    text = article.text
    if article.dateline:
        start = text.find(article.dateline, 0, 200)
        found = find_dateline(text[start:]) if start >= 0 else None
        return start + found.end() if found else 0
    for paragraph in re.finditer(r"(?:^|\n)\s*(?=\S)", text[:DATELINE_WITHIN]):
        found = find_dateline(text[paragraph.end() :])  # text not read by the text stage
        if found:
            return paragraph.end() + found.end()
    return 0


DATELINE_WITHIN = 600
"""A dateline opens one of the paragraphs that start this near the top."""


def _hedge(text: str, item: Found, content: list[tuple[int, int]], lexicon: Lexicon) -> str | None:
    """A doubtful cue ("claimed") or a hedging phrase in or just before the content."""
    if item.lemma in lexicon.hedge_cues:
        return text[item.cue[0] : item.cue[1]]
    window = " ".join(text[max(0, min(item.cue[0], s)) : e] for s, e in content).lower()
    present = set(_hedge_pattern(lexicon.hedge_phrases).findall(window))
    return next((p for p in lexicon.hedge_phrases if p in present), None)


@lru_cache(maxsize=4)
def _hedge_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pass over the window for all hedging phrases, overlapping ones included."""
    return re.compile(r"(?=\b(" + "|".join(re.escape(p) for p in phrases) + r")\b)")


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
