"""A DuckDB store while `edgarsift serve` runs on it: `query`, `token create`, `ingest` and
`edgarsift.open()` work beside a real server process, and a held lock is named, not guessed."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import edgarsift
from edgarsift.errors import StoreError
from edgarsift.store.duckdb_store import DuckDBStore, SharedDuckDB

from ..conftest import corpus_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edgarsift", *args], capture_output=True, text=True, timeout=300,
                          env=env or ENV)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, token: str | None = None, data: bytes | None = None,
             content_type: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, data=data)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except urllib.error.URLError:  # not listening yet
        return 0, ""


def _multipart(name: str, body: bytes) -> tuple[bytes, str]:
    boundary = "edgarsift-test-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + body + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def server(tmp_path):
    """`edgarsift serve` in its own process on a store holding the bundled examples."""
    db = tmp_path / "shared.duckdb"
    res = cli("ingest", str(EXAMPLES), "--db", str(db))
    assert res.returncode == 0, res.stderr
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "edgarsift", "serve", "--db", str(db), "--port", str(port),
                             "--no-examples"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # bounded wait for start-up, not a speed assertion
        while time.monotonic() < deadline and proc.poll() is None and _request(f"{base}/api/health")[0] != 200:
            time.sleep(0.1)
        assert proc.poll() is None, proc.stdout.read()
        yield db, base
    finally:
        proc.terminate()
        proc.wait(20)


def test_readers_and_writers_beside_a_running_server(server):
    db, base = server
    # a token made while the server runs, and the server honours it at once
    made = cli("token", "create", "analyst", "--db", str(db))
    assert made.returncode == 0, made.stderr
    secret = re.search(r"token \d+ for 'analyst': (\S+)", made.stdout).group(1)
    status, body = _request(f"{base}/api/filings?limit=500", secret)
    assert status == 200, body
    before = json.loads(body)["total"]
    assert before == len([p for p in EXAMPLES.iterdir() if p.is_file()])

    # read-only SQL from the command line
    counted = cli("query", "SELECT count(*) AS n FROM filings", "--db", str(db))
    assert counted.returncode == 0, counted.stderr
    assert str(before) in counted.stdout

    # the notebook way, with a Dataset kept open while the server goes on answering
    ds = edgarsift.open(str(db))
    try:
        persons = ds.persons(cusip="375175106").to_pylist()
        assert len(persons) == 4 and {p["percent_of_class"] for p in persons} == {36.2}
        status, _ = _request(f"{base}/api/filings", secret)
        assert status == 200
        assert len(ds.persons(cusip="375175106")) == 4
    finally:
        ds.close()

    # an ingest of one more filing, then the server lists it
    extra = corpus_file("sc13g/cikcusip__1994_SC_13G_732812.txt")
    added = cli("ingest", str(extra), "--db", str(db))
    assert added.returncode == 0, added.stderr
    status, body = _request(f"{base}/api/filings?limit=500", secret)
    assert status == 200 and json.loads(body)["total"] == before + 1

    # an upload through the server, then the command line sees it
    data, ctype = _multipart("13d.txt", corpus_file("sc13d/cikcusip__1995_SC_13D_718451.txt").read_bytes())
    status, body = _request(f"{base}/api/filings", secret, data, ctype)
    assert status == 201, body
    after = cli("query", "SELECT count(*) FROM filings", "--db", str(db))
    assert after.returncode == 0 and str(before + 2) in after.stdout


def test_a_held_lock_names_the_process(tmp_path):
    """A process that keeps the file open for writing: the reader waits, then names it (no guessed ingest)."""
    db = tmp_path / "held.duckdb"
    DuckDBStore(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys\ncon = duckdb.connect(sys.argv[1])\n"
                               "print('holding', flush=True)\nsys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        res = cli("query", "SELECT 1", "--db", str(db), env={**ENV, "EDGARSIFT_DUCKDB_LOCK_WAIT_S": "0.2"})
        assert res.returncode != 0
        assert f"process {holder.pid}" in res.stderr and "ingest" not in res.stderr
        os.environ["EDGARSIFT_DUCKDB_LOCK_WAIT_S"] = "0.2"
        try:
            with pytest.raises(StoreError, match=f"process {holder.pid}"):
                SharedDuckDB(str(db))
        finally:
            del os.environ["EDGARSIFT_DUCKDB_LOCK_WAIT_S"]
    finally:
        holder.stdin.close()
        holder.wait(20)
    # once the holder is gone, the same reader gets in
    assert cli("query", "SELECT 1 AS one", "--db", str(db)).returncode == 0


def test_shared_store_lets_the_file_go_when_idle(tmp_path):
    db = str(tmp_path / "idle.duckdb")
    shared = SharedDuckDB(db, idle_s=0.05)
    try:
        assert shared.create_token("a")[0] >= 1
        # another connection in this process waits for the idle release instead of failing
        other = DuckDBStore(db, read_only=True)
        try:
            assert other.query("SELECT count(*) FROM api_tokens")[1] == [(1,)]
        finally:
            other.close()
        assert shared.verify_token("nope") is False  # and the shared store opens the file again
    finally:
        shared.close()
