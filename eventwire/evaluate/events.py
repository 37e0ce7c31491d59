"""`eventwire evaluate events`: tell which event data format a path holds and score it.

Formats (see each scorer's docstring):
- `plover_gsr`: PLOVER's gold-standard records, a JSON array (`PLOVER_GSR_CAMEO.txt`) or a
  folder holding one: category accuracy and source / target actor match;
- `wikievents`: a WikiEvents `.jsonl` file or a folder of them (with `coref/`): trigger
  and argument P/R/F1;
- `muc4`: a GRIT-format MUC-4 `.json` file (`{doc_id: {doc, roles}}`): role-filler P/R/F1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from eventwire.errors import InputError
from eventwire.evaluate.events_muc4 import evaluate_muc4
from eventwire.evaluate.events_plover import score_plover_gsr
from eventwire.evaluate.events_wikievents import evaluate_wikievents
from eventwire.settings import Settings

__all__ = ["EventFormat", "detect_event_format", "evaluate_events", "resolve_event_data"]

EventFormat = Literal["plover_gsr", "wikievents", "muc4"]


def detect_event_format(path: Path) -> EventFormat:
    """The format of an event data file or folder, from its names and first bytes."""
    return resolve_event_data(path)[0]


def resolve_event_data(path: Path) -> tuple[EventFormat, Path]:
    """The format of an event data file or folder and the path its scorer reads: a
    WikiEvents folder as it is (its `coref/` is beside the files); in any other folder,
    the first `.txt` or `.json` file in name order that holds a known format
    (`dev.json` before `train.json`)."""
    path = Path(path)
    if path.is_dir():
        if any(path.glob("*.jsonl")):
            return "wikievents", path
        for candidate in sorted(path.glob("*.txt")) + sorted(path.glob("*.json")):
            try:
                return _file_format(candidate), candidate
            except InputError:
                continue
        raise InputError(str(path), "no event data here (plover_gsr, wikievents or muc4)")
    return _file_format(path), path


def _file_format(path: Path) -> EventFormat:
    if not path.is_file():
        raise InputError(str(path), "no such file or folder")
    if path.suffix in (".jsonl", ".jsonlines"):
        return "wikievents"
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096).lstrip()
    if head.startswith("["):
        return "plover_gsr"
    if head.startswith("{"):
        first_line = head.splitlines()[0] if head else ""
        if '"event_mentions"' in head or _is_json_object_line(first_line, "event_mentions"):
            return "wikievents"
        if '"doc"' in head and '"roles"' in head:
            return "muc4"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            data = None
        if isinstance(data, dict) and all(
            isinstance(v, dict) and "doc" in v and "roles" in v for v in data.values()
        ):
            return "muc4"
    raise InputError(
        str(path),
        "not a known event data format: expected a PLOVER GSR JSON array, WikiEvents "
        "JSON Lines or GRIT-format MUC-4 JSON",
    )


def _is_json_object_line(line: str, key: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and key in record


def evaluate_events(
    path: Path, limit: int | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Detect the format of `path` and run its scorer; the result names the format."""
    kind, path = resolve_event_data(Path(path))
    settings = settings or Settings()
    if kind == "wikievents":
        return evaluate_wikievents(path, limit=limit, settings=settings)
    if kind == "muc4":
        return evaluate_muc4(path, limit=limit, settings=settings)
    scores = score_plover_gsr(path, limit=limit, model=settings.model)
    return {"format": "plover_gsr", **scores}
