"""The geo scorer's reader on small files in the LGL / TR-News format, written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.geo import load_geo

ARTICLE = """<articles><article docid="{id}"><text>{text}</text><toponyms>
<toponym><start>{start}</start><end>{end}</end><phrase>Harran</phrase>
<gaztag geonameid="90001"><lat>36.86</lat><lon>39.03</lon></gaztag></toponym>
</toponyms></article></articles>"""


def test_a_folder_reads_its_xml_files_in_name_order(tmp_path: Path) -> None:
    text = "Rain fell on Harran."
    start = text.index("Harran")
    (tmp_path / "b.xml").write_text(
        ARTICLE.format(id="b1", text=text, start=start, end=start + 6), encoding="utf-8"
    )
    # an offset two characters off is repaired to the phrase nearest to it
    (tmp_path / "a.xml").write_text(
        ARTICLE.format(id="a1", text=text, start=start + 2, end=start + 8), encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("not XML", encoding="utf-8")
    articles = load_geo(tmp_path)
    assert [a.id for a in articles] == ["a1", "b1"]
    for article in articles:
        (toponym,) = article.toponyms
        assert article.text[toponym.start : toponym.end] == "Harran"
        assert toponym.geonameid == 90001 and toponym.lat == pytest.approx(36.86)


def test_a_folder_without_xml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \.xml file"):
        load_geo(tmp_path)
