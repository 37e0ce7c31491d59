"""Every input form a user hands `read_records`: what comes out, and how failures read."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire import Article, EventwireError, Failure, InputError
from eventwire.ingest import (
    ReadOptions,
    iter_inputs,
    read_path,
    read_records,
    read_stdin,
)

FRENCH = (
    "Les forces de sécurité ont déclaré que l'école près du marché a été frappée à l'aube. "
    "Trois élèves ont été blessés, selon le préfet, qui a évoqué une frappe délibérée."
)
PAGE = (
    "<!DOCTYPE html>\n<html><head>"
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    "<title>Frappe à Goma</title></head>"
    f"<body><article><p>{FRENCH}</p></article></body></html>\n"
)


def read_all(path: Path, options: ReadOptions | None = None) -> list[Article | Failure]:
    return list(read_records(path, options or ReadOptions()))


def articles(results: list[Article | Failure]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def failures(results: list[Article | Failure]) -> list[Failure]:
    return [r for r in results if isinstance(r, Failure)]


def one_failure(results: list[Article | Failure]) -> str:
    assert len(results) == 1, results
    assert isinstance(results[0], Failure), results
    assert results[0].stage == "read"
    message = str(results[0])
    assert "\n" not in message
    return message


# --- HTML pages -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["goma.html", "goma.htm.gz"])
def test_saved_page_is_decoded_by_its_meta_charset(tmp_path: Path, name: str) -> None:
    data = PAGE.encode("latin-1")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [article] = read_all(path, ReadOptions(published="2024-05-02"))
    assert isinstance(article, Article)
    assert article.format == "html"
    assert article.raw == PAGE  # whole page, markup kept for the extraction stage
    assert "élèves" in article.raw
    assert article.source.path == str(path)
    assert (article.published, article.published_source) == ("2024-05-02", "given")


def test_page_saved_as_txt_is_sniffed_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("\n  <html><body><p>Shelling in Kharkiv.</p></body></html>", "utf-8")
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert article.format == "html"
    plain = tmp_path / "plain.txt"
    plain.write_text("KHARKIV - <b> is how the wire marks bold.", "utf-8")
    [text] = read_all(plain)
    assert isinstance(text, Article)
    assert text.format == "text"


def test_meta_charset_and_bom(tmp_path: Path) -> None:
    page = tmp_path / "kyiv.xhtml"
    xhtml = '<?xml version="1.0"?>\n<html><head><meta charset="windows-1251"></head>Київ</html>'
    page.write_bytes(xhtml.encode("cp1251"))
    [article] = read_all(page)
    assert isinstance(article, Article)
    assert article.raw == xhtml
    utf16 = tmp_path / "notes.txt"
    utf16.write_text("Curfew lifted in Kyiv.", encoding="utf-16")  # with a BOM
    [text] = read_all(utf16)
    assert isinstance(text, Article)
    assert (text.format, text.raw) == ("text", "Curfew lifted in Kyiv.")


def test_truncated_gzip_page_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "cut.html.gz"
    whole = gzip.compress(PAGE.encode("latin-1") * 20)
    path.write_bytes(whole[: len(whole) // 2])
    message = one_failure(read_all(path))
    assert message.startswith(f"{path}: truncated gzip")


# --- whole-file problems and limits --------------------------------------------------------


def test_whole_file_problems_are_one_failure_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Aid convoy reached Mekelle.", "utf-8")
    results = [r for p in iter_inputs([tmp_path, tmp_path / "absent.txt"]) for r in read_all(p)]
    messages = [str(r) for r in failures(results)]
    assert messages == [
        f"{tmp_path / 'empty.txt'}: empty file: no text to read",
        f"{tmp_path / 'photo.jpg'}: binary file (contains NUL bytes): not a text report",
        f"{tmp_path / 'absent.txt'}: no such file",
    ]
    assert [a.raw for a in articles(results)] == ["Aid convoy reached Mekelle."]


def test_fifty_megabyte_file_fails_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Shelling continued overnight in the eastern districts.\n" * 1_000_000)
    assert path.stat().st_size > 50 * 10**6
    message = one_failure(read_all(path))
    assert message.startswith(f"{path}: too large: 55,000,000 bytes")
    assert "10,485,760-byte limit" in message
    assert "--max-bytes" in message
    [article] = read_all(path, ReadOptions(max_bytes=60 * 10**6))
    assert isinstance(article, Article)


# --- encodings ---------------------------------------------------------------------------


@pytest.fixture
def latin1_report(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    return path


def test_non_utf8_fails_by_default_naming_byte_and_offset(latin1_report: Path) -> None:
    message = one_failure(read_all(latin1_report))
    offset = FRENCH.index("é")  # latin-1: one byte a character
    assert message.startswith(f"{latin1_report}: not UTF-8: byte 0xe9 at offset {offset}")
    assert "--encoding" in message


@pytest.mark.parametrize("encoding", ["auto", "latin-1", "cp1252"])
def test_encoding_option_reads_latin1(latin1_report: Path, encoding: str) -> None:
    [article] = read_all(latin1_report, ReadOptions(encoding=encoding))
    assert isinstance(article, Article)
    assert article.raw == FRENCH


def test_encoding_option_leaves_utf8_alone(tmp_path: Path) -> None:
    path = tmp_path / "utf8.txt"
    path.write_text(FRENCH, "utf-8")
    [article] = read_all(path, ReadOptions(encoding="latin-1"))
    assert isinstance(article, Article)
    assert article.raw == FRENCH


def test_unknown_encoding_is_a_clear_error() -> None:
    with pytest.raises(EventwireError, match="unknown encoding 'latin-9x'"):
        ReadOptions(encoding="latin-9x")


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_one_article_per_line_and_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"text": "Rebels took Bunagana.", "url": "https://ex.org/a", "title": "Bunagana"}
            | {"date": "2022-06-13"}
        ),
        "{not json",
        json.dumps({"url": "https://ex.org/c", "summary": "no body here"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"html": "<html><body><p>Flooding in Beledweyne.</p></body></html>"}),
        json.dumps({"text": 42}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    results = read_all(path, ReadOptions(published="2022-06-20"))
    first, second = articles(results)
    assert (first.format, first.raw, first.title) == ("text", "Rebels took Bunagana.", "Bunagana")
    assert (first.source.path, first.source.url, first.source.record) == (
        str(path),
        "https://ex.org/a",
        "1",
    )
    assert (first.published, first.published_source) == ("2022-06-13", "metadata")
    assert (second.format, second.source.record) == ("html", "6")
    assert "Beledweyne" in second.raw
    assert (second.published, second.published_source) == ("2022-06-20", "given")
    messages = [str(f) for f in failures(results)]
    where = [m.split(": ", 1)[0] for m in messages]
    assert where == [f"{path}:2", f"{path}:3", f"{path}:5", f"{path}:7"]
    assert messages[0].startswith(f"{path}:2: not JSON: ")
    assert "neither 'text' nor 'html' holds any text" in messages[1]
    assert "not a JSON object but an array" in messages[2]
    assert "field 'text' is a number, not a string" in messages[3]
    assert all("\n" not in m for m in messages)


def test_jsonl_custom_fields_and_dotted_paths_gzipped(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl.gz"
    record = {
        "article": {"body": "Talks resumed in Jeddah.", "headline": "Talks"},
        "meta": {"link": "https://ex.org/j", "pubDate": "2023-05-06"},
    }
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    options = ReadOptions(
        text_field="article.body",
        title_field="article.headline",
        url_field="meta.link",
        date_field="meta.pubDate",
    )
    [article] = read_all(path, options)
    assert isinstance(article, Article)
    assert (article.raw, article.title, article.source.url, article.published) == (
        "Talks resumed in Jeddah.",
        "Talks",
        "https://ex.org/j",
        "2023-05-06",
    )


def test_jsonl_record_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    path.write_text(
        json.dumps({"text": "x" * 2000}) + "\n" + json.dumps({"text": "Short."}) + "\n", "utf-8"
    )
    results = read_all(path, ReadOptions(max_bytes=1000))
    assert str(failures(results)[0]).startswith(f"{path}:1: too large: the text field")
    assert [a.raw for a in articles(results)] == ["Short."]


def test_read_path_refuses_a_file_of_many_reports(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "One."}\n', "utf-8")
    with pytest.raises(InputError, match="holds many reports: read it with read_records"):
        read_path(path)


# --- WARC ----------------------------------------------------------------------------------


def write_warc(path: Path, gz: bool) -> None:
    """A small crawl: a page in latin-1 (charset in the HTTP header), its request, an image,
    a page in UTF-8, and a 404."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(url: str, status: str, ctype: str, body: bytes) -> None:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "ex.org")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b""), http_headers=request
                )
            )
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)

        page = f"<html><body><p>{FRENCH}</p></body></html>".encode("latin-1")
        response("https://ex.org/goma", "200 OK", "text/html; charset=ISO-8859-1", page)
        response("https://ex.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" * 40)
        second = "<html><body><p>Ceasefire holds in Aden, officials said.</p></body></html>"
        response("https://ex.org/aden", "200 OK", "text/html", second.encode())
        response("https://ex.org/gone", "404 Not Found", "text/html", b"<html>gone</html>")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_yields_html_responses_and_counts_the_rest(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, gz=name.endswith(".gz"))
    skipped: Counter[str] = Counter()
    results = list(read_records(path, ReadOptions(published="2024-05-02"), skipped=skipped))
    assert failures(results) == []
    goma, aden = articles(results)
    assert (goma.format, goma.source.path, goma.source.url) == (
        "html",
        str(path),
        "https://ex.org/goma",
    )
    assert goma.source.record and goma.source.record.startswith("<urn:uuid:")
    assert FRENCH in goma.raw  # decoded by the HTTP charset
    assert goma.published_source == "given"
    assert aden.source.url == "https://ex.org/aden"
    assert "Ceasefire holds in Aden" in aden.raw
    assert skipped == Counter(
        {
            "warcinfo": 1,
            "request": 4,
            "non-HTML response": 1,
            "response with a non-2xx status": 1,
        }
    )


def inside_aden_page(data: bytes, gz: bool) -> int:
    """An offset in the middle of the record holding the second page (of its gzip member,
    when the archive is gzipped record by record)."""
    if not gz:
        return data.index(b"Ceasefire") + 5
    start = 0
    while start < len(data):
        member = zlib.decompressobj(wbits=31)
        text = member.decompress(data[start:])
        end = len(data) - len(member.unused_data)
        if b"Ceasefire" in text:
            return (start + end) // 2
        start = end
    raise AssertionError("no such page")


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_warc_keeps_the_pages_before_the_damage(tmp_path: Path, name: str) -> None:
    whole = tmp_path / f"whole-{name}"
    write_warc(whole, gz=name.endswith(".gz"))
    data = whole.read_bytes()
    cut_at = inside_aden_page(data, gz=name.endswith(".gz"))
    path = tmp_path / name
    path.write_bytes(data[:cut_at])
    results = read_all(path)
    assert [a.source.url for a in articles(results)] == ["https://ex.org/goma"]
    [failure] = failures(results)
    assert results[-1] is failure
    message = str(failure)
    assert message.startswith(str(path))
    assert "\n" not in message
    expected = "truncated gzip" if name.endswith(".gz") else "cut short"
    assert f"{path}: {expected}" in message
    assert "record <urn:uuid:" in message  # in it, or after the last one read
    assert message.endswith("1 page read before it")


def test_arc_file_gzipped_per_record(tmp_path: Path) -> None:
    about = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    head = b"filedesc://t.arc 0.0.0.0 20240101000000 text/plain %d\n%s\n" % (len(about), about)
    page = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Shelling in Rafah.</p>"
    record = b"http://ex.org/r 1.2.3.4 20240101000000 text/html %d\n%s\n" % (len(page), page)
    path = tmp_path / "old.arc.gz"
    path.write_bytes(gzip.compress(head) + gzip.compress(record))
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert (article.source.url, article.source.record) == ("http://ex.org/r", "2")
    assert "Shelling in Rafah." in article.raw


def test_not_an_archive_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("These are my notes, not an archive.\n", "utf-8")
    assert one_failure(read_all(path)) == f"{path}: not a WARC or ARC file"


# --- stdin ---------------------------------------------------------------------------------


def test_stdin_sniffs_html_and_takes_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode("latin-1"))))
    article = read_stdin(options=ReadOptions(published="2024-05-02"))
    assert (article.format, article.raw, article.source.path) == ("html", PAGE, "-")
    assert article.published == "2024-05-02"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FRENCH.encode("latin-1"))))
    with pytest.raises(InputError, match=r"^<stdin>: not UTF-8: byte 0xe9"):
        read_stdin()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FRENCH.encode("latin-1"))))
    article = read_stdin("2024-05-03", options=ReadOptions(encoding="latin-1"))
    assert (article.format, article.raw, article.published) == ("text", FRENCH, "2024-05-03")
