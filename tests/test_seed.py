"""The seed article, read from ../shared at test time (never copied into the project)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.report import RECORD_FIELDS

from .conftest import SEED

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} is not present")


def test_seed_extracts_to_valid_json_with_its_named_entities() -> None:
    result = CliRunner(mix_stderr=False).invoke(main, ["extract", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert tuple(record) == RECORD_FIELDS
    text = record["text"]
    for item in record["mentions"]:
        assert text[item["start"] : item["end"]] == item["text"]
    found = {(m["text"], m["label"]) for m in record["mentions"]}
    assert {("Aleppo", "GPE"), ("Bashar Assad", "PERSON"), ("Russia", "GPE")} <= found
    aleppo = sum(1 for m in record["mentions"] if m["text"] == "Aleppo")
    assert aleppo >= 10
