"""The `text` stage: turn what was read into the clean body, its id and a title.

Cleaning here is deliberately conservative (Unicode NFC, one kind of line break, no
trailing spaces, no runs of blank lines): every later offset points into the result.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from eventwire.errors import InputError
from eventwire.model import Article
from eventwire.stages.base import Stage, register

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_TITLE_MAX = 200
_SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "\u201d")


def clean_text(raw: str) -> str:
    """The body as stored: NFC, LF line breaks, no BOM, no trailing or repeated blanks."""
    text = unicodedata.normalize("NFC", raw.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip()


def article_id(text: str) -> str:
    """First 16 hex digits of SHA-256 of the body with its whitespace collapsed, so the
    same report read twice, with other line breaks or spacing, gets the same id."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, alone, not a sentence."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not rest.strip() or not first or len(first) > _TITLE_MAX:
        return None
    return None if first.endswith(_SENTENCE_END) else first


@register
class TextStage(Stage):
    """Clean the raw text into the body every offset points into; give it an id."""

    name = "text"
    requires = ("article.raw",)
    assigns = ("article.text", "article.id", "article.title")

    def __call__(self, article: Article) -> None:
        text = clean_text(article.raw)
        if not text:
            where = article.source.path or article.source.url or "<input>"
            raise InputError(where, "no text: the input is empty or only whitespace")
        article.text = text
        article.id = article_id(text)
        if article.title is None:
            article.title = headline(text)
