"""Pipeline stages, one module each; importing this package registers them all."""

from eventwire.stages import claims, fingerprint, language, mentions, nlp, places, text, time
from eventwire.stages.base import REGISTRY, Stage, register

__all__ = [
    "REGISTRY",
    "Stage",
    "claims",
    "fingerprint",
    "language",
    "mentions",
    "nlp",
    "places",
    "register",
    "text",
    "time",
]
