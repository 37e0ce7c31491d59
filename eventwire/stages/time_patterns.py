"""The tables and regular expressions `time_rules` reads English time expressions with.

Data, not logic: month and weekday names, number words, units and their TimeML codes,
and one compiled pattern per family of expressions.
"""

from __future__ import annotations

import re
from typing import Literal

from eventwire.model import TimePrecision

Kind = Literal["date", "time", "duration", "set"]
Tense = Literal["past", "present", "future"]


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12,
    "dozen": 12, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
VAGUE = {"several", "few", "a few", "many", "some", "numerous", "a number of", "the"}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "final": 4, "last": 4}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 4, 5), "SU": (6, 7, 8), "FA": (9, 10, 11), "WI": (12, 1, 2)}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "noon": "MI",
         "overnight": "NI", "midday": "MI"}  # fmt: skip
UNITS = {
    "second": "S", "sec": "S", "minute": "M", "min": "M", "hour": "H", "hr": "H",
    "day": "D", "night": "D", "week": "W", "fortnight": "W", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
    "weekend": "WE",
}  # fmt: skip
CLOCK_UNITS = {"second", "sec", "minute", "min", "hour", "hr"}
FUTURE_MONTHS = 6
"""Without a tense, a month or date this many months ahead or more is taken as past."""
NEAR_MONTHS = 3
"""In a past-tense clause, a month or date without a year is the past one when that is in
the anchor's year (news style writes the year of any other); when it is in the year
before and the next one is at most this many months ahead, it is the next one: "Dec. 7"
in an October report ("declared a dividend payable Dec. 7") is the coming one."""
UNIT_PRECISION: dict[str, TimePrecision] = {
    "D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade",
}  # fmt: skip

_NUM_WORDS = "|".join(sorted((re.escape(k) for k in NUMBERS), key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(k) for k in VAGUE), key=len, reverse=True))
_UNIT = (
    r"(second|sec|minute|min|hour|hr|day|night|week|fortnight|month|quarter|year|yr|decade|"
    r"centur(?:y|ie)|weekend)s?"
)
_COUNT = rf"(\d+(?:[.,]\d+)?|(?:{_NUM_WORDS})(?:[ -](?:{_NUM_WORDS}))?(?: and a half)?|{_VAGUE})"
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thur?s?|fri|sat|"
    r"sun)\.?"
)
_PART = r"(morning|afternoon|evening|night|overnight|noon|midday)"
_YEAR = r"((?:1[5-9]|20)\d\d)"
_APPROX = (
    r"(?:(?:about|around|nearly|almost|some|at least|at most|more than|less than|over|under|"
    r"roughly|approximately|only|just|up to|fewer than|close to|well over|barely|the)\s+)?"
)
_MODIFIER = (
    r"(?:(?:early|earlier|late|later|mid|the middle of|the end of|the beginning of|the start of|"
    r"the first half of|the second half of|the early part of|the latter part of|the rest of|"
    r"the remainder of|end of|beginning of|start of|as early as|as late as|by|until|"
    r"sometime in|some time in|since)[\s-]+)?"
)


def _f(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Reference words: TimeML's PRESENT_REF / PAST_REF / FUTURE_REF.
_REFS = [
    (_f(r"(right )?now|currently|presently|at present|the present|nowadays|these days|"
        r"today's|at the moment|the moment|the present time|present"), "PRESENT_REF"),
    (_f(r"recently|lately|previously|formerly|earlier|in the past|the past|once|before|"
        r"recent|ago|some time ago|years ago|long ago|a while ago|"
        r"(?:past|earlier|previous) (?:days|weeks|months|years|decades)|"
        r"recent (?:days|weeks|months|years) and (?:days|weeks|months|years)|"
        r"(?:a few|several|many|some) (?:days|weeks|months|years|decades) ago"), "PAST_REF"),
    (_f(r"(?:the )?(?:near |distant |foreseeable |immediate )?future|soon|eventually|later|"
        r"someday|(?:the )?(?:coming|upcoming) quarters|"
        r"the days ahead|the months ahead|the years ahead|from time to time"), "FUTURE_REF"),
]  # fmt: skip

_DURATION = _f(
    rf"{_APPROX}(?:(?:the |a |an )?(?:last|past|next|coming|first|final|previous|following|"
    rf"latest|recent|initial|remaining|additional|further|other|same|entire|whole|full|"
    rf"preceding|ensuing|subsequent)\s+)?{_APPROX}{_COUNT}[\s-]+(?:more |full |straight |"
    rf"consecutive |additional |long |extra )?{_UNIT}(?:[\s-](?:long|old|plus))?"
)
_BARE_UNITS = _f(
    r"(?:(?:the )?(?:last|past|next|coming|upcoming|recent) )?(days|weeks|months|years|"
    r"decades|hours|minutes|centuries)(?: (?:or|and) (?:days|weeks|months|years|decades))?"
)
_RELATIVE_SHIFT = _f(
    rf"{_APPROX}{_COUNT}[\s-]+{_UNIT}(?: and {_COUNT} {_UNIT})? (ago|earlier|before|later|"
    rf"after|hence|from now|before that|after that|previously|back|since)"
)
_THIS_UNIT = _f(
    r"(?:(earlier|later|late|early) )?(this|last|next|the past|the previous|the coming|"
    r"the next|the|"
    r"that|the same|the current|the following|the latest|the preceding|a|this past|this coming)"
    r" (day|week|weekend|month|quarter|year|decade|century|fiscal year|calendar year|season|"
    r"half|semester)"
)
_DAYWORD = _f(
    r"(?:(?:earlier|later|late|early|late on|early on|earlier on) )?(today|tonight|tomorrow|"
    r"yesterday|"
    r"the day before yesterday|the day after tomorrow|this morning|this afternoon|this evening|"
    r"last night|last evening|tomorrow morning|tomorrow night|tomorrow evening|yesterday morning|"
    r"yesterday afternoon|yesterday evening|overnight|the night|the morning|the afternoon|"
    r"the evening|that day|the same day|that same day|the next day|the following day|"
    r"the day before|the previous day|the next morning|this weekend|last weekend|next weekend|"
    r"the weekend|the same day|that night|that morning|morning|afternoon|evening|night)"
)
_WEEKDAY_RE = _f(
    rf"(?:(?:earlier|later|late|early|late on|early on|earlier on|on) )?(?:(last|this|next|"
    rf"this past|"
    rf"this coming|past|coming) )?{_WEEKDAY}(?:,? {_MONTH} (\d{{1,2}})(?:st|nd|rd|"
    rf"th)?(?:,? {_YEAR})?)?"
    rf"(?: {_PART}| (?:at )?(\d{{1,2}})(?::(\d\d))? ?([ap]\.?m\.?))?"
)
_MONTH_DAY = _f(
    rf"{_MODIFIER}(?:{_WEEKDAY},? )?{_MONTH} (\d{{1,2}})(?:st|nd|rd|"
    rf"th)?(?:\s?-\s?\d{{1,2}})?(?:,? {_YEAR})?"
)
_DAY_MONTH = _f(rf"{_MODIFIER}(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}(?:,? {_YEAR})?")
_MONTH_YEAR = _f(
    rf"{_MODIFIER}(?:(last|this|next|past|the) )?{_MONTH}(?:,? (?:of )?(?:{_YEAR}|'(\d\d)))?"
)
_SEASON = _f(
    rf"{_MODIFIER}(?:(last|this|next|past|the|this past|this coming) )?(spring|summer|fall|"
    rf"autumn|winter)"
    rf"(?:,? (?:of )?{_YEAR})?"
)
_YEAR_ONLY = _f(
    rf"{_MODIFIER}(?:the )?(?:(?:fiscal|calendar|financial|model|the year|year|fy) )?{_YEAR}"
    rf"(?:(?: fiscal)? (?:year|period|season|time frame))?"
)
_YEAR_RANGE = _f(rf"(?:between |from )?{_YEAR}\s?(?:-|to|and|/|through|until)\s?(\d{{2,4}})")
_DECADE = _f(rf"{_MODIFIER}(?:the )?(?:(1[5-9]|20)(\d)0|'(\d)0)'?s")
_QUARTER = _f(
    rf"(?:(?:the |this |last |next |that |its |the latest |the same |the year-earlier |"
    rf"the year-ago |this year's |last year's |the fiscal |fiscal |(?:the )?{_YEAR}'?s? )*)"
    rf"(first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-](?:fiscal |"
    rf"calendar )?(?:-)?(quarter|half)"
    rf"(?:,? (?:of |in |ended |ending )?(?:fiscal |calendar )?(?:{_YEAR}|'(\d\d)))?"
)
_QUARTER_SHORT = _f(rf"(?:the )?(?:q([1-4])|([1-4])q)(?:[ -]?(?:{_YEAR}|'?(\d\d)))?")
_NUMERIC = _f(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})|(\d{4})-(\d{2})-(\d{2})")
_CLOCK = _f(
    r"(?:(?:at|about|around|shortly after|shortly before|just after|"
    r"just before) )?(\d{1,2})(?:[:.](\d\d))? ?"
    r"(a\.?m\.?|p\.?m\.?|o'clock)(?: (?:[a-z]{2,4}t|gmt|utc|local time))?(?:,? (.+))?"
)
_CLOCK_WORD = _f(r"(noon|midnight|midday)(?:,? (.+))?")
_CENTURY = _f(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century")
_SET = _f(
    rf"(?:every|each|per|a|once a|twice a|once every) (?:(other|{_COUNT}) )?({_UNIT[1:-3]}s?|"
    rf"{_WEEKDAY}|morning|night|evening)"
)
_SET_ADVERB = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    "every day": "P1D", "each day": "P1D", "a year": "P1Y", "per year": "P1Y",
    "a day": "P1D", "per day": "P1D", "a week": "P1W", "a month": "P1M",
}  # fmt: skip
