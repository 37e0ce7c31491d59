"""PLOVER gold-standard records (openeventdata/PLOVER's PLOVER_GSR_CAMEO.txt) scored.

Data: a JSON array of records, each one sentence (`text`) with its gold `event` (the
categories of an older PLOVER draft: DEMAND, DISAPPROVE, FIGHT and INVESTIGATE are mapped
to PLOVER 2.0's REQUEST, ACCUSE, ASSAULT, ACCUSE by the ontology's `draft_categories`),
its `source` and `target` actors (`code`: ISO alpha-3 country or IGO / NGO; `sector`,
optional: GOV, MIL, REB, ...). The record whose event is DOCUMENT is the file's own
documentation and is skipped.

Each sentence runs through the pipeline down to the events stage; the sentence's *main
event* is the one whose trigger stands highest in the dependency tree (ties: an asserted
event first, then the first in the text) — what a one-event-per-sentence coder reports.

* category accuracy: main event's category equals the gold one, over all sentences (a
  sentence with no event counts as wrong); `accuracy_coded` over coded sentences only;
  `any_event_accuracy`: the gold category is among all the sentence's events;
* source / target actor match: the main event's actor (recipient) matches one of the gold
  sources (targets): same country code — or, for the gold's IGO / NGO code (written for
  any international actor), an actor with no country whose sector is IGO, UNO or NGO —
  and, when the gold gives a sector, the same sector (its first three letters; a bare
  country counts as its government, GOV). Over sentences whose gold names a source
  (target);
* coverage: sentences with at least one event; sentences per second (parse included).

Reproduce (prints JSON):

    .venv/bin/eventwire evaluate events --data ../shared/eval/events/plover_gsr

or, from Python, `score_plover_gsr(Path("../shared/eval/events/plover_gsr/"
"PLOVER_GSR_CAMEO.txt"))`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.events_common import EventRunner
from eventwire.model import Article, Event, Participant, Source
from eventwire.resources.ontology import load_ontology
from eventwire.settings import Settings

__all__ = ["actor_matches", "load_records", "main_event", "score_plover_gsr"]

INTERNATIONAL = frozenset({"IGO", "UNO", "NGO"})
"""The GSR writes IGO (rarely NGO) in the country slot for any international actor (the
UN, APEC, Amnesty International, the Red Cross alike): matched by an actor with no
country and one of these sectors."""


def load_records(path: Path) -> list[dict[str, Any]]:
    """The scored records of a PLOVER GSR file (the DOCUMENT record left out)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"cannot read PLOVER GSR records: {error}") from None
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON array of PLOVER GSR records")
    return [
        record
        for record in data
        if isinstance(record, dict) and record.get("text") and record.get("event") != "DOCUMENT"
    ]


def _gold_actors(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    return [a for a in value if isinstance(a, dict) and a.get("code")]


def actor_matches(predicted: Participant | None, gold: dict[str, str]) -> bool:
    """Whether a predicted participant is the gold actor (country code + sector)."""
    if predicted is None:
        return False
    code = str(gold.get("code", "")).upper()
    sector = str(gold.get("sector") or "")[:3].upper()
    if code in INTERNATIONAL:
        return predicted.country is None and predicted.sector in INTERNATIONAL
    if predicted.country != code:
        return False
    if not sector or sector == "***":
        return True
    return (predicted.sector or "GOV") == sector


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def main_event(article: Article) -> Event | None:
    """The event whose trigger stands highest in its sentence's dependency tree."""
    if not article.events:
        return None
    doc = article.doc
    ranked = []
    for order, event in enumerate(article.events):
        span = doc.char_span(event.start, event.end, alignment_mode="expand") if doc else None
        depth = _depth(span.root) if span is not None else 99
        ranked.append((depth, event.modality != "asserted", order, event))
    return min(ranked, key=lambda item: item[:3])[3]


def score_plover_gsr(
    path: Path, limit: int | None = None, model: str | None = None
) -> dict[str, Any]:
    """Category accuracy, source / target actor match, coverage and speed on PLOVER GSR."""
    records = load_records(Path(path))
    if limit is not None:
        records = records[:limit]
    draft = load_ontology().draft_categories
    runner = EventRunner(Settings(model=model) if model else Settings())
    counts: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    started = time.perf_counter()
    for record in records:
        text = str(record["text"]).strip()
        article = runner(Article(raw=text, text=text, source=Source(record=record.get("id"))))
        gold_category = draft.get(record["event"], record["event"])
        event = main_event(article)
        counts["sentences"] += 1
        if article.events:
            counts["coded"] += 1
        if any(e.category == gold_category for e in article.events):
            counts["any_correct"] += 1
        if event is not None and event.category == gold_category:
            counts["correct"] += 1
        elif event is not None:
            confusion[f"{gold_category}->{event.category}"] += 1
        sources, targets = _gold_actors(record.get("source")), _gold_actors(record.get("target"))
        if sources:
            counts["with_source"] += 1
            if event is not None and any(actor_matches(event.actor, g) for g in sources):
                counts["source_match"] += 1
        if targets:
            counts["with_target"] += 1
            if event is not None and any(actor_matches(event.recipient, g) for g in targets):
                counts["target_match"] += 1
    seconds = time.perf_counter() - started
    n = counts["sentences"]
    return {
        "data": str(path),
        "sentences": n,
        "category_accuracy": _ratio(counts["correct"], n),
        "accuracy_coded": _ratio(counts["correct"], counts["coded"]),
        "any_event_accuracy": _ratio(counts["any_correct"], n),
        "coverage": _ratio(counts["coded"], n),
        "source_match": _ratio(counts["source_match"], counts["with_source"]),
        "target_match": _ratio(counts["target_match"], counts["with_target"]),
        "sentences_with_source": counts["with_source"],
        "sentences_with_target": counts["with_target"],
        "sentences_per_second": round(n / seconds, 2) if seconds else None,
        "top_confusions": dict(confusion.most_common(10)),
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
