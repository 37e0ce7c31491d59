"""Every error eventwire raises on purpose, with the message a user sees.

The CLI prints `str(error)` as one line and exits non-zero; library users catch
`EventwireError` (or a subclass) and get the same text.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: a problem the user can act on, described in one line."""


class InputError(EventwireError):
    """An input file or record cannot be read as a report."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class PipelineError(EventwireError):
    """A pipeline that cannot run as configured (unknown stage, bad order)."""


class StageError(EventwireError):
    """A stage failed on one article; the batch goes on without it."""

    def __init__(self, stage: str, problem: str) -> None:
        super().__init__(f"stage {stage!r} failed: {problem}")
        self.stage = stage
        self.problem = problem


class ModelNotFound(EventwireError):
    """The configured spaCy pipeline is not installed."""


class StoreError(EventwireError):
    """The store cannot be opened, migrated or written."""
