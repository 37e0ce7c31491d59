"""Stores behind one interface; `open_store` picks the backend from the location."""

from __future__ import annotations

from pathlib import Path

from eventwire.errors import StoreError
from eventwire.store.base import Added, FailedInput, InputStatus, Store
from eventwire.store.sqlite import SQLiteStore


def open_store(location: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at `location`: a SQLite file path
    or ":memory:". PostgreSQL URLs are reserved for the PostgreSQL backend to come."""
    text = str(location)
    if text.startswith(("postgres://", "postgresql://")):
        raise StoreError(f"{text}: the PostgreSQL backend is not available in this version")
    return SQLiteStore(location)


__all__ = ["Added", "FailedInput", "InputStatus", "SQLiteStore", "Store", "open_store"]
