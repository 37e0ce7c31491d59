"""Dates and datelines in scraped text, parsed with regular expressions and `datetime`.

Only complete dates written with a month name ("Dec. 12, 2016", "12 December 2016") or in
ISO form ("2016-12-12") count; numeric dates such as 12/11/2016 are ambiguous and are
skipped, and a date without a year is never completed. Split out of `clean` (which uses
them to find the publication date and the dateline) to keep each module small.

This module imports nothing from the project, so any stage may use it.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "DATE_LABEL",
    "DATE_LEAD",
    "LABEL_RANK",
    "MONTH",
    "RANK_DATELINE",
    "RANK_HEADER_DATE",
    "WHEN",
    "find_date",
    "find_dateline",
    "is_bare_date",
]

# --- dates -------------------------------------------------------------------------------

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DATES = (
    re.compile(
        rf"\b(?P<mon>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})\.?,?\s+"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<year>\d{4})-(?P<num>\d{2})-(?P<day>\d{2})\b"),
)
_TIME_WORDS = re.compile(
    r"(?ix)\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?|\b[ap]\.?m\.?"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:at|on|updated|published)\b"
    r"|\b[A-Z]{2,4}T\b|\b(?:GMT|UTC|ET|PT|CT|MT)\b|[+-]\d{2}:?\d{2}|[\s,|·•/()\-\u2013\u2014:]"
)


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first complete date in `text` as ISO, and the match that carried it."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = _MONTHS[parts["mon"][:3].lower()] if parts.get("mon") else int(parts["num"])
            try:
                day = dt.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            found.append((match.start(), day.isoformat(), match))
            break
    if not found:
        return None
    _, iso, match = min(found, key=lambda item: item[0])
    return iso, match


def is_bare_date(text: str) -> bool:
    """A line that only says when: a date, maybe a weekday, a time and a zone."""
    found = find_date(text)
    if found is None or len(text) > 80:
        return False
    _, match = found
    rest = text[: match.start()] + " " + text[match.end() :]
    return not _TIME_WORDS.sub("", rest).strip()


DATE_LABEL = re.compile(
    r"(?i)^(?:(?:first|originally|last)\s+)?(?P<label>published|posted|updated|modified)"
    r"\b(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.*)$"
)
LABEL_RANK = {"published": 0, "posted": 1, "updated": 4, "modified": 4}
DATE_LEAD = 30
"""How far into a "Published" line its date may start (after a weekday or a time)."""
WHEN = re.compile(
    r"(?i)(?:\d{1,2}[:.]\d{2}|\d+\s+(?:sec|min|hour|hr|day|week|month)\w*\s+ago|"
    r"(?:today|yesterday)\b)"
)
RANK_DATELINE = 2
RANK_HEADER_DATE = 3


# --- the dateline --------------------------------------------------------------------------

_DL_CAPS = r"[A-Z][A-Z'\u2019.\-]+(?:\s+[A-Z][A-Z'\u2019.\-]*)*"
_DL_TITLE = r"[A-Z][a-z'\u2019.\-]+(?:\s+[A-Z][a-z'\u2019.\-]+){0,3}"
_DL_REGION = rf"(?:,\s+(?!{MONTH}\b)[A-Z][\w'\u2019.\-]*(?:\s+[A-Z][\w'\u2019.\-]*){{0,3}})"
_DL_DATE = (
    rf"(?:,?\s+(?P<date>{MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}\.?"
    r"(?:,?\s+\d{4})?))"
)
_DL_AGENCY = r"(?:\s+\((?P<agency>[A-Z][\w.&'\u2019 -]{0,30})\))"
_DL_DASH = r"(?:\s*[\u2014\u2013]\s*|\s+--?\s+)"
_DATELINES = (
    # BEIRUT — / KYIV, Ukraine — / GAZA CITY, Gaza Strip (AP) —
    re.compile(rf"(?P<place>{_DL_CAPS}{_DL_REGION}?){_DL_DATE}?{_DL_AGENCY}?{_DL_DASH}"),
    # New York (AFP) / WASHINGTON, Dec. 12 (Reuters): a place in title case, or a colon
    # after it, counts only with an agency or a date ("HEADLINE: ..." is no dateline).
    re.compile(
        rf"(?P<place>(?:{_DL_CAPS}|{_DL_TITLE}){_DL_REGION}?)(?=,?\s+{MONTH}|\s+\()"
        rf"{_DL_DATE}?{_DL_AGENCY}?(?:{_DL_DASH}|:\s+)"
    ),
)
_NOT_PLACES = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS WATCH LIVE OPINION NEW VIDEO PHOTOS FILE "  # noqa: SIM905
    "CORRECTION URGENT FLASH NOTE EDITOR'S EDITOR\u2019S EDITORS".split()
)
"""Capitalised words that open a paragraph like a dateline but name no place."""


def find_dateline(unit: str) -> re.Match[str] | None:
    """The dateline opening `unit` ("BEIRUT (AP) —"), or None."""
    for pattern in _DATELINES:
        match = pattern.match(unit)
        if match is None or match["place"].split()[0].rstrip(",") in _NOT_PLACES:
            continue
        # In text all in capitals a capitalised phrase before a dash is as likely a clause
        # as a place: without a date or an agency it is no dateline.
        rest = unit[match.end() : match.end() + 60]
        if match["date"] or match["agency"] or not rest.isupper():
            return match
    return None
