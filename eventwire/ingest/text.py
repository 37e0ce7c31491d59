"""Decoding bytes into a report, and reading files that hold one report (text or HTML).

Every problem raises InputError naming the file and the problem in one line; `readers`
turns it into a Failure so a batch reports it and goes on. Nothing here parses HTML: a page
is kept whole in `Article.raw` (format "html") for the extraction stage.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from charset_normalizer import from_bytes

from eventwire.errors import InputError
from eventwire.model import Article, Source

if TYPE_CHECKING:
    from eventwire.ingest.readers import ReadOptions

log = logging.getLogger("eventwire.ingest")

_SNIFF = 8192
_META_WINDOW = 4096
_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_XML_PROLOG = re.compile(r"<\?xml[^>]*>\s*", re.I)
_COMMENTS = re.compile(r"(<!--.*?-->\s*)+", re.S)
# Browsers read these labels as windows-1252 (WHATWG Encoding); so do we, else the curly
# quotes and dashes of a page "in latin-1" become C1 control characters.
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii"}
ENCODING_HINT = (
    "convert it to UTF-8 (e.g. `iconv -f latin1 -t utf-8`) or name its encoding "
    "(--encoding latin-1, or --encoding auto to detect it)"
)
MAX_BYTES_HINT = "raise the limit with --max-bytes (ReadOptions.max_bytes)"


class Decoded(NamedTuple):
    """Text decoded from bytes, the codec used, and whether that codec was a fallback
    (the encoding option or detection) rather than a BOM, a declaration or UTF-8."""

    text: str
    encoding: str
    fallback: bool


def codec_name(label: str) -> str | None:
    """Python's name for an encoding label, or None when Python has no such codec."""
    try:
        return codecs.lookup(label.strip()).name
    except (LookupError, ValueError):
        return None


def too_large(size: str, limit: int) -> str:
    """The one-line problem for a report over the size limit."""
    return f"too large: {size} is over the {limit:,}-byte limit for one report; {MAX_BYTES_HINT}"


def open_problem(error: OSError) -> str:
    """The one-line problem for a file that cannot be opened."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def decode(
    data: bytes,
    where: str,
    encoding: str | None = None,
    declared: tuple[str | None, ...] = (),
) -> Decoded:
    """Decode by BOM, else by the first usable declared charset (HTTP header, <meta>),
    else as UTF-8, else with the encoding option ("auto": detect; a codec name: use it).
    Bytes that fit none of these raise InputError naming the first bad byte."""
    bom = _bom(data)
    if bom:
        try:
            return Decoded(data.decode(bom), bom, False)
        except UnicodeDecodeError as error:
            raise InputError(where, _bad_byte(data, error, bom)) from None
    names = [name for name in map(_declared_codec, declared) if name]
    for name in names:
        try:
            return Decoded(data.decode(name), name, False)
        except UnicodeDecodeError:
            continue
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as error:
        first = error
    if encoding and encoding.lower() == "auto":
        return _detect(data, where, first)
    if encoding:
        name = codec_name(encoding) or encoding
        try:
            return Decoded(data.decode(name), name, True)
        except UnicodeDecodeError as error:
            raise InputError(where, _bad_byte(data, error, name)) from None
    if names:  # the page said what it is and lies a little: read it as a browser would
        return Decoded(data.decode(names[0], errors="replace"), names[0], True)
    raise InputError(where, f"{_bad_byte(data, first, 'UTF-8')}; {ENCODING_HINT}")


def read_bytes(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode a plain-text report, or say in one line why it is not one (empty, binary,
    not in the expected encoding)."""
    return decode_text(data, where, encoding).text


def decode_text(data: bytes, where: str, encoding: str | None = None) -> Decoded:
    """`read_bytes`, keeping which codec was used."""
    _check_not_empty_or_binary(data, where)
    decoded = decode(data, where, encoding)
    sample = decoded.text[:_SNIFF]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if controls > len(sample) // 100:
        raise InputError(where, "binary file (control characters): not a text report")
    return decoded


def decode_html(
    data: bytes, where: str, encoding: str | None = None, http_charset: str | None = None
) -> Decoded:
    """Decode an HTML page: BOM, then the HTTP charset, then <meta charset> or
    http-equiv in the first 4 KB, then UTF-8, then the encoding option."""
    _check_not_empty_or_binary(data, where)
    return decode(data, where, encoding, (http_charset, *meta_charsets(data)))


def looks_like_html(data: bytes) -> bool:
    """Whether a report is an HTML page: its first non-blank characters (after a BOM, an
    XML declaration or comments) are `<!doctype html` or `<html`."""
    bom = _bom(data)
    head = data[:1024].decode(bom or "latin-1", errors="ignore").lstrip("\ufeff \t\r\n\f")
    head = _COMMENTS.sub("", _XML_PROLOG.sub("", head, count=1), count=1).lower()
    return head.startswith(("<!doctype html", "<html"))


def meta_charsets(data: bytes) -> list[str]:
    """Charsets declared by <meta charset> or <meta http-equiv> in the first 4 KB."""
    return [m.group(1).decode("ascii") for m in _META_CHARSET.finditer(data[:_META_WINDOW])]


def http_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    found = _HTTP_CHARSET.search(content_type or "")
    return found.group(1) if found else None


def to_article(
    data: bytes,
    source: Source,
    options: ReadOptions,
    *,
    html: bool | None = None,
    http_charset: str | None = None,
) -> Article:
    """One report's bytes as an Article: an HTML page (given, or sniffed when `html` is
    None) keeps its markup with format "html"; anything else must be plain text."""
    where = _where(source)
    if len(data) > options.max_bytes:
        raise InputError(where, too_large(f"{len(data):,} bytes", options.max_bytes))
    if html is None:
        html = looks_like_html(data)
    if html:
        decoded = decode_html(data, where, options.encoding, http_charset)
    else:
        decoded = decode_text(data, where, options.encoding)
    if decoded.fallback:
        log.info("%s: not UTF-8; read as %s", where, decoded.encoding)
    article = Article(raw=decoded.text, format="html" if html else "text", source=source)
    return given_date(article, options)


def read_document(path: Path, options: ReadOptions) -> Article:
    """Read a file that holds one report: plain text or an HTML page, gzipped or not."""
    where = str(path)
    name = path.name.lower()
    compressed = name.endswith(".gz")
    inner = name[:-3] if compressed else name
    html = True if inner.endswith((".html", ".htm", ".xhtml")) else None
    try:
        if compressed:
            data = _gunzip(path, options.max_bytes)
        else:
            size = path.stat().st_size
            if size > options.max_bytes:
                raise InputError(where, too_large(f"{size:,} bytes", options.max_bytes))
            data = path.read_bytes()
    except OSError as error:
        raise InputError(where, open_problem(error)) from None
    return to_article(data, Source(path=where), options, html=html)


def given_date(article: Article, options: ReadOptions) -> Article:
    """Set the `--published` date on an article that has none of its own."""
    if options.published and not article.published:
        article.published = options.published
        article.published_source = "given"
    return article


def _gunzip(path: Path, limit: int) -> bytes:
    where = str(path)
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except EOFError:
        raise InputError(where, "truncated gzip: the file ends inside compressed data") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise InputError(where, f"not a readable gzip file: {error}") from None
    if len(data) > limit:
        raise InputError(where, too_large("the uncompressed report", limit))
    return data


def _check_not_empty_or_binary(data: bytes, where: str) -> None:
    if not data.strip():
        raise InputError(where, "empty file: no text to read")
    if not _bom(data) and b"\x00" in data[:_SNIFF]:
        raise InputError(where, "binary file (contains NUL bytes): not a text report")


def _bom(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _declared_codec(label: str | None) -> str | None:
    name = codec_name(label) if label else None
    if name in _AS_CP1252:
        return "cp1252"
    return None if name in {"utf-16", "utf-16-le", "utf-16-be", "utf-32"} else name


def _detect(data: bytes, where: str, first: UnicodeDecodeError) -> Decoded:
    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            where, f"{_bad_byte(data, first, 'UTF-8')} and no other encoding fits; {ENCODING_HINT}"
        )
    return Decoded(str(best), best.encoding, True)


def _bad_byte(data: bytes, error: UnicodeDecodeError, codec: str) -> str:
    label = "UTF-8" if codec.lower().replace("-", "").replace("_", "") == "utf8" else codec
    return f"not {label}: byte 0x{data[error.start]:02x} at offset {error.start} cannot be decoded"


def _where(source: Source) -> str:
    where = source.path or source.url or "<input>"
    return f"{where}:{source.record}" if source.record else where
