"""Precision, recall and F1 as every scorer reports them (rounded to four places)."""

from __future__ import annotations

__all__ = ["prf"]


def prf(
    matched: int, predicted: int, gold: int, matched_gold: int | None = None
) -> dict[str, float]:
    """P/R/F1 from tallies. `matched_gold` differs from `matched` only where one prediction
    may cover several gold items (or the reverse); by default they are the same count."""
    hits_gold = matched if matched_gold is None else matched_gold
    precision = matched / predicted if predicted else 0.0
    recall = hits_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
