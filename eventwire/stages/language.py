"""The `language` stage: which language the body is written in (py3langid, offline).

Articles in another language are stored and marked; the English stages skip them rather
than code them as English.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from eventwire.model import Article
from eventwire.stages.base import Stage, register

MIN_CHARS = 40
"""Shorter bodies are not identified: a headline's worth of words is not enough evidence."""
MIN_PROBABILITY = 0.8
SAMPLE_CHARS = 4000
"""The identifier reads the start of the body; a whole long article adds time, not certainty."""


@register
class LanguageStage(Stage):
    """Identify the body's language; None when the evidence is too thin."""

    name = "language"
    requires = ("article.text",)
    assigns = ("article.language",)

    identifier: Any = None

    def initialize(self, stages: Sequence[Stage]) -> None:
        self.identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def __call__(self, article: Article) -> None:
        article.language = identify(self.identifier, article.text)


def identify(identifier: Any, text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it is too short or the call is unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    language, probability = identifier.classify(sample)
    return str(language) if probability >= MIN_PROBABILITY else None
