"""Store fixtures: a DuckDB file per test and a real PostgreSQL database per session (created, then dropped).

PostgreSQL comes from EDGARSIFT_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres); CI
starts a server when none runs. An unreachable server FAILS these tests: a skipped backend proves nothing.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from edgarsift.pipeline import extract_document
from edgarsift.read import read
from edgarsift.store import open_store

from ..conftest import corpus_file

PG_URL = os.environ.get("EDGARSIFT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

SEED_13DA = "seeds/004_e3cac7b6d7988945.txt"  # Giga-tronics, CUSIP 375175106, Alara Capital
FORM_D_XML = "form_d/edgartools__D.1685REIT.xml"
X17A5_PDF_TXT = "x17a5/x17a5duarte__920417-2016-02-29.pdf.txt"
SMALL_13G = "sc13g/cikcusip__1094831.txt"


def _with_db(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


@pytest.fixture(scope="session")
def pg_server_url():
    """A fresh database on the real server for this test session."""
    name = f"edgarsift_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL} ({exc}); start it (see .ci/run) "
                    "or set EDGARSIFT_TEST_PG_URL", pytrace=False)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(PG_URL, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _reset_pg(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP SCHEMA public CASCADE")
        con.execute("CREATE SCHEMA public")


@pytest.fixture
def pg_url(pg_server_url):
    """The session database, emptied for this test."""
    _reset_pg(pg_server_url)
    return pg_server_url


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def extracted_with_source(rel: str):
    """(record, decoded source) of a corpus filing, as ingest stores them."""
    doc = read(corpus_file(rel))
    return extract_document(doc), doc.raw
