"""The time scorer: TimeML reading with exact offsets, the scores on pairs we build, and a
short run on ../shared/eval/temporal/tbaq when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.time import GoldTimex, evaluate_time, load_timeml, score_times
from eventwire.model import TimeRef

TBAQ = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "temporal" / "tbaq"

DOC = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>T1</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2016-12-12" '
    'functionInDocument="CREATION_TIME">20161212</TIMEX3></DCT>\n<TEXT>\n'
    'Rebels <EVENT eid="e1">shelled</EVENT> the town '
    '<TIMEX3 tid="t1" type="DATE" value="2016-12-12">Monday</TIMEX3> &amp; aid was '
    '<EVENT eid="e2">blocked</EVENT> for '
    '<TIMEX3 tid="t2" type="DURATION" value="P5Y">five years</TIMEX3>.\n</TEXT>\n</TimeML>\n'
)


def test_load_timeml_strips_tags_and_keeps_exact_offsets(tmp_path: Path) -> None:
    path = tmp_path / "t1.tml"
    path.write_text(DOC, encoding="utf-8")
    doc = load_timeml(path)
    assert doc.dct == "2016-12-12"
    assert "<" not in doc.text and "&" in doc.text
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Monday", "DATE", "2016-12-12"),
        ("five years", "DURATION", "P5Y"),
    ]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)


def test_scores_strict_relaxed_value_and_type() -> None:
    gold = [
        GoldTimex(0, 6, "Monday", "DATE", "2016-12-12"),
        GoldTimex(10, 20, "five years", "DURATION", "P5Y"),
        GoldTimex(30, 34, "July", "DATE", "2016-07"),
        GoldTimex(40, 47, "Week 07", "DATE", "2016-W7"),
    ]
    predicted = [
        TimeRef(0, 6, "Monday", "2016-12-12", "date"),  # strict, right value
        TimeRef(5, 20, "y five years", "P5Y", "date"),  # relaxed only, wrong type
        TimeRef(30, 34, "July", "2016-07/..", "date"),  # "since July": the point counts
        TimeRef(40, 47, "Week 07", "2016-W07", "date"),  # zero-padded week is the same
        TimeRef(50, 55, "later", "FUTURE_REF", "date"),  # spurious
    ]
    scores = score_times([(gold, predicted)])
    assert scores["strict"] == {"precision": 0.6, "recall": 0.75, "f1": 0.6667}
    assert scores["relaxed"]["precision"] == 0.8 and scores["relaxed"]["recall"] == 1.0
    assert scores["value_accuracy"] == 1.0
    assert scores["type_accuracy"] == 0.75


def test_each_gold_is_matched_once() -> None:
    gold = [GoldTimex(0, 6, "Monday", "DATE", "2016-12-12")]
    predicted = [TimeRef(0, 3, "Mon", "2016-12-12"), TimeRef(3, 6, "day", "2016-12-12")]
    assert score_times([(gold, predicted)])["relaxed"]["precision"] == 0.5


def test_a_folder_without_timeml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \.tml files"):
        evaluate_time(tmp_path)


def test_evaluate_time_on_a_written_folder(tmp_path: Path) -> None:
    (tmp_path / "t1.tml").write_text(DOC, encoding="utf-8")
    scores = evaluate_time(tmp_path)
    assert scores["docs"] == 1 and scores["gold"] == 2
    assert scores["relaxed"]["f1"] == 1.0 and scores["value_accuracy"] == 1.0


@pytest.mark.eval
def test_tbaq_sample_scores_above_the_issue_targets() -> None:
    if not TBAQ.is_dir():
        pytest.skip(f"{TBAQ} is absent: the evaluation data lives outside the repo")
    scores = evaluate_time(TBAQ, limit=40)
    assert scores["relaxed"]["f1"] >= 0.8
    assert scores["value_accuracy"] >= 0.75
