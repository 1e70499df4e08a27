"""The Store contract on both backends (DuckDB file and a real PostgreSQL server), with real corpus records."""
from __future__ import annotations

import threading
import typing

import pytest

from edgarsift.errors import StoreError
from edgarsift.forms.registry import FAMILIES
from edgarsift.forms.schedule13.model import ReportingPerson, Schedule13Data
from edgarsift.records import EXTRACTOR_VERSION, Finding, Record, Source
from edgarsift.store import Failure, FilingQuery, open_store
from edgarsift.store.schema import TABLES

from .conftest import FORM_D_XML, SEED_13DA, SMALL_13G, X17A5_PDF_TXT, extracted_with_source


def built_13d(sha: str = "f" * 64) -> tuple[Record, str]:
    """A 13D record built by hand (independent of the extractor's progress), with spans into its text."""
    text = "SCHEDULE 13D\nGIGA-TRONICS INCORPORATED\nCUSIP No. 375175106\nAlara Capital AVI II, LLC 2,870,756 36.2%\n"
    person = ReportingPerson(name="Alara Capital AVI II, LLC", aggregate_amount=2870756, percent_of_class=36.2,
                             source_of_funds=["WC"], type_of_reporting_person=["OO"])
    data = Schedule13Data(issuer_name="GIGA-TRONICS INCORPORATED", issuer_cusip="375175106",
                          signature_date="2013-07-17", reporting_persons=[person])
    cusip_at = text.index("375175106")
    record = Record(source=Source(path="built/13d.txt", sha256=sha, format="text"), form_type="SC 13D/A",
                    amendment_number=3, family="schedule13", data=data,
                    provenance={"data.issuer_cusip": (cusip_at, cusip_at + 9)},
                    findings=[Finding(check="sc13.percent_vs_basis", severity="warning", message="differs",
                                      values={"percent": 36.2}, path="data.reporting_persons[0]")])
    return record, text


def test_a_built_record_round_trips_and_is_searchable_by_cusip(store):
    record, text = built_13d()
    (fid,) = store.put_records([(record, text)])
    rows = store.persons(cusip="375175 10 6")  # the filing's own spelling is normalised
    assert [(r["name"], r["aggregate_amount"], r["percent_of_class"]) for r in rows] == \
        [("Alara Capital AVI II, LLC", 2870756, 36.2)]
    assert rows[0]["source_of_funds"] == ["WC"] and rows[0]["issuer_name"] == "GIGA-TRONICS INCORPORATED"
    assert rows[0]["filing_id"] == fid  # the id returned is the one the filing is stored under
    back = store.get_record(fid)
    assert back.model_dump() == record.model_dump()
    start, end = back.provenance["data.issuer_cusip"]
    assert store.get_source(fid)[start:end] == "375175106"
    (finding,) = store.table("findings")
    assert finding["check_name"] == "sc13.percent_vs_basis" and finding["severity"] == "warning"
    found, total = store.search_filings(FilingQuery(severity="warning"))
    assert total == 1 and found[0].worst_severity == "warning" and found[0].filing_date == "2013-07-17"
    assert store.search_filings(FilingQuery(severity="error"))[1] == 0


def test_real_records_fill_the_normalized_tables(store):
    items = [extracted_with_source(r) for r in (SEED_13DA, FORM_D_XML, X17A5_PDF_TXT)]
    ids = store.put_records(items)
    assert len(set(ids)) == 3
    assert [store.get_record(i).source.sha256 for i in ids] == [rec.source.sha256 for rec, _ in items]
    by_family = {rec.family: rec for rec, _ in items}
    d = by_family["form_d"].data
    (offering,) = store.table("offerings")
    assert offering["issuer_name"] == d.issuer_name and offering["total_offering_amount"] == d.total_offering_amount
    assert [r["name"] for r in store.table("related_persons")] == [p.name for p in d.related_persons]
    x = by_family["x17a5"].data
    (nc,) = store.table("net_capital")
    assert nc["broker_dealer_name"] == x.broker_dealer_name and nc["net_capital"] == x.net_capital
    lines = store.table("line_items")
    assert [(r["section"], r["label"], r["amount"]) for r in lines] == \
        [(li.section, li.label, li.amount) for li in x.financial_condition.line_items]
    s13 = by_family["schedule13"]
    persons = store.persons(cusip=s13.data.issuer_cusip)
    assert [p["name"] for p in persons] == [p.name for p in s13.data.reporting_persons]
    # every provenance span is kept and indexes the stored source text
    prov = store.table("provenance")
    assert len(prov) == sum(len(rec.provenance) for rec, _ in items)
    for fid in {p["filing_id"] for p in prov}:
        record, source = store.get_record(fid), store.get_source(fid)
        original = next(src for rec, src in items if rec.source.sha256 == record.source.sha256)
        assert source == original


def test_a_write_keeps_the_one_lock_that_guards_the_connection(store):
    """The API's threads share one connection through one lock: a write must not swap in a fresh lock, or a
    thread arriving after it would use the connection while another still holds the old one."""
    with store._lock:
        store.put_records([extracted_with_source(SMALL_13G)])
        taken: list[bool] = []
        other = threading.Thread(target=lambda: taken.append(store._lock.acquire(blocking=False)))
        other.start()
        other.join()
    assert taken == [False]


def test_same_file_twice_is_stored_once_and_a_new_version_replaces_it(store):
    record, text = extracted_with_source(SMALL_13G)
    (fid,) = store.put_records([(record, text)])
    assert store.put_records([(record, text), (record, text)]) == [fid]
    assert store.counts()["filings"] == 1
    assert not store.needs_extraction(record.source.sha256, record.extractor_version)
    assert store.needs_extraction(record.source.sha256, "9.9.9")
    assert store.done_hashes([record.source.sha256, "0" * 64], record.extractor_version) == {record.source.sha256}
    newer = record.model_copy(update={"extractor_version": "9.9.9"})
    store.put_records([(newer, text)])
    rows = store.table("filings")
    assert len(rows) == 1 and rows[0]["extractor_version"] == "9.9.9"
    n_persons = len(record.data.reporting_persons)
    assert len(store.table("reporting_persons")) == n_persons  # child rows replaced, not duplicated


def test_a_file_stored_again_keeps_its_id_through_failure_upgrade_and_a_changed_record(store):
    """Links (/filings/ID) survive an extractor upgrade: the same sha256 is updated in place, never re-numbered."""
    record, text = extracted_with_source(SEED_13DA)
    other, other_text = extracted_with_source(SMALL_13G)
    sha = record.source.sha256
    store.put_failures([Failure(record.source.path, sha, "killed", "environment")])
    store.put_records([(other, other_text)])
    (failed,) = store.search_filings(FilingQuery(status="failed"))[0]
    assert store.put_records([(record, text)]) == [failed.id]
    (row,) = [r for r in store.table("filings") if r["sha256"] == sha]
    assert row["id"] == failed.id and row["status"] == "ok" and row["error"] is None
    fewer = record.model_copy(update={"extractor_version": "9.9.9", "data": record.data.model_copy(
        update={"reporting_persons": record.data.reporting_persons[:1]})})
    store.put_records([(fewer, text)])
    rows = {r["sha256"]: r for r in store.table("filings")}
    assert rows[sha]["id"] == failed.id and rows[sha]["extractor_version"] == "9.9.9" and len(rows) == 2
    persons = [p for p in store.table("reporting_persons") if p["filing_id"] == failed.id]
    assert [p["name"] for p in persons] == [record.data.reporting_persons[0].name]  # children replaced
    assert store.get_record(failed.id).extractor_version == "9.9.9"
    assert store.get_source(failed.id) == text
    unreadable = Failure("in/empty.txt", None, "in/empty.txt: empty file")
    store.put_failures([unreadable])
    (first,) = store.search_filings(FilingQuery(status="failed"))[0]
    store.put_failures([unreadable])
    assert [f.id for f in store.search_filings(FilingQuery(status="failed"))[0]] == [first.id]


def test_failures_are_recorded_once_with_their_reason(store):
    store.put_failures([Failure("in/bad.txt", None, "in/bad.txt: empty file")])
    store.put_failures([Failure("in/bad.txt", None, "in/bad.txt: empty file")])
    store.put_failures([Failure("in/evil.bin", "a" * 64, "in/evil.bin: binary")])
    failed, total = store.search_filings(FilingQuery(status="failed"))
    assert total == 2 and {f.error for f in failed} == {"in/bad.txt: empty file", "in/evil.bin: binary"}
    assert not store.needs_extraction("a" * 64, EXTRACTOR_VERSION)


def test_search_filters_combine(store):
    items = [extracted_with_source(r) for r in (SEED_13DA, FORM_D_XML, SMALL_13G)]
    store.put_records(items)
    assert store.search_filings(FilingQuery(form_type="d"))[1] == 1
    d_issuer = items[1][0].data.issuer_name
    assert [f.issuer_name for f in store.search_filings(FilingQuery(issuer=d_issuer[:6].lower()))[0]] == [d_issuer]
    assert store.search_filings(FilingQuery(issuer="100%_no_such"))[1] == 0  # % and _ are literal
    person = items[0][0].data.reporting_persons[0].name
    assert store.search_filings(FilingQuery(person=person.upper()))[0][0].path == items[0][0].source.path
    found, total = store.search_filings(FilingQuery(limit=1, offset=1))
    assert total == 3 and len(found) == 1
    dates = [f.filing_date for f in store.search_filings(FilingQuery())[0]]
    assert dates == sorted(dates, reverse=True)
    first = dates[-1]
    assert all(f.filing_date >= first for f in store.search_filings(FilingQuery(date_from=first))[0])
    with pytest.raises(StoreError):
        store.search_filings(FilingQuery(severity="fatal"))


@pytest.mark.parametrize("sql", ["DELETE FROM filings", "COMMIT; DELETE FROM filings",
                                 "SELECT 1; DROP TABLE filings", "DROP TABLE filings",
                                 "UPDATE filings SET status = 'x'", "INSERT INTO api_tokens (id) VALUES (99)"])
def test_query_is_read_only(store, sql):
    store.put_records([extracted_with_source(SMALL_13G)])
    with pytest.raises(StoreError):
        store.query(sql)
    assert store.query("SELECT count(*) AS n FROM filings WHERE form_type = ?", ["SC 13G"]) == (["n"], [(1,)])


def test_tokens_are_stored_hashed_and_revocable(store):
    token_id, secret = store.create_token("ci")
    assert store.verify_token(secret) and not store.verify_token(secret + "x") and not store.verify_token("")
    assert secret not in str(store.query("SELECT * FROM api_tokens")[1])
    assert store.revoke_token(token_id) and not store.verify_token(secret)
    assert not store.revoke_token(token_id) and not store.revoke_token(12345)


def test_migrate_is_idempotent_and_restores_a_missing_column(store_url):
    s = open_store(store_url)
    s.put_records([extracted_with_source(SMALL_13G)])
    s._run('ALTER TABLE reporting_persons DROP COLUMN "percent_of_class"')
    s.migrate()
    s.migrate()
    assert "percent_of_class" in s._columns("reporting_persons")
    assert s.counts()["filings"] == 1  # data kept
    s.close()


def test_unknown_table_and_missing_store_are_clear_errors(store, tmp_path):
    with pytest.raises(StoreError, match="unknown table"):
        store.table("secrets")
    with pytest.raises(StoreError, match="ingest"):
        open_store(str(tmp_path / "nothing.duckdb"), read_only=True)


def _leaf_fields(model, prefix=""):
    for name, field in model.model_fields.items():
        tp = field.annotation
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = args[0] if typing.get_origin(tp) is not list and len(args) == 1 else tp
        if isinstance(inner, type) and hasattr(inner, "model_fields"):
            yield from _leaf_fields(inner, f"{prefix}{name}_")
        elif typing.get_origin(tp) is list and hasattr(typing.get_args(tp)[0], "model_fields"):
            continue  # a table of its own
        else:
            yield prefix + name


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_scalar_field_of_every_model_has_a_column(family):
    model = FAMILIES[family].model
    root = {"schedule13": "schedule13", "form_d": "offerings", "x17a5": "net_capital"}[family]
    assert set(_leaf_fields(model)) <= set(TABLES[root].column_names)
    for spec in TABLES.values():
        if spec.family == family and spec.many:
            assert "filing_id" in spec.column_names and "idx" in spec.column_names


def test_a_store_from_an_older_schema_reads_missing_columns_as_null(store_url):
    s = open_store(store_url)
    s.put_records([extracted_with_source(SMALL_13G)])
    s._run('ALTER TABLE reporting_persons DROP COLUMN "percent_of_class"')  # as if made before the field existed
    s.close()
    old = open_store(store_url, read_only=True)  # readers never migrate
    rows = old.table("reporting_persons")
    assert rows and all(r["percent_of_class"] is None for r in rows)
    assert all(p["percent_of_class"] is None for p in old.persons())
    assert sum(len(page) for page in old.iter_table("reporting_persons")) == len(rows)
    old.close()


def test_duckdb_query_cannot_read_other_files(tmp_path):
    from edgarsift.store import open_store

    open_store(str(tmp_path / "s.duckdb")).close()
    (tmp_path / "secret.csv").write_text("a\n1\n")
    ro = open_store(str(tmp_path / "s.duckdb"), read_only=True)
    try:
        for sql in (f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')",
                    f"SELECT * FROM read_text('{tmp_path / 'secret.csv'}')"):
            with pytest.raises(StoreError, match="disabled|Permission"):
                ro.query(sql)
    finally:
        ro.close()


def test_duckdb_store_writes_small_row_groups(tmp_path):
    """A checkpoint rewrites the last, partly filled row group whole: with DuckDB's default size (122,880 rows
    of ~100 KB source texts) every checkpoint rewrote the whole store, so the store uses small row groups."""
    from edgarsift.store import open_store
    from edgarsift.store.duckdb_store import ROW_GROUP_SIZE

    s = open_store(str(tmp_path / "s.duckdb"))
    try:
        s.con.execute("CREATE TABLE probe AS SELECT range AS i FROM range(3 * 2048 + 5)")
        s.con.execute("CHECKPOINT")
        groups = s.con.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('probe')").fetchone()[0]
        assert ROW_GROUP_SIZE == 2048 and groups == 4
    finally:
        s.close()


def test_source_is_stored_compressed_and_read_back_exactly(store, tmp_path):
    import json as _json

    from edgarsift.store.export import export

    record, source = extracted_with_source(SEED_13DA)
    store.put_records([(record, source + "\x00 caf\u00e9 \u2019")])  # NUL and non-ASCII survive on both backends
    (fid,) = [r["id"] for r in store.table("filings")]
    assert store.get_source(fid) == source + "\x00 caf\u00e9 \u2019"
    (size, stored), = store.query("SELECT source_size, octet_length(source_zstd) FROM filings")[1]
    assert size == len((source + "\x00 caf\u00e9 \u2019").encode()) and stored < size / 3
    export(store, tmp_path / "x", "jsonl", tables=["filings"], with_bodies=True)
    (row,) = [_json.loads(x) for x in (tmp_path / "x" / "filings.jsonl").read_text().splitlines()]
    assert row["source_text"] == store.get_source(fid) and "source_zstd" not in row


def test_a_version_1_store_still_gives_its_plain_source_text(tmp_path):
    """Stores written before the source was compressed keep a plain source_text column."""
    db = str(tmp_path / "v1.duckdb")
    record, source = extracted_with_source(SMALL_13G)
    s = open_store(db)
    s.put_records([(record, source)])
    s.con.execute("ALTER TABLE filings ADD COLUMN source_text VARCHAR")
    s.con.execute("UPDATE filings SET source_text = ?, source_zstd = NULL, source_size = NULL", [source])
    s.close()
    s = open_store(db)
    try:
        (fid,) = [r["id"] for r in s.table("filings")]
        assert s.get_source(fid) == source
    finally:
        s.close()


def test_csv_cells_join_lists_of_codes_and_keep_objects_as_json():
    from edgarsift.store.export import csv_cell, csv_row

    assert csv_cell('["AF", "WC"]', json_column=True) == "AF;WC"
    assert csv_cell(["1", "2", "7"]) == "1;2;7" and csv_cell([999700, 1000]) == "999700;1000"
    assert csv_cell("[]", json_column=True) == ""
    assert csv_cell('{"percent": 36.2}', json_column=True) == '{"percent": 36.2}'  # an object stays JSON
    assert csv_cell([{"a": 1}]) == '[{"a": 1}]'
    assert csv_cell("[not json", json_column=True) == "[not json" and csv_cell(None) is None
    row = csv_row("reporting_persons", {"name": "[Fund] LP", "source_of_funds": '["AF", "WC"]'})
    assert row == {"name": "[Fund] LP", "source_of_funds": "AF;WC"}  # only list columns are decoded


def test_a_nul_in_text_survives_storing_the_file_again(store):
    """The in-place update of a re-stored filing binds its values itself: PostgreSQL text cannot hold NUL, so it
    is cleaned there as the bulk insert cleans it, and the row keeps its id."""
    record, text = built_13d()
    record = record.model_copy(update={"data": record.data.model_copy(update={"issuer_name": "GIGA\x00TRONICS"})})
    store.put_records([(record, text)])
    (first,) = store.table("filings")
    store.put_records([(record.model_copy(update={"extractor_version": "9.9.9"}), text)])
    (again,) = store.table("filings")
    assert again["id"] == first["id"] and again["extractor_version"] == "9.9.9"
    assert again["issuer_name"] == first["issuer_name"] in ("GIGA\x00TRONICS", "GIGA\ufffdTRONICS")
