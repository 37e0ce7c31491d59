"""Every data file the code reads ships in the wheel: an installed (not editable) copy
without the actor dictionary or the cue model would run, quietly worse."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "eventwire"


def test_package_data_covers_every_resource_file() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["eventwire"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    data = {
        path
        for path in (PACKAGE / "resources").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    assert data, "no resource files found"
    assert sorted(p.relative_to(PACKAGE) for p in data - shipped) == []
