"""``query`` on PostgreSQL is read-only even for a superuser's connection, and a migration that
meets a stale lock says who holds it instead of hanging. Every probe runs against the real server."""
from __future__ import annotations

import uuid
from decimal import Decimal

import psycopg
import pytest

from edgarsift.errors import StoreError
from edgarsift.store import open_store
from edgarsift.store.postgres_store import QUERY_FUNCTION, READER_ROLE

from .conftest import SMALL_13G, _with_db, extracted_with_source

REFUSED = "only a statement that returns rows"
DENIED = f"(queries run as {READER_ROLE}, which may only read the store's tables)"

# (statement, what the one-line error says). Each ran, or read the server's files, before the reader role.
PROBES = [
    ("COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'", REFUSED),
    ("COPY (SELECT 1) TO '/dev/null'", REFUSED),
    ("COPY filings TO STDOUT", REFUSED),
    ("SELECT pg_read_file('/etc/hostname')", "permission denied for function pg_read_file"),
    ("SELECT pg_ls_dir('.')", "permission denied for function pg_ls_dir"),
    ("SELECT lo_import('/etc/hostname')", "permission denied for function lo_import"),
    ("SELECT * FROM pg_authid", "permission denied for table pg_authid"),
    ("SET ROLE postgres", REFUSED),
    ("RESET ROLE", REFUSED),
    ("SET SESSION AUTHORIZATION postgres", REFUSED),
    # one statement that climbs back to the session user's rights and reads a file through SPI
    ("SELECT set_config('role', 'postgres', true), "
     "query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, false, '')",
     'cannot set parameter "role" within security-definer function'),
    ("SELECT set_config('session_authorization', 'postgres', true)",
     'cannot set parameter "session_authorization" within security-definer function'),
    ("SELECT query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, false, '')",
     "permission denied for function pg_read_file"),
    ("SELECT 1; SELECT pg_read_file('/etc/hostname')", "cannot insert multiple commands into a prepared statement"),
]


@pytest.fixture
def pg_store(pg_url):
    s = open_store(pg_url)
    s.put_records([extracted_with_source(SMALL_13G)])
    yield s
    s.close()


@pytest.mark.parametrize("sql,says", PROBES, ids=[p[0][:40] for p in PROBES])
def test_query_refuses_what_is_not_reading_the_store(pg_store, pg_url, sql, says):
    reader = open_store(pg_url, read_only=True)
    try:
        assert reader.con.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
        with pytest.raises(StoreError) as exc:
            reader.query(sql)
        message = str(exc.value)
        assert message.startswith("query: ") and says in message and "\n" not in message
        if "permission denied" in says or "security-definer" in says:
            assert message.endswith(DENIED)
        # the connection is itself again, outside any transaction, and still answers
        assert reader.con.execute("SELECT current_user").fetchone()[0] == "postgres"
        assert reader.query("SELECT count(*) AS n FROM filings") == (["n"], [(1,)])
    finally:
        reader.close()


def test_query_reads_the_store_with_its_types_and_parameters(pg_store):
    cols, rows = pg_store.query("SELECT form_type, count(*) AS n, 1.5::numeric AS x, current_user AS who, "
                                "? AS p, '100%' AS pct FROM filings GROUP BY 1", ["it's"])
    assert cols == ["form_type", "n", "x", "who", "p", "pct"]
    assert rows == [("SC 13G", 1, Decimal("1.5"), READER_ROLE, "it's", "100%")]
    assert pg_store.query("SELECT 1 AS a, 'x' AS a") == (["a", "a"], [(1, "x")])  # names as the query gives them
    assert pg_store.query("SELECT id FROM api_tokens") == (["id"], [])
    with pytest.raises(StoreError, match=REFUSED):
        pg_store.query("DELETE FROM filings")
    assert pg_store.counts()["filings"] == 1


def test_without_the_reader_role_a_superuser_is_refused_and_an_ordinary_user_keeps_its_own_rights(pg_store, pg_url):
    pg_store._run(f"DROP FUNCTION {QUERY_FUNCTION}(text)")  # as if migrated by a user without CREATEROLE
    reader = open_store(pg_url, read_only=True)
    try:
        with pytest.raises(StoreError, match="refused: postgres may run programs and read files on the server"):
            reader.query("SELECT 1")
    finally:
        reader.close()
    plain = f"edgarsift_test_plain_{uuid.uuid4().hex[:8]}"
    pg_store._run(f"CREATE ROLE {plain} LOGIN")
    try:
        pg_store._run(f"GRANT USAGE ON SCHEMA public TO {plain}")
        pg_store._run(f"GRANT SELECT ON filings TO {plain}")
        user_url = _with_db(pg_url, pg_url.rsplit("/", 1)[1]).replace("postgres@", f"{plain}@", 1)
        ordinary = open_store(user_url, read_only=True)
        try:
            assert ordinary.query("SELECT count(*) AS n FROM filings") == (["n"], [(1,)])
            with pytest.raises(StoreError, match="permission denied for function pg_read_file"):
                ordinary.query("SELECT pg_read_file('/etc/hostname')")
        finally:
            ordinary.close()
    finally:
        pg_store._run(f"REVOKE ALL ON filings FROM {plain}")
        pg_store._run(f"REVOKE ALL ON SCHEMA public FROM {plain}")
        pg_store._run(f"DROP ROLE {plain}")


def test_a_migration_that_meets_a_stale_lock_names_its_holder(pg_store, pg_url, monkeypatch):
    monkeypatch.setenv("EDGARSIFT_PG_LOCK_TIMEOUT_S", "1")
    stale = psycopg.connect(pg_url, application_name="a killed ingest")
    try:
        stale.execute("INSERT INTO filings (id, path, status) VALUES (-1, 'x', 'ok')")  # then idle in transaction
        pid = stale.info.backend_pid
        with pytest.raises(StoreError) as exc:
            open_store(pg_url)
        message = str(exc.value)
        assert "waited 1 s for a lock" in message and f"PostgreSQL session pid {pid} (a killed ingest, idle in " \
                                                     "transaction for" in message
        assert "pg_terminate_backend" in message and "\n" not in message
    finally:
        stale.close()
    open_store(pg_url).close()  # the holder gone, the migration goes through


def test_the_query_command_says_why_in_one_line(pg_store, pg_url):
    from typer.testing import CliRunner

    from edgarsift.serve.cli import app

    res = CliRunner().invoke(app, ["query", "COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'", "--db", pg_url])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.output.strip().splitlines() == [
        "error: query: only a statement that returns rows (SELECT, VALUES, WITH …) can run here: the store is "
        "read-only"]
    res = CliRunner().invoke(app, ["query", "SELECT form_type FROM filings", "--db", pg_url, "--json"])
    assert res.exit_code == 0 and "SC 13G" in res.output
