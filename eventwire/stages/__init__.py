"""Pipeline stages, one module each; importing this package registers them all."""

from eventwire.stages import (
    actors,
    claims,
    events,
    fingerprint,
    language,
    mentions,
    nlp,
    places,
    text,
    time,
)
from eventwire.stages.base import REGISTRY, Stage, register

__all__ = [
    "REGISTRY",
    "Stage",
    "actors",
    "claims",
    "events",
    "fingerprint",
    "language",
    "mentions",
    "nlp",
    "places",
    "register",
    "text",
    "time",
]
