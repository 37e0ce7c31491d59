"""Quantities inside a claim: a number, what it counts, and its reference class.

Read from the text with the parse's help: digits ("1,200", "2.5 million"), written numbers
("forty-seven", "two hundred"), percentages ("98 per cent of eastern Aleppo"), "X of Y"
("47 of its 57 staff"), "all N" ("all eight of its ambulances": N of N), vague amounts as
documented ranges ("tens of thousands" -> 20000..90000; see
resources/claims/quantities.json) and approximations ("around 7 per cent"). Numbers that
are dates or times in the parse's entities are not quantities.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.model import Article, Quantity
from eventwire.stages.nlp import doc_ents, per_doc

DATA_PATH = Path(__file__).resolve().parent.parent / "resources" / "claims" / "quantities.json"
NOT_AMOUNTS = frozenset({"DATE", "TIME", "ORDINAL"})
REFERENCE_WORDS = r"(?:its|the|their|his|her|our|an?|those|these)"


@dataclass(frozen=True, slots=True)
class Words:
    """Number words and the patterns built from them."""

    numbers: dict[str, float]
    vague: dict[str, tuple[float, float]]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def load_words(path: Path = DATA_PATH) -> Words:
    """Read the number lexicon and compile one pattern for every quantity form."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    numbers = {**data["units"], **data["scales"]}
    vague = {k: (float(v[0]), float(v[1])) for k, v in data["vague"].items()}

    def alternatives(words: Any) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    word = rf"(?:{alternatives(numbers)})"
    number = (
        rf"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:{alternatives(data['scales'])}))?"
        rf"|{word}(?:[\s-]+(?:and\s+)?{word})*)"
    )
    amount = rf"(?P<vague>{alternatives(vague)})|(?P<number>{number})"
    pattern = re.compile(
        rf"\b(?P<all>all\s+)?(?:(?P<approx>{alternatives(data['approximators'])})\s+)?"
        rf"(?:{amount})(?P<percent>\s*(?:{alternatives(data['percent'])}))?"
        rf"(?:\s+of\s+(?:{REFERENCE_WORDS}\s+)?(?P<total>{number})(?!\s*(?:per|%)))?\b",
        re.IGNORECASE,
    )
    return Words(numbers, vague, pattern)


def number_value(written: str, words: Words) -> float | None:
    """The value of digits or written numbers: "1,200" -> 1200, "forty-seven" -> 47,
    "2.5 million" -> 2500000, "two hundred" -> 200."""
    total, current = 0.0, 0.0
    for part in re.split(r"[\s-]+", written.lower().replace(",", "")):
        if not part or part == "and":
            continue
        try:
            value = float(part)
        except ValueError:
            if part not in words.numbers:
                return None
            value = float(words.numbers[part])
        if value >= 100 and part.isalpha():
            current = max(current, 1.0) * value
            if value >= 1000:
                total, current = total + current, 0.0
        else:
            current += value
    return total + current


def find_quantities(article: Article, start: int, end: int) -> list[Quantity]:
    """The quantities written in article.text[start:end]."""
    words = load_words()
    text = article.text
    blocked: list[tuple[int, int]] | None = None
    found = []
    for match in words.pattern.finditer(text, start, end):
        if blocked is None:  # the entities are costly to read: only once a number shows
            blocked = _blocked(article.doc, start, end)
        amount = match.group("number") or match.group("vague")
        at = match.start("number") if match.group("number") else match.start("vague")
        if any(lo <= at < hi for lo, hi in blocked):
            continue
        if match.group("number") and not match.group("percent") and _is_year(amount):
            continue
        quantity = Quantity(match.start(), match.end(), match.group())
        if match.group("vague"):
            quantity.low, quantity.high = words.vague[match.group("vague").lower()]
            quantity.approximate = True
        else:
            quantity.value = number_value(amount, words)
        quantity.approximate |= bool(match.group("approx"))
        quantity.percent = bool(match.group("percent"))
        if match.group("total"):
            quantity.of_total = number_value(match.group("total"), words)
        elif match.group("all"):
            quantity.of_total = quantity.value
        quantity.counted = _counted(article.doc, text, match.end(), end, quantity.percent)
        found.append(quantity)
    return found


def _is_year(amount: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", amount))


def _blocked(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """Character ranges of dates, times and ordinals in [start, end)."""
    if doc is None:
        return []
    ranges = per_doc(  # read once per document: every `doc.ents` builds new spans
        doc,
        "not_amounts",
        lambda: [(e.start_char, e.end_char) for e in doc_ents(doc) if e.label_ in NOT_AMOUNTS],
    )
    return [(lo, hi) for lo, hi in ranges if lo < end and start < hi]


def _counted(doc: Any, text: str, at: int, end: int, percent: bool) -> str | None:
    """What a number counts: the noun phrase after it ("staff", "of eastern Aleppo")."""
    rest = text[at:end]
    if percent or rest.lstrip().lower().startswith("of "):
        phrase = re.match(
            r"\s*of\s+((?:[\w'\u2019.-]+\s*){1,4}?)(?=[,.;:!?)\"”]|\s+(?:and|or|but|in|on|at|to|from|by|for|with|is|are|was|were|has|have|had|who|that|which)\b|$)",
            rest,
        )
        if phrase:
            return phrase.group(1).strip() or None
        return None
    token = _token_at(doc, at - 1)
    if token is not None and token.dep_ in ("nummod", "quantmod", "compound"):
        head = token.head
        while head.dep_ in ("nummod", "quantmod") and head.head.i != head.i:
            head = head.head
        if head.i > token.i:
            return str(head.text)
    word = re.match(r"\s+([A-Za-z][\w-]*)", rest)
    return word.group(1) if word else None


def _token_at(doc: Any, offset: int) -> Any:
    if doc is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
