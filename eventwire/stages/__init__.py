"""Pipeline stages, one module each; importing this package registers them all."""

from eventwire.stages import fingerprint, language, mentions, nlp, text
from eventwire.stages.base import REGISTRY, Stage, register

__all__ = [
    "REGISTRY",
    "Stage",
    "fingerprint",
    "language",
    "mentions",
    "nlp",
    "register",
    "text",
]
