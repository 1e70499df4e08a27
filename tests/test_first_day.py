"""A new user's first day (issue 13): the README's store snippet, the terminal views, `show` on records."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import edgarsift

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edgarsift", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory) -> Path:
    """The README's `edgarsift ingest examples/` into a fresh DuckDB file."""
    db = tmp_path_factory.mktemp("store") / "edgarsift.duckdb"
    res = run_cli("ingest", str(EXAMPLES), "--db", str(db))
    assert res.returncode == 0, res.stderr
    return db


def test_readme_store_snippet_gives_a_dataframe(examples_db):
    import pandas as pd  # installed by the `pandas` and `test` extras
    db = edgarsift.open(str(examples_db))
    try:
        frame = db.persons(cusip="375175106").to_pandas()
        rows = db.persons(cusip="375175106").to_pylist()  # the Arrow-native way, no pandas needed
    finally:
        db.close()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(rows) == 4  # the four Alara Capital reporting persons
    assert set(frame["percent_of_class"]) == {36.2}
    assert set(frame["issuer_cusip"]) == {"375175106"}
