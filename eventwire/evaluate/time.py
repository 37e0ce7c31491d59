"""Time expressions scored against TimeML (TIMEX3) annotations, e.g. TempEval-3's TBAQ.

Data: a folder (searched recursively) of `.tml` files, each with the creation time in
`<DCT><TIMEX3 value=.../></DCT>` and the text in `<TEXT>` with inline
`<TIMEX3 type value>` elements. The text eventwire reads is the content of `<TEXT>` with
every tag removed, so gold offsets are exact.

Each document is parsed by the project's spaCy pipeline (md, parser + ner) and run
through the time stage with `published` set to the DCT's date.

Scores, over all documents pooled (micro):
- strict span P/R/F1: a predicted span counts when its offsets equal a gold span's;
- relaxed span P/R/F1: when it overlaps a gold span (each gold and prediction used once,
  in text order), as TempEval-3 does;
- value accuracy: share of relaxed matches whose value equals the gold value; value_f1
  is TempEval-3's "value F1" (correct values over predictions and over gold);
- type accuracy: share of relaxed matches whose kind equals the gold type (DATE, TIME,
  DURATION, SET).
eventwire writes "since July" as an open interval 2016-07/..; TimeML annotates the point
(2016-07) and leaves "since" to a SIGNAL, so the point is compared.

Speed: documents per second of the time stage alone (not the parse).

Reproduce (prints JSON):

    .venv/bin/eventwire evaluate time --data ../shared/eval/temporal/tbaq
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.metrics import prf
from eventwire.model import Article, TimeRef
from eventwire.stages.nlp import load_pipeline
from eventwire.stages.time import TimeStage

__all__ = ["GoldTimex", "TimeDoc", "evaluate_time", "load_timeml", "score_times"]

MODEL = "en_core_web_md"
KINDS = {"date": "DATE", "time": "TIME", "duration": "DURATION", "set": "SET"}


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One annotated expression: offsets into the document text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeDoc:
    """One TimeML document: its name, creation time, plain text and gold expressions."""

    name: str
    dct: str
    text: str
    gold: list[GoldTimex]


def load_timeml(path: Path) -> TimeDoc:
    """Read one .tml file: the DCT value, the TEXT without tags, and the TIMEX3 offsets."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        raise InputError(str(path), f"not a readable TimeML file: {error}") from None
    dct = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct is None or body is None or not dct.get("value"):
        raise InputError(str(path), "no <DCT><TIMEX3 value=...> or no <TEXT>")
    parts: list[str] = []
    gold: list[GoldTimex] = []

    def walk(element: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if element.tag == "TIMEX3":
            end = sum(map(len, parts))
            covered = "".join(parts)[start:end]
            gold.append(
                GoldTimex(start, end, covered, element.get("type", ""), element.get("value", ""))
            )

    walk(body)
    return TimeDoc(path.stem, str(dct.get("value")), "".join(parts), gold)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _comparable(value: str | None) -> str:
    """A value as TimeML writes it: the point of an open interval, weeks with two digits
    (TBAQ writes both 2000-W7 and 1998-W08)."""
    return re.sub(r"-W(\d)\b", r"-W0\1", (value or "").removesuffix("/.."))


def score_times(pairs: list[tuple[list[GoldTimex], list[TimeRef]]]) -> dict[str, Any]:
    """Pooled span, value and type scores over (gold, predicted) pairs of documents."""
    n_gold = n_pred = strict = relaxed = values = types = 0
    for gold, predicted in pairs:
        n_gold += len(gold)
        n_pred += len(predicted)
        gold_spans = {(g.start, g.end) for g in gold}
        strict += sum((p.start, p.end) in gold_spans for p in predicted)
        used: set[int] = set()
        for p in predicted:
            match = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if i not in used and _overlaps((p.start, p.end), (g.start, g.end))
                ),
                None,
            )
            if match is None:
                continue
            used.add(match)
            relaxed += 1
            values += _comparable(p.value) == _comparable(gold[match].value)
            types += KINDS.get(p.kind, "") == gold[match].type
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "strict": prf(strict, n_pred, n_gold),
        "relaxed": prf(relaxed, n_pred, n_gold),
        "value_accuracy": round(values / relaxed, 4) if relaxed else 0.0,
        "value_f1": prf(values, n_pred, n_gold)["f1"],
        "type_accuracy": round(types / relaxed, 4) if relaxed else 0.0,
    }


def load_folder(data_dir: Path, limit: int | None = None) -> list[TimeDoc]:
    """The .tml documents under `data_dir`, in path order (the first `limit`)."""
    paths = sorted(Path(data_dir).rglob("*.tml"))
    if not paths:
        raise InputError(str(data_dir), "no .tml files: not a TimeML data folder")
    return [load_timeml(path) for path in paths[:limit]]


def evaluate_time(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Score the time stage on a folder of TimeML files (the DCT given).

    Returns {"docs", "gold", "predicted", "strict": {precision, recall, f1},
    "relaxed": {...}, "value_accuracy", "value_f1", "type_accuracy", "docs_per_s"}."""
    from eventwire.settings import Settings

    docs = load_folder(Path(data_dir), limit)
    nlp = load_pipeline(MODEL, frozenset({"parser", "ner"}))
    stage = TimeStage(Settings())
    pairs: list[tuple[list[GoldTimex], list[TimeRef]]] = []
    seconds = 0.0
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        article = Article(raw=doc.text, text=doc.text, published=doc.dct)
        article.doc = parsed
        begin = time.perf_counter()
        stage(article)
        seconds += time.perf_counter() - begin
        pairs.append((doc.gold, article.times))
    result: dict[str, Any] = {"docs": len(docs)}
    result.update(score_times(pairs))
    result["docs_per_s"] = round(len(docs) / seconds, 1) if seconds else 0.0
    return result
