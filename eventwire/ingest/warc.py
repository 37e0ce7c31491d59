"""Web archives (WARC and ARC, gzipped or not): one Article per HTML page captured.

Only successful `response` records with an HTML content type are reports; requests,
metadata, revisits, redirects and images are skipped without a word, but counted. A
record that cannot be read is a Failure and the next goes on; damage that ends the file
(a truncated gzip, a garbled header) is one last Failure after every record read before it.
"""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventwire.errors import InputError
from eventwire.ingest.text import (
    http_charset,
    looks_like_html,
    open_problem,
    to_article,
    too_large,
)
from eventwire.model import Article, Failure, Source

if TYPE_CHECKING:
    from eventwire.ingest.readers import ReadOptions

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHUNK = 2**16


class _Damaged(Exception):
    """The archive cannot be read past this point; the message says why."""


class _Unreadable(Exception):
    """warcio cannot parse the archive past this point; the message says why."""


class _Stream:
    """The archive's bytes for warcio, gunzipped here when compressed (one member or
    many), so a file cut short or corrupt raises where warcio's own decompression would
    stop without a word; the first bytes can be looked at before warcio reads them."""

    def __init__(self, raw: IO[bytes]) -> None:
        magic = raw.read(2)
        raw.seek(0)
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb") if magic == b"\x1f\x8b" else None
        self._raw = raw
        self._head = b""
        self._offset = 0

    def head(self, size: int) -> bytes:
        """The first `size` bytes (fewer for a shorter file), left to be read again."""
        while len(self._head) < size and (more := self._read(size - len(self._head))):
            self._head += more
        return self._head

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(data) :]
        else:
            data = self._read(size)
        self._offset += len(data)
        return data

    def tell(self) -> int:
        return self._offset

    def _read(self, size: int) -> bytes:
        if self._gz is None:
            return self._raw.read(size)
        try:
            return self._gz.read1(size)  # what is there now: records before damage come out
        except EOFError:
            raise _Damaged("truncated gzip: the file ends inside compressed data") from None
        except (gzip.BadGzipFile, zlib.error) as error:
            raise _Damaged(f"damaged gzip: {error}") from None


def read_warc(
    path: Path, options: ReadOptions, skipped: Counter[str] | None = None
) -> Iterator[Article | Failure]:
    """One Article per HTML response (`Source.url` = WARC-Target-URI, `Source.record` =
    WARC-Record-ID, or the record's number in an ARC file); a Failure per bad record."""
    where = str(path)
    counts: Counter[str] = Counter() if skipped is None else skipped
    try:
        raw = path.open("rb")
    except OSError as error:
        yield Failure(Source(path=where), "read", open_problem(error))
        return
    arc = path.name.lower().endswith((".arc", ".arc.gz"))
    pages = 0
    at = "at the start"
    with raw:
        stream = _Stream(raw)
        try:
            head = stream.head(64).lstrip()
            if not head:
                yield Failure(Source(path=where), "read", "empty file: no archive records")
                return
            if not head.startswith((b"WARC/", b"filedesc://")):
                yield Failure(Source(path=where), "read", "not a WARC or ARC file")
                return
            archive = ArchiveIterator(stream, arc2warc=True)
            for number, record in enumerate(_records(archive), 1):
                record_id = str(number) if arc else record.rec_headers.get_header("WARC-Record-ID")
                at = f"in record {record_id or number}"
                if record.length is None:  # a WARC header without Content-Length: cut short
                    yield _end(where, f"cut short {at}: its header is incomplete", pages)
                    return
                result = _read(record, where, record_id, options, counts)
                missing = _drain(record)
                if missing:
                    cut = f"the file ends {missing:,} bytes before its end"
                    yield _end(where, f"cut short {at}: {cut}", pages)
                    return
                at = f"after record {record_id or number}"
                if isinstance(result, Article):
                    pages += 1
                if result is not None:
                    yield result
            left = stream.tell() - archive.offset
            if left > 0:  # warcio stops without a word at a header cut in half
                yield _end(
                    where, f"cut short {at}: {left:,} bytes at the end are not a record", pages
                )
        except _Damaged as error:
            yield _end(where, f"{error} {at}", pages)
        except _Unreadable as error:
            yield _end(where, f"unreadable archive {at}: {error}", pages)


def _records(archive: Any) -> Iterator[Any]:
    """warcio's records; whatever warcio raises on a garbled archive (ArchiveLoadFailed, or
    an AttributeError on a header cut in half) becomes _Unreadable, with one line of detail."""
    while True:
        try:
            record = next(archive)
        except StopIteration:
            return
        except _Damaged:
            raise
        except Exception as error:  # warcio has no one error type for bad input
            detail = " ".join(str(error).split())[:160]
            if not isinstance(error, ArchiveLoadFailed):
                detail = f"{type(error).__name__}: {detail}"
            raise _Unreadable(detail) from error
        yield record


def _read(
    record: Any, where: str, record_id: str | None, options: ReadOptions, counts: Counter[str]
) -> Article | Failure | None:
    """One record: an Article, a Failure, or None for a record that is not a page."""
    if record.rec_type != "response":
        counts[str(record.rec_type)] += 1
        return None
    http = record.http_headers
    if http is None:
        counts["response without HTTP headers"] += 1
        return None
    if not str(http.get_statuscode() or "").startswith("2"):
        counts["response with a non-2xx status"] += 1
        return None
    content_type = http.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        counts["non-HTML response"] += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    source = Source(path=where, url=url, record=record_id)
    try:
        data = record.content_stream().read(options.max_bytes + 1)
    except (OSError, ValueError, zlib.error) as error:
        return Failure(source, "read", f"payload cannot be read: {error}")
    if len(data) > options.max_bytes:
        return Failure(source, "read", too_large("the payload", options.max_bytes))
    if not mime and not looks_like_html(data):
        counts["non-HTML response"] += 1
        return None
    try:
        charset = http_charset(content_type)
        return to_article(data, source, options, html=True, http_charset=charset)
    except InputError as error:
        return Failure(source, "read", error.problem)


def _drain(record: Any) -> int:
    """Read the rest of the record; the bytes its Content-Length promised but the file
    did not hold (an uncompressed archive cut short)."""
    while record.raw_stream.read(_CHUNK):
        pass
    return int(getattr(record.raw_stream, "limit", 0) or 0)


def _end(where: str, problem: str, pages: int) -> Failure:
    read = "1 page" if pages == 1 else f"{pages} pages"
    return Failure(Source(path=where), "read", f"{problem}; {read} read before it")
