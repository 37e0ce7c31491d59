"""The `time` stage: time expressions, normalised against when the report was written.

Find: the parse's DATE and TIME entities, trimmed to TimeML's extent (no leading
preposition: "since" and "for" are signals, kept to decide the value), plus the reference
words the recogniser misses ("now", "recently", "the future") and weekdays. Normalise:
`time_rules.normalise` against the anchor. A span the rules cannot read as a time
("39-year-old", a bare "49") is dropped.

The anchor is `Article.published`. When that is missing, a creation time is inferred
from the text (`infer_creation`) and every value is resolved against it; the inference
is marked (`CreationTime.inferred`) and its precision kept: never today's date.

`governing_time(article, start, end)` is what the events stage calls: the time that
dates a clause or sentence, with its precision; background ("since the conflict began
in 2011") is flagged `historical` and never dates a whole sentence's events.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eventwire.model import Article, TimePrecision, TimeRef
from eventwire.stages.base import Stage, register
from eventwire.stages.nlp import doc_ents, doc_text, per_doc
from eventwire.stages.time_calendar import shift_months
from eventwire.stages.time_patterns import Tense
from eventwire.stages.time_rules import Resolved, normalise

TIME_LABELS = frozenset({"DATE", "TIME"})
SIGNALS = frozenset(
    {"in", "on", "at", "since", "for", "by", "until", "till", "during", "from", "of", "through",
     "throughout", "within", "over", "after", "before", "between", "around", "about", "as",
     "to", "into", "late", "ending", "ended"}
)  # fmt: skip
"""Words before a time that TimeML leaves outside the expression (the SIGNAL)."""
HISTORICAL_DAYS = 365
"""A time that ends more than this many days before the anchor is background, not news."""

_EXTRA = re.compile(
    r"\b(?:(?:right )?now|currently|presently|recently|lately|previously|formerly|nowadays|"
    r"(?:the )?(?:near |foreseeable )?future|(?:(?:last|this|next) )?(?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)(?: (?:morning|afternoon|evening|night))?|"
    r"today|tonight|yesterday|tomorrow|(?:this|last|next) (?:week|month|year|weekend)|"
    r"(?:the )?(?:first|second|third|fourth)[ -]quarter|daily|annually|weekly|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, \d{4})?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CreationTime:
    """When the article was written, as far as it is known.

    `inferred` is True when the date comes from the text, not from metadata or the user:
    `evidence` then says from what."""

    value: str
    precision: TimePrecision
    inferred: bool
    evidence: str = ""
    span: tuple[int, int] | None = None
    """Offsets of the expression in the text the window was read from, when one was."""

    def ref(self, text: str = "") -> TimeRef:
        """The creation time as `Article.creation` holds it: anchor "inferred" when
        inferred, else "published"; offsets 0 and no text unless a span is the evidence."""
        start, end = self.span or (0, 0)
        return TimeRef(
            start=start,
            end=end,
            text=text[start:end] if self.span else "",
            value=self.value,
            kind="date",
            precision=self.precision,
            anchor="inferred" if self.inferred else "published",
        )

    @classmethod
    def of(cls, ref: TimeRef) -> CreationTime | None:
        """Back from `Article.creation` (None when it holds no value)."""
        if not ref.value:
            return None
        span = (ref.start, ref.end) if ref.end > ref.start else None
        return cls(ref.value, ref.precision or "day", ref.anchor == "inferred", "", span)

    @property
    def label(self) -> str:
        """What `TimeRef.anchor` records: the value, marked when inferred."""
        return f"{self.value} (inferred)" if self.inferred else self.value

    @property
    def day(self) -> date:
        """The day relative expressions are resolved against (the window's last day for
        an inferred month: "Monday" cannot be after the report)."""
        parts = [int(p) for p in self.value[:10].split("-")]
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            return date.fromordinal(shift_months(date(parts[0], parts[1], 1), 1).toordinal() - 1)
        return date(parts[0], 12, 31)


def published_day(published: str | None) -> date | None:
    """The date part of an ISO publication date, or None."""
    if not published:
        return None
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not found:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text that may be a time expression, with what decides its value."""

    start: int
    end: int
    before: str
    tense: Tense | None


def candidates(doc: Any) -> list[Candidate]:
    """Time spans in a parsed Doc: DATE/TIME entities trimmed to TimeML's extent, split
    where they join two times ("1994 and 1997") and extended over a part of day or a day
    that follows ("Sunday night", "9 a.m. Tuesday"); then reference words, weekdays and
    dates the recogniser missed (never overlapping an entity)."""
    return list(per_doc(doc, "time_candidates", lambda: _candidates(doc)))


def _candidates(doc: Any) -> list[Candidate]:
    found: list[Candidate] = []
    for ent in doc_ents(doc):
        if ent.label_ not in TIME_LABELS:
            continue
        for part in _split(list(ent)):
            candidate = _trimmed(doc, part)
            if candidate is not None:
                found.append(candidate)
    taken = [(c.start, c.end) for c in found]
    for match in _EXTRA.finditer(doc_text(doc)):
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        candidate = _trimmed(doc, list(span))
        if candidate is not None:
            found.append(candidate)
            taken.append((candidate.start, candidate.end))
    return _join_units(doc_text(doc), sorted(found, key=lambda c: c.start))


def _join_units(text: str, found: list[Candidate]) -> list[Candidate]:
    """ "recent weeks and months": one time, though the recogniser may cut it in two."""
    joined: list[Candidate] = []
    for candidate in found:
        last = joined[-1] if joined else None
        if (
            last is not None
            and text[last.end : candidate.start] in (" and ", " or ")
            and text[candidate.start : candidate.end].lower() in _PLURAL_UNITS
            and text[last.start : last.end].lower().rsplit(" ", 1)[-1] in _PLURAL_UNITS
        ):
            joined[-1] = Candidate(last.start, candidate.end, last.before, last.tense)
        else:
            joined.append(candidate)
    return joined


_JOINS = frozenset({"and", "to", "through", "until", "or", "ended", "ending", "till", "thru"})
_PLURAL_UNITS = frozenset({"days", "weeks", "months", "years", "decades"})
_LEADING = frozenset({"earlier", "later", "only", "just", "barely", "more", "even"})
_FOLLOWING_DAY = re.compile(
    r"(?:today|tonight|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)$",
    re.IGNORECASE,
)


def _split(tokens: list[Any]) -> list[list[Any]]:
    """Cut an entity at a word that joins two times ("1994 and 1997", "the three months
    ended Sept. 30"), not inside "two and a half years"."""
    parts: list[list[Any]] = [[]]
    for i, token in enumerate(tokens):
        following = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        units = following in _PLURAL_UNITS and i > 0 and tokens[i - 1].lower_ in _PLURAL_UNITS
        if (
            token.lower_ in _JOINS
            and parts[-1]
            and following not in ("a", "half", "")
            and not units  # "recent weeks and months" is one time
        ):
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if p]


def _trimmed(doc: Any, tokens: list[Any]) -> Candidate | None:
    """A candidate without leading signals and focus words, trailing punctuation or a
    possessive; extended over a following part of day or day name."""
    before_word = ""
    while tokens and (
        tokens[0].lower_ in SIGNALS or tokens[0].is_punct or tokens[0].is_space
        or (tokens[0].lower_ in _LEADING and len(tokens) > 1)
    ):  # fmt: skip
        before_word = tokens.pop(0).lower_
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].lower_ in
                      ("'s", "\u2019s", "'")):  # fmt: skip
        if tokens[-1].text == "." and len(tokens) == 1:
            break
        tokens.pop()
    if not tokens:
        return None
    last = tokens[-1].i
    following = doc[last + 1] if last + 1 < len(doc) else None
    if (
        following is not None
        and following.lower_ in _PARTS_OF_DAY
        and _FOLLOWING_DAY.match(tokens[-1].text)
    ):
        tokens.append(following)
    elif following is not None and tokens[-1].lower_ in (
        "a.m.",
        "p.m.",
        "am",
        "pm",
        "noon",
        "midnight",
        "est",
        "edt",
        "gmt",
    ):
        nxt = doc[last + 2] if following.text == "," and last + 2 < len(doc) else following
        if _FOLLOWING_DAY.match(nxt.text):
            tokens.extend(doc[last + 1 : nxt.i + 1])
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(doc)[start:end]
    if text.endswith(".") and not re.search(r"\b[a-z]\.[a-z]\.$|\b[A-Z][a-z]{0,3}\.$", text):
        end -= 1
    before = before_word or _word_before(doc, tokens[0].i)
    soonest = _SOONEST.search(doc_text(doc)[max(0, start - 16) : start])
    tense: Tense | None = "future" if soonest else tense_of(doc, tokens)
    return Candidate(start, end, before, tense)


_SOONEST = re.compile(r"\bas (?:soon|early) as $", re.I)
"""'as soon as Tuesday': the earliest of what is still to come."""


_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "overnight"})


def _word_before(doc: Any, i: int) -> str:
    return str(doc[i - 1].lower_) if i > 0 else ""


def tense_of(doc: Any, tokens: list[Any]) -> Tense | None:
    """The tense of the clause a time expression sits in, from the dependency tree and the
    words alone (the pipeline runs no tagger): the clause's verb is the first ancestor
    that is a clause head; "will"/"'ll"/"going to", or a verb of planning above it ("plans
    to meet Monday", "is scheduled to close Monday"), make it future; an -ed form, a
    common irregular past or a past auxiliary make it past."""
    if not tokens or not doc.has_annotation("DEP"):
        return None
    root = min(tokens, key=_depth)
    verb = root.head
    for _ in range(5):
        if verb.dep_ in _CLAUSE_DEPS or verb.head.i == verb.i:
            break
        verb = verb.head
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}
    chain = [verb, verb.head] if verb.dep_ in ("xcomp", "ccomp", "advcl") else [verb]
    if words & _FUTURE_AUX or any(v.lower_ in _PLANS for v in chain):
        return "future"
    if (
        verb.dep_ == "xcomp"
        and verb.head.lower_ in ("is", "are")
        and any(c.lower_ == "to" for c in verb.children)
    ):  # "is to resume trading Tuesday"
        return "future"
    if any(v.lower_ in _PLANS for v in verb.children if v.dep_ in ("acomp", "xcomp")):
        return "future"
    if words & _PAST_AUX or _is_past(verb.lower_):
        return "past"
    if words & _PRESENT_AUX or verb.lower_.endswith("s"):
        return "present"
    return None


def _is_past(word: str) -> bool:
    return word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)


_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp", "acl"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "\u2019ll"})
_PAST_AUX = frozenset({"had", "was", "were", "did", "has", "have"})
_PRESENT_AUX = frozenset({"is", "are", "am", "does", "do"})
_PLANS = frozenset(
    {"plan", "plans", "planned", "planning", "scheduled", "expected", "due", "set", "intends",
     "intend", "intended", "hopes", "aims", "going", "will", "proposed", "prepared", "ready",
     "poised", "likely"}
)  # fmt: skip
_IRREGULAR_PAST = frozenset(
    {"said", "told", "met", "came", "went", "took", "made", "held", "left", "began", "fought",
     "fled", "won", "lost", "gave", "saw", "struck", "hit", "shot", "sent", "found", "brought",
     "kept", "led", "spoke", "wrote", "broke", "fell", "rose", "stood", "sought", "thought",
     "felt", "paid", "put", "set", "ran", "got", "became", "did", "had", "was", "were", "knew",
     "heard", "chose", "drove", "flew", "built", "spent", "sold", "bought", "caught", "taught",
     "meant", "withdrew", "overran", "overtook", "swept", "seized", "laid", "hid", "threw"}
)  # fmt: skip


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


ANCHOR_SHIFT = timedelta(days=400)
"""A value that stays the same against an anchor this far away is absolute ("July 9, 2016")."""


def resolve_times(doc: Any, anchor: CreationTime) -> list[TimeRef]:
    """Every time expression of a parsed Doc, normalised against `anchor`."""
    times: list[TimeRef] = []
    day = anchor.day
    for candidate in candidates(doc):
        text = doc_text(doc)[candidate.start : candidate.end]
        resolved = normalise(text, day, candidate.tense, candidate.before)
        if resolved is None:
            continue
        if anchor.inferred and anchor.precision != "day":
            # only a value that depends on the anchor inherits its coarseness
            shifted = normalise(text, day - ANCHOR_SHIFT, candidate.tense, candidate.before)
            if shifted is None or shifted.value != resolved.value:
                resolved = _coarsen(resolved, anchor)
        times.append(
            TimeRef(
                start=candidate.start,
                end=candidate.end,
                text=text,
                value=resolved.value,
                kind=resolved.kind,
                precision=resolved.precision,
                anchor=anchor.label,
                historical=is_historical(resolved, day),
            )
        )
    _compare_periods(doc, times)
    _resolve_anaphora(times)
    return times


_ANAPHORIC = re.compile(
    r"\b(that|the following|the next|the previous|the preceding|the same|the prior) "
    r"(year|month)\b",
    re.I,
)
_THE_QUARTER = re.compile(r"(?:the|that|the same) quarter", re.I)
_ORDINAL = r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\b"
_STEPS = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1,
          "the prior": -1}  # fmt: skip
_EXPLICIT = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _resolve_anaphora(times: list[TimeRef]) -> None:
    """ "That year", "the following month": relative to the last year the text named
    itself ("in 1996 ... the following year" is 1997), not to the report's date; "the
    quarter" is the quarter the text last named ("the second quarter ... in the quarter")."""
    last: TimeRef | None = None
    quarter: str | None = None
    for time in times:
        if _QUARTER_VALUE.match(time.value or "") and re.search(_ORDINAL, time.text, re.I):
            quarter = time.value
        elif quarter and _THE_QUARTER.fullmatch(time.text) and time.kind == "date":
            time.value = quarter  # "the quarter": the one the text last named
            continue
        found = _ANAPHORIC.search(time.text)
        if found and last is not None and last.value:
            step = _STEPS.get(found.group(1).lower(), 0)
            year = int(last.value[:4])
            if found.group(2).lower() == "year":
                time.value, time.precision = f"{year + step:04d}", "year"
            elif re.match(r"\d{4}-\d{2}", last.value):
                month = shift_months(date(year, int(last.value[5:7]), 1), step)
                time.value, time.precision = f"{month.year:04d}-{month.month:02d}", "month"
        elif _EXPLICIT.search(time.text) and time.value and time.value[:4].isdigit():
            last = time


_YEAR_BACK = re.compile(r"\b(?:a|one) year (?:ago|earlier|before)|year-(?:earlier|ago)", re.I)
_QUARTER_VALUE = re.compile(r"(\d{4})-(Q\d|H\d)$")


def _compare_periods(doc: Any, times: list[TimeRef]) -> None:
    """ "A year ago" beside a quarter means that quarter a year before (TimeML's
    convention for period comparisons: "third-quarter profit fell from a year ago"). The
    quarter is looked for in the same sentence, then in the one before."""
    if not doc.has_annotation("SENT_START"):
        return
    for time in times:
        if not _YEAR_BACK.search(time.text) or time.value is None:
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        previous = doc[sent.start - 1].sent if sent.start > 0 else sent
        for lo, hi in ((sent.start_char, sent.end_char), (previous.start_char, sent.start_char)):
            periods = [
                _QUARTER_VALUE.match(t.value or "") for t in times
                if lo <= t.start < hi and t is not time
            ]  # fmt: skip
            period = next((p for p in periods if p), None)
            if period is not None:
                time.value = f"{int(period.group(1)) - 1}-{period.group(2)}"
                time.precision = "quarter"
                break


def _coarsen(resolved: Resolved, anchor: CreationTime) -> Resolved:
    """A value resolved against an inferred month cannot be finer than that month."""
    if not anchor.inferred or anchor.precision == "day" or resolved.kind != "date":
        return resolved
    if resolved.precision in ("day", "week", "time") and resolved.value.startswith(anchor.value):
        return Resolved(anchor.value, "date", anchor.precision)
    return resolved


def is_historical(resolved: Resolved, anchor: date) -> bool:
    """Background: a date, or the start of an open interval, that ends more than
    HISTORICAL_DAYS before the anchor ("in 2011", "since 2012" in a 2016 report)."""
    if resolved.kind not in ("date", "time"):
        return False
    value = resolved.value.removesuffix("/..")
    end = period_end(value.split("/")[-1])
    return end is not None and (anchor - end).days > HISTORICAL_DAYS


def period_end(value: str) -> date | None:
    """The last day of the period a TimeML date value names (None when unknown)."""
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q(\d)|-H(\d)|-(SP|SU|FA|WI)|-W\d\d.*)?"
                         r"(?:T.*)?", value)  # fmt: skip
    decade = re.fullmatch(r"(\d{3})", value)
    if decade:
        return date(int(decade.group(1)) * 10 + 9, 12, 31)
    if not found:
        return None
    year = int(found.group(1))
    month, day, quarter, half, season = found.group(2, 3, 4, 5, 6)
    if day:
        return date(year, int(month), int(day))
    last_month = (
        int(month) if month else 3 * int(quarter) if quarter else 6 * int(half) if half
        else {"SP": 5, "SU": 8, "FA": 11, "WI": 14}[season] if season else 12
    )  # fmt: skip
    if last_month > 12:
        year, last_month = year + 1, last_month - 12
    first_of_next = shift_months(date(year, last_month, 1), 1)
    return date.fromordinal(first_of_next.toordinal() - 1)


# -- creation time when the article has no date ------------------------------------------

_FULL_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? "
    r"((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def infer_creation(doc: Any, captions: Sequence[str] = ()) -> CreationTime | None:
    """A creation window from the text (and its photo captions) alone, or None when they
    hold no year.

    The year is the latest year of a full date ("July 09, 2016", in the text or a
    caption), failing that the latest year mentioned. Month names are then resolved in
    that year, and the latest day or month named is the earliest the report can have been
    written. A report that says "last month" was written a month after a month it names,
    so then the window is the month after the latest month named; otherwise that month."""
    text = doc_text(doc)
    everything = "\n".join([text, *captions])
    years = [int(m.group(3)) for m in _FULL_DATE.finditer(everything)]
    if not years:
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", everything)]
    if not years:
        return None
    year = max(years)
    spans: list[tuple[date | None, tuple[int, int] | None]] = [
        (_explicit_point(text[c.start : c.end], year, c.before), (c.start, c.end))
        for c in candidates(doc)
    ]
    spans += [
        (_explicit_point(m.group(0), year, ""), m.span() if m.end() <= len(text) else None)
        for m in _FULL_DATE.finditer(everything)
    ]
    points = [(p, span) for p, span in spans if p is not None]
    if not points:
        return CreationTime(f"{year}", "year", True, f"latest year named: {year}")
    latest = max(p for p, _ in points)
    span = next((s for p, s in points if p == latest and s is not None), None)
    month = date(latest.year, latest.month, 1)
    evidence = f"latest date named: {latest.isoformat()}"
    shifted = re.search(r"\blast month\b", text, re.IGNORECASE)
    if shifted:
        month = shift_months(month, 1)
        evidence += '; "last month" puts the report in the month after'
        span = shifted.span()
    return CreationTime(f"{month.year:04d}-{month.month:02d}", "month", True, evidence, span)


def _explicit_point(phrase: str, year: int, before: str) -> date | None:
    """The day or month an expression names in itself (a month, with or without day and
    year), resolved in `year` when it gives none; None for relative expressions."""
    if not re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", phrase, re.I):
        return None
    resolved = normalise(phrase, date(year, 12, 31), "past", before)
    if resolved is None or resolved.kind != "date":
        return None
    value = resolved.value.removesuffix("/..")
    found = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not found:
        return None
    return date(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))


def creation_time(article: Article) -> CreationTime | None:
    """The article's creation time: its publication date, else one inferred from its text
    (marked inferred), else None. Never today's date."""
    day = published_day(article.published)
    if day is not None:
        return CreationTime(day.isoformat(), "day", False, article.published_source or "")
    if article.doc is None:
        return None
    doc, captions = article.doc, tuple(article.captions)
    return per_doc(doc, f"creation {captions}", lambda: infer_creation(doc, captions))


def article_anchor(article: Article) -> CreationTime | None:
    """The creation time the time stage set (`Article.creation`), else computed now."""
    if article.creation is not None:
        return CreationTime.of(article.creation)
    return creation_time(article)


# -- the stage --------------------------------------------------------------------------


@register
class TimeStage(Stage):
    """Find and normalise the article's time expressions against its creation time."""

    name = "time"
    requires = ("article.doc", "article.text", "article.published")
    assigns = ("article.times", "article.creation")
    spacy_components = ("ner",)

    def __call__(self, article: Article) -> None:
        anchor = creation_time(article)
        article.creation = anchor.ref(article.text) if anchor is not None else None
        if article.doc is None:  # not parsed: not in a language the models read
            article.times = []
            return
        if anchor is None:  # no date anywhere: only values that need no anchor
            article.times = anchor_free_times(article.doc)
            return
        article.times = resolve_times(article.doc, anchor)


_PROBES = (
    CreationTime("2001-02-03", "day", inferred=True),
    CreationTime("2012-09-27", "day", inferred=True),
)
"""Two unrelated anchors: a value that comes out the same against both depends on none."""


def anchor_free_times(doc: Any) -> list[TimeRef]:
    """The time expressions of a document with no known creation time: durations, sets
    and full dates keep their values ("for five years" -> P5Y, "July 9, 2016"); what
    needs an anchor ("Monday", "last month") keeps its span and gets no value."""
    one, other = (resolve_times(doc, probe) for probe in _PROBES)
    kept = []
    for a, b in zip(one, other, strict=True):
        if a.value == b.value and a.historical == b.historical:
            kept.append(TimeRef(a.start, a.end, a.text, a.value, a.kind, a.precision))
        else:
            kept.append(TimeRef(a.start, a.end, a.text, kind=a.kind))
    return kept


def caption_times(article: Article) -> list[list[TimeRef]]:
    """The dates in each photo caption (`Article.captions`), offsets into the caption: a
    caption keeps its own date ("Syria on July 09, 2016") and is never dated by the
    body. Captions are not parsed, so only the patterns of `_EXTRA` are looked for."""
    anchor = article_anchor(article)
    found: list[list[TimeRef]] = []
    for caption in article.captions:
        times = []
        for match in _EXTRA.finditer(caption):
            if anchor is None:
                break
            resolved = normalise(match.group(0), anchor.day)
            if resolved is not None:
                times.append(
                    TimeRef(match.start(), match.end(), match.group(0), resolved.value,
                            resolved.kind, resolved.precision, anchor.label,
                            is_historical(resolved, anchor.day))
                )  # fmt: skip
        found.append(times)
    return found


# -- event dating ------------------------------------------------------------------------


def governing_time(article: Article, start: int, end: int) -> TimeRef | None:
    """The time that dates the clause or sentence at [start, end): its own date expression
    (a historical one only when it is the clause's only one), else one in the sentence
    around it that is not background, else the article's creation time as a zero-width
    TimeRef at `start` (its `anchor` ends in "(inferred)" when it was inferred). Durations and
    sets never date an event. None when nothing at all is known."""
    dates = [t for t in article.times if t.kind in ("date", "time") and t.value and
             not t.value.endswith("_REF")]  # fmt: skip
    own = [t for t in dates if start <= t.start and t.end <= end]
    if own:
        current = [t for t in own if not t.historical]
        return (current or own)[0]
    sentence = next(
        (s for s in article.sentences if s.start <= start < max(s.end, s.start + 1)), None
    )
    if sentence is not None:
        around = [
            t for t in dates
            if sentence.start <= t.start and t.end <= sentence.end and not t.historical
        ]  # fmt: skip
        if around:
            return min(around, key=lambda t: abs(t.start - start))
    anchor = article_anchor(article)
    if anchor is None:
        return None
    return TimeRef(
        start=start,
        end=start,
        text="",
        value=anchor.value,
        kind="date",
        precision=anchor.precision,
        anchor=anchor.label,
    )
