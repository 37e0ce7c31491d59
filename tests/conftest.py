"""Shared fixtures: a real spaCy pipeline (loaded once), real SQLite, reports we wrote."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire import Pipeline, Settings
from eventwire.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_d7b275e968f64f65.txt"

REPORT = """\
Militia fighters seize checkpoint outside Qaraqosh

MOSUL, Iraq - Militia fighters loyal to the Popular Mobilization Forces seized a \
checkpoint on the road to Qaraqosh on Friday, two police officers said.

The United Nations refugee agency said 1,200 families had left the area since \
Wednesday. Ahmed Karim, a local council member, said the fighting had stopped by noon.
"""

SECOND_REPORT = """\
Protesters gather in Kinshasa

Thousands of protesters marched through Kinshasa on Sunday to demand the release of \
jailed opposition leader Moise Kabila, witnesses said. Police fired tear gas near the \
parliament building.
"""


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline with the default (md) model, initialised once."""
    pipe = Pipeline(settings=Settings(batch_size=8))
    pipe.initialize()
    return pipe


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    """A fresh in-memory SQLite store."""
    with SQLiteStore(":memory:") as fresh:
        yield fresh  # type: ignore[misc]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A folder with two good reports, one in a subfolder."""
    (tmp_path / "reports" / "more").mkdir(parents=True)
    (tmp_path / "reports" / "iraq.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "reports" / "more" / "congo.txt").write_text(SECOND_REPORT, encoding="utf-8")
    return tmp_path / "reports"
