"""The gazetteer's own files: imports of GeoNames-format dumps and a user's CSV, written
here, into a data folder under tmp_path (the package build is not needed for these)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.resources.gazetteer import (
    Gazetteer,
    add_places,
    build_base,
    import_geonames,
    neighbours,
    normalize,
    variants,
)
from eventwire.resources.gazetteer_build import _bare_names

# geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3
# admin4 population elevation dem timezone modified
ROWS = [
    "90001\tHarran Jadida\tHarran Jadida\tNew Harran,Harran al-Jadida\t36.86\t39.03\tP\tPPL"
    "\tTR\t\t63\t\t\t\t12000\t\t375\tEurope/Istanbul\t2020-01-01",
    "90002\tBab Sharqi\tBab Sharqi\t\t36.20\t37.17\tP\tPPLX\tSY\t\t09\t\t\t\t0\t\t390"
    "\tAsia/Damascus\t2020-01-01",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_names_normalise_and_vary() -> None:
    assert normalize("São Paulo") == "sao paulo"
    assert normalize("W.Va.") == "wva"
    assert normalize("the Al-Fardous") == "al fardous"
    assert "fardous" in variants("al fardous")
    assert "sheikh saeed" in variants("sheik saeed")
    assert "wva" in variants(normalize("W. Va."))
    assert "newyork" not in variants("new york")  # long words are not run together


def test_divisions_are_also_known_without_their_type_word() -> None:
    assert _bare_names(["Kharvia, Respublika", "Kharvia Republic"], "Republic") == [
        "Kharvia",
        "Kharvia",
    ]
    assert _bare_names(["Blue Delta State"], "State") == ["Blue Delta"]
    assert _bare_names(["Republic of Norland"], "Republic") == ["Norland"]
    # a word that is not the division's type stays: "New York State" is not a state's
    # type word when its type is "Province"
    assert _bare_names(["New York State"], "Province") == []
    assert _bare_names(["Harran"], "Province") == []


def test_country_neighbours_come_from_the_package() -> None:
    borders = neighbours()
    assert "IL" in borders["PS"] and "EG" in borders["PS"]
    assert borders["IS"] == frozenset()


def test_a_failed_build_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventwire.resources.gazetteer_build as module

    def broken(writer: object) -> None:
        raise RuntimeError("package data unreadable")

    monkeypatch.setattr(module, "_build", broken)
    with pytest.raises(RuntimeError):
        build_base(tmp_path / "gazetteer-x.sqlite")
    assert list(tmp_path.iterdir()) == []
    assert "saint louis" in variants("st louis")


def test_import_a_geonames_country_zip(tmp_path: Path, folder: Path) -> None:
    dump = tmp_path / "TR.zip"
    with zipfile.ZipFile(dump, "w") as archive:
        archive.writestr("readme.txt", "not data\n")
        archive.writestr("TR.txt", "\n".join(ROWS) + "\n")
    assert import_geonames(dump, folder) == 2
    gazetteer = Gazetteer(folder, build=False)
    found = gazetteer.lookup("New Harran")
    assert [c.entry.geonameid for c in found] == [90001]
    assert found[0].entry.country == "TR" and found[0].entry.population == 12000
    assert gazetteer.lookup("Bab Sharqi")[0].entry.feature_code == "PPLX"
    # the same file again replaces the rows, never duplicates them
    import_geonames(dump, folder)
    assert len(Gazetteer(folder, build=False).lookup("Harran Jadida")) == 1


def test_import_alternate_names(tmp_path: Path, folder: Path) -> None:
    plain = tmp_path / "SY.txt"
    plain.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    import_geonames(plain, folder)
    names = tmp_path / "alternateNamesV2.txt"
    names.write_text(
        "1\t90002\ten\tBab al-Sharqi\t1\t\t\t\t\t\n2\t90002\tlink\thttps://x\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    assert import_geonames(names, folder) == 1
    assert Gazetteer(folder, build=False).lookup("Bab al-Sharqi")[0].entry.geonameid == 90002


def test_a_file_in_another_format_is_a_clear_error(tmp_path: Path, folder: Path) -> None:
    bad = tmp_path / "places.txt"
    bad.write_text("just,some,commas\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a GeoNames file"):
        import_geonames(bad, folder)
    with pytest.raises(InputError, match="no such file"):
        import_geonames(tmp_path / "missing.zip", folder)


def test_add_places_from_a_users_csv(tmp_path: Path, folder: Path) -> None:
    dump = tmp_path / "TR.txt"
    dump.write_text(ROWS[0] + "\n", encoding="utf-8")
    import_geonames(dump, folder)
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "name,aliases,lat,lon,parent,kind\n"
        "Camp Nine,Camp 9|Kamp Dokuz,36.87,39.05,Harran Jadida,camp\n",
        encoding="utf-8",
    )
    assert add_places(sheet, folder, build=False) == 1
    found = Gazetteer(folder, build=False).lookup("Kamp Dokuz")
    assert len(found) == 1
    entry = found[0].entry
    assert (entry.name, entry.country, entry.admin1, entry.feature_code) == (
        "Camp Nine",
        "TR",
        "63",
        "CMP",
    )
    assert entry.geonameid is None


def test_add_places_rejects_bad_rows(tmp_path: Path, folder: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("name,lat,lon\nNowhere,north,0\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv:2: lat and lon must be numbers"):
        add_places(sheet, folder, build=False)
    sheet.write_text("name,aliases\nNowhere,\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing columns: lat, lon"):
        add_places(sheet, folder, build=False)


def test_country_points_move_toward_their_main_landmass_within_a_cap() -> None:
    from eventwire.resources.gazetteer_build import (
        COUNTRY_SHIFT_KM,
        _country_point,
        _landmass_centroid,
        distance_km,
    )

    square = [[0.0, 10.0], [4.0, 10.0], [4.0, 14.0], [0.0, 14.0], [0.0, 10.0]]
    islet = [[20.0, 0.0], [20.5, 0.0], [20.5, 0.5], [20.0, 0.5], [20.0, 0.0]]
    outline = {
        "features": [{"geometry": {"type": "MultiPolygon", "coordinates": [[islet], [square]]}}]
    }
    lat, lon = _landmass_centroid(outline) or (0.0, 0.0)
    assert (round(lat, 6), round(lon, 6)) == (12.0, 2.0)
    near = _country_point((12.0, 2.5), (12.0, 2.0))
    assert near == pytest.approx((12.0, 2.25))  # halfway
    far = _country_point((30.0, 2.0), (12.0, 2.0))
    assert distance_km(30.0, 2.0, *far) == pytest.approx(COUNTRY_SHIFT_KM, rel=1e-3)
    assert _country_point((1.0, 1.0), None) == (1.0, 1.0)
