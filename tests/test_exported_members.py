"""Pins the public surface: a change here is a change for every library user."""

from __future__ import annotations

import eventwire


def test_public_surface() -> None:
    assert set(eventwire.__all__) == {
        "DEFAULT_STAGES",
        "Actor",
        "Article",
        "Claim",
        "Event",
        "EventwireError",
        "Failure",
        "GazetteerEntry",
        "InputError",
        "Mention",
        "Participant",
        "Pipeline",
        "PipelineError",
        "Place",
        "Quantity",
        "ReadOptions",
        "Settings",
        "Source",
        "Span",
        "Store",
        "StoreError",
        "TimeRef",
        "__version__",
        "as_record",
        "default_db",
        "iter_inputs",
        "open_store",
        "read_bytes",
        "read_path",
        "read_records",
        "read_stdin",
        "render",
    }
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name
