"""Form D XML: edgarsift vs edgartools' ``FormD``, same files, one run, no network.

Run by hand (the figures go in the issue note, never in test assertions):

    .venv/bin/pip install -e '.[bench]'       # edgartools==5.62.1, bench-only
    .venv/bin/python bench/bench_formd_vs_edgartools.py [PATH ...] [--repeat N]

Every Form D in the corpus whose main document is the XML ``primary_doc`` is used (standalone ``.xml`` and
inside EDGAR ``.txt``/``.nc`` submissions). Both sides get the same input, the ``primary_doc`` XML text
already in memory: edgartools parses it with ``FormD.from_xml``; edgarsift runs its whole pipeline on it
(read, classify, extract with provenance, checks) via ``process_one``. The best of ``--repeat`` runs is
reported per filing (the least disturbed by other load on the machine; the median is printed too), with
the ratio edgartools / edgarsift of the best times (above 1: edgarsift is faster).
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from edgarsift.pipeline import process_one
from edgarsift.read import read

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def formd_xml_files(paths: list[Path]) -> list[tuple[str, str]]:
    """(name, primary_doc XML text) for every Form D among ``paths`` whose main document is XML."""
    out = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.endswith(".json")) if path.is_dir() else [path]
        for f in files:
            try:
                doc = read(f)
            except Exception:
                continue
            part = doc.main
            if part.kind != "xml":
                continue
            xml = doc.raw[part.start:part.end].strip()
            if xml[:5].lower() == "<xml>":  # the SGML wrapper's <XML> tag around the XML declaration
                xml = xml[5:].rsplit("</XML>", 1)[0].strip()
            if "<edgarSubmission" in xml[:400] and "primaryIssuer" in xml:
                out.append((f.name, xml))
    return out


def timed_ms(fn, repeat: int) -> tuple[float, float]:
    """(best, median) of ``repeat`` runs in ms, after one warm-up run (imports, caches)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000, statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path, default=[CORPUS / "form_d"])
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    try:
        from edgar.offerings import FormD
    except ImportError:
        raise SystemExit("edgartools is not installed: .venv/bin/pip install -e '.[bench]'") from None

    files = formd_xml_files(args.paths)
    if not files:
        raise SystemExit("no Form D XML files found")
    print(f"{'filing':42s} {'KB':>5s} {'edgartools best/median ms':>26s} {'edgarsift best/median ms':>25s} {'ratio':>6s}")
    totals = [0.0, 0.0]
    for name, xml in files:
        theirs = timed_ms(lambda xml=xml: FormD.from_xml(xml), args.repeat)
        ours = timed_ms(lambda xml=xml: process_one(xml), args.repeat)
        rec = process_one(xml)
        assert rec.family == "form_d" and rec.provenance, name  # ours did the full job, provenance included
        totals[0] += theirs[0]
        totals[1] += ours[0]
        print(f"{name[:42]:42s} {len(xml) / 1024:5.1f} {theirs[0]:15.3f} / {theirs[1]:7.3f} "
              f"{ours[0]:14.3f} / {ours[1]:7.3f} {theirs[0] / ours[0]:6.2f}")
    print(f"{'total of best times (' + str(len(files)) + ' filings)':48s} {totals[0]:15.3f} {'':9s} {totals[1]:14.3f} "
          f"{'':9s} {totals[0] / totals[1]:6.2f}")
    print("ratio = edgartools time / edgarsift time per filing; edgarsift also returns provenance and checks")


if __name__ == "__main__":
    main()
