"""Extraction cost against the floor: reading a filing's text once.

Run by hand (figures go in the issue note, never in test assertions):

    .venv/bin/python bench/bench_floor.py [PATH ...] [--repeat N] [--slowest K]

For every filing, in the same run and the same process, two CPU times (``process_time``; best of ``--repeat``
after a warm-up pass over all filings, so imports, pattern compilation and caches are paid before timing):

- the floor: read the file's bytes, decode them, and one regex pass over the whole text (every tag or number),
  the least any extractor has to do;
- ``edgarsift.extract`` of the same path (read, classify, extract, check).

Printed: the corpus-total ratio, the median filing's ratio, the ratios per format (PDFs are left out: their
floor would be the PDF text layer, not the bytes) and per size band, the slowest filings by ratio, and the fixed
cost per filing (extract of a tiny filing of each kind, from memory). With ``--stages``, each format's time split
into reading (bytes to Document), classifying (which builds the text view when the header does not tell the form)
and the rest (the family's extractor and checks), as multiples of the floor: where the time over 3x goes.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import edgarsift
from edgarsift.batch import iter_filings
from edgarsift.classify import classify
from edgarsift.errors import EdgarsiftError
from edgarsift.read import read_bytes
from edgarsift.read.decode import decode

ROOT = Path(__file__).resolve().parents[1]
# one pass that touches the whole text: every tag and every number
_ONE_PASS = re.compile(r"<[^>]*>|\d[\d,.]*")


def floor(path: Path) -> int:
    text = decode(path.read_bytes(), str(path))
    return sum(1 for _ in _ONE_PASS.finditer(text))


def extract(path: Path) -> str:
    try:
        return edgarsift.extract(path, ocr="never").form_type or ""
    except EdgarsiftError:
        return "error"


def best_cpu(fn, arg, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(arg)
        best = min(best, time.process_time() - t0)
    return best


def format_of(path: Path) -> str:
    try:
        doc = read_bytes(path.read_bytes(), str(path), ocr="never")
    except EdgarsiftError:
        return "error"
    return f"sgml+{doc.main.kind}" if doc.format == "edgar-sgml" else doc.format


# Tiny filings of each kind: what a filing costs before its size counts
_TINY = {
    "text": b"SCHEDULE 13G\nName of Issuer: Example Corp\nCUSIP Number: 123456789\n",
    "html": b"<html><body><p>SCHEDULE 13G</p><p>Name of Issuer: Example Corp</p>"
            b"<table><tr><td>CUSIP</td><td>123456789</td></tr></table></body></html>",
    "sgml+text": b"<SEC-HEADER>\nACCESSION NUMBER: 0000000000-24-000001\nCONFORMED SUBMISSION TYPE: SC 13G\n"
                 b"</SEC-HEADER>\n<DOCUMENT>\n<TYPE>SC 13G\n<TEXT>\nSCHEDULE 13G\nCUSIP Number: 123456789\n"
                 b"</TEXT>\n</DOCUMENT>\n",
}


# filing sizes the ratios are also shown by (bytes)
_SIZE_BANDS = [("< 15 KB", 0, 15_000), ("15-60 KB", 15_000, 60_000), ("60-150 KB", 60_000, 150_000),
               (">= 150 KB", 150_000, 1 << 62)]


def fixed_costs(repeat: int) -> dict[str, float]:
    out = {}
    for kind, data in _TINY.items():
        def run(data: bytes = data) -> None:
            try:
                edgarsift.extract(data, ocr="never")
            except EdgarsiftError:
                pass
        run()
        out[kind] = min(best_cpu(lambda _: run(), None, 1) for _ in range(repeat * 20))
    return out


def stages(path: Path, repeat: int) -> tuple[float, float]:
    """CPU time of reading the filing, and of reading and classifying it (best of ``repeat``)."""
    data = path.read_bytes()

    def read(_: object) -> None:
        read_bytes(data, str(path), ocr="never")

    def read_and_classify(_: object) -> None:
        classify(read_bytes(data, str(path), ocr="never"))

    return best_cpu(read, None, repeat), best_cpu(read_and_classify, None, repeat)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT.parent / "shared" / "corpus")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--slowest", type=int, default=8)
    ap.add_argument("--stages", action="store_true", help="split each format's time into read, classify, extract")
    args = ap.parse_args()

    rows = []  # (path, format, bytes, floor s, extract s)
    files = [p for p in iter_filings(args.paths)]
    formats = {p: format_of(p) for p in files}
    files = [p for p in files if formats[p] not in ("pdf", "error")]
    for p in files:  # warm-up: every filing once, so every pattern is compiled before timing
        floor(p)
        extract(p)
    for p in files:
        rows.append((p, formats[p], p.stat().st_size, best_cpu(floor, p, args.repeat),
                     best_cpu(extract, p, args.repeat)))

    def summary(label: str, rs: list) -> str:
        fl, ex = sum(r[3] for r in rs), sum(r[4] for r in rs)
        ratios = [r[4] / max(r[3], 1e-6) for r in rs]
        within = sum(1 for x in ratios if x <= 3)
        return (f"{label:12s} {len(rs):3d} {fl * 1e3:9.1f} {ex * 1e3:10.1f} {ex / fl:7.2f}x "
                f"{statistics.median(ratios):7.2f}x {within:4d}/{len(rs)}")

    print(f"{'format':12s} {'n':>3s} {'floor ms':>9s} {'extract ms':>10s} {'total':>8s} {'median':>8s} {'<=3x':>9s}")
    print(summary("ALL", rows))
    by_fmt: dict[str, list] = {}
    for r in rows:
        by_fmt.setdefault(r[1], []).append(r)
    for fmt, rs in sorted(by_fmt.items()):
        print(summary(fmt, rs))
    # by size: the floor of a small filing is a fraction of a millisecond, where the extractor's fixed work (a
    # hundred searches of a cover, a record, its checks) weighs most; the median filing is one of these
    print("by size:")
    for label, lo, hi in _SIZE_BANDS:
        band = [r for r in rows if lo <= r[2] < hi]
        if band:
            print(summary(label, band))
    print("slowest by ratio:")
    for r in sorted(rows, key=lambda r: -r[4] / max(r[3], 1e-6))[:args.slowest]:
        print(f"  {r[4] / max(r[3], 1e-6):6.1f}x  {r[4] * 1e3:7.2f} ms  {r[2] / 1e3:8.1f} KB  {r[1]:10s} {r[0].name}")
    if args.stages:
        print(f"{'format':12s} {'read':>6s} {'classify':>9s} {'extract':>8s}   (multiples of the floor; "
              "classify includes the text view when it is built there)")
        for fmt, rs in sorted(by_fmt.items()):
            fl = sum(r[3] for r in rs)
            split = [stages(r[0], args.repeat) for r in rs]
            rd, rc = sum(s[0] for s in split), sum(s[1] for s in split)
            ex = sum(r[4] for r in rs)
            # differences of best-of times: a stage that costs next to nothing can come out slightly negative
            print(f"{fmt:12s} {rd / fl:5.2f}x {max(0.0, rc - rd) / fl:8.2f}x {max(0.0, ex - rc) / fl:7.2f}x")
    print("fixed cost per filing (tiny filing, from memory): " +
          ", ".join(f"{k} {v * 1e3:.2f} ms" for k, v in fixed_costs(args.repeat).items()))


if __name__ == "__main__":
    main()
