"""Readers: turn files, folders and stdin into Articles carrying their raw text and source."""

from eventwire.ingest.text import iter_files, read_bytes, read_path, read_stdin

__all__ = ["iter_files", "read_bytes", "read_path", "read_stdin"]
