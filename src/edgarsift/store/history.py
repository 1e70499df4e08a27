"""Ownership history: for an issuer (CUSIP or CIK), every reporting person's position filing after
filing (originals and amendments), with the change since that holder's previous filing.

Holders are matched across filings by, in order of trust:
  ``cik``      the SEC header's filer CIK, given to the cover person whose name is the filer's name;
  ``name``     the same normalized name (case, punctuation and legal suffixes such as LLC / L.P. ignored);
  ``similar``  a near-identical normalized name (a typo, a dropped word): matched, but ``uncertain`` is true;
  ``new``      the holder's first filing in the series.
A wrong merge would invent a change in position, so a merely similar name is flagged rather than trusted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from rapidfuzz import fuzz

from .base import Store
from .sql import normalize_cusip_query

SIMILAR_NAME = 90  # rapidfuzz ratio of normalized names at or above which two holders are probably one

# Legal-form words that vary between filings of one holder ("LLC", "L.L.C.", "Inc.", ...); compared
# after punctuation is gone, so "L.L.C." is "L L C" here.
_LEGAL_SUFFIXES = ("L L C", "LLC", "L P", "LP", "L L P", "LLP", "INC", "INCORPORATED", "CORP", "CORPORATION",
                   "CO", "COMPANY", "LTD", "LIMITED", "PLC", "N A", "NA", "S A", "SA", "AG", "GMBH", "N V", "NV",
                   "DE", "NEW")
_SUFFIX_RX = re.compile(r"(?:\s+(?:" + "|".join(sorted((re.escape(s) for s in _LEGAL_SUFFIXES), key=len,
                                                        reverse=True)) + r"))+$")

HISTORY_SCHEMA = pa.schema([
    ("date", pa.string()), ("form_type", pa.string()), ("amendment_number", pa.int64()),
    ("holder", pa.string()),  # the name as this filing writes it
    ("holder_id", pa.int64()), ("holder_name", pa.string()),  # the matched holder (its first-seen name)
    ("holder_cik", pa.string()), ("match", pa.string()), ("uncertain", pa.bool_()),
    ("shares", pa.int64()), ("percent", pa.float64()),
    ("shares_change", pa.int64()), ("percent_change", pa.float64()),
    ("issuer_name", pa.string()), ("issuer_cusip", pa.string()), ("subject_company_cik", pa.string()),
    ("filing_id", pa.int64()), ("accession_number", pa.string()), ("path", pa.string()),
])


def normalize_holder(name: str | None) -> str:
    """A holder's name for matching: upper case, '&' as AND, no punctuation, no leading THE, no trailing
    legal-form words ('Crestview Capital Master, L.L.C.' -> 'CRESTVIEW CAPITAL MASTER')."""
    s = (name or "").upper().replace("&", " AND ")
    s = re.sub(r"/[A-Z]{2,3}/?$", " ", s.strip())  # EDGAR's state tags: "BANK OF AMERICA CORP /DE/"
    s = re.sub(r"[^A-Z0-9]+", " ", s).strip()
    s = re.sub(r"^THE\s+", "", s)
    stripped = _SUFFIX_RX.sub("", s).strip()
    return stripped or s


def _cik(value: Any) -> str | None:
    s = str(value).strip().lstrip("0") if value is not None else ""
    return s if s.isdigit() else None


@dataclass
class _Holder:
    id: int
    name: str
    key: str
    cik: str | None
    last: dict[str, Any] | None = None
    keys: set[str] = field(default_factory=set)


def _query_rows(store: Store, cusip: str | None, cik: str | None) -> list[dict[str, Any]]:
    where, params = ["f.status = 'ok'"], []
    if cusip:
        where.append("f.issuer_cusip = ?")
        params.append(normalize_cusip_query(cusip))
    if cik:
        where.append("ltrim(f.subject_company_cik, '0') = ?")
        params.append(_cik(cik) or cik)
    cols = ["filing_id", "accession_number", "date", "form_type", "amendment_number", "issuer_name",
            "issuer_cusip", "subject_company_cik", "filed_by_cik", "filed_by_name", "path", "idx", "holder",
            "shares", "percent"]
    sql = ("SELECT f.id, f.accession_number, f.filing_date, f.form_type, f.amendment_number, f.issuer_name, "
           "f.issuer_cusip, f.subject_company_cik, f.filed_by_cik, f.filed_by_name, f.path, p.idx, p.name, "
           "p.aggregate_amount, p.percent_of_class FROM reporting_persons p JOIN filings f ON f.id = p.filing_id "
           f"WHERE {' AND '.join(where)} "
           "ORDER BY f.filing_date NULLS LAST, f.amendment_number NULLS FIRST, f.id, p.idx")
    return [dict(zip(cols, r)) for r in store.fetch_rows(sql, params)]


def history_rows(store: Store, cusip: str | None = None, cik: str | None = None,
                 holder: str | None = None) -> list[dict[str, Any]]:
    """The position series (oldest first) of every holder of the issuer, or of holders whose name contains
    ``holder`` (normalized) or whose CIK is ``holder``. Without an issuer: every issuer in the store, holders
    matched within each issuer (with ``holder``: that holder's positions everywhere)."""
    all_holders: list[_Holder] = []
    per_issuer: dict[Any, list[_Holder]] = {}
    out: list[dict[str, Any]] = []
    by_filing: dict[int, list[dict[str, Any]]] = {}
    for row in _query_rows(store, cusip, cik):
        by_filing.setdefault(row["filing_id"], []).append(row)
    for rows in by_filing.values():
        # one issuer: the CUSIP, else the header's subject company, else the name as written
        issuer = "" if (cusip or cik) else (rows[0]["issuer_cusip"] or _cik(rows[0]["subject_company_cik"])
                                            or normalize_holder(rows[0]["issuer_name"]))
        holders = per_issuer.setdefault(issuer, [])
        taken: set[int] = set()  # one filing's persons are different holders
        filer_cik, filer_key = _cik(rows[0]["filed_by_cik"]), normalize_holder(rows[0]["filed_by_name"])
        for row in rows:
            key = normalize_holder(row["holder"])
            # the header names one filer: its CIK belongs to the cover person of that name (or the only one)
            cik_here = filer_cik if filer_cik and (len(rows) == 1 or key == filer_key) else None
            h, how = _match(holders, taken, key, cik_here)
            if h is None:
                h = _Holder(len(all_holders) + 1, row["holder"] or "", key, cik_here)
                holders.append(h)
                all_holders.append(h)
                how = "new"
            taken.add(h.id)
            h.keys.add(key)
            h.cik = h.cik or cik_here
            prev = h.last
            item = {
                "date": row["date"], "form_type": row["form_type"], "amendment_number": row["amendment_number"],
                "holder": row["holder"], "holder_id": h.id, "holder_name": h.name, "holder_cik": cik_here or h.cik,
                "match": how, "uncertain": how == "similar",
                "shares": row["shares"], "percent": row["percent"],
                "shares_change": _diff(row["shares"], prev and prev["shares"]),
                "percent_change": _diff(row["percent"], prev and prev["percent"], ndigits=4),
                "issuer_name": row["issuer_name"], "issuer_cusip": row["issuer_cusip"],
                "subject_company_cik": row["subject_company_cik"], "filing_id": row["filing_id"],
                "accession_number": row["accession_number"], "path": row["path"],
            }
            h.last = item
            out.append(item)
    if holder:
        want_key, want_cik = normalize_holder(holder), _cik(holder)
        keep = {h.id for h in all_holders
                if (want_cik and h.cik == want_cik) or (want_key and any(want_key in k for k in h.keys))}
        out = [r for r in out if r["holder_id"] in keep]
    return out


def _match(holders: list[_Holder], taken: set[int], key: str, cik: str | None) -> tuple[_Holder | None, str]:
    free = [h for h in holders if h.id not in taken]
    if cik:
        for h in free:
            if h.cik == cik:
                return h, "cik"
    if not key:  # a cover person whose name was not read matches nobody by name
        return None, "new"
    for h in free:
        # the same name under a different CIK is a different filer (two funds may share a name)
        if key in h.keys and not (cik and h.cik and h.cik != cik):
            return h, "name"
    best, score = None, 0.0
    for h in free:
        if cik and h.cik and h.cik != cik:
            continue
        s = max(fuzz.ratio(key, k) for k in h.keys) if h.keys else 0.0
        if s > score:
            best, score = h, s
    if best is not None and key and score >= SIMILAR_NAME:
        return best, "similar"
    return None, "new"


def _diff(now: Any, before: Any, ndigits: int | None = None) -> Any:
    if now is None or before is None:
        return None
    d = now - before
    return round(d, ndigits) if ndigits is not None else d


def history_table(store: Store, cusip: str | None = None, cik: str | None = None,
                  holder: str | None = None) -> pa.Table:
    """:func:`history_rows` as an Arrow table (``.to_pandas()``, polars, DuckDB)."""
    return pa.Table.from_pylist(history_rows(store, cusip=cusip, cik=cik, holder=holder), schema=HISTORY_SCHEMA)
