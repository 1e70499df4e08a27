"""The front doors: the Python API (path, bytes, text) and the show/schema commands."""
from __future__ import annotations

import json
import subprocess
import sys

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
    """Item 9: `edgarsift schema` says what every field means (the store's filing_date included)."""
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

