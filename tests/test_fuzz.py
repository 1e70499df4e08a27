"""Mutation fuzzing of the readers and extractors on real corpus filings (text, SGML, HTML, XML; PDFs are
covered by test_damaged_pdf.py).

A fixed seed makes a few thousand damaged filings: bytes flipped, cut short, two filings spliced, a stretch
repeated. Each is read and extracted the way ``edgarsift extract`` and ``ingest`` do, under the project's own
per-filing limits (:func:`edgarsift.limits.filing_limits`, here 2 CPU seconds and 1 GB per case). A case may fail, but
only with an :class:`EdgarsiftError` naming the file, and none may run into a limit: a slow or hungry case is
listed with its source and mutation so it can be replayed (``_mutants`` is deterministic).
"""
from __future__ import annotations

import random
import threading
import traceback
from pathlib import Path

from edgarsift.errors import EdgarsiftError
from edgarsift.limits import FilingLimitError, Limits, filing_limits
from edgarsift.pipeline import extract_document
from edgarsift.read import read_bytes

from .conftest import CORPUS

SEED = 20261206
CASES = 2500
MAX_SOURCE_BYTES = 160 * 1024  # bigger filings add time per case, not new kinds of text
CASE_LIMITS = Limits(seconds=2, memory_mb=1024, cpu_time=True)  # CPU seconds: other work on the machine
# slows a case down without making it any less linear
SKIP = (".gold.json", ".notes.txt", ".pdf")


def _sources() -> list[Path]:
    files = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and not p.name.endswith(SKIP)
             and p.name not in ("MANIFEST.tsv", "README.md") and p.stat().st_size <= MAX_SOURCE_BYTES]
    return files


def _flip(rng: random.Random, data: bytes, _other: bytes) -> tuple[bytes, str]:
    buf = bytearray(data)
    spots = sorted(rng.randrange(len(buf)) for _ in range(rng.choice((1, 2, 8, 64))))
    for i in spots:
        buf[i] ^= rng.randrange(1, 256)
    return bytes(buf), f"flip {len(spots)} bytes at {spots[:4]}{'…' if len(spots) > 4 else ''}"


def _truncate(rng: random.Random, data: bytes, _other: bytes) -> tuple[bytes, str]:
    cut = rng.randrange(len(data))
    return data[:cut], f"truncate at {cut}"


def _splice(rng: random.Random, data: bytes, other: bytes) -> tuple[bytes, str]:
    i, j = rng.randrange(len(data)), rng.randrange(len(other))
    return data[:i] + other[j:], f"splice head {i} + other from {j}"


def _repeat(rng: random.Random, data: bytes, _other: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randrange(1, 4096))
    times = rng.choice((2, 10, 100))
    return data[:i] + data[i:j] * times + data[j:], f"repeat [{i}:{j}] x{times}"


MUTATIONS = (_flip, _flip, _truncate, _splice, _splice, _repeat)


def _mutants(sources: list[Path], cases: int, seed: int):
    """``cases`` (label, bytes) damaged filings, the same ones for the same seed."""
    rng = random.Random(seed)
    blobs = {p: p.read_bytes() for p in sources}
    for n in range(cases):
        src, other = rng.choice(sources), rng.choice(sources)
        mutate = rng.choice(MUTATIONS)
        data, how = mutate(rng, blobs[src], blobs[other])
        what = f"case {n}: {src.relative_to(CORPUS)}: {how}" + (
            f" ({other.relative_to(CORPUS)})" if mutate is _splice else "")
        yield what, src.name, data


def test_the_fuzz_sources_cover_every_kind_of_text():
    kinds = {p.suffix for p in _sources()}
    assert {".txt", ".html", ".xml", ".nc", ".md"} <= kinds
    assert len(_sources()) >= 40


def test_mutated_corpus_filings_fail_only_with_edgarsift_errors_and_within_limits():
    assert threading.current_thread() is threading.main_thread()  # the time limit is a main-thread signal
    unexpected: list[str] = []  # an exception other than the project's own
    over_limit: list[str] = []  # a case that ran into the per-case time or memory limit
    nameless: list[str] = []  # an EdgarsiftError that does not name the file
    outcomes = {"record": 0, "error": 0}
    for what, name, data in _mutants(_sources(), CASES, SEED):
        try:
            with filing_limits(name, CASE_LIMITS):
                extract_document(read_bytes(data, name))
            outcomes["record"] += 1
        except FilingLimitError as exc:
            over_limit.append(f"{what}: {exc}")
        except EdgarsiftError as exc:
            outcomes["error"] += 1
            if name not in str(exc) or "\n" in str(exc):
                nameless.append(f"{what}: {exc!r}")
        except Exception as exc:
            unexpected.append(f"{what}: {type(exc).__name__}: {exc}\n"
                              + "".join(traceback.format_tb(exc.__traceback__)[-3:]))
    assert unexpected == []
    assert over_limit == []
    assert nameless == []
    assert outcomes["record"] + outcomes["error"] == CASES
    assert outcomes["record"] > CASES // 2  # most damage is survivable: the fuzz reaches the extractors
