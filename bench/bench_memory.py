"""Peak memory (RSS) of extracting one big filing, by size and format: run by hand, not in the suite.

    .venv/bin/python bench/bench_memory.py [--sizes 1,10,30] [--formats 13d-text,13d-html,markdown,html-page]
    .venv/bin/python bench/bench_memory.py --sizes 5 --source sc13d/NAME.txt   # one corpus file of your choice

Each format is a corpus filing made big (:data:`FORMATS`): an EDGAR submission has the body of its first
document (between ``<TEXT>`` and ``</TEXT>``) repeated under its own header, any other file is repeated whole.
Each size is extracted in a fresh process (``edgarsift.batch.process_path``, the path ``edgarsift extract``
takes, with its per-filing limits turned off so the real peak shows); the process reports its peak RSS
(``VmHWM``) and its RSS once edgarsift is imported and has extracted the unrepeated filing, so the table
shows what the big filing itself adds, and that as a multiple of the file's size (the target: at most 10x).
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
MB = 1024 * 1024

# format name -> corpus filing repeated to make it: text and HTML submissions, markdown (the cleanup steps' worst
# case: a match every few characters, and non-ASCII text, two bytes a character), a plain HTML page
FORMATS = {
    "13d-text": "sc13d/cikcusip__1995_SC_13D_718451.txt",
    "13d-html": "sc13d/cikcusip__2011_SC_13D_741556.txt",
    "markdown": "other/stanford-edgar__0001020710-24-000097.parsed.md",
    "html-page": "other/edgartools__Apple.10-Q.html",
}

_CHILD = r"""
import json, resource, sys, time
from edgarsift.batch import process_path
from edgarsift.pipeline import process_one


def rss_kb(field):
    # VmHWM (peak) and VmRSS (now) of this process alone: ru_maxrss on Linux carries the parent's peak
    # over a fork, so a child started by a big parent would report the parent's size
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


process_one(sys.argv[2])  # warm up: modules and compiled patterns are the process's, not the filing's
try:
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # the peak so far is the warm-up's: start counting from here
except OSError:
    pass
base = rss_kb("VmRSS")
t = time.perf_counter()
outcome = process_path(sys.argv[1])
seconds = time.perf_counter() - t
peak = rss_kb("VmHWM")
print(json.dumps({"base_kb": base, "peak_kb": peak, "seconds": seconds, "error": outcome.error,
                  "form": outcome.record.form_type if outcome.record else None}))
"""


def make_filing(source: Path, size: int) -> bytes:
    """``source`` with the body of its first document (or, outside a submission, all of it) repeated until the
    file is ``size`` bytes."""
    raw = source.read_bytes()
    if b"<TEXT>" in raw:
        start = raw.index(b"<TEXT>") + len(b"<TEXT>")
        end = raw.index(b"</TEXT>", start)
    else:
        start, end = 0, len(raw)
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
    ap.add_argument("--formats", default=",".join(FORMATS), help=f"Comma-separated, of: {', '.join(FORMATS)}.")
    ap.add_argument("--source", help="A corpus filing (relative to the corpus) to repeat instead of the formats.")
    args = ap.parse_args()
    sources = {Path(args.source).name: args.source} if args.source else {
        name: FORMATS[name] for name in args.formats.split(",")}
    for name, rel in sources.items():
        print(f"{name}: {rel} ({(CORPUS / rel).stat().st_size / MB:.2f} MB)")
    print(f"{'format':>10} {'size MB':>8} {'seconds':>8} {'base MB':>8} {'peak MB':>8} {'added MB':>9} {'x size':>7}"
          "  result")
    with tempfile.TemporaryDirectory(prefix="bench_memory_") as tmp:
        for name, rel in sources.items():
            source = CORPUS / rel
            for mb in (float(s) for s in args.sizes.split(",")):
                path = Path(tmp) / f"{name}_{mb:g}mb{source.suffix}"
                path.write_bytes(make_filing(source, int(mb * MB)))
                size = path.stat().st_size / MB
                r = measure(path, source)
                path.unlink()
                base, peak = r["base_kb"] / 1024, r["peak_kb"] / 1024
                print(f"{name:>10} {size:8.1f} {r['seconds']:8.1f} {base:8.0f} {peak:8.0f} {peak - base:9.0f} "
                      f"{(peak - base) / size:7.1f}  {r['error'] or r['form']}", flush=True)


if __name__ == "__main__":
    main()
