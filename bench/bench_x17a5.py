"""Speed of the X-17A-5 family on the corpus (run by hand): read+view vs extraction, per file and median.

usage: .venv/bin/python bench/bench_x17a5.py [REPEAT]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from edgarsift.classify import classify
from edgarsift.forms.x17a5 import FAMILY
from edgarsift.read import read

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(repeat: int = 3) -> None:
    files = sorted(p for p in (CORPUS / "x17a5").iterdir() if not p.name.endswith((".gold.json", ".notes.txt")))
    files.append(CORPUS / "seeds" / "000_face7e9e3a34c530.txt")
    reads, extracts = [], []
    for path in files:
        best_read = best_extract = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = read(path)
            doc.view()
            t1 = time.perf_counter()
            FAMILY.extract(doc, classify(doc))
            t2 = time.perf_counter()
            best_read, best_extract = min(best_read, t1 - t0), min(best_extract, t2 - t1)
        reads.append(best_read)
        extracts.append(best_extract)
        print(f"{path.stat().st_size / 1024:7.0f} KB  read+view {best_read * 1000:7.1f} ms  extract {best_extract * 1000:7.1f} ms  {path.name}")
    print(f"median: read+view {statistics.median(reads) * 1000:.1f} ms, extract {statistics.median(extracts) * 1000:.1f} ms; "
          f"total extract {sum(extracts) * 1000:.0f} ms over {len(files)} filings")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
