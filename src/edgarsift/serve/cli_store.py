"""Store commands (ingest, query, search, export): registered on the main app by cli.py."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import EdgarsiftError
from .cli_common import (CSV_OPT, DB_OPTION, EXIT_USAGE, JSON_OPT, TSV_OPT, err, fail, fail_on, open_db,
                         output_format, print_rows, set_ocr)
from .output import Format


def _summary_table(summary) -> Table:
    t = Table("", "filings", title="ingest summary")
    for form, n in sorted(summary.by_form.items(), key=lambda kv: (-kv[1], kv[0])):
        t.add_row(form, str(n))
    t.add_section()
    t.add_row("written", str(summary.written))
    t.add_row("skipped (unchanged)", str(summary.skipped))
    t.add_row("[red]failed[/red]" if summary.failed else "failed", str(summary.failed))
    for sev in ("error", "warning", "ok"):
        t.add_row(f"findings: {sev}", str(summary.findings_by_severity.get(sev, 0)))
    t.add_row("filings/s", f"{summary.rate:.1f}")
    return t


def ingest(
    paths: list[Path] = typer.Argument(..., help="Filings, directories, .zip/.tar.gz archives."),
    db: Optional[str] = DB_OPTION,
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Extraction processes."),
    executor: str = typer.Option("local", "--executor", help="local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786); "
                                            "without it --executor dask starts a local cluster."),
    force: bool = typer.Option(False, "--force", help="Re-extract files already stored by this extractor version."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
    ocr: str = typer.Option("auto", "--ocr", help="PDF pages to OCR: auto (pages without a text layer), never, "
                            "always. The OCR text is stored as the filing's source."),
) -> None:
    """Extract every filing into the store. Unchanged files are skipped; re-running a killed ingest finishes it."""
    set_ocr(ocr)
    from ..batch import count_inputs
    from ..config import load_settings
    from ..store.ingest import ingest as run_ingest

    missing = [p for p in paths if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or directory")
    n_workers = workers or load_settings().workers
    store = open_db(db)
    total = count_inputs(paths)
    live = sys.stderr.isatty() and not quiet
    bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} filings/s  {task.fields[failed]} failed"),
                   TimeElapsedColumn(), console=err, transient=False) if live else None
    task = bar.add_task("ingest", total=total, rate=0.0, failed=0) if bar else None

    def progress(s) -> None:
        if bar is not None and task is not None:  # the task exists exactly when the bar does
            bar.update(task, completed=s.done, rate=s.rate, failed=s.failed)
        elif not quiet:  # logs and pipes get one line per commit instead of a bar
            print(f"committed {s.done}/{total if total is not None else '?'}: {s.written} written, "
                  f"{s.skipped} skipped, {s.failed} failed, {s.rate:.1f} filings/s", file=sys.stderr, flush=True)

    try:
        if bar:
            bar.start()
        summary = run_ingest(paths, store, workers=n_workers, executor=executor, scheduler=scheduler,
                             force=force, progress=progress)
    except EdgarsiftError as exc:
        fail_on(exc)
    except KeyboardInterrupt:
        fail("interrupted: committed filings are kept; run the same command again to finish", 130)
    finally:
        if bar:
            bar.stop()
        store.close()
    if not quiet:
        err.print(_summary_table(summary))
        for f in summary.failures[:10]:
            err.print(f"[red]failed[/red]: {f.reason}", highlight=False, soft_wrap=True)
        if summary.failed > 10:
            err.print(f"… and {summary.failed - 10} more: edgarsift query \"SELECT path, error FROM filings "
                      "WHERE status = 'failed'\"", highlight=False, soft_wrap=True)
    if summary.seen and summary.written + summary.skipped == 0:
        raise typer.Exit(1)


def query(
    sql: str = typer.Argument(..., help="One read-only SELECT statement."),
    db: Optional[str] = DB_OPTION,
    as_json: bool = JSON_OPT,
    as_csv: bool = CSV_OPT,
    as_tsv: bool = TSV_OPT,
) -> None:
    """Run a read-only SQL query against the store (tables: filings, reporting_persons, offerings, …)."""
    fmt = output_format(as_csv, as_tsv, as_json)
    store = open_db(db, read_only=True)
    try:
        cols, rows = store.query(sql)
    except EdgarsiftError as exc:
        fail_on(exc)
    finally:
        store.close()
    print_rows(cols, rows, as_json, fmt=fmt)


def search(
    cusip: Optional[str] = typer.Option(None, "--cusip"),
    issuer: Optional[str] = typer.Option(None, "--issuer", help="Substring of the issuer / broker-dealer name."),
    person: Optional[str] = typer.Option(None, "--person", help="Substring of a reporting or related person."),
    form: Optional[str] = typer.Option(None, "--form", help="A form and its variants: 13D (SC 13D, SC 13D/A, "
                                       "SCHEDULE 13D), 'SC 13G/A' (amendments only), D, X-17A-5, or a family: "
                                       "schedule13, form_d, x17a5."),
    severity: Optional[str] = typer.Option(None, "--severity", help="Filings whose checks found at least this: "
                                           "warning (warnings or errors) or error."),
    persons: bool = typer.Option(False, "--persons", help="List the 13D/G reporting persons (issuer and CUSIP "
                                 "beside each) of the filings found, one per row."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many rows (default 50; with "
                                        "--persons and --csv/--tsv/--json: all)."),
    db: Optional[str] = DB_OPTION,
    as_json: bool = JSON_OPT,
    as_csv: bool = CSV_OPT,
    as_tsv: bool = TSV_OPT,
) -> None:
    """Find filings; with --cusip (or --person, or --persons) the 13D/G reporting persons are listed one per row."""
    from ..store import FilingQuery

    fmt = output_format(as_csv, as_tsv, as_json)
    store = open_db(db, read_only=True)
    try:
        if persons or ((cusip or person) and form is None and severity is None):
            if severity is not None:
                fail("--severity selects filings; it cannot be combined with --persons", EXIT_USAGE)
            whole = persons and limit is None and fmt is not Format.table  # a file of every person
            rows = store.persons(cusip=cusip, issuer=issuer, person=person, form_type=form,
                                 limit=None if whole else (limit or 50))
            if rows or persons:
                cols = ["filing_id", "form_type", "filing_date", "issuer_name", "issuer_cusip", "name",
                        "aggregate_amount", "percent_of_class", "sole_voting_power", "shared_voting_power"]
                print_rows(cols, [[r.get(c) for c in cols] for r in rows], as_json, "reporting persons", fmt,
                            json_value=rows)
                return
        q = FilingQuery(form_type=form, issuer=issuer, cusip=cusip, person=person, severity=severity,
                        limit=limit or 50)
        found, total = store.search_filings(q)
    except EdgarsiftError as exc:
        fail_on(exc)
    finally:
        store.close()
    cols = ["id", "form_type", "filing_date", "issuer_name", "status", "worst_severity", "path"]
    print_rows(cols, [[getattr(f, c) for c in cols] for f in found], as_json, f"{total} filings", fmt,
                json_value={"total": total, "filings": [{c: getattr(f, c) for c in cols} | f.extra for f in found]})


def export(
    out_dir: Path = typer.Option(..., "--out", help="Directory to write into."),
    fmt: str = typer.Option("parquet", "--format", help="parquet, csv or jsonl."),
    db: Optional[str] = DB_OPTION,
    with_bodies: bool = typer.Option(False, "--with-bodies", help="Include record JSON and source text."),
    tables: Optional[list[str]] = typer.Option(None, "--table", help="Only this table (repeat for more): filings, "
                                               "reporting_persons, offerings, line_items, findings, …"),
) -> None:
    """Write every table, or those named with --table (Parquet: one dataset directory per table; CSV: one file
    per table, list columns such as source_of_funds as ';'-joined text)."""
    from ..store.export import export as run_export
    from ..store.schema import USER_TABLES

    unknown = [t for t in tables or [] if t not in USER_TABLES]
    if unknown:
        fail(f"--table: unknown table {unknown[0]!r}; choose from {', '.join(USER_TABLES)}", EXIT_USAGE)
    store = open_db(db, read_only=True)
    try:
        counts = run_export(store, out_dir, fmt, tables=tables or None, with_bodies=with_bodies)
    except EdgarsiftError as exc:
        fail_on(exc)
    finally:
        store.close()
    print_rows(["table", "rows"], sorted(counts.items()), False, f"exported to {out_dir}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(ingest)
    app.command()(query)
    app.command()(search)
    app.command()(export)
