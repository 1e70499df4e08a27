"""Per-filing limits on time and memory, the same on every path that extracts in-process.

``edgarsift extract`` (one process or a pool), ``ingest --workers 1`` and the ingest pool's workers all extract
a filing inside :func:`filing_limits`; a filing that runs over a limit raises :class:`FilingLimitError` (a
one-line reason naming the file and the setting), and the batch goes on with the next filing.

- Time (``extract_timeout_s``): a ``SIGALRM`` interval timer in the main thread. Its handler raises in the
  middle of the extraction (``re`` and Python loops check for signals); it keeps firing every
  ``_REFIRE_S`` until the filing is over, so a ``try/except Exception`` inside an extractor cannot swallow it.
  (``Limits.cpu_time`` counts CPU seconds instead, with ``SIGPROF``: for tests on a shared machine.)
- Memory (``max_filing_memory_mb``): ``RLIMIT_AS`` set to the process's current address space plus the
  allowance, and put back afterwards. An allocation past it fails with ``MemoryError`` (NumPy's too),
  which becomes this filing's failure instead of the machine swapping or the OOM killer ending the batch.

Both need the main thread (signals are delivered there; the address-space limit is the process's own), so in
any other thread (the API's server threads: the API runs extraction in worker processes with their own
timeout) no limit is applied. ``0`` turns a limit off. Limits do not nest: inside a limited filing the
outer limit governs.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from .config import setting
from .errors import ExtractError

try:
    import resource
except ImportError:  # not on Windows: no memory limit there
    resource = None  # type: ignore[assignment]  # the module or None: memory is limited only when it is the module

_REFIRE_S = 0.25  # after the limit, the timer fires again this often until the extraction gives up
_MB = 1024 * 1024


class FilingLimitError(ExtractError):
    """A filing ran over a per-filing limit (time or memory); the reason names the setting."""

    http_status = 422  # the filing is too costly to extract here: not an extractor's bug (ExtractError's 500)


class FilingTimeout(FilingLimitError):
    pass


class FilingMemoryError(FilingLimitError):
    pass


@dataclass(frozen=True)
class Limits:
    seconds: float  # 0: no time limit
    memory_mb: int  # 0: no memory limit
    cpu_time: bool = False  # count the process's CPU seconds instead of the wall clock's (a test's limit that a
    # busy machine does not trip); a filing waiting on something (a lock, Tesseract) uses no CPU, so not for use


def current_limits() -> Limits:
    """The limits from the settings (``EDGARSIFT_EXTRACT_TIMEOUT_S``, ``EDGARSIFT_MAX_FILING_MEMORY_MB``)."""
    return Limits(float(setting("extract_timeout_s")), int(setting("max_filing_memory_mb")))


_state = threading.local()  # .active: a limited filing is running in this thread


class _Alarm(BaseException):
    """Raised by the signal handler; a BaseException so that ``except Exception`` in an extractor lets it by."""


def _address_space() -> int | None:
    """This process's address space in bytes (Linux /proc), None when it cannot be told."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


def _on_alarm(signum, frame) -> None:
    if getattr(_state, "active", False):
        raise _Alarm()


def _caused_by_memory(exc: BaseException) -> bool:
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        if isinstance(at, MemoryError):
            return True
        seen.add(id(at))
        at = at.__cause__ or at.__context__
    return False


@contextmanager
def filing_limits(source: str, limits: Limits | None = None) -> Iterator[None]:
    """Run the body under the per-filing limits; raises :class:`FilingTimeout` / :class:`FilingMemoryError`."""
    limits = limits or current_limits()
    in_main = threading.current_thread() is threading.main_thread()
    if getattr(_state, "active", False) or not in_main:
        yield
        return
    old_handler = None
    old_as: tuple[int, int] | None = None
    # the interval timer and the signal it sends; None when the body runs untimed
    alarm_clock: tuple[int, signal.Signals] | None = None
    if limits.seconds > 0 and hasattr(signal, "setitimer"):
        alarm_clock = ((signal.ITIMER_PROF, signal.SIGPROF) if limits.cpu_time
                       else (signal.ITIMER_REAL, signal.SIGALRM))
    if limits.memory_mb > 0 and resource is not None:
        now = _address_space()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if now is not None:
            cap = now + limits.memory_mb * _MB
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            if soft == resource.RLIM_INFINITY or cap < soft:
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
                old_as = (soft, hard)
    if alarm_clock is not None:
        timer, signum = alarm_clock
        old_handler = signal.signal(signum, _on_alarm)
        signal.setitimer(timer, limits.seconds, _REFIRE_S)
    _state.active = True
    try:
        yield
    except _Alarm:
        clock = " of CPU" if limits.cpu_time else ""
        raise FilingTimeout(f"over the {limits.seconds:g} s{clock} time limit for one filing "
                            "(setting extract_timeout_s)", source) from None
    except Exception as exc:  # a MemoryError, or an extractor's error wrapping one
        if old_as is None or not _caused_by_memory(exc):
            raise
        raise FilingMemoryError(f"over the {limits.memory_mb} MB memory limit for one filing "
                                "(setting max_filing_memory_mb)", source) from None
    finally:
        _state.active = False  # first: an alarm that still arrives is ignored by the handler
        if alarm_clock is not None:
            timer, signum = alarm_clock
            signal.setitimer(timer, 0)
            signal.signal(signum, old_handler if old_handler is not None else signal.SIG_DFL)
        if old_as is not None:
            resource.setrlimit(resource.RLIMIT_AS, old_as)
