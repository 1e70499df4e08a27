"""DuckDB backend: one file, nothing to set up (the default, ``./edgarsift.duckdb``).

DuckDB allows one writing process per file; readers (``query``, ``search``, ``export``) open it read-only.
Bulk rows go in as an Arrow table scanned by an ``INSERT … SELECT`` (DuckDB's row-at-a-time executemany is
orders of magnitude slower).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb
import pyarrow as pa

from ..errors import StoreError
from .schema import TableSpec
from .sql import SqlStore, q

ARROW_TYPES = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "text": pa.string(),
               "json": pa.string(), "blob": pa.binary()}
READONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
ROW_GROUP_SIZE = 2048  # rows per row group of the store's tables (DuckDB's smallest; see DuckDBStore.__init__)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def arrow_schema(spec: TableSpec, columns: list[str] | None = None) -> pa.Schema:
    types = {c.name: ARROW_TYPES[c.type] for c in spec.columns}
    return pa.schema([(n, types[n]) for n in (columns or spec.column_names)])


class DuckDBStore(SqlStore):
    TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "text": "VARCHAR", "json": "VARCHAR",
             "blob": "BLOB"}
    DB_ERRORS = (duckdb.Error,)

    def __init__(self, path: str, read_only: bool = False, memory_limit: str = "1GB"):
        self.url = path
        self.read_only = read_only
        if read_only and path != ":memory:" and not Path(path).exists():
            raise StoreError("no store here yet: run `edgarsift ingest` first", path)
        try:
            # SELECTs (edgarsift query, the API) must not read other files; the single writer needs one
            # thread (the cores belong to the extraction workers), readers may use them all.
            config: dict[str, Any] = {"memory_limit": memory_limit}
            if not read_only:
                config["threads"] = 1
                # Fewer, larger checkpoints than the default 16 MB of WAL (each has a fixed cost: 2,000 filings
                # ingest in 8.1 s instead of 8.7 s on one core); commits stay durable (the WAL is replayed on open
                # after a kill -9). Data not yet checkpointed stays in memory, so memory_limit must stay well
                # above this threshold.
                config["checkpoint_threshold"] = "256MB"
            self.con = duckdb.connect(":memory:", config=config)
            # The store is attached rather than opened so its row groups can be small: a checkpoint rewrites
            # the last, partly filled row group whole, and with DuckDB's default (122,880 rows of ~100 KB
            # source texts) each checkpoint rewrote everything stored so far (quadratic in the store's size).
            options = "READ_ONLY" if read_only else f"ROW_GROUP_SIZE {ROW_GROUP_SIZE}"
            self.con.execute(f"ATTACH {_sql_string(path)} AS store ({options})")
            self.con.execute("USE store")
            self.con.execute("SET enable_external_access = false")  # only now: attaching needed it
        except duckdb.IOException as exc:
            msg = str(exc).splitlines()[0]
            if "lock" in msg.lower():
                msg = "the database is in use by another process (an ingest running?)"
            raise StoreError(f"cannot open DuckDB store: {msg}", path) from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open DuckDB store: {str(exc).splitlines()[0]}", path) from None
        self._in_tx = False
        self._lock = threading.RLock()

    def _coltype(self, spec: TableSpec, name: str, ctype: str) -> str:
        if ctype == "blob":  # compressed already (the source text): DuckDB's compressors would gain nothing
            return f"{self.TYPES[ctype]} USING COMPRESSION uncompressed"
        return super()._coltype(spec, name, ctype)

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return self.con.execute(sql, list(params))

    def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()

    def _columns(self, table: str) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
            "AND table_schema = current_schema() AND table_name = ?", [table]).fetchall()}

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            yield from self._transaction_locked()

    def _transaction_locked(self) -> Iterator[None]:
        if self._in_tx:  # nested use joins the outer transaction
            yield
            return
        self.con.begin()
        self._in_tx = True
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        else:
            self.con.commit()
        finally:
            self._in_tx = False
        self._lock = threading.RLock()

    def _insert_rows(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        cols = spec.column_names
        batch = pa.Table.from_pylist(rows, schema=arrow_schema(spec))
        self.con.register("_edgarsift_batch", batch)
        try:
            names = ", ".join(q(c) for c in cols)
            self.con.execute(f"INSERT INTO {q(spec.name)} ({names}) SELECT {names} FROM _edgarsift_batch")
        finally:
            self.con.unregister("_edgarsift_batch")

    def _stream(self, sql: str, page: int) -> Iterator[list[tuple]]:
        cur = self.con.cursor()  # its own cursor: the store stays usable while the export reads
        try:
            cur.execute("USE store")  # a cursor starts in the connection's default (in-memory) catalog
            cur.execute(sql)
            while rows := cur.fetchmany(page):
                yield rows
        finally:
            cur.close()

    def _next_ids(self, n: int) -> list[int]:
        return [r[0] for r in self.con.execute("SELECT nextval('filings_id_seq') FROM range(?)", [n]).fetchall()]

    def _readonly_query(self, sql: str, params: list[Any] | None) -> tuple[list[str], list[tuple]]:
        try:
            statements = self.con.extract_statements(sql)
        except duckdb.Error as exc:
            raise StoreError(f"query: {str(exc).splitlines()[0]}") from None
        if len(statements) != 1 or statements[0].type not in READONLY_STATEMENTS:
            raise StoreError("query: only a single read-only SELECT statement is allowed")
        try:
            cur = self.con.execute(sql, params or [])
            cols = [d[0] for d in cur.description or []]
            return cols, cur.fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"query: {str(exc).splitlines()[0]}") from None

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        """A SELECT's result as an Arrow table (used by export and the Python frames)."""
        return self.con.execute(sql, params or []).to_arrow_table()

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass
