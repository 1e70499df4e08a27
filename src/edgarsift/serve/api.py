"""The REST API (FastAPI): upload a filing (extract + store), search filings, read records, their source text,
persons and the normalized tables, export. The review page (review.py) is mounted on the same app.

Security, in one place:
- writes need ``Authorization: Bearer <token>`` (tokens live hashed in the store: ``edgarsift token create``);
- reads too, unless the operator starts the service with ``--public-read``; a browser may instead carry the
  token in an HttpOnly cookie set by /login, honoured for reads only (so a cross-site form cannot write);
- request bodies over ``max_upload_bytes`` are refused with 413 before they are read; an extraction past
  ``extract_timeout_s`` is abandoned (its worker process killed) and answered 408;
- the source text is served as ``text/plain`` with ``nosniff``, and every page has a strict CSP, so a filing's
  own markup can never run as a page; no SQL is built from strings here (Store methods, and one constant
  statement with a bound parameter).
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import hmac
import io
import json
import threading
import typing
from contextlib import asynccontextmanager
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Union

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, Response, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, create_model
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ..config import Settings, load_settings
from ..errors import EdgarsiftError, ReadError, StoreError
from ..forms.registry import FAMILIES
from ..records import Record
from ..store.base import FilingQuery, FilingRow, Store
from ..store.schema import USER_TABLES
from .worker import ExtractionPool

COOKIE = "edgarsift_token"
MULTIPART_SLACK = 64 * 1024  # form boundaries and part headers around an upload of the maximum size
EXPORT_PAGE = 5_000  # rows per store call while /api/export streams a table

# A record whose data is any family's model: accurate OpenAPI for the record endpoints.
AnyRecord = Record[Union[tuple(f.model for f in FAMILIES.values())]]  # type: ignore[misc]


# The normalized tables the store exposes (its schema module is shared by every backend).
Table = Enum("Table", {name: name for name in USER_TABLES}, type=str)  # type: ignore[misc]


# What each listing column means (OpenAPI and `edgarsift schema` users read these).
FILING_FIELD_DOCS = {
    "id": "The filing's id in this store; the same bytes (sha256) keep it when extracted again.",
    "path": "The file as ingested or uploaded.",
    "sha256": "SHA-256 of the file's bytes.",
    "format": "How the text was read: ocr-text, edgar-sgml, html, xml, pdf or text.",
    "form_type": "EDGAR's spelling of the form (SC 13D/A, D, X-17A-5); UNKNOWN when nothing was recognised.",
    "amendment_number": "Amendment No. as printed; null for an original or an unnumbered amendment.",
    "family": "schedule13, form_d or x17a5; null for forms edgarsift does not extract.",
    "issuer_name": "The issuer (13D/G, Form D) or the broker-dealer (X-17A-5).",
    "filing_date": ("The date the filing is listed under (YYYY-MM-DD): EDGAR's filed-as-of date when the file has "
                    "an EDGAR header; without one, the signature date of a 13D/G (else its event date), the "
                    "signature date of a Form D (else its date of first sale), and the period end of an X-17A-5."),
    "status": "ok (extracted) or failed (see error).",
    "worst_severity": "The worst finding of the checks: ok, warning or error.",
    "error": "Why the file could not be extracted, when status is failed.",
}


def _filing_out() -> type[BaseModel]:
    """The listing row as the API shows it: the store's FilingRow fields (one definition), minus ``extra``."""
    hints = typing.get_type_hints(FilingRow)
    fields = {f.name: (hints[f.name], Field(... if f.default is dataclasses.MISSING else f.default,
                                            description=FILING_FIELD_DOCS.get(f.name)))
              for f in dataclasses.fields(FilingRow) if f.name != "extra"}
    return create_model("FilingOut", **fields)  # type: ignore[call-overload]


FilingOut = _filing_out()


class FilingPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[FilingOut]


class RecordOut(BaseModel):
    id: int
    record: AnyRecord  # type: ignore[valid-type]


class Problem(BaseModel):
    detail: str


class InvalidRequest(BaseModel):
    """422: a filing that cannot be read (``detail`` is a message) or a malformed request (a list of errors)."""

    detail: str | list[dict[str, Any]]


PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "missing or invalid bearer token"},
    404: {"model": Problem, "description": "no such filing"},
}


def json_problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error responses spelled out as JSON, for routes whose success is not JSON (FastAPI would otherwise
    document their errors with the route's own media type)."""
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {c: {"description": PROBLEMS[c]["description"], "content": ref} for c in codes}


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, by Content-Length up front and by
    counting while streaming (chunked uploads), so an oversized upload is never buffered."""

    def __init__(self, app, limit: int, upload_limit: int):
        self.app, self.limit = app, limit
        self.upload_limit = upload_limit  # the setting the message names (limit adds multipart overhead)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(self.upload_limit)(scope, receive, send)
        seen = 0
        state = {"app_started": False, "refused": False}

        async def guarded_send(message):
            if state["refused"]:
                return  # the 413 went out already: whatever the app says after it is dropped
            state["app_started"] = True
            await send(message)

        async def counting_receive():
            nonlocal seen
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not state["app_started"]:
                    # answer now, then tell the app the client is gone so it stops reading
                    state["refused"] = True
                    await _too_large(self.upload_limit)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not state["refused"]:
                raise  # a real error; after a refusal the app's complaints about the cut body are moot


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"upload too large: the limit is {limit} bytes (EDGARSIFT_MAX_UPLOAD_BYTES)"},
                        status_code=413)


class SecurityHeaders:
    """ASGI middleware: nosniff and a strict same-origin CSP on every response (no inline script)."""

    HEADERS = [
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     b"object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in self.HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


class Service:
    """What the endpoints share: the store (behind a lock: embedded stores are not thread-safe), the
    extraction pool and the access policy."""

    def __init__(self, store: Store, settings: Settings, public_read: bool, login_secret: str | None,
                 workers: int, extract_timeout_s: float):
        self.store = store
        self.settings = settings
        self.public_read = public_read
        self.login_secret = login_secret  # one-run secret printed by `edgarsift serve` (not stored)
        self.extract_timeout_s = extract_timeout_s
        self.pool = ExtractionPool(workers)
        self.lock = threading.RLock()

    def call(self, method: str, *args, **kwargs):
        with self.lock:
            try:
                return getattr(self.store, method)(*args, **kwargs)
            except StoreError as exc:
                raise HTTPException(503, f"store unavailable: {exc}") from None

    def token_ok(self, secret: str | None) -> bool:
        if not secret:
            return False
        if self.login_secret and hmac.compare_digest(secret.encode(), self.login_secret.encode()):
            return True
        return bool(self.call("verify_token", secret))


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def service(request: Request) -> Service:
    return request.app.state.service


def require_read(request: Request, svc: Service = Depends(service)) -> None:
    if svc.public_read or svc.token_ok(_bearer(request) or request.cookies.get(COOKIE)):
        return
    raise HTTPException(401, "reading needs a bearer token (or start the service with --public-read)",
                        headers={"WWW-Authenticate": "Bearer"})


def require_write(request: Request, svc: Service = Depends(service)) -> None:
    if svc.token_ok(_bearer(request)):  # header only: a cookie never authorises a write
        return
    raise HTTPException(401, "writing needs a bearer token: Authorization: Bearer <token> (edgarsift token create)",
                        headers={"WWW-Authenticate": "Bearer"})


def ingest_bytes(svc: Service, data: bytes, name: str) -> tuple[int, Record]:
    """Extract (time-limited, in a worker process) and store one filing; returns its id and record."""
    record, source = svc.pool.run(data, name, svc.extract_timeout_s)
    with svc.lock:  # put and look up together, so two uploads cannot interleave
        svc.call("put_records", [(record, source)])
        filing_id = find_id(svc, record.source.sha256)
    if filing_id is None:
        raise HTTPException(500, "the store did not keep the filing")
    return filing_id, record


def stored_already(svc: Service, sha256: str) -> tuple[int, Record] | None:
    """The id and record of these bytes when the store holds them from this extractor version: an upload of
    the same file again keeps its id (links to it stay valid) and is not extracted again."""
    from ..records import EXTRACTOR_VERSION

    with svc.lock:
        if svc.call("needs_extraction", sha256, EXTRACTOR_VERSION):
            return None
        filing_id = find_id(svc, sha256)
        record = svc.call("get_record", filing_id) if filing_id is not None else None
    return (filing_id, record) if record is not None else None


def find_id(svc: Service, sha256: str) -> int | None:
    """The id the store gave the filing with these bytes (the protocol keys filings by sha256)."""
    try:  # a constant, parameterised statement: the sha256 is a bound value, never spliced into SQL
        _cols, rows = svc.call("query", "SELECT id FROM filings WHERE sha256 = ?", [sha256])
        return int(rows[0][0]) if rows else None
    except NotImplementedError:  # a backend without SQL: walk the listing
        pass
    page, offset = 500, 0
    while True:
        rows, total = svc.call("search_filings", FilingQuery(limit=page, offset=offset))
        for row in rows:
            if row.sha256 == sha256:
                return row.id
        offset += page
        if offset >= total or not rows:
            return None


def _record_or_404(svc: Service, filing_id: int) -> Record:
    record = svc.call("get_record", filing_id)
    if record is None:
        raise HTTPException(404, f"no filing with id {filing_id}")
    return record


def create_app(store: Store, *, public_read: bool = False, settings: Settings | None = None,
               login_secret: str | None = None, workers: int = 1,
               extract_timeout_s: float | None = None, prestart_workers: bool = False) -> FastAPI:
    """The ASGI app over ``store``. ``extract_timeout_s`` defaults to the setting of that name;
    ``prestart_workers`` starts the extraction workers with the service instead of at the first upload."""
    settings = settings or load_settings()
    svc = Service(store, settings, public_read, login_secret, workers,
                  float(extract_timeout_s if extract_timeout_s is not None else settings.extract_timeout_s))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if prestart_workers:  # in the background: the service answers reads while the workers import
            threading.Thread(target=svc.pool.start, daemon=True, name="edgarsift-prestart").start()
        yield
        svc.pool.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, which neither the CSP nor an
    # offline install allows. The spec itself is at /openapi.json.
    app = FastAPI(title="edgarsift", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="SEC EDGAR filings as validated records; every value carries its source span.")
    app.state.service = svc
    read = [Depends(require_read)]

    @app.exception_handler(EdgarsiftError)
    async def _edgarsift_error(request: Request, exc: EdgarsiftError):
        return JSONResponse({"detail": str(exc)}, status_code=exc.http_status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Allow lists every method of the path, not just the first route's
            methods = {m for r in app.router.routes if r.matches(request.scope)[0] != Match.NONE
                       for m in (getattr(r, "methods", None) or ())}
            headers["Allow"] = ", ".join(sorted(methods))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, str]:
        """Liveness: answers without touching the store."""
        return {"status": "ok"}

    @app.post("/api/filings", status_code=201, response_model=RecordOut, tags=["filings"],
              dependencies=[Depends(require_write)],
              responses={200: {"model": RecordOut, "description": "these bytes were stored already: their id"},
                         400: {"model": Problem, "description": "malformed multipart body"}, 401: PROBLEMS[401],
                         408: {"model": Problem, "description": "extraction over the time limit"},
                         413: {"model": Problem, "description": "upload over the size limit"},
                         422: {"model": InvalidRequest, "description": "not a readable filing, or no file"}})
    def upload(response: Response,
               file: UploadFile = File(..., description="One filing: EDGAR .txt/.nc, HTML, XML, PDF or text.")):
        """Extract one filing, store it and return it (201). The same bytes uploaded again keep their id and
        record (200); after an extractor upgrade they are extracted again and replace the earlier record."""
        limit = settings.max_upload_bytes
        data = file.file.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, f"upload too large: the limit is {limit} bytes (EDGARSIFT_MAX_UPLOAD_BYTES)")
        name = Path(file.filename or "upload").name or "upload"
        if not data.strip():
            raise ReadError("empty file", name)
        kept = stored_already(svc, hashlib.sha256(data).hexdigest())
        if kept is not None:
            response.status_code = 200
            return {"id": kept[0], "record": kept[1].to_json_dict()}
        filing_id, record = ingest_bytes(svc, data, name)
        return {"id": filing_id, "record": record.to_json_dict()}

    @app.get("/api/filings", response_model=FilingPage, tags=["filings"], dependencies=read,
             responses={401: PROBLEMS[401]})
    def search(
        form_type: str | None = Query(None, max_length=40, description=(
            "A form and its variants: '13D' (SC 13D, SC 13D/A, SCHEDULE 13D), 'SC 13G/A' (amendments only), "
            "or a family (schedule13).")),
        issuer: str | None = Query(None, max_length=200, description="Substring of the issuer name."),
        cusip: str | None = Query(None, max_length=12),
        person: str | None = Query(None, max_length=200, description="Substring of a reporting/related person."),
        date_from: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
        date_to: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
        severity: Literal["ok", "warning", "error"] | None = Query(None, description="Worst finding at least."),
        status: Literal["ok", "failed"] | None = None,
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0, le=10_000_000),
    ):
        """Filings matching every given filter, newest first, one page at a time."""
        q = FilingQuery(form_type=form_type or None, issuer=issuer or None, cusip=cusip or None,
                        person=person or None, date_from=date_from, date_to=date_to, severity=severity,
                        status=status, limit=limit, offset=offset)
        rows, total = svc.call("search_filings", q)
        return {"total": total, "limit": limit, "offset": offset,
                "items": [{k: v for k, v in asdict(r).items() if k != "extra"} for r in rows]}

    @app.get("/api/filings/{filing_id}", response_model=RecordOut, tags=["filings"], dependencies=read,
             responses=PROBLEMS)
    def get_filing(filing_id: int):
        """One record with its findings and provenance (``data.path`` → ``[start, end)`` in the source)."""
        return {"id": filing_id, "record": _record_or_404(svc, filing_id).to_json_dict()}

    @app.get("/api/filings/{filing_id}/source", response_class=PlainTextResponse, tags=["filings"],
             dependencies=read, responses={**json_problems(401, 404), 200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                                                               "description": "the decoded source text"}})
    def get_source(filing_id: int):
        """The decoded source text the provenance spans index; always plain text, never rendered."""
        text = svc.call("get_source", filing_id)
        if text is None:
            raise HTTPException(404, f"no filing with id {filing_id}")
        return PlainTextResponse(text, media_type="text/plain; charset=utf-8",
                                 headers={"X-Content-Type-Options": "nosniff"})

    @app.get("/api/persons", response_model=list[dict[str, Any]], tags=["tables"], dependencies=read,
             responses={401: PROBLEMS[401]})
    def persons(cusip: str | None = Query(None, max_length=12), issuer: str | None = Query(None, max_length=200),
                person: str | None = Query(None, max_length=200), limit: int = Query(500, ge=1, le=10_000),
                offset: int = Query(0, ge=0, le=10_000_000, description="Rows to skip (pages of `limit`).")):
        """Reporting persons of 13D/13G filings with their filing's issuer, CUSIP, form and date, newest filing
        first (pages with limit and offset)."""
        return jsonable_encoder(svc.call("persons", cusip=cusip or None, issuer=issuer or None,
                                         person=person or None, limit=limit, offset=offset))

    def _table_pages(name: str) -> Iterator[dict[str, Any]]:
        """A whole table, read EXPORT_PAGE rows per store call while the response streams: memory stays flat
        and the store is free between pages (no cursor or lock is held across the client's pace)."""
        offset = 0
        while True:
            page = jsonable_encoder(svc.call("table", name, limit=EXPORT_PAGE, offset=offset))
            yield from page
            if len(page) < EXPORT_PAGE:
                return
            offset += len(page)

    def _table(name: str, limit: int, offset: int) -> list[dict[str, Any]]:
        return jsonable_encoder(svc.call("table", name, limit=limit, offset=offset))

    @app.get("/api/offerings", response_model=list[dict[str, Any]], tags=["tables"], dependencies=read,
             responses={401: PROBLEMS[401]})
    def offerings(limit: int = Query(500, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000)):
        """Form D offerings."""
        return _table("offerings", limit, offset)

    @app.get("/api/line-items", response_model=list[dict[str, Any]], tags=["tables"], dependencies=read,
             responses={401: PROBLEMS[401]})
    def line_items(limit: int = Query(500, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000)):
        """X-17A-5 balance-sheet line items."""
        return _table("line_items", limit, offset)

    @app.get("/api/tables/{name}", response_model=list[dict[str, Any]], tags=["tables"], dependencies=read,
             responses={401: PROBLEMS[401]})
    def table(name: Table, limit: int = Query(500, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000)):
        """Rows of one normalized table (``filings`` without record and source bodies)."""
        return _table(name.value, limit, offset)

    @app.get("/api/export/{name}", tags=["tables"], dependencies=read, response_class=StreamingResponse,
             responses={**json_problems(401), 200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                                             "application/x-ndjson": {"schema": {"type": "string"}}},
                                                 "description": "the whole table"}})
    def export(name: Table, format: Literal["csv", "jsonl"] = "jsonl"):
        """A whole normalized table as CSV or JSON lines (a download, streamed a page at a time). In CSV a list
        cell is its items joined with ';'."""
        rows = _table_pages(name.value)
        body = _csv(name.value, rows) if format == "csv" else (json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(body, media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name.value}.{format}"'})

    from .review import router as review_router  # the HTML pages share this app's dependencies

    app.include_router(review_router)
    app.include_router(__import__("edgarsift.serve.api_history", fromlist=["router"]).router)  # issue 14
    app.mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + MULTIPART_SLACK,
                       upload_limit=settings.max_upload_bytes)
    return app


def _csv(table: str, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV of a table's rows as they stream in; the header is the first row's columns (a table's rows all have
    the same); list cells are ';'-joined as in ``edgarsift export``."""
    from ..store.export import csv_row

    from ..store.schema import FILINGS_BODY, TABLES

    buf = io.StringIO()
    writer: csv.DictWriter | None = None
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(r), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(csv_row(table, r))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if writer is None:  # an empty table still has its header
        csv.writer(buf).writerow([c for c in TABLES[table].column_names if c not in FILINGS_BODY])
        yield buf.getvalue()
    if not rows:
        yield buf.getvalue()
