from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire import Article, Failure, Pipeline, PipelineError, Settings, Source
from eventwire.pipeline import check_order, stage_class
from eventwire.stages import REGISTRY, Stage, register


def test_refuses_a_stage_that_reads_what_nobody_wrote() -> None:
    with pytest.raises(PipelineError, match=r"'mentions' requires article.doc"):
        Pipeline(["text", "mentions"])


def test_refuses_a_wrong_order() -> None:
    with pytest.raises(PipelineError, match=r"'nlp' requires article.text"):
        check_order([stage_class("nlp"), stage_class("text")])


def test_refuses_unknown_and_repeated_stages() -> None:
    with pytest.raises(PipelineError, match="unknown stage 'geocode'"):
        Pipeline(["text", "geocode"])
    with pytest.raises(PipelineError, match="appears twice"):
        Pipeline(["text", "text"])


def test_default_pipeline_is_in_order() -> None:
    assert Pipeline().names == [
        "text",
        "language",
        "fingerprint",
        "nlp",
        "mentions",
        "places",
        "time",
        "actors",
        "claims",
        "events",
    ]


@register
class _Exploding(Stage):
    """A test stage that fails on articles whose text mentions a bomb."""

    name = "_test_exploding"
    requires = ("article.text",)
    assigns = ("article.dateline",)

    def __call__(self, article: Article) -> None:
        if "bomb" in article.text:
            raise RuntimeError("boom")
        article.dateline = "OK"


def test_one_failing_article_does_not_stop_the_batch() -> None:
    pipeline = Pipeline(["text", "_test_exploding"])
    inputs = [
        Article(raw=t, source=Source(path=f"{i}.txt"))
        for i, t in enumerate(["calm day", "a bomb went off", "   ", "quiet night"])
    ]
    results = list(pipeline.pipe(inputs, batch_size=3))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Failure", "Article"]
    assert isinstance(results[1], Failure)
    assert results[1].stage == "_test_exploding"
    assert str(results[1]) == "1.txt: RuntimeError: boom"
    assert isinstance(results[2], Failure) and results[2].stage == "text"
    assert [r.dateline for r in results if isinstance(r, Article)] == ["OK", "OK"]


def test_pipe_streams_in_batches() -> None:
    pulled: list[int] = []

    def source() -> Iterator[Article]:
        for i in range(10):
            pulled.append(i)
            yield Article(raw=f"report number {i}")

    results = Pipeline(["text"]).pipe(source(), batch_size=4)
    next(results)
    assert pulled == [0, 1, 2, 3]  # only the first batch was read


def test_stage_registry_lists_the_foundation_stages() -> None:
    assert {"text", "nlp", "mentions"} <= set(REGISTRY)


def test_parses_once_with_only_the_needed_components(pipeline: Pipeline) -> None:
    nlp = pipeline.stages[pipeline.names.index("nlp")].nlp  # type: ignore[attr-defined]
    assert nlp.pipe_names == ["tok2vec", "eventwire_paragraphs", "parser", "ner"]


def test_text_only_pipeline_loads_no_model() -> None:
    result = Pipeline(["text"], Settings(model="no_such_model")).run(Article(raw="a report"))
    assert isinstance(result, Article)
    assert result.id is not None


def test_time_per_stage_is_recorded(pipeline: Pipeline) -> None:
    before = dict(pipeline.seconds)
    pipeline.run(Article(raw="Rebels shelled Idlib on Monday, the army said."))
    assert set(pipeline.seconds) == set(pipeline.names)
    assert pipeline.seconds["nlp"] > before["nlp"]


def test_doc_text_is_the_text_and_is_kept(pipeline: Pipeline) -> None:
    from eventwire.stages.nlp import doc_text

    result = pipeline.run(Article(raw="Shelling hit Idlib.\n\nTwo died, medics said."))
    assert isinstance(result, Article)
    assert doc_text(result.doc) == result.doc.text == result.text
    assert result.doc.user_data["eventwire_text"] == result.text
