"""A stand-in for EDGAR on 127.0.0.1: a real socket server (http.server in a thread) serving index pages in
EDGAR's own formats (company_tickers.json, submissions JSON with a continuation page, quarterly form.idx)
and full-submission texts that are real filings of ../shared/corpus.

It logs every request's arrival time (for the rate measurement) and can be told to misbehave on a path:
answer 429 / 503, answer slowly, send a truncated body, or drop the connection without an answer.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

IDX_HEADER = """Description:           Master Index of EDGAR Dissemination Feed by Form Type
Last Data Received:    {last}
Comments:              webmaster@sec.gov
Anonymous FTP:         ftp://ftp.sec.gov/edgar/
 
 
 
 
Form Type   Company Name                                                  CIK         Date Filed  File Name
---------------------------------------------------------------------------------------------------------------------------------------------
"""


def corpus_bodies() -> list[bytes]:
    """Real 13D/13G full submissions from the corpus (complete SGML texts with an SEC header)."""
    files = sorted(p for d in ("sc13d", "sc13g") for p in (CORPUS / d).glob("*.txt")
                   if not p.name.endswith(".notes.txt"))
    bodies = [p.read_bytes() for p in files]
    bodies = [b for b in bodies if b"<SEC-HEADER>" in b or b"<SEC-DOCUMENT>" in b]
    assert len(bodies) >= 20, len(bodies)
    return bodies


@dataclass
class Issuer:
    cik: int
    name: str
    ticker: str


@dataclass
class Filing:
    cik: int
    accession: str
    form: str
    filed: str  # ISO
    body: bytes


@dataclass
class Hit:
    t: float
    path: str
    status: int
    complete: bool  # answered 200 with the whole body (not a truncated one)


@dataclass
class FakeEdgar:
    issuers: list[Issuer]
    filings: list[Filing]
    split_year: int = 2001  # the submissions JSON lists filings from this year on (form.idx lists all)
    continuation_before: int = 2008  # submissions filings before it go to the continuation page
    faults: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    hits: list[Hit] = field(default_factory=list)
    slow_seconds: float = 0.4
    pages: dict[str, bytes] = field(default_factory=dict)
    validator: str = "etag"  # or "last-modified": how the server lets clients revalidate

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.build_pages()

    # -- content ------------------------------------------------------------------------------------------
    def build_pages(self) -> None:
        pages: dict[str, bytes] = {}
        pages["/files/company_tickers.json"] = json.dumps(
            {str(i): {"cik_str": s.cik, "ticker": s.ticker, "title": s.name} for i, s in enumerate(self.issuers)}
        ).encode()
        for s in self.issuers:
            mine = sorted((f for f in self.filings if f.cik == s.cik and int(f.filed[:4]) >= self.split_year),
                          key=lambda f: f.filed, reverse=True)
            recent = [f for f in mine if int(f.filed[:4]) >= self.continuation_before]
            older = [f for f in mine if int(f.filed[:4]) < self.continuation_before]
            cont_name = f"CIK{s.cik:010d}-submissions-001.json"
            main = {"cik": str(s.cik), "name": s.name, "tickers": [s.ticker],
                    "filings": {"recent": _columns(recent), "files": []}}
            if older:
                main["filings"]["files"].append({"name": cont_name, "filingCount": len(older),
                                                 "filingFrom": older[-1].filed, "filingTo": older[0].filed})
                pages[f"/submissions/{cont_name}"] = json.dumps(_columns(older)).encode()
            pages[f"/submissions/CIK{s.cik:010d}.json"] = json.dumps(main).encode()
        names = {s.cik: s.name for s in self.issuers}
        last_year = max(int(f.filed[:4]) for f in self.filings)
        for year in range(1993, last_year + 1):  # EDGAR has a form.idx for every quarter since 1993
            for qtr in range(1, 5):
                rows = [f for f in self.filings if int(f.filed[:4]) == year
                        and (int(f.filed[5:7]) - 1) // 3 + 1 == qtr]
                rows.sort(key=lambda f: (f.form, names[f.cik]))
                text = IDX_HEADER.format(last=f"{year}-{qtr * 3:02d}-28")
                for f in rows:
                    text += (f"{f.form:<12}{names[f.cik]:<62}{f.cik:<12}{f.filed:<12}"
                             f"edgar/data/{f.cik}/{f.accession}.txt\n")
                pages[f"/Archives/edgar/full-index/{year}/QTR{qtr}/form.idx"] = text.encode("latin-1")
        for f in self.filings:
            pages[f"/Archives/edgar/data/{f.cik}/{f.accession}.txt"] = f.body
        self.pages = pages

    def filing_path(self, f: Filing) -> str:
        return f"/Archives/edgar/data/{f.cik}/{f.accession}.txt"

    # -- server ---------------------------------------------------------------------------------------------
    def start(self) -> "FakeEdgar":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake.handle(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # dropped connections are on purpose
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _log(self, path: str, status: int, complete: bool, t: float) -> None:
        with self._lock:
            self.hits.append(Hit(t, path, status, complete))

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        t = time.monotonic()
        path = h.path.split("?", 1)[0]
        if "@" not in h.headers.get("User-Agent", ""):
            self._send(h, 403, b"Undeclared Automated Tool", path, t)
            return
        with self._lock:
            fault = self.faults[path].pop(0) if self.faults.get(path) else None
        if fault in ("429", "503"):
            self._send(h, int(fault), b"slow down", path, t, extra={"Retry-After": "0"} if fault == "429" else {})
            return
        if fault == "drop":  # the connection dies before any answer
            self._log(path, 0, False, t)
            h.close_connection = True
            h.connection.shutdown(2)
            return
        if fault == "slow":
            time.sleep(self.slow_seconds)
        body = self.pages.get(path)
        if body is None:
            self._send(h, 404, b"not found", path, t)
            return
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if self.validator == "last-modified":
            stamp = "Mon, 01 Dec 2025 06:00:00 GMT"
            if h.headers.get("If-Modified-Since") == stamp:
                self._send(h, 304, b"", path, t)
                return
            self._send(h, 200, body, path, t, extra={"Last-Modified": stamp})
            return
        if h.headers.get("If-None-Match") == etag:
            self._send(h, 304, b"", path, t, extra={"ETag": etag})
            return
        if fault == "truncate":  # promise the whole body, send half, hang up
            self._log(path, 200, False, t)
            h.send_response(200)
            h.send_header("Content-Length", str(len(body)))
            h.send_header("ETag", etag)
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            h.close_connection = True
            return
        self._send(h, 200, body, path, t, extra={"ETag": etag})

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: bytes, path: str, t: float,
              extra: dict[str, str] | None = None) -> None:
        # logged before answering: a client that has its answer must find the request in the log
        self._log(path, status, status == 200, t)
        h.send_response(status)
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        if status != 304:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if status != 304:
            h.wfile.write(body)

    # -- measurements -----------------------------------------------------------------------------------------
    def max_per_window(self, window: float = 1.0) -> int:
        """The most requests that arrived within any ``window`` seconds."""
        return len(self.busiest_window(window))

    def busiest_window(self, window: float = 1.0) -> list[Hit]:
        """The requests of the busiest ``window`` seconds (to show what went wrong)."""
        hits = sorted(self.hits, key=lambda h: h.t)
        best, lo = (0, 0), 0
        for hi, h in enumerate(hits):
            while h.t - hits[lo].t >= window:
                lo += 1
            if hi - lo + 1 > best[1] - best[0]:
                best = (lo, hi + 1)
        return hits[best[0]:best[1]]

    def complete_downloads(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for h in self.hits:
            if h.complete and h.path.startswith("/Archives/edgar/data/"):
                out[h.path] += 1
        return out


def _columns(filings: list[Filing]) -> dict[str, list]:
    return {"accessionNumber": [f.accession for f in filings], "filingDate": [f.filed for f in filings],
            "form": [f.form for f in filings], "primaryDocument": [f"{f.accession}.txt" for f in filings]}


def build(n_issuers: int = 3, years: range = range(1996, 2016), per_year: int = 5,
          extra_forms: bool = True) -> FakeEdgar:
    """``n_issuers`` issuers x ``years`` with ``per_year`` 13D/13G filings each (bodies: real corpus
    filings), plus a 10-K a year per issuer that form filters must leave out."""
    bodies = corpus_bodies()
    forms = ["SC 13D", "SC 13D/A", "SC 13G", "SC 13G/A", "SC 13D/A"]
    issuers = [Issuer(719274 + 1000 * i, f"TEST ISSUER {chr(65 + i)} INC", f"TST{chr(65 + i)}")
               for i in range(n_issuers)]
    filings: list[Filing] = []
    n = 0
    for s in issuers:
        for year in years:
            for k in range(per_year):
                month = 1 + (k * 12) // per_year
                form = forms[k % len(forms)]
                if year >= 2025:
                    form = form.replace("SC ", "SCHEDULE ")
                filings.append(Filing(s.cik, f"0000950123-{year % 100:02d}-{n:06d}", form,
                                      f"{year}-{month:02d}-{10 + k:02d}", bodies[n % len(bodies)]))
                n += 1
            if extra_forms:
                filings.append(Filing(s.cik, f"0000950123-{year % 100:02d}-{n:06d}", "10-K",
                                      f"{year}-03-28", bodies[n % len(bodies)]))
                n += 1
    return FakeEdgar(issuers, filings)
