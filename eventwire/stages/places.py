"""The `places` stage: toponyms in the text, resolved to gazetteer entries.

Recognition (`places_recognise`) finds the names and the entries each may refer to;
resolution (`places_resolve`) picks one entry per name from the article as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.model import Article
from eventwire.resources.gazetteer import Gazetteer
from eventwire.stages.base import Stage, register
from eventwire.stages.places_recognise import Toponym, precision_of, recognise
from eventwire.stages.places_resolve import Focus, dateline_focus, resolve

__all__ = ["Focus", "PlacesStage", "Toponym", "precision_of", "recognise", "resolve"]


@register
class PlacesStage(Stage):
    """Find toponyms and resolve them to gazetteer entries."""

    name = "places"
    requires = ("article.doc", "article.text")
    assigns = ("article.places",)
    spacy_components = ("ner",)

    demonyms = False
    """Read demonyms as their country (set True to follow corpora that annotate them)."""

    gazetteer: Gazetteer | None = None

    def initialize(self, stages: Sequence[Stage]) -> None:
        if PlacesStage.gazetteer is None:  # once per process: the file is read-only
            PlacesStage.gazetteer = Gazetteer()

    def __call__(self, article: Article) -> None:
        if article.doc is None:  # not parsed: not in a language the models read
            article.places = []
            return
        gazetteer = self.gazetteer
        assert gazetteer is not None, "initialize() first"
        toponyms = recognise(article.doc, gazetteer, self.demonyms)
        focus = dateline_focus(article.dateline, gazetteer)
        article.places = resolve(toponyms, focus, gazetteer, article.text)
