"""The `mentions` stage: the named entities of the parse, as Mentions with offsets.

Numbers, dates, times and amounts are not mentions: the time and claims stages read
them from the parse and give them values.
"""

from __future__ import annotations

from eventwire.model import Article, Mention
from eventwire.stages.base import Stage, register
from eventwire.stages.nlp import doc_ents

NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)


@register
class MentionsStage(Stage):
    """Copy the recogniser's named entities into the article."""

    name = "mentions"
    requires = ("article.doc",)
    assigns = ("article.mentions",)
    spacy_components = ("ner",)

    def __call__(self, article: Article) -> None:
        if article.doc is None:  # not parsed: not in a language the models read
            return
        article.mentions = [
            Mention(ent.start_char, ent.end_char, ent.text, ent.label_)
            for ent in doc_ents(article.doc)
            if ent.label_ in NAMED_LABELS
        ]
