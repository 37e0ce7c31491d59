"""Reading every input form: options, and dispatch by file name to the right reader.

Readers are cheap I/O: they yield Articles holding what was read (`raw`, format "text" or
"html") and never extract, clean or parse. A file or record that cannot be read becomes a
Failure (stage "read") naming it and the problem, so a batch reports it and goes on.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from eventwire.errors import EventwireError, InputError
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.text import codec_name, read_document, to_article, too_large
from eventwire.ingest.warc import read_warc
from eventwire.model import Article, Failure, Source

Kind = Literal["text", "html", "jsonl", "warc"]

_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_HTML = tuple(ext + gz for ext in (".html", ".htm", ".xhtml") for gz in ("", ".gz"))


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs; one set for a whole run. Checked when made, so a bad option
    fails once, up front, rather than once per file."""

    published: str | None = None
    """The `--published` date, for articles that carry no date of their own."""
    text_field: str = "text"
    """JSONL: the field holding plain text; a dotted path ("article.body") reaches inside."""
    html_field: str = "html"
    """JSONL: the field holding an HTML page, used when the text field is absent."""
    url_field: str = "url"
    date_field: str = "date"
    title_field: str = "title"
    max_bytes: int = 10 * 2**20
    """The largest single report read (a file, a JSONL record's body, a WARC payload)."""
    encoding: str | None = None
    """How to read a report that is not UTF-8: None refuses it, "auto" detects the
    encoding, a codec name ("latin-1", "cp1252") uses it."""

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise EventwireError(
                f"max_bytes must be a positive number of bytes, not {self.max_bytes}"
            )
        auto = self.encoding is not None and self.encoding.lower() == "auto"
        if self.encoding is not None and not auto and not codec_name(self.encoding):
            raise EventwireError(
                f"unknown encoding {self.encoding!r}: name a Python codec "
                '(utf-8, latin-1, cp1252, ...) or "auto" to detect it'
            )
        for name in ("text_field", "html_field", "url_field", "date_field", "title_field"):
            if not getattr(self, name).strip():
                raise EventwireError(f"{name} must name a field, not be empty")


DEFAULT = ReadOptions()


def kind_of(path: Path | str) -> Kind:
    """What a file holds, judged by its name: many reports (JSONL, WARC/ARC) or one (HTML,
    or plain text for anything else; a page inside a .txt is sniffed when read)."""
    name = Path(path).name.lower()
    if name.endswith(_WARC):
        return "warc"
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_HTML):
        return "html"
    return "text"


def read_records(
    path: Path | str,
    options: ReadOptions = DEFAULT,
    *,
    skipped: Counter[str] | None = None,
) -> Iterator[Article | Failure]:
    """Every report in one file, as Articles, and a Failure for whatever cannot be read.

    Never raises for a file's content: a whole-file problem (missing, empty, binary, too
    large, bad encoding, damaged gzip) is one Failure. WARC records skipped on purpose
    (requests, non-HTML responses, ...) are counted in `skipped`, by reason.
    """
    path = Path(path)
    kind = kind_of(path)
    if kind == "warc":
        yield from read_warc(path, options, skipped)
    elif kind == "jsonl":
        yield from read_jsonl(path, options)
    else:
        try:
            yield read_document(path, options)
        except InputError as error:
            yield Failure(Source(path=str(path)), "read", error.problem)


def read_path(
    path: Path | str, published: str | None = None, *, options: ReadOptions | None = None
) -> Article:
    """Read a file that holds one report (text or HTML); raise InputError when it cannot.
    `published`, when given, overrides `options.published`."""
    path = Path(path)
    options = _with_date(options, published)
    kind = kind_of(path)
    if kind in ("jsonl", "warc"):
        raise InputError(
            str(path), f"a {kind.upper()} file holds many reports: read it with read_records"
        )
    return read_document(path, options)


def read_stdin(published: str | None = None, *, options: ReadOptions | None = None) -> Article:
    """Read one report (text, or an HTML page: sniffed) from standard input."""
    options = _with_date(options, published)
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError("<stdin>", too_large("standard input", options.max_bytes))
    try:
        return to_article(data, Source(path="-"), options)
    except InputError as error:
        raise InputError("<stdin>", error.problem) from None


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and every file under the folders named (hidden ones aside), in a
    stable order. Plain text is the format of last resort, so a file that is not a report
    (an image, a binary dump) is read too, and fails with a message that says so. A name
    that does not exist is yielded as well, so reading it fails with a clear message."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def _with_date(options: ReadOptions | None, published: str | None) -> ReadOptions:
    options = options or DEFAULT
    return replace(options, published=published) if published else options
