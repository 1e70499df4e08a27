"""REST API latency on loopback: p50/p95 of a record page and of a 25 KB upload. Run by hand; the figures go
in the issue note, never in test assertions:

    .venv/bin/python bench/bench_api.py [--pages 300] [--uploads 60] [--extract-workers 1]

The service runs as it does for users: ``edgarsift serve`` in its own process, on a fresh DuckDB store with
the bundled examples, reads closed (a bearer token on every request). The client is httpx on one keep-alive
connection, sequential requests (latency, not throughput), after a short warm-up that is not counted.
- record page: ``GET /filings/{id}`` of the seed 13D/A (server-side highlighting of its spans, Jinja2);
  ``GET /api/filings/{id}`` (the JSON record) is measured beside it.
- upload: ``POST /api/filings`` of the 25 KB seed 13D/A, each copy made unique by a trailing line so the
  store writes a new filing every time (extraction in the worker process + transactional store write).
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seeds" / "004_e3cac7b6d7988945.txt"
EDGARSIFT = [sys.executable, "-m", "edgarsift.serve.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f} ms   p95 {q[94]:7.1f} ms   (n={len(ms)}, max {max(ms):.1f} ms)"


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--uploads", type=int, default=60)
    ap.add_argument("--extract-workers", type=int, default=1)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="edgarsift-bench-api-"))
    db = str(tmp / "bench.duckdb")
    created = subprocess.run([*EDGARSIFT, "token", "create", "bench", "--db", db], capture_output=True, text=True,
                             check=True)
    token = re.search(r"token \d+ for 'bench': (\S+)", created.stdout).group(1)
    port = free_port()
    server = subprocess.Popen([*EDGARSIFT, "serve", "--db", db, "--port", str(port), "--extract-workers",
                               str(args.extract_workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            for _ in range(600):  # wait for start-up (examples are loaded first)
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            seed = SEED.read_bytes()
            first = client.post("/api/filings", files={"file": (SEED.name, seed)})
            first.raise_for_status()
            fid = first.json()["id"]
            for i in range(10):  # warm-up: templates compiled, worker imported, caches filled
                client.get(f"/filings/{fid}").raise_for_status()
                client.post("/api/filings", files={"file": ("warm.txt", seed + f"\nwarm {i}\n".encode())})

            def page(_i: int) -> None:
                r = client.get(f"/filings/{fid}")
                r.raise_for_status()
                assert "36.2%" in r.text

            def record(_i: int) -> None:
                client.get(f"/api/filings/{fid}").raise_for_status()

            def upload(i: int) -> None:
                body = seed + f"\nbench copy {i}\n".encode()  # a new sha256: a real write every time
                r = client.post("/api/filings", files={"file": (f"copy{i}.txt", body)})
                assert r.status_code == 201, r.text

            print(f"edgarsift serve on {base}, DuckDB, {args.extract_workers} extraction worker(s), "
                  f"upload size {len(seed) / 1024:.1f} KB")
            print(f"record page   GET /filings/{{id}}      {percentiles(timed(page, args.pages))}")
            print(f"record JSON   GET /api/filings/{{id}}  {percentiles(timed(record, args.pages))}")
            print(f"upload 25 KB  POST /api/filings      {percentiles(timed(upload, args.uploads))}")
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    main()
