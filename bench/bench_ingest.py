"""Ingest throughput and memory: filings/s (1 vs 2 workers, DuckDB vs PostgreSQL), peak RSS over a big batch,
and the scaling curve. Run by hand; the figures go in the issue note, never in test assertions:

    .venv/bin/python bench/bench_ingest.py [--mix mixed|13d] [--n 2000] [--big 20000] [--pg postgresql://…]
    .venv/bin/python bench/bench_ingest.py --only duckdb:2 --n 4000 --runs 1   # one configuration, one run

The batch is made of corpus filings replicated to /tmp/edgarsift_bench with a line (or an XML/HTML comment)
appended so every replica has its own sha256 (nothing is skipped as unchanged). ``--mix mixed`` (the default)
cycles through every family and format the corpus has except PDFs: 13D/13G text, HTML and XML submissions,
Form D XML and SGML, X-17A-5 text (OCR and pdftotext); ``--mix 13d`` only the 13D/13G filings. A replica keeps
its source's file name after a replica number. Every run ingests into a fresh store through the real CLI
(``edgarsift ingest``) in a subprocess, so start-up, reading, hashing, extraction and the transactional writes
all count. Memory is the whole process tree's RSS (writer + workers), sampled every 50 ms; the peak of each
quarter of the batch shows whether memory grows with it. The machine's load average is printed with every
figure, since throughput on a shared machine is only comparable within the same minutes.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EDGARSIFT = str(ROOT / ".venv" / "bin" / "edgarsift")
WORK = Path("/tmp/edgarsift_bench")


MIXES = {  # corpus folders replicated by --mix; PDFs are left out (OCR would dominate the figures)
    "13d": ("sc13d", "sc13g"),
    "mixed": ("sc13d", "sc13g", "form_d", "x17a5"),
}


def mix_sources(mix: str) -> list[Path]:
    return [p for d in MIXES[mix] for p in sorted((CORPUS / d).iterdir())
            if not p.name.endswith((".gold.json", ".notes.txt", ".pdf"))]


def make_batch(n: int, mix: str = "mixed") -> Path:
    """``n`` replicas of the ``mix`` filings (cycled), each with a different last line."""
    dst = WORK / f"batch_{mix}_{n}"
    if dst.is_dir() and len(list(dst.iterdir())) == n:
        return dst
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    blobs = [(p.name, p.read_bytes()) for p in mix_sources(mix)]
    for i in range(n):
        name, data = blobs[i % len(blobs)]
        tail = f"\n<!-- replica {i} -->\n" if name.endswith((".html", ".xml")) else f"\n{i}\n"
        (dst / f"r{i:06d}_{name}").write_bytes(data + tail.encode())
    return dst


def load() -> str:
    return "load %.1f/%.1f" % os.getloadavg()[:2]


def tree_rss(proc: psutil.Process) -> tuple[int, int]:
    """RSS of the process tree, and of ``proc`` alone (the writer)."""
    total = own = 0
    try:
        tree = [proc, *proc.children(recursive=True)]
    except psutil.Error:  # the ingest has just ended
        return 0, 0
    for p in tree:
        try:
            rss = p.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        if p is proc:
            own = rss
    return total, own


class RssSampler(threading.Thread):
    """The process tree's and the writer's RSS every ``interval`` s, with how many filings were committed then."""

    def __init__(self, proc: psutil.Process, interval: float = 0.05):
        super().__init__(daemon=True)
        self.proc, self.interval = proc, interval
        self.done = 0  # set by the reader of the commit lines
        self.samples: list[tuple[int, int, int]] = []  # (filings committed, tree RSS, writer RSS)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.samples.append((self.done, *tree_rss(self.proc)))


def quarter_peaks(samples: list[tuple[int, int, int]], n: int, column: int = 1) -> list[int]:
    """The peak RSS in each quarter of the batch (a sample counts for the quarter of the last commit before it);
    ``column`` 1 is the process tree, 2 the writer alone."""
    peaks = [0, 0, 0, 0]
    for sample in samples:
        done, rss = sample[0], sample[column]
        q = min(3, done * 4 // n)
        peaks[q] = max(peaks[q], rss)
    return peaks


def run_ingest(batch: Path, db: str, workers: int) -> dict:
    """One ingest through the CLI; returns filings/s, the RSS samples and the quarter peaks."""
    cmd = [EDGARSIFT, "ingest", str(batch), "--db", db, "--workers", str(workers)]
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = RssSampler(psutil.Process(proc.pid))
    sampler.start()
    commits = []  # (seconds since start, filings done) at each commit line
    failed = 0
    tail: list[str] = []
    for line in proc.stderr:
        if line.startswith("committed"):
            done = int(line.split()[1].split("/")[0])
            failed = int(line.split(",")[2].split()[0])
            commits.append((time.perf_counter() - start, done))
            sampler.done = done
        else:
            tail = (tail + [line])[-20:]
    proc.wait()
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the ingest and its (waited-for) workers
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {' '.join(cmd)}\n{''.join(tail)}")
    n = len(list(batch.iterdir()))
    cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    # CPU ms per filing is what a busy shared machine cannot distort; 2 cores / it bounds 2-worker throughput
    # steady state: filings/s between the first and the last commit, i.e. without the fixed start-up (imports,
    # opening the store, starting the pool: ~0.7 s whatever the worker count) and shut-down
    (t0, d0), (t1, d1) = commits[0], commits[-1]
    steady = (d1 - d0) / (t1 - t0) if t1 > t0 else float("nan")
    samples = sampler.samples
    return {"n": n, "seconds": seconds, "rate": n / seconds, "steady": steady, "cpu_ms": 1000 * cpu / n,
            "samples": samples, "quarters": quarter_peaks(samples, n),
            "writer_quarters": quarter_peaks(samples, n, column=2), "failed": failed,
            "load": (load_before + os.getloadavg()[0]) / 2}


def describe(r: dict) -> str:
    """One run's figures on one line: rates, CPU, quarter peaks (MiB) and their spread, load."""
    q = [p / 2**20 for p in r["quarters"]]
    spread = (max(q) - min(q)) / min(q) if min(q) else float("nan")
    writer = " / ".join(f"{p / 2**20:.0f}" for p in r["writer_quarters"])
    return (f"{r['rate']:6.1f} filings/s end-to-end, {r['steady']:6.1f} steady, {r['cpu_ms']:5.1f} CPU ms/filing; "
            f"quarter peaks {' / '.join(f'{x:.0f}' for x in q)} MiB (spread {100 * spread:.0f}%; writer alone "
            f"{writer}); "
            f"{r['failed']} failed; load {r['load']:.1f}")


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


def run_one(backend: str, batch: Path, workers: int, pg_admin: str, tag: str) -> dict:
    pg = FreshPg(pg_admin) if backend == "postgresql" else None
    try:
        return run_ingest(batch, pg.url if pg else fresh_duckdb(tag), workers)
    finally:
        if pg:
            pg.drop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mix", choices=sorted(MIXES), default="mixed", help="which corpus filings to replicate")
    ap.add_argument("--n", type=int, default=2000, help="filings per throughput run")
    ap.add_argument("--big", type=int, default=20000, help="filings in the memory run (0 to skip)")
    ap.add_argument("--pg", default=os.environ.get("EDGARSIFT_TEST_PG_URL",
                                                   "postgresql://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--curve", default="250,1000,4000", help="batch sizes for the scaling curve ('' to skip)")
    ap.add_argument("--runs", type=int, default=3, help="throughput runs per backend and worker count")
    ap.add_argument("--only", default="", help="backend:workers[,…] (e.g. duckdb:2,postgresql:2): only these "
                    "throughput runs, alternating, with no scaling curves")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  {load()}")
    batch = make_batch(args.n, args.mix)
    files = list(batch.iterdir())
    size = sum(p.stat().st_size for p in files) / len(files)
    print(f"batch: {args.n} replicas of {len(mix_sources(args.mix))} {args.mix} corpus filings, mean {size / 1e3:.0f} KB")

    if args.only:
        configs = [(b, int(w)) for b, w in (c.split(":") for c in args.only.split(","))]
        runs: dict[tuple[str, int], list[dict]] = {c: [] for c in configs}
        for i in range(args.runs):
            for backend, workers in configs:  # alternating, so a slow spell on a shared machine hits all
                r = run_one(backend, batch, workers, args.pg, f"only_{workers}")
                runs[(backend, workers)].append(r)
                print(f"run {i + 1} {backend:10s} workers={workers}: {describe(r)}", flush=True)
        configs_done = runs
    else:
        configs_done = {}
        print("\n## throughput (filings/s, fresh store each run)")
        print(f"(median of {args.runs} runs, 1 and 2 workers alternating; end-to-end = n / wall time of the whole "
              "command; steady = between the first and last commit)")
        for backend in ("duckdb", "postgresql"):
            runs = {(backend, 1): [], (backend, 2): []}
            for _ in range(args.runs):
                for workers in (1, 2):  # alternating, so a slow spell on a shared machine hits both
                    runs[(backend, workers)].append(run_one(backend, batch, workers, args.pg, f"tp_{workers}"))
            configs_done.update(runs)
    for (backend, workers), rs in configs_done.items():
        med = {k: statistics.median(r[k] for r in rs) for k in ("rate", "steady", "seconds", "cpu_ms", "load")}
        where = "client side, server not counted" if backend == "postgresql" else "all processes"
        peaks = [max(r["quarters"][q] for r in rs) / 2**20 for q in range(4)]
        print(f"{backend:10s} workers={workers}: {med['rate']:7.1f} filings/s end-to-end, {med['steady']:7.1f} "
              f"steady  ({med['seconds']:.1f} s, {med['cpu_ms']:.1f} CPU ms/filing, {where}); quarter peaks "
              f"{' / '.join(f'{p:.0f}' for p in peaks)} MiB; load {med['load']:.1f}")
    for backend in ("duckdb", "postgresql"):
        one, two = configs_done.get((backend, 1)), configs_done.get((backend, 2))
        if one and two:
            r1, r2 = (statistics.median(r["rate"] for r in rs) for rs in (one, two))
            s1, s2 = (statistics.median(r["steady"] for r in rs) for rs in (one, two))
            print(f"{backend:10s} 2 workers / 1 worker: {r2 / r1:.2f}x end-to-end, {s2 / s1:.2f}x steady")
    if args.only:
        return

    if args.curve:
        print("\n## scaling curve (DuckDB, 2 workers): filings/s by batch size")
        for n in [int(x) for x in args.curve.split(",") if x]:
            r = run_ingest(make_batch(n, args.mix), fresh_duckdb(f"curve_{n}"), 2)
            print(f"n={n:6d}: {describe(r)}")
        print("\n## scaling curve (DuckDB, n=%d): filings/s by workers" % args.n)
        for workers in (1, 2, 3, 4):
            r = run_ingest(batch, fresh_duckdb(f"workers_{workers}"), workers)
            print(f"workers={workers}: {describe(r)}")

    if args.big:
        print(f"\n## memory over {args.big} filings (DuckDB, 2 workers): process-tree RSS")
        r = run_ingest(make_batch(args.big, args.mix), fresh_duckdb("big"), 2)
        for q, peak_q in enumerate(r["quarters"]):  # flat when memory does not grow with the batch
            lo, hi = q * args.big // 4, (q + 1) * args.big // 4
            print(f"  filings {lo + 1:6d}-{hi:6d}: peak {peak_q / 2**20:7.1f} MiB")
        print(f"peak {max(s[1] for s in r['samples']) / 2**20:.1f} MiB over the batch; {describe(r)}")


if __name__ == "__main__":
    main()
