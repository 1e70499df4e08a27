"""Service commands (serve, token): registered on the main app by cli.py. Issue 6."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
