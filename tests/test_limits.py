"""Per-filing time and memory limits, the same on every path: ``edgarsift extract`` in one
process and in a pool, and ``ingest --workers 1``. A filing over a limit fails alone, in one line that names it
and the setting; the filings after it are extracted as usual, and the process's own limits are put back."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edgarsift import batch
from edgarsift.batch import extract_bytes, process_path, run_local
from edgarsift.limits import FilingMemoryError, FilingTimeout, Limits, filing_limits
from edgarsift.pipeline import extract_document
from edgarsift.read import read_bytes
from edgarsift.store import open_store
from edgarsift.store.ingest import ingest

from .conftest import corpus_file

SMALL_13D = "sc13d/cikcusip__1997_SC_13D_1019830.txt"
BODY_13D = "sc13d/cikcusip__1995_SC_13D_718451.txt"
BIG_BYTES = 30_000_000  # its decoded text alone is about twice LIMIT_MB, whether or not its bytes were read first
LIMIT_MB = 16  # far more than a small filing adds


def big_13d(size: int) -> bytes:
    """A real 13D whose body is repeated until the file is ``size`` bytes ."""
    raw = corpus_file(BODY_13D).read_bytes()
    start = raw.index(b"<TEXT>") + len(b"<TEXT>")
    end = raw.index(b"</TEXT>", start)
    return raw[:start] + raw[start:end] * max(1, size // (end - start)) + raw[end:]


def _stuck_after(real):
    """``real``, then stuck for good when the filing is named stuck*: an extractor caught in a loop on one filing
    (how long a real filing takes changes with every extractor release; a hang does not)."""
    def run(source, *args, **kwargs):
        result = real(source, *args, **kwargs)
        if Path(str(getattr(source, "source", source))).name.startswith("stuck"):
            while True:
                time.sleep(1)
        return result
    return run


def test_a_filing_over_the_time_limit_fails_in_one_line_and_the_next_one_is_extracted(tmp_path, monkeypatch):
    stuck = tmp_path / "stuck.txt"
    stuck.write_bytes(corpus_file(SMALL_13D).read_bytes())
    monkeypatch.setattr(batch, "extract_document", _stuck_after(batch.extract_document))
    monkeypatch.setenv("EDGARSIFT_EXTRACT_TIMEOUT_S", "1")
    before = signal.getsignal(signal.SIGALRM)
    slow = process_path(stuck)
    assert slow.record is None
    assert slow.error == f"{stuck}: over the 1 s time limit for one filing (setting extract_timeout_s)"
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left to go off later
    after = process_path(corpus_file(SMALL_13D))
    assert after.error is None and after.record.form_type == "SC 13D"


def test_an_extractor_that_swallows_exceptions_cannot_swallow_the_time_limit():
    data = corpus_file(SMALL_13D).read_bytes()
    with pytest.raises(FilingTimeout, match=r"^busy\.txt: over the 0\.2 s time limit"):
        with filing_limits("busy.txt", Limits(seconds=0.2, memory_mb=0)):
            while True:  # an extractor retrying forever behind a broad except
                try:
                    extract_document(read_bytes(data, "busy.txt"))
                except Exception:
                    pass


def test_a_filing_over_the_memory_limit_fails_alone_and_the_limit_is_put_back(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(big_13d(BIG_BYTES))  # reading and decoding alone need twice its size
    monkeypatch.setenv("EDGARSIFT_MAX_FILING_MEMORY_MB", str(LIMIT_MB))
    before = resource.getrlimit(resource.RLIMIT_AS)
    small = corpus_file(SMALL_13D)
    outcomes = list(run_local([small, big, small]))
    assert [o.record.form_type if o.record else None for o in outcomes] == ["SC 13D", None, "SC 13D"]
    assert outcomes[1].error == (f"{big}: over the {LIMIT_MB} MB memory limit for one filing "
                                 "(setting max_filing_memory_mb)")
    assert resource.getrlimit(resource.RLIMIT_AS) == before


_POOL_RUN = """
import sys
from pathlib import Path
from edgarsift.batch import run_local
small, big = Path(sys.argv[1]), Path(sys.argv[2])
for outcome in run_local([small, big, small], workers=2, chunksize=1):
    print(outcome.record is not None, outcome.error)
"""


def test_pool_workers_apply_the_same_limits(tmp_path):
    # The pool runs from a fresh interpreter: a forked worker inherits its parent's heap, and the free memory in a
    # long test session's heap would let a filing grow without growing the address space the limit counts.
    big = tmp_path / "big.txt"
    big.write_bytes(big_13d(BIG_BYTES))
    env = {**os.environ, "EDGARSIFT_MAX_FILING_MEMORY_MB": str(LIMIT_MB)}  # workers read the settings themselves
    run = subprocess.run([sys.executable, "-c", _POOL_RUN, str(corpus_file(SMALL_13D)), str(big)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["True", "False", "True"]
    assert f"over the {LIMIT_MB} MB memory limit for one filing" in lines[1]


def test_ingest_in_one_process_applies_the_limits_and_stores_the_rest(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a_big.txt").write_bytes(big_13d(BIG_BYTES))
    (inputs / "b_small.txt").write_bytes(corpus_file(SMALL_13D).read_bytes())
    monkeypatch.setenv("EDGARSIFT_MAX_FILING_MEMORY_MB", str(LIMIT_MB))
    store = open_store(str(tmp_path / "x.duckdb"))
    try:
        summary = ingest([inputs], store, workers=1)
    finally:
        store.close()
    assert (summary.written, summary.failed) == (1, 1)
    (failure,) = summary.failures
    assert failure.path.endswith("a_big.txt")
    assert f"over the {LIMIT_MB} MB memory limit for one filing (setting max_filing_memory_mb)" in failure.reason


def test_ingest_bytes_path_reports_a_timeout_as_that_filings_failure(monkeypatch):
    monkeypatch.setattr(batch, "extract_document", _stuck_after(batch.extract_document))
    monkeypatch.setenv("EDGARSIFT_EXTRACT_TIMEOUT_S", "1")
    data = corpus_file(SMALL_13D).read_bytes()
    result = extract_bytes("stuck.txt", data)
    assert result.record is None
    assert result.error == "stuck.txt: over the 1 s time limit for one filing (setting extract_timeout_s)"
    assert extract_bytes("next.txt", data).record.form_type == "SC 13D"


def test_a_cpu_time_limit_counts_the_work_done_and_puts_the_profiling_timer_back():
    data = corpus_file(SMALL_13D).read_bytes()
    before = signal.getsignal(signal.SIGPROF)
    with pytest.raises(FilingTimeout, match=r"^busy\.txt: over the 0\.3 s of CPU time limit"):
        with filing_limits("busy.txt", Limits(seconds=0.3, memory_mb=0, cpu_time=True)):
            while True:
                extract_document(read_bytes(data, "busy.txt"))
    assert signal.getsignal(signal.SIGPROF) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_zero_turns_a_limit_off():
    data = corpus_file(SMALL_13D).read_bytes()
    before = resource.getrlimit(resource.RLIMIT_AS)
    with filing_limits("x.txt", Limits(seconds=0, memory_mb=0)):
        assert resource.getrlimit(resource.RLIMIT_AS) == before
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert extract_document(read_bytes(data, "x.txt")).form_type == "SC 13D"


def test_a_memory_error_inside_a_limited_filing_names_the_setting():
    with pytest.raises(FilingMemoryError, match=r"^huge\.txt: over the 64 MB memory limit"):
        with filing_limits("huge.txt", Limits(seconds=0, memory_mb=64)):
            bytearray(512 * 1024 * 1024)  # what a quadratic copy of a big filing would ask for
