"""The `eventwire` command: thin commands over the library.

Every command is one library call plus presentation; an EventwireError becomes one line on
stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from eventwire import (
    Article,
    EventwireError,
    Failure,
    Pipeline,
    Settings,
    as_record,
    default_db,
    iter_files,
    open_store,
    read_path,
    read_stdin,
    render,
)
from eventwire.errors import InputError, StoreError
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
published_option = click.option(
    "--published",
    default=None,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) to use when the report itself gives none.",
)


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
@published_option
@model_option
def extract(file: str, fmt: str, published: str | None, model: str | None) -> None:
    """Read one report and print its record; no database needed.

    Example: eventwire extract report.txt --format json
    """
    article = read_stdin(published) if file == "-" else read_path(file, published)
    result = Pipeline(settings=_settings(model)).run(article)
    if isinstance(result, Failure):
        raise EventwireError(str(result))
    if fmt == "report":
        click.echo(render(result), nl=False)
    else:
        indent = 2 if fmt == "json" else None
        click.echo(json.dumps(as_record(result), ensure_ascii=False, indent=indent))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@published_option
@model_option
def ingest(paths: Sequence[str], db: str, published: str | None, model: str | None) -> None:
    """Read reports (files or folders, recursively) and store their records.

    A file that cannot be read is reported in one line and skipped; the others are
    stored. Storing a report that is already there changes nothing. Exits with status 1
    when any file failed.

    Example: eventwire ingest reports/ --db conflict.db
    """
    files = list(iter_files(paths))
    failures: list[str] = []
    new = old = 0
    pipeline = Pipeline(settings=_settings(model))
    with open_store(db) as store, tqdm(total=len(files), unit="article", file=sys.stderr) as bar:

        def readable() -> Iterator[Article]:
            for path in files:
                try:
                    yield read_path(path, published)
                except InputError as error:
                    failures.append(str(error))
                    tqdm.write(f"error: {error}", file=sys.stderr)
                    bar.update()

        batch: list[Article] = []
        for result in pipeline.pipe(readable()):
            bar.update()
            if isinstance(result, Failure):
                failures.append(str(result))
                tqdm.write(f"error: {result}", file=sys.stderr)
                continue
            result.doc = None
            batch.append(result)
            if len(batch) >= pipeline.settings.batch_size:
                added = store.add_many(batch)
                new, old, batch = new + sum(added), old + added.count(False), []
        added = store.add_many(batch)
        new, old = new + sum(added), old + added.count(False)
    click.echo(f"{new} new, {old} already stored, {len(failures)} failed -> {db}", err=True)
    if failures:
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
