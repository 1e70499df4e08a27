"""The REST API through its HTTP interface, on a real DuckDB store and the real extractors."""
from __future__ import annotations

import csv
import io
import json

from edgarsift.errors import ExtractError, StoreError
from edgarsift.pipeline import extract_document
from edgarsift.read import read
from edgarsift.records import EXTRACTOR_VERSION
from edgarsift.store import open_store

from ..conftest import corpus_file, gold
from ..test_limits import big_13d
from .conftest import SEED_13DA, ingest, make_client
from ..store.conftest import pg_server_url, pg_url  # noqa: F401 - the store tests' PostgreSQL fixtures
from .fakes import FakeStore

XML_FORM_D = "form_d/edgartools__D.1685REIT.xml"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(client, rel: str, token: str, name: str | None = None):
    path = corpus_file(rel)
    return client.post("/api/filings", headers=bearer(token), files={"file": (name or path.name, path.read_bytes())})


def test_upload_returns_the_record_and_stores_it(client, token):
    r = upload(client, SEED_13DA, token)
    assert r.status_code == 201, r.text
    body = r.json()
    record = body["record"]
    assert record["form_type"] == "SC 13D/A" and record["amendment_number"] == 3
    assert record["data"]["issuer_cusip"] == gold(SEED_13DA)["data"]["issuer_cusip"] == "375175106"
    assert record["data"]["reporting_persons"][0]["percent_of_class"] == 36.2
    # the same record comes back by id, with provenance into the source text served beside it
    again = client.get(f"/api/filings/{body['id']}", headers=bearer(token)).json()["record"]
    assert again["data"] == record["data"] and again["provenance"] == record["provenance"]
    source = client.get(f"/api/filings/{body['id']}/source", headers=bearer(token))
    assert source.text == read(corpus_file(SEED_13DA)).raw
    a, b = record["provenance"]["data.reporting_persons[0].percent_of_class"]
    assert source.text[a:b] == "36.2%"


def test_source_is_plain_text_never_html(client, token):
    (fid,) = ingest(client.app.state.service.store, "other/edgartools__Apple.10-Q.html")
    r = client.get(f"/api/filings/{fid}/source", headers=bearer(token))
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<html" in r.text.lower()[:2000]  # served verbatim, as text
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_reads_need_a_token_unless_public(client, public_client, token):
    store = client.app.state.service.store
    (fid,) = ingest(store, XML_FORM_D)
    for url in ("/api/filings", f"/api/filings/{fid}", f"/api/filings/{fid}/source", "/api/persons",
                "/api/tables/offerings", "/api/export/filings"):
        denied = client.get(url)
        assert denied.status_code == 401 and denied.headers["www-authenticate"] == "Bearer", url
        assert client.get(url, headers=bearer("not-a-token")).status_code == 401, url
        assert client.get(url, headers=bearer(token)).status_code == 200, url
        assert public_client.get(url).status_code == 200, url
    assert client.get("/api/health").json() == {"status": "ok"}


def test_writes_need_a_bearer_header_even_when_reads_are_public(public_client, token):
    path = corpus_file(XML_FORM_D)
    files = {"file": (path.name, path.read_bytes())}
    assert public_client.post("/api/filings", files=files).status_code == 401
    public_client.cookies.set("edgarsift_token", token)  # a cookie is honoured for reads only (no CSRF writes)
    assert public_client.post("/api/filings", files=files).status_code == 401
    public_client.cookies.clear()
    assert public_client.post("/api/filings", files=files, headers=bearer(token)).status_code == 201


def test_revoked_token_is_refused(client, store):
    token_id, secret = store.create_token("short-lived")
    assert client.get("/api/filings", headers=bearer(secret)).status_code == 200
    assert store.revoke_token(token_id)
    assert client.get("/api/filings", headers=bearer(secret)).status_code == 401


def test_upload_over_the_size_limit_is_413(store, token):
    with make_client(store, max_upload_bytes=10_000) as c:
        r = upload(c, SEED_13DA, token)  # 25 KB
        assert r.status_code == 413
        assert "limit is 10000 bytes" in r.json()["detail"]
        assert upload(c, "form_d/halloran-edgar__primary_doc.xml", token).status_code == 201  # 9 KB fits
        big = c.post("/api/filings", headers=bearer(token), files={"file": ("big.txt", b"x" * 200_000)})
        assert big.status_code == 413 and "limit is 10000 bytes" in big.json()["detail"]  # by Content-Length


def test_extraction_over_the_time_limit_is_408_and_the_service_recovers(store, token):
    with make_client(store, extract_timeout_s=0.000_001) as c:
        r = upload(c, SEED_13DA, token)
        assert r.status_code == 408
        assert "004_e3cac7b6d7988945.txt" in r.json()["detail"] and "limit" in r.json()["detail"]
        c.app.state.service.extract_timeout_s = 60  # the killed worker was replaced: the next upload works
        assert upload(c, SEED_13DA, token).status_code == 201


def test_an_upload_over_the_memory_limit_fails_alone_in_its_worker(store, token, monkeypatch):
    limit_mb = 20  # far more than a small filing adds
    monkeypatch.setenv("EDGARSIFT_MAX_FILING_MEMORY_MB", str(limit_mb))  # the workers read the settings themselves
    size = 30_000_000  # its decoded text alone is over the allowance (the bytes arrive before the limit is set)
    with make_client(store, max_upload_bytes=size + 1_000_000) as c:
        big = c.post("/api/filings", headers=bearer(token), files={"file": ("big.txt", big_13d(size))})
        assert big.status_code == 422, big.text
        assert big.json()["detail"] == (f"big.txt: over the {limit_mb} MB memory limit for one filing "
                                        "(setting max_filing_memory_mb)")
        assert upload(c, SEED_13DA, token).status_code == 201  # the same worker goes on
        assert c.get("/api/filings", headers=bearer(token)).json()["total"] == 1


def test_an_extractor_bug_is_a_500_and_a_store_failure_a_503(client, token, monkeypatch):
    svc = client.app.state.service

    def extractor_bug(data, name, timeout):
        raise ExtractError("schedule13 extractor failed: KeyError: 'x'", name)

    monkeypatch.setattr(svc.pool, "run", extractor_bug)
    r = upload(client, SEED_13DA, token)
    assert r.status_code == 500 and r.json()["detail"] == ("004_e3cac7b6d7988945.txt: schedule13 extractor failed: "
                                                           "KeyError: 'x'")

    def store_down(query):
        raise StoreError("connection refused", "postgresql://db")

    monkeypatch.setattr(svc.store, "search_filings", store_down)
    r = client.get("/api/filings", headers=bearer(token))
    assert r.status_code == 503 and r.json()["detail"] == "store unavailable: postgresql://db: connection refused"


def test_bad_uploads_get_clear_4xx(client, token):
    h = bearer(token)
    empty = client.post("/api/filings", headers=h, files={"file": ("empty.txt", b"")})
    assert empty.status_code == 422 and empty.json()["detail"] == "empty.txt: empty file"
    binary = client.post("/api/filings", headers=h, files={"file": ("blob.bin", bytes(range(256)) * 64)})
    assert binary.status_code == 422 and binary.json()["detail"].startswith("blob.bin: ")
    truncated_pdf = client.post("/api/filings", headers=h, files={"file": ("cut.pdf", b"%PDF-1.4\n1 0 obj <<")})
    assert truncated_pdf.status_code == 422 and truncated_pdf.json()["detail"].startswith("cut.pdf: ")
    assert client.post("/api/filings", headers=h, data={"nofile": "x"}).status_code == 422
    assert client.post("/api/filings", headers=h, content=b"raw", ).status_code == 422
    # a path in the file name is never used as one
    r = client.post("/api/filings", headers=h, files={"file": ("../../etc/x.xml", corpus_file(XML_FORM_D).read_bytes())})
    assert r.status_code == 201 and r.json()["record"]["source"]["path"] == "x.xml"


def test_search_filters_and_pagination(client, token):
    store = client.app.state.service.store
    ids = ingest(store, SEED_13DA, "sc13g/cikcusip__1094831.txt", "other/edgartools__Apple.10-Q.html",
                 "form_d/halloran-edgar__primary_doc.xml", XML_FORM_D)
    h = bearer(token)
    everything = client.get("/api/filings", headers=h).json()
    assert everything["total"] == 5 and {i["id"] for i in everything["items"]} == set(ids)
    page = client.get("/api/filings", headers=h, params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    assert {i["id"] for i in page["items"]}.isdisjoint(i["id"] for i in everything["items"][:2])
    by_form = client.get("/api/filings", headers=h, params={"form_type": "SC 13D/A"}).json()
    assert [i["id"] for i in by_form["items"]] == [ids[0]]

    def form_ids(form: str) -> set[int]:  # a form names its variants and a family all its forms
        found = client.get("/api/filings", headers=h, params={"form_type": form}).json()
        assert found["total"] == len(found["items"])
        return {i["id"] for i in found["items"]}

    assert form_ids("13D") == form_ids("schedule 13d") == {ids[0]}
    assert form_ids("schedule13") == {ids[0], ids[1]} and form_ids("Form D") == {ids[3], ids[4]}
    assert form_ids("13F") == set()
    page = client.get("/", headers=h, params={"form_type": "13D"})
    assert page.status_code == 200 and f'href="/filings/{ids[0]}"' in page.text
    assert f'href="/filings/{ids[1]}"' not in page.text
    by_cusip = client.get("/api/filings", headers=h, params={"cusip": "375175106"}).json()
    assert ids[0] in [i["id"] for i in by_cusip["items"]]
    by_person = client.get("/api/filings", headers=h, params={"person": "lutz p. henckels"}).json()
    assert [i["id"] for i in by_person["items"]] == [ids[0]]
    assert client.get("/api/filings", headers=h, params={"limit": 0}).status_code == 422
    assert client.get("/api/filings", headers=h, params={"date_from": "July 2013"}).status_code == 422
    assert client.get("/api/filings", headers=h, params={"severity": "fatal"}).status_code == 422


def test_an_upload_after_an_extractor_upgrade_keeps_the_filing_id(client, token):
    """Bytes stored by an older extractor are extracted again on upload and keep their id, so links survive."""
    store = client.app.state.service.store
    doc = read(corpus_file(SEED_13DA))
    record = extract_document(doc)
    store.put_records([(record.model_copy(update={"extractor_version": "0.0.1"}), doc.raw)])
    _cols, rows = store.query("SELECT id FROM filings")
    (old_id,) = [r[0] for r in rows]
    r = upload(client, SEED_13DA, token)
    assert r.status_code == 201 and r.json()["id"] == old_id
    assert r.json()["record"]["extractor_version"] == EXTRACTOR_VERSION
    _cols, rows = store.query("SELECT id, extractor_version FROM filings")
    assert rows == [(old_id, EXTRACTOR_VERSION)]


def test_persons_tables_and_export(client, token):
    store = client.app.state.service.store
    (fid,) = ingest(store, SEED_13DA)
    h = bearer(token)
    persons = client.get("/api/persons", headers=h, params={"cusip": "375175106"}).json()
    assert [p["name"] for p in persons][:1] == ["Alara Capital AVI II, LLC"]
    assert all(p["filing_id"] == fid for p in persons)
    rows = client.get("/api/tables/reporting_persons", headers=h).json()
    assert len(rows) == len(persons) and rows[0]["percent_of_class"] == 36.2
    assert client.get("/api/tables/api_tokens", headers=h).status_code == 422  # never exposed
    exported = client.get("/api/export/reporting_persons", headers=h, params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert {r["name"] for r in table} == {p["name"] for p in persons}
    lines = client.get("/api/export/filings", headers=h).text.splitlines()
    assert [json.loads(x)["id"] for x in lines] == [fid]
    assert "source_text" not in json.loads(lines[0]) and "record_json" not in json.loads(lines[0])


def test_persons_pages_and_export_streams_in_pages(client, token, monkeypatch):
    """/api/persons pages with offset; /api/export reads the table a page at a time (here 3 rows) while it streams,
    and its CSV lists codes as ';'-joined text."""
    import edgarsift.serve.api as api

    store = client.app.state.service.store
    ingest(store, SEED_13DA, "sc13g/cikcusip__1094831.txt")
    h = bearer(token)
    everyone = client.get("/api/persons", headers=h).json()
    assert len(everyone) == 5
    pages = [client.get("/api/persons", headers=h, params={"limit": 2, "offset": o}).json() for o in (0, 2, 4)]
    assert [p["name"] for page in pages for p in page] == [p["name"] for p in everyone]
    assert client.get("/api/persons", headers=h, params={"offset": -1}).status_code == 422

    calls = []
    real_table = store.table
    monkeypatch.setattr(api, "EXPORT_PAGE", 3)
    monkeypatch.setattr(store, "table", lambda *a, **k: calls.append(k) or real_table(*a, **k))
    exported = client.get("/api/export/reporting_persons", headers=h, params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert sorted(r["name"] for r in rows) == sorted(p["name"] for p in everyone)
    assert [(c["limit"], c["offset"]) for c in calls] == [(3, 0), (3, 3)]  # never the whole table at once
    alara = next(r for r in rows if r["name"] == "Alara Capital AVI II, LLC")
    assert (alara["source_of_funds"], alara["type_of_reporting_person"]) == ("WC", "OO")
    lines = client.get("/api/export/reporting_persons", headers=h).text.splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["filing_id"]


def test_missing_filing_is_404(public_client):
    assert public_client.get("/api/filings/987654").status_code == 404
    assert public_client.get("/api/filings/987654/source").status_code == 404
    assert public_client.get("/filings/987654").status_code == 404


def test_a_wrong_method_is_405_naming_every_method_of_the_path(public_client):
    for path, allowed in (("/api/filings", "GET, POST"), ("/api/filings/1", "GET"), ("/", "GET, HEAD"),
                          ("/login", "GET, POST"), ("/api/history", "GET")):
        r = public_client.delete(path)
        assert (r.status_code, r.headers.get("allow")) == (405, allowed), path


def test_any_store_of_the_protocol_works():
    """The API relies on the Store protocol only: a backend without SQL still uploads and serves."""
    store = FakeStore()
    _tid, secret = store.create_token("t")
    with make_client(store, public_read=True) as c:
        r = upload(c, SEED_13DA, secret)
        assert r.status_code == 201 and r.json()["id"] == 1
        assert c.get("/api/filings/1").json()["record"]["data"]["issuer_cusip"] == "375175106"


def test_the_api_on_postgresql(pg_url):  # noqa: F811 - the fixture imported above
    """The same service on the PostgreSQL backend (a real server, as the store tests use)."""
    with open_store(pg_url) as store:
        token = store.create_token("pg")[1]
        with make_client(store) as c:
            r = upload(c, SEED_13DA, token)
            assert r.status_code == 201, r.text
            fid = r.json()["id"]
            record = c.get(f"/api/filings/{fid}", headers=bearer(token)).json()["record"]
            a, b = record["provenance"]["data.reporting_persons[0].percent_of_class"]
            assert c.get(f"/api/filings/{fid}/source", headers=bearer(token)).text[a:b] == "36.2%"
            found = c.get("/api/filings", headers=bearer(token), params={"person": "Henckels"}).json()
            assert [i["id"] for i in found["items"]] == [fid]
            assert "36.2%" in c.get(f"/filings/{fid}", headers=bearer(token)).text


def test_streamed_upload_without_length_is_cut_off_at_the_limit(store, token):
    """A chunked body (no Content-Length) is counted while it streams and refused once over the limit."""
    def body():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(64):
            yield b"x" * 4096  # 256 KB in all
        yield b"\r\n--b--\r\n"

    with make_client(store, max_upload_bytes=50_000) as c:
        r = c.post("/api/filings", content=body(),
                   headers={**bearer(token), "Content-Type": "multipart/form-data; boundary=b"})
        assert "content-length" not in {k.lower() for k in r.request.headers}
        assert r.status_code == 413 and "limit is 50000 bytes" in r.json()["detail"]


def test_export_of_an_empty_table_is_its_header(client, token):
    exported = client.get("/api/export/offerings", headers=bearer(token), params={"format": "csv"})
    assert exported.status_code == 200
    (header,) = list(csv.reader(io.StringIO(exported.text)))
    assert header[0] == "filing_id" and "total_offering_amount" in header
