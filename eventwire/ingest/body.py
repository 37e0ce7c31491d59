"""From what was read to the article body: the one path every input takes.

An HTML page first loses its markup and furniture (`extract_html`); then any text, from
a page or a scraped .txt file, is normalised (`clean_text`) and cleaned of the furniture
that scrapers leave in (`clean_scraped`): repeated headline, captions and credits,
trailers. Hard-wrapped text (wire copy, e-mail) is joined into paragraphs there first, so
the body of such a report is its reflowed text, and every offset points into it. The
pipeline's text stage and the extraction scorer both call `extract_body`, so what is
measured is what is stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from eventwire.ingest.clean import clean_scraped
from eventwire.ingest.html import extract_html

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


def clean_text(raw: str) -> str:
    """Text as stored: NFC, LF line breaks, no BOM, no trailing or repeated blanks."""
    text = unicodedata.normalize("NFC", raw.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip()


@dataclass(frozen=True, slots=True)
class Body:
    """The article body and what the input says about the article."""

    text: str
    title: str | None = None
    author: str | None = None
    dateline: str | None = None
    captions: list[str] = field(default_factory=list)
    published_metadata: str | None = None
    """Publication date declared by the page (ISO)."""
    published_text: str | None = None
    """Publication date found in the text (ISO)."""
    sitename: str | None = None
    url: str | None = None


def extract_body(
    raw: str, format: str = "text", url: str | None = None, where: str | None = None
) -> Body:
    """The clean body of one input (plain or scraped text, or an HTML page) and its
    metadata. Raises InputError when an HTML page has no article text."""
    if format != "html":
        scraped = clean_scraped(clean_text(raw))
        return Body(
            text=scraped.body,
            title=scraped.title,
            dateline=scraped.dateline,
            captions=list(scraped.captions),
            published_text=scraped.published,
        )
    page = extract_html(raw, url, where=where)
    # The page's title goes on top, where a scraped page has it, so the cleaner knows it.
    text = f"{page.title}\n\n{page.text}" if page.title else page.text
    scraped = clean_scraped(clean_text(text))
    captions = list(page.captions)
    captions += [c for c in scraped.captions if c not in captions]
    return Body(
        text=scraped.body,
        title=page.title or scraped.title,
        author=page.author,
        dateline=scraped.dateline,
        captions=captions,
        published_metadata=page.published,
        published_text=scraped.published,
        sitename=page.sitename,
        url=page.url,
    )


__all__ = ["Body", "clean_text", "extract_body"]
