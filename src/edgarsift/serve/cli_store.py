"""Store commands (ingest, query, search, export): registered on the main app by cli.py. Issue 5."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
