"""Scraped article text: keep the body, take the page furniture around it apart.

A scraped page carries more than the report: the headline twice (the HTML <title> and the
h1), a deck, photo captions and their credits, a date line, share buttons and a trailer of
tags and links. `clean_scraped` finds the first real paragraph, keeps every paragraph from
there on whole and verbatim, and removes only what a general signal marks as furniture;
each removal is listed with its reason so that it can be audited. When in doubt a
paragraph stays: losing a sentence of the report is worse than keeping a stray line.

Hard-wrapped text is joined into paragraphs first (`reflow`); dates and datelines are
read by `dates` (regular expressions and `datetime`, not dateparser: only complete dates
count, a date without a year is never completed).

This module imports nothing from the project but `reflow` and `dates`, so any stage may
use it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from eventwire.ingest.dates import (
    DATE_LABEL,
    DATE_LEAD,
    LABEL_RANK,
    MONTH,
    RANK_DATELINE,
    RANK_HEADER_DATE,
    WHEN,
    find_date,
    find_dateline,
    is_bare_date,
)
from eventwire.ingest.reflow import reflow

__all__ = ["Scraped", "clean_scraped"]


@dataclass(frozen=True, slots=True)
class Scraped:
    """The body of a scraped report and what was taken out of it."""

    body: str
    """The paragraphs of the report, whole and verbatim (hard-wrapped lines joined),
    separated by blank lines."""
    title: str | None = None
    captions: list[str] = field(default_factory=list)
    """Each distinct photo caption once, with its credit attached."""
    dateline: str | None = None
    """The dateline place as written ("BEIRUT", "KYIV, Ukraine"); it stays in `body`."""
    dateline_offset: tuple[int, int] | None = None
    """Start and end (exclusive) of `dateline` in `body`."""
    published: str | None = None
    """ISO date of publication found in the text; never completed when partial."""
    published_text: str | None = None
    """The date as written where `published` came from."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    """Every unit taken out of the body, with the reason, in text order."""


# --- lines of page furniture -----------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
_HEADLINE_END = (".", "!", "?", ":", ";", ",", '"', "\u201d")
_HEADLINE_MAX = 200
_FURNITURE_MAX = 120
_TRAILER_MAX = 250
_CAPTION_MAX = 600
_CREDITED_MAX = 250
_DECK_SENTENCE_MAX = 160
_HEADER_WINDOW = 10
_PARAGRAPH_WORDS = 5
_HEADER_LINES_MAX = 4
"""More unexplained lines than this before the first paragraph are content, not a header."""

_FURNITURE = re.compile(
    r"""(?ix)
    (?:advertisements?|advert|sponsored(?:\s+content)?|ad)
    |(?:story|article)\s+continues\s+(?:below|after)\b.*
    |continue\s+reading\b.*
    |scroll\s+(?:down\s+)?to\s+continue\b.*
    |skip\s+(?:ad|advertisement|to\s+(?:the\s+)?(?:main\s+)?content)
    |(?:share|tweet|email|e-mail|print|save|pin|copy\s+link|whatsapp|facebook|twitter|x
       |linkedin|reddit|messenger|flipboard|telegram)
     (?:\s*[,|·•/]?\s*(?:share|tweet|email|e-mail|print|save|pin|copy\s+link|whatsapp
       |facebook|twitter|x|linkedin|reddit|messenger|flipboard|telegram))*\s*:?
    |(?:share|tweet|email|print)\s+(?:this|the)\s+(?:article|story|page|post)\b.*
    |(?:watch|listen|video|videos|photos?|gallery|image|images|play(?:\s+video)?|close
       |expand|enlarge|loading(?:\.\.\.|\u2026)?)\s*:?
    |(?:watch|listen|video|related\s+video)\s*:\s*.+
    |listen\s+to\s+(?:this|the)\s+(?:article|story)\b.*
    |(?:view|open|see)\s+(?:the\s+)?(?:gallery|image|photos?|all\s+photos|slideshow)\b.*
    |\d+\s+(?:photos?|images)
    """
)
_OPENER = re.compile(
    r"""(?ix)
    (?:filed\s+under|tags?|tagged(?:\s+with)?|topics?|categor(?:y|ies)|keywords
    |related(?:\s+(?:stories|articles|content|coverage|news|topics|links|reading|videos?))?
    |more\s+(?:from|on|about|in)\b.{0,60}|more\s+(?:stories|news|coverage)
    |read\s+(?:more|next|also)|also\s+read|see\s+also|further\s+reading
    |recommended(?:\s+(?:for\s+you|stories|reading))?|most\s+(?:read|popular|viewed|shared)
    |trending(?:\s+now)?|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)
    |latest(?:\s+(?:news|stories))?|top\s+stories|editor.?s\s+picks?
    |what\s+to\s+read\s+next|in\s+other\s+news)\s*:?
    """
)
_TRAILER = re.compile(
    r"""(?ix)
    ^(?:filed\s+under|tags?|tagged(?:\s+with)?|topics?|keywords|related|read\s+(?:more|also)
      |also\s+read|more\s+from|see\s+also|recommended|most\s+read)\s*:\s*\S
    |^(?:share\s+(?:this|on|via)|follow\s+(?:us|\S+(?:\s+\S+){0,3}\s+on)\b|subscribe\b
      |sign\s+up\b|like\s+us\s+on|click\s+here\b|download\s+(?:our|the)\s+\S+\s+app)
    |\bnewsletters?\b.*\b(?:sign\s+up|subscribe|inbox|delivered)|\b(?:sign\s+up|subscribe)
      \b.*\bnewsletters?\b
    |^(?:\d+\s+)?comments?\b|^(?:leave|post|add|write|view|show|read|hide|load)\s+
      (?:a\s+|all\s+|the\s+)?(?:\d+\s+)?comments?\b|^have\s+your\s+say\b
    |^join\s+the\s+(?:discussion|conversation|debate)\b
    |^(?:\u00a9|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b
    """
)
_BYLINE = re.compile(r"^(?i:by|words\s+by|story\s+by|written\s+by)\s+[A-Z\u00c0-\u024f]")


# --- captions and credits ----------------------------------------------------------------

_CREDIT_PAREN = re.compile(r"\((?P<credit>[^()]{2,150})\)\s*$")
_CREDIT_NAME = r"(?-i:[A-Z])[\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,4}"
_CREDIT_IN_PAREN = re.compile(
    # Name/Agency/Getty Images, or a credit word, or a picture library's name.
    rf"(?i)^{_CREDIT_NAME}(?:\s*/\s*{_CREDIT_NAME})+$"
    r"|^(?:photo|image|picture|photograph|credit|file|courtesy|illustration|video\s+grab)s?\b"
    r"|\bgetty\s+images\b|\bshutterstock\b|\balamy\b"
)
_CREDIT_TAIL = re.compile(
    r"""(?x)
    (?:\b(?:REUTERS|AFP|EPA|AP|XINHUA|ANADOLU)(?:\s+PHOTO)?\s*/\s*[A-Z][^!?\n]{1,60}
    |(?:^|(?<=[.!?)\]\u2014|]\s))(?i:photo(?:graph)?|image|picture|credit|photo\s+credit
      |photography)s?\s*(?:\bby\b|:)[^\S\n]*[^.!?\n]{2,80}
    |(?:^|/\s*|\bvia\s+)(?i:getty\s+images|shutterstock|alamy)
    )\s*$
    """
)
_CREDIT_PREFIX = re.compile(
    r"(?i)^(?:(?:photo(?:graph)?|image|picture|credit|photo\s+credit|caption|pictured"
    r"|file\s+photo)s?\s*:|(?:image|media|photo)\s+(?:copyright|caption|source|credit)\b:?)\s*"
)
_CAPTION_OPENING = re.compile(
    r"^(?:FILE\s*[-\u2013\u2014]\s|In\s+this\s+(?:[\w,.-]+\s+){0,6}?(?:photo|image|picture"
    r"|photograph|file\s+photo|video\s+grab|frame\s+grab|handout)\b)"
)
_DEPICTION = re.compile(
    r"(?i)\b(?:is|are)\s+(?:seen|pictured|shown|photographed)\b|\b(?:carr(?:y|ies)|walks?"
    r"|stands?|sits?|holds?|gestures?|poses?|reacts?|mourns?|inspects?|rides?|waves?|cries"
    r"|runs?|flees|prays?|rests?|waits?|gathers?|marches|chants?|looks?\s+on|rises|burns"
    r"|billows|lies|lie)\b"
)
_ATTRIBUTION = re.compile(r"(?i)\b(?:said|says|told|according\s+to)\b|[\"\u201c\u201d]")
_DATE_AT_END = re.compile(
    rf"(?i)(?:{MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\.?"
    r",?\s+\d{4})\.?\s*$"
)
_EMBED = re.compile(r"@\w|https?://")
"""An embedded post (a tweet ends with its date too) is a quotation, not a caption."""
_WORD = re.compile(r"[^\W\d_]{2,}")


_PAREN_REACH = 160
_TAIL_REACH = 130
"""No credit in parentheses, and no trailing credit, spans more characters than these: the
end-anchored searches start there instead of trying every position of a long paragraph
(with a start position, `^` still means the start of the unit)."""


def _credit_start(unit: str) -> int | None:
    """Where a photo credit at the end of `unit` begins, or None."""
    match = _CREDIT_PAREN.search(unit, max(0, len(unit) - _PAREN_REACH))
    if match and _CREDIT_IN_PAREN.search(match["credit"].strip()):
        return match.start()
    match = _CREDIT_TAIL.search(unit, max(0, len(unit) - _TAIL_REACH))
    return match.start() if match else None


def _caption_kind(unit: str) -> str | None:
    """What photo furniture a unit is: "caption", "credit" (a credit alone) or None."""
    if len(unit) > _CAPTION_MAX or "\n" in unit:
        return None
    prefix = _CREDIT_PREFIX.match(unit)
    if prefix:
        rest = unit[prefix.end() :]
        return "caption" if len(rest.split()) >= 6 and _SENTENCE_END.search(rest) else "credit"
    start = _credit_start(unit)
    if start is not None:
        return "caption" if len(_WORD.findall(unit[:start])) >= 2 else "credit"
    if _CAPTION_OPENING.match(unit):
        return "caption"
    if _DATE_AT_END.search(unit, max(0, len(unit) - 40)) and _DEPICTION.search(unit):
        return None if _EMBED.search(unit) else "caption"
    return None


_FOLD = str.maketrans("\u2018\u2019\u201c\u201d\u2013\u2014\u00a0", "''\"\"-- ")


def _fold(text: str) -> str:
    """Text for comparisons only: straight quotes, plain dashes, one space, lower case."""
    return " ".join(text.translate(_FOLD).split()).lower()


def _key(unit: str) -> str:
    """What two copies of a caption share: the text without its credit, folded."""
    start = _credit_start(unit)
    text = unit[:start] if start is not None and start > 0 else unit
    return _fold(text).rstrip(" .")


# --- the title -----------------------------------------------------------------------------

_TITLE_SEP = r"[-\u2013\u2014|:\u00b7\u2022\u00bb\u00ab/~]+"
_TITLE_TAIL = re.compile(rf"\s*{_TITLE_SEP}(?:\s+\S.{{0,59}})?")
_TITLE_HEAD = re.compile(rf".{{0,60}}?\s*{_TITLE_SEP}\s*")
_TITLE_FIRST = 3
"""The <title> or h1 copy of a headline comes among the first few lines of a page."""
_TITLE_GAP = 3


def _is_headline(unit: str) -> bool:
    """Short, one line, not a sentence (the rule of `stages.text.headline`)."""
    return 0 < len(unit) <= _HEADLINE_MAX and "\n" not in unit and not unit.endswith(_HEADLINE_END)


def _could_be_title(unit: str) -> bool:
    """A repeated headline may end in "?" or "!", but not like a paragraph of prose; it has
    words (a table row or a lone dash repeated is no headline)."""
    return (
        0 < len(unit) <= _HEADLINE_MAX
        and "\n" not in unit
        and not unit.endswith(".")
        and not unit.startswith("|")
        and len(_WORD.findall(unit)) >= 2
    )


def _title_pair(first: str, second: str) -> str | None:
    """The clean title when one unit repeats the other with a separator and maybe a site."""
    if len(first) > _HEADLINE_MAX + 80 or len(second) > _HEADLINE_MAX + 80:
        return None
    a, b = _fold(first), _fold(second)
    if a == b:
        return first if _could_be_title(first) else None
    (long, short), clean = ((a, b), second) if len(a) > len(b) else ((b, a), first)
    if len(short.split()) < 2 or not _could_be_title(clean):
        return None
    if long.startswith(short) and _TITLE_TAIL.fullmatch(long[len(short) :]):
        return clean
    if long.endswith(short) and _TITLE_HEAD.fullmatch(long[: -len(short)]):
        return clean
    return None


# --- units ---------------------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019]?\s+\S")
_CONTINUES = re.compile(r"[^.!?:;\"'\u201d\u2019)\]]$")


def _units(text: str) -> list[str]:
    """Paragraphs: blocks between blank lines, or the lines of a block when its lines are
    paragraphs of their own (scrapers often put one paragraph per line). A block whose lines
    run on into each other (a hard-wrapped paragraph) stays whole."""
    units: list[str] = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if len(lines) < 2:
            units.extend(lines)
            continue
        runs_on = sum(
            1
            for line, after in itertools.pairwise(lines)
            if _CONTINUES.search(line) and after[:1].islower()
        )
        if runs_on >= max(1, 0.3 * (len(lines) - 1)):
            units.append(block.strip())
        else:
            units.extend(lines)
    return units


def _is_paragraph(unit: str) -> bool:
    """A unit that reads as prose: a few words ending like a sentence."""
    return len(unit.split()) >= _PARAGRAPH_WORDS and bool(_SENTENCE_END.search(unit))


def _opens_report(unit: str) -> bool:
    """Prose, or a paragraph that opens with a dateline (whatever it ends with)."""
    if _is_paragraph(unit) or len(_SENTENCE_BREAK.findall(unit)) >= 2:
        return True
    return len(unit.split()) >= _PARAGRAPH_WORDS and find_dateline(unit) is not None


def _furniture(unit: str) -> bool:
    return len(unit) <= _FURNITURE_MAX and bool(_FURNITURE.fullmatch(unit.rstrip(" .")))


def _trailer(unit: str) -> bool:
    return len(unit) <= _TRAILER_MAX and bool(_TRAILER.search(unit))


def _opener(unit: str) -> bool:
    """A heading that opens a list of links or tags ("Related", "Filed under:")."""
    return len(unit) <= 80 and bool(_OPENER.fullmatch(unit))


# --- the whole ---------------------------------------------------------------------------


class _Page:
    """The units of one page and the reason each one leaves the body (None: it stays)."""

    def __init__(self, text: str) -> None:
        self.units = _units(text)
        self.reasons: list[str | None] = [None] * len(self.units)
        self.kinds = [_caption_kind(unit) for unit in self.units]
        self.keys = [_key(unit) if len(unit.split()) >= 6 else "" for unit in self.units]
        self.copies: dict[str, list[int]] = {}
        for index, key in enumerate(self.keys):
            if key:
                self.copies.setdefault(key, []).append(index)
        for index in range(1, len(self.units)):
            # A credit on its own line belongs to the sentence before it when that sentence
            # describes a picture rather than reports what someone said.
            before = self.units[index - 1]
            if (
                self.kinds[index] == "credit"
                and self.kinds[index - 1] is None
                and len(before) <= _CREDITED_MAX
                and _is_paragraph(before)
                and _DEPICTION.search(before)
                and not _ATTRIBUTION.search(before)
                and find_dateline(before) is None
            ):
                self.kinds[index - 1] = "caption"
        for indices in self.copies.values():
            # A caption shown twice: the copy without a credit is a caption too.
            if len(indices) > 1 and any(self.kinds[i] for i in indices):
                for i in indices:
                    self.kinds[i] = self.kinds[i] or "caption"
        self.dates: list[tuple[int, str, str]] = []
        """(rank, ISO date, date as written) for every publication date seen."""
        self.title: str | None = None

    def repeated(self, index: int) -> bool:
        key = self.keys[index]
        return bool(key) and len(self.copies[key]) > 1

    def dated(self, index: int) -> bool:
        """A short "Published: ..." line: note its date; True when it is a date line."""
        unit = self.units[index]
        match = DATE_LABEL.match(unit)
        if match is None or len(unit) > 150:
            return False
        rest = match["rest"]
        found = find_date(rest)
        if found and found[1].start() <= DATE_LEAD:
            self.dates.append((LABEL_RANK[match["label"].lower()], found[0], rest))
            return True
        return bool(WHEN.match(rest))

    def _full_paragraph(self, index: int) -> bool:
        """Prose longer than a deck: several sentences, or one long one."""
        unit = self.units[index]
        long = len(unit) > _DECK_SENTENCE_MAX or _SENTENCE_BREAK.search(unit) is not None
        return long and self.kinds[index] is None and _opens_report(unit)

    def find_title(self) -> int:
        """Mark a headline given twice; the index after its second copy (0: none). A line
        repeated after a whole paragraph of the report (a recurring speaker tag in a
        transcript) is no headline."""
        for i in range(min(len(self.units), _TITLE_FIRST)):
            for j in range(i + 1, min(len(self.units), i + 1 + _TITLE_GAP)):
                if self.kinds[i] or self.kinds[j]:
                    continue
                if any(self._full_paragraph(k) for k in range(j)):
                    return 0
                title = _title_pair(self.units[i], self.units[j])
                if title is not None:
                    self.title = title
                    self.reasons[i] = self.reasons[j] = "title"
                    return j + 1
        return 0

    def body_start(self, after: int) -> int | None:
        """The first real paragraph: prose that is not a caption, furniture or a repeat."""
        start = None
        for index in range(after, len(self.units)):
            unit = self.units[index]
            if (
                self.reasons[index] is None
                and self.kinds[index] is None
                and not self.repeated(index)
                and not _furniture(unit)
                and not _trailer(unit)
                and DATE_LABEL.match(unit) is None
                and _opens_report(unit)
            ):
                start = index
                break
        first = self.units[start] if start is not None else ""
        if start is None or find_dateline(first) or len(first) > _DECK_SENTENCE_MAX:
            return start
        if re.search(r"[.!?]\s", first):
            return start
        # A short one-sentence standfirst before a paragraph that opens with a dateline is
        # not the body: the dateline marks where the report begins.
        for index in range(start + 1, min(len(self.units), start + _HEADER_WINDOW)):
            unit = self.units[index]
            if find_dateline(unit) and _opens_report(unit):
                return index
            if self.kinds[index] is None and not _furniture(unit) and _is_paragraph(unit):
                return start
        return start

    def lead_in(self, start: int, after: int) -> int:
        """Prose ending in a colon right before the first paragraph ("The command reports
        the following:") introduces it: it is part of the report, not a header."""
        while start > after:
            unit = self.units[start - 1]
            if not (
                self.reasons[start - 1] is None
                and self.kinds[start - 1] is None
                and unit.endswith(":")
                and len(unit.split()) >= _PARAGRAPH_WORDS
                and not self.repeated(start - 1)
                and not (_furniture(unit) or _trailer(unit) or _opener(unit))
                and DATE_LABEL.match(unit) is None
            ):
                break
            start -= 1
        return start

    def header(self, start: int, title_end: int) -> int:
        """Everything before the first real paragraph is furniture of some kind; returns
        where the body starts. Many unexplained lines there are content (a list, a
        table), not a header: then they stay, and only what a signal marks leaves."""
        unexplained: list[int] = []
        for index in range(start):
            if self.reasons[index] is not None:
                continue
            unit = self.units[index]
            if self.kinds[index]:
                self.reasons[index] = self.kinds[index]
            elif self.repeated(index) and _is_paragraph(unit):
                # Prose shown twice before the report begins: a caption without a credit.
                self.reasons[index] = "caption"
            elif self.dated(index):
                self.reasons[index] = "date line"
            elif is_bare_date(unit):
                found = find_date(unit)
                if found:
                    self.dates.append((RANK_HEADER_DATE, found[0], found[1][0]))
                self.reasons[index] = "date line"
            elif _BYLINE.match(unit) and not _is_paragraph(unit):
                self.reasons[index] = "byline"
            elif _furniture(unit) or _trailer(unit):
                self.reasons[index] = "furniture"
            elif self.title is None and _is_headline(unit):
                self.title = unit
                self.reasons[index] = "title"
                title_end = index + 1
            elif index == title_end and self.title is not None:
                self.reasons[index] = "deck"
                unexplained.append(index)
            else:
                self.reasons[index] = "header"
                unexplained.append(index)
        if len(unexplained) <= _HEADER_LINES_MAX:
            return start
        for index in unexplained:
            self.reasons[index] = None
        return unexplained[0]

    def trailer(self, start: int) -> int:
        """Cut at a heading that opens a closing list of links or tags; the new end."""
        for index in range(start + 1, len(self.units)):
            rest = range(index + 1, len(self.units))
            if _opener(self.units[index]) and all(
                len(self.units[i]) <= _TRAILER_MAX or self.kinds[i] for i in rest
            ):
                for i in range(index, len(self.units)):
                    self.reasons[i] = self.kinds[i] or "trailer"
                return index
        return len(self.units)

    def body(self, start: int, end: int) -> None:
        """Inside the body only units with a signal of their own leave."""
        for index in range(start, end):
            unit = self.units[index]
            if self.kinds[index]:
                self.reasons[index] = self.kinds[index]
            elif self.dated(index):
                self.reasons[index] = "date line"
            elif _furniture(unit):
                self.reasons[index] = "furniture"
            elif _trailer(unit) or _opener(unit):
                self.reasons[index] = "trailer"

    def captions(self) -> list[str]:
        """Distinct captions in text order; a credit on its own line joins its caption.
        Two captions are one when they differ only in quotes, dashes, spacing, case, a
        final full stop or the presence of the credit; the longer copy is kept."""
        captions: list[str] = []
        seen: dict[str, int] = {}
        for index, unit in enumerate(self.units):
            reason = self.reasons[index]
            if reason not in ("caption", "credit"):
                continue
            if reason == "credit" and index and self.reasons[index - 1] == "caption" and captions:
                if not captions[-1].endswith(unit):
                    captions[-1] = f"{captions[-1]} {unit}"
                continue
            key = _key(unit) or _fold(unit)
            if key in seen:
                self.reasons[index] = "repeated caption"
                if len(unit) > len(captions[seen[key]]):
                    captions[seen[key]] = unit
                continue
            seen[key] = len(captions)
            captions.append(unit)
        return captions


def clean_scraped(text: str) -> Scraped:
    """Split scraped text (normalised by `clean_text`) into the body and its furniture.
    Hard-wrapped text is reflowed into paragraphs first: its short wrapped lines would
    otherwise read as headlines and furniture, and the reflowed text is the body."""
    page = _Page(reflow(text))
    if not page.units:
        return Scraped(body="")
    title_end = page.find_title()
    start = page.body_start(title_end)
    if start is None:
        # No prose at all: take out only what is plainly furniture.
        start = title_end
        if page.title is None and _is_headline(page.units[0]) and len(page.units) > 1:
            page.title = page.units[0]
            page.reasons[0] = "title"
            start = 1
    else:
        start = page.header(page.lead_in(start, title_end), title_end)
    end = page.trailer(start)
    page.body(start, end)
    if all(page.reasons):
        # Everything looked like furniture: trust the text over the rules, bar the title.
        page.reasons = [reason if reason == "title" else None for reason in page.reasons]
        page.dates = []
    captions = page.captions()

    kept = [unit for unit, reason in zip(page.units, page.reasons, strict=True) if not reason]
    body = "\n\n".join(kept)
    dateline = offset = None
    match = find_dateline(kept[0]) if kept else None
    if match:
        dateline, offset = match["place"], (0, match.end("place"))
        if match["date"]:
            found = find_date(match["date"])
            if found:
                page.dates.append((RANK_DATELINE, found[0], match["date"]))
    published = published_text = None
    if page.dates:
        _, published, published_text = min(page.dates, key=lambda item: item[0])
    removed = [
        (unit, reason)
        for unit, reason in zip(page.units, page.reasons, strict=True)
        if reason is not None
    ]
    return Scraped(
        body=body,
        title=page.title,
        captions=captions,
        dateline=dateline,
        dateline_offset=offset,
        published=published,
        published_text=published_text,
        removed=removed,
    )
