"""Stores: DuckDB (embedded default), PostgreSQL (shared server), Parquet/CSV/JSONL export.

``open_store(url)`` picks the backend from the URL: ``postgresql://…``/``postgres://…`` is PostgreSQL,
anything else is a DuckDB file path. ``base.py`` holds the contract every backend fulfils.
"""
from __future__ import annotations

from .base import Failure, FilingQuery, FilingRow, Store
from .sql import SqlStore

__all__ = ["Failure", "FilingQuery", "FilingRow", "SqlStore", "Store", "is_postgres", "open_store"]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str | None = None, read_only: bool = False, migrate: bool = True) -> SqlStore:
    """Open (and, when writable, create/migrate) the store at ``url`` (default: the ``db`` setting)."""
    from ..config import load_settings

    url = url or load_settings().db
    if is_postgres(url):
        from .postgres_store import PostgresStore

        store: SqlStore = PostgresStore(url, read_only=read_only)
    else:
        from .duckdb_store import DuckDBStore

        store = DuckDBStore(url, read_only=read_only)
    if migrate and not read_only:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store
