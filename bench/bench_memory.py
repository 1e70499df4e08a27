"""Peak memory (RSS) of extracting one big filing, by size: run by hand, not in the suite.

    .venv/bin/python bench/bench_memory.py [--sizes 1,10,30] [--source sc13d/NAME.txt]

A 13D text filing of 1, 10 and 30 MB is made by repeating the body (between ``<TEXT>`` and ``</TEXT>``) of a
corpus 13D under its own header. Each size is extracted in a fresh process (``edgarsift.batch.process_path``,
the path ``edgarsift extract`` takes, with its per-filing limits turned off so the real peak shows); the
process reports its peak RSS (``ru_maxrss``) and its RSS once edgarsift is imported, so the table shows what
the filing itself adds, and that as a multiple of the file's size.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_SOURCE = "sc13d/cikcusip__1995_SC_13D_718451.txt"
MB = 1024 * 1024

_CHILD = r"""
import json, resource, sys, time
from edgarsift.batch import process_path
from edgarsift.pipeline import process_one
process_one(sys.argv[2])  # warm up: modules and compiled patterns are the process's, not the filing's
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
outcome = process_path(sys.argv[1])
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "seconds": seconds, "error": outcome.error,
                  "form": outcome.record.form_type if outcome.record else None}))
"""


def make_filing(source: Path, size: int) -> bytes:
    """``source`` with the body of its first document repeated until the file is ``size`` bytes."""
    raw = source.read_bytes()
    start = raw.index(b"<TEXT>") + len(b"<TEXT>")
    end = raw.index(b"</TEXT>", start)
    head, body, tail = raw[:start], raw[start:end], raw[end:]
    copies = max(1, (size - len(head) - len(tail)) // len(body))
    return head + body * copies + tail


def measure(path: Path, warm: Path) -> dict:
    env = dict(os.environ, EDGARSIFT_EXTRACT_TIMEOUT_S="0", EDGARSIFT_MAX_FILING_MEMORY_MB="0")
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(warm)], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,30", help="File sizes in MB, comma-separated.")
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="Corpus 13D (relative to the corpus) to repeat.")
    args = ap.parse_args()
    source = CORPUS / args.source
    print(f"source: {args.source} ({source.stat().st_size / MB:.2f} MB)")
    print(f"{'size MB':>8} {'seconds':>8} {'base MB':>8} {'peak MB':>8} {'added MB':>9} {'x size':>7}  result")
    with tempfile.TemporaryDirectory(prefix="bench_memory_") as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"sc13d_{mb:g}mb.txt"
            path.write_bytes(make_filing(source, int(mb * MB)))
            size = path.stat().st_size / MB
            r = measure(path, source)
            base, peak = r["base_kb"] / 1024, r["peak_kb"] / 1024
            print(f"{size:8.1f} {r['seconds']:8.1f} {base:8.0f} {peak:8.0f} {peak - base:9.0f} "
                  f"{(peak - base) / size:7.1f}  {r['error'] or r['form']}", flush=True)


if __name__ == "__main__":
    main()
