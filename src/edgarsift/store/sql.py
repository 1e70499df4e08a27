"""The Store behaviour both backends share, written once in portable SQL.

A backend (``duckdb_store.py``, ``postgres_store.py``) supplies only what differs: connecting, column types, the
transaction calls, bulk insert (Arrow scan for DuckDB, COPY for PostgreSQL), id allocation and how a
statement is kept read-only. Everything else (replace-by-sha256, normalized rows, searches, tokens) is here,
so the two backends cannot drift apart.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from ..errors import StoreError
from ..forms.formnames import matching_forms
from ..forms.registry import FAMILIES
from ..records import EXTRACTOR_VERSION, Record
from .base import Failure, FilingQuery, FilingRow
from .schema import (CHILD_TABLES, FILINGS, FILINGS_BODY, STORE_SCHEMA_VERSION, TABLES, USER_TABLES,
                     StoredRows, TableSpec, decode_source, failure_row, now_iso, record_rows)

SEVERITY_AT_LEAST = {"ok": ("ok", "warning", "error"), "warning": ("warning", "error"), "error": ("error",)}
LIST_COLUMNS = [c for c in FILINGS.column_names if c not in FILINGS_BODY]


def q(name: str) -> str:
    """A quoted identifier (model fields may one day be called ``order`` or ``group``)."""
    return '"' + name.replace('"', '""') + '"'


class SqlStore:
    """Shared implementation of :class:`edgarsift.store.base.Store`; subclasses provide the hooks below."""

    url: str
    # One connection per store; the REST API calls it from several threads. The lock is held for a whole
    # transaction, so no other thread's statement runs inside it (reentrant: the owner may nest calls).
    _lock: threading.RLock
    TYPES: dict[str, str]  # ColType -> SQL type
    _filings_cols: set[str] | None = None  # cached by _filings_columns
    PARAM = "?"  # placeholder style of the driver

    # -- backend hooks ------------------------------------------------------------------------------------
    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        raise NotImplementedError

    def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        raise NotImplementedError

    def _columns(self, table: str) -> set[str]:
        raise NotImplementedError

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        raise NotImplementedError

    def _insert_rows(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def _next_ids(self, n: int) -> list[int]:
        raise NotImplementedError

    def _readonly_query(self, sql: str, params: list[Any] | None) -> tuple[list[str], list[tuple]]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @property
    def _have(self) -> dict[str, set[str]]:
        if "_have_cache" not in self.__dict__:
            self.__dict__["_have_cache"] = {}
        return self.__dict__["_have_cache"]

    def _sql(self, sql: str) -> str:
        return sql if self.PARAM == "?" else sql.replace("?", self.PARAM)

    DB_ERRORS: tuple[type[Exception], ...] = ()  # the driver's errors, reported as one-line StoreErrors
    RETRYABLE: tuple[type[Exception], ...] = ()  # a concurrent writer got there first: redo the batch once

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._lock, self._errors():
            return self._fetchall(self._sql(sql), list(params))

    def _run(self, sql: str, params: Iterable[Any] = ()) -> Any:
        with self._lock, self._errors():
            return self._execute(self._sql(sql), list(params))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self.RETRYABLE:
            raise
        except self.DB_ERRORS as exc:
            raise StoreError(self._error_message(exc), self.url) from None

    def _error_message(self, exc: Exception) -> str:
        """One line for a driver error (a backend may say more, e.g. who holds a lock)."""
        return f"store error: {str(exc).strip().splitlines()[0]}"

    def _select(self, table: str, cols: list[str], alias: str = "") -> str:
        """A select list for ``cols``; a column this store does not have yet (a read-only store made by an
        older edgarsift, not migrated) reads as NULL instead of failing."""
        if table not in self._have:
            self._have[table] = self._columns(table)
        prefix = f"{alias}." if alias else ""
        return ", ".join(f"{prefix}{q(c)}" if c in self._have[table] else f"NULL AS {q(c)}" for c in cols)

    # -- lifecycle --------------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Create missing tables, add columns the models gained, record the schema version. Idempotent."""
        self._have.clear()
        with self._errors(), self._transaction():
            self._run("CREATE TABLE IF NOT EXISTS schema_meta (key TEXT PRIMARY KEY, value TEXT)")
            self._run("CREATE SEQUENCE IF NOT EXISTS filings_id_seq")
            self._run("CREATE SEQUENCE IF NOT EXISTS api_tokens_id_seq")
            for spec in TABLES.values():
                have = self._columns(spec.name)
                if not have:
                    cols = ", ".join(f"{q(c.name)} {self._coltype(spec, c.name, c.type)}" for c in spec.columns)
                    self._run(f"CREATE TABLE {q(spec.name)} ({cols})")
                    continue
                for c in spec.columns:
                    if c.name not in have:  # a model gained a field: add it, old rows read as NULL
                        self._run(f"ALTER TABLE {q(spec.name)} ADD COLUMN {q(c.name)} {self.TYPES[c.type]}")
            self._run("CREATE UNIQUE INDEX IF NOT EXISTS filings_sha256 ON filings (sha256)")
            self._run("CREATE INDEX IF NOT EXISTS filings_cusip ON filings (issuer_cusip)")
            self._run("CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_hash ON api_tokens (token_hash)")
            self._child_indexes()
            have_version = self._all("SELECT value FROM schema_meta WHERE key = 'store_schema_version'")
            if have_version and int(have_version[0][0]) > STORE_SCHEMA_VERSION:
                raise StoreError(f"store schema version {have_version[0][0]} is newer than this edgarsift "
                                 f"({STORE_SCHEMA_VERSION}): upgrade edgarsift", self.url)
            self._run("DELETE FROM schema_meta WHERE key = 'store_schema_version'")
            self._run("INSERT INTO schema_meta VALUES ('store_schema_version', ?)", [str(STORE_SCHEMA_VERSION)])

    def _coltype(self, spec: TableSpec, name: str, ctype: str) -> str:
        if spec.name == "filings" and name == "id":
            return "BIGINT PRIMARY KEY DEFAULT nextval('filings_id_seq')"
        if spec.name == "api_tokens" and name == "id":
            return "BIGINT PRIMARY KEY DEFAULT nextval('api_tokens_id_seq')"
        return self.TYPES[ctype]

    def _child_indexes(self) -> None:
        """Indexes on child tables' filing_id (PostgreSQL; DuckDB's zone maps serve it without one)."""

    # -- writes -----------------------------------------------------------------------------------------
    def needs_extraction(self, sha256: str, extractor_version: str) -> bool:
        return sha256 not in self.done_hashes([sha256], extractor_version)

    def done_hashes(self, sha256s: list[str], extractor_version: str) -> set[str]:
        """Of ``sha256s``, those already stored (ok, or failed for a reason of the filing's own) by
        ``extractor_version``: one query per chunk. A failure of the environment is done again."""
        done: set[str] = set()
        for i in range(0, len(sha256s), 500):
            chunk = sha256s[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            done.update(r[0] for r in self._all(
                f"SELECT sha256 FROM filings WHERE extractor_version = ? AND sha256 IN ({marks}) "
                "AND (failure_kind IS NULL OR failure_kind <> 'environment')",
                [extractor_version, *chunk]))
        return done

    def _delete_children(self, ids: list[int]) -> None:
        if not ids:
            return
        marks = ", ".join("?" * len(ids))
        for table in CHILD_TABLES:
            self._run(f"DELETE FROM {q(table)} WHERE filing_id IN ({marks})", ids)

    def _existing_ids(self, sha256s: list[str], paths_without_hash: list[str]) -> dict[str, int]:
        """The ids already given to these files: by sha256, and by path for files unreadable (no hash)."""
        ids: dict[str, int] = {}
        if sha256s:
            ids.update((f"sha:{r[1]}", r[0]) for r in self._all(
                f"SELECT id, sha256 FROM filings WHERE sha256 IN ({', '.join('?' * len(sha256s))})", sha256s))
        if paths_without_hash:
            marks = ", ".join("?" * len(paths_without_hash))
            ids.update((f"path:{r[1]}", r[0]) for r in self._all(
                f"SELECT id, path FROM filings WHERE sha256 IS NULL AND path IN ({marks})", paths_without_hash))
        return ids

    def _write(self, filings: list[dict[str, Any]], children: list[dict[str, list[dict[str, Any]]]]) -> None:
        with self._errors():
            try:
                self._write_once(filings, children)
            except self.RETRYABLE:  # another writer stored one of these files meanwhile: replace it
                self._write_once(filings, children)

    def _write_once(self, filings: list[dict[str, Any]], children: list[dict[str, list[dict[str, Any]]]]) -> None:
        """Store filings and their rows in one transaction: they land together or not at all. A file stored
        before (same sha256; same path when unreadable) keeps its id, so links to it survive a re-extraction:
        its filings row is updated in place and its child rows replaced. ``children[i]`` belongs to ``filings[i]``."""
        with self._transaction():
            existing = self._existing_ids([f["sha256"] for f in filings if f["sha256"]],
                                          [f["path"] for f in filings if not f["sha256"]])
            self._delete_children(sorted(existing.values()))
            keys = [f"sha:{f['sha256']}" if f["sha256"] else f"path:{f['path']}" for f in filings]
            new_ids = iter(self._next_ids(sum(k not in existing for k in keys)))
            updated: list[dict[str, Any]] = []
            inserted: list[dict[str, Any]] = []
            merged: dict[str, list[dict[str, Any]]] = {t: [] for t in CHILD_TABLES}
            for row, per_filing, key in zip(filings, children, keys):
                fid = existing.get(key)
                row["id"] = fid if fid is not None else next(new_ids)
                (updated if fid is not None else inserted).append(row)
                for t, rows in per_filing.items():
                    for r in rows:
                        r["filing_id"] = row["id"]
                    merged[t] += rows
            for row in updated:
                self._update_filing(row)
            if inserted:
                self._insert_rows(FILINGS, inserted)
            for t, rows in merged.items():
                if rows:
                    self._insert_rows(TABLES[t], rows)

    def _update_filing(self, row: dict[str, Any]) -> None:
        """Overwrite a stored filing's row in place (id and sha256 stay; every other column is the new one)."""
        cols = [c for c in FILINGS.column_names if c not in ("id", "sha256")]
        self._run(f"UPDATE filings SET {', '.join(f'{q(c)} = ?' for c in cols)} WHERE id = ?",
                  [self._bound_cell(row.get(c)) for c in cols] + [row["id"]])

    def _bound_cell(self, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL; its COPY inserts clean text the same way (the "%s" driver is psycopg)
        if self.PARAM != "?" and isinstance(value, str):
            return value.replace("\x00", "\ufffd")
        return value

    def put_records(self, items: Iterable[tuple[Record, str]]) -> list[int]:
        return self.put_rows(record_rows(record, source) for record, source in items)

    def put_rows(self, items: Iterable[StoredRows]) -> list[int]:
        """Store records already turned into rows (:func:`record_rows`), replacing any with the same sha256.
        Returns the filing ids written, one per distinct file in the order first given."""
        latest: dict[str, StoredRows] = {}
        for rows in items:  # the same file twice in one batch is stored once
            latest[rows.sha256] = rows
        if not latest:
            return []
        filings = [r.filing for r in latest.values()]
        self._write(filings, [r.children for r in latest.values()])  # sets each filing's "id"
        return [int(f["id"]) for f in filings]

    def put_failures(self, failures: Iterable[Failure], extractor_version: str | None = None) -> int:
        latest: dict[str, Failure] = {}
        for f in failures:
            latest[f.sha256 or f"path:{f.path}"] = f
        if not latest:
            return 0
        rows = [failure_row(f.path, f.sha256, f.reason, extractor_version or EXTRACTOR_VERSION, 0, f.kind)
                for f in latest.values()]
        self._write(rows, [{} for _ in rows])
        return len(rows)

    # -- reads ------------------------------------------------------------------------------------------
    def get_record(self, filing_id: int) -> Record | None:
        rows = self._all("SELECT record_json, family FROM filings WHERE id = ? AND status = 'ok'", [filing_id])
        if not rows or rows[0][0] is None:
            return None
        family = FAMILIES.get(rows[0][1] or "")
        return (family.record_model if family else Record).model_validate_json(rows[0][0])

    def get_source(self, filing_id: int) -> str | None:
        legacy = ", source_text" if "source_text" in self._filings_columns() else ""  # a version-1 store
        rows = self._all(f"SELECT source_zstd, source_size{legacy} FROM filings WHERE id = ?", [filing_id])
        if not rows:
            return None
        blob, size, *plain = rows[0]
        return decode_source(blob, size) if blob is not None else (plain[0] if plain else None)

    def _filings_columns(self) -> set[str]:
        """The filings table's columns, read once per connection (a version-1 store has source_text)."""
        if self._filings_cols is None:
            with self._lock:
                self._filings_cols = self._columns("filings")
        return self._filings_cols

    def search_filings(self, query: FilingQuery) -> tuple[list[FilingRow], int]:
        where, params = self._filing_filters(query)
        sql_where = f" WHERE {' AND '.join(where)}" if where else ""
        total = self._all(f"SELECT count(*) FROM filings f{sql_where}", params)[0][0]
        cols = self._select("filings", LIST_COLUMNS, "f")
        rows = self._all(f"SELECT {cols} FROM filings f{sql_where} "
                         "ORDER BY f.filing_date DESC NULLS LAST, f.id DESC LIMIT ? OFFSET ?",
                         [*params, int(query.limit), int(query.offset)])
        known = set(FilingRow.__dataclass_fields__) - {"extra"}
        out = []
        for r in rows:
            d = dict(zip(LIST_COLUMNS, r))
            fields: dict[str, Any] = {k: d.get(k) for k in known}
            out.append(FilingRow(**fields, extra={k: v for k, v in d.items() if k not in known}))
        return out, int(total)

    def _filing_filters(self, query: FilingQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if query.form_type:  # a form names its variants (13D: SC 13D, SC 13D/A, SCHEDULE 13D) or a family
            stored = self._all("SELECT DISTINCT form_type, family FROM filings WHERE form_type IS NOT NULL")
            forms = matching_forms(query.form_type, [(r[0], r[1]) for r in stored])
            where.append(f"f.form_type IN ({', '.join('?' * len(forms))})" if forms else "FALSE")
            params += forms
        if query.issuer:
            where.append("f.issuer_name ILIKE ? ESCAPE '\\'")
            params.append(f"%{_like(query.issuer)}%")
        if query.cusip:
            where.append("f.issuer_cusip = ?")
            params.append(normalize_cusip_query(query.cusip))
        if query.person:
            where.append("(EXISTS (SELECT 1 FROM reporting_persons p WHERE p.filing_id = f.id AND p.name ILIKE ? ESCAPE '\\')"
                         " OR EXISTS (SELECT 1 FROM related_persons p WHERE p.filing_id = f.id AND p.name ILIKE ? ESCAPE '\\'))")
            params += [f"%{_like(query.person)}%"] * 2
        if query.date_from:
            where.append("f.filing_date >= ?")
            params.append(query.date_from)
        if query.date_to:
            where.append("f.filing_date <= ?")
            params.append(query.date_to)
        if query.severity:
            levels = SEVERITY_AT_LEAST.get(query.severity)
            if levels is None:
                raise StoreError(f"unknown severity {query.severity!r}; choose ok, warning or error")
            where.append(f"f.worst_severity IN ({', '.join('?' * len(levels))})")
            params += list(levels)
        if query.status:
            where.append("f.status = ?")
            params.append(query.status)
        return where, params

    def persons(self, cusip: str | None = None, issuer: str | None = None, person: str | None = None,
                limit: int | None = None, offset: int = 0, form_type: str | None = None) -> list[dict[str, Any]]:
        person_cols = [c for c in TABLES["reporting_persons"].column_names if c != "filing_id"]
        where, params = self._filing_filters(FilingQuery(cusip=cusip, issuer=issuer, form_type=form_type))
        if person:
            where.append("p.name ILIKE ? ESCAPE '\\'")
            params.append(f"%{_like(person)}%")
        sql = ("SELECT f.id, f.form_type, f.filing_date, f.issuer_name, f.issuer_cusip, f.path, "
               + self._select("reporting_persons", person_cols, "p")
               + " FROM reporting_persons p JOIN filings f ON f.id = p.filing_id"
               + (f" WHERE {' AND '.join(where)}" if where else "")
               + " ORDER BY f.filing_date DESC NULLS LAST, f.id DESC, p.idx")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        names = ["filing_id", "form_type", "filing_date", "issuer_name", "issuer_cusip", "path", *person_cols]
        return [_decode_json_cells("reporting_persons", dict(zip(names, r))) for r in self._all(sql, params)]

    def table(self, name: str, limit: int | None = None, offset: int = 0,
              with_bodies: bool = False) -> list[dict[str, Any]]:
        cols = self.table_columns(name, with_bodies)
        spec = TABLES[name]
        sql = (f"SELECT {self._select(name, cols)} FROM {q(name)} "
               f"ORDER BY {', '.join(q(c) for c in spec.order)}")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        return [dict(zip(cols, r)) for r in self._all(sql)]

    def iter_table(self, name: str, with_bodies: bool = False, page: int = 10_000) -> Iterator[list[dict[str, Any]]]:
        """A whole table in its stable order, ``page`` rows at a time from one cursor (exports stay flat in
        memory and linear in time, unlike LIMIT/OFFSET paging)."""
        cols = self.table_columns(name, with_bodies)
        sql = (f"SELECT {self._select(name, cols)} FROM {q(name)} "
               f"ORDER BY {', '.join(q(c) for c in TABLES[name].order)}")
        with self._lock, self._errors():
            for rows in self._stream(sql, page):
                yield [dict(zip(cols, r)) for r in rows]

    def _stream(self, sql: str, page: int) -> Iterator[list[tuple]]:
        """Rows of ``sql`` in pages from a single cursor (backend hook)."""
        raise NotImplementedError

    def table_columns(self, name: str, with_bodies: bool = False) -> list[str]:
        if name not in USER_TABLES:
            raise StoreError(f"unknown table {name!r}; choose from {', '.join(USER_TABLES)}")
        cols = TABLES[name].column_names
        return cols if with_bodies or name != "filings" else [c for c in cols if c not in FILINGS_BODY]

    def query(self, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
        if not sql.strip():
            raise StoreError("empty query")
        with self._lock:
            return self._readonly_query(sql, params)

    def fetch_rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self._all(sql, params or ())

    def counts(self) -> dict[str, int]:
        """Rows per user table (for summaries and tests)."""
        return {t: int(self._all(f"SELECT count(*) FROM {q(t)}")[0][0]) for t in USER_TABLES}

    # -- API tokens --------------------------------------------------------------------------------------
    def create_token(self, name: str) -> tuple[int, str]:
        secret = secrets.token_urlsafe(32)
        with self._transaction():
            token_id = self._all("SELECT nextval('api_tokens_id_seq')")[0][0]
            self._run("INSERT INTO api_tokens (id, name, token_hash, created_at, revoked) VALUES (?, ?, ?, ?, ?)",
                      [token_id, name, _token_hash(secret), now_iso(), False])
        return int(token_id), secret

    def list_tokens(self) -> list[dict[str, Any]]:
        """Every token's id, name, creation time and whether it is revoked (never a secret or its hash)."""
        rows = self._all("SELECT id, name, created_at, revoked FROM api_tokens ORDER BY id")
        return [{"id": int(r[0]), "name": r[1], "created_at": r[2], "revoked": bool(r[3])} for r in rows]

    def verify_token(self, secret: str) -> bool:
        if not secret:
            return False
        rows = self._all("SELECT revoked FROM api_tokens WHERE token_hash = ?", [_token_hash(secret)])
        return bool(rows) and not rows[0][0]

    def revoke_token(self, token_id: int) -> bool:
        with self._transaction():
            rows = self._all("SELECT revoked FROM api_tokens WHERE id = ?", [int(token_id)])
            if not rows or rows[0][0]:
                return False
            self._run("UPDATE api_tokens SET revoked = ? WHERE id = ?", [True, int(token_id)])
        return True

    def __enter__(self) -> "SqlStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _token_hash(secret: str) -> str:
    # Tokens are 256 random bits, so a plain digest cannot be brute-forced and still allows lookup by hash.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _like(text: str) -> str:
    """A user's text as a literal inside ILIKE (its own % and _ are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def normalize_cusip_query(text: str) -> str:
    from ..text.values import normalize_cusip

    return normalize_cusip(text) or text.strip().upper()


def _decode_json_cells(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """JSON text columns (code lists) back to Python lists for API and frame users."""
    for c in TABLES[table].columns:
        if c.type == "json" and isinstance(row.get(c.name), str):
            row[c.name] = json.loads(row[c.name])
    return row
