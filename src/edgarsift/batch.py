"""Many filings: walking inputs, and mapping ``process_one`` over a process pool.

A failure is a result, not an exception: each item comes back as an :class:`Outcome` holding either the
record or the one-line reason, so one broken filing never stops a batch.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import EdgarsiftError
from .pipeline import process_one
from .records import Record

SKIP_SUFFIXES = (".gold.json", ".notes.txt")
SKIP_NAMES = {"MANIFEST.tsv"}


def filing_name(path: Path) -> str:
    """NAME of ``NAME.ext``: the file name without its last extension (the output contract)."""
    return path.name.rsplit(".", 1)[0] if "." in path.name else path.name


def is_filing(path: Path) -> bool:
    return not (path.name in SKIP_NAMES or path.name.endswith(SKIP_SUFFIXES) or path.name.startswith("."))


def iter_filings(paths: Iterable["str | Path"]) -> Iterator[Path]:
    """Files named directly, and every filing under named directories (sorted, hidden files skipped)."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    fp = Path(root) / f
                    if is_filing(fp):
                        yield fp
        else:
            yield p


@dataclass
class Outcome:
    path: str
    record: Record | None = None
    error: str | None = None  # one line: "path: reason"


def process_path(path: "str | Path") -> Outcome:
    try:
        return Outcome(str(path), record=process_one(Path(path)))
    except EdgarsiftError as exc:
        return Outcome(str(path), error=str(exc))
    except Exception as exc:  # last line of defence: never a traceback from a batch
        return Outcome(str(path), error=f"{path}: unexpected {type(exc).__name__}: {exc}")


def run_local(paths: Iterable[Path], workers: int = 1, chunksize: int = 4) -> Iterator[Outcome]:
    """Outcomes in input order; ``workers > 1`` uses a process pool."""
    if workers <= 1:
        for p in paths:
            yield process_path(p)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_path, list(paths), chunksize=chunksize)
