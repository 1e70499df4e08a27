"""Service commands (serve, token): registered on the main app by cli.py."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..batch import extract_bytes, iter_filings
from .cli_common import DB_OPTION, fail, open_db, print_rows

if TYPE_CHECKING:
    from ..store.base import Store

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"  # bundled with a source checkout


def load_examples(store: "Store", folder: Path = EXAMPLES) -> int:
    """Extract and store the bundled example filings, so a fresh service has something to show."""
    items = []
    for path in iter_filings([folder]) if folder.is_dir() else []:
        result = extract_bytes(str(path))
        if result.record is None:
            typer.echo(f"warning: {result.error}", err=True)
        else:
            items.append((result.record, result.source_text or ""))
    return len(store.put_records(items)) if items else 0


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    token_app = typer.Typer(no_args_is_help=True, help="Bearer tokens for the REST API (stored hashed).")
    app.add_typer(token_app, name="token")

    @app.command()
    def serve(
        db: Optional[str] = DB_OPTION,
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

        store = open_db(db, shared=True)
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
                     db: Optional[str] = DB_OPTION) -> None:
        """Create a token; its secret is shown once (the store keeps only its SHA-256 hash)."""
        store = open_db(db)
        try:
            token_id, secret = store.create_token(name)
        finally:
            store.close()
        typer.echo(f"token {token_id} for {name!r}: {secret}")
        typer.echo("use it as  Authorization: Bearer <token>; it cannot be shown again", err=True)

    @token_app.command("list")
    def token_list(db: Optional[str] = DB_OPTION,
                   as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
        """List tokens: id, name, when created, whether revoked (secrets are never stored, so never shown)."""
        store = open_db(db)
        try:
            tokens = store.list_tokens()
        finally:
            store.close()
        cols = ["id", "name", "created_at", "revoked"]
        print_rows(cols, [[t[c] for c in cols] for t in tokens], as_json, f"{len(tokens)} tokens",
                    json_value=tokens)

    @token_app.command("revoke")
    def token_revoke(token_id: int = typer.Argument(..., help="The id `token create` printed."),
                     db: Optional[str] = DB_OPTION) -> None:
        """Revoke a token by its id."""
        store = open_db(db)
        try:
            ok = store.revoke_token(token_id)
        finally:
            store.close()
        if not ok:
            fail(f"no token with id {token_id}")
        typer.echo(f"token {token_id} revoked")
