"""An HTTP client that follows EDGAR's fair-access rules.

* a declared User-Agent with a contact e-mail (EDGAR answers 403 to anonymous clients; we refuse earlier);
* at most ``rate`` requests in any one-second window, across all threads;
* retries with exponential backoff on 429, 5xx, timeouts, dropped connections and truncated bodies
  (``Retry-After`` is honoured, capped);
* conditional GETs: callers pass the ETag / Last-Modified they hold and get ``not_modified`` back.
"""
from __future__ import annotations

import collections
import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import httpx

from ..errors import EdgarsiftError

MAX_RATE = 10.0  # EDGAR's published limit, requests per second
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A contact is required by EDGAR's policy: "Sample Company Name AdminContact@<sample company domain>.com"
_CONTACT = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")


class FetchError(EdgarsiftError):
    """A download that failed for good (after retries), or a client that may not be used as configured.
    ``status`` is the HTTP status of a final answer (404, 403, ...), None otherwise."""

    def __init__(self, reason: str, source: str | None = None, status: int | None = None):
        super().__init__(reason, source)
        self.status = status


def check_user_agent(user_agent: str | None) -> str:
    ua = (user_agent or "").strip()
    if not ua or not _CONTACT.search(ua):
        raise FetchError(
            "EDGAR requires a User-Agent that names you and gives a contact e-mail, e.g. "
            "--user-agent 'Jane Doe jane@example.com' (or the EDGARSIFT_USER_AGENT environment variable)")
    return ua


class RateLimiter:
    """At most ``rate`` acquisitions in any window of ``window`` seconds, shared by threads.

    A classic token bucket of capacity N refilling at N/s lets 2N requests through in a one-second window
    (a full bucket, then a refill), which is over EDGAR's limit; so the bucket here is a sliding log of the
    last N grant times: a grant waits until the oldest of them is a whole window old."""

    def __init__(self, rate: float, window: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, primed: bool = False):
        if rate <= 0:
            raise FetchError(f"rate must be positive, got {rate}")
        # fractional rates (0.5/s) become 1 request per 1/rate seconds
        self.capacity = max(1, int(rate))
        self.window = window * (self.capacity / rate)
        self._grants: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep
        if primed:  # start as if the whole allowance had just been used (see EdgarClient)
            self._grants.extend([clock()] * self.capacity)

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._grants and now - self._grants[0] >= self.window:
                    self._grants.popleft()
                if len(self._grants) < self.capacity:
                    self._grants.append(now)
                    return
                wait = self.window - (now - self._grants[0])
            self._sleep(max(wait, 0.001))


@dataclass
class Fetched:
    url: str
    status: int
    content: bytes
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None  # of a body streamed to a file

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class EdgarClient:
    """GETs against EDGAR (or a stand-in at ``base``) under the fair-access rules above."""

    def __init__(self, user_agent: str | None, rate: float = MAX_RATE, retries: int = 6, backoff: float = 0.5,
                 max_backoff: float = 30.0, timeout: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None, margin: float = 1.05):
        if rate > MAX_RATE:
            raise FetchError(f"rate {rate}/s is above EDGAR's limit of {MAX_RATE:g} requests per second")
        self.user_agent = check_user_agent(user_agent)
        # a little margin on the window: the server measures arrival times, which jitter. Primed: EDGAR
        # counts per client address, not per process, and the run before this one (finished, or killed
        # a moment ago) may have used the last second's allowance, so the first requests wait one window.
        self.limiter = RateLimiter(rate, window=margin, primed=True)
        self.retries, self.backoff, self.max_backoff = retries, backoff, max_backoff
        self._sleep = sleep
        self.http = httpx.Client(headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                                 timeout=timeout, follow_redirects=True, transport=transport)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            to: Path | None = None) -> Fetched:
        """The body at ``url`` (304 -> ``not_modified`` with an empty body); with ``to``, a 200 body is
        streamed into that file instead (big submissions never sit in memory) and its sha256 returned.
        Raises FetchError on a final 4xx and when every retry failed."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        last_problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self._delay(attempt, last_problem))
            self.limiter.acquire()
            try:
                # read inside the try: a truncated body or a dropped connection surfaces while reading
                with self.http.stream("GET", url, headers=headers) as resp:
                    if resp.status_code == 200 and to is not None:
                        content, digest = b"", _stream_to(resp, to)
                    else:
                        content, digest = resp.read(), None
            except (httpx.TransportError, httpx.DecodingError, httpx.StreamError) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                continue
            if resp.status_code in RETRY_STATUSES:
                last_problem = f"HTTP {resp.status_code}"
                retry_after = resp.headers.get("Retry-After", "")
                if retry_after.strip().isdigit():
                    last_problem += f" retry-after {retry_after.strip()}"
                continue
            if resp.status_code == 304:
                return Fetched(url, 304, b"", etag, last_modified)
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code}", url, status=resp.status_code)
            return Fetched(url, resp.status_code, content, resp.headers.get("ETag"),
                           resp.headers.get("Last-Modified"), digest)
        raise FetchError(f"gave up after {self.retries + 1} attempts ({last_problem})", url)

    def _delay(self, attempt: int, problem: str) -> float:
        m = re.search(r"retry-after (\d+)", problem)
        if m:
            return min(float(m.group(1)), self.max_backoff)
        return min(self.backoff * 2 ** (attempt - 1), self.max_backoff)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> "EdgarClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stream_to(resp: httpx.Response, path: Path) -> str:
    """Write a response body to ``path`` (replacing what an earlier attempt left); its sha256."""
    digest = hashlib.sha256()
    with open(path, "wb") as fh:
        for chunk in resp.iter_bytes(1 << 16):
            fh.write(chunk)
            digest.update(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    return digest.hexdigest()
