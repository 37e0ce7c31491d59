"""Calendar arithmetic for time values: shifting by units, weeks, quarters, seasons,
and choosing which Monday or which November an expression means."""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.model import TimePrecision
from eventwire.stages.time_patterns import (
    CLOCK_UNITS,
    FUTURE_MONTHS,
    MONTHS,
    NEAR_MONTHS,
    NUMBERS,
    SEASON_MONTHS,
    UNITS,
    WEEKDAYS,
    Tense,
)


def count_of(text: str) -> float | None:
    """The number a count phrase means; None for a vague one ("several")."""
    text = text.strip().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    half = text.endswith(" and a half")
    text = text.removesuffix(" and a half")
    if text in NUMBERS:
        return NUMBERS[text] + (0.5 if half else 0)
    parts = re.split(r"[ -]", text)
    if len(parts) == 2 and all(p in NUMBERS for p in parts):
        first, second = NUMBERS[parts[0]], NUMBERS[parts[1]]
        total = first * second if second == 100 else first + second
        return total + (0.5 if half else 0)
    return None


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def duration_value(count: float | None, unit: str) -> str:
    """P5Y, PT5H, PXM: TimeML's duration for a count of a unit."""
    code = UNITS[unit]
    if code == "WE":
        return "P2D" if count in (None, 1) else f"P{_num(2 * (count or 0))}D"
    if code in ("DE", "CE"):  # TimeML writes decades and centuries in years
        scale = 10 if code == "DE" else 100
        return "PXY" if count is None else f"P{_num(count * scale)}Y"
    amount = "X" if count is None else _num(count)
    if code == "W" and unit == "fortnight":
        amount = "X" if count is None else _num(2 * count)
    prefix = "PT" if unit in CLOCK_UNITS else "P"
    return f"{prefix}{amount}{code}"


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's end)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def season_of(day: date) -> tuple[int, str]:
    """The season a day falls in; a winter is written under the year it starts in."""
    for code, months in SEASON_MONTHS.items():
        if day.month in months:
            return (day.year - 1 if code == "WI" and day.month <= 2 else day.year), code
    raise AssertionError(day)


def at_unit(day: date, code: str) -> tuple[str, TimePrecision]:
    """`day` written at a unit's precision (a date "two weeks ago" is a week)."""
    if code in ("D", "H", "S"):
        return day.isoformat(), "day"
    if code in ("W", "WE"):
        return week_value(day), "week"
    if code == "M":
        return f"{day.year:04d}-{day.month:02d}", "month"
    if code == "Q":
        return f"{day.year:04d}-Q{quarter_of(day)}", "quarter"
    if code == "DE":
        return f"{day.year // 10:03d}", "decade"
    if code == "CE":
        return f"{day.year // 100:02d}", "decade"
    return f"{day.year:04d}", "year"


def shift(day: date, count: float, code: str) -> date:
    """`day` moved by `count` units (negative: back)."""
    whole = round(count)
    if code in ("D", "H", "S"):
        return day + timedelta(days=whole if code == "D" else 0)
    if code in ("W", "WE"):
        return day + timedelta(weeks=whole)
    if code == "M":
        return shift_months(day, whole)
    if code == "Q":
        return shift_months(day, 3 * whole)
    if code == "DE":
        return shift_months(day, 120 * whole)
    if code == "CE":
        return shift_months(day, 1200 * whole)
    return shift_months(day, 12 * whole)


def weekday_date(anchor: date, weekday: int, direction: str) -> date:
    """The weekday nearest the anchor in a direction: "past" (on or before), "future" (on or
    after), "before" (strictly), "after" (strictly)."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "before":
        return anchor - timedelta(days=back or 7)
    if direction == "after":
        return anchor + timedelta(days=ahead or 7)
    if direction == "future":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def month_year(anchor: date, month: int, direction: str) -> int:
    """The year of the month nearest the anchor in a direction (as `weekday_date`)."""
    if direction == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    if direction == "after":
        return anchor.year if month > anchor.month else anchor.year + 1
    if direction == "before":
        return anchor.year if month < anchor.month else anchor.year - 1
    ahead = (month - anchor.month) % 12
    if direction == "recent":  # the past one, unless that is last year and the next is near
        if month > anchor.month and ahead <= NEAR_MONTHS:
            return anchor.year
        return month_year(anchor, month, "past")
    if direction == "nearest":  # the past, unless the next one is less than FUTURE_MONTHS away
        if ahead == 0 or ahead >= FUTURE_MONTHS:
            return month_year(anchor, month, "past")
        return month_year(anchor, month, "after")
    return anchor.year if month <= anchor.month else anchor.year - 1


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _weekday_number(name: str) -> int:
    return WEEKDAYS[name.rstrip(".")]


def _direction(word: str | None, tense: Tense | None) -> str:
    if word in ("last", "past", "previous"):
        return "before"
    if word in ("next", "coming", "following"):
        return "after"
    return "future" if tense == "future" else "past"


def _date_direction(word: str | None, tense: Tense | None) -> str:
    """Months and dates: past tense looks back ("recent": unless the past one is in the
    year before and the next one within NEAR_MONTHS), future tense ahead, and otherwise (a
    present-tense or verbless mention: "the meeting on Nov. 30") the nearest one wins."""
    if word in ("last", "past", "previous", "next", "coming", "following"):
        return _direction(word, tense)
    return {"past": "recent", "future": "future"}.get(tense or "", "nearest")


def _clean(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"'s$", "", text)
    return text.rstrip(",;:").removesuffix(".").strip() if not text.endswith(".m.") else text
