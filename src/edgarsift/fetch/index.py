"""EDGAR's public indexes: which filings exist for a company, by form and date.

* ``data.sec.gov/submissions/CIK##########.json``: a company's filings (as filer or subject company), the
  recent ones in ``filings.recent`` and older ones in continuation pages named in ``filings.files``;
* ``www.sec.gov/Archives/edgar/full-index/YYYY/QTRn/form.idx``: every filing of a quarter, back to 1993,
  for the years the submissions JSON does not reach;
* ``www.sec.gov/files/company_tickers.json``: ticker and name -> CIK.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterator

from .client import FetchError

WWW = "https://www.sec.gov"
DATA = "https://data.sec.gov"

@dataclass(frozen=True)
class FilingRef:
    cik: int  # the company whose index listed it (the cache folder)
    accession: str  # 0000950123-96-001234
    form: str
    filed: str  # ISO date
    company: str | None = None

    @property
    def url(self) -> str:
        return f"{WWW}/Archives/edgar/data/{self.cik}/{self.accession}.txt"


def _norm_form(form: str) -> str:
    return re.sub(r"\s+", " ", form.strip().upper())


def in_range(date: str, date_from: str | None, date_to: str | None) -> bool:
    return (not date_from or date >= date_from) and (not date_to or date <= date_to)


def _iso(date: str) -> str:
    d = date.strip()
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else d


# -- company lookup -------------------------------------------------------------------------------------
def tickers_url() -> str:
    return f"{WWW}/files/company_tickers.json"


def resolve_company(tickers_json: bytes, ticker: str | None = None, name: str | None = None) -> list[tuple[int, str]]:
    """(CIK, title) of the companies in EDGAR's tickers file with this ticker, or whose name contains
    ``name`` (case and punctuation ignored). An exact name match wins over substring matches."""
    entries = list(json.loads(tickers_json).values())
    if ticker:
        t = ticker.strip().upper()
        return sorted({(int(e["cik_str"]), e["title"]) for e in entries if str(e["ticker"]).upper() == t})
    if name:
        key = _name_key(name)
        exact = {(int(e["cik_str"]), e["title"]) for e in entries if _name_key(e["title"]) == key}
        if exact:
            return sorted(exact)
        return sorted({(int(e["cik_str"]), e["title"]) for e in entries if key in _name_key(e["title"])})
    return []


def _name_key(s: str) -> str:
    return re.sub(r"[^A-Z0-9]+", " ", s.upper()).strip()


# -- submissions JSON -------------------------------------------------------------------------------------
def submissions_url(cik: int) -> str:
    return f"{DATA}/submissions/CIK{cik:010d}.json"


def continuation_url(name: str) -> str:
    return f"{DATA}/submissions/{name}"


def parse_submissions(doc: dict, cik: int) -> tuple[list[FilingRef], list[dict]]:
    """The filings of one submissions page (the main one or a continuation) and the continuation pages it
    names (``filings.files``, main page only)."""
    company = doc.get("name")
    block = doc.get("filings", {}).get("recent") if "filings" in doc else doc
    refs = _columnar(block or {}, cik, company)
    files = doc.get("filings", {}).get("files", []) if "filings" in doc else []
    return refs, list(files)


def _columnar(block: dict, cik: int, company: str | None) -> list[FilingRef]:
    accs, forms, dates = block.get("accessionNumber", []), block.get("form", []), block.get("filingDate", [])
    if not (len(accs) == len(forms) == len(dates)):
        raise FetchError(f"submissions of CIK {cik}: columns of different lengths")
    return [FilingRef(cik, a, f, _iso(d), company) for a, f, d in zip(accs, forms, dates)]


# -- quarterly form.idx -------------------------------------------------------------------------------------
def quarter_urls(year_from: int, year_to: int) -> Iterator[tuple[int, int, str]]:
    for year in range(year_from, year_to + 1):
        for qtr in range(1, 5):
            yield year, qtr, f"{WWW}/Archives/edgar/full-index/{year}/QTR{qtr}/form.idx"


# "SC 13D/A    GIGA TRONICS INC    719274    1996-02-14    edgar/data/719274/0000950123-96-001234.txt":
# form types and names hold single spaces; columns are separated by two or more (or by a run before the CIK).
_IDX_LINE = re.compile(r"^(?P<form>\S.*?)\s{2,}(?P<name>\S.*?)\s+(?P<cik>\d{1,10})\s+(?P<date>\d{4}-?\d{2}-?\d{2})"
                       r"\s+(?P<file>edgar/data/\S+)\s*$")
_ACCESSION = re.compile(r"(\d{10}-\d{2}-\d{6})\.txt$")


def parse_form_idx(text: str, ciks: set[int] | None = None) -> list[FilingRef]:
    """Rows of a quarterly form.idx after its dashed header line (of ``ciks`` only, when given)."""
    body = text.split("\n-----", 1)
    lines = body[1].split("\n")[1:] if len(body) == 2 else text.split("\n")
    refs = []
    for line in lines:
        m = _IDX_LINE.match(line.rstrip("\r"))
        if not m:
            continue
        cik = int(m["cik"])
        if ciks is not None and cik not in ciks:
            continue
        acc = _ACCESSION.search(m["file"])
        if not acc:
            continue
        refs.append(FilingRef(cik, acc.group(1), _norm_form(m["form"]), _iso(m["date"]), m["name"].strip()))
    return refs
