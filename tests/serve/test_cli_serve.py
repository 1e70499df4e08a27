"""`edgarsift token create/revoke` and `edgarsift serve` from the command line."""
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

from typer.testing import CliRunner

from edgarsift.batch import iter_filings
from edgarsift.serve.cli import app
from edgarsift.serve.cli_serve import EXAMPLES
from edgarsift.store import open_store

runner = CliRunner()


def test_token_create_and_revoke(tmp_path):
    db = str(tmp_path / "t.duckdb")
    created = runner.invoke(app, ["token", "create", "analyst", "--db", db])
    assert created.exit_code == 0, created.output
    token_id, secret = re.search(r"token (\d+) for 'analyst': (\S+)", created.stdout).groups()
    with open_store(db) as store:
        assert store.verify_token(secret)
        assert not store.verify_token(secret + "x")
        assert secret not in json.dumps(store.table("filings"))  # nothing but a hash is kept
    assert runner.invoke(app, ["token", "revoke", token_id, "--db", db]).exit_code == 0
    with open_store(db) as store:
        assert not store.verify_token(secret)
    again = runner.invoke(app, ["token", "revoke", token_id, "--db", db])
    assert again.exit_code == 1 and f"no token with id {token_id}" in again.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except urllib.error.URLError:  # not listening yet
        return 0, ""


def test_serve_on_a_fresh_store_shows_the_examples(tmp_path):
    """A fresh install: `edgarsift serve` fills an empty store with the bundled examples and prints a login
    link; the link opens the search page listing them."""
    port = _free_port()
    cmd = [sys.executable, "-m", "edgarsift.serve.cli", "serve", "--db", str(tmp_path / "fresh.duckdb"),
           "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        link = None
        deadline = time.monotonic() + 120  # bounded wait for start-up, not a speed assertion
        while link is None and time.monotonic() < deadline and proc.poll() is None:
            line = proc.stdout.readline()
            m = re.search(r"open (http://\S+/login/\S+)", line)
            link = m.group(1) if m else None
        assert link, "serve printed no login link"
        while time.monotonic() < deadline and _get(f"http://127.0.0.1:{port}/api/health")[0] != 200:
            time.sleep(0.1)
        assert _get(f"http://127.0.0.1:{port}/api/filings")[0] == 401  # reads are closed by default
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(link, timeout=10) as r:  # sets the cookie, lands on the search page
            page = r.read().decode()
        n = len(list(iter_filings([EXAMPLES])))
        assert n >= 5 and f"{n} filings" in page and "SC 13D/A" in page
    finally:
        proc.terminate()
        proc.wait(20)
