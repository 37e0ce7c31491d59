"""How an article's record is shown: the JSON contract and the readable terminal report."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any

from eventwire.model import Article, Claim, Event, Participant, Place, to_dict

RECORD_FIELDS = (
    "id",
    "title",
    "author",
    "dateline",
    "published",
    "published_source",
    "published_reason",
    "creation",
    "language",
    "source",
    "near_duplicate_of",
    "text",
    "captions",
    "sentences",
    "mentions",
    "places",
    "times",
    "claims",
    "actors",
    "events",
)
"""The JSON contract (docs/record.md): these keys, always present, in this order."""


def as_record(article: Article) -> dict[str, Any]:
    """The article as the JSON object `extract --format json` prints and tools consume."""
    data = to_dict(article)
    return {key: data[key] for key in RECORD_FIELDS}


def render(article: Article, width: int = 88) -> str:
    """A readable report of one article's record for the terminal."""
    lines = [f"== {article.title or '(untitled)'}", f"   id {article.id}"]
    where = article.source.path or article.source.url
    if where:
        lines.append(f"   from {where}")
    if article.published:
        lines.append(f"   published {article.published} ({article.published_source})")
    else:
        lines.append(f"   published: unknown ({article.published_reason or 'no date found'})")
    if article.dateline:
        lines.append(f"   dateline {article.dateline}")
    if article.language != "en":
        lines.append(f"   language {article.language or 'not identified'}")
    if article.near_duplicate_of:
        lines.append(f"   near-duplicate of {article.near_duplicate_of}")
    words = len(article.text.split())
    lines.append(f"   {words} words, {len(article.sentences)} sentences")
    lines.append("")
    lines.append(f"Mentions ({len(article.mentions)}):")
    by_label: dict[str, Counter[str]] = {}
    for mention in article.mentions:
        by_label.setdefault(mention.label, Counter())[mention.text] += 1
    for label in sorted(by_label):
        names = ", ".join(
            f"{name} x{n}" if n > 1 else name for name, n in by_label[label].most_common()
        )
        lines.extend(
            textwrap.wrap(
                names,
                width,
                initial_indent=f"  {label:<8}",
                subsequent_indent=" " * 10,
                break_on_hyphens=False,
            )
        )
    if article.places:
        lines.append(f"Places ({len(article.places)}):")
        lines.extend(_place_line(place) for place in article.places)
    if article.times:
        lines.append(f"Times ({len(article.times)}):")
        lines.extend(
            f"  {t.text!r} -> {t.value or '?'} ({t.kind}, {t.precision or 'no precision'}"
            f"{', historical' if t.historical else ''})"
            for t in article.times
        )
    if article.claims:
        lines.append(f"Claims ({len(article.claims)}):")
        for claim in article.claims:
            lines.extend(_claim_lines(article, claim, width))
    if article.actors:
        lines.append(f"Actors ({len(article.actors)}):")
        lines.extend(
            textwrap.wrap(
                ", ".join(f"{a.id} ({a.name})" if a.name != a.id else a.id for a in article.actors),
                width,
                initial_indent="  ",
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
        )
    if article.events:
        lines.append(f"Events ({len(article.events)}):")
        for event in article.events:
            lines.extend(_event_lines(article, event, width))
    if article.captions:
        lines.append(f"Captions ({len(article.captions)}):")
        for caption in article.captions:
            lines.extend(
                textwrap.wrap(
                    caption,
                    width,
                    initial_indent="  - ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
            )
    lines.append("")
    lines.append("Text:")
    for paragraph in article.text.split("\n\n"):
        lines.extend(
            textwrap.wrap(
                paragraph,
                width,
                initial_indent="  ",
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
        )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _place_line(place: Place) -> str:
    entry = place.entry
    if entry is None:
        return f"  {place.text!r} -> not resolved"
    where = ", ".join(p for p in (entry.name, entry.admin1, entry.country) if p)
    qualifier = f" ({place.qualifier})" if place.qualifier else ""
    return (
        f"  {place.text!r}{qualifier} -> {where} [{entry.lat:.3f}, {entry.lon:.3f}]"
        f" precision {place.precision}"
    )


def _claim_lines(article: Article, claim: Claim, width: int) -> list[str]:
    who = claim.source_actor or claim.source_text or "(the outlet)"
    notes: list[str] = [claim.kind]
    if claim.hedge:
        notes.append(f"hedged: {claim.hedge}")
    if claim.anonymous:
        notes.append("anonymous")
    content = " ... ".join(span.of(article.text) for span in claim.content)
    lines = textwrap.wrap(
        f"{who} ({', '.join(notes)}): {content}",
        width,
        initial_indent="  - ",
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    lines.extend(f"    quantity: {q.text}" for q in claim.quantities)
    return lines


def _who(participant: Participant | None) -> str:
    if participant is None:
        return "?"
    code = " ".join(p for p in (participant.country, participant.sector) if p)
    return f"{participant.text!r}" + (f" [{code}]" if code else "")


def _event_lines(article: Article, event: Event, width: int) -> list[str]:
    """Who did what to whom, where, when, according to whom, and how sure."""
    what = f"{event.category}/{event.mode}" if event.mode else event.category
    head = f"{what} {event.text!r}: {_who(event.actor)} -> {_who(event.recipient)}"
    notes: list[str] = [event.modality]
    if event.instrument is not None:
        notes.append(f"with {event.instrument.text!r}")
    if event.place is not None and event.place < len(article.places):
        place = article.places[event.place]
        name = place.entry.name if place.entry else place.text
        notes.append(f"in {name}")
    if event.date is not None and event.date < len(article.times):
        notes.append(f"on {article.times[event.date].value or article.times[event.date].text}")
    if event.claim is not None and event.claim < len(article.claims):
        claim = article.claims[event.claim]
        who = claim.source_actor or claim.source_text or "the outlet"
        notes.append(f"according to {who}" + (f" ({claim.hedge})" if claim.hedge else ""))
    notes.extend(q.text for q in event.quantities)
    if event.confidence is not None:
        notes.append(f"confidence {event.confidence:.2f}")
    return textwrap.wrap(
        f"{head}; {'; '.join(notes)}",
        width,
        initial_indent="  - ",
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
