"""Ownership history on real 13D filings, on both backends.

* Giga-tronics (the seed 13D/A No. 3, CUSIP 375175106): four reporting persons, one filing.
* A series of six Crestview Capital 13D/A filings on Halo Technology (CUSIP 40637E106), Amendments No. 8
  to 13. The corpus holds one real amendment of that series (No. 8, cikcusip__2007_SC_13DA_1303225); the
  others are that same filing with the cover's share count, percent, amendment number, filing date and
  accession changed (and, in two of them, the second holder's name written differently), because the
  corpus has no issuer with five real amendments. Every value asserted below is read back through the
  whole pipeline (read, extract, store, history).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from edgarsift.store.history import history_rows, history_table, normalize_holder
from edgarsift.store.ingest import ingest

from ..conftest import corpus_file
from .conftest import SEED_13DA

CRESTVIEW = "sc13d/cikcusip__2007_SC_13DA_1303225.txt"
BASE_SHARES, BASE_PERCENT, CLASS_TOTAL = "8,816,413", "25.4%", 34_723_185
# amendment -> (aggregate shares, filed as of, how the cover writes the second holder's name)
SERIES = {
    8: (8_816_413, "20070416", "Crestview Capital Partners, LLC"),
    9: (9_316_413, "20070601", "Crestview Capital Partners, LLC"),
    10: (9_316_413, "20070815", "CRESTVIEW CAPITAL PARTNERS, L.L.C."),
    11: (7_500_000, "20071102", "Crestview Capital Partners, LLC"),
    12: (6_000_000, "20080110", "Crestview Capitol Partners LLC"),  # misspelt: a match, but uncertain
    13: (0, "20080305", "Crestview Capital Partners, LLC"),
}


def write_series(folder: Path) -> list[Path]:
    text = corpus_file(CRESTVIEW).read_text(encoding="latin-1")
    assert text.count(BASE_SHARES) == 6 and "   Crestview Capital Partners, LLC\n" in text
    paths = []
    for amendment, (shares, filed, partner_name) in SERIES.items():
        pct = f"{100 * shares / CLASS_TOTAL:.1f}%"
        t = (text.replace(BASE_SHARES, f"{shares:,}").replace(BASE_PERCENT, pct)
             .replace("Amendment No. 8", f"Amendment No. {amendment}")
             .replace("AMENDMENT NO. 8", f"AMENDMENT NO. {amendment}")
             .replace("FILED AS OF DATE:\t\t20070416", f"FILED AS OF DATE:\t\t{filed}")
             .replace("0000911420-07-000292", f"0000911420-{filed[2:4]}-{amendment:06d}")
             .replace("   Crestview Capital Partners, LLC\n", f"   {partner_name}\n", 1))
        p = folder / f"crestview_13da_{amendment}.txt"
        p.write_text(t, encoding="latin-1")
        paths.append(p)
    return paths


@pytest.fixture
def series_store(store, tmp_path):
    paths = write_series(tmp_path)
    summary = ingest([*paths, corpus_file(SEED_13DA)], store)
    assert summary.failed == 0 and summary.written == 7
    return store


def test_normalized_names():
    assert normalize_holder("Crestview Capital Master, L.L.C.") == "CRESTVIEW CAPITAL MASTER"
    assert normalize_holder("CRESTVIEW CAPITAL MASTER LLC") == "CRESTVIEW CAPITAL MASTER"
    assert normalize_holder("BANK OF AMERICA CORP /DE/") == normalize_holder("Bank of America Corporation")
    assert normalize_holder("The Sinclair Companies") == "SINCLAIR COMPANIES"


def test_giga_tronics(series_store):
    rows = history_rows(series_store, cusip="375175106")
    assert [(r["holder"], r["shares"], r["percent"], r["amendment_number"], r["form_type"]) for r in rows] == [
        ("Alara Capital AVI II, LLC", 2870756, 36.2, 3, "SC 13D/A"),
        ("Darren C. Wallis", 2870756, 36.2, 3, "SC 13D/A"),
        ("W. Joseph Thompson", 2870756, 36.2, 3, "SC 13D/A"),
        ("Lutz P. Henckels", 2870756, 36.2, 3, "SC 13D/A"),
    ]
    assert {r["match"] for r in rows} == {"new"} and len({r["holder_id"] for r in rows}) == 4
    assert all(r["shares_change"] is None and r["percent_change"] is None for r in rows)


def test_amendment_series(series_store):
    rows = history_rows(series_store, cusip="40637E106")
    assert len(rows) == 12  # two holders x six amendments
    master = [r for r in rows if r["holder_name"] == "Crestview Capital Master, LLC"]
    partners = [r for r in rows if r["holder_id"] != master[0]["holder_id"]]
    assert [r["amendment_number"] for r in master] == [8, 9, 10, 11, 12, 13]
    assert [r["date"] for r in master] == ["2007-04-16", "2007-06-01", "2007-08-15", "2007-11-02",
                                           "2008-01-10", "2008-03-05"]
    assert [r["shares"] for r in master] == [s for s, _, _ in SERIES.values()]
    assert [r["percent"] for r in master] == [25.4, 26.8, 26.8, 21.6, 17.3, 0.0]
    assert [r["shares_change"] for r in master] == [None, 500_000, 0, -1_816_413, -1_500_000, -6_000_000]
    assert [r["percent_change"] for r in master] == [None, 1.4, 0.0, -5.2, -4.3, -17.3]
    # the filer's CIK (header) belongs to the cover person of the filer's name
    assert {r["holder_cik"] for r in master} == {"1303225"}
    assert [r["match"] for r in master] == ["new"] + ["cik"] * 5
    # the partner: the same name with other punctuation is certain, a misspelt one is flagged
    assert [r["holder"] for r in partners][2] == "CRESTVIEW CAPITAL PARTNERS, L.L.C."
    assert [r["match"] for r in partners] == ["new", "name", "name", "name", "similar", "name"]
    assert [r["uncertain"] for r in partners] == [False, False, False, False, True, False]
    assert len({r["holder_id"] for r in partners}) == 1
    assert all(r["holder_cik"] is None for r in partners)
    assert [r["accession_number"] for r in master][1] == "0000911420-07-000009"


def test_holder_filter_and_cik(series_store):
    by_name = history_rows(series_store, cusip="40637E106", holder="capital partners")
    assert len(by_name) == 6 and {r["holder_id"] for r in by_name} == {2}
    by_cik = history_rows(series_store, cusip="40637E106", holder="0001303225")
    assert [r["shares"] for r in by_cik] == [s for s, _, _ in SERIES.values()]
    # the issuer by its CIK (the header's subject company) gives the same series
    by_issuer_cik = history_rows(series_store, cik="1125052")  # Halo Technology Holdings
    assert [(r["holder_id"], r["shares"]) for r in by_issuer_cik] == [
        (r["holder_id"], r["shares"]) for r in history_rows(series_store, cusip="40637E106")]
    assert len(by_issuer_cik) == 12


def test_arrow_table(series_store):
    table = history_table(series_store, cusip="40637E106", holder="master")
    assert table.num_rows == 6
    assert table.column("percent").to_pylist() == [25.4, 26.8, 26.8, 21.6, 17.3, 0.0]
    assert table.schema.field("uncertain").type == "bool"


def test_every_issuer_when_none_is_given(series_store):
    rows = history_rows(series_store)
    assert len(rows) == 16  # 12 Crestview positions in Halo, 4 in Giga-tronics
    assert len({r["holder_id"] for r in rows}) == 6  # holders are matched within an issuer only
    assert {r["issuer_cusip"] for r in rows} == {"40637E106", "375175106"}
    alara = history_rows(series_store, holder="Alara Capital")
    assert [(r["issuer_cusip"], r["shares"]) for r in alara] == [("375175106", 2870756)]


def test_dataset_history(tmp_path):
    import edgarsift

    db = str(tmp_path / "h.duckdb")
    from edgarsift.store import open_store

    with open_store(db) as s:
        ingest(write_series(tmp_path), s)
    with edgarsift.open(db) as ds:
        t = ds.history(cusip="40637E106", holder="partners")
    assert t.column("uncertain").to_pylist() == [False, False, False, False, True, False]
    assert t.column("shares_change").to_pylist() == [None, 500_000, 0, -1_816_413, -1_500_000, -6_000_000]


def test_api_and_page(tmp_path):
    from fastapi.testclient import TestClient

    from edgarsift.serve.api import create_app
    from edgarsift.store import open_store

    with open_store(str(tmp_path / "api.duckdb")) as s:
        ingest(write_series(tmp_path), s)
        with TestClient(create_app(s, public_read=True)) as client:
            rows = client.get("/api/history", params={"cusip": "40637E106", "holder": "master"}).json()
            assert [r["shares"] for r in rows] == [s for s, _, _ in SERIES.values()]
            assert [r["percent_change"] for r in rows] == [None, 1.4, 0.0, -5.2, -4.3, -17.3]
            assert len(client.get("/api/history").json()) == 12
            assert len(client.get("/api/history", params={"limit": 5}).json()) == 5
            page = client.get("/history", params={"cusip": "40637E106"})
            assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
            html = page.text
            assert html.count("<polyline") == 2 and html.count("<circle") == 12
            ids = {r["filing_id"] for r in client.get("/api/history", params={"cusip": "40637E106"}).json()}
            assert all(f'href="/filings/{i}"' in html for i in ids)
            assert "<script" not in html and "style=" not in html
            assert "holder match uncertain" in html  # the misspelt partner's point says so
        with TestClient(create_app(s)) as private:
            assert private.get("/api/history", params={"cusip": "40637E106"}).status_code == 401


def test_cli_history(tmp_path):
    import json

    from typer.testing import CliRunner

    from edgarsift.serve.cli import app
    from edgarsift.store import open_store

    db = str(tmp_path / "cli.duckdb")
    with open_store(db) as s:
        ingest(write_series(tmp_path), s)
    res = CliRunner().invoke(app, ["history", "--cusip", "40637E106", "--holder", "partners", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [r["match"] for r in rows] == ["new", "name", "name", "name", "similar", "name"]
    table = CliRunner().invoke(app, ["history", "--cusip", "40637E106", "--db", db])
    assert table.exit_code == 0 and "ownership history of 40637E106" in table.output
    assert "'similar ?': matched to that holder by a near-identical name only" in table.output
    assert CliRunner().invoke(app, ["history", "--db", db]).exit_code != 0


def test_chart_in_chromium(tmp_path):
    """The /history page in headless Chromium: no CSP violation, one line per holder, a point opens its
    filing page. EDGARSIFT_UPDATE_SCREENSHOT=1 refreshes docs/history-chart.png."""
    import os
    import shutil

    from playwright.sync_api import expect, sync_playwright

    from edgarsift.serve.api import create_app
    from edgarsift.store import open_store

    from ..serve.conftest import LiveServer
    from ..serve.test_browser import CHROMIUM, CHROMIUM_ARGS

    with open_store(str(tmp_path / "chart.duckdb")) as s:
        ingest([*write_series(tmp_path), corpus_file(SEED_13DA)], s)
        with LiveServer(create_app(s, public_read=True)) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            errors: list[str] = []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(server.url + "/history?cusip=40637E106")
            expect(page.locator("h1")).to_contain_text("HALO TECHNOLOGY HOLDINGS")
            expect(page.locator("svg polyline")).to_have_count(2)
            expect(page.locator("svg circle")).to_have_count(12)
            shot = tmp_path / "history-chart.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            if os.environ.get("EDGARSIFT_UPDATE_SCREENSHOT"):
                shutil.copy(shot, Path(__file__).resolve().parents[2] / "docs" / "history-chart.png")
            page.locator("svg a").last.click()  # the topmost point (both holders report the same stake)
            page.wait_for_url(server.url + "/filings/*")
            expect(page.locator("h1")).to_contain_text("SC 13D/A")
            browser.close()
            assert not errors, errors
