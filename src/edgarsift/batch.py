"""Many filings: walking inputs (files, directories, ``.zip``/``.tar.gz`` archives), and mapping the
extraction over a process pool.

A failure is a result, not an exception: :func:`extract_bytes`, the one place a filing is read, extracted and
its errors caught (for ``extract``, ``eval``, ``ingest``, the API's workers and the examples ``serve`` loads),
returns an :class:`Extracted` holding either the record or the error, so one broken filing never stops a
batch. Archive members whose names would escape the archive (absolute, ``..``, links, devices) are refused
as failures, never read.
"""
from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import os
import tarfile
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator

from .config import load_settings
from .errors import EdgarsiftError, ExtractError
from .limits import Limits, filing_limits
from .pipeline import extract_document
from .read import read, read_bytes
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
class Extracted:
    """One filing's result: the record and the decoded text its spans index (``Document.raw``), or the error
    that stopped it (its class says the exit code and HTTP status)."""

    name: str  # the path, or ``archive!/member``, or an upload's file name
    sha256: str | None = None
    record: Record | None = None
    source_text: str | None = None
    failure: EdgarsiftError | None = None

    @property
    def error(self) -> str | None:
        """The failure in one line, ``name: reason``; None when extracted."""
        return str(self.failure) if self.failure is not None else None


def extract_bytes(name: str, data: bytes | None = None, *, progress: Callable[[int, int], None] | None = None,
                  limits: Limits | None = None) -> Extracted:
    """Read once, extract, keep the decoded text, under the per-filing limits (:mod:`edgarsift.limits`;
    ``limits`` default: the settings). The bytes are ``data``, or the file ``name`` when None;
    ``progress(done, total)`` hears about OCRed pages. Never raises for a filing's fault."""
    sha = hashlib.sha256(data).hexdigest() if data is not None else None
    try:
        with filing_limits(name, limits):
            doc = (read(Path(name), progress=progress) if data is None
                   else read_bytes(data, name, sha, progress=progress))
            return Extracted(name, doc.sha256, record=extract_document(doc), source_text=doc.raw)
    except EdgarsiftError as exc:
        return Extracted(name, sha, failure=exc)
    except Exception as exc:  # last line of defence: an extractor's bug is this filing's failure, not the batch's
        return Extracted(name, sha, failure=ExtractError(f"unexpected {type(exc).__name__}: {exc}", name))


def process_path(path: "str | Path", progress: Callable[[int, int], None] | None = None) -> Extracted:
    """:func:`extract_bytes` of one file (what ``edgarsift extract`` runs per filing)."""
    return extract_bytes(str(path), progress=progress)


def run_local(paths: Iterable[Path], workers: int = 1, chunksize: int = 4,
              progress: Callable[[int, int], None] | None = None) -> Iterator[Extracted]:
    """Results in input order; ``workers > 1`` uses a process pool. ``progress(done, total)`` hears about the
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
                yield _zip_member(zf, info, name, limit)


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int) -> Input:
    """One member's bytes, or why they cannot be had. The central directory knows where every member starts,
    so a damaged one (bad CRC, a size header that lies, a broken deflate stream, encryption, an unknown
    method) fails alone and the next member is read as usual."""
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)  # the header's size may lie: never read past the limit
    except Exception as exc:  # zipfile, zlib, bz2 and lzma each raise their own
        return Input(name, error=f"{name}: damaged archive member: {_reason(exc)}")
    return Input(name, data) if len(data) <= limit else Input(name, error=f"{name}: over the size limit")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# -- tar: a stream with no index, so damage is found by reading on --------------------------------------------
#
# tarfile stops at the first damaged header without a word and drops everything after it. Opened with
# ignore_zeros=True it skips bad blocks to the next good header instead; the TarInfo class below notes each
# block it skips, so the damage is reported: a damaged header as that member's failure, data that runs past
# its size header as the failure of the member before it. A size header that claims too much swallows the
# members after it: a real header inside a member's data gives it away, and the members from there are read
# out of that data. A compressed tar is checked whole first: gzip's CRC is only at its end and a damaged deflate
# stream can decode to wrong bytes without an error, so a member's bytes are trusted only once the whole stream
# has decompressed cleanly (a second pass of decompression, cheap beside extraction).

_TAR_BLOCK = tarfile.BLOCKSIZE
_TAR_NESTING = 4  # members recovered from inside a lying member, at most this many times over
# tarfile's error for a block that is not a valid header (bad checksum or format) and that ignore_zeros skips;
# tarfile does not export it, so typeshed leaves it out
_InvalidHeader: type[tarfile.HeaderError] = tarfile.InvalidHeaderError  # type: ignore[attr-defined]


@dataclass
class _TarDamage:
    at: int  # offset of a skipped block in the (uncompressed) tar stream
    header_name: str | None  # the member name in a header whose checksum failed; None for a data block


def _watching(damage: list[_TarDamage]) -> type[tarfile.TarInfo]:
    """A TarInfo class that records into ``damage`` every block tarfile skips as an invalid header."""

    class Watched(tarfile.TarInfo):
        _last_bad: bytes = b""

        @classmethod
        def frombuf(cls, buf, encoding, errors):
            try:
                return super().frombuf(buf, encoding, errors)
            except _InvalidHeader:
                Watched._last_bad = buf[:_TAR_BLOCK]
                raise

        @classmethod
        def fromtarfile(cls, tf):
            at = tf.offset
            try:
                return super().fromtarfile(tf)
            except _InvalidHeader:
                bad = Watched._last_bad
                name = bad[:100].split(b"\0", 1)[0].decode("utf-8", "replace") if bad[257:262] == b"ustar" else ""
                name = "".join(ch if ch.isprintable() else "?" for ch in name)  # a label on one line
                damage.append(_TarDamage(at, name or None))
                raise

    return Watched


def _data_end(member: tarfile.TarInfo) -> int:
    """Where the next header should start: after the member's data, rounded up to whole blocks."""
    return member.offset_data + (-(-member.size // _TAR_BLOCK) * _TAR_BLOCK if member.isreg() else 0)


def _inner_header(data: bytes) -> int | None:
    """Offset of the first block-aligned, checksum-valid ustar header inside a member's data."""
    i = data.find(b"ustar", _TAR_BLOCK + 257)  # the magic sits 257 bytes into a header
    while i >= 0:
        at = i - 257
        if at % _TAR_BLOCK == 0 and at + _TAR_BLOCK <= len(data):
            try:
                tarfile.TarInfo.frombuf(data[at:at + _TAR_BLOCK], "utf-8", "surrogateescape")
                return at
            except tarfile.HeaderError:
                pass
        i = data.find(b"ustar", i + 1)
    return None


_COMPRESSED = ((b"\x1f\x8b", gzip.open), (b"BZh", bz2.open), (b"\xfd7zXZ\x00", lzma.open))


def _tar_length(path: Path) -> tuple[int, str | None]:
    """The length of the tar stream in ``path`` (decompressed), and why a compressed one does not decompress
    cleanly to its end (a CRC, a truncation), else None."""
    with open(path, "rb") as fh:
        head = fh.read(6)
    for magic, opener in _COMPRESSED:
        if head.startswith(magic):
            n = 0
            try:
                with opener(path, "rb") as stream:
                    while chunk := stream.read(1 << 20):
                        n += len(chunk)
            except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
                return n, _reason(exc)
            return n, None
    return path.stat().st_size, None


def _tar_inputs(path: Path, limit: int) -> Iterator[Input]:
    length, damaged = _tar_length(path)
    if damaged:
        yield Input(str(path), error=f"{path}: damaged archive: its compressed data does not check out ({damaged}); "
                                     "no member can be trusted")
        return
    damage: list[_TarDamage] = []
    with tarfile.open(path, mode="r|*", ignore_zeros=True, tarinfo=_watching(damage)) as tf:
        yield from _tar_members(tf, str(path), length, limit, damage)


def _tar_members(tf: tarfile.TarFile, archive: str, length: int, limit: int, damage: list[_TarDamage],
                 nesting: int = 0, base: int = 0) -> Iterator[Input]:
    """The members of an open tar stream of ``length`` bytes; see the notes above for what happens to damage.
    ``base``: where the stream starts in the archive (members recovered from inside another member)."""
    pending: Input | None = None  # the last member, held until the next header shows its size was honest
    pending_end = -1  # where its data ends
    seen = 0  # damage entries already reported
    last = "the start"

    def settle() -> Iterator[Input]:
        """Release the pending member, then report the damage found since it (read with the next header)."""
        nonlocal pending, seen
        runs: list[list[_TarDamage]] = []
        for d in damage[seen:]:
            if runs and d.at == runs[-1][-1].at + _TAR_BLOCK:
                runs[-1].append(d)
            else:
                runs.append([d])
        seen = len(damage)
        if runs and runs[0][0].at == pending_end and runs[0][0].header_name is None:  # data right after its own
            skipped = len(runs.pop(0)) * _TAR_BLOCK
            if pending is not None and pending.error is None:  # its size header is short of its data
                pending = Input(pending.name, error=f"{pending.name}: damaged archive member: its data runs "
                                                    f"{skipped} bytes past the size in its header")
            # (a member already failed for its size owns the bytes after it too)
        if pending is not None:
            yield pending
            pending = None
        for run in runs:
            first, skipped = run[0], len(run) * _TAR_BLOCK
            if first.header_name:
                name = f"{archive}!/{first.header_name}"
                yield Input(name, error=f"{name}: damaged archive member header (bad checksum); "
                                        f"{skipped} bytes skipped to the next good header")
            else:
                name = f"{archive}!/<damaged at byte {base + first.at}>"
                yield Input(name, error=f"{name}: damaged archive: {skipped} bytes without a member header "
                                        "skipped" + (" (not a tar archive?)" if base + first.at == 0 else ""))

    try:
        for member in tf:
            yield from settle()
            name = f"{archive}!/{member.name}"
            pending_end, last = _data_end(member), member.name
            problem = member_problem(member.name)
            if not problem and (member.issym() or member.islnk()):
                problem = "link in archive"
            if not problem and not (member.isfile() or member.isdir()):
                problem = "not a regular file"
            if problem:
                pending = Input(name, error=f"{name}: refused: {problem}")
            elif member.isfile() and is_filing(Path(member.name)):
                there = length - member.offset_data  # a size past the end of the stream is a lie: read what is
                if member.size > there:
                    if there > limit:
                        pending = Input(name, error=f"{name}: damaged archive member: its size header claims "
                                                    f"{member.size} bytes, past the end of the archive")
                        break
                    data, cut = _read_member(tf, member, there)
                    cut = cut or f"its size header claims {member.size} bytes, its data ends after {there}"
                elif member.size > limit:
                    pending = Input(name, error=f"{name}: member is {member.size / 1e6:.1f} MB, over the limit")
                    data = None
                else:
                    data, cut = _read_member(tf, member, member.size)
                if data is not None:
                    inner = _inner_header(data)
                    if inner is not None:  # its size header swallowed the members after it
                        pending = Input(name, error=f"{name}: damaged archive member: its size header "
                                                    f"({member.size} bytes) runs over another member's header")
                        yield from settle()
                        if nesting < _TAR_NESTING:
                            yield from _tar_bytes(data[inner:], archive, limit, nesting + 1,
                                                  base + member.offset_data + inner)
                    elif cut:
                        pending = Input(name, error=f"{name}: damaged archive member: cut short ({cut})"
                                                    + ("; nothing after it in the archive can be read"
                                                       if nesting == 0 else ""))
                    else:
                        pending = Input(name, data)
                    if cut:  # the stream broke or ended inside this member: reading on would only fail
                        break
            # tarfile remembers every member (an attribute typeshed leaves out); a long archive must not grow memory
            tf.members = []  # type: ignore[attr-defined]
    except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
        yield from settle()
        if nesting == 0:  # (recovered members end where the lying size ended: no more to say)
            yield Input(f"{archive}!/<after {last}>",
                        error=f"{archive}: archive damaged after {last}; the rest cannot be read ({_reason(exc)})")
        return
    yield from settle()


def _read_member(tf: tarfile.TarFile, member: tarfile.TarInfo, size: int) -> tuple[bytes, str | None]:
    """The first ``size`` bytes of a member and, when the stream broke inside them, why."""
    fh = tf.extractfile(member)
    if fh is None:
        return b"", None
    # from the unbuffered reader under tarfile's buffered one: a buffer would read ahead, past the end of a
    # member that lies
    reader = fh.raw if isinstance(fh, io.BufferedReader) else fh
    try:
        return reader.read(size) or b"", None
    except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
        return b"", _reason(exc)


def _tar_bytes(data: bytes, archive: str, limit: int, nesting: int, base: int) -> Iterator[Input]:
    """Members recovered from bytes that a lying size header hid inside another member."""
    damage: list[_TarDamage] = []
    try:
        tf = tarfile.open(fileobj=io.BytesIO(data), mode="r|", ignore_zeros=True, tarinfo=_watching(damage))
    except tarfile.TarError:
        return
    with tf:
        yield from _tar_members(tf, archive, len(data), limit, damage, nesting, base)


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
