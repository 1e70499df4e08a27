"""DuckDB backend: one file, nothing to set up (the default, ``./edgarsift.duckdb``).

DuckDB allows one process per file while any of them writes, so no process holds the file longer than it
works on it: a locked file is waited for (``EDGARSIFT_DUCKDB_LOCK_WAIT_S``, default 10 s) and then named with
the process that holds it, and the long-lived users (``serve``, ``edgarsift.open()``) go through
:class:`SharedDuckDB`, which opens the file for each use and lets it go when idle. So ``query``, ``token
create`` or an ``ingest`` work while the server runs.
Bulk rows go in as an Arrow table scanned by an ``INSERT … SELECT`` (DuckDB's row-at-a-time executemany is
orders of magnitude slower).
"""
from __future__ import annotations

import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import GeneratorType
from typing import Any, Iterable, Iterator

import duckdb
import pyarrow as pa

from ..errors import StoreError
from .schema import TableSpec, arrow_schema
from .sql import SqlStore, q

READONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
ROW_GROUP_SIZE = 2048  # rows per row group of the store's tables (DuckDB's smallest; see DuckDBStore.__init__)
BULK_MEMORY_LIMIT = "96MB"  # the writer's DuckDB during an ingest (see DuckDBStore.bulk_writes)
BULK_CHECKPOINT_THRESHOLD = "32MB"
LOCK_RETRY_S = 0.05
IDLE_RELEASE_S = 0.5  # a long-lived user lets the file go after this long without a call (a page's calls share one open)
_LOCK_PID = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


def lock_wait_s() -> float:
    try:
        return max(0.0, float(os.environ.get("EDGARSIFT_DUCKDB_LOCK_WAIT_S", "10")))
    except ValueError:
        return 10.0


def lock_holder(message: str) -> str:
    """Who holds the lock, from DuckDB's message: "process 1234 (edgarsift serve --port 8000)"."""
    m = _LOCK_PID.search(message)
    if not m:
        return "another process"
    try:
        with open(f"/proc/{m['pid']}/cmdline", "rb") as fh:
            argv = [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        argv = [m["exe"]]
    # "python -m edgarsift …" or ".venv/bin/edgarsift …": name the command, not the interpreter
    for i, arg in enumerate(argv):
        if arg == "edgarsift" or arg.endswith("/edgarsift"):
            argv = ["edgarsift", *argv[i + 1:]]
            break
    return f"process {m['pid']} ({' '.join(argv)[:120]})"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class DuckDBStore(SqlStore):
    TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "text": "VARCHAR", "json": "VARCHAR",
             "blob": "BLOB"}
    DB_ERRORS = (duckdb.Error,)

    def __init__(self, path: str, read_only: bool = False, memory_limit: str = "1GB"):
        self.url = path
        self.read_only = read_only
        if read_only and path != ":memory:" and not Path(path).exists():
            raise StoreError("no store here yet: run `edgarsift ingest` first", path)
        deadline = time.monotonic() + lock_wait_s()
        while True:
            try:
                self._connect(path, read_only, memory_limit)
                break
            except duckdb.Error as exc:
                msg = str(exc).splitlines()[0]
                # another process's lock, or another connection of this process (only one may attach the file)
                in_use = isinstance(exc, duckdb.IOException) and "lock" in msg.lower() or "already attached" in msg
                if not in_use:
                    raise StoreError(f"cannot open DuckDB store: {msg}", path) from None
                if time.monotonic() >= deadline:
                    who = lock_holder(msg) if "PID" in msg else "another connection of this process"
                    raise StoreError(f"the store is in use by {who}; DuckDB lets one process in while "
                                     "any of them writes: try again when it is done", path) from None
                time.sleep(LOCK_RETRY_S)
        self._in_tx = False
        self._lock = threading.RLock()

    def _connect(self, path: str, read_only: bool, memory_limit: str) -> None:
        con: duckdb.DuckDBPyConnection | None = None
        try:
            # SELECTs (edgarsift query, the API) must not read other files; the single writer needs one
            # thread (the cores belong to the extraction workers), readers may use them all.
            config: dict[str, Any] = {"memory_limit": memory_limit}
            if not read_only:
                config["threads"] = 1
                if path != ":memory:":  # what spills past memory_limit goes beside the store (DuckDB's default
                    # for a database file), not into the working directory as for the in-memory main database
                    config["temp_directory"] = f"{path}.tmp"
                # Fewer, larger checkpoints than the default 16 MB of WAL (each has a fixed cost: 2,000 filings
                # ingest in 8.1 s instead of 8.7 s on one core); commits stay durable (the WAL is replayed on open
                # after a kill -9). Data not yet checkpointed stays in memory, so memory_limit must stay well
                # above this threshold.
                config["checkpoint_threshold"] = "256MB"
            con = duckdb.connect(":memory:", config=config)
            # The store is attached rather than opened so its row groups can be small: a checkpoint rewrites
            # the last, partly filled row group whole, and with DuckDB's default (122,880 rows of ~100 KB
            # source texts) each checkpoint rewrote everything stored so far (quadratic in the store's size).
            options = "READ_ONLY" if read_only else f"ROW_GROUP_SIZE {ROW_GROUP_SIZE}"
            con.execute(f"ATTACH {_sql_string(path)} AS store ({options})")
            con.execute("USE store")
            con.execute("SET enable_external_access = false")  # only now: attaching needed it
        except BaseException:
            if con is not None:
                con.close()
            raise
        self.con = con

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for a long stream of appends (``ingest``), restored after: the writer's memory stays flat
        however many filings go in. DuckDB keeps the blocks a checkpoint wrote cached up to memory_limit (a
        1 GB limit grew the writer by ~6 MB per 1,000 filings), and the vacuum that merges the small row
        groups of successive checkpoints re-read three row groups of source texts at once (+300 MB spikes).
        So: a small limit (appends need little beyond the data since the last checkpoint; more spills beside
        the store), 32 MB of WAL between checkpoints, and no vacuum (an ingest mostly appends; the row groups
        stay as the checkpoints cut them, and what a re-extraction deleted is reclaimed by a later vacuum)."""
        settings = {"memory_limit": BULK_MEMORY_LIMIT, "checkpoint_threshold": BULK_CHECKPOINT_THRESHOLD,
                    "max_vacuum_tasks": "0"}
        before = {name: self.con.execute("SELECT current_setting(?)", [name]).fetchall()[0][0] for name in settings}
        try:
            for name, value in settings.items():
                self.con.execute(f"SET {name} = {_sql_string(value)}")
            yield
            # the last checkpoint under these settings too: closing with the writer's own settings restored
            # would vacuum the whole batch's row groups at once (a +250 MB spike at the very end)
            self.con.execute("CHECKPOINT")
        finally:
            for name, value in before.items():
                try:
                    self.con.execute(f"SET {name} = {_sql_string(str(value))}")
                except duckdb.Error:  # a broken connection: it is closed next, with its settings
                    pass

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


class SharedDuckDB:
    """A DuckDB store for a long-lived process (``serve``, a notebook's ``edgarsift.open()``): the file is opened
    for each call and let go once no call came for ``idle_s``, so other processes (``query``, ``token create``,
    ``ingest``) get in between. Calls are serialised; a method's generator (``iter_table``) keeps the file open
    until it is exhausted or closed. Any store method can be called on it, as on a :class:`DuckDBStore`."""

    def __init__(self, path: str, read_only: bool = False, idle_s: float = IDLE_RELEASE_S):
        self.url = path
        self.read_only = read_only
        self.idle_s = idle_s
        self._store: DuckDBStore | None = None
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._streams = 0  # live generators reading through the open connection
        self._migrated = read_only  # a writer migrates once, on its first open
        with self._open():  # fail now, not at the first request, when the file cannot be opened at all
            pass

    @contextmanager
    def _open(self) -> Iterator[DuckDBStore]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._store is None:
                self._store = DuckDBStore(self.url, read_only=self.read_only)
                if not self._migrated:
                    self._store.migrate()
                    self._migrated = True
            try:
                yield self._store
            finally:
                self._release_later()

    def _release_later(self) -> None:
        if self._streams == 0 and self._store is not None:
            self._timer = threading.Timer(self.idle_s, self._release)
            self._timer.daemon = True
            self._timer.start()

    def _release(self) -> None:
        with self._lock:
            if self._streams == 0 and self._store is not None and not self._store._in_tx:
                self._store.close()
                self._store = None

    def _stream(self, gen: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from gen
        finally:
            with self._lock:
                self._streams -= 1
                self._release_later()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        with self._open() as store:
            attr = getattr(store, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._open() as opened:
                result = getattr(opened, name)(*args, **kwargs)
                if isinstance(result, GeneratorType):
                    self._streams += 1
                    return self._stream(result)
                return result

        call.__name__ = name
        return call

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._store is not None:
                self._store.close()
                self._store = None
