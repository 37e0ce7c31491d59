"""The learned cue model of the claims stage, on sentences we wrote: cues beyond any
verb list, content with its complements, quotes run on across paragraphs, "according
to" in mid-sentence, passive sources, and the lexicon fallback without the model."""

from __future__ import annotations

import gzip
import json

import pytest

import eventwire.stages.claims as claims_module
from eventwire import Pipeline, Settings
from eventwire.model import Article, Claim
from eventwire.stages.claims_model import MODEL_PATH, CueModel, load_model, quote_flags
from eventwire.stages.claims_parse import Found
from tests.test_claims import STAGES, contents, only, run


@pytest.fixture(scope="module")
def claims_pipeline() -> Pipeline:
    pipe = Pipeline(STAGES, Settings(batch_size=8))
    pipe.initialize()
    return pipe


def test_model_file_is_small_and_learned_from_train() -> None:
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as stream:
        data = json.load(stream)
    assert "PolNeAR train" in data["_doc"]
    model = load_model()
    assert isinstance(model, CueModel)
    assert model.anchor and model.span  # weights, not an empty shell


def test_a_cue_no_lexicon_lists(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The senator lambasted the new budget.")
    claim = only(article, "lambasted")
    assert claim.source_text == "The senator"
    assert contents(article, claim) == ["the new budget"]


def test_object_keeps_its_complement(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "Aid groups urged both sides to open the road.")
    assert contents(article, only(article, "urged")) == ["both sides to open the road"]
    article = run(claims_pipeline, "The minister accused the rebels of shelling the market.")
    assert contents(article, only(article, "accused")) == ["the rebels of shelling the market"]


def test_passive_cue_takes_its_agent_as_source(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The plan was criticized by the opposition leader.")
    claim = only(article, "was criticized")
    assert claim.source_text == "the opposition leader"
    assert contents(article, claim) == ["The plan"]


def test_according_to_in_mid_sentence_splits_the_content(claims_pipeline: Pipeline) -> None:
    text = "The convoy, according to the Red Crescent, reached the town on Friday."
    article = run(claims_pipeline, text)
    claim = only(article, "according to")
    assert contents(article, claim) == ["The convoy", "reached the town on Friday"]


def test_uncued_quote_paragraph_continues_the_speaker(claims_pipeline: Pipeline) -> None:
    text = (
        "“We lost everything,” said Omar Saleh, a farmer.\n\n"
        "“The river took the house and the animals.”\n\n"
        "The water rose again on Sunday."
    )
    article = run(claims_pipeline, text)
    claim = only(article, "said")
    assert claim.kind == "direct"
    assert contents(article, claim)[-1] == "“The river took the house and the animals.”"
    assert not any("water rose" in s for s in contents(article, claim))


def test_quote_paragraph_with_its_own_cue_is_not_taken(claims_pipeline: Pipeline) -> None:
    text = (
        "“We lost everything,” said Omar Saleh, a farmer.\n\n"
        "“The road is gone,” the governor said.\n\n"
    )
    article = run(claims_pipeline, text)
    first = next(c for c in article.claims if c.source_text == "Omar Saleh, a farmer")
    assert len(first.content) == 1


def test_two_claims_holding_each_others_cue_keep_the_larger() -> None:
    said = Found((10, 14), "say", [(15, 80)], (0, 9), None)
    refused = Found((40, 51), "refuse", [(0, 14)], (15, 39), None)
    assert claims_module._swallowed(refused, said)
    assert not claims_module._swallowed(said, refused)


def test_quote_flags_mark_tokens_inside_quotes(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "He said “no way” today.")
    assert article.doc is not None
    flags = quote_flags(article.doc, claims_module.quote_segments(article.text))
    inside = [t.text for t in article.doc if flags[t.i]]
    assert inside == ["no", "way"]


def test_without_the_model_file_the_lexicon_finds_cues(
    claims_pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims_module, "load_model", lambda: None)
    article = run(claims_pipeline, "The governor said that the bridge had been closed.")
    claim: Claim = only(article, "said")
    assert claim.source_text == "The governor"
    assert contents(article, claim) == ["that the bridge had been closed"]
    assert isinstance(article, Article)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry released a list of the detained journalists.",
        "Volunteers shared bread with the displaced families.",
        "The council issued permits for the new market.",
    ],
)
def test_claim_filter_drops_acts_that_report_nothing(claims_pipeline: Pipeline, text: str) -> None:
    """Releasing a list or sharing bread has an object, but no one is quoted."""
    assert run(claims_pipeline, text).claims == []


def test_claim_filter_keeps_statements_with_objects(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The government announced a curfew in the capital.")
    claim = only(article, "announced")
    assert claim.source_text == "The government"
    article = run(claims_pipeline, "The UN called for an immediate halt to the shelling.")
    assert contents(article, only(article, "called for")) == ["an immediate halt to the shelling"]


def test_weak_anchor_with_a_clause_and_a_speaker_is_kept(claims_pipeline: Pipeline) -> None:
    """'went on to say' scores low as an anchor; the claim it makes has a speaker and a
    that-clause, which the filter trusts."""
    article = run(claims_pipeline, "The governor went on to say that the bridge would reopen.")
    claim = next(c for c in article.claims if c.source_text == "The governor")
    assert contents(article, claim) == ["that the bridge would reopen"]


def test_claim_filter_threshold() -> None:
    model = load_model()
    assert model is not None and model.claim and model.candidate_threshold is not None
    assert model.proposal_threshold < model.anchor_threshold  # the filter proposes more
    unfiltered = CueModel(anchor={}, span={}, anchor_threshold=0.0, span_threshold=0.0)
    assert unfiltered.keeps(["b", "v=object"]) and unfiltered.proposal_threshold == 0.0
    strict = CueModel({}, {}, 0.0, 0.0, claim={"v=object": -1.0, "b": 0.5})
    assert strict.keeps(["b"]) and not strict.keeps(["b", "v=object"])
