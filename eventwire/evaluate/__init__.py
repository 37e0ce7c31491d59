"""Scorers: each task's figures over a folder of annotated data (../shared/eval or any folder
in the same format), returned as JSON-ready dicts that the quality gate pins and
`eventwire evaluate` prints."""

from eventwire.evaluate.attribution import annotator_agreement, evaluate_attribution
from eventwire.evaluate.extraction import evaluate_extraction, token_scores
from eventwire.evaluate.geo import evaluate_geo
from eventwire.evaluate.time import evaluate_time

__all__ = [
    "annotator_agreement",
    "evaluate_attribution",
    "evaluate_extraction",
    "evaluate_geo",
    "evaluate_time",
    "token_scores",
]
