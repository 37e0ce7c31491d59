"""Time values when the creation date is unknown or only inferred."""

from __future__ import annotations

from eventwire import Article, Pipeline


def _times(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    result = pipeline.run(Article(raw=text))
    assert isinstance(result, Article)
    return {t.text: (t.value, t.precision) for t in result.times}


def test_without_any_date_only_anchor_free_values_are_given(pipeline: Pipeline) -> None:
    times = _times(
        pipeline,
        "Troops shelled the town on Tuesday after a week of fighting, officials said. "
        "Patrols now run daily.",
    )
    assert times["Tuesday"] == (None, None)  # needs a date to count back from
    assert times["a week"] == ("P1W", None)
    assert times["daily"] == ("P1D", None)


def test_a_full_date_keeps_its_day_against_an_inferred_month(pipeline: Pipeline) -> None:
    times = _times(
        pipeline,
        "Troops shelled the town on Tuesday, in fighting that began on July 9, 2016, "
        "officials said.",
    )
    assert times["July 9, 2016"] == ("2016-07-09", "day")
    assert times["Tuesday"] == ("2016-07", "month")  # only the inferred month is known
