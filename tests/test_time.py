"""The time stage: each normalisation rule on sentences we wrote, creation-time inference,
event dating, and the seed article's dates (read from ../shared when it is there)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire import Pipeline, Settings
from eventwire.model import Article, Source, Span
from eventwire.stages.nlp import load_pipeline
from eventwire.stages.time import (
    TimeStage,
    caption_times,
    creation_time,
    governing_time,
    infer_creation,
    is_historical,
)
from eventwire.stages.time_rules import Resolved, normalise

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed"
SEED_FILE = SEED / "000_d7b275e968f64f65.txt"
MONDAY = date(2016, 12, 12)  # a Monday


def value(text: str, anchor: date = MONDAY, tense: str | None = None, before: str = "") -> str:
    resolved = normalise(text, anchor, tense, before)  # type: ignore[arg-type]
    assert resolved is not None, text
    return resolved.value


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Monday", None, "2016-12-12"),  # the report's own day
        ("Friday", None, "2016-12-09"),  # the most recent Friday
        ("Friday", "future", "2016-12-16"),  # "will meet Friday"
        ("last Monday", None, "2016-12-05"),
        ("next Monday", None, "2016-12-19"),  # strictly after
        ("Sunday night", None, "2016-12-11TNI"),
        ("Monday morning", None, "2016-12-12TMO"),
    ],
)
def test_weekdays_are_the_most_recent_unless_the_clause_is_future(
    text: str, tense: str | None, expected: str
) -> None:
    assert value(text, tense=tense) == expected


def test_a_date_without_a_year_in_a_december_report_is_the_past_november() -> None:
    assert value("Nov. 26") == "2016-11-26"
    assert value("Nov. 26", tense="past") == "2016-11-26"
    assert value("Dec. 20", tense="past") == "2016-12-20"  # the report's own month
    assert value("Jan. 14", tense="future") == "2017-01-14"
    assert value("Jan. 14") == "2017-01-14"  # a month ahead, no tense: the nearest
    assert value("Saturday, Dec. 13, 2014") == "2014-12-13"
    assert value("Wednesday, Jan. 4") == "2017-01-04"  # the year whose Jan. 4 is a Wednesday


def test_bare_months_resolve_to_the_most_recent_such_month() -> None:
    assert value("July", tense="past") == "2016-07"
    assert value("December", tense="past") == "2016-12"
    assert value("last June") == "2016-06"
    assert value("last December") == "2015-12"
    assert value("early August", tense="past") == "2016-08"
    assert value("late-November 2009") == "2009-11"
    assert value("March", tense="future") == "2017-03"


def test_counts_of_units_are_durations_not_dates() -> None:
    for text, expected in [
        ("five years", "P5Y"),
        ("a week", "P1W"),
        ("18 months", "P18M"),
        ("the past two years", "P2Y"),
        ("five-hour", "PT5H"),
        ("several days", "PXD"),
        ("two decades", "P20Y"),
        ("years", "PXY"),
    ]:
        resolved = normalise(text, MONDAY)
        assert resolved == Resolved(expected, "duration", None), text


def test_ago_and_earlier_turn_a_count_into_a_date_at_its_precision() -> None:
    assert value("two years ago") == "2014"
    assert value("three months ago") == "2016-09"
    assert value("two weeks ago") == "2016-W48"
    assert value("five days earlier") == "2016-12-07"
    assert value("several years ago") == "PAST_REF"


def test_since_opens_an_interval() -> None:
    assert value("July", before="since", tense="past") == "2016-07/.."
    assert value("2012", before="since") == "2012/.."


def test_quarters_seasons_halves_and_references() -> None:
    anchor = date(1989, 10, 26)
    assert value("the third quarter", anchor) == "1989-Q3"
    assert value("fourth-quarter", anchor) == "1989-Q4"
    assert value("the first quarter of 1990", anchor) == "1990-Q1"
    assert value("the first half", anchor) == "1989-H1"
    assert value("this summer", date(2012, 3, 1)) == "2012-SU"
    assert value("last winter", date(2012, 7, 1)) == "2011-WI"
    assert value("now") == "PRESENT_REF"
    assert value("recently") == "PAST_REF"
    assert value("the future") == "FUTURE_REF"


def test_relative_days_weeks_months_and_years() -> None:
    assert value("yesterday") == "2016-12-11"
    assert value("tomorrow") == "2016-12-13"
    assert value("this morning") == "2016-12-12TMO"
    assert value("last week") == "2016-W49"
    assert value("this week") == "2016-W50"
    assert value("last month") == "2016-11"
    assert value("next year") == "2017"
    assert value("earlier this year") == "2016"
    assert value("the weekend") == "2016-W49-WE"


def test_years_decades_ranges_and_clock_times() -> None:
    assert value("2011") == "2011"
    assert value("fiscal 1989") == "1989"
    assert value("the 1990s") == "199"
    assert value("2009-2010") == "2009/2010"
    assert value("9 a.m.") == "2016-12-12T09:00"
    assert value("10:30 p.m. Sunday") == "2016-12-11T22:30"


def test_sets() -> None:
    assert normalise("every week", MONDAY) == Resolved("P1W", "set", None)
    assert normalise("daily", MONDAY) == Resolved("P1D", "set", None)
    assert normalise("every Monday", MONDAY) == Resolved("XXXX-WXX-1", "set", None)


def test_spurious_spans_are_rejected() -> None:
    for text in ("39-year-old", "49", "the 12 years old", "seven"):
        assert normalise(text, MONDAY) is None, text


def test_historical_means_ending_more_than_a_year_before_the_anchor() -> None:
    assert is_historical(Resolved("2011", "date", "year"), MONDAY)
    assert is_historical(Resolved("2012/..", "date", "year"), MONDAY)
    assert not is_historical(Resolved("2016-07/..", "date", "month"), MONDAY)
    assert not is_historical(Resolved("2016-07-09", "date", "day"), MONDAY)
    assert not is_historical(Resolved("P5Y", "duration", None), MONDAY)


# -- the stage, on a real parse -----------------------------------------------------------

REPORT = (
    "Rebels shelled the town on Monday, officials said. The siege began on Nov. 26 and "
    "the town has been cut off since July. Fighting has gone on since 2012. "
    "Talks will resume on Friday, and aid has been blocked for five years."
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline("en_core_web_md", frozenset({"parser", "ner"}))


def parsed(nlp, text: str, published: str | None) -> Article:  # type: ignore[no-untyped-def]
    article = Article(raw=text, text=text, published=published)
    article.doc = nlp(text)
    article.sentences = [
        Span(s.start_char, s.start_char + len(s.text.rstrip())) for s in article.doc.sents
    ]
    TimeStage(Settings())(article)
    return article


def test_the_stage_finds_and_normalises_times(nlp) -> None:  # type: ignore[no-untyped-def]
    article = parsed(nlp, REPORT, "2016-12-12T08:00:00Z")
    found = {t.text: t for t in article.times}
    assert found["Monday"].value == "2016-12-12"
    assert found["Nov. 26"].value == "2016-11-26"
    assert found["July"].value == "2016-07/.."
    assert found["2012"].value == "2012/.." and found["2012"].historical
    assert found["Friday"].value == "2016-12-16"
    assert found["five years"].kind == "duration" and found["five years"].value == "P5Y"
    assert all(t.anchor == "2016-12-12" for t in article.times)
    assert all(article.text[t.start : t.end] == t.text for t in article.times)


def test_no_parse_means_no_times() -> None:
    article = Article(raw="Il a plu lundi.", text="Il a plu lundi.", published="2016-12-12")
    TimeStage(Settings())(article)
    assert article.times == []


def test_a_missing_date_is_inferred_from_the_text_and_marked(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The offensive began on Nov. 26, 2015 and intensified last month. "
        "On Monday the army said it held the city."
    )
    article = parsed(nlp, text, None)
    anchor = creation_time(article)
    assert anchor is not None
    assert (anchor.value, anchor.precision, anchor.inferred) == ("2015-12", "month", True)
    monday = next(t for t in article.times if t.text == "Monday")
    assert monday.value == "2015-12" and monday.precision == "month"
    assert monday.anchor == "2015-12 (inferred)"


def test_the_stage_sets_the_creation_time_it_anchors_on(nlp) -> None:  # type: ignore[no-untyped-def]
    given = parsed(nlp, "The army said on Monday it held the city.", "2016-12-12T08:00:00Z")
    assert given.creation is not None
    assert (given.creation.value, given.creation.precision) == ("2016-12-12", "day")
    assert given.creation.anchor == "published"
    assert (given.creation.start, given.creation.end, given.creation.text) == (0, 0, "")
    text = "Talks failed on Oct. 3, 2015. Aid convoys were turned back."
    inferred = parsed(nlp, text, None)
    creation = inferred.creation
    assert creation is not None
    assert (creation.value, creation.precision, creation.anchor) == ("2015-10", "month", "inferred")
    assert creation.text == "Oct. 3, 2015" == text[creation.start : creation.end]
    # what the stage set is what event dating falls back on, not a recomputation
    creation.value = "2015-11"
    fallback = governing_time(inferred, text.index("Aid"), len(text))
    assert fallback is not None and fallback.value == "2015-11"
    assert fallback.anchor == "2015-11 (inferred)"


def test_no_year_anywhere_means_no_creation_time(nlp) -> None:  # type: ignore[no-untyped-def]
    article = parsed(nlp, "The army said on Monday it held the city.", None)
    assert infer_creation(article.doc) is None
    assert creation_time(article) is None and article.creation is None
    assert [t.value for t in article.times] == [None]  # found, but never dated from today


def test_event_dating_own_then_sentence_then_article(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels shelled the town on Monday, and the army replied. "
        "The town has been divided since the war began in 2011. "
        "Aid convoys were turned back."
    )
    article = parsed(nlp, text, "2016-12-12")
    own = governing_time(article, 0, text.index(", and"))
    assert own is not None and own.text == "Monday"
    clause = text.index("the army replied")
    sentence = governing_time(article, clause, clause + 16)
    assert sentence is not None and sentence.text == "Monday"
    divided = text.index("The town")
    whole = governing_time(article, divided, divided + 30)
    assert whole is not None and whole.text == "" and whole.value == "2016-12-12"
    began = text.index("the war began")
    historical = governing_time(article, began, text.index("2011.") + 4)
    assert historical is not None and historical.historical and historical.value == "2011"
    last = text.index("Aid")
    fallback = governing_time(article, last, len(text))
    assert fallback is not None and (fallback.value, fallback.precision) == ("2016-12-12", "day")


# -- the seed article ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pipeline() -> Pipeline:
    return Pipeline(["text", "language", "fingerprint", "nlp", "mentions", "time"], Settings())


def _seed(pipeline: Pipeline, published: str | None) -> Article:
    if not SEED_FILE.exists():
        pytest.skip(f"{SEED_FILE} is absent: the seed article lives outside the repo")
    raw = SEED_FILE.read_text(encoding="utf-8")
    given = "given" if published else None
    article = Article(raw=raw, source=Source(path=str(SEED_FILE)), published=published)
    article.published_source = given
    result = pipeline.run(article)
    assert isinstance(result, Article), result
    return result


def test_seed_article_dates_with_published(seed_pipeline: Pipeline) -> None:
    article = _seed(seed_pipeline, "2016-12-12")
    values = {(t.text, t.value) for t in article.times}
    assert ("Monday", "2016-12-12") in values
    assert ("Nov. 26", "2016-11-26") in values
    assert ("last month", "2016-11") in values
    assert ("July", "2016-07/..") in values
    historical = {t.text for t in article.times if t.historical}
    assert {"2011", "2012"} <= historical
    captions = [t for times in caption_times(article) for t in times]
    assert captions and all(t.value == "2016-07-09" and not t.historical for t in captions)


def test_seed_article_creation_inferred_without_published(seed_pipeline: Pipeline) -> None:
    article = _seed(seed_pipeline, None)
    anchor = creation_time(article)
    assert anchor is not None
    assert (anchor.value, anchor.precision, anchor.inferred) == ("2016-12", "month", True)


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "expected"),
    [
        ("Dec. 7", date(2016, 10, 27), "past", "2016-12-07"),  # "declared ... payable Dec. 7"
        ("November", date(2016, 10, 27), "past", "2016-11"),
        ("Sept. 30", date(2016, 11, 2), "past", "2016-09-30"),  # this year's, already past
        ("Dec. 20", date(2017, 1, 5), "past", "2016-12-20"),
        ("March", date(2016, 10, 27), "past", "2016-03"),  # this year's March, not next
        ("Feb. 1", date(2016, 10, 27), "past", "2016-02-01"),  # next one too far ahead
    ],
)
def test_a_past_tense_date_is_the_coming_one_when_the_past_one_is_last_year(
    text: str, anchor: date, tense: str, expected: str
) -> None:
    assert value(text, anchor, tense) == expected


def test_recent_units_are_vague_durations_and_one_day_a_day() -> None:
    assert value("recent years") == "PXY"
    assert value("recent weeks") == "PXW"
    assert value("recent weeks and months") == "PAST_REF"
    assert value("weeks or months") == "PXW"
    assert value("one day") == "P1D"  # "the shares fell by one day's trading"
    assert value("one day", tense="future") == "FUTURE_REF"  # "will one day return"


def test_the_quarter_is_the_one_last_named_and_soonest_is_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The firm said its first-quarter profit rose. In the quarter, sales grew 5%. "
        "The talks could resume as soon as Friday. Trading is to resume Thursday."
    )
    article = parsed(nlp, text, "2016-12-12")  # a Monday
    found = {t.text: t.value for t in article.times}
    assert found["the quarter"] == "2016-Q1"
    assert found["Friday"] == "2016-12-16"
    assert found["Thursday"] == "2016-12-15"
