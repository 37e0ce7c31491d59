"""The learned part of the claims stage: which words are attribution cues.

A cue is more than a verb list can say: PolNeAR counts "said" and "told", but also
"according to", "called for", "criticized", "seemed", "a statement" -- a long tail of
words that are cues in one sentence and not in the next. A logistic regression over the
parse (the word, its dependency label, its head, its children's labels and words, the
subject's entity type, whether it stands inside a quotation) scores every token as the
anchor of a cue; a second one decides which of the anchor's children belong to the cue
span ("has not said", "called for", "according to").

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
    word_scores: dict[tuple[str, str], float] = field(default_factory=dict, compare=False)
    """The score of `word_features` per (word, label), filled as they come."""

    def anchors(self, doc: Any, context: DocContext) -> list[Any]:
        """The tokens of a parsed document that anchor a cue, in text order."""
        deps = context.deps
        tokens = [t for t in context.tokens if candidate_label(deps[t.i], context.words[t.i])]
        if not tokens:
            return []
        words, cache = context.words, self.word_scores
        if len(cache) > WORD_SCORE_CACHE:
            cache.clear()
        scores = []
        for t in tokens:
            key = (words[t.i], deps[t.i])
            fixed = cache.get(key)
            if fixed is None:
                fixed = cache[key] = self.anchor_score(word_features(*key))
            scores.append(fixed + self.anchor_score(context_features(t, context)))
        if self.dense is not None:
            vectors = np.stack([t.vector for t in tokens])
            groups = np.array([dense_group(deps[t.i]) for t in tokens])
            if vectors.shape[1] == self.dense.shape[1]:
                extra = np.einsum("ij,ij->i", vectors, self.dense[groups])
                scores = [a + float(b) for a, b in zip(scores, extra, strict=True)]
        return [t for t, s in zip(tokens, scores, strict=True) if s > self.anchor_threshold]

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
    return CueModel(
        anchor=data["anchor"]["weights"],
        span=data["span"]["weights"],
        anchor_threshold=float(data["anchor"]["threshold"]),
        span_threshold=float(data["span"]["threshold"]),
        dense=np.array(data["anchor"]["dense"], dtype=np.float32)
        if data["anchor"].get("dense")
        else None,
    )


@dataclass(frozen=True, slots=True)
class DocContext:
    """Per-document lists the features read, built once (token access is costly)."""

    tokens: list[Any]
    words: list[str]
    deps: list[str]
    heads: list[int]
    quoted: list[bool]
    """Inside a quotation (marks excluded)."""
    near_quote: list[bool]
    """A quote mark within three tokens."""


def doc_context(doc: Any, quotes: Sequence[tuple[int, int]]) -> DocContext:
    """One pass over the tokens, the rest from arrays (spaCy makes a new object per
    token access)."""
    tokens = list(doc)
    words = [t.lower_ for t in tokens]
    deps = [t.dep_ for t in tokens]
    starts = [t.idx for t in tokens]
    relative = doc.to_array("HEAD").view(np.int64).reshape(-1) if tokens else []
    heads = [i + int(rel) for i, rel in enumerate(relative)]
    marked = [i for i, t in enumerate(tokens) if t.text in QUOTE_CHARS]
    near = [False] * len(tokens)
    for i in marked:
        near[max(0, i - 3) : i + 4] = [True] * (min(len(tokens), i + 4) - max(0, i - 3))
    return DocContext(tokens, words, deps, heads, _quote_flags(starts, quotes), near)


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
    return word_features(context.words[i], context.deps[i]) + context_features(token, context)


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


def context_features(token: Any, context: DocContext) -> list[str]:
    """The features that depend on the token's neighbours, head, children and quotes."""
    i, words, deps = token.i, context.words, context.deps
    word, dep, head = words[i], deps[i], context.heads[i]
    after = words[i + 1] if i + 1 < len(words) else "<e>"
    before = words[i - 1] if i > 0 else "<s>"
    q = "q" if context.quoted[i] else "-"
    stem = _stem(word)
    features = [
        "hw=" + words[head],
        "hd=" + dep + "|" + deps[head],
        "q=" + q,
        "wq=" + word + "|" + q,
        "sh=" + token.shape_[:4],
        "n=" + after,
        "wn=" + word + "|" + after,
        "p=" + before,
        "pw=" + before + "|" + word,
        "whw=" + stem + "|" + words[head],
    ]
    if context.near_quote[i]:
        features.append("nq")
        features.append("nqs=" + stem)
    if token.ent_type_:
        features.append("e=" + token.ent_type_)
    signature = []
    for child in token.children:
        cdep, cword = child.dep_, words[child.i]
        signature.append(cdep)
        features.append("c=" + cdep)
        features.append("wc=" + word + "|" + cdep)
        features.append("stc=" + stem + "|" + cdep)
        if cdep in SUBJECT_LIKE:
            kind = cword if cword in PRONOUNS else child.ent_type_ or "x"
            features.append("se=" + cdep + "|" + kind)
            features.append("sw=" + cword)
        elif cdep in ("ccomp", "xcomp"):
            first = child.left_edge
            features.append("cf=" + cdep + "|" + (words[first.i] if first.i > i else "<"))
        elif cdep in FUNCTION_CHILDREN:
            features.append("cw=" + cdep + "|" + cword)
            features.append("wcw=" + word + "|" + cdep + "|" + cword)
        if child.text in QUOTE_CHARS or (
            cdep in ("ccomp", "parataxis")
            and (child.left_edge.text in QUOTE_CHARS or child.right_edge.text in QUOTE_CHARS)
        ):
            features.append("cq")
    features.append("sig=" + stem + "|" + ",".join(sorted(set(signature) & CORE_DEPS)))
    return features


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


def sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
