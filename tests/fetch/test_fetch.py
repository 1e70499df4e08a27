"""`edgarsift fetch` against a fake EDGAR on 127.0.0.1 (tests/fetch/fake_edgar.py): real sockets, real HTTP,
index pages in EDGAR's formats, bodies that are real corpus filings. Nothing here reaches the internet.

The rate is measured where EDGAR would measure it: request arrival times in the server."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edgarsift.fetch import EdgarClient, Fetcher, FetchError, RateLimiter, form_matcher
from edgarsift.fetch.index import parse_form_idx, resolve_company

from . import fake_edgar

UA = "edgarsift tests tests@example.com"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small():
    fake = fake_edgar.build(n_issuers=1, years=range(1998, 2010), per_year=2).start()
    yield fake
    fake.stop()


def client(**kw) -> EdgarClient:
    kw.setdefault("backoff", 0.01)
    return EdgarClient(UA, **kw)


# -- rules ----------------------------------------------------------------------------------------------------
def test_user_agent_with_contact_is_required():
    for ua in (None, "", "   ", "edgarsift", "Jane Doe jane at example"):
        with pytest.raises(FetchError, match="User-Agent"):
            EdgarClient(ua)
    EdgarClient("Jane Doe jane@example.com").close()


def test_rate_above_edgar_limit_is_refused():
    with pytest.raises(FetchError, match="limit"):
        EdgarClient(UA, rate=11)


def test_limiter_never_grants_more_than_rate_in_any_window():
    now = [0.0]
    limiter = RateLimiter(10, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    grants = []
    for _ in range(95):
        limiter.acquire()
        grants.append(now[0])
    for i, t in enumerate(grants):
        assert sum(1 for u in grants[i:] if u - t < 1.0) <= 10
    assert grants[10] >= 1.0 and grants[94] >= 9.0
    primed = RateLimiter(10, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s), primed=True)
    start = now[0]
    primed.acquire()
    assert now[0] - start >= 1.0  # a new client leaves room for the requests of the run before it
    slow = RateLimiter(0.5, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    start = now[0]
    slow.acquire()
    slow.acquire()
    assert now[0] - start >= 2.0  # half a request per second: one every two seconds


def test_form_families():
    m = form_matcher(["13D"])
    assert m("SC 13D") and m("SC 13D/A") and m("SCHEDULE 13D/A") and m("schedule  13d")
    assert not m("SC 13G") and not m("10-K")
    assert not form_matcher(["13D"], amendments=False)("SC 13D/A")
    exact = form_matcher(["SC 13G/A"])
    assert exact("SC 13G/A") and not exact("SC 13G")
    assert form_matcher(["13DG"])("SCHEDULE 13G/A") and form_matcher(None)("10-K")


def test_index_parsing_of_edgar_formats():
    fake = fake_edgar.build(n_issuers=2, years=range(1996, 1997), per_year=3)
    idx = fake.pages["/Archives/edgar/full-index/1996/QTR1/form.idx"].decode("latin-1")
    refs = parse_form_idx(idx)
    listed = sorted((f.cik, f.accession, f.form, f.filed) for f in fake.filings if f.filed < "1996-04")
    assert sorted((r.cik, r.accession, r.form, r.filed) for r in refs) == listed
    assert {r.company for r in refs} == {"TEST ISSUER A INC", "TEST ISSUER B INC"}
    assert len(parse_form_idx(idx, ciks={719274})) == len([x for x in listed if x[0] == 719274])
    tickers = fake.pages["/files/company_tickers.json"]
    assert resolve_company(tickers, ticker="tstb") == [(720274, "TEST ISSUER B INC")]
    assert resolve_company(tickers, name="test issuer a") == [(719274, "TEST ISSUER A INC")]
    assert len(resolve_company(tickers, name="issuer")) == 2


# -- the walk: submissions JSON, its continuation page, quarterly indexes before 2001 -------------------------
def test_lists_every_matching_filing_from_all_index_kinds(small, tmp_path):
    with client() as c:
        f = Fetcher(c, tmp_path, www=small.base, data=small.base)
        refs = f.list_filings([719274], forms=["13D", "13G"])
        want = sorted(x.accession for x in small.filings if not x.form.startswith("10-K"))
        assert sorted(r.accession for r in refs) == want  # 1998-2000 (form.idx), 2001-2007 (continuation), 2008-
        assert {r.form for r in refs} == {"SC 13D", "SC 13D/A"} | ({"SC 13G", "SC 13G/A"} & {r.form for r in refs})
        paths = {h.path for h in small.hits}
        assert "/submissions/CIK0000719274-submissions-001.json" in paths
        assert "/Archives/edgar/full-index/1998/QTR1/form.idx" in paths
        assert not any("/full-index/2001/" in p for p in paths)
        ranged = f.list_filings([719274], forms=["SC 13D/A"], date_from="1999-06-01", date_to="2004-12-31")
        assert ranged and all(r.form == "SC 13D/A" and "1999-06-01" <= r.filed <= "2004-12-31" for r in ranged)
        assert sorted(r.accession for r in ranged) == sorted(
            x.accession for x in small.filings if x.form == "SC 13D/A" and "1999-06-01" <= x.filed <= "2004-12-31")


def test_quarterly_indexes_only_where_the_submissions_do_not_reach(tmp_path):
    fake = fake_edgar.build(n_issuers=1, years=range(1996, 2004), per_year=2)
    fake.split_year = 1999  # this company's submissions JSON goes back to 1999
    fake.build_pages()
    fake.start()
    try:
        with client() as c:
            refs = Fetcher(c, tmp_path, www=fake.base, data=fake.base).list_filings([719274], forms=["13DG"])
        assert sorted(r.accession for r in refs) == sorted(x.accession for x in fake.filings if x.form != "10-K")
        walked = sorted(h.path.split("/")[-3:-1] for h in fake.hits if h.path.endswith("form.idx"))
        assert walked[0] == ["1993", "QTR1"] and walked[-1] == ["1999", "QTR1"]  # through the first quarter
        assert len(walked) == 6 * 4 + 1  # 1993-1998 and 1999 Q1, each once
    finally:
        fake.stop()


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
def test_rerun_revalidates_index_pages_and_downloads_nothing(small, tmp_path, validator):
    small.validator = validator
    with client() as c:
        f = Fetcher(c, tmp_path, www=small.base, data=small.base)
        first = f.download(f.list_filings([719274], forms=["13DG"]))
        assert first.downloaded == 24
        n = len(small.hits)
        again = f.download(f.list_filings([719274], forms=["13DG"]))
    assert again.downloaded == 0 and again.cached == 24
    later = small.hits[n:]
    # the submissions page and its continuation are asked again, conditionally; past quarters not at all
    assert sorted(h.path for h in later) == ["/submissions/CIK0000719274-submissions-001.json",
                                             "/submissions/CIK0000719274.json"]
    assert {h.status for h in later} == {304}


def test_a_filing_listed_under_two_requested_companies_is_fetched_once(tmp_path):
    fake = fake_edgar.build(n_issuers=2, years=range(2010, 2012), per_year=2)
    shared = fake.filings[0]
    fake.filings.append(fake_edgar.Filing(720274, shared.accession, shared.form, shared.filed, shared.body))
    fake.build_pages()
    fake.start()
    try:
        with client() as c:
            f = Fetcher(c, tmp_path, www=fake.base, data=fake.base)
            refs = f.list_filings([719274, 720274], forms=["13DG"])
            summary = f.download(refs)
        assert [r.accession for r in refs].count(shared.accession) == 1
        assert summary.downloaded == 8 and len(list(tmp_path.glob(f"*/{shared.accession}.txt"))) == 1
    finally:
        fake.stop()


def test_ticker_and_name_resolve_to_the_cik(small, tmp_path):
    with client() as c:
        f = Fetcher(c, tmp_path, www=small.base, data=small.base)
        assert f.resolve(ticker="TSTA") == [(719274, "TEST ISSUER A INC")]
        with pytest.raises(FetchError, match="no company"):
            f.resolve(ticker="NOPE")


# -- faults -------------------------------------------------------------------------------------------------
def test_survives_429_bursts_5xx_slow_answers_truncated_bodies_and_dropped_connections(small, tmp_path):
    targets = [f for f in small.filings if f.form != "10-K"][:6]
    kinds = [["429", "429", "429"], ["503", "503"], ["slow"], ["truncate"], ["drop"], ["truncate", "drop", "429"]]
    for f, faults in zip(targets, kinds):
        small.faults[small.filing_path(f)] = list(faults)
    small.faults["/submissions/CIK0000719274.json"] = ["429", "drop"]
    small.slow_seconds = 1.5
    with client(timeout=0.5) as c:  # the slow answer times out and is asked again
        f = Fetcher(c, tmp_path, www=small.base, data=small.base)
        refs = f.list_filings([719274], forms=["13DG"])
        summary = f.download(refs)
    assert summary.failed == [] and summary.downloaded == len(refs) == 24
    for x in small.filings:
        if x.form != "10-K":
            assert (tmp_path / str(x.cik) / f"{x.accession}.txt").read_bytes() == x.body
    assert not list(tmp_path.rglob("*.part"))
    bodies = {x.accession: x.body for x in small.filings}
    manifest = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    assert len(manifest) == 24
    assert all(m["sha256"] == hashlib.sha256(bodies[m["accession"]]).hexdigest() for m in manifest)
    assert all(not small.faults[p] for p in small.faults)  # every fault was served
    statuses = [h.status for h in small.hits if h.path == small.filing_path(targets[0])]
    assert statuses == [429, 429, 429, 200]
    assert [h.complete for h in small.hits if h.path == small.filing_path(targets[3])] == [False, True]


def test_gives_up_with_a_clear_error(small, tmp_path):
    target = next(f for f in small.filings if f.form != "10-K")
    small.faults[small.filing_path(target)] = ["503"] * 10
    with client(retries=2) as c:
        f = Fetcher(c, tmp_path, www=small.base, data=small.base)
        refs = [r for r in f.list_filings([719274], forms=["13DG"]) if r.accession == target.accession]
        summary = f.download(refs)
    assert summary.failed and "gave up after 3 attempts (HTTP 503)" in summary.failed[0][1]
    assert not (tmp_path / str(target.cik) / f"{target.accession}.txt").exists()
    assert not (tmp_path / "manifest.jsonl").exists()


# -- the acceptance run: 3 issuers x 20 years, 300 filings, a kill, a re-run -------------------------
def _cli(fake, cache: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "edgarsift", "fetch", "--ticker", "TSTA", "--cik", "720274", "--cik", "721274",
            "--form", "13D", "--form", "13G", "--cache", str(cache), "--user-agent", UA, "--rate", "10",
            "--workers", "4", "--quiet", "--base-url", fake.base, *extra]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def test_three_issuers_twenty_years_killed_and_resumed(tmp_path):
    fake = fake_edgar.build(n_issuers=3, years=range(1996, 2016), per_year=5).start()
    cache = tmp_path / "cache"
    try:
        wanted = {fake.filing_path(f): f for f in fake.filings if f.form != "10-K"}
        assert len(wanted) == 300
        for f in list(wanted.values())[::37]:  # retries count against the limit too
            fake.faults[fake.filing_path(f)] = ["429", "429", "drop"]
        fake.faults["/submissions/CIK0000720274.json"] = ["429"] * 4
        first = _cli(fake, cache)
        while sum(fake.complete_downloads().values()) < 120:  # wait until well into the downloads
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        on_disk = {p for p in wanted if (cache / p.split("/")[-2] / p.split("/")[-1]).exists()}
        assert 100 <= len(on_disk) < 300
        n_first = len(fake.hits)

        second = _cli(fake, cache)
        _, stderr = second.communicate(timeout=300)
        assert second.returncode == 0, stderr.decode()
        rerun = fake.hits[n_first:]
        refetched = {h.path for h in rerun if h.path in on_disk}
        assert refetched == set()  # nothing already in the cache was asked for again

        # every filing once, byte for byte; no 10-K; nothing half-written
        files = sorted(p for p in cache.rglob("*.txt") if "_index" not in p.parts)
        assert len(files) == 300
        for f in wanted.values():
            assert (cache / str(f.cik) / f"{f.accession}.txt").read_bytes() == f.body
        assert not list(cache.rglob("*.part"))
        manifest = [json.loads(line) for line in (cache / "manifest.jsonl").read_text().splitlines()]
        assert len(manifest) == 300 and len({m["accession"] for m in manifest}) == 300

        # a third run downloads nothing: filings are skipped, index pages answer 304 or are final quarters
        n_second = len(fake.hits)
        third = _cli(fake, cache)
        _, stderr = third.communicate(timeout=120)
        assert third.returncode == 0, stderr.decode()
        assert "300 filings listed: 0 downloaded, 300 already cached" in stderr.decode()
        again = fake.hits[n_second:]
        assert again and {h.status for h in again} == {304}
        assert not any(h.path.startswith("/Archives/edgar/data/") for h in again)

        # the limit held over all three runs, measured on arrival at the server
        busiest = fake.busiest_window(1.0)
        assert len(busiest) <= 10, [(round(h.t - busiest[0].t, 3), h.path, h.status) for h in busiest]
        assert len(fake.hits) > 330
    finally:
        fake.stop()


def test_fetch_then_ingest(small, tmp_path):
    cache, db = tmp_path / "cache", tmp_path / "s.duckdb"
    proc = _cli(small, cache, "--ingest", "--db", str(db), "--from", "2008-01-01")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()
    n = len([f for f in small.filings if f.form != "10-K" and f.filed >= "2008"])
    assert f"ingested: {n} written" in stderr.decode()


def test_cli_errors_are_one_clear_line(tmp_path):
    fake = fake_edgar.build(n_issuers=2, years=range(2010, 2011), per_year=1).start()
    try:
        def run(*args: str, ua: str | None = UA) -> subprocess.CompletedProcess:
            env = {k: v for k, v in os.environ.items() if k != "EDGARSIFT_USER_AGENT"}
            cmd = [sys.executable, "-m", "edgarsift", "fetch", "--cache", str(tmp_path), "--quiet",
                   "--base-url", fake.base, *args, *(["--user-agent", ua] if ua else [])]
            return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60,
                                  env={**env, "PYTHONPATH": str(ROOT / "src")})

        no_ua = run("--cik", "719274", ua=None)
        assert no_ua.returncode == 1 and "User-Agent" in no_ua.stderr and "Traceback" not in no_ua.stderr
        assert fake.hits == []  # refused before asking EDGAR anything
        ambiguous = run("--name", "test issuer")
        assert ambiguous.returncode == 1 and "2 companies match" in ambiguous.stderr and "Use --cik" in ambiguous.stderr
        unknown = run("--ticker", "NOPE")
        assert unknown.returncode == 1 and "no company with ticker NOPE" in unknown.stderr
        by_name = run("--name", "Test Issuer B Inc", "--form", "13D")
        assert by_name.returncode == 0, by_name.stderr
        assert "1 filings listed: 1 downloaded" in by_name.stderr
        assert len(list((tmp_path / "720274").glob("*.txt"))) == 1
    finally:
        fake.stop()
