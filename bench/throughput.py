"""Throughput and memory of the eventwire pipeline against its floor, spaCy alone.

What is measured, on the same texts in one run:

* FULL: the eventwire pipeline (`Pipeline.pipe` over `Article(raw=...)`, default stages,
  cleaning included), every result consumed and dropped.
* FLOOR: spaCy alone, the same model with exactly the components the pipeline loads
  (`eventwire.stages.nlp.load_pipeline`), `nlp.pipe(texts, batch_size=B)` over the same
  texts already cleaned, every Doc dropped. No pipeline can be faster than the parse it
  runs, so full/floor says what eventwire costs on top of spaCy.

For each: articles/s, words/s (whitespace-separated words of the body the pipeline parses) and peak
resident memory, and then the ratio full/floor of throughput and of time per article.

How, and why:

* Each measurement runs in its own child process (this script with a hidden `--child`
  option), so neither inherits the other's model, allocator state or memory high-water mark.
* BLAS/OpenMP thread counts are pinned to 1 in the child's environment: both sides run on
  one core, and the numbers do not depend on how many cores a machine happens to have.
* Peak RSS is measured from outside: the parent reaps each child with `os.wait4`, which
  returns that child's own resource usage (`ru_maxrss`), not the maximum over all children
  as `getrusage(RUSAGE_CHILDREN)` would. It includes the loaded model.
* Model load time is not timed: the child loads the model first, then times only the
  processing loop (wall clock and CPU time) and prints its result as one JSON line.
* Floor and full run alternately, `--repeat` times each; the best (least time) of each is
  reported, so the ratio is measured side by side, under the same machine load.

Texts are real reports from ../shared (the seed report and the PolNEAR article texts),
cycled to reach `--articles`; nothing in the pipeline caches by id, so repeated copies
cost the same as the first. Without ../shared, the repository's examples/*.txt are used.

    make bench
    .venv/bin/python bench/throughput.py --articles 100 --repeat 1 --json bench/results/x.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from itertools import cycle, islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"

THREAD_VARS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
"""Thread-pool sizes pinned to 1 in every child."""

RESULT_PREFIX = "BENCH_RESULT "
"""Marks the child's one line of results on its stdout."""

KINDS = ("floor", "full")


# --- texts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """The distinct raw texts to cycle through, and where they came from."""

    texts: list[str]
    origin: str


def read_texts(paths: list[Path]) -> list[str]:
    """Each file's text, skipping those with nothing in them once cleaned."""
    from eventwire.ingest.body import extract_body

    texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
    return [text for text in texts if extract_body(text).text]


def find_corpus(shared: Path) -> Corpus:
    """The seed report and the PolNEAR article texts, or examples/*.txt without them."""
    seed = sorted((shared / "seed").glob("*.txt"))
    polnear = sorted((shared / "eval" / "attribution" / "polnear").glob("**/text/*.txt"))
    if seed or polnear:
        texts = read_texts(seed + polnear)
        if texts:
            origin = (
                f"{shared}: {len(seed)} seed + {len(polnear)} PolNEAR texts ({len(texts)} usable)"
            )
            return Corpus(texts, origin)
    examples = sorted(EXAMPLES.glob("*.txt"))
    texts = read_texts(examples)
    if not texts:
        sys.exit(f"no texts: neither {shared} nor {EXAMPLES} holds any .txt file")
    print(
        f"NOTE: no report texts under {shared}; falling back to {EXAMPLES}/*.txt "
        f"({len(texts)} files), which is too little text for representative numbers",
        file=sys.stderr,
    )
    return Corpus(texts, f"{EXAMPLES}/*.txt ({len(texts)} files; ../shared absent)")


def cycled(texts: list[str], n: int) -> list[str]:
    """`n` texts, going round the list as often as needed."""
    return list(islice(cycle(texts), n))


def count_words(texts: list[str]) -> int:
    """Whitespace-separated words of the cleaned texts."""
    from eventwire.ingest.body import extract_body

    return sum(len(extract_body(text).text.split()) for text in texts)


# --- the child: one measurement --------------------------------------------------------


def spacy_components(model: str) -> frozenset[str]:
    """The spaCy components the default pipeline's stages read (as the nlp stage asks)."""
    from eventwire import Pipeline, Settings

    stages = Pipeline(settings=Settings(model=model)).stages
    return frozenset(c for stage in stages for c in stage.spacy_components)


def measure_floor(raws: list[str], model: str, batch_size: int) -> dict[str, Any]:
    """spaCy alone on the cleaned texts."""
    from eventwire.ingest.body import extract_body
    from eventwire.stages.nlp import load_pipeline

    nlp = load_pipeline(model, spacy_components(model))
    texts = [extract_body(raw).text for raw in raws]
    words = sum(len(text.split()) for text in texts)

    wall, cpu = time.perf_counter(), time.process_time()
    processed = 0
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        processed += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "articles": processed,
        "words": words,
        "failures": 0,
        "components": list(nlp.pipe_names),
        "model_version": f"{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}",
    }


def measure_full(raws: list[str], model: str, batch_size: int) -> dict[str, Any]:
    """The eventwire pipeline on the raw texts (it cleans them itself, inside the clock)."""
    from eventwire import Article, Failure, Pipeline, Settings
    from eventwire.stages.nlp import load_pipeline

    pipeline = Pipeline(settings=Settings(model=model, batch_size=batch_size))
    pipeline.initialize()
    nlp = load_pipeline(model, spacy_components(model))  # cached: the pipeline's own
    words = count_words(raws)

    # Articles are made as they are consumed and dropped once done: a list of them would
    # keep every Doc alive and inflate the peak memory the floor does not pay for.
    wall, cpu = time.perf_counter(), time.process_time()
    processed = failures = 0
    for result in pipeline.pipe(Article(raw=raw) for raw in raws):
        processed += 1
        failures += isinstance(result, Failure)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "articles": processed,
        "words": words,
        "failures": failures,
        "components": list(nlp.pipe_names),
        "stages": pipeline.names,
        "model_version": f"{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}",
    }


def child_main(kind: str, texts_file: Path, n: int, model: str, batch_size: int) -> None:
    raws = cycled(json.loads(texts_file.read_text(encoding="utf-8")), n)
    measure = measure_full if kind == "full" else measure_floor
    result = measure(raws, model, batch_size)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


# --- the parent: run children, report ----------------------------------------------------


@dataclass(slots=True)
class Run:
    """One child's measurement, with its peak RSS as seen from outside."""

    kind: str
    seconds: float
    cpu_seconds: float
    articles: int
    words: int
    failures: int
    peak_rss_mib: float
    components: list[str]
    model_version: str

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds


def maxrss_mib(ru_maxrss: int) -> float:
    """ru_maxrss is in KiB on Linux, in bytes on macOS."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def run_child(kind: str, texts_file: Path, args: argparse.Namespace) -> Run:
    """Run one measurement in a fresh process; reap it with wait4 for its own rusage."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--texts-file",
        str(texts_file),
        "--articles",
        str(args.articles),
        "--model",
        args.model,
        "--batch-size",
        str(args.batch_size),
    ]
    env = {**os.environ, **dict.fromkeys(THREAD_VARS, "1")}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True, cwd=ROOT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"the {kind} child failed (exit status {proc.returncode})")
    lines = [line for line in output.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:
        sys.exit(f"the {kind} child printed no result; its output was:\n{output}")
    result = json.loads(lines[-1][len(RESULT_PREFIX) :])
    return Run(
        kind=kind,
        seconds=result["seconds"],
        cpu_seconds=result["cpu_seconds"],
        articles=result["articles"],
        words=result["words"],
        failures=result["failures"],
        peak_rss_mib=maxrss_mib(usage.ru_maxrss),
        components=result["components"],
        model_version=result["model_version"],
    )


def summary(runs: list[Run]) -> dict[str, Any]:
    """The best (least time) of a kind's runs; its peak RSS is the highest of them all."""
    best = min(runs, key=lambda run: run.seconds)
    return {
        "seconds": round(best.seconds, 3),
        "cpu_seconds": round(best.cpu_seconds, 3),
        "articles": best.articles,
        "words": best.words,
        "failures": best.failures,
        "articles_per_s": round(best.articles_per_s, 3),
        "words_per_s": round(best.words_per_s, 1),
        "ms_per_article": round(1000 * best.seconds / best.articles, 3),
        "peak_rss_mib": round(max(run.peak_rss_mib for run in runs), 1),
        "components": best.components,
        "all_seconds": [round(run.seconds, 3) for run in runs],
        "all_peak_rss_mib": [round(run.peak_rss_mib, 1) for run in runs],
    }


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
    }


def table(results: dict[str, Any]) -> str:
    m, floor, full = results["machine"], results["floor"], results["full"]
    rows = [
        f"eventwire throughput: {results['articles']} articles "
        f"({results['distinct_texts']} distinct), "
        f"{results['mean_words_per_article']:.0f} words per article on average",
        f"texts:   {results['texts']}",
        f"machine: {m['platform']}, {m['cpu_count']} CPUs, Python {m['python']}, "
        f"spaCy {results['spacy']}",
        f"model:   {results['model']} ({results['model_version']}), components "
        f"{', '.join(full['components'])}; batch {results['batch_size']}; "
        f"BLAS/OpenMP threads pinned to 1; best of {results['repeat']}",
        "",
        f"{'':18} {'seconds':>9} {'articles/s':>11} {'words/s':>10} {'ms/article':>11} "
        f"{'peak RSS MiB':>13} {'failures':>9}",
    ]
    for label, row in (("floor (spaCy)", floor), ("full (eventwire)", full)):
        rows.append(
            f"{label:18} {row['seconds']:9.2f} {row['articles_per_s']:11.2f} "
            f"{row['words_per_s']:10.0f} {row['ms_per_article']:11.2f} "
            f"{row['peak_rss_mib']:13.1f} {row['failures']:9d}"
        )
    rows += [
        "",
        f"full/floor throughput:       {results['ratio_throughput']:.3f}",
        f"full/floor time per article: {results['ratio_time_per_article']:.3f}",
        f"full - floor peak RSS:       {full['peak_rss_mib'] - floor['peak_rss_mib']:+.1f} MiB",
    ]
    return "\n".join(rows)


def parent_main(args: argparse.Namespace) -> None:
    corpus = find_corpus(args.shared)
    raws = cycled(corpus.texts, args.articles)
    words = count_words(raws)

    runs: dict[str, list[Run]] = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(corpus.texts), encoding="utf-8")
        for i in range(args.repeat):
            for kind in KINDS:
                run = run_child(kind, texts_file, args)
                if run.words != words or run.articles != args.articles:
                    sys.exit(f"the {kind} child saw other texts than the parent")
                runs[kind].append(run)
                print(
                    f"[{i + 1}/{args.repeat}] {kind:5}: {run.seconds:7.2f} s, "
                    f"{run.articles_per_s:6.2f} articles/s, {run.peak_rss_mib:7.1f} MiB peak",
                    file=sys.stderr,
                    flush=True,
                )

    floor, full = summary(runs["floor"]), summary(runs["full"])
    if floor["components"] != full["components"]:
        print(
            f"WARNING: the floor ran {floor['components']} but the pipeline {full['components']}",
            file=sys.stderr,
        )
    results: dict[str, Any] = {
        "machine": machine(),
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "model": args.model,
        "model_version": runs["full"][0].model_version,
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "threads_pinned": dict.fromkeys(THREAD_VARS, 1),
        "texts": corpus.origin,
        "distinct_texts": len(corpus.texts),
        "articles": args.articles,
        "words": words,
        "mean_words_per_article": round(words / args.articles, 1),
        "floor": floor,
        "full": full,
        "ratio_throughput": round(full["articles_per_s"] / floor["articles_per_s"], 4),
        "ratio_time_per_article": round(floor["articles_per_s"] / full["articles_per_s"], 4),
    }
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing, too
    from eventwire.settings import Settings

    defaults = Settings()
    parser = argparse.ArgumentParser(
        description="Throughput and peak memory of the eventwire pipeline against "
        "spaCy alone with the same model and components."
    )
    parser.add_argument(
        "--articles", type=positive, default=1000, help="articles per run (default 1000)"
    )
    parser.add_argument(
        "--repeat", type=positive, default=2, help="runs of each, best kept (default 2)"
    )
    parser.add_argument(
        "--model", default=defaults.model, help=f"spaCy pipeline (default {defaults.model})"
    )
    parser.add_argument(
        "--batch-size",
        type=positive,
        default=defaults.batch_size,
        help=f"texts per nlp.pipe batch, both sides (default {defaults.batch_size})",
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=SHARED,
        help="folder holding seed/ and eval/ (default ../shared from the repository root)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args.child, args.texts_file, args.articles, args.model, args.batch_size)
    else:
        parent_main(args)


if __name__ == "__main__":
    main()
