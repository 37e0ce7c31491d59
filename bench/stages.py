"""Time per pipeline stage (`Pipeline.seconds`) over real reports, in one process.

    .venv/bin/python bench/stages.py [N]      # N PolNeAR dev articles (default 80)

The first batch warms the stages up and is not counted.
"""

from __future__ import annotations

import sys
from pathlib import Path

from eventwire import Article, Pipeline

TEXTS = Path(__file__).resolve().parents[2] / "shared/eval/attribution/polnear/dev/text"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))][:count]
    if not texts:
        raise SystemExit(f"no texts under {TEXTS}")
    pipeline = Pipeline()
    list(pipeline.pipe(Article(raw=t) for t in texts[:8]))
    pipeline.seconds = dict.fromkeys(pipeline.seconds, 0.0)
    list(pipeline.pipe(Article(raw=t) for t in texts))
    total = sum(pipeline.seconds.values())
    for name, seconds in sorted(pipeline.seconds.items(), key=lambda kv: -kv[1]):
        print(f"{name:12s} {seconds / len(texts) * 1000:7.1f} ms/article {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
