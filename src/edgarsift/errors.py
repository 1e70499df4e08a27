"""One error vocabulary for the whole package.

The library raises these; only the edges (``serve/cli.py``, ``serve/api.py``) turn them into exit codes
or HTTP statuses. Every error names the file it is about, so a batch can report it in one line.
"""
from __future__ import annotations


class EdgarsiftError(Exception):
    """Root of every error edgarsift raises on purpose."""

    def __init__(self, reason: str, source: str | None = None):
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)


class ReadError(EdgarsiftError, ValueError):
    """The bytes could not be read as a filing (empty, binary, truncated, too large, …)."""


class ClassifyError(EdgarsiftError, ValueError):
    """The form type could not be told (normally a result, ``UNKNOWN``, not an error)."""


class ExtractError(EdgarsiftError, RuntimeError):
    """An extractor failed on a filing it accepted."""


class StoreError(EdgarsiftError, RuntimeError):
    """The store could not be opened, migrated or written."""
