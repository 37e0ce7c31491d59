"""Write eventwire/resources/actors/countries.json from the `countryinfo` package.

One record per country: ISO 3166 alpha-3, English name, the names and short forms the
package lists (Latin script only, no two-letter codes), its demonym as the adjective, and
its capital (read as a metonym for the government: "Moscow said") and its population
(where two countries share a name or demonym, "French", the larger one is meant).
Hand-kept additions (common press names, plural demonyms, seats of government such as
"the Kremlin") live in countries_extra.json next to it and are merged by the loader, not
here, so re-running this script never loses them.

    .venv/bin/python scripts/build_actor_countries.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import countryinfo

OUT = (
    Path(__file__).resolve().parent.parent / "eventwire" / "resources" / "actors" / "countries.json"
)
LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-()]*$")


def main() -> None:
    folder = Path(countryinfo.__file__).parent / "data"
    records: dict[str, dict[str, object]] = {}
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        iso = raw.get("ISO") if isinstance(raw.get("ISO"), dict) else None
        if not iso or not iso.get("alpha3") or iso["alpha3"] in records:
            continue
        name = str(raw.get("name") or "")
        names = [name] + [
            a for a in raw.get("altSpellings") or [] if isinstance(a, str) and len(a) > 3
        ]
        names = [n for n in dict.fromkeys(names) if LATIN.match(n) and "," not in n]
        demonym = raw.get("demonym")
        capital = raw.get("capital")
        records[iso["alpha3"]] = {
            "iso3": iso["alpha3"],
            "iso2": iso.get("alpha2"),
            "name": name,
            "names": names,
            "adjectives": [demonym] if isinstance(demonym, str) and demonym else [],
            "capitals": [capital] if isinstance(capital, str) and capital else [],
            "population": int(raw.get("population") or 0),
        }
    rows = [records[key] for key in sorted(records)]
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    OUT.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()
