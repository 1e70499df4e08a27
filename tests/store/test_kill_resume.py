"""kill -9 of an ingest with two pool workers, at several points, on both backends: the workers
die with it, PostgreSQL is left no session of it (no "idle in transaction" holding locks), and the re-run
finishes with every input stored exactly once."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from edgarsift.store import open_store
from edgarsift.store.ingest import COMMIT_EVERY

from .test_ingest import EDGARSIFT, replicas

# filings enough that the third commit (at most 3 * COMMIT_EVERY in) comes well before the last: the kill must
# find the run in flight, its pool up, however fast extraction is
N = 4 * COMMIT_EVERY + 64
WAIT_S = 20  # how long a dead process or a closed session may take to be gone (a bound, not a measurement)


def _children_of(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _until(condition, what: str):
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _other_sessions(url: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as con:
        return con.execute("SELECT pid, state, application_name FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchall()


@pytest.mark.parametrize("point", ["workers-started", "first-commit", "third-commit"])
@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_kill_9_with_two_workers_then_rerun_stores_everything_once(tmp_path, request, backend, point):
    src = replicas(tmp_path / "batch", N)
    db = str(tmp_path / "kill.duckdb") if backend == "duckdb" else request.getfixturevalue("pg_url")
    cmd = [EDGARSIFT, "ingest", str(src), "--db", db, "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        if point == "workers-started":
            _until(lambda: len(_children_of(proc.pid)) >= 2 or proc.poll() is not None, "no pool workers started")
        else:
            commits = 0
            for line in proc.stderr:  # one "committed …" line per transaction when stderr is not a terminal
                commits += line.startswith("committed")
                if commits == (1 if point == "first-commit" else 3):
                    break
        workers = _children_of(proc.pid)
        assert len(workers) >= 2 and proc.poll() is None  # killed mid-run, its pool up
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    _until(lambda: not any(_alive(p) for p in workers), f"orphaned workers left: {sorted(workers)}")
    if backend == "postgresql":
        _until(lambda: not _other_sessions(db), "the killed ingest's session lingers")
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    s = open_store(db, read_only=True)
    try:
        rows = s.table("filings")
    finally:
        s.close()
    assert len(rows) == N and len({r["sha256"] for r in rows}) == N
    assert {Path(r["path"]).name for r in rows} == {f"r{i:05d}.txt" for i in range(N)}
    assert all(r["status"] == "ok" and r["form_type"] == "SC 13G" for r in rows)
