"""Main-text extraction from HTML, scored against a human-written article body.

Data: a folder in the format of scrapinghub's article-extraction-benchmark (AEB):
`ground-truth.json` = {id: {"articleBody": ..., "url": ...}} and the pages at
`html/<id>.html.gz` or `html/<id>.html`.

Score: for each page, the predicted body and the gold `articleBody` as bags (multisets) of
whitespace-separated tokens; overlap = size of their multiset intersection;
precision = overlap / predicted tokens, recall = overlap / gold tokens, F1 their harmonic
mean; each averaged over pages (the mean of per-page F1, not the F1 of mean P and R).
Edge cases: both empty -> P = R = F1 = 1 (nothing to find, nothing wrong); an empty
prediction for a non-empty gold (including a page the extractor failed on) -> P = R =
F1 = 0, so a failure never looks precise; a non-empty prediction for an empty gold ->
P = 0, R = 1, F1 = 0. (AEB's own evaluate.py differs: it scores 4-gram shingles of `\\w+`
tokens, skips empty predictions when averaging precision and reports the F1 of the mean P
and R; its figures run somewhat higher.)

Speed: pages per second of the extraction call alone (reading and decoding the file are
not counted), one process, after one untimed warm-up call per extractor, so one-off
start-up costs (trafilatura's jusText stop lists) do not weigh on a small set.

Reproduce (prints JSON):

    .venv/bin/eventwire evaluate extraction --data ../shared/eval/extraction/aeb
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from eventwire.errors import InputError
from eventwire.ingest.body import extract_body

Extractor = Callable[[str, str | None], str]
"""An HTML page (and its url, when known) in, the body as plain text out."""

__all__ = ["EXTRACTORS", "Extractor", "decode_page", "evaluate_extraction", "token_scores"]


def _trafilatura_default(html: str, url: str | None) -> str:
    return trafilatura.extract(html) or ""


def _trafilatura_precision(html: str, url: str | None) -> str:
    return trafilatura.extract(html, favor_precision=True) or ""


EXTRACTORS: dict[str, Extractor] = {
    "eventwire": lambda html, url: extract_body(html, "html", url).text,
    "trafilatura_default": _trafilatura_default,
    "trafilatura_favor_precision": _trafilatura_precision,
}
"""What is compared, in one run: eventwire's own HTML path and trafilatura used bare
(no options but `favor_precision`, url not given)."""


def token_scores(gold: str, predicted: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of `predicted` against `gold` as bags of whitespace tokens
    (edge cases in the module docstring)."""
    gold_tokens = Counter(gold.split())
    predicted_tokens = Counter(predicted.split())
    n_gold, n_predicted = gold_tokens.total(), predicted_tokens.total()
    if not n_gold and not n_predicted:
        return 1.0, 1.0, 1.0
    if not n_predicted:
        return 0.0, 0.0, 0.0
    if not n_gold:
        return 0.0, 1.0, 0.0
    overlap = (gold_tokens & predicted_tokens).total()
    precision, recall = overlap / n_predicted, overlap / n_gold
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


@dataclass(frozen=True, slots=True)
class Page:
    """One annotated page: its id, decoded HTML, url and gold body."""

    id: str
    html: str
    url: str | None
    gold: str


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_page(data: bytes) -> str:
    """A page's text: by its BOM; else UTF-8 when the bytes are valid UTF-8 (a page that
    declares latin-1 but is valid UTF-8 is almost always mislabelled); else the charset the
    page declares in its first 4 KB, with replacement; else UTF-8 with replacement."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(data[:4096])
    if found:
        try:
            return data.decode(found.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def load_pages(data_dir: Path) -> list[Page]:
    """The annotated pages of an AEB-format folder, in ground-truth order."""
    truth_path = data_dir / "ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(truth_path), "no such file: not an extraction data folder") from None
    except ValueError as error:
        raise InputError(str(truth_path), f"not valid JSON: {error}") from None
    if not isinstance(truth, dict):
        raise InputError(str(truth_path), "expected an object {id: {articleBody, url}}")
    pages = []
    for page_id, entry in truth.items():
        if not isinstance(entry, dict):
            raise InputError(str(truth_path), f"entry {page_id!r} is not an object")
        pages.append(
            Page(
                id=page_id,
                html=decode_page(_page_bytes(data_dir / "html", page_id)),
                url=entry.get("url") or None,
                gold=entry.get("articleBody") or "",
            )
        )
    return pages


def _page_bytes(folder: Path, page_id: str) -> bytes:
    packed, plain = folder / f"{page_id}.html.gz", folder / f"{page_id}.html"
    if packed.exists():
        try:
            return gzip.decompress(packed.read_bytes())
        except (OSError, EOFError) as error:
            raise InputError(str(packed), f"not a readable gzip file: {error}") from None
    if plain.exists():
        return plain.read_bytes()
    raise InputError(str(plain), "page listed in ground-truth.json but missing")


def _safe(extractor: Extractor, page: Page) -> str | None:
    try:
        return extractor(page.html, page.url)
    except Exception:  # a failing page is scored as empty; the run goes on
        return None


def _mean(values: Iterator[float]) -> float:
    items = list(values)
    return round(statistics.fmean(items), 4) if items else 0.0


def evaluate_extraction(data_dir: Path, progress: bool = False) -> dict[str, Any]:
    """Score eventwire's HTML path and trafilatura's two bare configurations on one folder.

    Returns {"pages": n, "eventwire": {...}, "trafilatura_default": {...},
    "trafilatura_favor_precision": {...}}, each with mean precision, recall, f1 over the
    pages, pages_per_s and failures (a page an extractor fails on counts as empty).
    The extractors take turns page by page, so a machine that speeds up or slows down
    during the run moves all of them alike and their speed ratios hold. `progress` shows
    a bar on stderr.
    """
    pages = load_pages(Path(data_dir))
    rows: dict[str, list[tuple[float, float, float]]] = {name: [] for name in EXTRACTORS}
    seconds = dict.fromkeys(EXTRACTORS, 0.0)
    failures = dict.fromkeys(EXTRACTORS, 0)
    if pages:  # untimed warm-up: one-off start-up costs are not throughput
        for extractor in EXTRACTORS.values():
            _safe(extractor, pages[0])
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(pages), unit="page", file=sys.stderr)
    for page in pages:
        for name, extractor in EXTRACTORS.items():
            start = time.perf_counter()
            predicted = _safe(extractor, page)
            seconds[name] += time.perf_counter() - start
            failures[name] += predicted is None
            rows[name].append(token_scores(page.gold, predicted or ""))
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    result: dict[str, Any] = {"pages": len(pages)}
    for name in EXTRACTORS:
        result[name] = {
            "precision": _mean(r[0] for r in rows[name]),
            "recall": _mean(r[1] for r in rows[name]),
            "f1": _mean(r[2] for r in rows[name]),
            "pages_per_s": round(len(pages) / seconds[name], 1) if seconds[name] else 0.0,
            "failures": failures[name],
        }
    return result
