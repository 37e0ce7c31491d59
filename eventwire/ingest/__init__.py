"""Readers: turn files, folders and stdin into Articles carrying what was read and where.

`read_records` reads any input form (plain text, HTML, JSON Lines, WARC/ARC, gzipped or
not) and yields a Failure for what cannot be read; `read_path` and `read_stdin` read one
report and raise InputError.
"""

from eventwire.ingest.readers import (
    ReadOptions,
    iter_inputs,
    kind_of,
    read_path,
    read_records,
    read_stdin,
)
from eventwire.ingest.text import Decoded, decode, looks_like_html, read_bytes

__all__ = [
    "Decoded",
    "ReadOptions",
    "decode",
    "iter_inputs",
    "kind_of",
    "looks_like_html",
    "read_bytes",
    "read_path",
    "read_records",
    "read_stdin",
]
