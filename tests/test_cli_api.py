"""The front doors: the Python API (path, bytes, text) and the show/schema commands."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import edgarsift
from edgarsift.records import Record

from .conftest import CORPUS

SEED = CORPUS / "seeds/004_e3cac7b6d7988945.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edgarsift", *args], capture_output=True, text=True, timeout=120)


def test_extract_accepts_path_bytes_and_text():
    by_path = edgarsift.extract(SEED)
    by_bytes = edgarsift.extract(SEED.read_bytes())
    by_text = edgarsift.extract(SEED.read_text())
    assert isinstance(by_path, Record)
    assert by_path.form_type == by_bytes.form_type == by_text.form_type == "SC 13D/A"
    assert by_path.amendment_number == 3
    assert by_path.source.sha256 == by_bytes.source.sha256
    assert by_path.source.path.endswith("004_e3cac7b6d7988945.txt") and by_bytes.source.path == "<bytes>"


def test_public_names():
    assert set(edgarsift.__all__) >= {"extract", "read", "Record", "Finding", "EdgarsiftError", "ReadError"}
    for name in edgarsift.__all__:
        assert hasattr(edgarsift, name), name


def test_schema_command_gives_json_schema_per_family():
    res = run_cli("schema")
    assert res.returncode == 0, res.stderr
    schemas = json.loads(res.stdout)
    assert set(schemas) == {"schedule13", "form_d", "x17a5"}
    props = schemas["schedule13"]["$defs"]
    assert "percent_of_class" in props["ReportingPerson"]["properties"]
    one = json.loads(run_cli("schema", "form_d").stdout)
    assert "FormDData" in one["$defs"]
    bad = run_cli("schema", "nope")
    assert bad.returncode != 0 and "unknown family" in bad.stderr and "Traceback" not in bad.stderr


def _properties(schema: dict) -> dict[str, dict]:
    """Every property of the record schema and of its $defs, as 'Model.field' -> property schema."""
    found = {f"{schema['title']}.{k}": v for k, v in schema.get("properties", {}).items()}
    for name, sub in schema.get("$defs", {}).items():
        found |= {f"{name}.{k}": v for k, v in sub.get("properties", {}).items()}
    return found


def test_schema_documents_every_field():
    """`edgarsift schema` says what every field means (the store's filing_date included)."""
    schemas = json.loads(run_cli("schema").stdout)
    for family, schema in schemas.items():
        props = _properties(schema)
        assert len(props) > 40, family
        assert not [p for p, v in props.items() if not v.get("description")], family
    x17a5 = _properties(schemas["x17a5"])
    assert "lists the filing under this date" in x17a5["X17A5Data.period_end"]["description"]
    assert "whole dollars" in x17a5["FinancialCondition.total_assets"]["description"]
    from edgarsift.serve.api import FilingOut

    filing_date = FilingOut.model_json_schema()["properties"]["filing_date"]["description"]
    assert "period end" in filing_date and "signature date" in filing_date


def test_show_prints_form_and_findings():
    res = run_cli("show", str(SEED))
    assert res.returncode == 0, res.stderr
    assert "SC 13D/A" in res.stdout and "amendment 3" in res.stdout
    assert "source span" in res.stdout


def test_show_names_a_bad_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    res = run_cli("show", str(p))
    assert res.returncode == 1 and "empty.txt: empty file" in res.stderr and "Traceback" not in res.stderr


# --- the small gaps of the command line ---

def test_version_names_the_package_and_extractor():
    from edgarsift.records import EXTRACTOR_VERSION

    res = run_cli("--version")
    expected = f"edgarsift {edgarsift.__version__} (extractor {EXTRACTOR_VERSION})"
    assert res.returncode == 0 and res.stdout.strip() == expected


def test_extract_exit_status_tells_all_some_or_none(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run_cli("extract", str(SEED), "--out", str(tmp_path / "a"), "-q").returncode == 0
    some = run_cli("extract", str(SEED), str(empty), "--out", str(tmp_path / "b"), "-q")
    assert some.returncode == 3 and "1 extracted, 1 failed" in some.stderr
    assert (tmp_path / "b" / "004_e3cac7b6d7988945.json").is_file()  # the good one is written
    assert run_cli("extract", str(empty), "--out", str(tmp_path / "c"), "-q").returncode == 1
    assert "Exit status: 0 every file extracted; 3 some failed" in " ".join(run_cli("extract", "--help").stdout.split())


def test_eval_without_gold_files_fails_with_a_reason(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text())
    res = run_cli("eval", str(tmp_path))
    assert res.returncode == 1 and "no NAME.gold.json files" in res.stderr and "overall" not in res.stdout


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    """A 13D/A (four persons, codes), a 13G/A and an X-17A-5 whose assets do not foot (an error finding)."""
    folder = tmp_path_factory.mktemp("filings")
    for rel in ("seeds/004_e3cac7b6d7988945.txt", "sc13g/cikcusip__1094831.txt",
                "x17a5/x17a5duarte__851376-2015-03-02.pdf.txt"):
        (folder / Path(rel).name).write_bytes((CORPUS / rel).read_bytes())
    db = str(tmp_path_factory.mktemp("db") / "small.duckdb")
    res = run_cli("ingest", str(folder), "--db", db, "-q")
    assert res.returncode == 0, res.stderr
    return db


def test_search_by_severity(small_db):
    errors = json.loads(run_cli("search", "--severity", "error", "--db", small_db, "--json").stdout)
    assert [(f["form_type"], f["worst_severity"]) for f in errors["filings"]] == [("X-17A-5", "error")]
    at_least_ok = json.loads(run_cli("search", "--severity", "ok", "--db", small_db, "--json").stdout)
    assert at_least_ok["total"] == 3
    bad = run_cli("search", "--severity", "fatal", "--db", small_db)
    assert bad.returncode == 1 and "unknown severity" in bad.stderr


def test_export_one_table_as_csv_with_lists_joined(small_db, tmp_path):
    res = run_cli("export", "--table", "reporting_persons", "--format", "csv", "--out", str(tmp_path), "--db", small_db)
    assert res.returncode == 0, res.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["reporting_persons.csv"]
    rows = list(csv.DictReader((tmp_path / "reporting_persons.csv").open(encoding="utf-8")))
    alara = [r for r in rows if r["name"] == "Alara Capital AVI II, LLC"]
    assert alara and alara[0]["source_of_funds"] == "WC" and alara[0]["aggregate_amount"] == "2870756"
    assert {r["type_of_reporting_person"] for r in rows} == {"OO", "IN", "IA"}  # codes, not JSON text
    assert {r["source_of_funds"] for r in rows} == {"WC", "AF", ""}  # a 13G has no row 4: empty, not "[]"
    bad = run_cli("export", "--table", "nope", "--out", str(tmp_path), "--db", small_db)
    assert bad.returncode == 2 and "unknown table 'nope'" in bad.stderr


def test_token_list_shows_ids_names_and_revocation_never_secrets(tmp_path):
    db = str(tmp_path / "tokens.duckdb")
    created = run_cli("token", "create", "alice", "--db", db)
    secret = created.stdout.strip().rsplit(" ", 1)[-1]
    run_cli("token", "create", "bob", "--db", db)
    assert run_cli("token", "revoke", "1", "--db", db).returncode == 0
    listed = json.loads(run_cli("token", "list", "--db", db, "--json").stdout)
    assert [(t["id"], t["name"], t["revoked"]) for t in listed] == [(1, "alice", True), (2, "bob", False)]
    assert secret not in run_cli("token", "list", "--db", db).stdout


def test_persons_of_a_folder_as_csv_with_issuer_and_cusip(small_db):
    every = list(csv.DictReader(io.StringIO(run_cli("search", "--persons", "--csv", "--db", small_db).stdout)))
    assert len(every) == 5 and {(r["issuer_name"], r["issuer_cusip"]) for r in every} >= \
        {("GIGA-TRONICS INCORPORATED", "375175106")}
    thirteen_d = list(csv.DictReader(io.StringIO(
        run_cli("search", "--persons", "--form", "13D", "--csv", "--db", small_db).stdout)))
    assert [r["name"] for r in thirteen_d][:1] == ["Alara Capital AVI II, LLC"] and len(thirteen_d) == 4
    assert {r["aggregate_amount"] for r in thirteen_d} == {"2870756"}
    assert run_cli("search", "--persons", "--severity", "error", "--db", small_db).returncode == 2
