"""What the event scorers share: the stages they run, P/R/F1 records, one-to-one matching.

The scorers run the project's own default pipeline plus the actors and events stages
(whichever of them are registered), so what is measured is what `eventwire ingest`
stores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from eventwire.evaluate.metrics import prf
from eventwire.model import Article
from eventwire.pipeline import DEFAULT_STAGES
from eventwire.settings import Settings
from eventwire.stages import REGISTRY, Stage

__all__ = ["Counts", "EventRunner", "event_stage_names", "match_one_to_one"]

EVENT_STAGES = ("actors", "events")
"""Appended to the default stages when registered and not already there."""

READING_STAGES = ("text", "language", "fingerprint")
"""Left out when a corpus gives the text itself, with gold offsets into it."""

G = TypeVar("G")
P = TypeVar("P")


def event_stage_names(from_text: bool = False) -> list[str]:
    """The stages that read an article down to its events. `from_text`: the caller sets
    `Article.text` itself (offsets must not move), so the reading stages are skipped."""
    names = list(DEFAULT_STAGES)
    names += [name for name in EVENT_STAGES if name in REGISTRY and name not in names]
    if from_text:
        names = [name for name in names if name not in READING_STAGES]
    return names


class EventRunner:
    """The stages after reading, run on an article whose `text` is already set."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.names = event_stage_names(from_text=True)
        self.stages: list[Stage] = [REGISTRY[name](self.settings) for name in self.names]
        for stage in self.stages:
            stage.initialize(self.stages)

    def __call__(self, article: Article) -> Article:
        """Run every stage; a stage that fails leaves what the others found."""
        for stage in self.stages:
            stage.guarded(article)
        return article


@dataclass(slots=True)
class Counts:
    """Matched / predicted / gold tallies and the P/R/F1 they give."""

    predicted: int = 0
    gold: int = 0
    matched_predicted: int = 0
    matched_gold: int = 0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.matched_predicted += matched
        self.matched_gold += matched
        self.predicted += predicted
        self.gold += gold

    def scores(self) -> dict[str, Any]:
        return {
            **prf(self.matched_predicted, self.predicted, self.gold, self.matched_gold),
            "matched": self.matched_gold,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def match_one_to_one(
    gold: Sequence[G], predicted: Sequence[P], matches: Callable[[G, P], bool]
) -> list[tuple[int, int]]:
    """A maximum one-to-one pairing of gold and predicted items under a yes/no match
    (augmenting paths), so a greedy early choice never costs a later pair."""
    edges = [[j for j, p in enumerate(predicted) if matches(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())
