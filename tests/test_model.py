from __future__ import annotations

import json

import pytest

from eventwire import Article, Event, Mention, Place, Source, Span, as_record
from eventwire.model import Claim, Failure, GazetteerEntry, Quantity, TimeRef, to_dict
from eventwire.report import RECORD_FIELDS


def test_span_refuses_backwards_offsets() -> None:
    with pytest.raises(ValueError):
        Span(10, 3)
    assert Span(2, 5).of("a quick test") == "qui"


def test_to_dict_leaves_out_the_parse_and_nests_items() -> None:
    article = Article(raw="x", text="Shelling hit Idlib.", id="0" * 16, doc=object())
    article.places.append(
        Place(13, 18, "Idlib", GazetteerEntry(169388, "Idlib", "SY", "Idlib", 35.9, 36.6), 2)
    )
    article.claims.append(
        Claim(0, 19, "Shelling hit Idlib.", "outlet", quantities=[Quantity(0, 1, "x", value=1)])
    )
    article.events.append(
        Event(0, 8, "Shelling", "ASSAULT", mode="heavy-weapons", place=0, evidence=[Span(0, 19)])
    )
    data = to_dict(article)
    assert "doc" not in data
    assert data["places"][0]["entry"]["geonameid"] == 169388
    assert data["events"][0]["evidence"] == [{"start": 0, "end": 19}]
    json.dumps(data)  # everything is JSON-ready


def test_record_has_the_contract_fields_in_order() -> None:
    article = Article(raw="r", text="t", id="1" * 16, source=Source(path="a.txt"))
    article.mentions.append(Mention(0, 1, "t", "ORG"))
    article.times.append(TimeRef(0, 1, "t", value="2016-12-12", precision="day"))
    record = as_record(article)
    assert tuple(record) == RECORD_FIELDS
    assert "raw" not in record
    assert record["mentions"] == [
        {"start": 0, "end": 1, "text": "t", "label": "ORG", "actor": None}
    ]


def test_failure_names_where_it_happened() -> None:
    failure = Failure(Source(path="dump.jsonl", record="12"), "text", "no text")
    assert str(failure) == "dump.jsonl:12: no text"
