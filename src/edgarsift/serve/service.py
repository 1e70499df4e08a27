"""What the API's routes and the review pages share: the service (the store behind a lock, the extraction pool,
the access policy), authentication, and storing an upload.

Access: writes need ``Authorization: Bearer <token>``; reads too, unless the service runs with
``--public-read``; a browser may instead carry the token in the HttpOnly cookie ``COOKIE`` set by /login,
honoured for reads only (so a cross-site form cannot write). Store errors are not caught here: the API maps
every :class:`~edgarsift.errors.EdgarsiftError` to its HTTP status in one handler.
"""
from __future__ import annotations

import hmac
import threading
from typing import Any

from fastapi import Depends, HTTPException, Request

from ..config import Settings
from ..records import EXTRACTOR_VERSION, Record
from ..store.base import FilingQuery, FilingRow, Store
from ..store.history import history_rows
from .worker import ExtractionPool

COOKIE = "edgarsift_token"


class Service:
    """The store (behind a lock: embedded stores are not thread-safe), the extraction pool and the access
    policy. Every store call of the service goes through one of these methods."""

    def __init__(self, store: Store, settings: Settings, public_read: bool, login_secret: str | None,
                 workers: int, extract_timeout_s: float):
        self.store = store
        self.settings = settings
        self.public_read = public_read
        self.login_secret = login_secret  # one-run secret printed by `edgarsift serve` (not stored)
        self.extract_timeout_s = extract_timeout_s
        self.pool = ExtractionPool(workers)
        self.lock = threading.RLock()

    # -- reads ------------------------------------------------------------------------------------------

    def search_filings(self, query: FilingQuery) -> tuple[list[FilingRow], int]:
        with self.lock:
            return self.store.search_filings(query)

    def get_record(self, filing_id: int) -> Record | None:
        with self.lock:
            return self.store.get_record(filing_id)

    def get_source(self, filing_id: int) -> str | None:
        with self.lock:
            return self.store.get_source(filing_id)

    def persons(self, cusip: str | None, issuer: str | None, person: str | None, limit: int,
                offset: int) -> list[dict[str, Any]]:
        with self.lock:
            return self.store.persons(cusip=cusip, issuer=issuer, person=person, limit=limit, offset=offset)

    def table(self, name: str, limit: int, offset: int) -> list[dict[str, Any]]:
        with self.lock:
            return self.store.table(name, limit=limit, offset=offset)

    def history(self, cusip: str | None, cik: str | None, holder: str | None) -> list[dict[str, Any]]:
        with self.lock:
            return history_rows(self.store, cusip=cusip, cik=cik, holder=holder)

    # -- access -----------------------------------------------------------------------------------------

    def is_login_secret(self, secret: str) -> bool:
        return self.login_secret is not None and hmac.compare_digest(secret.encode(), self.login_secret.encode())

    def token_ok(self, secret: str | None) -> bool:
        if not secret:
            return False
        if self.is_login_secret(secret):
            return True
        with self.lock:
            return bool(self.store.verify_token(secret))

    def may_read(self, request: Request) -> bool:
        return self.public_read or self.token_ok(bearer(request) or request.cookies.get(COOKIE))

    def may_write(self, request: Request) -> bool:
        return self.token_ok(bearer(request))  # header only: a cookie never authorises a write

    # -- uploads ----------------------------------------------------------------------------------------

    def stored_already(self, sha256: str) -> tuple[int, Record] | None:
        """The id and record of these bytes when the store holds them from this extractor version: an upload
        of the same file again keeps its id (links to it stay valid) and is not extracted again."""
        with self.lock:
            if self.store.needs_extraction(sha256, EXTRACTOR_VERSION):
                return None
            filing_id = self._id_of(sha256)
            record = self.store.get_record(filing_id) if filing_id is not None else None
        return (filing_id, record) if filing_id is not None and record is not None else None

    def extract_and_store(self, data: bytes, name: str) -> tuple[int, Record]:
        """Extract (time- and memory-limited, in a worker process) and store one filing; its id and record."""
        record, source = self.pool.run(data, name, self.extract_timeout_s)
        with self.lock:
            ids = self.store.put_records([(record, source)])
        if not ids:
            raise HTTPException(500, "the store did not keep the filing")
        return ids[0], record

    def _id_of(self, sha256: str) -> int | None:
        """The id the store gave the filing with these bytes (the protocol keys filings by sha256)."""
        try:  # a constant, parameterised statement: the sha256 is a bound value, never spliced into SQL
            _cols, rows = self.store.query("SELECT id FROM filings WHERE sha256 = ?", [sha256])
            return int(rows[0][0]) if rows else None
        except NotImplementedError:  # a backend without SQL: walk the listing
            pass
        page, offset = 500, 0
        while True:
            found, total = self.store.search_filings(FilingQuery(limit=page, offset=offset))
            for row in found:
                if row.sha256 == sha256:
                    return row.id
            offset += page
            if offset >= total or not found:
                return None


def bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def service(request: Request) -> Service:
    return request.app.state.service


def require_read(request: Request, svc: Service = Depends(service)) -> None:
    if not svc.may_read(request):
        raise HTTPException(401, "reading needs a bearer token (or start the service with --public-read)",
                            headers={"WWW-Authenticate": "Bearer"})


def require_write(request: Request, svc: Service = Depends(service)) -> None:
    if not svc.may_write(request):
        raise HTTPException(401, "writing needs a bearer token: Authorization: Bearer <token> "
                            "(edgarsift token create)", headers={"WWW-Authenticate": "Bearer"})
