"""Ownership history over HTTP: ``GET /api/history`` (JSON rows) and ``GET /history`` (a page with
a server-side SVG chart of percent of class over time, one line per holder, each point a link to its filing
page). The SVG uses presentation attributes only (no script, no inline style), so the strict CSP holds."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse
from markupsafe import escape

from .api_models import PROBLEMS
from .service import Service, require_read, service

router = APIRouter()

# Okabe-Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 320, 56, 220, 16, 40


def _rows(svc: Service, cusip: str | None, cik: str | None, holder: str | None) -> list[dict[str, Any]]:
    return svc.history(cusip=cusip or None, cik=cik or None, holder=holder or None)


@router.get("/api/history", response_model=list[dict[str, Any]], tags=["tables"],
            dependencies=[Depends(require_read)], responses={401: PROBLEMS[401]})
def history(cusip: str | None = Query(None, max_length=12), cik: str | None = Query(None, max_length=10),
            holder: str | None = Query(None, max_length=200), limit: int = Query(10_000, ge=1, le=100_000),
            svc: Service = Depends(service)):
    """Each holder's position in an issuer filing after filing (13D/13G and amendments): date, form,
    amendment number, holder, shares, percent, change since the holder's previous filing, the filing's id;
    ``uncertain`` marks a holder matched by a near-identical name only. Without cusip or cik: every issuer
    (holders matched within each), e.g. with holder= that holder's positions everywhere."""
    return jsonable_encoder(_rows(svc, cusip, cik, holder)[:limit])


def _day(iso: str | None) -> int | None:
    try:
        return date.fromisoformat(str(iso)[:10]).toordinal()
    except ValueError:
        return None


def chart_svg(rows: list[dict[str, Any]]) -> str:
    """Percent of class over time, one polyline per holder; every point links to /filings/{id}."""
    days = ((r, _day(r["date"])) for r in rows if r["percent"] is not None)
    pts = [(r, d) for r, d in days if d is not None]
    if not pts:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="40" role="img">'
                '<text x="8" y="24" font-size="13">No positions with a percent and a date.</text></svg>')
    d0, d1 = min(d for _, d in pts), max(d for _, d in pts)
    top = max(max(r["percent"] for r, _ in pts), 1.0) * 1.1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: int) -> float:
        return LEFT + (plot_w * (d - d0) / (d1 - d0) if d1 > d0 else plot_w / 2)

    def y(p: float) -> float:
        return TOP + plot_h * (1 - p / top)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" role="img" '
           f'aria-label="percent of class over time" font-family="sans-serif" font-size="11">',
           f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#888"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#888"/>']
    for i in range(5):  # y ticks
        p = top * i / 4
        out.append(f'<text x="{LEFT - 6}" y="{y(p) + 4:.1f}" text-anchor="end">{p:.1f}%</text>')
        out.append(f'<line x1="{LEFT}" y1="{y(p):.1f}" x2="{LEFT + plot_w}" y2="{y(p):.1f}" stroke="#eee"/>')
    for d in sorted({d0, d1}):
        out.append(f'<text x="{x(d):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                   f'{date.fromordinal(d).isoformat()}</text>')
    holders: dict[int, list[tuple[dict[str, Any], int]]] = {}
    for r, d in pts:
        holders.setdefault(r["holder_id"], []).append((r, d))
    for n, series in enumerate(holders.values()):
        colour = PALETTE[n % len(PALETTE)]
        line = " ".join(f"{x(d):.1f},{y(r['percent']):.1f}" for r, d in series)
        # holders filing jointly report the same stake: dash later lines so one never hides another
        dash = f' stroke-dasharray="{4 + 2 * n} {3 + n}"' if n else ""
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{line}"/>')
        for r, d in series:
            tip = (f"{r['holder']}: {r['percent']}% ({r['shares'] if r['shares'] is not None else '?'} shares), "
                   f"{r['form_type']} {r['date']}" + (" - holder match uncertain" if r["uncertain"] else ""))
            out.append(f'<a href="/filings/{int(r["filing_id"])}"><circle cx="{x(d):.1f}" cy="{y(r["percent"]):.1f}" '
                       f'r="{5 if r["uncertain"] else 4}" fill="{"#fff" if r["uncertain"] else colour}" '
                       f'stroke="{colour}" stroke-width="2"><title>{escape(tip)}</title></circle></a>')
        ly = TOP + 14 * n + 8
        out.append(f'<rect x="{WIDTH - RIGHT + 12}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 28}" y="{ly + 1}">{escape(series[0][0]["holder_name"][:32])}</text>')
    out.append("</svg>")
    return "\n".join(out)


@router.get("/history", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(require_read)])
def history_page(cusip: str | None = Query(None, max_length=12), cik: str | None = Query(None, max_length=10),
                 holder: str | None = Query(None, max_length=200), svc: Service = Depends(service)):
    rows = _rows(svc, cusip, cik, holder)
    issuers = {r["issuer_name"] for r in rows if r["issuer_name"]}
    issuer = (issuers.pop() if len(issuers) == 1 else None) or cusip or (f"CIK {cik}" if cik else "every issuer")
    head = ["date", "form", "amendment", "holder", "shares", "percent", "change (shares)", "change (pct)", "match"]
    body = []
    for r in rows:
        cells = [r["date"], r["form_type"], r["amendment_number"], r["holder"], r["shares"], r["percent"],
                 r["shares_change"], r["percent_change"], r["match"] + (" (uncertain)" if r["uncertain"] else "")]
        tds = "".join(f"<td>{escape('' if c is None else c)}</td>" for c in cells)
        body.append(f'<tr><td><a href="/filings/{int(r["filing_id"])}">{int(r["filing_id"])}</a></td>{tds}</tr>')
    query = escape(urlencode({k: v for k, v in (("cusip", cusip), ("cik", cik), ("holder", holder)) if v}))
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Holders of {escape(issuer)}</title>'
            f'<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/static/review.css"></head><body><main>'
            f'<p><a href="/">search</a> · <a href="/api/history?{query}">JSON</a></p>'
            f'<h1>Holders of {escape(issuer)} over time</h1>{chart_svg(rows)}'
            f'<table><thead><tr><th>filing</th>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></main></body></html>')
    return HTMLResponse(html)
