"""Many filings: walking inputs (files, directories, ``.zip``/``.tar.gz`` archives), and mapping the
extraction over a process pool.

A failure is a result, not an exception: each item comes back as an :class:`Outcome` (or, for ingest, an
:class:`Extracted`) holding either the record or the one-line reason, so one broken filing never stops a
batch. Archive members whose names would escape the archive (absolute, ``..``, links, devices) are refused
as failures, never read.
"""
from __future__ import annotations

import hashlib
import os
import tarfile
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator

from .config import load_settings
from .errors import EdgarsiftError
from .pipeline import extract_document, process_one
from .read import read_bytes
from .records import Record

SKIP_SUFFIXES = (".gold.json", ".notes.txt")
SKIP_NAMES = {"MANIFEST.tsv", "README.md"}
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


def filing_name(path: Path) -> str:
    """NAME of ``NAME.ext``: the file name without its last extension (the output contract)."""
    return path.name.rsplit(".", 1)[0] if "." in path.name else path.name


def output_names(paths: Iterable[Path]) -> dict[Path, str]:
    """The output NAME of each filing. Two files with the same NAME (``x.txt``, ``x.ori``) must not overwrite
    each other: the first (in the given order) keeps NAME, later ones use their whole file name."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for p in paths:
        name = filing_name(p)
        if name in taken:
            name = p.name
        taken.add(name)
        names[p] = name
    return names


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


def process_path(path: "str | Path", progress: Callable[[int, int], None] | None = None) -> Outcome:
    try:
        return Outcome(str(path), record=process_one(Path(path), progress=progress))
    except EdgarsiftError as exc:
        return Outcome(str(path), error=str(exc))
    except Exception as exc:  # last line of defence: never a traceback from a batch
        return Outcome(str(path), error=f"{path}: unexpected {type(exc).__name__}: {exc}")


def run_local(paths: Iterable[Path], workers: int = 1, chunksize: int = 4,
              progress: Callable[[int, int], None] | None = None) -> Iterator[Outcome]:
    """Outcomes in input order; ``workers > 1`` uses a process pool. ``progress(done, total)`` hears about the
    OCRed pages of each scan (in-process runs only: a pool worker's pages are not reported)."""
    if workers <= 1:
        for p in paths:
            yield process_path(p, progress)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_path, list(paths), chunksize=chunksize)


# -- ingest: inputs as bytes (files and archive members), extraction that keeps the decoded source ---------

@dataclass
class Input:
    """One filing to ingest: its name (a path, or ``archive!/member``) and bytes, or why it cannot be read."""

    name: str
    data: bytes | None = None
    error: str | None = None  # one line: "name: reason"

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.data).hexdigest() if self.data is not None else None


@dataclass
class Extracted:
    """What a worker sends back: the record and the decoded text its spans index, or the reason."""

    name: str
    sha256: str | None
    record: Record | None = None
    source_text: str | None = None
    error: str | None = None


def is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(ZIP_SUFFIXES) or name.endswith(TAR_SUFFIXES)


def member_problem(name: str) -> str | None:
    """Why an archive member name is refused: absolute paths and ``..`` would escape the archive."""
    if not name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path in archive"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return "path escapes the archive (..)"
    return None


def _zip_inputs(path: Path, limit: int) -> Iterator[Input]:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = f"{path}!/{info.filename}"
            mode = (info.external_attr >> 16) & 0o170000
            problem = member_problem(info.filename) or ("symbolic link in archive" if mode == 0o120000 else None)
            if problem:
                yield Input(name, error=f"{name}: refused: {problem}")
            elif not is_filing(Path(info.filename)):
                continue
            elif info.file_size > limit:
                yield Input(name, error=f"{name}: member is {info.file_size / 1e6:.1f} MB, over the limit")
            else:
                with zf.open(info) as fh:
                    data = fh.read(limit + 1)  # the header's size may lie: never read past the limit
                yield Input(name, data) if len(data) <= limit else Input(name, error=f"{name}: over the size limit")


def _tar_inputs(path: Path, limit: int) -> Iterator[Input]:
    with tarfile.open(path, mode="r|*") as tf:  # streaming: one pass, members are not all kept
        for member in tf:
            name = f"{path}!/{member.name}"
            problem = member_problem(member.name)
            if not problem and (member.issym() or member.islnk()):
                problem = "link in archive"
            if not problem and not (member.isfile() or member.isdir()):
                problem = "not a regular file"
            if problem:
                yield Input(name, error=f"{name}: refused: {problem}")
            elif member.isfile() and is_filing(Path(member.name)):
                if member.size > limit:
                    yield Input(name, error=f"{name}: member is {member.size / 1e6:.1f} MB, over the limit")
                else:
                    fh = tf.extractfile(member)
                    yield Input(name, fh.read() if fh else b"")
            tf.members = []  # tarfile remembers every member; a long archive must not grow memory


def iter_inputs(paths: Iterable["str | Path"]) -> Iterator[Input]:
    """Every filing under ``paths`` as bytes: plain files, and the members of zip/tar archives."""
    limit = load_settings().max_filing_bytes
    for p in iter_filings(paths):
        if is_archive(p) and p.is_file():
            try:
                yield from (_zip_inputs if p.name.lower().endswith(ZIP_SUFFIXES) else _tar_inputs)(p, limit)
            except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
                yield Input(str(p), error=f"{p}: unreadable archive: {exc}")
            continue
        try:
            size = p.stat().st_size
            if size > limit:
                yield Input(str(p), error=f"{p}: file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit")
                continue
            yield Input(str(p), p.read_bytes())
        except IsADirectoryError:
            yield Input(str(p), error=f"{p}: is a directory, not a filing")
        except OSError as exc:
            yield Input(str(p), error=f"{p}: {exc.strerror or exc}")


def count_inputs(paths: Iterable["str | Path"]) -> int | None:
    """How many filings ``iter_inputs`` will yield (for a progress bar); None when a tar must be read to know."""
    n = 0
    for p in iter_filings(paths):
        if is_archive(p) and p.is_file():
            if not p.name.lower().endswith(ZIP_SUFFIXES):
                return None
            try:
                with zipfile.ZipFile(p) as zf:
                    n += sum(1 for i in zf.infolist() if not i.is_dir())
            except (OSError, zipfile.BadZipFile):
                n += 1
        else:
            n += 1
    return n


def extract_bytes(name: str, data: bytes) -> Extracted:
    """Read once, extract, and keep the decoded text (``Document.raw``) the provenance spans index."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        doc = read_bytes(data, name, sha)
        return Extracted(name, sha, record=extract_document(doc), source_text=doc.raw)
    except EdgarsiftError as exc:
        return Extracted(name, sha, error=str(exc))
    except Exception as exc:  # last line of defence, as in process_path
        return Extracted(name, sha, error=f"{name}: unexpected {type(exc).__name__}: {exc}")


def extract_many(items: list[tuple[str, bytes]]) -> list[Extracted]:
    """A chunk of filings in one task (what a pool or Dask worker runs): amortises the hand-off cost."""
    return [extract_bytes(name, data) for name, data in items]
