"""Extraction throughput on one core: filings/s, MB/s, per-filing latency, peak memory, size scaling.

Run by hand (figures go in the issue note, never in test assertions):

    .venv/bin/python bench/bench_throughput.py [CORPUS_DIR] [--repeat N]

Every corpus filing is read from memory (bytes already loaded) so disk speed does not count, then extracted
``--repeat`` times; the median per filing is reported by format, and a size-scaling fit (time vs bytes)
shows whether cost grows linearly with file size. Times are CPU time of this process (``process_time``), so
other load on the machine does not inflate them; one process is one core.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from edgarsift.batch import iter_filings
from edgarsift.errors import EdgarsiftError
from edgarsift.pipeline import extract_document
from edgarsift.read import read_bytes

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    files = [(p, p.read_bytes()) for p in iter_filings([args.corpus])]
    # warm-up: imports, regex compilation
    for p, data in files[:5]:
        try:
            extract_document(read_bytes(data, str(p)))
        except EdgarsiftError:
            pass

    rows = []  # (name, format, bytes, median seconds)
    for p, data in files:
        times = []
        fmt = "?"
        for _ in range(args.repeat):
            t0 = time.process_time()
            try:
                doc = read_bytes(data, str(p))
                fmt = doc.format if doc.format != "edgar-sgml" else f"sgml+{doc.main.kind}"
                extract_document(doc)
            except EdgarsiftError:
                fmt = "error"
            times.append(time.process_time() - t0)
        rows.append((p.name, fmt, len(data), statistics.median(times)))

    total_s = sum(r[3] for r in rows)
    total_mb = sum(r[2] for r in rows) / 1e6
    print(f"filings: {len(rows)}  total: {total_mb:.2f} MB  one pass: {total_s:.3f} s")
    print(f"throughput: {len(rows) / total_s:.1f} filings/s, {total_mb / total_s:.2f} MB/s (one core)")
    by_fmt: dict[str, list] = {}
    for r in rows:
        by_fmt.setdefault(r[1], []).append(r)
    print(f"{'format':14s} {'n':>3s} {'median ms':>10s} {'p90 ms':>8s} {'median KB':>10s}")
    for fmt, rs in sorted(by_fmt.items()):
        ms = sorted(r[3] * 1000 for r in rs)
        print(f"{fmt:14s} {len(rs):3d} {statistics.median(ms):10.2f} {ms[int(0.9 * (len(ms) - 1))]:8.2f} "
              f"{statistics.median(r[2] for r in rs) / 1e3:10.1f}")
    text_html = [r[3] * 1000 for r in rows if r[1] in ("text", "ocr-text", "html", "sgml+text", "sgml+html")]
    if text_html:
        print(f"median per text/HTML filing: {statistics.median(text_html):.2f} ms (target <= 5 ms)")
    # linearity: microseconds per KB across size buckets
    buckets = [(0, 20e3), (20e3, 100e3), (100e3, 300e3), (300e3, 2e6)]
    print("size bucket        n   us/KB (median)")
    for lo, hi in buckets:
        rs = [r for r in rows if lo <= r[2] < hi and r[1] != "pdf"]
        if rs:
            per_kb = statistics.median(r[3] * 1e6 / (r[2] / 1e3) for r in rs)
            print(f"{lo / 1e3:6.0f}-{hi / 1e3:<6.0f} KB {len(rs):4d} {per_kb:10.1f}")
    slowest = sorted(rows, key=lambda r: -r[3])[:5]
    print("slowest:", ", ".join(f"{r[0]} {r[3] * 1000:.1f} ms ({r[2] / 1e3:.0f} KB)" for r in slowest))
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
