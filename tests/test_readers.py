from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import InputError, iter_inputs, read_bytes, read_path


def test_reads_utf8_and_keeps_the_source(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Al-Qusayr — shelling resumed.", encoding="utf-8")
    article = read_path(path, published="2024-03-01")
    assert article.raw == "Al-Qusayr — shelling resumed."
    assert article.source.path == str(path)
    assert (article.published, article.published_source) == ("2024-03-01", "given")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Caf\u00e9 bombed".encode("latin-1"), "not UTF-8: byte 0xe9 at offset 3"),
    ],
)
def test_bad_input_is_one_clear_line_naming_the_file(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(data, "reports/bad.txt")
    message = str(caught.value)
    assert message.startswith("reports/bad.txt: ")
    assert problem in message
    assert "\n" not in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_path(tmp_path)


def test_iter_inputs_recurses_in_order_and_skips_hidden(reports: Path) -> None:
    (reports / ".cache").mkdir()
    (reports / ".cache" / "x.txt").write_text("hidden")
    (reports / ".DS_Store").write_bytes(b"\x00\x01")
    found = [p.relative_to(reports).as_posix() for p in iter_inputs([reports])]
    assert found == ["iraq.txt", "more/congo.txt"]
    assert list(iter_inputs([reports / "nope.txt"])) == [reports / "nope.txt"]


def test_read_path_sniffs_a_saved_page_and_keeps_its_markup(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    page = "<!doctype html><html><body><p>Truce in Tripoli.</p></body></html>"
    path.write_text(page, encoding="utf-8")
    article = read_path(path)
    assert (article.format, article.raw) == ("html", page)
