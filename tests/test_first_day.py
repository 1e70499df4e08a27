"""A new user's first day: the README's store snippet, the terminal views, `show` on records."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import edgarsift

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edgarsift", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, **(env or {})})


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


# --- show: saved records, long lists as tables, findings folded (items 5, 6, 8) ---

FORM_D = EXAMPLES / "001_c2f9e66c3c457e4c.txt"  # Form D, IBG LLC, a 36-state appendix


@pytest.fixture(scope="module")
def saved_form_d(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = run_cli("extract", str(FORM_D), "--out", str(out), "-q")
    assert res.returncode == 0, res.stderr
    return out / "001_c2f9e66c3c457e4c.json"


def test_show_renders_a_saved_record_without_re_extracting(saved_form_d, tmp_path):
    record = json.loads(saved_form_d.read_text())
    record["data"]["issuer_name"] = "Renamed In The Saved Record LLC"  # only the saved JSON says this
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(record))
    res = run_cli("show", str(edited), env={"COLUMNS": "80"})
    assert res.returncode == 0, res.stderr
    first = res.stdout.splitlines()[0]
    assert first.startswith("D") and "Renamed In The Saved Record LLC" in first  # the filer in the header
    assert "json" not in res.stdout.split("\n", 2)[1]  # the source line names the filing, not the JSON file
    assert str(FORM_D.relative_to(ROOT)) in res.stdout or FORM_D.name in res.stdout


def test_show_form_d_is_short_with_tables_and_folded_checks(saved_form_d):
    res = run_cli("show", str(saved_form_d), env={"COLUMNS": "80"})
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) < 120  # was 330, 250 of them the state appendix as a tree
    assert all(len(line) <= 80 for line in lines)
    assert "state_appendix (36)" in res.stdout
    ca = next(line for line in lines if line.startswith("CA "))
    assert ca.split() == ["CA", "5,388,000", "45", "5,388,000", "0", "0"]  # one row per state, as printed
    assert "total_offering_amount" in res.stdout and "35,607,000" in res.stdout
    assert "year_of_incorporation" in res.stdout and "1994" in res.stdout and "1,994" not in res.stdout
    warnings = [line for line in lines if line.startswith("warning")]
    assert len(warnings) == 3 and not [line for line in lines if line.startswith("ok ")]
    assert re.search(r"^\d+ checks passed", res.stdout, re.M)
    everything = run_cli("show", str(saved_form_d), "--all-findings", env={"COLUMNS": "80"})
    assert [line for line in everything.stdout.splitlines() if line.startswith("ok ")]


def test_show_as_json_csv_and_tsv(saved_form_d):
    as_json = run_cli("show", str(saved_form_d), "--json")
    assert json.loads(as_json.stdout) == json.loads(saved_form_d.read_text())
    as_csv = run_cli("show", str(saved_form_d), "--csv").stdout.splitlines()
    assert as_csv[0] == "path,value" and "total_offering_amount,35607000" in as_csv
    assert "state_appendix[2].offering_amount,5388000" in as_csv  # CA, the third row
    as_tsv = run_cli("show", str(saved_form_d), "--tsv").stdout.splitlines()
    assert "issuer_name\tIBG LLC" in as_tsv
    both = run_cli("show", str(saved_form_d), "--csv", "--json")
    assert both.returncode == 2 and "choose one" in both.stderr


# --- query and search output, --form variants ---

def test_query_formats_and_piped_default(examples_db):
    sql = "SELECT form_type, count(*) AS n FROM filings GROUP BY 1 ORDER BY 1"
    piped = run_cli("query", sql, "--db", str(examples_db))  # stdout is a pipe here: TSV
    assert piped.stdout.splitlines() == ["form_type\tn", "D\t2", "SC 13D/A\t1", "SC 13G/A\t1", "X-17A-5\t1"]
    as_csv = run_cli("query", sql, "--db", str(examples_db), "--csv").stdout.splitlines()
    assert as_csv[0] == "form_type,n" and "SC 13D/A,1" in as_csv
    as_json = json.loads(run_cli("query", sql, "--db", str(examples_db), "--json").stdout)
    assert {"form_type": "D", "n": 2} in as_json


@pytest.mark.parametrize("form, expected", [
    ("13D", {"SC 13D/A"}), ("SC 13D", {"SC 13D/A"}), ("schedule 13d", {"SC 13D/A"}), ("SC 13D/A", {"SC 13D/A"}),
    ("13G", {"SC 13G/A"}), ("D", {"D"}), ("Form D", {"D"}), ("x-17a-5", {"X-17A-5"}),
    ("schedule13", {"SC 13D/A", "SC 13G/A"}), ("13F", set()),
])
def test_search_form_matches_its_variants(examples_db, form, expected):
    res = run_cli("search", "--form", form, "--db", str(examples_db), "--json")
    assert res.returncode == 0, res.stderr
    assert {f["form_type"] for f in json.loads(res.stdout)["filings"]} == expected


def test_persons_of_a_cusip_as_csv(examples_db):
    res = run_cli("search", "--cusip", "375175106", "--db", str(examples_db), "--csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 4 and {r["issuer_name"] for r in rows} == {"GIGA-TRONICS INCORPORATED"}
    assert {r["aggregate_amount"] for r in rows} == {"2870756"}  # machine output keeps plain numbers


def test_tables_fit_80_columns_without_dropping_columns():
    from rich.console import Console

    from edgarsift.serve.output import rows_table

    columns = ["id", "form_type", "filing_date", "issuer_name", "status", "worst_severity", "path"]
    rows = [[3, "SC 13D/A", "2013-07-17", "GIGA-TRONICS INCORPORATED", "ok", "ok",
             "examples/004_e3cac7b6d7988945.txt"], [12, "X-17A-5", "2015-03-02", "MORGAN STANLEY & CO. LLC", "ok",
                                                    "error", "x17a5/851376-2015-03-02.pdf"]]
    console = Console(width=80, record=True, color_system=None)
    console.print(rows_table(columns, rows, "2 filings", 80))
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    body = [line.split() for line in text.splitlines() if line.strip().startswith(("3 ", "12 "))]
    assert [r[:3] for r in body] == [["3", "SC", "13D/A"], ["12", "X-17A-5", "2015-03-02"]]
    assert "error" in text and "2013-07-17" in text
    # too many columns for 80: one block per row, every value whole
    wide = Console(width=80, record=True, color_system=None)
    persons = ["filing_id", "name", "aggregate_amount", "percent_of_class", "sole_voting_power",
               "shared_voting_power", "sole_dispositive_power", "shared_dispositive_power", "issuer_name"]
    wide.print(rows_table(persons, [[3, "Alara Capital AVI II, LLC", 2870756, 36.2, 0, 2870756, 0, 2870756,
                                     "GIGA-TRONICS INCORPORATED"]], None, 80))
    out = wide.export_text()
    assert "shared dispositive power  2,870,756" in out and "Alara Capital AVI II, LLC" in out


# --- the README's first-day tasks ---

PERSONS_SQL = ("SELECT f.issuer_name, f.issuer_cusip, f.form_type, f.filing_date, p.name, p.aggregate_amount, "
               "p.percent_of_class FROM reporting_persons p JOIN filings f ON f.id = p.filing_id")


def test_first_day_persons_to_csv_and_failed_checks(tmp_path):
    from tests.conftest import CORPUS

    folder = tmp_path / "filings"
    folder.mkdir()
    for p in [EXAMPLES / "004_e3cac7b6d7988945.txt", EXAMPLES / "cikcusip__2008_SC_13GA_820743.txt",
              CORPUS / "x17a5" / "x17a5duarte__851376-2015-03-02.pdf.txt"]:  # its assets do not foot: an error
        (folder / p.name).write_bytes(p.read_bytes())
    db = str(tmp_path / "day.duckdb")
    assert run_cli("ingest", str(folder), "--db", db, "-q").returncode == 0
    persons = list(csv.DictReader(io.StringIO(run_cli("query", "--csv", PERSONS_SQL, "--db", db).stdout)))
    assert len(persons) == 5  # four Alara Capital persons and Cramer Rosenthal McGlynn
    kaydon = next(p for p in persons if p["issuer_name"] == "Kaydon Corporation")
    assert (kaydon["issuer_cusip"], kaydon["name"], kaydon["aggregate_amount"]) == \
        ("486587108", "CRAMER ROSENTHAL MCGLYNN, LLC", "1078180")
    failed = run_cli("query", "SELECT id, form_type, issuer_name, path FROM filings WHERE worst_severity = 'error'",
                     "--db", db).stdout.splitlines()
    assert len(failed) == 2 and failed[1].split("\t")[1] == "X-17A-5" and "851376" in failed[1]


def test_first_day_balance_sheet_dataframe():
    import pandas as pd

    record = edgarsift.extract(EXAMPLES / "000_face7e9e3a34c530.txt")
    frame = pd.DataFrame(i.model_dump() for i in record.data.financial_condition.line_items)
    assert len(frame) == 13 and list(frame.columns[:3]) == ["section", "label", "amount"]
    assert frame.loc[frame.label == "Securities owned", "amount"].item() == 1876731458
    assert frame[frame.section == "assets"].amount.sum() == record.data.financial_condition.total_assets
