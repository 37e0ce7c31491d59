"""eventwire: who did what to whom, where, when, and according to whom, from news reports.

The public surface, used by the CLI and by library users alike:

    from eventwire import Pipeline, read_path, open_store
    article = Pipeline().run(read_path("report.txt"))
"""

from eventwire.errors import EventwireError, InputError, PipelineError, StoreError
from eventwire.ingest import (
    ReadOptions,
    iter_inputs,
    read_bytes,
    read_path,
    read_records,
    read_stdin,
)
from eventwire.model import (
    Actor,
    Article,
    Claim,
    Event,
    Failure,
    GazetteerEntry,
    Mention,
    Participant,
    Place,
    Quantity,
    Source,
    Span,
    TimeRef,
)
from eventwire.pipeline import DEFAULT_STAGES, Pipeline
from eventwire.report import as_record, render
from eventwire.settings import Settings, default_db
from eventwire.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
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
]
