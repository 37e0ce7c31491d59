"""Scale: ingest throughput at 1 and 2 worker processes and on a local Dask cluster,
against the spaCy-alone floor, with peak memory per worker.

What is measured, on the same N real reports (../shared, as bench/throughput.py gathers
them, cycled to N; each copy after the first gets one closing line, "Filed as copy K.",
so that every article is new to the store and is parsed, as in a real feed):

* 1 worker: `eventwire.scale.ingest` with workers=1, the whole job in one process:
  reading a JSONL file, the full pipeline, writing to a fresh SQLite store; and, beside
  it, the floor (`Floor`): at each batch written, spaCy alone (the same loaded model)
  parses the same records, cleaned, off the ingest's clock. Floor and ingest take turns
  batch by batch on the same texts, so full/floor holds on a machine whose speed drifts
  by 10-20 % between runs minutes apart (separate runs gave 0.57 and 0.70 for one code
  on one day);
* floor (not run by default): spaCy alone in a process of its own, batches of B texts
  (bench/throughput.py's floor), reported as full_over_separate_floor;
* 2 workers: the same with workers=2 (2 worker processes, the parent reads and writes);
* dask local:2: `run_dask` on a LocalCluster of 2 single-threaded worker processes,
  parts loaded into a fresh store at the end.

Each runs in its own child process, BLAS/OpenMP pinned to one thread. Throughput is
given twice: end to end (model loads and cluster start included) and steady (from the
first batch written to the last, which leaves out the model loads as the floor does);
ratios use the steady figures. Peak RSS: of each worker (its own getrusage, reported
with its results) and of the parent (reader and writer) process, its own getrusage;
in-process the one process is the worker (os.wait4 from here).

Targets (issue 8): full (1 worker) >= 0.7 x floor (the floor beside it); 2 workers >= 1.8 x
1 worker; peak RSS <= 1 GiB per worker. Takes about 12 minutes at 2,000 articles on a
quiet 2-core machine:

    make bench-scale
    .venv/bin/python bench/scale.py --articles 60 --modes 1w,2w     # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import (
    ROOT,
    SHARED,
    THREAD_VARS,
    count_words,
    cycled,
    find_corpus,
    machine,
    maxrss_mib,
    positive,
    run_child,
    spacy_components,
)

RESULT_PREFIX = "SCALE_RESULT "
MODES = ("floor", "1w", "2w", "dask")
DEFAULT_MODES = ("1w", "2w", "dask")
TARGETS = {"full_over_floor": 0.7, "two_over_one": 1.8, "rss_mib": 1024.0}


def distinct(texts: list[str], n: int) -> list[str]:
    """n texts cycling through `texts`; copy K (K >= 1) of a text ends with one line
    naming it, so its article id differs from the other copies'."""
    out = []
    for i, text in enumerate(cycled(texts, n)):
        copy = i // len(texts)
        out.append(text if copy == 0 else f"{text.rstrip()}\n\nFiled as copy {copy}.\n")
    return out


# --- the child: one ingest --------------------------------------------------------------


class Clock:
    """Progress sink that keeps (time, records done) at each write. With `floor`, it
    also runs the floor on the same records, off the ingest's clock (`Floor`)."""

    enabled = False

    def __init__(self, floor: Floor | None = None) -> None:
        self.marks: list[tuple[float, int]] = []
        self.floor = floor
        self.floor_marks: list[tuple[float, int]] = []
        """Seconds spent in `floor` and records it parsed, up to each mark."""
        self.paused = 0.0

    def update(self, done: int) -> None:
        if self.marks and done <= self.marks[-1][1]:
            return
        self.marks.append((time.perf_counter() - self.paused, done))
        if self.floor is not None:
            started = time.perf_counter()
            self.floor.after(done)
            self.paused += time.perf_counter() - started
        self.floor_marks.append((self.paused, self.floor.parsed if self.floor else 0))

    def write(self, line: str) -> None:
        pass

    def close(self) -> None:
        pass

    def steady(self, first_wave: int) -> tuple[float, int]:
        """Seconds from the first write to the last, and the records processed in that
        time: all but the first wave (the batches the workers started together, while
        loading their models). (0, 0) when the run is too short to tell."""
        if len(self.marks) < 3:
            return 0.0, 0
        (t0, _), (t1, n1) = self.marks[1], self.marks[-1]
        return t1 - t0, max(0, n1 - first_wave)

    def steady_floor(self) -> tuple[float, int]:
        """The floor's seconds and records over the same writes as `steady` (it may have
        parsed one batch ahead of the ingest at either end)."""
        if len(self.marks) < 3 or self.floor is None:
            return 0.0, 0
        (f0, n0), (f1, n1) = self.floor_marks[1], self.floor_marks[-1]
        return f1 - f0, n1 - n0


class Floor:
    """spaCy alone beside a one-worker ingest: the same loaded model parses the same
    records, cleaned as bench/throughput.py's floor cleans them, in the batches a worker
    parses (at most B texts and PARSE_CHARS characters) inside a memory zone as the
    worker does, so that neither side keeps the words the other met. At alternate writes
    it parses the batch just written, then also the next one before the ingest reaches
    it: neither side always meets a text first."""

    def __init__(self, jsonl: Path, model: str, batch_size: int) -> None:
        from eventwire.ingest.body import extract_body
        from eventwire.stages.nlp import load_pipeline

        self.nlp = load_pipeline(model, spacy_components(model))  # the worker's (cached)
        with jsonl.open(encoding="utf-8") as lines:
            self.texts = [extract_body(json.loads(line)["text"]).text for line in lines]
        self.batch_size = batch_size
        self.parsed = 0
        self.turn = 0

    def after(self, done: int) -> None:
        """Called once records [0, done) are written."""
        self.turn += 1
        end = done + self.batch_size if self.turn % 2 else done
        self.parse(self.parsed, min(end, len(self.texts)))

    def parse(self, start: int, end: int) -> None:
        from eventwire.scale.worker import parse_batches

        texts = self.texts[start:end]
        for lo, hi in parse_batches([len(t) for t in texts], self.batch_size):
            self._pipe(texts[lo:hi])
        self.parsed = max(self.parsed, end)

    def _pipe(self, batch: list[str]) -> None:
        with self.nlp.memory_zone():
            for _doc in self.nlp.pipe(batch, batch_size=len(batch)):
                pass


def child_main(mode: str, jsonl: Path, db: Path, batch_size: int, model: str) -> None:
    sys.path.insert(0, str(ROOT))
    from eventwire.scale import ingest
    from eventwire.scale.dask_run import PARTITION_BATCHES, run_dask
    from eventwire.scale.worker import peak_rss_mib
    from eventwire.settings import Settings
    from eventwire.store import open_store

    settings = Settings(model=model, batch_size=batch_size)
    clock = Clock(Floor(jsonl, model, batch_size) if mode == "1w" else None)
    clock.marks.append((time.perf_counter(), 0))
    started = time.perf_counter()
    with open_store(db) as store:
        if mode == "dask":
            summary = run_dask(
                [jsonl],
                address="local:2",
                store=store,
                settings=settings,
                progress=clock,  # type: ignore[arg-type]
            )
        else:
            summary = ingest(
                [jsonl],
                store,
                db=str(db),
                settings=settings,
                workers=2 if mode == "2w" else 1,
                progress=clock,  # type: ignore[arg-type]
            )
    seconds = time.perf_counter() - started
    workers = 1 if mode == "1w" else 2
    unit = batch_size * (PARTITION_BATCHES if mode == "dask" else 1)
    steady_seconds, steady_records = clock.steady(workers * unit)
    floor_seconds, floor_records = clock.steady_floor()
    result = {
        "seconds": seconds,
        "steady_seconds": steady_seconds,
        "steady_records": steady_records,
        "floor_seconds": floor_seconds,
        "floor_records": floor_records,
        "records": summary.written,
        "new": summary.new,
        "near_duplicates": summary.near_duplicate,
        "duplicates": summary.duplicate,
        "failures": len(summary.failures),
        "worker_rss_mib": sorted(summary.workers.values()),
        "self_rss_mib": peak_rss_mib(),
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)


# --- the parent ---------------------------------------------------------------------------


def run_ingest_child(mode: str, jsonl: Path, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    db = tmp / f"{mode}.db"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--jsonl",
        str(jsonl),
        "--db",
        str(db),
        "--batch-size",
        str(args.batch_size),
        "--model",
        args.model,
    ]
    env = {**os.environ, **dict.fromkeys(THREAD_VARS, "1")}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True, cwd=ROOT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the {mode} child failed (exit status {os.waitstatus_to_exitcode(status)})")
    lines = [line for line in output.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:
        sys.exit(f"the {mode} child printed no result; its output was:\n{output}")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX) :])
    # The child's own peak: wait4's figure would also cover the children it reaped.
    result["parent_rss_mib"] = round(result["self_rss_mib"], 1)
    if mode == "1w":  # in-process: the one process is the worker (wait4 agrees)
        result["worker_rss_mib"] = [round(maxrss_mib(usage.ru_maxrss), 1)]
    for name in [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]:
        name.unlink(missing_ok=True)
    return result


def summarise(mode: str, result: dict[str, Any], words: int, articles: int) -> dict[str, Any]:
    if mode == "floor":
        rate = articles / result["seconds"]
        return {
            "seconds": round(result["seconds"], 2),
            "articles_per_s": round(rate, 3),
            "words_per_s": round(words / result["seconds"], 1),
            "steady_articles_per_s": round(rate, 3),
            "peak_rss_mib": [round(result["peak_rss_mib"], 1)],
        }
    if result["steady_records"] >= articles / 4 and result["steady_seconds"] > 0:
        steady = result["steady_records"] / result["steady_seconds"]
    else:  # too short a run for a steady figure (a few batches): end to end
        steady = articles / result["seconds"]
    return {
        "seconds": round(result["seconds"], 2),
        "articles_per_s": round(articles / result["seconds"], 3),
        "words_per_s": round(words / result["seconds"], 1),
        "steady_articles_per_s": round(steady, 3),
        "steady_words_per_s": round(steady * words / articles, 1),
        "peak_rss_mib": [round(v, 1) for v in result["worker_rss_mib"]],
        "parent_rss_mib": result["parent_rss_mib"],
        "total_rss_mib": round(
            sum(result["worker_rss_mib"]) + (result["parent_rss_mib"] if mode != "1w" else 0),
            1,
        ),
        "stored": {k: result[k] for k in ("new", "near_duplicates", "duplicates", "failures")},
        **interleaved_floor(result, words / articles),
    }


def interleaved_floor(result: dict[str, Any], words_per_article: float) -> dict[str, Any]:
    """The floor measured batch by batch beside a one-worker ingest, if it was."""
    if not result.get("floor_records") or not result.get("floor_seconds"):
        return {}
    rate = result["floor_records"] / result["floor_seconds"]
    return {
        "floor_interleaved": {
            "seconds": round(result["floor_seconds"], 2),
            "steady_articles_per_s": round(rate, 3),
            "steady_words_per_s": round(rate * words_per_article, 1),
        }
    }


def parent_main(args: argparse.Namespace) -> None:
    corpus = find_corpus(args.shared)
    texts = distinct(corpus.texts, args.articles)
    words = count_words(texts)
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        sys.exit(f"unknown modes {sorted(unknown)}: choose from {', '.join(MODES)}")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="eventwire-scale-") as tmp_name:
        tmp = Path(tmp_name)
        jsonl = tmp / "articles.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for text in texts:
                out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        texts_file = tmp / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for mode in modes:
            if mode == "floor":
                run = run_child("floor", texts_file, args)
                raw = {"seconds": run.seconds, "peak_rss_mib": run.peak_rss_mib}
            else:
                raw = run_ingest_child(mode, jsonl, args, tmp)
            results[mode] = summarise(mode, raw, words, args.articles)
            print(f"{mode:5}: {json.dumps(results[mode])}", file=sys.stderr, flush=True)

    report: dict[str, Any] = {
        "machine": machine(),
        "model": args.model,
        "batch_size": args.batch_size,
        "texts": corpus.origin,
        "articles": args.articles,
        "words": words,
        "mean_words_per_article": round(words / args.articles, 1),
        "results": results,
        "ratios": ratios(results),
        "targets": TARGETS,
    }
    print(table(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")


def ratios(results: dict[str, Any]) -> dict[str, float]:
    steady = {mode: r["steady_articles_per_s"] for mode, r in results.items()}
    out = {}
    beside = results.get("1w", {}).get("floor_interleaved")
    if beside:  # measured batch by batch with the ingest: what the target is judged on
        out["full_over_floor"] = round(steady["1w"] / beside["steady_articles_per_s"], 3)
    if "floor" in steady and "1w" in steady:
        key = "full_over_separate_floor" if beside else "full_over_floor"
        out[key] = round(steady["1w"] / steady["floor"], 3)
    if "1w" in steady and "2w" in steady:
        out["two_over_one"] = round(steady["2w"] / steady["1w"], 3)
    if "1w" in steady and "dask" in steady:
        out["dask2_over_one"] = round(steady["dask"] / steady["1w"], 3)
    return out


def table(report: dict[str, Any]) -> str:
    m = report["machine"]
    rows = [
        f"eventwire scale: {report['articles']} articles, "
        f"{report['mean_words_per_article']:.0f} words per article on average",
        f"texts:   {report['texts']}",
        f"machine: {m['platform']}, {m['cpu_count']} CPUs, Python {m['python']}",
        f"model:   {report['model']}, batch {report['batch_size']}, BLAS/OpenMP threads 1",
        "",
        f"{'':14} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'steady art/s':>13} "
        f"{'peak RSS MiB per worker':>24}",
    ]
    labels = {"floor": "floor (spaCy)", "1w": "1 worker", "2w": "2 workers", "dask": "dask local:2"}
    for mode, row in report["results"].items():
        rss = ", ".join(f"{v:.0f}" for v in row["peak_rss_mib"])
        rows.append(
            f"{labels[mode]:14} {row['seconds']:8.1f} {row['articles_per_s']:11.2f} "
            f"{row['words_per_s']:9.0f} {row['steady_articles_per_s']:13.2f} {rss:>24}"
        )
        beside = row.get("floor_interleaved")
        if beside:
            rows.append(
                f"{'  floor beside':14} {beside['seconds']:8.1f} {'':>11} "
                f"{beside['steady_words_per_s']:9.0f} {beside['steady_articles_per_s']:13.2f}"
            )
    rows.append("")
    targets = report["targets"]
    for name, value in report["ratios"].items():
        target = targets.get(name)
        verdict = "" if target is None else ("  ok" if value >= target else f"  < {target}")
        rows.append(f"{name:18} {value:.3f}{verdict}")
    peaks = [
        v for mode, row in report["results"].items() if mode != "floor" for v in row["peak_rss_mib"]
    ]
    if peaks:
        worst = max(peaks)
        verdict = "ok" if worst <= targets["rss_mib"] else f"> {targets['rss_mib']:.0f}"
        rows.append(f"{'max RSS per worker':18} {worst:.0f} MiB  {verdict}")
    return "\n".join(rows)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    sys.path.insert(0, str(ROOT))
    from eventwire.settings import Settings

    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=positive, default=2000, help="default 2000")
    parser.add_argument(
        "--modes",
        default=",".join(DEFAULT_MODES),
        help=f"comma-separated, of {', '.join(MODES)} (default: {', '.join(DEFAULT_MODES)})",
    )
    parser.add_argument("--model", default=defaults.model)
    parser.add_argument("--batch-size", type=positive, default=defaults.batch_size)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--child", choices=MODES[1:], help=argparse.SUPPRESS)
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args.child, args.jsonl, args.db, args.batch_size, args.model)
    else:
        parent_main(args)


if __name__ == "__main__":
    main()
