"""The Store contract every backend (DuckDB, PostgreSQL) fulfils; the CLI, the batch layer and the REST API
use only these methods, so they behave the same on every backend.

Tables (created and migrated by the store itself, see schema.py):
  filings           one row per source file (sha256 unique): path, format, form_type, amendment_number, family,
                    EDGAR header facts, extractor_version, status ('ok' | 'failed'), error, failure_kind ('filing' |
                  'environment': retried by the next ingest), record JSON, source text
  reporting_persons 13D/13G cover pages          related_persons  Form D related persons
  offerings         Form D offering facts          appendix_rows    Form D state appendix
  line_items        X-17A-5 balance-sheet lines   net_capital      X-17A-5 net capital figures
  findings          every finding of every record
  api_tokens        hashed bearer tokens for the REST API's write endpoints
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Protocol, runtime_checkable

from ..records import Record

if TYPE_CHECKING:
    from .schema import StoredRows


@dataclass(frozen=True)
class FilingQuery:
    """Filters for :meth:`Store.search_filings`; every filter is optional and they combine with AND."""

    form_type: str | None = None
    issuer: str | None = None  # case-insensitive substring of the issuer / broker-dealer name
    cusip: str | None = None
    person: str | None = None  # substring of a reporting or related person's name
    date_from: str | None = None  # ISO dates on the filing's date (filed-as-of, else signature/event date)
    date_to: str | None = None
    severity: str | None = None  # 'ok' | 'warning' | 'error': filings whose worst finding is at least this
    status: str | None = None  # 'ok' | 'failed'
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class FilingRow:
    """A filing as listed (no record body)."""

    id: int
    path: str
    sha256: str
    format: str | None
    form_type: str | None
    amendment_number: int | None
    family: str | None
    issuer_name: str | None
    filing_date: str | None
    status: str
    worst_severity: str | None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    path: str
    sha256: str | None
    reason: str
    # "filing": the filing itself failed, final for this extractor version; "environment": the worker running it
    # died or ran out of time, so the next ingest tries it again
    kind: str = "filing"


@runtime_checkable
class Store(Protocol):
    """A place records live. Writes are transactional: a record and its normalized rows land together or not
    at all, so a killed process never leaves half a filing behind."""

    url: str

    # -- lifecycle ------------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Create or upgrade the schema (idempotent)."""

    def close(self) -> None: ...

    # -- writes ---------------------------------------------------------------------------------------
    def needs_extraction(self, sha256: str, extractor_version: str) -> bool:
        """False when this exact file was already stored by this extractor version (ingest skips it); a failure of
        the environment (a killed worker, a timeout) does not count as stored."""

    def done_hashes(self, sha256s: list[str], extractor_version: str) -> set[str]:
        """:meth:`needs_extraction` for many files at once: those of ``sha256s`` already stored."""

    def put_records(self, items: Iterable[tuple[Record, str]]) -> list[int]:
        """Store records with their decoded source text, in one transaction; a record whose sha256 exists is
        replaced (re-extraction) and keeps its id. Returns the filing ids written, one per distinct file in
        the order first given (the same file twice in one call is stored once)."""

    def put_rows(self, items: Iterable["StoredRows"]) -> list[int]:
        """:meth:`put_records` for records already turned into rows (ingest workers do that part)."""

    def put_failures(self, failures: Iterable[Failure]) -> int:
        """Record files that could not be read/extracted, with their reasons."""

    # -- reads ----------------------------------------------------------------------------------------
    def get_record(self, filing_id: int) -> Record | None: ...

    def get_source(self, filing_id: int) -> str | None:
        """The decoded source text the record's provenance spans index."""

    def search_filings(self, query: FilingQuery) -> tuple[list[FilingRow], int]:
        """Matching filings (newest first) and the total count before limit/offset."""

    def persons(self, cusip: str | None = None, issuer: str | None = None, person: str | None = None,
                limit: int | None = None, offset: int = 0, form_type: str | None = None) -> list[dict[str, Any]]:
        """Reporting persons (13D/G) joined with their filing's issuer, CUSIP, form and date, newest first;
        ``form_type`` filters as :attr:`FilingQuery.form_type` does."""

    def table(self, name: str, limit: int | None = None, offset: int = 0,
              with_bodies: bool = False) -> list[dict[str, Any]]:
        """Rows of one user table in its stable order (``filings`` without record/source bodies unless asked)."""

    def iter_table(self, name: str, with_bodies: bool = False, page: int = 10_000) -> Iterator[list[dict[str, Any]]]:
        """A whole table in its stable order, ``page`` rows at a time (exports of any size)."""

    def table_columns(self, name: str, with_bodies: bool = False) -> list[str]:
        """The columns :meth:`table` returns; an unknown table is a StoreError."""

    def counts(self) -> dict[str, int]:
        """Rows per user table."""

    def query(self, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
        """Run a read-only SQL statement; refuses anything that writes. Returns (columns, rows)."""

    def fetch_rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        """The rows of a SELECT that edgarsift itself writes (``?`` placeholders on every backend), e.g. the
        ownership history's. Unlike :meth:`query` it is not checked for being read-only: never give it user SQL."""

    # -- API tokens (stored hashed) ------------------------------------------------------------------
    def create_token(self, name: str) -> tuple[int, str]:
        """A new bearer token: returns (id, secret). Only the hash is stored; the secret is shown once."""

    def list_tokens(self) -> list[dict[str, Any]]:
        """Every token's id, name, creation time and whether it is revoked (never a secret or its hash)."""

    def verify_token(self, secret: str) -> bool: ...

    def revoke_token(self, token_id: int) -> bool: ...
