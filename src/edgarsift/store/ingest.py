"""Batch ingest: inputs → (skip what is already stored) → extraction workers → one transactional writer.

Design (the same for the local process pool and for Dask):
- The parent process reads each input, hashes it and asks the store, a chunk at a time, which sha256s this
  extractor version already stored; only the rest are sent to workers. A re-run therefore costs a read and a
  hash per unchanged file, and a new extractor version re-extracts everything.
- Workers run :func:`prepare_many` on small chunks: each filing is extracted and turned into the rows it
  will be stored as (its ``filings`` row, with the record JSON and the decoded source text, and its child
  rows), so that work runs in parallel too. The parent is the only writer and only inserts: it commits
  every ``commit_every`` filings (or every second) in one transaction. A kill -9 at any moment loses at most the uncommitted batch, and the next run
  finds those files missing and does them again: no duplicates (sha256 is unique), nothing lost.
- Dask: ``--executor dask`` submits the same chunks to a cluster and the rows come back to this single
  writer. We chose this over workers writing Parquet partitions because (1) DuckDB allows one writing
  process and PostgreSQL idempotency wants one transactional path, so both backends keep identical
  replace-by-sha256 and kill-resume semantics; (2) there is no second merge step that could half-fail;
  (3) a record plus its compressed source is ~50 KB, far below what the writer can absorb (extraction, not
  writing, is the bottleneck). Workers receive bytes, not paths, so remote workers need no shared filesystem.
- Memory stays flat: at most ``workers * 6`` chunks are in flight and at most one commit batch is held, and
  a store that has settings for bulk appends (DuckDB: ``bulk_writes``, a small memory limit and WAL, no
  vacuum) uses them for the ingest, so the writer's own memory does not grow with the batch either.
- A worker that dies (a native crash) or hangs (no chunk finishes within ``extract_timeout_s``; local pool
  only) fails only its own filing: the chunks in flight are retried one filing at a time in a fresh pool,
  and only a filing that kills or hangs a worker on its own is recorded as failed. A slow but healthy chunk
  stopped by the limit therefore costs time, never a wrong failure. Such a failure is the environment's
  (``failure_kind`` 'environment': the worker may have been killed by an operator or the OOM killer) and the
  next ingest tries the filing again; a failure of the filing itself is final for the extractor version.
- Pool workers die with the ingest that forked them (``PR_SET_PDEATHSIG`` on Linux, a watching thread
  elsewhere) and first point every socket they inherited at /dev/null: a worker never speaks on the parent's
  database connection, and a killed parent's connection closes at once, so its transaction is rolled back
  instead of lingering "idle in transaction" with its locks while orphaned workers hold the socket open.
"""
from __future__ import annotations

import ctypes
import hashlib
import logging
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..batch import Input, extract_bytes, iter_inputs
from ..config import load_settings
from ..errors import StoreError
from ..records import EXTRACTOR_VERSION
from .base import Failure, Store
from .schema import StoredRows, record_rows

CHUNK = 8  # filings per worker task
LOOKUP = 64  # inputs hashed and checked against the store per query
MAX_BATCH_BYTES = 32 * 1024 * 1024  # a commit batch of big filings is cut short: one transaction stays small
# Filings per commit (or fewer: a commit is due after a second anyway). A commit inserts into a dozen tables, and
# each insert has a fixed cost in DuckDB (~3 ms: registering the Arrow batch, planning); 128 rather than 64 took
# the writer's CPU from 1.5-1.7 to 1.4 ms a filing on the mixed bench batch, a kill -9 still loses at most a second.
COMMIT_EVERY = 128


@dataclass
class IngestSummary:
    seen: int = 0
    skipped: int = 0  # unchanged since the same extractor version stored them
    written: int = 0
    failed: int = 0
    seconds: float = 0.0
    by_form: Counter = field(default_factory=Counter)
    findings_by_severity: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)  # the first MAX_FAILURES_KEPT, for the summary

    MAX_FAILURES_KEPT = 50

    @property
    def done(self) -> int:
        return self.skipped + self.written + self.failed

    @property
    def rate(self) -> float:
        return (self.written + self.failed) / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[IngestSummary], None]


@dataclass
class Prepared:
    """What an ingest worker sends back for one filing: the rows to store, or the reason it failed."""

    name: str
    sha256: str | None
    rows: StoredRows | None = None
    error: str | None = None
    kind: str = "filing"  # of a failure: "environment" when the worker died or ran out of time (retried later)


def prepare_many(items: list[tuple[str, bytes]]) -> list[Prepared]:
    """Extract a chunk of filings and turn each record into rows (what a pool or Dask worker runs)."""
    out = []
    for name, data in items:
        result = extract_bytes(name, data)
        if result.record is None:
            out.append(Prepared(name, result.sha256, error=result.error or "unknown error"))
            continue
        try:
            out.append(Prepared(name, result.sha256, rows=record_rows(result.record, result.source_text)))
        except Exception as exc:  # a record the store cannot hold is that filing's failure, not the batch's
            out.append(Prepared(name, result.sha256, error=f"{name}: cannot store the record: "
                                                           f"{type(exc).__name__}: {exc}"))
    return out


class _Inline:
    """workers=1: extraction in this process (no pickling, the honest single-core baseline)."""

    def submit(self, items: list[tuple[str, bytes]]) -> Future:
        fut: Future = Future()
        fut.set_result(prepare_many(items))
        return fut

    def wait(self, futures: set, timeout: float | None = None) -> set:
        return set(futures)

    def close(self) -> None:
        pass


# A small filing extracted once in the parent before the pool forks: the workers then inherit the lazily
# imported modules and compiled patterns instead of each paying ~0.4 s for them on its first filing.
WARM_UP = b"""SCHEDULE 13G
Name of Issuer: Example Corp
CUSIP Number: 000000000
1. NAMES OF REPORTING PERSONS: Example Holder
9. AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PERSON: 1,000
11. PERCENT OF CLASS REPRESENTED BY AMOUNT IN ROW (9): 5.0%
"""


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def _die_with_parent(parent: int) -> None:
    """Make this worker end when ``parent`` does, however the parent ends (kill -9 included)."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if not armed:  # elsewhere: a thread that notices being re-parented
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, name="edgarsift-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the signal was armed
        os._exit(1)


def _drop_inherited_sockets() -> None:
    """Point every inherited socket (the parent's database connection) at /dev/null: the worker cannot speak
    on it by mistake, and it no longer keeps the connection open should the parent die. The pool talks over
    pipes, which are left alone."""
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: nothing to walk
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in fds:
            try:
                if fd != null and stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.dup2(null, fd)
            except OSError:
                continue
    finally:
        os.close(null)


def _worker_start(parent: int) -> None:
    _die_with_parent(parent)
    _drop_inherited_sockets()


class _Pool:
    def __init__(self, workers: int):
        self.workers = workers
        prepare_many([("<warm-up>", WARM_UP)])
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # fork: workers inherit the warmed-up modules, and their parent is this process (what they watch)
        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_worker_start,
                                   initargs=(os.getpid(),))

    def submit(self, items: list[tuple[str, bytes]]) -> Future:
        try:
            return self.pool.submit(prepare_many, items)
        except BrokenProcessPool:  # a worker died (a crash in a native reader): start a fresh pool, after
            # the old one's threads are gone (forking while they hold a lock can deadlock the new workers)
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = self._new_pool()
            return self.pool.submit(prepare_many, items)

    def wait(self, futures: set, timeout: float | None = None) -> set:
        done = futures_wait(futures, timeout=timeout, return_when=FIRST_COMPLETED).done
        if not done:  # nothing finished in time: a filing hangs its worker. Kill the workers; the futures
            # then fail like a crash, and the crash path isolates the filing that hangs.
            for proc in list(getattr(self.pool, "_processes", {}).values()):
                proc.kill()
            done = futures_wait(futures, return_when=FIRST_COMPLETED).done
        return done

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A dask.distributed cluster: ``scheduler`` address, or a LocalCluster of ``workers`` processes."""

    def __init__(self, workers: int, scheduler: str | None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise StoreError("the Dask executor needs the 'dask' extra: pip install 'edgarsift[dask]'") from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = Client(self.cluster)

    def submit(self, items: list[tuple[str, bytes]]) -> Any:
        return self.client.submit(prepare_many, items, pure=False)

    def wait(self, futures: set, timeout: float | None = None) -> set:  # Dask: no per-task time limit here
        from distributed import wait

        return set(wait(list(futures), return_when="FIRST_COMPLETED").done)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(executor: str, workers: int, scheduler: str | None = None):
    if executor == "dask":
        return _Dask(workers, scheduler)
    if executor != "local":
        raise StoreError(f"unknown executor {executor!r}; choose local or dask")
    return _Inline() if workers <= 1 else _Pool(workers)


class _Writer:
    """Buffers results and commits them in one transaction per batch."""

    def __init__(self, store: Store, summary: IngestSummary, commit_every: int, progress: Progress | None):
        self.store, self.summary, self.commit_every, self.progress = store, summary, commit_every, progress
        self.rows: list[StoredRows] = []
        self.body_bytes = 0
        self.failures: list[Failure] = []
        self.start = self.last = time.monotonic()

    def add(self, result: Prepared) -> None:
        if result.rows is not None:
            self.rows.append(result.rows)
            filing = result.rows.filing
            self.body_bytes += len(filing["source_zstd"] or b"") + len(filing["record_json"] or "")
        else:
            self.failures.append(Failure(result.name, result.sha256, result.error or "unknown error", result.kind))
        if (len(self.rows) + len(self.failures) >= self.commit_every or self.body_bytes > MAX_BATCH_BYTES
                or time.monotonic() - self.last > 1.0):
            self.flush()

    def flush(self) -> None:
        s = self.summary
        if self.rows:
            self.store.put_rows(self.rows)
            s.written += len(self.rows)
            for rows in self.rows:
                s.by_form[rows.form_type] += 1
                s.findings_by_severity.update(rows.severities)
        if self.failures:
            self.store.put_failures(self.failures)
            s.failed += len(self.failures)
            room = s.MAX_FAILURES_KEPT - len(s.failures)
            s.failures += self.failures[:max(room, 0)]
        self.rows, self.failures, self.body_bytes = [], [], 0
        self.last = time.monotonic()
        s.seconds = self.last - self.start
        if self.progress:
            self.progress(s)


def _to_extract(inputs: Iterator[Input], store: Store, summary: IngestSummary, writer: _Writer,
                force: bool, progress: Progress | None) -> Iterator[tuple[str, bytes]]:
    """Inputs that need extraction; unreadable ones go straight to the writer as failures."""
    group: list[tuple[Input, str]] = []

    def drain() -> Iterator[tuple[str, bytes]]:
        shas = [sha for _, sha in group]
        if force:
            done: set[str] = set()
        elif hasattr(store, "done_hashes"):  # one query per group
            done = store.done_hashes(shas, EXTRACTOR_VERSION)
        else:  # any Store of the protocol
            done = {sha for sha in shas if not store.needs_extraction(sha, EXTRACTOR_VERSION)}
        for item, sha in group:
            if sha in done:
                summary.skipped += 1
            else:
                yield item.name, item.data  # type: ignore[misc]
        if done and progress:
            progress(summary)
        group.clear()

    for item in inputs:
        summary.seen += 1
        if item.data is None:
            writer.add(Prepared(item.name, None, error=item.error))
            continue
        group.append((item, item.sha256))  # type: ignore[arg-type]
        if len(group) >= LOOKUP:
            yield from drain()
    yield from drain()


def ingest(paths: Iterable["str | Path"], store: Store, *, workers: int = 1, executor: str = "local",
           scheduler: str | None = None, force: bool = False, commit_every: int = COMMIT_EVERY,
           progress: Progress | None = None) -> IngestSummary:
    """Ingest every filing under ``paths`` into ``store``; see the module docstring for the guarantees."""
    summary = IngestSummary()
    writer = _Writer(store, summary, commit_every, progress)
    pool = make_executor(executor, workers, scheduler)
    max_inflight = max(2, workers * 6)  # deep enough that workers stay busy while the writer commits
    timeout_s = float(load_settings().extract_timeout_s)
    inflight: dict[Any, tuple[list[tuple[str, bytes]], bool]] = {}  # future -> (its chunk, run alone?)
    retry: list[tuple[str, bytes]] = []

    def harvest(done: set) -> None:
        for fut in done:
            chunk, alone = inflight.pop(fut)
            try:
                results = fut.result()
            except Exception as exc:  # a worker process died (or Dask gave up on it) mid-chunk
                if not alone:  # every chunk in flight fails with it: retry each filing on its own
                    retry.extend(chunk)
                    continue
                name, data = chunk[0]
                results = [Prepared(name, hashlib.sha256(data).hexdigest(),
                                    error=f"{name}: the extraction worker died or ran over {timeout_s:.0f} s "
                                          f"({type(exc).__name__}); the next ingest tries it again",
                                    kind="environment")]
            for result in results:
                writer.add(result)

    def submit(chunk: list[tuple[str, bytes]], alone: bool = False) -> None:
        limit = 1 if alone else max_inflight
        while len(inflight) >= limit:
            harvest(pool.wait(set(inflight), timeout_s))
        inflight[pool.submit(chunk)] = (chunk, alone)

    bulk_writes = getattr(store, "bulk_writes", None)
    try:
        with bulk_writes() if bulk_writes else nullcontext():
            chunk: list[tuple[str, bytes]] = []
            for item in _to_extract(iter_inputs(paths), store, summary, writer, force, progress):
                chunk.append(item)
                if len(chunk) >= CHUNK:
                    submit(chunk)
                    chunk = []
                while retry:  # keep held bytes bounded: isolate a crash's chunks before reading on
                    submit([retry.pop()], alone=True)
            if chunk:
                submit(chunk)
            while inflight or retry:
                if retry:  # one filing at a time, so a crash can only be that filing's
                    submit([retry.pop()], alone=True)
                else:
                    harvest(pool.wait(set(inflight), timeout_s))
            writer.flush()
    finally:
        pool.close()
    summary.seconds = time.monotonic() - writer.start
    return summary
