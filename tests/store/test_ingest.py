"""Batch ingest: idempotency, failures, archives, kill -9 resume, the process pool and Dask, export, CLI."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from edgarsift.serve.cli import app
from edgarsift.store import FilingQuery, open_store
from edgarsift.store.export import export
from edgarsift.store import ingest as _ingest_module
from edgarsift.store.duckdb_store import BULK_CHECKPOINT_THRESHOLD, BULK_MEMORY_LIMIT
from edgarsift.store.ingest import ingest
from edgarsift.store.schema import USER_TABLES

from ..conftest import corpus_file
from .conftest import FORM_D_XML, SEED_13DA, SMALL_13G

ROOT = Path(__file__).resolve().parents[2]
EDGARSIFT = str(ROOT / ".venv" / "bin" / "edgarsift")
FEW = [SEED_13DA, FORM_D_XML, SMALL_13G, "sc13g/cikcusip__2008_SC_13GA_820743.txt", "sc13d/edgartools__schedule13d.xml",
       "other/edgartools__0001094891-00-000193.txt"]


def copy_few(dst: Path, rels=FEW) -> list[Path]:
    dst.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(corpus_file(r), dst / Path(r).name)) for r in rels]


def replicas(dst: Path, n: int, rel: str = SMALL_13G) -> Path:
    """``n`` copies of a filing, each with one extra byte pattern so every sha256 differs."""
    dst.mkdir(parents=True, exist_ok=True)
    data = corpus_file(rel).read_bytes()
    for i in range(n):
        (dst / f"r{i:05d}.txt").write_bytes(data + f"\n{i}\n".encode())
    return dst


def test_ingest_is_idempotent_and_reextracts_on_a_new_extractor_version(store, tmp_path):
    files = copy_few(tmp_path / "in")
    first = ingest([tmp_path / "in"], store)
    assert (first.written, first.skipped, first.failed) == (len(files), 0, 0)
    assert sum(first.by_form.values()) == len(files) and first.by_form["D"] == 1
    again = ingest([tmp_path / "in"], store)
    assert (again.written, again.skipped) == (0, len(files))
    store._run("UPDATE filings SET extractor_version = '0.0.1' WHERE form_type = 'D'")  # as if stored by an old version
    third = ingest([tmp_path / "in"], store)
    assert (third.written, third.skipped) == (1, len(files) - 1)
    assert store.counts()["filings"] == len(files)
    assert len({r["sha256"] for r in store.table("filings")}) == len(files)


def test_a_broken_or_hostile_file_is_a_failure_and_the_batch_goes_on(store, tmp_path):
    copy_few(tmp_path / "in", [SMALL_13G])
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "noise.bin").write_bytes(bytes(range(256)) * 200)
    summary = ingest([tmp_path / "in"], store)
    assert summary.written == 1 and summary.failed == 2
    failed, total = store.search_filings(FilingQuery(status="failed"))
    assert total == 2
    reasons = {Path(f.path).name: f.error for f in failed}
    assert "empty" in reasons["empty.txt"] and reasons["noise.bin"].startswith(str(tmp_path / "in" / "noise.bin"))


def _zip_with_hostile_members(path: Path) -> None:
    good = corpus_file(SMALL_13G).read_bytes()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("filings/good.txt", good)
        zf.writestr("../escape.txt", good + b"1")
        zf.writestr("/etc/absolute.txt", good + b"2")
        link = zipfile.ZipInfo("filings/link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")


def _tar_with_hostile_members(path: Path) -> None:
    good = corpus_file(FORM_D_XML).read_bytes()
    with tarfile.open(path, "w:gz") as tf:
        for name, data in [("d/primary_doc.xml", good), ("../../escape.xml", good + b" ")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("d/link.xml")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
        hard = tarfile.TarInfo("d/hard.xml")
        hard.type, hard.linkname = tarfile.LNKTYPE, "d/primary_doc.xml"
        tf.addfile(hard)


def test_archives_are_read_and_escaping_members_refused(store, tmp_path):
    _zip_with_hostile_members(tmp_path / "batch.zip")
    _tar_with_hostile_members(tmp_path / "batch.tar.gz")
    summary = ingest([tmp_path / "batch.zip", tmp_path / "batch.tar.gz"], store)
    assert summary.written == 2 and summary.failed == 6
    ok = {f.path for f in store.search_filings(FilingQuery(status="ok"))[0]}
    assert ok == {f"{tmp_path / 'batch.zip'}!/filings/good.txt", f"{tmp_path / 'batch.tar.gz'}!/d/primary_doc.xml"}
    reasons = {f.path.split("!/")[1]: f.error for f in store.search_filings(FilingQuery(status="failed"))[0]}
    assert "escapes" in reasons["../escape.txt"] and "absolute" in reasons["/etc/absolute.txt"]
    assert "link" in reasons["filings/link.txt"] and "link" in reasons["d/link.xml"] and "link" in reasons["d/hard.xml"]
    assert "escapes" in reasons["../../escape.xml"]
    assert not (tmp_path.parent / "escape.txt").exists() and not (tmp_path / "escape.txt").exists()


def test_kill_9_mid_batch_then_rerun_completes_with_no_duplicates(tmp_path):
    n = 600
    src = replicas(tmp_path / "batch", n)
    db = tmp_path / "kill.duckdb"
    cmd = [EDGARSIFT, "ingest", str(src), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:  # one "committed …" line per transaction when stderr is not a terminal
        if line.startswith("committed"):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    s = open_store(str(db))
    committed = s.counts()["filings"]
    s.close()
    assert 0 < committed < n  # killed mid-run, after at least one commit
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    s = open_store(str(db), read_only=True)
    rows = s.table("filings")
    s.close()
    assert len(rows) == n and len({r["sha256"] for r in rows}) == n
    assert {Path(r["path"]).name for r in rows} == {f"r{i:05d}.txt" for i in range(n)}
    assert all(r["status"] == "ok" and r["form_type"] == "SC 13G" for r in rows)


def _snapshot(store) -> dict:
    """Store content without ids and timestamps: what two ingests of the same input must agree on."""
    out = {}
    for name in USER_TABLES:
        rows = store.table(name)
        ids = {r["id"]: r["sha256"] for r in store.table("filings")}
        clean = []
        for r in rows:
            r = dict(r)
            if "filing_id" in r:
                r["filing_id"] = ids[r["filing_id"]]
            r.pop("id", None), r.pop("ingested_at", None), r.pop("path", None) if name == "filings" else None
            clean.append(json.dumps(r, sort_keys=True, default=str))
        out[name] = sorted(clean)
    return out


def test_process_pool_and_dask_cluster_store_the_same_as_one_process(tmp_path):
    from distributed import LocalCluster

    copy_few(tmp_path / "in")
    stores = {k: open_store(str(tmp_path / f"{k}.duckdb")) for k in ("one", "pool", "dask")}
    ingest([tmp_path / "in"], stores["one"], workers=1)
    ingest([tmp_path / "in"], stores["pool"], workers=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        assert len(cluster.workers) == 2
        summary = ingest([tmp_path / "in"], stores["dask"], workers=2, executor="dask",
                         scheduler=cluster.scheduler_address)
    assert summary.written == len(FEW)
    base = _snapshot(stores["one"])
    assert base["reporting_persons"]  # not vacuous
    assert _snapshot(stores["pool"]) == base and _snapshot(stores["dask"]) == base
    for s in stores.values():
        s.close()


def test_postgres_ingest_matches_duckdb(tmp_path, pg_url):
    copy_few(tmp_path / "in")
    duck, pg = open_store(str(tmp_path / "d.duckdb")), open_store(pg_url)
    for s in (duck, pg):
        ingest([tmp_path / "in"], s)
    assert _snapshot(pg) == _snapshot(duck)
    assert ingest([tmp_path / "in"], pg).skipped == len(FEW)
    duck.close(), pg.close()


def _mib(setting: str) -> float:
    number, unit = setting.split()
    return float(number) * {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}[unit]


def test_duckdb_ingest_writes_with_the_bulk_settings_and_restores_them(tmp_path):
    copy_few(tmp_path / "in")
    store = open_store(str(tmp_path / "s.duckdb"))

    def settings() -> tuple:
        return store.con.execute("SELECT current_setting('max_vacuum_tasks'), current_setting('memory_limit'), "
                                 "current_setting('checkpoint_threshold')").fetchone()

    before = settings()
    during: list[tuple] = []
    summary = ingest([tmp_path / "in"], store, commit_every=2, progress=lambda s: during.append(settings()))
    after = settings()
    wal = tmp_path / "s.duckdb.wal"
    checkpointed = not wal.exists() or wal.stat().st_size == 0  # the last checkpoint ran under them too
    store.close()
    assert summary.written == len(FEW) and len(during) >= 3 and checkpointed
    bulk_memory, bulk_checkpoint = (int(v.removesuffix("MB")) * 1e6 / 2**20
                                    for v in (BULK_MEMORY_LIMIT, BULK_CHECKPOINT_THRESHOLD))
    for vacuum, memory, checkpoint in during:  # every commit of the batch ran under them
        assert vacuum == 0
        assert abs(_mib(memory) - bulk_memory) < 0.1 and abs(_mib(checkpoint) - bulk_checkpoint) < 0.1
    assert before[0] == after[0] == 100
    assert abs(_mib(after[1]) - _mib(before[1])) < 0.5 and _mib(before[1]) > 900  # the writer's 1 GB again
    assert abs(_mib(after[2]) - _mib(before[2])) < 0.5 and _mib(before[2]) > 200
    reopened = open_store(str(tmp_path / "s.duckdb"), read_only=True)
    assert reopened.counts()["filings"] == len(FEW)
    reopened.close()


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_round_trip(store, tmp_path, fmt):
    copy_few(tmp_path / "in")
    ingest([tmp_path / "in"], store)
    counts = export(store, tmp_path / "out", fmt)
    for name in USER_TABLES:
        expected = store.table(name)
        assert counts[name] == len(expected)
        if fmt == "parquet":
            assert pq.read_table(tmp_path / "out" / name).to_pylist() == expected
        elif fmt == "jsonl":
            lines = (tmp_path / "out" / f"{name}.jsonl").read_text().splitlines()
            assert [json.loads(x) for x in lines] == expected
        else:
            assert len((tmp_path / "out" / f"{name}.csv").read_text().splitlines()) >= len(expected) + 1
    assert counts["reporting_persons"] > 0 and counts["offerings"] == 1


def test_cli_ingest_examples_then_search_by_cusip(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(ROOT / "examples"), "--db", db, "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["search", "--cusip", "375175106", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert any(r["name"].startswith("Alara Capital") and r["issuer_cusip"] == "375175106" for r in rows)
    res = runner.invoke(app, ["query", "SELECT form_type, count(*) AS n FROM filings GROUP BY 1", "--db", db, "--json"])
    assert res.exit_code == 0 and {r["form_type"] for r in json.loads(res.stdout)} >= {"SC 13D/A"}
    res = runner.invoke(app, ["query", "DELETE FROM filings", "--db", db])
    assert res.exit_code == 1 and "read-only" in res.output
    res = runner.invoke(app, ["export", "--out", str(tmp_path / "x"), "--db", db])
    assert res.exit_code == 0 and (tmp_path / "x" / "filings" / "part-0.parquet").exists()


def test_edgarsift_open_gives_arrow_frames(tmp_path):
    import edgarsift

    db = str(tmp_path / "open.duckdb")
    s = open_store(db)
    ingest([corpus_file(SEED_13DA)], s)
    s.close()
    with edgarsift.open(db) as ds:
        persons = ds.persons(cusip="375175106")
        assert persons.num_rows >= 1 and "Alara Capital AVI II, LLC" in persons.column("name").to_pylist()
        assert ds.filings(form_type="SC 13D/A").column("issuer_cusip").to_pylist() == ["375175106"]
        assert ds.query("SELECT count(*) AS n FROM filings").to_pylist() == [{"n": 1}]


_real_extract_bytes = _ingest_module.extract_bytes  # what the ingest workers call


def _crash_on_poison(name: str, data: bytes):
    """Stands in for a reader that takes its process down (a native library crash) on one filing."""
    if Path(name).name == "poison.txt":
        os._exit(3)
    return _real_extract_bytes(name, data)


def test_a_worker_crash_fails_only_that_filing(store, tmp_path, monkeypatch):
    files = copy_few(tmp_path / "in")
    (tmp_path / "in" / "poison.txt").write_bytes(corpus_file(SMALL_13G).read_bytes() + b"\npoison\n")
    monkeypatch.setattr(_ingest_module, "extract_bytes", _crash_on_poison)  # forked pool workers inherit it
    summary = ingest([tmp_path / "in"], store, workers=2)
    assert (summary.written, summary.failed) == (len(files), 1)
    (failed,) = store.search_filings(FilingQuery(status="failed"))[0]
    assert failed.path.endswith("poison.txt") and "worker died" in failed.error


def _hang_on_name(name: str, data: bytes):
    """Stands in for an extraction that never ends (say, a pathological regex) on one filing."""
    if Path(name).name == "hang.txt":  # the name only: the test directory is called "…hangs…"
        time.sleep(3600)
    return _real_extract_bytes(name, data)


def test_a_filing_that_hangs_is_stopped_and_failed_alone(store, tmp_path, monkeypatch):
    files = copy_few(tmp_path / "in", [SMALL_13G, FORM_D_XML])
    (tmp_path / "in" / "hang.txt").write_bytes(corpus_file(SMALL_13G).read_bytes() + b"\nhang\n")
    monkeypatch.setattr(_ingest_module, "extract_bytes", _hang_on_name)
    monkeypatch.setenv("EDGARSIFT_EXTRACT_TIMEOUT_S", "2")
    summary = ingest([tmp_path / "in"], store, workers=2)
    assert (summary.written, summary.failed) == (len(files), 1)
    (failed,) = store.search_filings(FilingQuery(status="failed"))[0]
    assert failed.path.endswith("hang.txt") and "ran over 2 s" in failed.error
