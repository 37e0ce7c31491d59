"""The `text` stage: turn what was read into the clean body, its id and its metadata.

The body is what every later offset points into. Publication date, by precedence: what
the record or page declares (metadata), else a date line in the text, else the date the
user gave (`--published`), else nothing, with the reason; it is never invented.
A body written in capitals is truecased (`ingest/truecase.py`) so the parse can read it,
and a common given name it left in lower case before a capitalised word gets its capital
("hector Ruiz" -> "Hector Ruiz"; `resources/actors/given_names.json`);
the id is taken before, from the body as sent.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from functools import lru_cache

from eventwire.errors import InputError
from eventwire.ingest.body import extract_body
from eventwire.ingest.metadata import iso_date
from eventwire.ingest.truecase import Tagger, mostly_upper, truecase
from eventwire.model import Article
from eventwire.resources.actor_dictionary import ACTORS_DIR, load_actors
from eventwire.resources.gazetteer import Gazetteer
from eventwire.stages.base import Stage, register

_NAME_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLIX", "PCL", "ADM1"})


def article_id(text: str) -> str:
    """First 16 hex digits of SHA-256 of the body with its whitespace collapsed, so the
    same report read twice, with other line breaks or spacing, gets the same id."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names, lower case (`resources/actors/given_names.json`)."""
    source = ACTORS_DIR / "given_names.json"
    return frozenset(json.loads(source.read_text("utf-8"))["names"])


_LOWER_BEFORE_NAME = re.compile(r"\b([a-z]+)(?= [A-Z][a-z])")


def capitalise_given_names(text: str) -> str:
    """A given name left in lower case just before a capitalised word ("hector Ruiz",
    "pedro Rafael Ruiz") gets its capital: truecasing reads many such names as ordinary
    words. Runs of them are read from the right; the length stays the same."""
    names = given_names()
    chars = list(text)
    changed = True
    while changed:
        changed = False
        for match in _LOWER_BEFORE_NAME.finditer("".join(chars)):
            if match.group(1) in names:
                chars[match.start()] = chars[match.start()].upper()
                changed = True
    return "".join(chars)


@register
class TextStage(Stage):
    """Extract and clean the body; give it an id, a title, a dateline and a date."""

    name = "text"
    requires = ("article.raw", "article.format")
    assigns = (
        "article.text",
        "article.id",
        "article.title",
        "article.author",
        "article.dateline",
        "article.captions",
        "article.published",
    )

    _gazetteer: Gazetteer | None = None

    def __call__(self, article: Article) -> None:
        where = article.source.path or article.source.url or "<input>"
        body = extract_body(article.raw, article.format, article.source.url, where)
        if not body.text.strip():
            raise InputError(where, "no text: the input is empty or only page furniture")
        article.text = body.text
        article.id = article_id(body.text)
        if mostly_upper(body.text):
            article.text = capitalise_given_names(
                truecase(body.text, self._tagger(), self._known_name)
            )
        article.title = article.title or body.title
        article.author = article.author or body.author
        article.dateline = body.dateline
        article.captions = body.captions
        article.source.outlet = article.source.outlet or body.sitename
        article.source.url = article.source.url or body.url
        date_article(article, body.published_metadata, body.published_text)

    def _tagger(self) -> Tagger:
        """The model's tagger and recogniser, loaded only when an all-caps report comes."""
        from eventwire.stages.nlp import load_pipeline

        return load_pipeline(self.settings.model, frozenset({"tagger", "ner"}))

    def _known_name(self, phrase: str, single: bool) -> bool:
        """A place or demonym of the gazetteer: a country, a first-level division, a
        demonym, or a town (of 100,000 people when the name is a single word, which
        may also be an English word); a single word only by its main name. Or a group
        of the actor dictionary named in two or three words ("shining path")."""
        if not single:
            group = load_actors().folded.get(phrase)
            if group is not None and group.kind == "group":
                return True
        try:
            if self._gazetteer is None:
                self._gazetteer = Gazetteer()
            candidates = self._gazetteer.lookup(phrase, with_variants=False)
        except (sqlite3.Error, OSError):
            return False  # no gazetteer at hand: the tagger's capitals stand alone
        for candidate in candidates:
            entry = candidate.entry
            if candidate.kind == "demonym":
                return True
            if candidate.kind != "name" and (single or candidate.kind == "abbr"):
                continue  # alternate spellings hold English words ("part" for Perth)
            if entry.feature_code in _NAME_CODES:
                return True
            if (entry.population or 0) >= (100_000 if single else 1_000):
                return True
        return False


def date_article(article: Article, declared: str | None, in_text: str | None) -> None:
    """Set the publication date by precedence: metadata, text, given; else say why not."""
    if article.published_source == "metadata" and article.published:
        normalised = iso_date(article.published)
        if normalised:
            article.published = normalised
            return
        article.published_reason = f"the record's date {article.published!r} is not a date"
        article.published, article.published_source = None, None
    for value, source in ((declared, "metadata"), (in_text, "text")):
        if value:
            article.published, article.published_source = value, source  # type: ignore[assignment]
            article.published_reason = None
            return
    if article.published_source == "given" and article.published:
        return
    article.published = None
    article.published_source = None
    article.published_reason = article.published_reason or (
        "no date in the metadata or the text, and no --published"
    )
