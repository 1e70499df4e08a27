"""Ingest throughput and memory: filings/s (1 vs 2 workers, DuckDB vs PostgreSQL), peak RSS over a big batch,
and the scaling curve. Run by hand; the figures go in the issue note, never in test assertions:

    .venv/bin/python bench/bench_ingest.py [--n 2000] [--big 20000] [--pg postgresql://postgres@127.0.0.1/postgres]

The batch is made of the corpus 13D/13G filings, replicated to /tmp/edgarsift_bench with a line appended so
every replica has its own sha256 (nothing is skipped as unchanged). Every run ingests into a fresh store
through the real CLI (``edgarsift ingest``) in a subprocess, so start-up, reading, hashing, extraction and
the transactional writes all count. Peak memory is the whole process tree's RSS (writer + workers), sampled
at every commit, so it shows whether memory grows with the batch.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EDGARSIFT = str(ROOT / ".venv" / "bin" / "edgarsift")
WORK = Path("/tmp/edgarsift_bench")


def make_batch(n: int) -> Path:
    """``n`` replicas of the corpus 13D/G filings (cycled), each with a different last line."""
    dst = WORK / f"batch_{n}"
    if dst.is_dir() and len(list(dst.iterdir())) == n:
        return dst
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    sources = [p for d in ("sc13d", "sc13g") for p in sorted((CORPUS / d).iterdir())
               if not p.name.endswith((".gold.json", ".notes.txt"))]
    blobs = [(p.suffix, p.read_bytes()) for p in sources]
    for i in range(n):
        suffix, data = blobs[i % len(blobs)]
        tail = f"\n<!-- replica {i} -->\n" if suffix in (".html", ".xml") else f"\n{i}\n"
        (dst / f"r{i:06d}{suffix}").write_bytes(data + tail.encode())
    return dst


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_ingest(batch: Path, db: str, workers: int) -> dict:
    """One ingest through the CLI; returns filings/s and the RSS samples (done, bytes) taken at each commit."""
    cmd = [EDGARSIFT, "ingest", str(batch), "--db", db, "--workers", str(workers)]
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    samples = []
    commits = []  # (seconds since start, filings done) at each commit line
    for line in proc.stderr:
        if line.startswith("committed"):
            done = int(line.split()[1].split("/")[0])
            commits.append((time.perf_counter() - start, done))
            samples.append((done, tree_rss(ps)))
    proc.wait()
    seconds = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the ingest and its (waited-for) workers
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {' '.join(cmd)}")
    n = len(list(batch.iterdir()))
    cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    # CPU ms per filing is what a busy shared machine cannot distort; 2 cores / it bounds 2-worker throughput
    # steady state: filings/s between the first and the last commit, i.e. without the fixed start-up (imports,
    # opening the store, starting the pool: ~0.7 s whatever the worker count) and shut-down
    (t0, d0), (t1, d1) = commits[0], commits[-1]
    steady = (d1 - d0) / (t1 - t0) if t1 > t0 else float("nan")
    return {"n": n, "seconds": seconds, "rate": n / seconds, "steady": steady, "cpu_ms": 1000 * cpu / n,
            "samples": samples}


def fresh_duckdb(tag: str) -> str:
    path = WORK / f"{tag}.duckdb"
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    return str(path)


class FreshPg:
    def __init__(self, admin_url: str):
        import psycopg

        self.admin_url, self.name = admin_url, f"edgarsift_bench_{uuid.uuid4().hex[:8]}"
        self.admin = psycopg.connect(admin_url, autocommit=True)
        self.admin.execute(f'CREATE DATABASE "{self.name}"')

    @property
    def url(self) -> str:
        from urllib.parse import urlsplit, urlunsplit

        return urlunsplit(urlsplit(self.admin_url)._replace(path="/" + self.name))

    def drop(self) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="filings per throughput run")
    ap.add_argument("--big", type=int, default=20000, help="filings in the memory run (0 to skip)")
    ap.add_argument("--pg", default=os.environ.get("EDGARSIFT_TEST_PG_URL",
                                                   "postgresql://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--curve", default="250,1000,4000", help="batch sizes for the scaling curve")
    ap.add_argument("--runs", type=int, default=3, help="throughput runs per backend and worker count")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  load average: {os.getloadavg()[0]:.1f}")
    batch = make_batch(args.n)
    size = sum(p.stat().st_size for p in batch.iterdir()) / len(list(batch.iterdir()))
    print(f"batch: {args.n} 13D/13G replicas, mean {size / 1e3:.0f} KB")

    print("\n## throughput (filings/s, fresh store each run)")
    print(f"(median of {args.runs} runs, 1 and 2 workers alternating; end-to-end = n / wall time of the whole "
          "command; steady = between the first and last commit)")
    for backend in ("duckdb", "postgresql"):
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.runs):
            for workers in (1, 2):  # alternating, so a slow spell on a shared machine hits both
                pg = FreshPg(args.pg) if backend == "postgresql" else None
                db = pg.url if pg else fresh_duckdb(f"tp_{workers}")
                runs[workers].append(run_ingest(batch, db, workers))
                if pg:
                    pg.drop()
        med = {w: {k: statistics.median(r[k] for r in rs) for k in ("rate", "steady", "seconds", "cpu_ms")}
               for w, rs in runs.items()}
        where = "client side, server not counted" if backend == "postgresql" else "all processes"
        for w, m in med.items():
            print(f"{backend:10s} workers={w}: {m['rate']:7.1f} filings/s end-to-end, {m['steady']:7.1f} steady  "
                  f"({m['seconds']:.1f} s, {m['cpu_ms']:.1f} CPU ms/filing, {where})")
        print(f"{backend:10s} 2 workers / 1 worker: {med[2]['rate'] / med[1]['rate']:.2f}x end-to-end, "
              f"{med[2]['steady'] / med[1]['steady']:.2f}x steady")

    print("\n## scaling curve (DuckDB, 2 workers): filings/s by batch size")
    for n in [int(x) for x in args.curve.split(",") if x]:
        r = run_ingest(make_batch(n), fresh_duckdb(f"curve_{n}"), 2)
        print(f"n={n:6d}: {r['rate']:7.1f} filings/s end-to-end, {r['steady']:7.1f} steady  ({r['seconds']:.1f} s)")
    print("\n## scaling curve (DuckDB, n=%d): filings/s by workers" % args.n)
    for workers in (1, 2, 3, 4):
        r = run_ingest(batch, fresh_duckdb(f"workers_{workers}"), workers)
        print(f"workers={workers}: {r['rate']:7.1f} filings/s end-to-end, {r['steady']:7.1f} steady  "
              f"({r['cpu_ms']:.1f} CPU ms/filing)")

    if args.big:
        print(f"\n## memory over {args.big} filings (DuckDB, 2 workers): process-tree RSS at commits")
        r = run_ingest(make_batch(args.big), fresh_duckdb("big"), 2)
        samples = r["samples"]
        for q in range(4):  # the peak of each quarter of the batch: flat when memory does not grow with it
            lo, hi = q * args.big // 4, (q + 1) * args.big // 4
            peak_q = max((rss for done, rss in samples if lo < done <= hi), default=0)
            print(f"  filings {lo + 1:6d}-{hi:6d}: peak {peak_q / 2**20:7.1f} MiB")
        print(f"peak {max(rss for _, rss in samples) / 2**20:.1f} MiB over the batch; {r['rate']:.1f} filings/s "
              f"end-to-end, {r['steady']:.1f} steady, {r['seconds']:.0f} s")


if __name__ == "__main__":
    main()
