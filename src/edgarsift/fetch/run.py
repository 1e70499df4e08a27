"""``edgarsift fetch``: list a company's filings from EDGAR's indexes and download each full submission.

Cache layout (``CACHE``):
  CACHE/CIK/ACCESSION.txt     a filing's complete submission text (written as .part, then renamed)
  CACHE/manifest.jsonl        one line per finished download (appended after the rename)
  CACHE/_index/...            index pages with their ETag / Last-Modified, re-validated by conditional GETs

A killed run leaves at most ``.part`` files behind; the next run skips every accession already on disk or
in the manifest and downloads the rest, so every filing ends up once and nothing is fetched twice.
"""
from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from ..forms.formnames import form_filter as form_matcher  # what a --form means, as everywhere else
from .client import EdgarClient, FetchError
from .index import (DATA, WWW, FilingRef, continuation_url, in_range, parse_form_idx,
                    parse_submissions, quarter_urls, resolve_company, submissions_url, tickers_url)

FIRST_INDEX_YEAR = 1993  # EDGAR's quarterly indexes start in 1993
# Years before this are listed from the quarterly indexes: the submissions JSON is patchy before 2001.
SUBMISSIONS_FROM_YEAR = 2001


@dataclass
class FetchSummary:
    listed: int = 0  # filings the indexes list that match the forms and dates
    downloaded: int = 0
    cached: int = 0  # already in the cache: not requested again
    index_pages: int = 0
    index_not_modified: int = 0  # index pages answered 304 (or complete past quarters reused as they are)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (accession, reason)
    paths: list[Path] = field(default_factory=list)  # every matching filing's cache path


class Fetcher:
    def __init__(self, client: EdgarClient, cache: "str | Path", workers: int = 4, www: str = WWW,
                 data: str = DATA, today: date | None = None):
        self.client, self.cache, self.workers = client, Path(cache), max(1, workers)
        self.www, self.data = www.rstrip("/"), data.rstrip("/")
        self.today = today or date.today()
        self.cache.mkdir(parents=True, exist_ok=True)
        self._manifest_lock = threading.Lock()

    # -- index pages, re-validated with conditional GETs ------------------------------------------------
    def _local(self, url: str) -> str:
        """EDGAR's URL pointed at the configured hosts (a mirror or a test server)."""
        return url.replace(WWW, self.www, 1).replace(DATA, self.data, 1)

    def _index_path(self, url: str) -> Path:
        parts = urlsplit(url)
        return self.cache / "_index" / parts.netloc.replace(":", "_") / parts.path.lstrip("/")

    def index_page(self, url: str, summary: FetchSummary, immutable: bool = False) -> bytes | None:
        """An index page's body, from the cache when the server says it has not changed (None: 404)."""
        path = self._index_path(url)
        meta_path = path.with_name(path.name + ".meta.json")
        meta = json.loads(meta_path.read_text()) if meta_path.exists() and path.exists() else {}
        summary.index_pages += 1
        if meta and immutable:  # a past quarter's index never changes
            summary.index_not_modified += 1
            return path.read_bytes()
        try:
            got = self.client.get(self._local(url), meta.get("etag"), meta.get("last_modified"))
        except FetchError as exc:
            if exc.status == 404:  # no such company / no continuation page: nothing listed there
                return None
            raise
        if got.not_modified:
            summary.index_not_modified += 1
            return path.read_bytes()
        _write_atomic(path, got.content)
        _write_atomic(meta_path, json.dumps({"etag": got.etag, "last_modified": got.last_modified}).encode())
        return got.content

    # -- what to fetch -------------------------------------------------------------------------------------
    def resolve(self, ticker: str | None = None, name: str | None = None,
                summary: FetchSummary | None = None) -> list[tuple[int, str]]:
        body = self.index_page(tickers_url(), summary or FetchSummary())
        if body is None:
            raise FetchError("EDGAR's company tickers file is not available")
        found = resolve_company(body, ticker=ticker, name=name)
        if not found:
            raise FetchError(f"no company with {'ticker ' + ticker if ticker else 'a name like ' + repr(name)} "
                             "in EDGAR's tickers file")
        return found

    def list_filings(self, ciks: Iterable[int], forms: Iterable[str] | None = None, amendments: bool = True,
                     date_from: str | None = None, date_to: str | None = None,
                     summary: FetchSummary | None = None) -> list[FilingRef]:
        summary = summary or FetchSummary()
        wanted = form_matcher(forms, amendments)
        ciks = sorted(set(ciks))
        refs: dict[str, FilingRef] = {}

        def keep(ref: FilingRef) -> None:
            # a filing about one requested company by another (a 13D filer and its issuer) is fetched once
            if wanted(ref.form) and in_range(ref.filed, date_from, date_to):
                refs.setdefault(ref.accession, ref)

        year_from = int(date_from[:4]) if date_from else FIRST_INDEX_YEAR
        year_to = int(date_to[:4]) if date_to else self.today.year
        # the quarterly indexes are walked up to the quarter where every company's submissions begin
        last_old = (min(year_to, SUBMISSIONS_FROM_YEAR - 1), 4)
        earliest: list[tuple[int, int]] = []
        if year_to >= SUBMISSIONS_FROM_YEAR:
            for cik in ciks:
                body = self.index_page(submissions_url(cik), summary)
                if body is None:
                    continue
                page, files = parse_submissions(json.loads(body), cik)
                for ref in page:
                    keep(ref)
                dates = [r.filed for r in page] + [x["filingFrom"] for x in files if x.get("filingFrom")]
                # a company whose submissions reach back before 2001 needs the indexes only before that
                earliest.append(_quarter(min(dates)) if dates else last_old)
                for extra in files:
                    if date_from and extra.get("filingTo") and extra["filingTo"] < date_from:
                        continue  # continuation pages are date-bounded: skip those wholly outside the range
                    if date_to and extra.get("filingFrom") and extra["filingFrom"] > date_to:
                        continue
                    more = self.index_page(continuation_url(extra["name"]), summary)
                    if more is not None:
                        for ref in parse_submissions(json.loads(more), cik)[0]:
                            keep(ref)
        if earliest and len(earliest) == len(ciks):
            last_old = min(last_old, max(earliest))
        for year, qtr, url in quarter_urls(max(year_from, FIRST_INDEX_YEAR), last_old[0]):
            if (year, qtr) > last_old:
                break
            past = (year, qtr) < (self.today.year, (self.today.month - 1) // 3 + 1)
            body = self.index_page(url, summary, immutable=past)
            if body is None:
                continue
            for ref in parse_form_idx(body.decode("latin-1"), set(ciks)):
                keep(ref)
        found = sorted(refs.values(), key=lambda r: (r.cik, r.filed, r.accession))
        summary.listed = len(found)
        return found

    # -- downloads -----------------------------------------------------------------------------------------
    def path_of(self, ref: FilingRef) -> Path:
        return self.cache / str(ref.cik) / f"{ref.accession}.txt"

    @property
    def manifest_path(self) -> Path:
        return self.cache / "manifest.jsonl"

    def done_accessions(self) -> set[tuple[int, str]]:
        done = set()
        if self.manifest_path.exists():
            for line in self.manifest_path.read_text().splitlines():
                try:
                    d = json.loads(line)
                except ValueError:  # a line cut short by a kill
                    continue
                done.add((int(d["cik"]), d["accession"]))
        return done

    def download(self, refs: list[FilingRef], summary: FetchSummary | None = None,
                 on_done: Callable[[FilingRef, str], None] | None = None) -> FetchSummary:
        """Download every filing of ``refs`` not in the cache yet. ``on_done(ref, outcome)`` is called
        with 'downloaded', 'cached' or 'failed' (progress bars)."""
        summary = summary or FetchSummary()
        done = self.done_accessions()
        todo = []
        for ref in refs:
            path = self.path_of(ref)
            summary.paths.append(path)
            # the rename is atomic, so a final file is complete even when the manifest line was lost
            if (ref.cik, ref.accession) in done or path.exists():
                summary.cached += 1
                if (ref.cik, ref.accession) not in done:
                    self._record(ref, path)
                if on_done:
                    on_done(ref, "cached")
            else:
                todo.append(ref)
        with ThreadPoolExecutor(self.workers) as pool:
            futures = {pool.submit(self._download_one, ref): ref for ref in todo}
            for fut in as_completed(futures):
                ref = futures[fut]
                try:
                    fut.result()
                    summary.downloaded += 1
                    outcome = "downloaded"
                except FetchError as exc:
                    summary.failed.append((ref.accession, str(exc)))
                    outcome = "failed"
                if on_done:
                    on_done(ref, outcome)
        return summary

    def _download_one(self, ref: FilingRef) -> None:
        path = self.path_of(ref)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        got = self.client.get(self._local(ref.url), to=part)  # streamed: submissions can be large
        os.replace(part, path)  # only a complete body gets the final name
        self._record(ref, path, got.sha256)

    def _record(self, ref: FilingRef, path: Path, sha256: str | None = None) -> None:
        line = json.dumps({"cik": ref.cik, "accession": ref.accession, "form": ref.form, "filed": ref.filed,
                           "path": str(path.relative_to(self.cache)), "sha256": sha256})
        with self._manifest_lock, open(self.manifest_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _quarter(iso: str) -> tuple[int, int]:
    return int(iso[:4]), (int(iso[5:7]) - 1) // 3 + 1


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)
