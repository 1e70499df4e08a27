"""OCR of scanned X-17A-5 pages: time per page, and how many balance-sheet amounts come out exactly right.

Run by hand (figures go in the issue note, never in test assertions):

    .venv/bin/python bench/bench_ocr.py [--workers N]

For every image-only scan that has a gold record in tests/fixtures/x17a5_audit (and x17a5_holdout, when
present), each page is OCRed alone (wall time per page, one Tesseract process at a time unless --workers), then
the whole filing is extracted. Two accuracy figures on the statement of financial condition:
- *text*: the share of the gold amounts (totals and line items, in the units the statement prints them) that
  appear exactly, digit for digit with their separators, in the OCR text: what Tesseract itself gets right;
- *record*: the share of gold amounts that the extracted record holds with the same value, and how many
  emitted amounts are wrong (precision).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from edgarsift.pipeline import process_one
from edgarsift.read.layout import layout_page
from edgarsift.read.ocr import ocr_pages

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT.parent / "shared" / "audit" / "x17a5"
GOLD_DIRS = [ROOT / "tests" / "fixtures" / "x17a5_audit", ROOT / "tests" / "fixtures" / "x17a5_holdout"]
TOTALS = ("total_assets", "total_liabilities", "subordinated_borrowings", "total_equity",
          "total_liabilities_and_equity")


def amounts(fc: dict) -> dict[str, int]:
    out = {k: fc[k] for k in TOTALS if isinstance(fc.get(k), int)}
    for item in fc.get("line_items") or []:
        if isinstance(item.get("amount"), int):
            out[f"{item['section']}|{item['label']}"] = item["amount"]
    return out


def printed_scale(values: list[int]) -> int:
    """The statement's unit: the largest of millions, thousands or dollars that divides every amount."""
    for scale in (1_000_000, 1_000):
        if values and all(v % scale == 0 for v in values):
            return scale
    return 1


def is_scan(pdf: Path) -> bool:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf.read_bytes())
    try:
        return all(not doc[i].get_textpage().get_text_range().strip() for i in range(len(doc)))
    finally:
        doc.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=1, help="pages OCRed at once while timing")
    args = ap.parse_args()
    golds = sorted(p for d in GOLD_DIRS if d.is_dir() for p in d.glob("*.gold.json"))
    page_times: list[float] = []
    text_hit = text_n = rec_hit = rec_wrong = rec_n = 0
    for gold_path in golds:
        name = gold_path.name[: -len(".gold.json")]
        pdf = AUDIT / f"{name}.pdf"
        if not pdf.exists() or not is_scan(pdf):
            continue
        data = pdf.read_bytes()
        import pypdfium2 as pdfium

        n_pages = len(pdfium.PdfDocument(data))
        t0 = time.perf_counter()
        timed: dict[int, float] = {}
        last = [t0]

        def tick(done: int, total: int) -> None:  # called only during this iteration's ocr_pages
            now = time.perf_counter()
            timed[done] = now - last[0]  # noqa: B023
            last[0] = now  # noqa: B023

        pages = ocr_pages(data, list(range(n_pages)), args.workers, tick)
        page_times.extend(timed.values())
        text = "\n".join(layout_page(p.words)[0] for _i, p in sorted(pages.items()))
        gold = json.loads(gold_path.read_text())
        fc = gold["data"].get("financial_condition") or {}
        want = amounts(fc)
        scale = printed_scale([v for v in want.values() if v])
        found = sum(1 for v in want.values() if f"{abs(v) // scale:,}" in text)
        record = process_one(pdf).to_json_dict()
        got = amounts((record.get("data") or {}).get("financial_condition") or {})
        norm = lambda k: re.sub(r"[^a-z0-9|]", "", k.casefold())  # noqa: E731 - the scorer's label key
        got_n = {norm(k): v for k, v in got.items()}
        right = sum(1 for k, v in want.items() if got_n.get(norm(k)) == v)
        wrong = sum(1 for k, v in want.items() if norm(k) in got_n and got_n[norm(k)] != v)
        print(f"{name:22} pages={n_pages:3} ocr={time.perf_counter() - t0:6.1f}s  amounts in text "
              f"{found}/{len(want)}  in record {right}/{len(want)} (wrong {wrong})")
        text_hit += found
        text_n += len(want)
        rec_hit += right
        rec_wrong += wrong
        rec_n += len(want)
    if not page_times:
        print("no labeled image-only scans found")
        return
    page_times.sort()
    p95 = page_times[min(len(page_times) - 1, int(round(0.95 * (len(page_times) - 1))))]
    print(f"\npages {len(page_times)}  OCR per page: median {statistics.median(page_times):.2f} s, p95 {p95:.2f} s "
          f"(workers={args.workers})")
    print(f"balance-sheet amounts exactly right in the OCR text: {text_hit}/{text_n} = {text_hit / text_n:.3f}")
    print(f"... and in the extracted record: {rec_hit}/{rec_n} = {rec_hit / rec_n:.3f}; wrong values emitted: {rec_wrong}")


if __name__ == "__main__":
    main()
