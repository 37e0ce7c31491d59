"""Normalise one English time expression to a TimeML-style value, against an anchor date.

Pure rules, no parse and no dateparser: a news article holds a few dozen expressions, and
each is resolved by regular expressions and calendar arithmetic in microseconds.

Values follow TimeML (TIMEX3): a day 2016-12-12, a month 2016-11, a year 2016, a decade
201, a week 2016-W50, a weekend 2016-W49-WE, a quarter 1989-Q3, a half 1989-H1, a season
2012-SU, a part of day 2016-12-12TMO, a clock time 2016-12-12T09:00; durations P5Y,
P18M, P1W, PT5H (X for an unknown count: PXY); PRESENT_REF, PAST_REF, FUTURE_REF.

The rules that choose among several candidate dates, written down (and tested):
- a weekday ("Monday") is the most recent such day on or before the anchor ("Monday" in a
  Monday report is that day); the next one on or after it when the clause is in the future
  tense; "last Monday" is strictly before, "next Monday" strictly after;
- a month and day without a year ("Nov. 26") or a bare month ("July"): in a past-tense
  clause the most recent one on or before the anchor ("Nov. 26" in a December report is
  the past November), in a future-tense clause the next one; with no tense (a verbless
  or present-tense mention) the past one unless the next is less than FUTURE_MONTHS
  (6) ahead; a date in the anchor's own month is that month; a weekday given with it
  ("Saturday, April 25") picks the year in which the two agree;
- a quarter or season is the most recent one not after the anchor's; "last June" or
  "last winter" the most recent strictly before it, "this summer" the anchor year's;
- a count with a unit ("five years", "a week", "18 months") is a duration, never a date,
  unless "ago", "earlier" or "later" turns it into a date at the unit's precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.model import TimePrecision
from eventwire.stages.time_calendar import (
    _clean,
    _date_direction,
    _direction,
    _month_number,
    _weekday_number,
    at_unit,
    count_of,
    duration_value,
    month_year,
    quarter_of,
    season_of,
    shift,
    week_value,
    weekday_date,
)
from eventwire.stages.time_patterns import (
    _BARE_UNITS,
    _CENTURY,
    _CLOCK,
    _CLOCK_WORD,
    _DAY_MONTH,
    _DAYWORD,
    _DECADE,
    _DURATION,
    _MONTH_DAY,
    _MONTH_YEAR,
    _NUMERIC,
    _QUARTER,
    _QUARTER_SHORT,
    _REFS,
    _RELATIVE_SHIFT,
    _SEASON,
    _SET,
    _SET_ADVERB,
    _THIS_UNIT,
    _WEEKDAY_RE,
    _YEAR_ONLY,
    _YEAR_RANGE,
    CLOCK_UNITS,
    ORDINALS,
    PARTS,
    SEASONS,
    UNITS,
    WEEKDAYS,
    Kind,
    Tense,
)

__all__ = ["Kind", "Resolved", "Tense", "normalise"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The normalised value of one expression."""

    value: str
    kind: Kind
    precision: TimePrecision | None


def normalise(
    text: str, anchor: date, tense: Tense | None = None, before: str = ""
) -> Resolved | None:
    """The value of `text` resolved against `anchor`; None when it is no time expression.

    `tense` is the tense of the clause the expression sits in (it picks between the past
    and the next Monday); `before` is the word before the expression (a preposition such
    as "for" or "since" decides between a duration and a date, and opens an interval)."""
    clean = _clean(text)
    if not clean or re.search(r"\d+[\s-]years?[\s-]old|-old$|\bold\b", clean):
        return None
    before = before.lower()
    resolved = _resolve(clean, anchor, tense, before)
    if resolved is None:
        return None
    if before == "since" and resolved.kind == "date" and "REF" not in resolved.value:
        return Resolved(resolved.value + "/..", "date", resolved.precision)
    return resolved


def _resolve(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    for handler in _HANDLERS:
        found = handler(clean, anchor, tense, before)
        if found is not None:
            return found
    return None


def _refs(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    if clean == "one day" and tense == "future":  # "will one day return"; else a duration
        return Resolved("FUTURE_REF", "date", None)
    for pattern, value in _REFS:
        if pattern.fullmatch(clean):
            return Resolved(value, "date", None)
    return None


def _sets(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    if clean in _SET_ADVERB and (" " not in clean or clean.startswith(("every", "each", "per"))):
        return Resolved(_SET_ADVERB[clean], "set", None)
    found = _SET.fullmatch(clean)
    if not found or (clean.startswith("a ") and found.group(1) is None):
        return None
    other, _count_text, unit = found.group(1), found.group(2), found.group(3)
    unit = unit.rstrip(".")
    if unit.rstrip("s") in WEEKDAYS or unit in WEEKDAYS:
        day = WEEKDAYS.get(unit, WEEKDAYS.get(unit.rstrip("s"), 0))
        return Resolved(f"XXXX-WXX-{day + 1}", "set", None)
    if unit.rstrip("s") in PARTS:
        return Resolved(f"XXXX-XX-XXT{PARTS[unit.rstrip('s')]}", "set", None)
    base = unit[:-1] if unit.endswith("s") and unit[:-1] in UNITS else unit
    if base not in UNITS:
        return None
    count = 2.0 if other == "other" else (count_of(other) if other else 1.0)
    return Resolved(duration_value(count or 1.0, base), "set", None)


def _relative_shift(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _RELATIVE_SHIFT.fullmatch(clean)
    if not found:
        return None
    count_text, unit, word = found.group(1), found.group(2), found.group(5)
    if word == "since":
        return None
    count = count_of(count_text)
    code = UNITS[unit]
    if count is None:
        return Resolved("FUTURE_REF" if word in ("later", "after", "hence", "from now")
                        else "PAST_REF", "date", None)  # fmt: skip
    if unit in CLOCK_UNITS:
        return Resolved(anchor.isoformat(), "date", "day")
    sign = 1 if word in ("later", "after", "hence", "from now", "after that") else -1
    value, precision = at_unit(shift(anchor, sign * count, code), "Y" if code in ("DE", "CE")
                               else code)  # fmt: skip
    return Resolved(value, "date", precision)


def _durations(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _DURATION.fullmatch(clean)
    if found:
        count_text, unit = found.group(1), found.group(2)
        if unit in ("night",) and count_text in ("the", "a"):
            return None
        if count_text == "the" and not re.search(r"(last|past|next|coming|first|previous)", clean):
            return None  # "the year": a date unless a preposition says otherwise (below)
        return Resolved(duration_value(count_of(count_text), unit), "duration", None)
    bare = _BARE_UNITS.fullmatch(clean)
    if bare:
        return Resolved(duration_value(None, bare.group(1)[:-1].replace("centurie", "century")),
                        "duration", None)  # fmt: skip
    return None


def _this_unit(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _THIS_UNIT.fullmatch(clean)
    if not found:
        return None
    which, unit = found.group(2), found.group(3)
    unit = {"fiscal year": "year", "calendar year": "year", "semester": "half"}.get(unit, unit)
    if which in ("the past", "the previous", "the coming", "the next", "a", "this past",
                 "the preceding") and unit != "weekend":  # fmt: skip
        return Resolved(duration_value(1, unit if unit in UNITS else "year"), "duration", None)
    if (which in ("the", "that", "the same") and before in ("for", "over", "during", "throughout")
            and unit in ("day", "week", "month", "year")):  # fmt: skip
        return Resolved(duration_value(1, unit if unit in UNITS else "year"), "duration", None)
    step = {"last": -1, "next": 1, "the following": 1, "the preceding": -1}.get(which, 0)
    if unit == "quarter" and which in ("the", "the latest", "that", "the same"):
        step = -1  # the quarter a report discusses is the last one completed
    if unit == "season":
        year, code = season_of(anchor)
        return Resolved(f"{year}-{code}", "date", "season")
    if unit == "half":
        half = 1 if anchor.month <= 6 else 2
        index = anchor.year * 2 + half - 1 + step
        return Resolved(f"{index // 2}-H{index % 2 + 1}", "date", "quarter")
    if unit == "weekend":
        day = anchor + timedelta(weeks=step)
        if step == 0 and which != "this" and tense != "future":
            day = weekday_date(anchor, 5, "past")
        return Resolved(week_value(day) + "-WE", "date", "week")
    if unit == "day":
        return Resolved((anchor + timedelta(days=step)).isoformat(), "date", "day")
    value, precision = at_unit(shift(anchor, step, UNITS[unit]), UNITS[unit])
    return Resolved(value, "date", precision)


def _day_words(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _DAYWORD.fullmatch(clean)
    if not found:
        return None
    word = found.group(1)
    offsets = {"yesterday": -1, "tomorrow": 1, "last night": -1, "last evening": -1,
               "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip
    if word.endswith("weekend"):
        step = {"last": -1, "next": 1}.get(word.split()[0], 0)
        day = weekday_date(anchor, 5, "future" if tense == "future" else "past")
        return Resolved(week_value(day + timedelta(weeks=step)) + "-WE", "date", "week")
    first = word.split()[0]
    day = anchor + timedelta(days=offsets.get(word, offsets.get(first, 0)))
    part = next((PARTS[w] for w in word.split() if w in PARTS), None)
    if word == "tonight":
        part = "NI"
    if word in (
        "that day",
        "the same day",
        "that same day",
        "the next day",
        "the following day",
        "the day before",
        "the previous day",
        "the next morning",
        "that night",
        "that morning",
        "the night",
        "the morning",
        "the afternoon",
        "the evening",
    ):
        return Resolved(f"{anchor.year:04d}-XX-XX", "date", "day")  # anaphoric: day unknown
    if part and word not in ("tonight",):
        return Resolved(f"{day.isoformat()}T{part}", "time", "time")
    return Resolved(day.isoformat(), "date", "day")


def _weekdays(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _WEEKDAY_RE.fullmatch(clean)
    if not found:
        return None
    which, name, month, day_text, year, part, hour, minute, ampm = found.groups()
    if month and day_text:
        year_n = int(year) if year else None
        weekday = _weekday_number(name)
        return _month_day(_month_number(month), int(day_text), year_n, anchor, tense, weekday)
    day = weekday_date(anchor, _weekday_number(name), _direction(which, tense))
    if part:
        return Resolved(f"{day.isoformat()}T{PARTS[part]}", "time", "time")
    if hour:
        return Resolved(f"{day.isoformat()}T{_hour(hour, ampm):02d}:{minute or '00'}", "time",
                        "time")  # fmt: skip
    return Resolved(day.isoformat(), "date", "day")


def _hour(hour: str, ampm: str | None) -> int:
    value = int(hour) % 12 if ampm and ampm[0] in "ap" else int(hour)
    return value + 12 if ampm and ampm.startswith("p") else value


def _month_day(
    month: int,
    day: int,
    year: int | None,
    anchor: date,
    tense: Tense | None,
    weekday: int | None = None,
) -> Resolved | None:
    """A month and day; without a year: the year whose date falls on the weekday given
    ("Saturday, April 25"), else the anchor's own month, else by `_date_direction`."""
    if not 1 <= day <= 31:
        return None
    if year is None and weekday is not None:
        for candidate in (anchor.year, anchor.year - 1, anchor.year + 1):
            try:
                if date(candidate, month, day).weekday() == weekday:
                    year = candidate
                    break
            except ValueError:
                continue
    if year is None:
        direction = _date_direction(None, tense)
        year = anchor.year if month == anchor.month else month_year(anchor, month, direction)
    try:
        return Resolved(date(year, month, day).isoformat(), "date", "day")
    except ValueError:
        return None


def _dates(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _MONTH_DAY.fullmatch(clean)
    if found:
        name, month, day_text, year = found.group(1, 2, 3, 4)
        weekday = _weekday_number(name) if name else None
        return _month_day(_month_number(month), int(day_text), _int(year), anchor, tense, weekday)
    found = _DAY_MONTH.fullmatch(clean)
    if found:
        day_text, month, year = found.groups()
        return _month_day(_month_number(month), int(day_text), _int(year), anchor, tense)
    found = _NUMERIC.fullmatch(clean)
    if found:
        parts = found.groups()
        if parts[3]:
            month_n, day_n, year_n = int(parts[4]), int(parts[5]), int(parts[3])
        else:
            month_n, day_n, year_n = int(parts[0]), int(parts[1]), int(parts[2])
            year_n += 1900 if year_n < 100 and year_n > 30 else 2000 if year_n < 100 else 0
        if 1 <= month_n <= 12:
            return _month_day(month_n, day_n, year_n, anchor, tense)
    found = _MONTH_YEAR.fullmatch(clean)
    if found:
        which, month, year, short = found.groups()
        month_n = _month_number(month)
        if year or short:
            year_n = int(year) if year else _two_digit_year(int(short))
        elif which == "this":
            year_n = anchor.year
        else:
            year_n = month_year(anchor, month_n, _date_direction(which, tense))
        return Resolved(f"{year_n:04d}-{month_n:02d}", "date", "month")
    found = _SEASON.fullmatch(clean)
    if found:
        which, name, year = found.groups()
        code = SEASONS[name]
        if year:
            return Resolved(f"{year}-{code}", "date", "season")
        current_year, current = season_of(anchor)
        order = ["SP", "SU", "FA", "WI"]  # a winter belongs to the year it starts in
        index = current_year * 4 + order.index(current)
        target = index - ((order.index(current) - order.index(code)) % 4)
        if which == "this":
            target = current_year * 4 + order.index(code)
        elif which in ("last", "past", "this past") and target == index:
            target -= 4
        elif which in ("next", "this coming") or tense == "future":
            target = index + (
                (order.index(code) - order.index(current)) % 4 or 4 * (which == "next")
            )
        return Resolved(f"{target // 4}-{order[target % 4]}", "date", "season")
    return None


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _two_digit_year(short: int) -> int:
    return 1900 + short if short > 30 else 2000 + short


def _years(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _YEAR_ONLY.fullmatch(clean)
    if found:
        return Resolved(found.group(1), "date", "year")
    found = _YEAR_RANGE.fullmatch(clean)
    if found:
        start, end = found.group(1), found.group(2)
        if len(end) == 2:
            end = start[:2] + end
        if len(end) == 4 and int(end) > int(start):
            return Resolved(f"{start}/{end}", "date", "year")
    found = _DECADE.fullmatch(clean)
    if found:
        century, digit, short = found.groups()
        if short:
            return Resolved(f"19{short}", "date", "decade")
        return Resolved(f"{century}{digit}", "date", "decade")
    found = _CENTURY.fullmatch(clean)
    if found:
        return Resolved(f"{int(found.group(1)) - 1:02d}", "date", "decade")
    return None


def _quarters(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _QUARTER.fullmatch(clean)
    short = _QUARTER_SHORT.fullmatch(clean)
    if not found and not short:
        return None
    if found:
        year_before, ordinal, unit, year, yy = found.groups()
        year = year or year_before
        number = ORDINALS[ordinal]
    else:
        assert short is not None
        number = int(short.group(1) or short.group(2))
        unit, year, yy = "quarter", short.group(3), short.group(4)
    letter = "Q" if unit == "quarter" else "H"
    if letter == "H" and number > 2:
        return None
    if year or yy:
        year_n = int(year) if year else _two_digit_year(int(yy))
    else:
        current = quarter_of(anchor) if letter == "Q" else (1 if anchor.month <= 6 else 2)
        year_n = anchor.year if number <= current else anchor.year - 1
        if "last year" in clean or "year-earlier" in clean or "year-ago" in clean:
            year_n -= 1
        if tense == "future" and number > current:
            year_n = anchor.year
    return Resolved(f"{year_n}-{letter}{number}", "date", "quarter")


def _clock(clean: str, anchor: date, tense: Tense | None, before: str) -> Resolved | None:
    found = _CLOCK.fullmatch(clean)
    word = _CLOCK_WORD.fullmatch(clean)
    if not found and not word:
        return None
    if found:
        hour, minute, ampm, rest = found.groups()
        if not 0 <= int(hour) <= 24:
            return None
        meridiem = None if ampm == "o'clock" else ampm
        clock = f"{_hour(hour, meridiem):02d}:{minute or '00'}"
    else:
        assert word is not None
        clock, rest = ("24:00" if word.group(1) == "midnight" else "12:00"), word.group(2)
    day = anchor
    if rest:
        inner = _resolve(_clean(rest), anchor, tense, "")
        if inner is None or inner.precision not in ("day", "time"):
            return None
        day = date.fromisoformat(inner.value[:10])
    return Resolved(f"{day.isoformat()}T{clock}", "time", "time")


_HANDLERS = (
    _refs,
    _sets,
    _relative_shift,
    _durations,
    _this_unit,
    _day_words,
    _weekdays,
    _quarters,
    _dates,
    _years,
    _clock,
)
