"""One error vocabulary for the whole package.

The library raises these; only the edges (the CLI commands in ``serve/cli*.py``, the API in ``serve/api.py``)
turn them into exit codes or HTTP statuses, and each class says which: ``exit_code`` and ``http_status``.
Every error names the file it is about, so a batch can report it in one line.
"""
from __future__ import annotations


class EdgarsiftError(Exception):
    """Root of every error edgarsift raises on purpose."""

    http_status = 422  # the request named something that cannot be done with what it gave
    exit_code = 1

    def __init__(self, reason: str, source: str | None = None):
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)

    def __reduce__(self):
        # pickled whole (reason, source and any attribute of a subclass): errors travel back from workers
        return (type(self), (self.reason, self.source), self.__dict__)


class ReadError(EdgarsiftError, ValueError):
    """The bytes could not be read as a filing (empty, binary, truncated, too large, …)."""


class ClassifyError(EdgarsiftError, ValueError):
    """The form type could not be told (normally a result, ``UNKNOWN``, not an error)."""


class ExtractError(EdgarsiftError, RuntimeError):
    """An extractor failed on a filing it accepted: a defect of edgarsift, not of the request."""

    http_status = 500


class ExtractionTimeout(EdgarsiftError):
    """The extraction did not finish within the per-request limit (the API's worker processes)."""

    http_status = 408


class StoreError(EdgarsiftError, RuntimeError):
    """The store could not be opened, migrated or written."""

    http_status = 503
