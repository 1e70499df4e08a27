"""Time-limited extraction for the API: a few long-lived worker processes.

A thread cannot be stopped, so an extraction that runs past its limit (a pathological filing, a regex gone
quadratic) would keep burning a core forever. Each job here runs in a worker process; when it overruns, the
worker is killed and replaced, and the caller gets :class:`ExtractionTimeout`. Workers are plain
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

from ..errors import EdgarsiftError, ExtractError, ExtractionTimeout
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
    from ..pipeline import extract_document
    from ..read import read_bytes

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
        try:
            doc = read_bytes(data, name)
            record = extract_document(doc)
            reply: tuple = ("ok", record, doc.raw)
        except EdgarsiftError as exc:
            reply = ("error", type(exc).__name__, exc.reason, exc.source)
        except Exception as exc:  # an extractor bug is one file's failure, not the server's
            reply = ("error", "ExtractError", f"unexpected {type(exc).__name__}: {exc}", name)
        _send(out, reply)


@dataclass
class _Worker:
    process: subprocess.Popen

    def send(self, obj: Any) -> None:
        _send(self.process.stdin, obj)

    def poll(self, timeout: float) -> bool:
        return _ready(self.process.stdout, timeout)

    def recv(self) -> Any:
        return _recv(self.process.stdout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            try:
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
        try:  # wait for a free worker, but not forever: a burst of uploads must not pile up unanswered
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ExtractionTimeout(f"all {self._size} extraction workers stayed busy for {timeout:g} s; "
                                    "try again later", name) from None
        try:
            worker.send((data, name))
            if not worker.poll(timeout):
                self._replace(worker)
                worker = None
                raise ExtractionTimeout(f"extraction took longer than the {timeout:g} s limit", name)
            reply = worker.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                self._replace(worker)
                worker = None
            raise ExtractError("extraction worker died", name) from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1], reply[2]
        _tag, kind, reason, source = reply
        from .. import errors

        raise getattr(errors, kind, ExtractError)(reason, source)

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
