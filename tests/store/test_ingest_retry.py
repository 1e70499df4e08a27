"""A failure of the environment (a worker killed, a timeout) is tried again by the next ingest; a failure of the
filing itself is final for the extractor version."""
from __future__ import annotations

import os
from pathlib import Path

from edgarsift.store import FilingQuery
from edgarsift.store import ingest as _ingest_module
from edgarsift.store.ingest import ingest

from ..conftest import corpus_file
from .conftest import SMALL_13G
from .test_ingest import copy_few

_real_extract_bytes = _ingest_module.extract_bytes


def _killed_on(name: str, data: bytes):
    """As if the OOM killer or an operator took the worker down while it read this one filing."""
    if Path(name).name == "unlucky.txt":
        os._exit(9)
    return _real_extract_bytes(name, data)


def test_a_filing_whose_worker_was_killed_is_extracted_again_by_the_next_ingest(store, tmp_path, monkeypatch):
    files = copy_few(tmp_path / "in")
    (tmp_path / "in" / "unlucky.txt").write_bytes(corpus_file(SMALL_13G).read_bytes() + b"\nunlucky\n")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")  # a failure of the filing itself
    with monkeypatch.context() as m:
        m.setattr(_ingest_module, "extract_bytes", _killed_on)  # forked pool workers inherit it
        first = ingest([tmp_path / "in"], store, workers=2)
    assert (first.written, first.failed) == (len(files), 2)
    kinds = {Path(r["path"]).name: (r["failure_kind"], r["error"]) for r in store.table("filings")
             if r["status"] == "failed"}
    assert kinds["empty.txt"][0] == "filing"
    assert kinds["unlucky.txt"][0] == "environment" and "the next ingest tries it again" in kinds["unlucky.txt"][1]

    again = ingest([tmp_path / "in"], store, workers=2)  # the worker is not killed this time
    assert (again.written, again.failed, again.skipped) == (1, 0, len(files) + 1)
    (ok,) = [r for r in store.table("filings") if Path(r["path"]).name == "unlucky.txt"]
    assert ok["status"] == "ok" and ok["failure_kind"] is None and ok["form_type"] == "SC 13G"
    failed, total = store.search_filings(FilingQuery(status="failed"))
    assert total == 1 and Path(failed[0].path).name == "empty.txt"
    assert store.counts()["filings"] == len(files) + 2  # replaced, not added
