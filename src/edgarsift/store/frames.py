"""``edgarsift.open(db)``: the store for notebooks. Every listing comes back as a ``pyarrow.Table``, which
``.to_pandas()``, ``polars.from_arrow(...)`` or DuckDB read without copying row by row.

    with edgarsift.open("edgarsift.duckdb") as ds:
        ds.persons(cusip="375175106").to_pandas()
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..records import Record
from .base import FilingQuery, Store
from .schema import ARROW_TYPES, TABLES, arrow_schema

_FILING_CONTEXT = [("filing_id", pa.int64()), ("form_type", pa.string()), ("filing_date", pa.string()),
                   ("issuer_name", pa.string()), ("issuer_cusip", pa.string()), ("path", pa.string())]


class Dataset:
    def __init__(self, store: Store):
        self.store = store

    def persons(self, cusip: str | None = None, issuer: str | None = None, person: str | None = None,
                limit: int | None = None) -> pa.Table:
        """13D/G reporting persons with their filing's issuer, CUSIP, form and date (code lists as lists)."""
        rows = self.store.persons(cusip=cusip, issuer=issuer, person=person, limit=limit)
        fields = list(_FILING_CONTEXT)
        json_cols = []
        for c in TABLES["reporting_persons"].columns[1:]:
            if c.type == "json":  # code lists and the like: let Arrow infer the list type
                json_cols.append(c.name)
            else:
                fields.append((c.name, ARROW_TYPES[c.type]))
        table = pa.Table.from_pylist(rows, schema=pa.schema(fields))
        for name in json_cols:
            table = table.append_column(name, pa.array([r.get(name) for r in rows]))
        return table

    def filings(self, **filters: Any) -> pa.Table:
        """Filings matching :class:`FilingQuery` filters (``form_type=``, ``issuer=``, ``cusip=``, …)."""
        filters.setdefault("limit", 1_000_000)
        found, _ = self.store.search_filings(FilingQuery(**filters))
        cols = self.store.table_columns("filings")
        rows = [{c: getattr(f, c, None) if c in f.__dataclass_fields__ else f.extra.get(c) for c in cols}
                for f in found]
        return pa.Table.from_pylist(rows, schema=arrow_schema(TABLES["filings"], cols))

    def table(self, name: str, limit: int | None = None) -> pa.Table:
        """One normalized table (``offerings``, ``line_items``, ``findings``, …)."""
        cols = self.store.table_columns(name)
        return pa.Table.from_pylist(self.store.table(name, limit=limit), schema=arrow_schema(TABLES[name], cols))

    def history(self, cusip: str | None = None, cik: str | None = None, holder: str | None = None) -> pa.Table:
        """Each holder's position filing after filing for an issuer (see store/history.py)."""
        from .history import history_table
        return history_table(self.store, cusip=cusip, cik=cik, holder=holder)

    def query(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        """A read-only SELECT (``?`` placeholders on both backends)."""
        cols, rows = self.store.query(sql, params)
        return pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})

    def record(self, filing_id: int) -> Record | None:
        return self.store.get_record(filing_id)

    def source(self, filing_id: int) -> str | None:
        return self.store.get_source(filing_id)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dataset(db: str | None = None, read_only: bool = True) -> Dataset:
    """Open the store at ``db`` (a DuckDB path or postgresql:// URL; default: the ``db`` setting)."""
    from . import open_store

    return Dataset(open_store(db, read_only=read_only))
