"""PostgreSQL backend (psycopg 3): a shared server for teams, ``--db postgresql://user@host/db``.

Bulk rows go in with COPY. ``query`` runs one prepared statement (the extended protocol refuses a second one) inside
a READ ONLY transaction that is always rolled back, so no statement, however written, can change the store. Two ingests may share a server: a sha256 that another
writer stored between our check and our insert makes the batch retry once (it then replaces that row).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import psycopg

from ..errors import StoreError
from .schema import CHILD_TABLES, TableSpec
from .sql import SqlStore, q


class PostgresStore(SqlStore):
    TYPES = {"int": "BIGINT", "float": "DOUBLE PRECISION", "bool": "BOOLEAN", "text": "TEXT", "json": "TEXT",
             "blob": "BYTEA"}
    PARAM = "%s"
    DB_ERRORS = (psycopg.Error,)
    RETRYABLE = (psycopg.errors.UniqueViolation,)

    def __init__(self, url: str, read_only: bool = False, statement_timeout_ms: int = 300_000):
        self.url = url
        self.read_only = read_only
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10,
                                       options=f"-c statement_timeout={int(statement_timeout_ms)}")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {str(exc).strip().splitlines()[0]}",
                             _redact(url)) from None
        self._tx: psycopg.Transaction | None = None
        self._lock = threading.RLock()

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        params = list(params)
        return self.con.execute(sql, params or None)

    def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        params = list(params)
        return self.con.execute(sql, params or None).fetchall()

    def _columns(self, table: str) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s", [table]).fetchall()}

    def _child_indexes(self) -> None:
        for t in CHILD_TABLES:
            self._run(f"CREATE INDEX IF NOT EXISTS {q(t + '_filing_id')} ON {q(t)} (filing_id)")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            if self._tx is not None:  # nested use joins the outer transaction
                yield
                return
            with self.con.transaction() as tx:
                self._tx = tx
                try:
                    yield
                finally:
                    self._tx = None

    def _insert_rows(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        cols = spec.column_names
        with self.con.cursor() as cur:
            with cur.copy(f"COPY {q(spec.name)} ({', '.join(q(c) for c in cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_clean(row.get(c)) for c in cols])

    def _stream(self, sql: str, page: int) -> Iterator[list[tuple]]:
        # a server-side cursor (it needs a transaction): the server holds the result, we fetch pages
        with self.con.transaction(), self.con.cursor(name="edgarsift_stream") as cur:
            cur.execute(sql)
            while rows := cur.fetchmany(page):
                yield rows

    def _next_ids(self, n: int) -> list[int]:
        return [r[0] for r in self.con.execute(
            "SELECT nextval('filings_id_seq') FROM generate_series(1, %s)", [n]).fetchall()]

    def _readonly_query(self, sql: str, params: list[Any] | None) -> tuple[list[str], list[tuple]]:
        if params:
            sql = sql.replace("%", "%%").replace("?", "%s")  # one placeholder style (?) on both backends
        try:
            with self.con.transaction(force_rollback=True):
                self.con.execute("SET TRANSACTION READ ONLY")
                # prepare=True forces the extended protocol: exactly one statement, so no "COMMIT; …"
                cur = self.con.execute(sql, params or None, prepare=True)
                cols = [d.name for d in cur.description or []]
                return cols, cur.fetchall() if cur.description else []
        except psycopg.Error as exc:
            raise StoreError(f"query: {str(exc).strip().splitlines()[0]}") from None

    def close(self) -> None:
        try:
            self.con.close()
        except psycopg.Error:
            pass


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; OCR'd and binary-ish filings occasionally contain it.
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        pass
    return url
