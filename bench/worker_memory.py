"""Peak memory of one eventwire worker over real reports, by batch size and text budget.

Runs `eventwire.scale.Worker` (the code every ingest mode runs) in this process over N
reports from ../shared (as bench/throughput.py gathers them) and prints one JSON line:
the peak RSS after loading and after processing. Run each setting in its own process
(peak RSS only grows):

    .venv/bin/python bench/worker_memory.py --batch-size 32 --parse-chars 0   # no budget
    .venv/bin/python bench/worker_memory.py --batch-size 16 --parse-chars 0
    .venv/bin/python bench/worker_memory.py --batch-size 32                   # the default
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from scale import distinct  # noqa: E402
from throughput import ROOT, SHARED, find_corpus, positive  # noqa: E402

sys.path.insert(0, str(ROOT))


def main() -> None:
    from eventwire.model import Article
    from eventwire.scale.worker import PARSE_CHARS, Worker, peak_rss_mib
    from eventwire.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=positive, default=160)
    parser.add_argument("--batch-size", type=positive, default=32)
    parser.add_argument(
        "--parse-chars",
        type=int,
        default=PARSE_CHARS,
        help=f"text budget per parse, 0 for none (default {PARSE_CHARS})",
    )
    parser.add_argument("--no-memory-zone", action="store_true")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()

    texts = distinct(find_corpus(args.shared).texts, args.articles)
    worker = Worker(
        Settings(batch_size=args.batch_size),
        memory_zone=not args.no_memory_zone,
        parse_chars=args.parse_chars or None,
    )
    loaded = peak_rss_mib()
    started = time.perf_counter()
    for i in range(0, len(texts), args.batch_size):
        worker.process([Article(raw=text) for text in texts[i : i + args.batch_size]])
    print(
        json.dumps(
            {
                "articles": args.articles,
                "batch_size": args.batch_size,
                "parse_chars": args.parse_chars or None,
                "memory_zone": not args.no_memory_zone,
                "peak_rss_mib_after_load": round(loaded),
                "peak_rss_mib": round(peak_rss_mib()),
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
