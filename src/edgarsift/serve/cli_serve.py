"""Service commands (serve, token): registered on the main app by cli.py. Issue 6."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Optional

import typer

from ..errors import EdgarsiftError

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"  # bundled with a source checkout


def _fail(msg: str) -> None:
    from .cli import _fail as fail

    fail(msg)


def open_configured_store(db: str | None, shared: bool = False):
    """The store at ``db`` (default: the ``db`` setting), migrated; a clear one-line error otherwise.
    ``shared``: for a long-lived process, a DuckDB file is held only while it is used (other processes get in
    between: see ``SharedDuckDB``)."""
    from ..config import load_settings

    url = db or load_settings().db
    try:
        from ..store import is_postgres, open_store  # type: ignore[attr-defined]
    except ImportError:
        _fail("no store backend is installed in this build (edgarsift.store.open_store is missing)")
    try:
        if shared and not is_postgres(url):
            from ..store.duckdb_store import SharedDuckDB

            return SharedDuckDB(url)  # migrated on its first open
        store = open_store(url)
        store.migrate()
    except EdgarsiftError as exc:
        _fail(str(exc))
    return store


def load_examples(store, folder: Path = EXAMPLES) -> int:
    """Extract and store the bundled example filings, so a fresh service has something to show."""
    from ..batch import iter_filings
    from ..pipeline import extract_document
    from ..read import read

    items = []
    for path in iter_filings([folder]) if folder.is_dir() else []:
        try:
            doc = read(path)
            items.append((extract_document(doc), doc.raw))
        except EdgarsiftError as exc:
            typer.echo(f"warning: {exc}", err=True)
    return len(store.put_records(items)) if items else 0


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    token_app = typer.Typer(no_args_is_help=True, help="Bearer tokens for the REST API (stored hashed).")
    app.add_typer(token_app, name="token")

    @app.command()
    def serve(
        db: Optional[str] = typer.Option(None, "--db", help="Store URL: a DuckDB path or postgresql://… "
                                         "(default: the db setting, EDGARSIFT_DB)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
        port: int = typer.Option(8000, "--port", min=1, max=65535),
        public_read: bool = typer.Option(False, "--public-read",
                                         help="Let anyone read filings; writes still need a token."),
        workers: int = typer.Option(1, "--extract-workers", min=1, help="Extraction worker processes."),
        examples: bool = typer.Option(True, "--examples/--no-examples",
                                      help="Load the bundled example filings into an empty store."),
    ) -> None:
        """Run the REST API and the review page (http://HOST:PORT/, OpenAPI spec at /openapi.json)."""
        import uvicorn

        from ..store.base import FilingQuery
        from .api import create_app

        store = open_configured_store(db, shared=True)
        if examples and store.search_filings(FilingQuery(limit=1))[1] == 0:
            n = load_examples(store)
            typer.echo(f"loaded {n} example filings from {EXAMPLES}")
        login_secret = None if public_read else secrets.token_urlsafe(24)
        app_ = create_app(store, public_read=public_read, login_secret=login_secret, workers=workers,
                          prestart_workers=True)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        if login_secret:
            typer.echo(f"open http://{shown}:{port}/login/{login_secret}  (this link works until the service stops; "
                       "API clients use a token from `edgarsift token create`)")
        else:
            typer.echo(f"open http://{shown}:{port}/  (reads are public; writes need a token)")
        try:
            uvicorn.run(app_, host=host, port=port, log_level="info")
        finally:
            store.close()

    @token_app.command("create")
    def token_create(name: str = typer.Argument(..., help="Who or what the token is for."),
                     db: Optional[str] = typer.Option(None, "--db", help="Store URL (default: the db setting).")) -> None:
        """Create a token; its secret is shown once (the store keeps only its SHA-256 hash)."""
        store = open_configured_store(db)
        try:
            token_id, secret = store.create_token(name)
        finally:
            store.close()
        typer.echo(f"token {token_id} for {name!r}: {secret}")
        typer.echo("use it as  Authorization: Bearer <token>; it cannot be shown again", err=True)

    @token_app.command("list")
    def token_list(db: Optional[str] = typer.Option(None, "--db", help="Store URL (default: the db setting)."),
                   as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
        """List tokens: id, name, when created, whether revoked (secrets are never stored, so never shown)."""
        from .cli_store import _print_rows

        store = open_configured_store(db)
        try:
            tokens = store.list_tokens()
        finally:
            store.close()
        cols = ["id", "name", "created_at", "revoked"]
        _print_rows(cols, [[t[c] for c in cols] for t in tokens], as_json, f"{len(tokens)} tokens",
                    json_value=tokens)

    @token_app.command("revoke")
    def token_revoke(token_id: int = typer.Argument(..., help="The id `token create` printed."),
                     db: Optional[str] = typer.Option(None, "--db", help="Store URL (default: the db setting).")) -> None:
        """Revoke a token by its id."""
        store = open_configured_store(db)
        try:
            ok = store.revoke_token(token_id)
        finally:
            store.close()
        if not ok:
            _fail(f"no token with id {token_id}")
        typer.echo(f"token {token_id} revoked")
