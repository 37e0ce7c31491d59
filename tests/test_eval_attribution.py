"""The attribution scorer: BRAT parsing, matching rules, and a run on a folder we wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.attribution import (
    Relation,
    annotator_agreement,
    evaluate_attribution,
    parse_ann,
    score_relations,
)
from eventwire.model import Span

TEXT = "The mayor said the bridge was closed. “It will reopen soon,” she added."
ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 36\tthe bridge was closed\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tContent 39 53;54 58\tIt will reopen soon\n"
    "T6\tCue 65 70\tadded\n"
    "T7\tAttribution-no-source 65 70\tadded\n"
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T5\n"
    "#1\tAnnotatorNotes T1\ta note\n"
)


def test_parse_ann_ties_spans_into_relations() -> None:
    first, second = parse_ann(ANN)
    assert first == Relation((Span(0, 9),), (Span(10, 14),), (Span(15, 36),))
    assert second.source == ()
    assert second.content == (Span(39, 53), Span(54, 58))


def test_exact_and_overlap_matching() -> None:
    gold = parse_ann(ANN)
    wider = Relation((Span(0, 9),), (Span(10, 14),), (Span(15, 37),))  # "." is not a token
    half = Relation((Span(4, 9),), (Span(10, 14),), (Span(15, 29),))  # "the bridge was"
    counts = score_relations(TEXT, gold, [wider])
    assert counts["content"]["exact"] == [1, 1, 2]
    assert counts["source"]["exact"] == [1, 1, 1]
    counts = score_relations(TEXT, gold, [half])
    assert counts["source"]["exact"] == [0, 1, 1]
    assert counts["source"]["overlap"] == [1, 1, 1]  # 1 of 2 tokens: half
    assert counts["content"]["overlap"] == [1, 1, 2]  # 3 of 4 tokens
    assert counts["cue"]["exact"] == [1, 1, 2]


def test_a_source_of_another_statement_is_not_credited() -> None:
    gold = [Relation((Span(0, 9),), (Span(10, 14),), (Span(15, 36),))]
    elsewhere = Relation((Span(0, 9),), (Span(65, 70),), (Span(39, 58),))
    assert score_relations(TEXT, gold, [elsewhere])["source"]["exact"] == [0, 1, 1]


def test_evaluate_attribution_on_a_folder(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "a_x1.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "a_x2.ann").write_text("", encoding="utf-8")  # not scored
    scores = evaluate_attribution(tmp_path)
    assert scores["articles"] == 1 and scores["relations_gold"] == 2
    assert scores["cue"]["exact"]["f1"] == 1.0
    # "she" is a source the gold leaves out (Attribution-no-source): a false positive
    assert scores["source"]["exact"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert scores["articles_per_s"] > 0


def test_a_folder_without_texts_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not an attribution data folder"):
        evaluate_attribution(tmp_path)


def test_annotator_agreement_scores_annotators_against_each_other(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "alone.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "one_a1.ann").write_text(ANN, encoding="utf-8")
    first_only = ANN.split("T5")[0]  # the second annotator saw only the first relation
    (tmp_path / "attributions" / "one_b2.ann").write_text(first_only, encoding="utf-8")
    (tmp_path / "attributions" / "alone_a1.ann").write_text(ANN, encoding="utf-8")
    result = annotator_agreement(tmp_path)
    assert result["articles"] == 1 and result["annotator_pairs"] == 2
    cue = result["cue"]["exact"]
    assert cue["precision"] == cue["recall"] == pytest.approx(2 / 3, abs=1e-4)  # 2 of 3 each way
    assert result["source"]["exact"]["f1"] == 1.0  # the one source both marked
