"""Plain-text reports: files, folders of files, and standard input.

A file that cannot be a report (empty, binary, not UTF-8) raises InputError naming the
file and the problem, so a batch can report it in one line and go on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.errors import InputError
from eventwire.model import Article, Source

_SNIFF = 8192
_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def read_bytes(data: bytes, where: str) -> str:
    """Decode a report's bytes as UTF-8, or say in one line why it is not a text report."""
    if not data.strip():
        raise InputError(where, "empty file: no text to read")
    if b"\x00" in data[:_SNIFF]:
        raise InputError(where, "binary file (contains NUL bytes): not a text report")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            where,
            f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} cannot be "
            "decoded; convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        ) from None
    controls = sum(1 for ch in text[:_SNIFF] if ch < " " and ch not in _CONTROL_OK)
    if controls > len(text[:_SNIFF]) // 100:
        raise InputError(where, "binary file (control characters): not a text report")
    return text


def read_path(path: str | Path, published: str | None = None) -> Article:
    """Read one plain-text file into an Article (not yet processed)."""
    path = Path(path)
    where = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except IsADirectoryError:
        raise InputError(where, "is a folder, not a file") from None
    except OSError as error:
        raise InputError(where, error.strerror or str(error)) from None
    return _article(read_bytes(data, where), Source(path=where), published)


def read_stdin(published: str | None = None) -> Article:
    """Read one report from standard input."""
    return _article(read_bytes(sys.stdin.buffer.read(), "<stdin>"), Source(path="-"), published)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
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


def _article(text: str, source: Source, published: str | None) -> Article:
    article = Article(raw=text, source=source)
    if published:
        article.published = published
        article.published_source = "given"
    return article
