"""The review pages: a search page and a filing page with the source text on one side (extracted values
highlighted by their provenance spans) and the fields and findings on the other.

The highlighted source is built here, server-side, from the spans: the text is cut at every span boundary,
each piece is HTML-escaped, and pieces covered by spans become ``<mark data-s="i j">`` naming the spans that
cover them (spans may nest or overlap). review.js only toggles classes; no filing text ever reaches the page
unescaped, and the page's CSP forbids inline script.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..store.base import FilingQuery
from ..text.numbers import format_field
from .service import COOKIE, Service, service

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.autoescape = True  # every template, whatever its extension
SEVERITY_ORDER = {"error": 0, "warning": 1, "ok": 2}
PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)


@dataclass
class Field:
    path: str  # provenance key, e.g. "data.reporting_persons[0].percent_of_class"
    label: str  # the path without "data."
    value: Any
    span: int | None  # index of its span in the highlighted source, when it has one
    severity: str | None = None  # worst finding about this field

    @property
    def group(self) -> str:
        """What the field belongs to: "" at the top, else e.g. "reporting_persons[0]"."""
        return self.label.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.label.rpartition(".")[2]

    @property
    def display(self) -> str:
        """The value as printed: money and share counts whole with separators, years and ids as they are."""
        return "" if self.value is None else format_field(self.name.partition("[")[0], self.value)


@dataclass
class ListTable:
    """A list of objects (reporting persons, line items, the state appendix) as one table, cells as Fields."""
    title: str  # e.g. "reporting_persons", "financial_condition.line_items"
    columns: list[str]
    rows: list[list[Field | None]]


# data.<list>[i].<column>: a value of one item of a list of objects
_LIST_CELL = re.compile(r"^data\.(?P<table>[^\[]+)\[(?P<row>\d+)\]\.(?P<col>.+)$")


def split_lists(fields: list[Field]) -> tuple[list[Field], list[ListTable]]:
    """Fields of lists of objects become tables (one row per item); the rest stay a list of fields."""
    plain: list[Field] = []
    cells: dict[str, dict[int, dict[str, Field]]] = {}
    columns: dict[str, list[str]] = {}
    for f in fields:
        m = _LIST_CELL.match(f.path)
        if not m:
            plain.append(f)
            continue
        cells.setdefault(m["table"], {}).setdefault(int(m["row"]), {})[m["col"]] = f
        cols = columns.setdefault(m["table"], [])
        if m["col"] not in cols:
            cols.append(m["col"])
    tables = []
    for name, by_row in cells.items():
        cols = [c for c in columns[name] if any(r.get(c) is not None and r[c].value is not None
                                                or (r.get(c) is not None and r[c].span is not None)
                                                for r in by_row.values())]
        rows = [[by_row[i].get(c) for c in cols] for i in sorted(by_row)]
        tables.append(ListTable(name, cols, rows))
    return plain, tables


def highlight(source: str, provenance: dict[str, Any]) -> tuple[Markup, dict[str, int]]:
    """The escaped source with ``<mark>`` around every span, and path → span index. An empty span (a blank
    cell read as 0) becomes an empty ``<mark class="hl at">`` where it sits, so it can still be shown."""
    n = len(source)
    spans: list[tuple[int, int]] = []
    index: dict[str, int] = {}
    for path in sorted(provenance):
        try:
            a, b = (int(x) for x in provenance[path])
        except (TypeError, ValueError):
            continue
        if 0 <= a <= b <= n:
            index[path] = len(spans)
            spans.append((a, b))
    empty_at: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(spans):
        if a == b:
            empty_at.setdefault(a, []).append(i)
    cuts = sorted({0, n, *(a for a, _ in spans), *(b for _, b in spans)})
    by_start = sorted((i for i, (a, b) in enumerate(spans) if b > a), key=lambda i: spans[i][0])
    out: list[str] = []
    active: list[int] = []
    k = 0
    for lo, hi in zip(cuts, cuts[1:] + [None]):
        out += [f'<mark class="hl at" data-s="{i}"></mark>' for i in empty_at.get(lo, ())]
        if hi is None:
            break
        while k < len(by_start) and spans[by_start[k]][0] <= lo:
            active.append(by_start[k])
            k += 1
        active = [i for i in active if spans[i][1] > lo]
        piece = str(escape(source[lo:hi]))
        if active:
            ids = " ".join(map(str, sorted(active)))
            out.append(f'<mark class="hl" data-s="{ids}">{piece}</mark>')
        else:
            out.append(piece)
    return Markup("".join(out)), index


def _flatten(value: Any, path: str, provenance: dict[str, Any], indexed: set[str],
             out: list[tuple[str, Any]]) -> None:
    """(path, value) leaves; a list of scalars is one leaf unless its items carry their own spans."""
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{path}.{k}", provenance, indexed, out)
    elif isinstance(value, list):
        scalars = all(not isinstance(v, (dict, list)) for v in value)
        if scalars and path not in indexed:
            if value:
                out.append((path, ", ".join(map(str, value))))
            return
        for i, v in enumerate(value):
            _flatten(v, f"{path}[{i}]", provenance, indexed, out)
    elif value is not None or path in provenance:
        out.append((path, value))


def fields_of(record: dict[str, Any], index: dict[str, int]) -> list[Field]:
    """Every non-null value of ``record['data']`` (long item texts left out), plus spans with no value."""
    provenance = record.get("provenance") or {}
    data = dict(record.get("data") or {})
    data.pop("item_texts", None)  # whole item texts: long, and highlighted in the source already
    pairs: list[tuple[str, Any]] = []
    indexed = {p[:i] for p in provenance for i, ch in enumerate(p) if ch == "["}  # lists with item spans
    _flatten(data, "data", provenance, indexed, pairs)
    seen = {p for p, _ in pairs}
    pairs += [(p, None) for p in sorted(provenance) if p not in seen and p in index and "item_texts" not in p]
    worst: dict[str, str] = {}
    for f in record.get("findings") or []:
        if f.get("path") and f["severity"] != "ok":
            prev = worst.get(f["path"])
            if prev is None or SEVERITY_ORDER[f["severity"]] < SEVERITY_ORDER[prev]:
                worst[f["path"]] = f["severity"]
    return [Field(p, p.removeprefix("data."), v, index.get(p), worst.get(p) or worst.get(p.removeprefix("data.")))
            for p, v in pairs]


def page_reader(request: Request, svc: Service = Depends(service)) -> Service:
    """The service, after the read policy; a browser without access is sent to the login page."""
    if not svc.may_read(request):
        raise HTTPException(303, "login required", headers={"Location": f"/login?next={request.url.path}"})
    return svc


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search_page(request: Request, form_type: str = Query("", max_length=40), issuer: str = Query("", max_length=200),
                cusip: str = Query("", max_length=12), person: str = Query("", max_length=200),
                severity: str = Query("", pattern=r"^(|ok|warning|error)$"),
                date_from: str = Query("", pattern=r"^(|\d{4}-\d{2}-\d{2})$"),
                date_to: str = Query("", pattern=r"^(|\d{4}-\d{2}-\d{2})$"),
                page: int = Query(1, ge=1, le=100_000), svc: Service = Depends(page_reader)) -> Response:
    q = FilingQuery(form_type=form_type or None, issuer=issuer or None, cusip=cusip or None,
                    person=person or None, severity=severity or None, date_from=date_from or None,
                    date_to=date_to or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    rows, total = svc.search_filings(q)
    filters = {"form_type": form_type, "issuer": issuer, "cusip": cusip, "person": person,
               "severity": severity, "date_from": date_from, "date_to": date_to}
    return TEMPLATES.TemplateResponse(request, "search.html", {
        "rows": rows, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)), "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v})})


@router.api_route("/filings/{filing_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def filing_page(request: Request, filing_id: int, svc: Service = Depends(page_reader)) -> Response:
    record_obj = svc.get_record(filing_id)
    source = svc.get_source(filing_id)
    if record_obj is None or source is None:
        return TEMPLATES.TemplateResponse(request, "missing.html", {"filing_id": filing_id}, status_code=404)
    record = record_obj.to_json_dict()
    marked, index = highlight(source, record.get("provenance") or {})
    findings = sorted(record.get("findings") or [], key=lambda f: SEVERITY_ORDER.get(f["severity"], 3))
    for f in findings:  # a finding about a field links to that field's span
        path = f.get("path") or ""
        f["span"] = index.get(path if path.startswith("data.") else f"data.{path}")
    fields, tables = split_lists(fields_of(record, index))
    data = record.get("data") or {}
    recognised = record.get("family") is not None
    return TEMPLATES.TemplateResponse(request, "filing.html", {
        "id": filing_id, "record": record, "source_html": marked, "fields": fields, "tables": tables,
        "findings": [f for f in findings if f["severity"] != "ok"],
        "passed": [f for f in findings if f["severity"] == "ok"], "index": index,
        "worst": record_obj.worst_severity if recognised else "none",
        "badge": record_obj.worst_severity if recognised else
        "nothing recognised" if record.get("form_type") in (None, "UNKNOWN") else "not extracted",
        "filer": next((data[k] for k in ("issuer_name", "broker_dealer_name") if data.get(k)), None),
        "counts": {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning")}})


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = Query("/", max_length=500)) -> Response:
    return TEMPLATES.TemplateResponse(request, "login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: str = Form(..., max_length=500), next: str = Form("/", max_length=500),
          svc: Service = Depends(service)) -> Response:
    if not svc.token_ok(token):
        return TEMPLATES.TemplateResponse(request, "login.html", {"next": _safe_next(next), "failed": True},
                                          status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.get("/login/{secret}")
def login_link(request: Request, secret: str, svc: Service = Depends(service)) -> Response:
    """The one-run link `edgarsift serve` prints: sets the cookie and opens the search page."""
    if not svc.is_login_secret(secret):
        return RedirectResponse("/login", status_code=303)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


def _safe_next(target: str) -> str:
    """Only same-site paths: never an open redirect to another host."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
