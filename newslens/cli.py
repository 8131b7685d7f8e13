"""The `newslens` command: a thin layer over the library (ingest, info, export, serve)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from newslens import __version__, fulltext, settings
from newslens.columns import ColumnError, parse_mapping
from newslens.distributed import DaskUnavailable
from newslens.export.output import OutputError
from newslens.export.tables import FORMATS, QUERIES, ExportError, export
from newslens.ingest import IngestReport, ingest
from newslens.queries.summary import summarise
from newslens.records import printable
from newslens.store.connection import upgrade, writing
from newslens.store.curation import CurationError, merge_entities, rename_entity
from newslens.store.derived import rebuild
from newslens.store.faults import FaultKind, StoreError, classify, fault

app = typer.Typer(help="newslens: load news articles into a store and export what it holds.",
                  no_args_is_help=True, add_completion=False)
entity_app = typer.Typer(help="Correct entities: merge two into one, or rename one.",
                         no_args_is_help=True)
app.add_typer(entity_app, name="entity")


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"newslens {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit")] = False) -> None:
    """newslens: load news articles into a store and export what it holds."""

#: The export command's choices, as the export module names them (click lists them in --help
#: and refuses anything else before a store is opened); built from its names, which a type
#: checker cannot enumerate.
Table = Enum("Table", {name: name for name in QUERIES}, type=str)  # type: ignore[misc]
Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
_SHOWN_ISSUES = 50
DbOption = Annotated[Path | None, typer.Option("--db", help="Store file (default: NEWSLENS_DB, "
                                               "else the `db` setting)")]


def _db(db: Path | None) -> Path:
    return db or Path(settings.get("db"))


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {printable(message)}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=code)


@contextmanager
def _store_faults(db: Path | None) -> Iterator[None]:
    """A store fault met inside ends the command with its message and the kind's exit status
    (docs/reliability.md lists them); anything else is a bug and keeps its traceback."""
    try:
        yield
    except (StoreError, OSError, UnicodeError) as exc:
        known = classify(exc, _db(db))
        if known is None:
            raise
        raise _fail(str(known), known.kind.exit_code) from exc


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or .zip archives")],
    db: DbOption = None,
    map_: Annotated[str | None, typer.Option("--map", help="Column mapping, e.g. "
                                             "title=Headline,text=Body")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Cleaning "
                                                "processes (default: all cores)")] = None,
    dask: Annotated[str | None, typer.Option("--dask", help="Clean and extract on a Dask "
                                             "cluster: tcp://HOST:8786, or 'local' to start "
                                             "one with --workers processes")] = None,
) -> None:
    """Read, clean and store articles; print a report of what went in and what was skipped."""
    try:
        mapping = parse_mapping(map_)
    except ColumnError as exc:
        raise _fail(str(exc)) from exc
    with tqdm(unit=" articles", disable=quiet, desc="ingest") as bar, _store_faults(db):
        try:
            report = ingest(paths, _db(db), mapping, workers=workers, dask=dask,
                            on_progress=lambda n: bar.update(n - bar.n))
        except DaskUnavailable as exc:
            raise _fail(str(exc)) from exc
    _print_report(report, _db(db))
    if report.nothing_read:
        raise typer.Exit(code=1)


def _print_report(report: IngestReport, db: Path) -> None:
    typer.echo(f"ingest #{report.ingest_id} into {db}")
    typer.echo(f"  files read   {report.files:>10,}")
    typer.echo(f"  records      {report.records:>10,}")
    typer.echo(f"  added        {report.added:>10,}")
    typer.echo(f"  duplicates   {report.duplicates:>10,}")
    typer.echo(f"  skipped      {report.skipped:>10,}")
    for severity in ("warning", "info"):
        count = sum(1 for issue in report.issues if issue.severity == severity)
        typer.echo(f"  {severity + 's':<12} {count:>10,}")
    for issue in report.issues[:_SHOWN_ISSUES]:
        typer.echo(f"  {issue.severity:<8} {issue}", err=True)
    if len(report.issues) > _SHOWN_ISSUES:
        typer.echo(f"  … and {len(report.issues) - _SHOWN_ISSUES:,} more: "
                   "'newslens export issues' lists them all", err=True)


@app.command("index")
def index_command(db: DbOption = None) -> None:
    """Bring the full-text index up to date with the store (each ingest does it too)."""
    # for an index that was deleted, or a store written before the index existed
    with _store_faults(db):
        _existing(db)
        try:
            upgrade(_db(db))  # a store from an older newslens is migrated first, as at ingest
            added = fulltext.catch_up(_db(db), strict=True)
        except fulltext.FullTextError as exc:
            raise _fail(str(exc)) from exc
    typer.echo(f"indexed {added:,} articles; {fulltext.index_folder(_db(db))} is up to date")


@app.command("rebuild")
def rebuild_command(db: DbOption = None) -> None:
    """Count every table derived from mentions again (entity articles, stats, pairs)."""
    # repairs stores whose derived tables an old bug left empty (see CHANGELOG)
    with _store_faults(db):
        _existing(db)
        upgrade(_db(db))
        with writing(_db(db)) as con:
            rebuild(con)
            entities, pairs = con.execute("SELECT (SELECT count(*) FROM entity_stats), "
                                          "(SELECT count(*) FROM entity_pairs)").fetchall()[0]
    typer.echo(f"recounted {entities:,} entities and {pairs:,} pairs (from either side)")


@app.command("upgrade")
def upgrade_command(db: DbOption = None) -> None:
    """Migrate a store written by an older newslens to this one's schema (ingest does it too)."""
    with _store_faults(db):
        _existing(db)
        upgrade(_db(db))
    typer.echo(f"{_db(db)} is up to date")


def _existing(db: Path | None) -> None:
    """Commands that change a store do not create one."""
    if not _db(db).exists():
        raise fault(FaultKind.MISSING, f"no store at {_db(db)}")


@app.command("serve")
def serve_command(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on")] = 8501,
    db: DbOption = None,
) -> None:
    """Run the dashboard (Streamlit) on the store; a new store starts with the demo corpus."""
    spec = find_spec("newslens_dashboard")
    folders = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    folder = next((f for f in folders if (f / "app.py").is_file()), None)
    if folder is None:
        raise _fail("the dashboard is not installed with this newslens; reinstall the package")
    env = {**os.environ, "NEWSLENS_DB": str(_db(db).resolve())}
    # Streamlit reads .streamlit/config.toml from the working directory: run in the app's folder
    command = [sys.executable, "-m", "streamlit", "run", str(folder / "app.py"),
               "--server.port", str(port)]
    try:
        raise typer.Exit(subprocess.call(command, cwd=folder, env=env))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


@app.command("info")
def info_command(db: DbOption = None) -> None:
    """Show what the store holds."""
    with _store_faults(db):
        summary = summarise(_db(db))
    for name, value in vars(summary).items():
        typer.echo(f"{name:<16} {value}")


@app.command("export")
def export_command(
    table: Annotated[Table, typer.Argument(help="The table to export")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="The file format")]
    = Format.jsonl,  # type: ignore[attr-defined]
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: "
                                                "stdout)")] = None,
    db: DbOption = None,
) -> None:
    """Export a table of the store."""
    with _store_faults(db):
        try:
            count = export(_db(db), table.value, fmt.value, output)
        except ExportError as exc:
            raise _fail(str(exc)) from exc
        except OutputError as exc:
            raise _fail(str(exc), exc.kind.exit_code) from exc
    if output is not None:
        typer.echo(f"wrote {count:,} rows to {output}", err=True)


@entity_app.command("merge")
def merge_command(
    source: Annotated[str, typer.Argument(help="Entity id to merge away, e.g. person:v-putin")],
    target: Annotated[str, typer.Argument(help="Entity id it becomes part of")],
    db: DbOption = None,
) -> None:
    """Merge SOURCE into TARGET, now and in every later ingest."""
    _curate(db, lambda: merge_entities(_db(db), source, target),
            f"merged {source} into {target}")


@entity_app.command("rename")
def rename_command(
    entity: Annotated[str, typer.Argument(help="Entity id, e.g. person:hossein-dehqan")],
    name: Annotated[str, typer.Argument(help="The new display name")],
    db: DbOption = None,
) -> None:
    """Rename an entity, now and in every later ingest."""
    _curate(db, lambda: rename_entity(_db(db), entity, name), f"renamed {entity} to {name}")


def _curate(db: Path | None, action: Callable[[], None], done: str) -> None:
    with _store_faults(db):
        _existing(db)
        try:
            action()
        except CurationError as exc:
            raise _fail(str(exc)) from exc
    typer.echo(printable(done))
