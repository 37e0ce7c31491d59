"""The quality gate: every figure pinned in eval_floors.json must hold on ../shared/eval.

A figure fails when it falls below its floor minus its noise margin. A floor may only go
down with an entry in the file's "lowered" list ({"metric", "from", "to", "why"}), checked
against the last committed version of the file, so no floor is ever lowered silently.
Removing a metric counts as lowering it to null.

To gate a new figure: add a scorer to SCORERS (data folder and a function returning
{metric name: value}) and one entry per metric to eval_floors.json, its floor pinned at
the figure you reach.
"""

from __future__ import annotations

import functools
import gzip
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError
from eventwire.evaluate import evaluate_attribution, evaluate_geo, evaluate_time
from eventwire.evaluate.events import evaluate_events
from eventwire.evaluate.extraction import evaluate_extraction, token_scores
from tests.test_html import NEWS_PAGE, PARAGRAPHS

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FLOORS = Path(__file__).with_name("eval_floors.json")
FLOORS_IN_GIT = "tests/eval_floors.json"
RESERVED = {"lowered"}


@dataclass(frozen=True)
class Scorer:
    """One evaluation run: the data it needs (relative to ../shared/eval) and what it
    reports, as flat metric names under the scorer's own prefix."""

    data: str
    run: Callable[[Path], dict[str, float]]


def _extraction_aeb(data: Path) -> dict[str, float]:
    scores = evaluate_extraction(data)
    ours, theirs = scores["eventwire"], scores["trafilatura_favor_precision"]
    best = max(scores["trafilatura_default"]["f1"], theirs["f1"])
    return {
        "extraction.aeb.f1": ours["f1"],
        "extraction.aeb.precision": ours["precision"],
        "extraction.aeb.recall": ours["recall"],
        "extraction.aeb.pages_per_s": ours["pages_per_s"],
        # speed relative to trafilatura in the same run: holds on any machine
        "extraction.aeb.speed_vs_trafilatura": ours["pages_per_s"] / theirs["pages_per_s"],
        # F1 above trafilatura's best configuration in the same run
        "extraction.aeb.f1_over_trafilatura": ours["f1"] - best,
    }


def _geo(file: str, prefix: str) -> Callable[[Path], dict[str, float]]:
    def run(data: Path) -> dict[str, float]:
        scores = evaluate_geo(data / file)
        keys = ("precision", "recall", "f1", "accuracy_161km", "geonameid_match")
        return {f"{prefix}.{key}": scores[key] for key in keys}

    return run


def _temporal_tbaq(data: Path) -> dict[str, float]:
    scores = evaluate_time(data)
    return {
        "temporal.tbaq.strict_f1": scores["strict"]["f1"],
        "temporal.tbaq.relaxed_f1": scores["relaxed"]["f1"],
        "temporal.tbaq.value_accuracy": scores["value_accuracy"],
        "temporal.tbaq.type_accuracy": scores["type_accuracy"],
    }


def _attribution_polnear(data: Path) -> dict[str, float]:
    scores = evaluate_attribution(data)
    figures = {
        f"attribution.polnear.{part}_{match}_f1": scores[part][match]["f1"]
        for part in ("source", "cue", "content")
        for match in ("exact", "overlap")
    }
    # a share of the time: lower is better, so it is gated by its complement
    figures["attribution.polnear.time_left_to_others"] = 1 - scores["claims_share_of_time"]
    return figures


def _events_plover_gsr(data: Path) -> dict[str, float]:
    scores = evaluate_events(data)
    keys = ("category_accuracy", "source_match", "target_match")
    return {f"events.plover_gsr.{key}": scores[key] for key in keys}


def _events_wikievents(data: Path) -> dict[str, float]:
    scores = evaluate_events(data)
    return {
        "events.wikievents.conflict_trigger_f1": scores["conflict"]["trigger"]["f1"],
        "events.wikievents.conflict_argument_f1": scores["conflict"]["argument"]["f1"],
    }


def _events_muc4(data: Path) -> dict[str, float]:
    scores = evaluate_events(data / "dev.json")
    return {
        "events.muc4.exact_f1": scores["exact"]["micro"]["f1"],
        "events.muc4.head_f1": scores["head"]["micro"]["f1"],
    }


SCORERS: dict[str, Scorer] = {
    "extraction.aeb": Scorer("extraction/aeb", _extraction_aeb),
    "geo.lgl": Scorer("geo/lgl", _geo("lgl.xml", "geo.lgl")),
    "geo.tr_news": Scorer("geo/tr_news", _geo("TR-News.xml", "geo.tr_news")),
    "temporal.tbaq": Scorer("temporal/tbaq", _temporal_tbaq),
    "attribution.polnear": Scorer("attribution/polnear/dev", _attribution_polnear),
    "events.plover_gsr": Scorer("events/plover_gsr", _events_plover_gsr),
    "events.wikievents": Scorer("events/wikievents", _events_wikievents),
    "events.muc4": Scorer("events/muc4", _events_muc4),
}
"""Metric prefix -> scorer. A metric `extraction.aeb.f1` is checked by `extraction.aeb`."""


def _load(text: str, where: str) -> dict[str, Any]:
    data = json.loads(text)
    assert isinstance(data, dict), f"{where}: expected a JSON object"
    return data


def _floors(data: dict[str, Any]) -> dict[str, dict[str, float]]:
    return {name: entry for name, entry in data.items() if name not in RESERVED}


def _scorer_of(metric: str) -> str | None:
    matches = [prefix for prefix in SCORERS if metric.startswith(prefix + ".")]
    return max(matches, key=len) if matches else None


@functools.cache
def _figures(prefix: str) -> dict[str, float]:
    """Run a scorer once per test session, however many metrics it backs."""
    scorer = SCORERS[prefix]
    return scorer.run(EVAL / scorer.data)


CURRENT = _load(FLOORS.read_text(encoding="utf-8"), str(FLOORS))


def test_floors_file_is_well_formed() -> None:
    for name, entry in _floors(CURRENT).items():
        assert _scorer_of(name), f"{name}: no scorer in SCORERS has this prefix"
        assert isinstance(entry, dict), f"{name}: expected {{'floor': x, 'noise': y}}"
        assert set(entry) == {"floor", "noise"}, f"{name}: keys must be floor and noise"
        assert all(isinstance(v, int | float) for v in entry.values()), f"{name}: numbers"
        assert entry["noise"] >= 0, f"{name}: noise must not be negative"
    for entry in CURRENT.get("lowered", []):
        assert set(entry) == {"metric", "from", "to", "why"}, f"lowered entry {entry}"
        assert str(entry["why"]).strip(), f"lowered entry {entry}: say why"


def below_floor(figures: dict[str, float], data: dict[str, Any], prefix: str) -> list[str]:
    """The pinned metrics of one scorer whose figure fell below floor - noise."""
    failures = []
    for name, entry in sorted(_floors(data).items()):
        if _scorer_of(name) != prefix:
            continue
        if name not in figures:
            failures.append(f"{name}: pinned, but the scorer does not report it")
            continue
        value, floor, noise = figures[name], entry["floor"], entry["noise"]
        if value < floor - noise:
            failures.append(f"{name} = {value:.4f} < floor {floor} - noise {noise}")
    return failures


def silently_lowered(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Floors lower in `now` than in `before` (or gone) with no matching "lowered" entry."""
    declared = {(e.get("metric"), e.get("from"), e.get("to")) for e in now.get("lowered", [])}
    current = _floors(now)
    silent = []
    for name, entry in sorted(_floors(before).items()):
        old = entry["floor"]
        new = current[name]["floor"] if name in current else None
        if (new is None or new < old) and (name, old, new) not in declared:
            silent.append(
                f"{name}: {old} -> {new}; add "
                f'{{"metric": "{name}", "from": {old}, "to": {json.dumps(new)}, "why": "..."}}'
                ' to "lowered"'
            )
    return silent


@pytest.mark.eval
@pytest.mark.parametrize("prefix", sorted(SCORERS))
def test_figures_hold_their_floors(prefix: str) -> None:
    data = EVAL / SCORERS[prefix].data
    if not data.is_dir():
        pytest.skip(f"{data} is absent: the evaluation data lives outside the repo")
    figures = _figures(prefix)
    failures = below_floor(figures, CURRENT, prefix)
    shown = ", ".join(f"{k} = {v:.4f}" for k, v in sorted(figures.items()))
    assert not failures, "; ".join(failures) + f" (all figures: {shown})"


def test_no_floor_is_lowered_silently() -> None:
    try:
        shown = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"HEAD:{FLOORS_IN_GIT}"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        pytest.skip("git is not available")
    if shown.returncode != 0:
        pytest.skip(f"no committed {FLOORS_IN_GIT} to compare with")
    silent = silently_lowered(_load(shown.stdout, f"HEAD:{FLOORS_IN_GIT}"), CURRENT)
    assert not silent, "floors lowered without a reason: " + "; ".join(silent)


# -- the gate's own rules, on made-up files ---------------------------------------------


def test_a_figure_below_floor_minus_noise_fails_and_within_noise_passes() -> None:
    pinned = {"extraction.aeb.f1": {"floor": 0.9, "noise": 0.01}, "lowered": []}
    assert below_floor({"extraction.aeb.f1": 0.891}, pinned, "extraction.aeb") == []
    assert below_floor({"extraction.aeb.f1": 0.889}, pinned, "extraction.aeb")
    assert below_floor({}, pinned, "extraction.aeb") == [
        "extraction.aeb.f1: pinned, but the scorer does not report it"
    ]


def test_lowering_a_floor_needs_a_lowered_entry() -> None:
    before = {"extraction.aeb.f1": {"floor": 0.9, "noise": 0.01}, "lowered": []}
    lower = {"extraction.aeb.f1": {"floor": 0.85, "noise": 0.01}, "lowered": []}
    raised = {"extraction.aeb.f1": {"floor": 0.95, "noise": 0.01}, "lowered": []}
    explained = {
        "extraction.aeb.f1": {"floor": 0.85, "noise": 0.01},
        "lowered": [
            {"metric": "extraction.aeb.f1", "from": 0.9, "to": 0.85, "why": "new tokenizer"}
        ],
    }
    assert silently_lowered(before, lower)
    assert silently_lowered(before, {"lowered": []})  # a floor removed is a floor lowered
    assert silently_lowered(before, raised) == []
    assert silently_lowered(before, explained) == []


# -- the extraction scorer, on a folder written here ----------------------------------------


def test_token_scores_are_bag_of_tokens_with_sensible_edges() -> None:
    assert token_scores("a b b c", "b a b d") == (0.75, 0.75, 0.75)
    assert token_scores("", "") == (1.0, 1.0, 1.0)
    assert token_scores("a b", "") == (0.0, 0.0, 0.0)  # a failure never looks precise
    assert token_scores("", "a b") == (0.0, 1.0, 0.0)
    assert token_scores("a\nb", "a  b") == (1.0, 1.0, 1.0)


def test_evaluate_extraction_scores_a_folder_and_survives_bad_pages(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "good.html.gz").write_bytes(gzip.compress(NEWS_PAGE.encode()))
    latin = NEWS_PAGE.replace("utf-8", "iso-8859-1").replace("Khartoum", "Khart\u00f4um")
    (tmp_path / "html" / "latin.html").write_bytes(latin.encode("iso-8859-1"))
    (tmp_path / "html" / "empty.html").write_bytes(b"")
    gold = "\n\n".join(PARAGRAPHS)
    truth = {
        "good": {"articleBody": gold, "url": "https://courier.example.com/a"},
        "latin": {"articleBody": gold.replace("Khartoum", "Khart\u00f4um"), "url": None},
        "empty": {"articleBody": "Something was here.", "url": None},
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")

    scores = evaluate_extraction(tmp_path)
    assert scores["pages"] == 3
    assert set(scores) == {
        "pages",
        "eventwire",
        "trafilatura_default",
        "trafilatura_favor_precision",
    }
    ours = scores["eventwire"]
    assert ours["failures"] == 1
    assert ours["f1"] == pytest.approx(2 / 3, abs=1e-3)  # two perfect pages, one empty
    assert ours["pages_per_s"] > 0
    json.dumps(scores)  # JSON-ready


def test_a_folder_without_ground_truth_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"ground-truth\.json: no such file"):
        evaluate_extraction(tmp_path)
