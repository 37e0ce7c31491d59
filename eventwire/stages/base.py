"""What a stage is: a named step that reads some fields of an Article and writes others.

A stage declares `requires` and `assigns` (as spaCy's factories do) so that a pipeline can
be checked before it runs, and `spacy_components` so that the one spaCy parse loads only
what the stages read. Stages register themselves by name with `@register`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar, TypeVar

from eventwire.errors import EventwireError
from eventwire.model import Article, Failure
from eventwire.settings import Settings

REGISTRY: dict[str, type[Stage]] = {}
S = TypeVar("S", bound="type[Stage]")


def register(cls: S) -> S:
    """Class decorator: make a stage available to pipelines under `cls.name`."""
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"two stages are named {cls.name!r}")
    REGISTRY[cls.name] = cls
    return cls


class Stage:
    """Base class. Override `__call__` (one article) or `pipe` (a batch) to do the work."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    """Article fields this stage reads, as "article.<field>"."""
    assigns: ClassVar[tuple[str, ...]] = ()
    """Article fields this stage writes."""
    spacy_components: ClassVar[tuple[str, ...]] = ()
    """spaCy pipeline components whose annotations this stage reads ("ner", "parser")."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def initialize(self, stages: Sequence[Stage]) -> None:
        """Load data and models; called once, before the first article, with the whole
        pipeline so a stage can see what the others need."""

    def __call__(self, article: Article) -> None:
        raise NotImplementedError(f"stage {self.name!r} implements neither __call__ nor pipe")

    def pipe(self, articles: Sequence[Article]) -> Iterator[Article | Failure]:
        """Process a batch in order; an article that fails becomes a Failure, the rest go on."""
        for article in articles:
            yield self.guarded(article)

    def guarded(self, article: Article) -> Article | Failure:
        """Run the stage on one article, turning any error into a Failure that names it."""
        try:
            self(article)
        except EventwireError as error:
            return Failure(article.source, self.name, str(error))
        except Exception as error:  # one bad article must never stop a batch
            return Failure(article.source, self.name, f"{type(error).__name__}: {error}")
        return article


def field_names(fields: Iterable[str]) -> str:
    """Human-readable list of fields for messages."""
    return ", ".join(sorted(fields)) or "nothing"
