"""Attribution (who said what) scored against PolNeAR-style BRAT annotations.

Data: a folder with `text/<article>.txt` and `attributions/<article>_<annotator>.ann`
(BRAT standoff). `T` lines are spans (`Source`, `Cue`, `Content`; a discontinuous span
is written `start end;start end`); `E` lines tie them into one relation
(`Attribution:T4 Source:T1 Cue:T2 Content:T3`, or `Attribution-no-source:...`). Where an
article has several annotators, only the first file in name order is scored, so every
article counts once.

Score, per attribution relation and per field (source, cue, content): a predicted
relation's field and a gold relation's field are compared as sets of tokens (`\\w+`
runs; punctuation only counts when a span holds nothing else, as the cue ":" does).
*exact*: the two sets are equal. *overlap*: they share at least half the tokens of the
larger one (>= 50 % token overlap, both ways, so a whole-paragraph guess never matches a
short gold span). A source only matches when the two relations also share cue or content
tokens: the right speaker of the wrong statement is not credited. Predictions and gold
are paired one-to-one, greedily, best overlap first; precision = pairs / predicted
fields, recall = pairs / gold fields.

Speed: articles per second of the parse plus the mentions and claims stages, and the
claims stage's own share of that time (it should stay under ~15 %).

Reproduce (prints JSON):

    .venv/bin/eventwire evaluate attribution --data ../shared/eval/attribution/polnear/dev

`--agreement` scores the annotators instead, against each other, on the articles that
several of them annotated (every ordered pair, pooled): the ceiling a system can expect.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.metrics import prf
from eventwire.model import Article, Claim, Span
from eventwire.settings import Settings

__all__ = [
    "FIELDS",
    "Relation",
    "annotator_agreement",
    "evaluate_attribution",
    "load_articles",
    "parse_ann",
    "relations_of",
    "score_relations",
]

FIELDS = ("source", "cue", "content")
RELATION_TYPES = frozenset({"Attribution", "Attribution-no-source"})
ROLES = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}

_WORD = re.compile(r"\w+")
_NON_SPACE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution: each field a list of character spans (empty when absent)."""

    source: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()
    content: tuple[Span, ...] = ()

    def get(self, name: str) -> tuple[Span, ...]:
        spans: tuple[Span, ...] = getattr(self, name)
        return spans


@dataclass(slots=True)
class Annotated:
    """One article of the folder: its name, text and gold relations."""

    name: str
    text: str
    gold: list[Relation] = field(default_factory=list)


def parse_ann(content: str, where: str = "<ann>") -> list[Relation]:
    """The relations of one BRAT `.ann` file (spans not tied by an `E` line are ignored)."""
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[list[tuple[str, str]]] = []
    for number, line in enumerate(content.splitlines(), 1):
        parts = line.split("\t")
        if not parts[0] or len(parts) < 2:
            continue
        try:
            if parts[0].startswith("T"):
                _, _, offsets = parts[1].partition(" ")
                spans[parts[0]] = tuple(
                    Span(*map(int, fragment.split())) for fragment in offsets.split(";")
                )
            elif parts[0].startswith("E"):
                events.append([tuple(arg.split(":", 1)) for arg in parts[1].split()])  # type: ignore[misc]
        except (TypeError, ValueError) as error:
            raise InputError(f"{where}:{number}", f"not a BRAT span line: {error}") from None
    relations = []
    for arguments in events:
        if not arguments or arguments[0][0] not in RELATION_TYPES:
            continue
        found: dict[str, list[Span]] = {"source": [], "cue": [], "content": []}
        for role, ref in arguments[1:]:
            if role in ROLES and ref in spans:
                found[ROLES[role]].extend(spans[ref])
        relations.append(Relation(*(tuple(sorted(found[f], key=_key)) for f in FIELDS)))
    return relations


def _key(span: Span) -> tuple[int, int]:
    return span.start, span.end


def load_articles(data_dir: Path, limit: int | None = None) -> list[Annotated]:
    """The annotated articles of a folder, in name order, one annotator file each."""
    articles = []
    for path, text, anns in _annotated_texts(Path(data_dir)):
        ann = anns[0].read_text(encoding="utf-8")
        articles.append(Annotated(path.stem, text, parse_ann(ann, str(anns[0]))))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _annotated_texts(data_dir: Path) -> Iterator[tuple[Path, str, list[Path]]]:
    """Each text of a folder that has annotator files, in name order: its path, its text
    and its annotator files (in name order)."""
    texts = data_dir / "text"
    if not texts.is_dir():
        raise InputError(str(texts), "no such folder: not an attribution data folder")
    for path in sorted(texts.glob("*.txt")):
        anns = sorted(
            p
            for p in (data_dir / "attributions").glob(f"{path.stem}_*.ann")
            if "_" not in p.stem[len(path.stem) + 1 :]
        )
        if anns:
            yield path, path.read_bytes().decode("utf-8", errors="replace"), anns  # as stored


class _Tally:
    """[true positives, predicted, gold] per field and match kind, summed over articles."""

    def __init__(self) -> None:
        self.counts = {f: {k: [0, 0, 0] for k in ("exact", "overlap")} for f in FIELDS}

    def add(self, text: str, gold: Sequence[Relation], predicted: Sequence[Relation]) -> None:
        for name, kinds in score_relations(text, gold, predicted).items():
            for kind, counts in kinds.items():
                total = self.counts[name][kind]
                total[:] = [a + b for a, b in zip(total, counts, strict=True)]

    def scores(self) -> dict[str, Any]:
        return {
            name: {kind: prf(*self.counts[name][kind]) for kind in ("exact", "overlap")}
            for name in FIELDS
        }


def relations_of(claims: Iterable[Claim]) -> list[Relation]:
    """The predicted relations: every claim that has a cue (outlet claims have none)."""
    return [
        Relation(
            source=(claim.source,) if claim.source else (),
            cue=(claim.cue,) if claim.cue else (),
            content=tuple(claim.content),
        )
        for claim in claims
        if claim.cue is not None
    ]


def _tokens(text: str, spans: Sequence[Span]) -> frozenset[int]:
    """Start offsets of the word tokens inside `spans` (of any token, if no word)."""
    for pattern in (_WORD, _NON_SPACE):
        found = frozenset(
            span.start + m.start() for span in spans for m in pattern.finditer(span.of(text))
        )
        if found:
            return found
    return frozenset()


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Shared tokens over the larger set's size: 1.0 for identical sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def score_relations(
    text: str, gold: Sequence[Relation], predicted: Sequence[Relation]
) -> dict[str, dict[str, list[int]]]:
    """Counts [true positives, predicted, gold] per field and match kind, for one article."""
    tokens_gold = [{f: _tokens(text, r.get(f)) for f in FIELDS} for r in gold]
    tokens_pred = [{f: _tokens(text, r.get(f)) for f in FIELDS} for r in predicted]

    def linked(p: int, g: int) -> bool:
        return any(tokens_pred[p][f] & tokens_gold[g][f] for f in ("cue", "content"))

    counts: dict[str, dict[str, list[int]]] = {}
    for name in FIELDS:
        n_pred = sum(1 for t in tokens_pred if t[name])
        n_gold = sum(1 for t in tokens_gold if t[name])
        counts[name] = {}
        for kind, threshold in (("exact", 1.0), ("overlap", 0.5)):
            candidates = sorted(
                (
                    (score, p, g)
                    for p, tp in enumerate(tokens_pred)
                    for g, tg in enumerate(tokens_gold)
                    if (score := _overlap(tp[name], tg[name])) >= threshold
                    and (name != "source" or linked(p, g))
                ),
                reverse=True,
            )
            used_p: set[int] = set()
            used_g: set[int] = set()
            for _, p, g in candidates:
                if p not in used_p and g not in used_g:
                    used_p.add(p)
                    used_g.add(g)
            counts[name][kind] = [len(used_p), n_pred, n_gold]
    return counts


Predictor = Callable[[list[str]], list[list[Claim]]]
"""Texts in, the claims found in each out (a batch, so the parse can run as nlp.pipe)."""


def eventwire_predictor(settings: Settings | None = None) -> tuple[Predictor, list[float]]:
    """The project's own predictor: spaCy parse, mentions stage, claims stage; and a list
    it fills with [total seconds, claims-stage seconds]."""
    from eventwire.stages.claims import ClaimsStage
    from eventwire.stages.mentions import MentionsStage
    from eventwire.stages.nlp import load_pipeline

    settings = settings or Settings()
    mentions, claims = MentionsStage(settings), ClaimsStage(settings)
    stages = [mentions, claims]
    needed = frozenset({"parser"} | {c for s in stages for c in s.spacy_components})
    nlp = load_pipeline(settings.model, needed)
    for stage in stages:
        stage.initialize(stages)
    timing = [0.0, 0.0]

    def predict(texts: list[str]) -> list[list[Claim]]:
        out = []
        for text in texts:
            start = time.perf_counter()
            article = Article(raw=text, text=text)
            article.doc = nlp(text)
            mentions(article)
            middle = time.perf_counter()
            claims(article)
            end = time.perf_counter()
            timing[0] += end - start
            timing[1] += end - middle
            out.append(article.claims)
        return out

    return predict, timing


def evaluate_attribution(
    data_dir: Path, limit: int | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Score the claims stage on a BRAT attribution folder (the first `limit` articles).

    Returns {"articles", "relations_gold", "relations_predicted", "articles_per_s",
    "claims_share_of_time", "source" | "cue" | "content": {"exact" | "overlap":
    {precision, recall, f1}}}.
    """
    articles = load_articles(Path(data_dir), limit)
    predict, timing = eventwire_predictor(settings)
    if articles:  # untimed warm-up: model loading is not throughput
        predict([articles[0].text[:200]])
        timing[:] = [0.0, 0.0]
    tally = _Tally()
    n_gold = n_pred = 0
    for article in articles:
        predicted = relations_of(predict([article.text])[0])
        n_gold, n_pred = n_gold + len(article.gold), n_pred + len(predicted)
        tally.add(article.text, article.gold, predicted)
    result: dict[str, Any] = {
        "articles": len(articles),
        "relations_gold": n_gold,
        "relations_predicted": n_pred,
        "articles_per_s": round(len(articles) / timing[0], 2) if timing[0] else 0.0,
        "claims_share_of_time": round(timing[1] / timing[0], 4) if timing[0] else 0.0,
    }
    return result | tally.scores()


def annotator_agreement(data_dir: Path) -> dict[str, Any]:
    """The annotators scored against each other, as `evaluate_attribution` scores the
    system: on every article with several annotator files, each ordered pair of them
    (one as gold, the other as predicted), counts pooled over all pairs."""
    tally = _Tally()
    articles = pairs = 0
    for _, text, anns in _annotated_texts(Path(data_dir)):
        if len(anns) < 2:
            continue
        articles += 1
        relations = [parse_ann(a.read_text(encoding="utf-8"), str(a)) for a in anns]
        for i, gold in enumerate(relations):
            for j, predicted in enumerate(relations):
                if i != j:
                    pairs += 1
                    tally.add(text, gold, predicted)
    return {"articles": articles, "annotator_pairs": pairs} | tally.scores()
