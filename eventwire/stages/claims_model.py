"""The learned part of the claims stage: which words are attribution cues.

A cue is more than a verb list can say: PolNeAR counts "said" and "told", but also
"according to", "called for", "criticized", "seemed", "a statement" -- a long tail of
words that are cues in one sentence and not in the next. A logistic regression over the
parse (the word, its dependency label, its head, its children's labels and words, the
subject's entity type, whether it stands inside a quotation) scores every token as the
anchor of a cue; a second one decides which of the anchor's children belong to the cue
span ("has not said", "called for", "according to").

A third one, the claim filter, looks at what the parse made of an anchor -- how the
content was found, what kind of source it has, how long and whether quoted the content
is -- and drops the claims that look like no attribution. With it, anchors are proposed
at a lower score than the anchor classifier alone would accept: "insisted" with a clause
and a named speaker is kept on a weak score, "took" with only an object is dropped on a
fair one.

The weights are data (resources/claims/model.json), learned from PolNeAR train by
scripts/train_claims_model.py; features are built here so that training and the stage
read the same ones.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.stages.nlp import doc_text
from eventwire.stages.token_table import TokenTable, token_table

MODEL_PATH = Path(__file__).resolve().parent.parent / "resources" / "claims" / "model.json.gz"
QUOTE_CHARS = frozenset('“”"«»\u201f\u2033')
PRONOUNS = frozenset({"he", "she", "it", "they", "i", "we", "you", "who", "that", "which"})
SUBJECT_LIKE = frozenset({"nsubj", "nsubjpass", "agent", "poss", "csubj"})
FUNCTION_CHILDREN = frozenset({"prep", "prt", "aux", "neg", "mark", "auxpass", "advmod"})
SKIP_DEPS = frozenset(
    {
        "det", "punct", "cc", "space", "aux", "auxpass", "neg", "poss", "mark", "nummod",
        "prt", "quantmod", "expl", "predet", "preconj", "nmod", "agent", "compound",
    }
)  # fmt: skip
"""Dependencies under which a token (almost) never anchors a cue in PolNeAR train (under
0.1 % of them, 0.3 % of all cues): scoring them would only cost time."""


WORD_SCORE_CACHE = 200_000
"""(word, label) pairs whose fixed score is kept; the cache starts afresh past this."""

DENSE_GROUPS = ("ROOT", "advcl", "conj", "relcl", "ccomp", "parataxis", "acl", "pcomp", "xcomp")
"""The word's vector gets its own weights under each of these dependencies (and one set
for all others): "lambasted" as a clause's head is a cue because it means what
"criticized" means, though train never met it."""


HOPELESS = -4.0
"""A token whose word-and-label score is this low is not scored further: its context
would have to add more than any did for a cue in PolNeAR train (the lowest word score of
an anchor there was -3.1; a quarter of all tokens score below -4). Also below the claim
filter's lower proposal threshold: of the anchors it proposed in 140 PolNeAR train
articles, none scoring this low on its word survived the filter."""


def dense_group(dep: str) -> int:
    return DENSE_GROUPS.index(dep) if dep in DENSE_GROUPS else len(DENSE_GROUPS)


@dataclass(frozen=True, slots=True)
class CueModel:
    """Feature weights of the anchor and cue-span classifiers, and their thresholds."""

    anchor: dict[str, float]
    span: dict[str, float]
    anchor_threshold: float
    span_threshold: float
    dense: Any = None
    """Word-vector weights per dependency group (numpy, groups x vector width), or None."""
    claim: dict[str, float] = field(default_factory=dict)
    """Weights of the claim filter; empty: every claim of an anchor is kept."""
    claim_threshold: float = 0.0
    candidate_threshold: float | None = None
    """With the filter: the anchor score above which a token is proposed."""
    word_scores: dict[tuple[str, str], float] = field(default_factory=dict, compare=False)
    """The score of `word_features` per (word, label), filled as they come."""

    @property
    def proposal_threshold(self) -> float:
        """The anchor score above which tokens are proposed (lower with the filter)."""
        if self.claim and self.candidate_threshold is not None:
            return self.candidate_threshold
        return self.anchor_threshold

    def anchors(
        self, doc: Any, context: DocContext, threshold: float | None = None
    ) -> dict[int, float]:
        """The tokens proposed as the anchor of a cue (index -> score), in text order:
        those scored above `threshold` (by default the model's own)."""
        deps, words = context.deps, context.words
        candidates = [i for i, dep in enumerate(deps) if candidate_label(dep, words[i])]
        if not candidates:
            return {}
        cache = self.word_scores
        if len(cache) > WORD_SCORE_CACHE:
            cache.clear()
        threshold = self.proposal_threshold if threshold is None else threshold
        scored, scores = [], []
        for i in candidates:
            key = (words[i], deps[i])
            fixed = cache.get(key)
            if fixed is None:
                fixed = cache[key] = self.anchor_score(word_features(*key))
            if fixed <= HOPELESS and self.dense is None:
                continue  # no context lifts it over the threshold
            scored.append(i)
            scores.append(fixed + self.anchor_score(context_features(i, context)))
        if self.dense is not None and scored:
            vectors = np.stack([doc[i].vector for i in scored])
            groups = np.array([dense_group(deps[i]) for i in scored])
            if vectors.shape[1] == self.dense.shape[1]:
                extra = np.einsum("ij,ij->i", vectors, self.dense[groups])
                scores = [a + float(b) for a, b in zip(scores, extra, strict=True)]
        return {i: s for i, s in zip(scored, scores, strict=True) if s > threshold}

    def keeps(self, features: Sequence[str]) -> bool:
        """Whether the claim filter keeps a claim with these `claim_features`."""
        if not self.claim:
            return True
        return sum(map(self.claim.get, features, repeat(0.0))) > self.claim_threshold

    def anchor_score(self, features: Sequence[str]) -> float:
        return sum(map(self.anchor.get, features, repeat(0.0)))

    def span_score(self, features: Sequence[str]) -> float:
        return sum(map(self.span.get, features, repeat(0.0)))


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> CueModel | None:
    """The trained weights, or None where the file is absent (the lexicon rules alone)."""
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        data: dict[str, Any] = json.load(stream)
    claim = data.get("claim") or {}
    return CueModel(
        anchor=data["anchor"]["weights"],
        span=data["span"]["weights"],
        anchor_threshold=float(data["anchor"]["threshold"]),
        span_threshold=float(data["span"]["threshold"]),
        dense=np.array(data["anchor"]["dense"], dtype=np.float32)
        if data["anchor"].get("dense")
        else None,
        claim=claim.get("weights", {}),
        claim_threshold=float(claim.get("threshold", 0.0)),
        candidate_threshold=float(claim["candidate"]) if "candidate" in claim else None,
    )


@dataclass(frozen=True, slots=True)
class DocContext:
    """What the features read of one document: its token table and quotations."""

    doc: Any
    table: TokenTable
    quoted: list[bool]
    """Inside a quotation (marks excluded)."""
    near_quote: list[bool]
    """A quote mark within three tokens."""

    @property
    def words(self) -> list[str]:
        return self.table.words

    @property
    def deps(self) -> list[str]:
        return self.table.deps


def doc_context(doc: Any, quotes: Sequence[tuple[int, int]]) -> DocContext:
    """The context of one parsed document and the quotations in its text."""
    table = token_table(doc)
    n = len(table.words)
    near = [False] * n
    for i, word in enumerate(table.words):
        if word in QUOTE_CHARS:
            near[max(0, i - 3) : i + 4] = [True] * (min(n, i + 4) - max(0, i - 3))
    return DocContext(doc, table, _quote_flags(table.starts, quotes), near)


def quote_flags(doc: Any, quotes: Sequence[tuple[int, int]]) -> list[bool]:
    """For each token, whether it lies inside a quotation (marks excluded)."""
    return _quote_flags([t.idx for t in doc], quotes)


def _quote_flags(starts: list[int], quotes: Sequence[tuple[int, int]]) -> list[bool]:
    flags = [False] * len(starts)
    ordered = sorted(quotes)
    k = 0
    for i, idx in enumerate(starts):
        while k < len(ordered) and ordered[k][1] - 1 <= idx:
            k += 1
        if k < len(ordered) and ordered[k][0] < idx < ordered[k][1] - 1:
            flags[i] = True
    return flags


def is_candidate(token: Any) -> bool:
    """Whether a token may anchor a cue at all (cheap filter before scoring)."""
    return candidate_label(token.dep_, token.text)


def candidate_label(dep: str, word: str) -> bool:
    return dep not in SKIP_DEPS or word == ":"


def anchor_features(token: Any, context: DocContext) -> list[str]:
    """What the anchor classifier sees of one token."""
    i = token.i
    return word_features(context.words[i], context.deps[i]) + context_features(i, context)


def word_features(word: str, dep: str) -> list[str]:
    """The features that depend on the word and its label alone (scored once per pair)."""
    stem = _stem(word)
    return [
        "b",
        "w=" + word,
        "d=" + dep,
        "wd=" + word + "|" + dep,
        "s3=" + word[-3:],
        "s3d=" + word[-3:] + "|" + dep,
        "st=" + stem,
        "std=" + stem + "|" + dep,
    ]


def context_features(i: int, context: DocContext) -> list[str]:
    """The features that depend on token i's neighbours, head, children and quotes."""
    table = context.table
    words, deps, entities = table.words, table.deps, table.entities
    word, dep, head = words[i], deps[i], table.heads[i]
    after = words[i + 1] if i + 1 < len(words) else "<e>"
    before = words[i - 1] if i > 0 else "<s>"
    q = "q" if context.quoted[i] else "-"
    stem = _stem(word)
    features = [
        "hw=" + words[head],
        "hd=" + dep + "|" + deps[head],
        "q=" + q,
        "wq=" + word + "|" + q,
        "sh=" + table.shapes[i],
        "n=" + after,
        "wn=" + word + "|" + after,
        "p=" + before,
        "pw=" + before + "|" + word,
        "whw=" + stem + "|" + words[head],
    ]
    if context.near_quote[i]:
        features.append("nq")
        features.append("nqs=" + stem)
    if entities[i]:
        features.append("e=" + entities[i])
    signature = []
    for c in table.children[i]:
        cdep, cword = deps[c], words[c]
        signature.append(cdep)
        features.append("c=" + cdep)
        features.append("wc=" + word + "|" + cdep)
        features.append("stc=" + stem + "|" + cdep)
        if cdep in SUBJECT_LIKE:
            kind = cword if cword in PRONOUNS else entities[c] or "x"
            features.append("se=" + cdep + "|" + kind)
            features.append("sw=" + cword)
        elif cdep in ("ccomp", "xcomp"):
            first = context.doc[c].left_edge.i
            features.append("cf=" + cdep + "|" + (words[first] if first > i else "<"))
        elif cdep in FUNCTION_CHILDREN:
            features.append("cw=" + cdep + "|" + cword)
            features.append("wcw=" + word + "|" + cdep + "|" + cword)
        if cword in QUOTE_CHARS or (cdep in ("ccomp", "parataxis") and _quote_edged(c, context)):
            features.append("cq")
    features.append("sig=" + stem + "|" + ",".join(sorted(set(signature) & CORE_DEPS)))
    return features


def _quote_edged(i: int, context: DocContext) -> bool:
    """Whether token i's subtree opens or closes with a quote mark."""
    token = context.doc[i]
    words = context.table.words
    return words[token.left_edge.i] in QUOTE_CHARS or words[token.right_edge.i] in QUOTE_CHARS


CORE_DEPS = frozenset({"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent", "advcl"})


def _stem(word: str) -> str:
    """A crude stem, so that rare forms of one verb share weights ("criticizing")."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def span_features(anchor: Any, child: Any) -> list[str]:
    """What the cue-span classifier sees of one child of an anchor."""
    word, cdep, cword = anchor.lower_, child.dep_, child.lower_
    side = "L" if child.i < anchor.i else "R"
    adjacent = "a" if abs(child.i - anchor.i) == 1 else "-"
    objects = ",".join(sorted(g.dep_ for g in child.children))
    return [
        "b",
        "d=" + cdep + side,
        "dw=" + cdep + side + "|" + cword,
        "wd=" + word + "|" + cdep + side,
        "wdw=" + word + "|" + cdep + "|" + cword,
        "ad=" + cdep + side + adjacent,
        "o=" + cdep + "|" + objects,
        "ad2=" + anchor.dep_ + "|" + cdep + side,
    ]


def claim_features(
    doc: Any,
    anchor: int,
    score: float,
    via: str,
    source: Any,
    content: Sequence[tuple[int, int]],
) -> list[str]:
    """What the claim filter sees of a claim built around an anchor: how its content was
    found, its source's kind (none, a pronoun, an entity type, another noun), its
    content's length and quotation marks, the anchor word and a band of its score."""
    word = doc[anchor].lower_
    if source is None:
        kind = "none"
    elif source.lower_ in PRONOUNS:
        kind = "pron"
    else:
        kind = source.ent_type_ or "noun"
    text = doc_text(doc)
    length = sum(len(text[start:end].split()) for start, end in content)
    size = next((f"c{n}" for n in (1, 3, 8, 20) if length <= n), "cL")
    quoted = str(any(text[start:end].lstrip()[:1] in QUOTE_CHARS for start, end in content))
    band = "s" + str(max(-4.0, min(4.0, math.floor(score * 2) / 2)))
    return [
        "b",
        "v=" + via,
        "st=" + kind,
        "cb=" + size,
        band,
        "vs=" + via + "|" + kind,
        "q=" + quoted,
        "vq=" + via + "|" + quoted,
        "w=" + word,
        "d=" + doc[anchor].dep_,
        "vcb=" + via + "|" + size,
        "sbv=" + band + "|" + via,
        "sbs=" + band + "|" + kind,
        "wv=" + word + "|" + via,
    ]


def sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
