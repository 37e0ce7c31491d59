"""`eventwire evaluate ...` and `eventwire gazetteer ...` on small data we write ourselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.resources.gazetteer import Gazetteer

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test_0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-12-12" temporalFunction="false" \
functionInDocument="CREATION_TIME">12/12/2016</TIMEX3></DCT>
<TEXT>
Rebels withdrew from the old city on <TIMEX3 tid="t1" type="DATE" value="2016-12-11">Sunday\
</TIMEX3>, the army said. The siege had lasted <TIMEX3 tid="t2" type="DURATION" value="P4M">\
four months</TIMEX3>.
</TEXT>
</TimeML>
"""


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner(mix_stderr=False).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_time_prints_json_scores(tmp_path: Path) -> None:
    (tmp_path / "doc.tml").write_text(TIMEML, encoding="utf-8")
    code, out, err = _invoke("evaluate", "time", "--data", str(tmp_path))
    assert code == 0, err
    scores = json.loads(out)
    assert scores["gold"] == 2
    assert scores["relaxed"]["recall"] == 1.0
    assert scores["value_accuracy"] == 1.0


def test_evaluate_on_a_folder_without_data_is_one_clear_error(tmp_path: Path) -> None:
    code, _, err = _invoke("evaluate", "time", "--data", str(tmp_path))
    assert code == 1
    assert err.startswith(f"error: {tmp_path}: no .tml files")


def test_gazetteer_add_makes_a_place_findable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path / "data"))
    sheet = tmp_path / "camps.csv"
    sheet.write_text(
        "name,aliases,lat,lon,parent,kind\nKamp Yedi,Camp Seven|Kamp 7,36.71,37.11,Azaz,camp\n",
        encoding="utf-8",
    )
    code, _, err = _invoke("gazetteer", "add", str(sheet))
    assert code == 0, err
    assert "1 places added" in err
    found = Gazetteer(tmp_path / "data", build=False).lookup("Camp Seven")
    assert found and found[0].entry.lat == pytest.approx(36.71)
