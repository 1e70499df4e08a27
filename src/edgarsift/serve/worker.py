"""Time-limited extraction for the API: a few long-lived worker processes.

A thread cannot be stopped, so an extraction that runs past its limit (a pathological filing, a regex gone
quadratic) would keep burning a core forever. Each job here runs in a worker process; when it overruns, the
worker is killed and replaced, and the caller gets :class:`ExtractionTimeout`. Inside the worker a filing runs
under the same per-filing memory limit as every other path (:func:`edgarsift.batch.extract_bytes`); its time
is limited from outside, by the request's timeout. Workers are plain
``python -m edgarsift.serve.worker`` subprocesses talking length-prefixed pickles over their stdin/stdout
(no ``fork`` from a threaded server, no re-import of the caller's main module), and say "ready" once
imported, so start-up time is never charged to a request's limit.
"""
from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import IO, Any

from ..batch import Extracted, extract_bytes
from ..errors import ExtractError, ExtractionTimeout
from ..limits import Limits, current_limits
from ..records import Record

_START_TIMEOUT_S = 120  # a worker that cannot import edgarsift in this long is broken
_FRAME = struct.Struct(">Q")


def _send(stream: IO[bytes], obj: Any) -> None:
    blob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(blob)) + blob)
    stream.flush()


def _recv(stream: IO[bytes]) -> Any:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        raise EOFError
    (size,) = _FRAME.unpack(head)
    blob = stream.read(size)
    if len(blob) < size:
        raise EOFError
    return pickle.loads(blob)  # only ever from our own child process


def _ready(stream: IO[bytes], timeout: float) -> bool:
    return bool(select.select([stream], [], [], timeout)[0])


def _worker_main() -> None:  # pragma: no cover - runs in the child process
    # memory only: the parent's timeout kills an overrunning worker (a timer here would race it)
    limits = Limits(seconds=0, memory_mb=current_limits().memory_mb)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    _send(out, ("ready",))
    while True:
        try:
            job = _recv(inp)
        except EOFError:
            return
        if job is None:
            return
        data, name = job
        _send(out, extract_bytes(name, data, limits=limits))


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]  # started with stdin and stdout as pipes

    def send(self, obj: Any) -> None:
        assert self.process.stdin is not None
        _send(self.process.stdin, obj)

    def poll(self, timeout: float) -> bool:
        assert self.process.stdout is not None
        return _ready(self.process.stdout, timeout)

    def recv(self) -> Any:
        assert self.process.stdout is not None
        return _recv(self.process.stdout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


class ExtractionPool:
    """``run(data, name, timeout)`` → ``(record, source_text)``; raises EdgarsiftError subclasses."""

    def __init__(self, workers: int = 1):
        self._size = max(1, workers)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False

    def _spawn(self) -> _Worker:
        proc = subprocess.Popen([sys.executable, "-m", "edgarsift.serve.worker"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        worker = _Worker(proc)
        try:
            if worker.poll(_START_TIMEOUT_S) and worker.recv() == ("ready",):
                return worker
        except EOFError:
            pass
        worker.kill()
        raise ExtractError("extraction worker failed to start")

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            for _ in range(self._size):
                self._idle.put(self._spawn())
            self._started = True

    def run(self, data: bytes, name: str, timeout: float) -> tuple[Record, str]:
        self.start()
        worker: _Worker | None
        try:  # wait for a free worker, but not forever: a burst of uploads must not pile up unanswered
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ExtractionTimeout(f"all {self._size} extraction workers stayed busy for {timeout:g} s; "
                                    "try again later", name) from None
        try:
            assert worker is not None
            worker.send((data, name))
            if not worker.poll(timeout):
                self._replace(worker)
                worker = None
                raise ExtractionTimeout(f"extraction took longer than the {timeout:g} s limit", name)
            result: Extracted = worker.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                self._replace(worker)
                worker = None
            raise ExtractError("extraction worker died", name) from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if result.failure is not None:
            raise result.failure
        assert result.record is not None and result.source_text is not None
        return result.record, result.source_text

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if not self._closed:
            self._idle.put(self._spawn())

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            try:
                worker.send(None)
                worker.process.wait(2)
            except (OSError, subprocess.TimeoutExpired):
                pass
            worker.kill()


if __name__ == "__main__":  # pragma: no cover
    _worker_main()
