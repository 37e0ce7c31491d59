"""Run-time settings, with their defaults in this one place.

Each setting can be given in code, on the command line, or through an environment
variable (`EVENTWIRE_MODEL`, `EVENTWIRE_DB`, `EVENTWIRE_BATCH_SIZE`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_md"
DEFAULT_DB = "eventwire.db"
DEFAULT_BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class Settings:
    """What a pipeline run needs to know beyond its inputs."""

    model: str = field(default_factory=lambda: os.environ.get("EVENTWIRE_MODEL", DEFAULT_MODEL))
    """A spaCy pipeline: an installed package name (en_core_web_md, en_core_web_trf, ...)
    or a path to a model directory."""
    batch_size: int = field(
        default_factory=lambda: int(os.environ.get("EVENTWIRE_BATCH_SIZE", DEFAULT_BATCH_SIZE))
    )
    """Articles handed to spaCy's `nlp.pipe` at a time."""


def default_db() -> str:
    """The database used when none is named: `$EVENTWIRE_DB` or ./eventwire.db."""
    return os.environ.get("EVENTWIRE_DB", DEFAULT_DB)
