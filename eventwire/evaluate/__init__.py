"""Scorers: each task's figures over a folder of annotated data (../shared/eval or any folder
in the same format), returned as JSON-ready dicts that the quality gate pins and
`eventwire evaluate` prints."""

from eventwire.evaluate.extraction import evaluate_extraction, token_scores

__all__ = ["evaluate_extraction", "token_scores"]
