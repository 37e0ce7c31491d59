"""JSON Lines: one report per line, as scrapers and news APIs write them.

A line that cannot be a report becomes a Failure naming `path:line` and the problem, and
the next lines go on. Blank lines are skipped. The file may be gzipped (`.jsonl.gz`).
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import InputError
from eventwire.ingest.text import decode, given_date, open_problem, too_large
from eventwire.model import Article, Failure, Source

if TYPE_CHECKING:
    from eventwire.ingest.readers import ReadOptions

_MISSING = object()
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


class _BadLine(Exception):
    """A line that is not a report; its message is the problem."""


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Article | Failure]:
    """One Article per line (`Source.record` = line number); a Failure per bad line."""
    where = str(path)
    try:
        handle = _open(path)
    except OSError as error:
        yield Failure(Source(path=where), "read", open_problem(error))
        return
    # A line holds one body (text or HTML) plus metadata, JSON-escaped: allow room for both.
    cap = 2 * options.max_bytes + 2**20
    number = records = 0
    with handle:
        try:
            while line := handle.readline(cap):
                number += 1
                if len(line) >= cap and not line.endswith(b"\n"):
                    while (rest := handle.readline(cap)) and not rest.endswith(b"\n"):
                        pass
                    yield _failure(where, number, too_large("the line", cap))
                    continue
                if number == 1 and b"\x00" in line[:8192]:
                    yield Failure(Source(path=where), "read", "binary file: not JSON Lines")
                    return
                if not line.strip():
                    continue
                records += 1
                try:
                    yield _article(line, where, number, options)
                except _BadLine as error:
                    yield _failure(where, number, str(error))
        except EOFError:
            yield Failure(
                Source(path=where),
                "read",
                f"truncated gzip: the file ends inside compressed data after line {number}",
            )
            return
        except (gzip.BadGzipFile, zlib.error) as error:
            yield Failure(Source(path=where), "read", f"not a readable gzip file: {error}")
            return
        except OSError as error:
            yield Failure(Source(path=where), "read", open_problem(error))
            return
    if not records:
        yield Failure(Source(path=where), "read", "empty file: no JSON lines to read")


def _open(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _article(line: bytes, where: str, number: int, options: ReadOptions) -> Article:
    try:
        text = decode(line, f"{where}:{number}", options.encoding).text.lstrip("\ufeff")
    except InputError as error:
        raise _BadLine(error.problem) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadLine(f"not JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(record, dict):
        raise _BadLine(f"not a JSON object but {_type(record)}")
    body = _string(record, options.text_field)
    fmt = "text"
    if body is None or not body.strip():
        body, fmt = _string(record, options.html_field), "html"
    if body is None or not body.strip():
        raise _BadLine(
            f"no report: neither {options.text_field!r} nor {options.html_field!r} holds "
            "any text (name your fields with text_field / html_field)"
        )
    size = len(body.encode("utf-8", errors="surrogatepass"))
    if size > options.max_bytes:
        raise _BadLine(too_large(f"the {fmt} field ({size:,} bytes)", options.max_bytes))
    article = Article(
        raw=body,
        format="html" if fmt == "html" else "text",
        source=Source(path=where, url=_metadata(record, options.url_field), record=str(number)),
        title=_metadata(record, options.title_field),
    )
    date = _metadata(record, options.date_field)
    if date:
        article.published, article.published_source = date, "metadata"
    return given_date(article, options)


def _lookup(record: dict[str, Any], field: str) -> Any:
    """A field by name, or by dotted path into nested objects ("article.body")."""
    if field in record:
        return record[field]
    value: Any = record
    for part in field.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _string(record: dict[str, Any], field: str) -> str | None:
    """A body field: absent or null is None; anything but a string is a bad line."""
    value = _lookup(record, field)
    if value is _MISSING or value is None:
        return None
    if not isinstance(value, str):
        raise _BadLine(f"field {field!r} is {_type(value)}, not a string")
    return value


def _metadata(record: dict[str, Any], field: str) -> str | None:
    """A metadata field (URL, title, date), stripped; ignored unless a non-empty string,
    so a numeric timestamp does not cost the report."""
    value = _lookup(record, field)
    return value.strip() or None if isinstance(value, str) else None


def _type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _failure(where: str, number: int, problem: str) -> Failure:
    return Failure(Source(path=where, record=str(number)), "read", problem)
