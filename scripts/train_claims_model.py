"""Train the claims stage's cue model (eventwire/resources/claims/model.json) on PolNeAR train.

Three logistic regressions over the features of eventwire/stages/claims_model.py, fitted
with AdaGrad in numpy: *anchor* (is this token the head of a gold cue span?), *span*
(does this child of a cue's head belong to the cue?) and *claim* (is the claim the parse
builds around a proposed anchor a gold attribution, its cue sharing at least half its
tokens with a gold cue?). The anchor of a gold cue is its token whose head lies outside
the span (a verb where there are several). The claim filter learns from claims proposed
by anchor models that did not see the article (two halves, each scored by a model fitted
on the other), so its examples look like those of unseen text.

    .venv/bin/python scripts/train_claims_model.py \
        --data ../shared/eval/attribution/polnear/train [--holdout 140] [--cache train.spacy]

With --holdout N the last N articles are left out of fitting and the anchor threshold is
the one that maximises anchor F1 on them, the claim threshold the one that maximises the
F1 of the kept claims' cues (both figures printed); without it the thresholds given by
--threshold and --claim-threshold are written (the shipped model: --threshold 0.0
--candidate -2.5 --claim-threshold -0.6 --floor 0.02, the thresholds --holdout 140
picked; the candidate threshold chosen over -1.5 and -3.5 by the held-out articles'
attribution scores). --vectors adds the word vector per dependency group (no gain on held-out train,
so off). Dev is never read. CI never runs this script: the weights are committed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.evaluate.attribution import Annotated, _overlap, _tokens, load_articles
from eventwire.model import Span
from eventwire.settings import Settings
from eventwire.stages.claims import load_lexicon, quote_segments
from eventwire.stages.claims_model import (
    DENSE_GROUPS,
    MODEL_PATH,
    CueModel,
    anchor_features,
    claim_features,
    dense_group,
    doc_context,
    is_candidate,
    span_features,
)
from eventwire.stages.claims_parse import anchor_claim
from eventwire.stages.nlp import load_pipeline


def parse(articles: Sequence[Annotated], cache: Path | None) -> list[Any]:
    """Parse with the pipeline the stage runs after (cached as a DocBin when asked)."""
    from spacy.tokens import DocBin

    nlp = load_pipeline(Settings().model, frozenset({"parser", "ner"}))
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        return docs[: len(articles)]
    docs = [nlp(a.text) for a in articles]
    if cache is not None:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def gold_cues(doc: Any, article: Annotated) -> list[tuple[int, set[int]]]:
    """(anchor token, cue tokens) of each gold relation."""
    out = []
    for relation in article.gold:
        ids: set[int] = set()
        for span in relation.cue:
            found = doc.char_span(span.start, span.end, alignment_mode="expand")
            if found is not None:
                ids.update(t.i for t in found if not t.is_space)
        roots = sorted(i for i in ids if doc[i].head.i not in ids or doc[i].head.i == i)
        if roots:
            out.append((roots[0], ids))
    return out


@dataclass
class Examples:
    """Anchor examples (features, label, article index; word vector and dependency
    group when asked for) and cue-span examples (features, label)."""

    ax: list[list[str]] = field(default_factory=list)
    ay: list[bool] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    vectors: list[Any] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    sx: list[list[str]] = field(default_factory=list)
    sy: list[bool] = field(default_factory=list)


def datasets(articles: Sequence[Annotated], docs: Sequence[Any], vectors: bool) -> Examples:
    """The training examples of parsed, annotated articles."""
    out = Examples()
    for number, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        cues = gold_cues(doc, article)
        anchors = {a for a, _ in cues}
        context = doc_context(doc, quote_segments(article.text))
        for token in doc:
            if is_candidate(token):
                out.ax.append(anchor_features(token, context))
                out.ay.append(token.i in anchors)
                out.owner.append(number)
                if vectors:
                    out.vectors.append(token.vector.astype(np.float32))
                    out.groups.append(dense_group(token.dep_))
        for anchor, ids in cues:
            for child in doc[anchor].children:
                out.sx.append(span_features(doc[anchor], child))
                out.sy.append(child.i in ids)
    return out


def index(
    rows: Sequence[list[str]], vocab: dict[str, int] | None = None, min_count: int = 2
) -> tuple[np.ndarray, dict[str, int]]:
    """Rows of feature ids, padded with 0 (a weight fixed at zero)."""
    if vocab is None:
        counts = Counter(f for row in rows for f in row)
        kept = sorted(f for f, n in counts.items() if n >= min_count)
        vocab = {f: i + 1 for i, f in enumerate(kept)}
    width = max(len(row) for row in rows)
    matrix = np.zeros((len(rows), width), dtype=np.int32)
    for i, row in enumerate(rows):
        ids = [vocab[f] for f in row if f in vocab]
        matrix[i, : len(ids)] = ids
    return matrix, vocab


def fit(
    matrix: np.ndarray,
    labels: np.ndarray,
    size: int,
    epochs: int,
    l2: float,
    dense: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Logistic regression, AdaGrad on mini-batches of 256, fixed seed; with `dense`
    (vectors, group of each row), a weight vector per group too."""
    rng = np.random.default_rng(0)
    w = np.zeros(size + 1)
    g2 = np.full(size + 1, 1e-8)
    dw = dg2 = None
    if dense is not None:
        dw = np.zeros((len(DENSE_GROUPS) + 1, dense[0].shape[1]))
        dg2 = np.full(dw.shape, 1e-8)
    for epoch in range(epochs):
        loss = 0.0
        order = rng.permutation(len(labels))
        for start in range(0, len(labels), 256):
            idx = order[start : start + 256]
            rows = matrix[idx]
            z = w[rows].sum(1)
            if dense is not None and dw is not None:
                vec, grp = dense[0][idx], dense[1][idx]
                z = z + np.einsum("ij,ij->i", vec, dw[grp])
            p = 1.0 / (1.0 + np.exp(-z))
            y = labels[idx]
            loss -= float((y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)).sum())
            grad = np.zeros(size + 1)
            np.add.at(grad, rows, (p - y)[:, None])
            touched = grad != 0
            grad[touched] += l2 * w[touched]
            grad[0] = 0.0
            g2 += grad**2
            w -= 0.2 * grad / np.sqrt(g2)
            w[0] = 0.0
            if dense is not None and dw is not None and dg2 is not None:
                dgrad = np.zeros(dw.shape)
                np.add.at(dgrad, grp, (p - y)[:, None] * vec)
                dgrad += l2 * dw
                dg2 += dgrad**2
                dw -= 0.05 * dgrad / np.sqrt(dg2)
        print(f"  epoch {epoch}: loss {loss / len(labels):.4f}", file=sys.stderr)
    return w, dw


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F1 on held-out examples, and that F1."""
    best = (0.0, 0.0)
    for threshold in np.arange(-2.0, 2.01, 0.1):
        predicted = scores > threshold
        tp = float((predicted & (labels > 0)).sum())
        if tp:
            p, r = tp / predicted.sum(), tp / labels.sum()
            best = max(best, (2 * p * r / (p + r), float(round(threshold, 2))))
    return best[1], best[0]


def claim_examples(
    articles: Sequence[Annotated],
    docs: Sequence[Any],
    model: CueModel,
    numbers: Sequence[int],
    candidate: float,
) -> tuple[list[list[str]], list[bool], list[float], int]:
    """The claims `model` proposes in the numbered articles (anchors scored above
    `candidate`): their filter features, whether their cue is a gold cue, their anchor
    scores, and the number of gold cues in those articles."""
    lexicon = load_lexicon()
    rows, labels, scores_out, gold_count = [], [], [], 0
    for number in numbers:
        article, doc = articles[number], docs[number]
        quotes = quote_segments(article.text)
        gold = [_tokens(article.text, r.cue) for r in article.gold if r.cue]
        gold_count += len(gold)
        scores = model.anchors(doc, doc_context(doc, quotes), candidate)
        for i, score in scores.items():
            found = anchor_claim(doc, doc[i], model, quotes, lexicon)
            if found is None:
                continue
            cue = _tokens(article.text, [Span(*found.cue)])
            rows.append(claim_features(doc, i, score, found.via, found.source_token, found.content))
            labels.append(any(_overlap(cue, g) >= 0.5 for g in gold))
            scores_out.append(score)
    return rows, labels, scores_out, gold_count


def best_claim_threshold(scores: np.ndarray, labels: np.ndarray, gold: int) -> tuple[float, float]:
    """The filter threshold whose kept claims have the best cue F1 against all `gold`
    cues (a claim not proposed is a miss too), and that F1."""
    best = max(
        (cue_f1(scores > threshold, labels, gold), float(round(threshold, 2)))
        for threshold in np.arange(-2.0, 2.01, 0.1)
    )
    return best[1], best[0]


def cue_f1(kept: np.ndarray, labels: np.ndarray, gold: int) -> float:
    """F1 of the kept claims' cues against `gold` cues."""
    tp = float((kept & labels).sum())
    if not tp:
        return 0.0
    p, r = tp / kept.sum(), tp / gold
    return 2 * p * r / (p + r)


def cue_model(
    aw: np.ndarray, avocab: dict[str, int], threshold: float, span: dict[str, float]
) -> CueModel:
    """A model in memory from fitted anchor weights (no floor: scores as fitted)."""
    weights = {f: float(aw[i]) for f, i in avocab.items() if aw[i]}
    return CueModel(anchor=weights, span=span, anchor_threshold=threshold, span_threshold=0.0)


def weights_of(w: np.ndarray, vocab: dict[str, int], floor: float) -> dict[str, float]:
    return {f: round(float(w[i]), 3) for f, i in vocab.items() if abs(w[i]) >= floor}


def fit_claim_filter(
    articles: Sequence[Annotated],
    docs: Sequence[Any],
    examples: Examples,
    fitted: int,
    args: argparse.Namespace,
    span: dict[str, float],
    model: CueModel,
) -> tuple[np.ndarray, dict[str, int], float]:
    """The claim filter's weights, vocabulary and threshold, learned from claims that
    anchor models fitted on the other half of the fitted articles propose."""
    halves = (range(0, fitted // 2), range(fitted // 2, fitted))
    rows: list[list[str]] = []
    labels: list[bool] = []
    for mine, other in (halves, halves[::-1]):
        keep = [i for i, o in enumerate(examples.owner) if o in other]
        matrix, vocab = index([examples.ax[i] for i in keep], min_count=args.min_count)
        y = np.array([examples.ay[i] for i in keep], dtype=np.float64)
        weights, _ = fit(matrix, y, len(vocab), args.epochs, args.l2)
        half_model = cue_model(weights, vocab, model.anchor_threshold, span)
        more, more_labels, _, _ = claim_examples(articles, docs, half_model, mine, args.candidate)
        rows += more
        labels += more_labels
    matrix, vocab = index(rows, min_count=args.min_count)
    y = np.array(labels, dtype=np.float64)
    print(f"claims: {len(rows)} proposed, {int(y.sum())} gold", file=sys.stderr)
    weights, _ = fit(matrix, y, len(vocab), 8, 1e-5)
    threshold = args.claim_threshold
    if args.holdout:
        held = range(fitted, len(articles))
        held_rows, held_labels, held_scores, gold = claim_examples(
            articles, docs, model, held, args.candidate
        )
        scores = weights[index(held_rows, vocab)[0]].sum(1)
        threshold, f1 = best_claim_threshold(scores, np.array(held_labels, dtype=bool), gold)
        unfiltered = np.array(held_scores) > model.anchor_threshold
        before = cue_f1(unfiltered, np.array(held_labels, dtype=bool), gold)
        print(
            f"held-out claim-cue F1 {f1:.3f} at threshold {threshold} ({before:.3f} unfiltered)",
            file=sys.stderr,
        )
    return weights, vocab, threshold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--holdout", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=-0.5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--l2", type=float, default=1e-6)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--floor", type=float, default=0.01)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--vectors", action=argparse.BooleanOptionalAction, default=False)
    parser.add_argument("--candidate", type=float, default=-2.5)
    parser.add_argument("--claim-threshold", type=float, default=-0.6)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    if args.data.name != "train":
        raise SystemExit("train on PolNeAR train only: --data .../polnear/train")
    started = time.time()
    articles = load_articles(args.data, args.limit)
    docs = parse(articles, args.cache)
    examples = datasets(articles, docs, args.vectors)
    ax, ay, owner, sx, sy = examples.ax, examples.ay, examples.owner, examples.sx, examples.sy
    fitted = len(articles) - args.holdout
    keep = [i for i, o in enumerate(owner) if o < fitted]
    am, avocab = index([ax[i] for i in keep], min_count=args.min_count)
    labels = np.array([ay[i] for i in keep], dtype=np.float64)
    print(
        f"anchor: {len(keep)} tokens, {int(labels.sum())} cues, {len(avocab)} features",
        file=sys.stderr,
    )
    dense = None
    if args.vectors:
        vectors, groups = np.stack(examples.vectors), np.array(examples.groups)
        dense = (vectors[keep], groups[keep])
    aw, adw = fit(am, labels, len(avocab), args.epochs, args.l2, dense)
    threshold = args.threshold
    if args.holdout:
        held = [i for i, o in enumerate(owner) if o >= fitted]
        hm, _ = index([ax[i] for i in held], avocab)
        hy = np.array([ay[i] for i in held], dtype=np.float64)
        scores = aw[hm].sum(1)
        if adw is not None and dense is not None:
            scores += np.einsum("ij,ij->i", vectors[held], adw[groups[held]])
        threshold, f1 = best_threshold(scores, hy)
        print(f"held-out anchor F1 {f1:.3f} at threshold {threshold}", file=sys.stderr)
    sm, svocab = index(sx, min_count=2)
    sw, _ = fit(sm, np.array(sy, dtype=np.float64), len(svocab), args.epochs, args.l2)
    span = weights_of(sw, svocab, args.floor)
    cw, cvocab, claim_threshold = fit_claim_filter(
        articles, docs, examples, fitted, args, span, cue_model(aw, avocab, threshold, span)
    )
    model = {
        "_doc": "Cue model of the claims stage, trained by scripts/train_claims_model.py on "
        f"PolNeAR train ({fitted} articles). Logistic-regression weights per feature "
        "(eventwire/stages/claims_model.py); a token is a cue's anchor when its summed "
        "weights exceed the threshold.",
        "anchor": {
            "threshold": threshold,
            "weights": weights_of(aw, avocab, args.floor),
            "dense": [[round(float(x), 4) for x in row] for row in adw] if adw is not None else [],
        },
        "span": {"threshold": 0.0, "weights": span},
        "claim": {
            "candidate": args.candidate,
            "threshold": claim_threshold,
            "weights": weights_of(cw, cvocab, args.floor),
        },
    }
    text = json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n"
    with gzip.GzipFile(args.out, "wb", mtime=0) as stream:  # mtime 0: same bytes each run
        stream.write(text.encode("utf-8"))
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) in "
        f"{time.time() - started:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
