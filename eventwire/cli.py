"""The `eventwire` command: thin commands over the library.

Every command is one library call plus presentation; an EventwireError becomes one line on
stderr and a non-zero exit.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from eventwire import (
    EventwireError,
    Failure,
    Pipeline,
    Settings,
    as_record,
    default_db,
    open_store,
    read_path,
    read_stdin,
    render,
)
from eventwire.errors import StoreError
from eventwire.evaluate import (
    annotator_agreement,
    evaluate_attribution,
    evaluate_extraction,
    evaluate_geo,
    evaluate_time,
)
from eventwire.evaluate.events import evaluate_events
from eventwire.export import EXPORT_FORMATS, export_events
from eventwire.ingest import ReadOptions
from eventwire.ingest.metadata import iso_date
from eventwire.resources.gazetteer import add_places, import_geonames
from eventwire.scale import Progress, Summary, default_workers, failed_paths
from eventwire.scale import ingest as scale_ingest
from eventwire.scale.dask_run import run_dask
from eventwire.scale.parts import load_parts
from eventwire.stages import REGISTRY


class _Group(click.Group):
    """Turns library errors into one clear line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EventwireError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="eventwire")
def main() -> None:
    """Read news reports about wars and crises; record who did what to whom, where,
    when, and according to whom."""


model_option = click.option(
    "--model",
    default=None,
    help="spaCy pipeline: package name or model folder [default: $EVENTWIRE_MODEL or "
    "en_core_web_md].",
)
db_option = click.option(
    "--db",
    default=default_db,
    show_default="$EVENTWIRE_DB or eventwire.db",
    help="SQLite database file.",
)


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that say how inputs are read, shared by extract and ingest; the command
    receives them as one `options: ReadOptions`."""

    @functools.wraps(command)
    def with_options(
        *args: Any,
        published: str | None,
        encoding: str | None,
        max_bytes: int,
        fields: Sequence[str],
        **kwargs: Any,
    ) -> Any:
        options = _read_options(published, encoding, max_bytes, fields)
        return command(*args, options=options, **kwargs)

    for option in reversed(
        [
            click.option(
                "--published",
                default=None,
                metavar="DATE",
                help="Publication date (YYYY-MM-DD) for reports whose page or text gives none.",
            ),
            click.option(
                "--encoding",
                default=None,
                metavar="CODEC|auto",
                help="How to read reports that are not UTF-8: a codec (latin-1, cp1252) or "
                "'auto' to detect it. [default: refuse them]",
            ),
            click.option(
                "--max-bytes",
                type=click.IntRange(min=1),
                default=ReadOptions().max_bytes,
                show_default=True,
                help="Largest single report read (a file, a JSONL record, a WARC payload).",
            ),
            click.option(
                "--field",
                "fields",
                multiple=True,
                metavar="ROLE=NAME",
                help="JSONL field names, e.g. --field text=body --field url=link "
                "(roles: text, html, url, date, title; NAME may be a dotted path).",
            ),
        ]
    ):
        with_options = option(with_options)
    return with_options


def _read_options(
    published: str | None, encoding: str | None, max_bytes: int, fields: Sequence[str]
) -> ReadOptions:
    names: dict[str, str] = {}
    for item in fields:
        role, sep, name = item.partition("=")
        if not sep or role not in ("text", "html", "url", "date", "title"):
            raise click.BadParameter(
                f"{item!r}: give ROLE=NAME with ROLE one of text, html, url, date, title",
                param_hint="--field",
            )
        names[f"{role}_field"] = name
    if published is not None:
        given = iso_date(published)
        if given is None:
            raise click.BadParameter(
                f"{published!r} is not a date: give YYYY-MM-DD", param_hint="--published"
            )
        published = given
    return ReadOptions(published=published, encoding=encoding, max_bytes=max_bytes, **names)


def _settings(model: str | None) -> Settings:
    return Settings(model=model) if model else Settings()


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["report", "json", "jsonl"]),
    default="report",
    show_default=True,
)
@reading_options
@model_option
def extract(file: str, fmt: str, options: ReadOptions, model: str | None) -> None:
    """Read one report (text or HTML; - for stdin) and print its record; no database
    needed.

    Example: eventwire extract report.txt --format json
    """
    article = read_stdin(options=options) if file == "-" else read_path(file, options=options)
    result = Pipeline(settings=_settings(model)).run(article)
    if isinstance(result, Failure):
        raise EventwireError(str(result))
    if fmt == "report":
        click.echo(render(result), nl=False)
    else:
        indent = 2 if fmt == "json" else None
        click.echo(json.dumps(as_record(result), ensure_ascii=False, indent=indent))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@reading_options
@model_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes, each loading the model once (about 1 GiB each); 1 runs "
    "in this process. [default: the cores]",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Read again the inputs an earlier run recorded as failed (with no PATHS: the "
    "files holding them).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS|local:N",
    default=None,
    help="Run on Dask: a scheduler address (tcp://host:8786) or local:N for a local "
    "cluster of N single-threaded worker processes.",
)
@click.option(
    "--parts",
    type=click.Path(file_okay=False),
    default=None,
    help="With --dask: write the results as Parquet parts into this folder and stop "
    "(merge them with `eventwire load`). Without it, parts go to a temporary folder and "
    "are loaded into --db.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(
    paths: Sequence[str],
    db: str,
    options: ReadOptions,
    model: str | None,
    workers: int | None,
    retry_failed: bool,
    dask_address: str | None,
    parts: str | None,
    quiet: bool,
) -> None:
    """Read reports and store their records: text, HTML, JSONL and WARC/ARC files
    (gzipped or not) and folders of them, recursively, with one worker process per core.

    A record that cannot be read or processed is reported in one line, recorded in the
    store and skipped; the others are stored. Storing a report that is already there
    changes nothing; a near-copy of a stored report (the same wire story elsewhere) is
    stored and linked to the first one. Interrupted (Ctrl-C, a crash, a kill), the same
    command run again finishes the job: inputs already stored or failed are skipped.
    Exits with status 1 when any input failed, 130 when interrupted.

    Example: eventwire ingest reports/ crawl.warc.gz --db conflict.db --workers 4
    """
    settings = _settings(model)
    if parts and not dask_address:
        raise click.BadParameter("--parts goes with --dask", param_hint="--parts")
    if not paths and not retry_failed:
        raise click.UsageError("give one or more PATHs (or --retry-failed alone)")
    if dask_address and parts:
        summary = run_dask(
            paths,
            address=dask_address,
            parts=Path(parts),
            options=options,
            settings=settings,
            progress=Progress(enabled=not quiet, paths=paths),
        )
        click.echo(
            f"{summary.written} inputs processed into {parts}, {summary.failed} failed; "
            f"merge them into a store with: eventwire load {parts} --db DB",
            err=True,
        )
        if summary.interrupted:
            sys.exit(128 + summary.interrupted)
        sys.exit(1 if summary.failed else 0)
    with open_store(db) as store:
        if not paths:
            paths = failed_paths(store)
            if not paths:
                click.echo(f"no failed inputs recorded in {db}", err=True)
                return
        with Progress(enabled=not quiet, paths=paths) as progress:
            if dask_address:
                summary = run_dask(
                    paths,
                    address=dask_address,
                    store=store,
                    options=options,
                    settings=settings,
                    retry_failed=retry_failed,
                    progress=progress,
                )
            else:
                summary = scale_ingest(
                    paths,
                    store,
                    db=db,
                    options=options,
                    settings=settings,
                    workers=workers or default_workers(),
                    retry_failed=retry_failed,
                    progress=progress,
                    handle_signals=True,
                )
    _ingest_summary(summary, db)


@main.command()
@click.argument("parts_dir", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def load(parts_dir: str, db: str, quiet: bool) -> None:
    """Merge the Parquet parts of a Dask ingest (`ingest --dask ... --parts DIR`) into
    the store, in input order, with the same duplicate and near-duplicate checks as
    ingest. Loading the same parts again changes nothing.

    Example: eventwire load parts/ --db conflict.db
    """
    with open_store(db) as store, Progress(enabled=not quiet) as progress:
        summary = load_parts(Path(parts_dir), store, progress=progress)
    _ingest_summary(summary, db)


def _ingest_summary(summary: Summary, target: str) -> None:
    """What ingest and load print at the end; exit 1 on failures, 128+N on signal N."""
    skipped = summary.skipped
    if skipped.left_out:
        left_out = ", ".join(f"{n} {reason}" for reason, n in skipped.left_out.most_common())
        click.echo(f"archive records left out: {left_out}", err=True)
    for failure in skipped.failed[:5]:
        click.echo(f"failed before: {failure}", err=True)
    if len(skipped.failed) > 5:
        click.echo(f"failed before: ... and {len(skipped.failed) - 5} more", err=True)
    if skipped.done or skipped.failed:
        note = f"skipped {skipped.done} inputs an earlier run stored"
        if skipped.failed:
            note += f" and {len(skipped.failed)} it failed on (--retry-failed reads those again)"
        click.echo(note, err=True)
    reasons = summary.failure_reasons()
    if reasons:
        by_stage = ", ".join(f"{stage} {n}" for stage, n in reasons.most_common())
        click.echo(f"failed by stage: {by_stage} (recorded in the store)", err=True)
    if summary.written:
        rate = summary.written / summary.seconds if summary.seconds else 0.0
        n = summary.processes or len(summary.workers)
        workers = f", {n} worker process{'es' if n > 1 else ''}" if n else ""
        peak = (
            f", peak {max(summary.workers.values()):.0f} MiB per worker" if summary.workers else ""
        )
        click.echo(
            f"{summary.written} inputs in {summary.seconds:.1f} s ({rate:.2f}/s){workers}{peak}",
            err=True,
        )
    if summary.interrupted:
        click.echo(
            "interrupted: every batch written is complete; run the same command again to finish",
            err=True,
        )
    click.echo(f"{summary.line()} -> {target}", err=True)
    if summary.interrupted:
        sys.exit(128 + summary.interrupted)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("article")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["report", "json"]), default="report", show_default=True
)
def show(article: str, db: str, fmt: str) -> None:
    """Print a stored article's record, by id (or a unique prefix) or by the file it
    was read from.

    Example: eventwire show 3f2a9c0d1e2b4a5c
    """
    if not Path(db).is_file():
        raise StoreError(f"{db}: no such database (run `eventwire ingest` first)")
    key = article
    if Path(article).is_file():
        read = Pipeline(["text"]).run(read_path(article))
        if isinstance(read, Failure):
            raise EventwireError(str(read))
        key = read.id or ""
    with open_store(db) as store:
        found = store.get(key)
    if found is None:
        raise StoreError(f"{db}: no article {key!r}")
    if fmt == "report":
        click.echo(render(found), nl=False)
    else:
        click.echo(json.dumps(as_record(found), ensure_ascii=False, indent=2))


@main.group()
def evaluate() -> None:
    """Score eventwire on annotated data and print the figures as JSON."""


@evaluate.command("extraction")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder with ground-truth.json and html/<id>.html[.gz] (the AEB format).",
)
def evaluate_extraction_command(data: str) -> None:
    """Main-text extraction from HTML: mean token precision, recall and F1, and pages/s,
    of eventwire and, in the same run, of trafilatura used bare.

    Example: eventwire evaluate extraction --data ../shared/eval/extraction/aeb
    """
    scores = evaluate_extraction(Path(data), progress=sys.stderr.isatty())
    click.echo(json.dumps(scores, indent=2))


limit_option = click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N articles."
)


@evaluate.command("geo")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True),
    help="An LGL / TR-News XML file, or a folder of them.",
)
@limit_option
def evaluate_geo_command(data: str, limit: int | None) -> None:
    """Geoparsing: toponym recognition P/R/F1, accuracy within 161 km, median and mean
    error in km, GeoNames-id match and articles/s.

    Example: eventwire evaluate geo --data ../shared/eval/geo/lgl/lgl.xml
    """
    scores = evaluate_geo(Path(data), limit=limit, progress=sys.stderr.isatty())
    click.echo(json.dumps(scores, indent=2))


@evaluate.command("time")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="A folder of TimeML files (searched recursively).",
)
@limit_option
def evaluate_time_command(data: str, limit: int | None) -> None:
    """Time expressions: strict and relaxed span P/R/F1, value and type accuracy.

    Example: eventwire evaluate time --data ../shared/eval/temporal/tbaq
    """
    click.echo(json.dumps(evaluate_time(Path(data), limit=limit), indent=2))


@evaluate.command("attribution")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="A PolNeAR-format folder (text/ and attributions/).",
)
@click.option(
    "--agreement",
    is_flag=True,
    help="Score the annotators against each other on articles several of them annotated.",
)
@limit_option
def evaluate_attribution_command(data: str, agreement: bool, limit: int | None) -> None:
    """Attribution: P/R/F1 of source, cue and content, exact and overlap.

    Example: eventwire evaluate attribution --data ../shared/eval/attribution/polnear/dev
    """
    if agreement:
        click.echo(json.dumps(annotator_agreement(Path(data)), indent=2))
        return
    click.echo(json.dumps(evaluate_attribution(Path(data), limit=limit), indent=2))


@evaluate.command("events")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True),
    help="Event data: PLOVER GSR (.txt/.json array), WikiEvents (.jsonl or its folder) or "
    "GRIT-format MUC-4 (.json); the format is detected.",
)
@limit_option
@model_option
def evaluate_events_command(data: str, limit: int | None, model: str | None) -> None:
    """Events: PLOVER category and actor match (plover_gsr), trigger and argument P/R/F1
    (wikievents), role-filler P/R/F1 (muc4).

    Example: eventwire evaluate events --data ../shared/eval/events/wikievents
    """
    scores = evaluate_events(Path(data), limit=limit, settings=_settings(model))
    click.echo(json.dumps(scores, indent=2))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
)
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="File to write (- for stdout).",
)
def export(fmt: str, db: str, output: str) -> None:
    """Write the stored events: JSON Lines (one event a line, with its article), an
    ACLED-style CSV, or a GeoJSON FeatureCollection of the events that have a place.

    Example: eventwire export --format csv --db war.db -o events.csv
    """
    if not Path(db).is_file():
        raise StoreError(f"{db}: no such database (run `eventwire ingest` first)")
    with open_store(db) as store, click.open_file(output, "w", encoding="utf-8") as out:
        count = export_events(store.articles(), fmt, out)
    click.echo(f"{count} events -> {output if output != '-' else 'stdout'}", err=True)


@main.group()
def gazetteer() -> None:
    """Add places to the embedded gazetteer (GeoNames dumps, your own lists)."""


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def gazetteer_import(file: str) -> None:
    """Load a GeoNames dump you downloaded: allCountries.zip, a country file (SY.zip or
    SY.txt) or alternateNamesV2.zip, so villages and neighbourhoods become places.

    Example: eventwire gazetteer import SY.zip
    """
    count = import_geonames(Path(file))
    click.echo(f"{count} rows loaded from {file}", err=True)


@gazetteer.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def gazetteer_add(file: str) -> None:
    """Load your own places from a CSV with columns name, aliases, lat, lon, parent,
    kind (aliases separated by | or ;).

    Example: eventwire gazetteer add camps.csv
    """
    count = add_places(Path(file))
    click.echo(f"{count} places added from {file}", err=True)


@main.command()
def stages() -> None:
    """List the default pipeline's stages with what each requires and assigns."""
    for name in Pipeline().names:
        stage = REGISTRY[name]
        click.echo(f"{name}")
        click.echo(f"  requires: {', '.join(stage.requires) or '-'}")
        click.echo(f"  assigns:  {', '.join(stage.assigns) or '-'}")
        if stage.spacy_components:
            click.echo(f"  spaCy:    {', '.join(stage.spacy_components)}")
