"""Stores: DuckDB (embedded default), PostgreSQL (shared server), Parquet/CSV/JSONL export.

(Being built under issue 5; ``base.py`` holds the contract every backend fulfils.)
"""
from .base import Failure, FilingQuery, FilingRow, Store

__all__ = ["Failure", "FilingQuery", "FilingRow", "Store"]
