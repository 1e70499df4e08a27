"""What every command module shares: the consoles, the one way a command fails (a one-line message and the
error's exit code), the ``--db`` option and opening its store, ``--ocr``, and rows in the chosen format.

The command modules (cli.py, cli_store.py, cli_serve.py, cli_fetch.py) import this one and nothing of each
other's, so the command line has no import cycle."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NoReturn, Optional, overload

import typer
from rich.console import Console

from ..errors import EdgarsiftError
from .output import Format, emit_rows, pick_format

if TYPE_CHECKING:  # the store (DuckDB, pyarrow) is imported by the commands that open one, not by `extract`
    from ..store.base import Store
    from ..store.sql import SqlStore

out = Console()
err = Console(stderr=True)

EXIT_USAGE = 2  # a bad option value, as typer's own parse errors

DB_OPTION: Any = typer.Option(None, "--db", help="Store: a DuckDB file or postgresql:// URL (default: the "
                              "EDGARSIFT_DB setting, ./edgarsift.duckdb).")
CSV_OPT: Any = typer.Option(False, "--csv", help="CSV with a header row.")
TSV_OPT: Any = typer.Option(False, "--tsv", help="Tab-separated with a header row (the default when piped).")
JSON_OPT: Any = typer.Option(False, "--json", help="Machine-readable output.")


def fail(msg: str, code: int = 1) -> NoReturn:
    err.print(f"[red]error[/red]: {msg}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def fail_on(exc: EdgarsiftError) -> NoReturn:
    """The command's end for a library error: its message, and the exit code its class carries."""
    fail(str(exc), exc.exit_code)


@overload
def open_db(db: Optional[str], *, read_only: bool = False, shared: Literal[False] = False) -> SqlStore: ...


@overload  # a shared store is a proxy that answers the Store contract, not a SqlStore itself
def open_db(db: Optional[str], *, read_only: bool = False, shared: Literal[True]) -> Store: ...


def open_db(db: Optional[str], *, read_only: bool = False, shared: bool = False) -> Store:
    """The store at ``db`` (default: the ``db`` setting), migrated when writable; a one-line error otherwise.
    ``shared``: for a long-lived process, a DuckDB file is held only while it is used (other processes get in
    between: see ``SharedDuckDB``)."""
    from ..config import load_settings
    from ..store import is_postgres, open_store

    url = db or load_settings().db
    try:
        if shared and not is_postgres(url):
            from ..store.duckdb_store import SharedDuckDB

            # migrated on its first open; a proxy that opens a DuckDBStore per use
            return SharedDuckDB(url, read_only=read_only)
        return open_store(url, read_only=read_only)
    except EdgarsiftError as exc:
        fail_on(exc)


def set_ocr(mode: str) -> None:
    from ..read.ocr import set_ocr_mode

    try:
        set_ocr_mode(mode)
    except ValueError as exc:
        fail(f"--ocr: {exc}", EXIT_USAGE)


def output_format(as_csv: bool, as_tsv: bool, as_json: bool, piped: Format = Format.tsv) -> Format:
    try:
        return pick_format(as_csv, as_tsv, as_json, out, piped=piped)
    except typer.BadParameter as exc:
        fail(str(exc), EXIT_USAGE)


def print_rows(columns: list[str], rows: list[Any], as_json: bool, title: str | None = None,
               fmt: Format | None = None, json_value: Any = None) -> None:
    fmt = fmt or (Format.json if as_json else Format.table)
    emit_rows(columns, [list(r) for r in rows], fmt, out, title, json_value)
