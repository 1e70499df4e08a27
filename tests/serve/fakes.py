"""A small in-memory Store (the contract in edgarsift.store.base) for API tests when no real backend is wanted.

It follows the protocol's documented behaviour closely enough for the HTTP layer: newest first, AND-ed
filters, severity "at least", tokens stored only as salted hashes.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from typing import Any, Iterable

from edgarsift.records import Record
from edgarsift.store.base import Failure, FilingQuery, FilingRow

_RANK = {"ok": 0, "warning": 1, "error": 2}


def _filing_date(record: Record) -> str | None:
    header = record.header or {}
    data = record.data.model_dump() if record.data is not None else {}
    return header.get("filed_as_of") or data.get("signature_date") or data.get("event_date")


def _issuer(record: Record) -> str | None:
    data = record.data.model_dump() if record.data is not None else {}
    for key in ("issuer_name", "broker_dealer_name"):
        if data.get(key):
            return data[key]
    issuer = data.get("issuer") or {}
    if isinstance(issuer, dict) and issuer.get("name"):
        return issuer["name"]
    subject = (record.header or {}).get("subject_company") or {}
    return subject.get("name") if isinstance(subject, dict) else None


class FakeStore:
    url = "memory://"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[int, tuple[Record, str]] = {}
        self._by_sha: dict[str, int] = {}
        self._tokens: dict[int, tuple[bytes, bytes]] = {}  # id -> (salt, sha256(salt + secret))
        self._next = 1

    def migrate(self) -> None:
        pass

    def close(self) -> None:
        pass

    def needs_extraction(self, sha256: str, extractor_version: str) -> bool:
        fid = self._by_sha.get(sha256)
        return fid is None or self._rows[fid][0].extractor_version != extractor_version

    def put_records(self, items: Iterable[tuple[Record, str]]) -> list[int]:
        ids: list[int] = []
        with self._lock:
            for record, source in items:
                fid = self._by_sha.get(record.source.sha256)
                if fid is None:
                    fid = self._next
                    self._next += 1
                    self._by_sha[record.source.sha256] = fid
                self._rows[fid] = (record, source)
                if fid not in ids:
                    ids.append(fid)
        return ids

    def put_failures(self, failures: Iterable[Failure]) -> int:
        return len(list(failures))

    def get_record(self, filing_id: int) -> Record | None:
        row = self._rows.get(filing_id)
        return row[0] if row else None

    def get_source(self, filing_id: int) -> str | None:
        row = self._rows.get(filing_id)
        return row[1] if row else None

    def _row(self, fid: int, record: Record) -> FilingRow:
        return FilingRow(id=fid, path=record.source.path, sha256=record.source.sha256, format=record.source.format,
                         form_type=record.form_type, amendment_number=record.amendment_number,
                         family=record.family, issuer_name=_issuer(record), filing_date=_filing_date(record),
                         status="ok", worst_severity=record.worst_severity)

    def _matches(self, q: FilingQuery, record: Record) -> bool:
        data = record.data.model_dump() if record.data is not None else {}
        if q.form_type and record.form_type != q.form_type:
            return False
        if q.issuer and q.issuer.lower() not in (_issuer(record) or "").lower():
            return False
        if q.cusip and data.get("issuer_cusip") != q.cusip:
            return False
        if q.person:
            names = [p.get("name") or "" for p in data.get("reporting_persons", []) + data.get("related_persons", [])]
            if not any(q.person.lower() in n.lower() for n in names):
                return False
        date = _filing_date(record)
        if q.date_from and (date is None or date < q.date_from):
            return False
        if q.date_to and (date is None or date > q.date_to):
            return False
        if q.severity and _RANK[record.worst_severity] < _RANK.get(q.severity, 0):
            return False
        if q.status and q.status != "ok":
            return False
        return True

    def search_filings(self, query: FilingQuery) -> tuple[list[FilingRow], int]:
        hits = [self._row(fid, rec) for fid, (rec, _src) in sorted(self._rows.items(), reverse=True)
                if self._matches(query, rec)]
        return hits[query.offset: query.offset + query.limit], len(hits)

    def persons(self, cusip: str | None = None, issuer: str | None = None, person: str | None = None,
                limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        out = []
        for fid, (rec, _src) in sorted(self._rows.items()):
            data = rec.data.model_dump() if rec.data is not None else {}
            for p in data.get("reporting_persons", []):
                row = {"filing_id": fid, "issuer_name": data.get("issuer_name"), "issuer_cusip":
                       data.get("issuer_cusip"), "form_type": rec.form_type, **p}
                if cusip and row["issuer_cusip"] != cusip:
                    continue
                if issuer and issuer.lower() not in (row["issuer_name"] or "").lower():
                    continue
                if person and person.lower() not in (p.get("name") or "").lower():
                    continue
                out.append(row)
        out = out[offset:]
        return out[:limit] if limit else out

    def table(self, name: str, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        if name == "filings":
            rows = [vars(self._row(fid, rec)) for fid, (rec, _s) in sorted(self._rows.items())]
        elif name == "reporting_persons":
            rows = self.persons()
        else:
            rows = []
        rows = rows[offset:]
        return rows[:limit] if limit is not None else rows

    def query(self, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
        raise NotImplementedError("the fake store has no SQL")

    def create_token(self, name: str) -> tuple[int, str]:
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_bytes(16)
        with self._lock:
            tid = len(self._tokens) + 1
            self._tokens[tid] = (salt, hashlib.sha256(salt + secret.encode()).digest())
        return tid, secret

    def verify_token(self, secret: str) -> bool:
        ok = False
        for salt, digest in list(self._tokens.values()):
            ok |= hmac.compare_digest(hashlib.sha256(salt + secret.encode()).digest(), digest)
        return ok

    def revoke_token(self, token_id: int) -> bool:
        with self._lock:
            return self._tokens.pop(token_id, None) is not None
