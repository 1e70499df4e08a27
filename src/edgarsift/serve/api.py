"""The REST API (FastAPI): upload a filing (extract + store), search filings, read records, their source text,
persons and the normalized tables, export. The review pages (review.py) and the ownership history
(api_history.py) are routers on the same app; the service, authentication and uploads are in service.py, the
middleware in middleware.py, the response models in api_models.py.

Security, in one place:
- writes need ``Authorization: Bearer <token>`` (tokens live hashed in the store: ``edgarsift token create``);
- reads too, unless the operator starts the service with ``--public-read``; a browser may instead carry the
  token in an HttpOnly cookie set by /login, honoured for reads only (so a cross-site form cannot write);
- request bodies over ``max_upload_bytes`` are refused with 413 before they are read; an extraction past
  ``extract_timeout_s`` is abandoned (its worker process killed) and answered 408;
- the source text is served as ``text/plain`` with ``nosniff``, and every page has a strict CSP, so a filing's
  own markup can never run as a page; no SQL is built from strings (Store methods, and in service.py one
  constant statement with a bound parameter).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, AsyncIterator, Iterable, Iterator, Literal

from fastapi import APIRouter, Depends, FastAPI, File, HTTPException, Query, Request, Response, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ..config import Settings, load_settings
from ..errors import EdgarsiftError, ReadError, StoreError
from ..records import PACKAGE_VERSION, Record
from ..store.base import FilingQuery, Store
from ..store.export import csv_row
from ..store.schema import FILINGS_BODY, TABLES
from . import api_history, review
from .api_models import (FILING_FIELD_DOCS, PROBLEMS, AnyRecord, FilingOut, FilingPage, InvalidRequest,
                         Problem, RecordOut, Table, json_problems)
from .middleware import BodyLimit, SecurityHeaders, too_large_message
from .service import Service, require_read, require_write, service

__all__ = ["AnyRecord", "FILING_FIELD_DOCS", "FilingOut", "FilingPage", "RecordOut", "create_app", "router"]

MULTIPART_SLACK = 64 * 1024  # form boundaries and part headers around an upload of the maximum size
EXPORT_PAGE = 5_000  # rows per store call while /api/export streams a table

router = APIRouter()
READ = [Depends(require_read)]


def _record_or_404(svc: Service, filing_id: int) -> Record:
    record = svc.get_record(filing_id)
    if record is None:
        raise HTTPException(404, f"no filing with id {filing_id}")
    return record


@router.get("/api/health", tags=["service"])
def health() -> dict[str, str]:
    """Liveness: answers without touching the store."""
    return {"status": "ok"}

@router.post("/api/filings", status_code=201, response_model=RecordOut, tags=["filings"],
          dependencies=[Depends(require_write)],
          responses={200: {"model": RecordOut, "description": "these bytes were stored already: their id"},
                     400: {"model": Problem, "description": "malformed multipart body"}, 401: PROBLEMS[401],
                     408: {"model": Problem, "description": "extraction over the time limit"},
                     413: {"model": Problem, "description": "upload over the size limit"},
                     422: {"model": InvalidRequest, "description": "not a readable filing, or no file"}})
def upload(response: Response,
           file: UploadFile = File(..., description="One filing: EDGAR .txt/.nc, HTML, XML, PDF or text."),
           svc: Service = Depends(service)):
    """Extract one filing, store it and return it (201). The same bytes uploaded again keep their id and
    record (200); after an extractor upgrade they are extracted again and replace the earlier record."""
    limit = svc.settings.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, too_large_message(limit))
    name = Path(file.filename or "upload").name or "upload"
    if not data.strip():
        raise ReadError("empty file", name)
    kept = svc.stored_already(hashlib.sha256(data).hexdigest())
    if kept is not None:
        response.status_code = 200
        return {"id": kept[0], "record": kept[1].to_json_dict()}
    filing_id, record = svc.extract_and_store(data, name)
    return {"id": filing_id, "record": record.to_json_dict()}

@router.get("/api/filings", response_model=FilingPage, tags=["filings"], dependencies=READ,
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
    svc: Service = Depends(service),
):
    """Filings matching every given filter, newest first, one page at a time."""
    q = FilingQuery(form_type=form_type or None, issuer=issuer or None, cusip=cusip or None,
                    person=person or None, date_from=date_from, date_to=date_to, severity=severity,
                    status=status, limit=limit, offset=offset)
    rows, total = svc.search_filings(q)
    return {"total": total, "limit": limit, "offset": offset,
            "items": [{k: v for k, v in asdict(r).items() if k != "extra"} for r in rows]}

@router.get("/api/filings/{filing_id}", response_model=RecordOut, tags=["filings"], dependencies=READ,
         responses=PROBLEMS)
def get_filing(filing_id: int, svc: Service = Depends(service)):
    """One record with its findings and provenance (``data.path`` → ``[start, end)`` in the source)."""
    return {"id": filing_id, "record": _record_or_404(svc, filing_id).to_json_dict()}

@router.get("/api/filings/{filing_id}/source", response_class=PlainTextResponse, tags=["filings"],
         dependencies=READ, responses={**json_problems(401, 404), 200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                                                           "description": "the decoded source text"}})
def get_source(filing_id: int, svc: Service = Depends(service)):
    """The decoded source text the provenance spans index; always plain text, never rendered."""
    text = svc.get_source(filing_id)
    if text is None:
        raise HTTPException(404, f"no filing with id {filing_id}")
    return PlainTextResponse(text, media_type="text/plain; charset=utf-8",
                             headers={"X-Content-Type-Options": "nosniff"})

@router.get("/api/persons", response_model=list[dict[str, Any]], tags=["tables"], dependencies=READ,
         responses={401: PROBLEMS[401]})
def persons(cusip: str | None = Query(None, max_length=12), issuer: str | None = Query(None, max_length=200),
            person: str | None = Query(None, max_length=200), limit: int = Query(500, ge=1, le=10_000),
            offset: int = Query(0, ge=0, le=10_000_000, description="Rows to skip (pages of `limit`)."),
            svc: Service = Depends(service)):
    """Reporting persons of 13D/13G filings with their filing's issuer, CUSIP, form and date, newest filing
    first (pages with limit and offset)."""
    return jsonable_encoder(svc.persons(cusip=cusip or None, issuer=issuer or None, person=person or None,
                                        limit=limit, offset=offset))

def _table_pages(svc: Service, name: str) -> Iterator[dict[str, Any]]:
    """A whole table, read EXPORT_PAGE rows per store call while the response streams: memory stays flat
    and the store is free between pages (no cursor or lock is held across the client's pace)."""
    offset = 0
    while True:
        page = jsonable_encoder(svc.table(name, limit=EXPORT_PAGE, offset=offset))
        yield from page
        if len(page) < EXPORT_PAGE:
            return
        offset += len(page)

def _table(svc: Service, name: str, limit: int, offset: int) -> list[dict[str, Any]]:
    return jsonable_encoder(svc.table(name, limit=limit, offset=offset))

@router.get("/api/offerings", response_model=list[dict[str, Any]], tags=["tables"], dependencies=READ,
         responses={401: PROBLEMS[401]})
def offerings(limit: int = Query(500, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000),
              svc: Service = Depends(service)):
    """Form D offerings."""
    return _table(svc, "offerings", limit, offset)

@router.get("/api/line-items", response_model=list[dict[str, Any]], tags=["tables"], dependencies=READ,
         responses={401: PROBLEMS[401]})
def line_items(limit: int = Query(500, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000),
               svc: Service = Depends(service)):
    """X-17A-5 balance-sheet line items."""
    return _table(svc, "line_items", limit, offset)

@router.get("/api/tables/{name}", response_model=list[dict[str, Any]], tags=["tables"], dependencies=READ,
         responses={401: PROBLEMS[401]})
def table(name: Table, limit: int = Query(500, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000),
          svc: Service = Depends(service)):
    """Rows of one normalized table (``filings`` without record and source bodies)."""
    return _table(svc, name.value, limit, offset)

@router.get("/api/export/{name}", tags=["tables"], dependencies=READ, response_class=StreamingResponse,
         responses={**json_problems(401), 200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                                         "application/x-ndjson": {"schema": {"type": "string"}}},
                                             "description": "the whole table"}})
def export(name: Table, format: Literal["csv", "jsonl"] = "jsonl", svc: Service = Depends(service)):
    """A whole normalized table as CSV or JSON lines (a download, streamed a page at a time). In CSV a list
    cell is its items joined with ';'."""
    rows = _table_pages(svc, name.value)
    body = _csv(name.value, rows) if format == "csv" else (json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(body, media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name.value}.{format}"'})


async def _edgarsift_error(request: Request, exc: Exception) -> JSONResponse:
    """Every library error, mapped once: the status its class carries."""
    assert isinstance(exc, EdgarsiftError)
    detail = f"store unavailable: {exc}" if isinstance(exc, StoreError) else str(exc)
    return JSONResponse({"detail": detail}, status_code=exc.http_status)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # Allow lists every method of the path, not just the first route's
        methods = {m for r in _leaf_routes(request.app.router.routes) if r.matches(request.scope)[0] != Match.NONE
                   for m in (getattr(r, "methods", None) or ())}
        headers["Allow"] = ", ".join(sorted(methods))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def _leaf_routes(routes: Iterable[Any]) -> Iterator[Any]:
    """The routes themselves, inside the included routers too (FastAPI keeps an included router as one entry;
    the routers here are included without a prefix, so their routes match the request's path as written)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _leaf_routes(included.routes)
        else:
            yield route


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    svc: Service = app.state.service
    if app.state.prestart_workers:  # in the background: the service answers reads while the workers import
        threading.Thread(target=svc.pool.start, daemon=True, name="edgarsift-prestart").start()
    yield
    svc.pool.close()


def create_app(store: Store, *, public_read: bool = False, settings: Settings | None = None,
               login_secret: str | None = None, workers: int = 1,
               extract_timeout_s: float | None = None, prestart_workers: bool = False) -> FastAPI:
    """The ASGI app over ``store``. ``extract_timeout_s`` defaults to the setting of that name;
    ``prestart_workers`` starts the extraction workers with the service instead of at the first upload."""
    settings = settings or load_settings()
    svc = Service(store, settings, public_read, login_secret, workers,
                  float(extract_timeout_s if extract_timeout_s is not None else settings.extract_timeout_s))
    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, which neither the CSP nor an
    # offline install allows. The spec itself is at /openapi.json.
    app = FastAPI(title="edgarsift", version=PACKAGE_VERSION, lifespan=_lifespan, docs_url=None, redoc_url=None,
                  description="SEC EDGAR filings as validated records; every value carries its source span.")
    app.state.service = svc
    app.state.prestart_workers = prestart_workers
    app.add_exception_handler(EdgarsiftError, _edgarsift_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(router)
    app.include_router(review.router)
    app.include_router(api_history.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + MULTIPART_SLACK,
                       upload_limit=settings.max_upload_bytes)
    return app


def _csv(table: str, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV of a table's rows as they stream in; the header is the first row's columns (a table's rows all have
    the same); list cells are ';'-joined as in ``edgarsift export``."""
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
