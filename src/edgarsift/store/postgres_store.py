"""PostgreSQL backend (psycopg 3): a shared server for teams, ``--db postgresql://user@host/db``.

Bulk rows go in with COPY. Two ingests may share a server: a sha256 that another writer stored between our check
and our insert makes the batch retry once (it then replaces that row).

``query`` runs user SQL with no rights beyond reading the store. READ ONLY alone is not enough: a superuser's
read-only transaction still runs ``COPY … TO PROGRAM``, ``pg_read_file`` or ``lo_import``. So the migration
creates a NOLOGIN role, :data:`READER_ROLE`, that may only SELECT the project's tables, and a SECURITY DEFINER
function owned by it that runs one query. ``query`` describes the statement (Parse/Describe: nothing runs),
then, inside a READ ONLY transaction with a statement timeout that is always rolled back, does ``SET LOCAL
ROLE`` to the reader and calls the function with the column types described. Inside a security-definer
function PostgreSQL refuses to change ``role`` or ``session_authorization`` (``SET ROLE`` and ``set_config``
alike), so a statement cannot climb back to the connection's own, perhaps superuser, rights. A store whose
migration could not create the role (no CREATEROLE) runs queries with the connecting user's own rights when
that user is no superuser, and refuses them otherwise.

Migration waits at most ``EDGARSIFT_PG_LOCK_TIMEOUT_S`` (default 10 s) for a lock, and then names the sessions
that hold locks on the store (say an "idle in transaction" session left by a killed run, with its pid and age)
instead of hanging.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import psycopg
from psycopg import pq

from ..errors import StoreError
from .schema import CHILD_TABLES, TABLES, TableSpec
from .sql import SqlStore, q

READER_ROLE = "edgarsift_reader"  # NOLOGIN; SELECT on the store's tables; shared by the stores of a cluster
QUERY_FUNCTION = "edgarsift_readonly_query"
_MIGRATION_LOCK = 0x65646761  # pg_advisory_xact_lock key: one migration of a database at a time
# Roles whose members may run programs or touch the server's files from SQL, like a superuser.
_SERVER_ROLES = ("pg_execute_server_program", "pg_read_server_files", "pg_write_server_files")


def lock_timeout_s() -> float:
    try:
        return max(0.1, float(os.environ.get("EDGARSIFT_PG_LOCK_TIMEOUT_S", "10")))
    except ValueError:
        return 10.0


class PostgresStore(SqlStore):
    TYPES = {"int": "BIGINT", "float": "DOUBLE PRECISION", "bool": "BOOLEAN", "text": "TEXT", "json": "TEXT",
             "blob": "BYTEA"}
    PARAM = "%s"
    DB_ERRORS = (psycopg.Error,)
    RETRYABLE = (psycopg.errors.UniqueViolation,)

    def __init__(self, url: str, read_only: bool = False, statement_timeout_ms: int = 300_000):
        self.url = url
        self.read_only = read_only
        self.statement_timeout_ms = int(statement_timeout_ms)
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

    # -- migration: a bounded wait for locks, and the reader role ----------------------------------------------
    def migrate(self) -> None:
        with self._lock, self._errors(), self._transaction():
            self._run(f"SET LOCAL lock_timeout = {int(lock_timeout_s() * 1000)}")
            self._run("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])  # concurrent migrations take turns
            super().migrate()
            self._reader_setup()

    def _reader_setup(self) -> None:
        """Create (or refresh) the reader role's grants and its query function, in a savepoint: a user without
        CREATEROLE still migrates, and its queries then take the fallback described in the module notes."""
        tables = ", ".join(q(t) for t in [*TABLES, "schema_meta"])
        fn = q(QUERY_FUNCTION)
        try:
            with self.con.transaction():  # a savepoint inside the migration's transaction
                self.con.execute(f"""DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
                        CREATE ROLE {READER_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
                    END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- another database's migration
                END $$""")
                self.con.execute(f"GRANT {READER_ROLE} TO CURRENT_USER")  # so this user may SET ROLE to it
        except psycopg.errors.InsufficientPrivilege:
            pass  # no CREATEROLE: an administrator may have made the role and this user a member of it
        try:
            with self.con.transaction():
                self.con.execute(f"GRANT USAGE ON SCHEMA {q(self._schema())} TO {READER_ROLE}")
                self.con.execute(f"GRANT SELECT ON {tables} TO {READER_ROLE}")
                self.con.execute(f"""CREATE OR REPLACE FUNCTION {fn}(query text) RETURNS SETOF record
                    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
                    AS $$ BEGIN RETURN QUERY EXECUTE query; END $$""")
                self.con.execute(f"ALTER FUNCTION {fn}(text) OWNER TO {READER_ROLE}")
                self.con.execute(f"REVOKE ALL ON FUNCTION {fn}(text) FROM PUBLIC")
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UndefinedObject):
            pass

    def _one_row(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
        """The single row of a statement that always returns one (a server function, a session's own role)."""
        row = self.con.execute(sql, params).fetchone()
        if row is None:
            raise StoreError(f"store error: no row from {sql.split(' FROM ')[0]}", self.url)
        return row

    def _schema(self) -> str:
        return self._one_row("SELECT current_schema()")[0]

    def _error_message(self, exc: Exception) -> str:
        if isinstance(exc, psycopg.errors.LockNotAvailable):
            return f"store error: waited {lock_timeout_s():g} s for a lock ({self._lock_holders()})"
        return super()._error_message(exc)

    def _lock_holders(self) -> str:
        """Who holds locks on this database's store tables (asked on a connection of its own: ours is in an
        aborted transaction): each session's pid, state and age, and what to do about it."""
        sql = """SELECT DISTINCT a.pid, a.state, a.application_name,
                        extract(epoch FROM now() - coalesce(a.state_change, a.xact_start))::int AS idle_s,
                        extract(epoch FROM now() - a.xact_start)::int AS xact_s
                 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.granted AND a.pid <> ALL(%s) AND a.datname = current_database()
                   AND (l.locktype = 'advisory' OR l.relation IN (
                        SELECT c.oid FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
                          AND c.relname = ANY(%s)))
                 ORDER BY a.pid"""
        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as con:
                ours = [con.info.backend_pid, self.con.info.backend_pid]  # (this store's session waited)
                rows = con.execute(sql, [ours, [*TABLES, "schema_meta"]]).fetchall()
        except psycopg.Error as exc:
            return f"the holder could not be looked up: {str(exc).strip().splitlines()[0]}"
        if not rows:
            return "the holder has let go since; run the command again"
        held = []
        for pid, state, app, idle_s, xact_s in rows:
            age = f"for {_duration(idle_s)}" if state and state.startswith("idle in transaction") else \
                f"in a transaction open {_duration(xact_s)}" if xact_s is not None else ""
            held.append(f"PostgreSQL session pid {pid} ({app or 'no application name'}, {state or 'unknown state'}"
                        f"{' ' + age if age else ''})")
        stale = any(r[1] and r[1].startswith("idle in transaction") for r in rows)
        hint = ("; an idle transaction is likely left by a killed run: end it with SELECT pg_terminate_backend(pid)"
                if stale else "; another edgarsift may be working on this store")
        return "held by " + ", ".join(held) + hint

    # -- read-only user SQL ----------------------------------------------------------------------------------
    def _readonly_query(self, sql: str, params: list[Any] | None) -> tuple[list[str], list[tuple]]:
        if params:  # one placeholder style (?) on both backends; values become quoted literals
            sql = psycopg.ClientCursor(self.con).mogrify(sql.replace("%", "%%").replace("?", "%s"), params)
        try:
            with self.con.transaction(force_rollback=True):
                self.con.execute("SET TRANSACTION READ ONLY")
                self.con.execute(f"SET LOCAL statement_timeout = {self.statement_timeout_ms}")
                if not self._reader_ready():
                    return self._own_rights_query(sql)
                self.con.execute(f"SET LOCAL ROLE {READER_ROLE}")
                names, types = self._describe(sql)
                if not names:
                    raise StoreError("query: only a statement that returns rows (SELECT, VALUES, WITH …) can run "
                                     "here: the store is read-only")
                columns = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
                cur = self.con.execute(f"SELECT * FROM {q(QUERY_FUNCTION)}(%s) AS q({columns})", [sql])
                return names, cur.fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"query: {str(exc).strip().splitlines()[0]}{_hint(exc)}") from None
        finally:
            try:  # SET LOCAL ended with the transaction already: this only makes sure
                if self.con.info.transaction_status == pq.TransactionStatus.IDLE:
                    self.con.execute("RESET ROLE")
            except psycopg.Error:
                pass

    def _reader_ready(self) -> bool:
        return bool(self._one_row(
            "SELECT to_regprocedure(%s) IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) "
            "AND pg_has_role(%s, 'MEMBER')", [f"{QUERY_FUNCTION}(text)", READER_ROLE, READER_ROLE])[0])

    def _describe(self, sql: str) -> tuple[list[str], list[str]]:
        """Column names and SQL types of a statement, from the server's Parse/Describe (it is not run). More
        than one statement is refused by Parse."""
        pgconn = self.con.pgconn
        enc = self.con.info.encoding
        for res in (pgconn.prepare(b"", sql.encode(enc)), pgconn.describe_prepared(b"")):
            if res.status != pq.ExecStatus.COMMAND_OK:
                message = (res.error_message or b"").decode(enc, "replace").strip().splitlines()
                raise StoreError(f"query: {message[0].removeprefix('ERROR:').strip() if message else 'refused'}")
        names = [(res.fname(i) or b"").decode(enc, "replace") for i in range(res.nfields)]
        oids, mods = [res.ftype(i) for i in range(res.nfields)], [res.fmod(i) for i in range(res.nfields)]
        if not names:
            return [], []
        types = [r[0] for r in self.con.execute(
            "SELECT format_type(t, m) FROM unnest(%s::oid[], %s::int4[]) WITH ORDINALITY AS u(t, m, i) ORDER BY i",
            [oids, mods]).fetchall()]
        return names, types

    def _own_rights_query(self, sql: str) -> tuple[list[str], list[tuple]]:
        """The fallback of a store without the reader role: the user's own rights, unless they are a superuser's."""
        user, powerful = self._one_row(
            "SELECT session_user, rolsuper OR " + " OR ".join(f"pg_has_role(session_user, '{r}', 'MEMBER')"
                                                             for r in _SERVER_ROLES)
            + " FROM pg_roles WHERE rolname = session_user")
        if powerful:
            raise StoreError(f"query: refused: {user} may run programs and read files on the server, and this "
                             f"store has no {READER_ROLE} role to run queries as (open it writable once, e.g. "
                             "edgarsift ingest, as a user with CREATEROLE; or connect as an ordinary user)")
        cur = self.con.execute(sql, prepare=True)  # the extended protocol: exactly one statement
        return [d.name for d in cur.description or []], cur.fetchall() if cur.description else []

    def close(self) -> None:
        try:
            self.con.close()
        except psycopg.Error:
            pass


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "an unknown time"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _hint(exc: psycopg.Error) -> str:
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return f" (queries run as {READER_ROLE}, which may only read the store's tables)"
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return " (the store is read-only here)"
    return ""


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
