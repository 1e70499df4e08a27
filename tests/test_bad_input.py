"""Bad input: one clear line naming the file and the reason; the batch goes on; nothing half-written."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from edgarsift import ReadError, extract

from .conftest import CORPUS

GOOD = CORPUS / "seeds/004_e3cac7b6d7988945.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edgarsift", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def bad_dir(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.bin").write_bytes(bytes(range(256)) * 64)
    head = (CORPUS / "sc13d/cikcusip__1995_SC_13D_718451.txt").read_bytes()[:1500]  # cut inside the header
    (d / "truncated.txt").write_bytes(head)
    (d / "bad_utf8.txt").write_bytes(b"SCHEDULE 13D\n\xff\xfe\xfa Name of Issuer \x80\x81\n")
    (d / "huge.txt").write_bytes(b"x" * (50 * 1000 * 1000))
    (d / "good.txt").write_bytes(GOOD.read_bytes())
    return d


def test_batch_reports_each_bad_file_on_one_line_and_goes_on(bad_dir, tmp_path):
    out = tmp_path / "out"
    res = run_cli("extract", str(bad_dir), "--out", str(out), "-q")
    assert res.returncode == 3, res.stderr  # some failed, the others written (0: all extracted, 1: none)
    assert "Traceback" not in res.stderr
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    by_file = {name: [ln for ln in errors if name in ln] for name in ("empty.txt", "binary.bin", "truncated.txt", "huge.txt")}
    assert "empty file" in by_file["empty.txt"][0]
    assert "binary" in by_file["binary.bin"][0]
    assert "truncated" in by_file["truncated.txt"][0]
    assert "MB limit" in by_file["huge.txt"][0]
    # invalid UTF-8 is decoded (cp1252/latin-1), not refused; the good filing still goes through
    assert sorted(p.name for p in out.iterdir()) == ["bad_utf8.json", "good.json"]
    assert json.loads((out / "good.json").read_text())["form_type"] == "SC 13D/A"
    assert not list(out.glob("*.tmp"))


def test_exit_status_is_nonzero_only_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    res = run_cli("extract", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o"))
    assert res.returncode == 1
    assert res.stderr.count("\n") <= 3 and "Traceback" not in res.stderr
    assert "empty.txt: empty file" in res.stderr


def test_missing_file_is_named(tmp_path):
    res = run_cli("extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and "nope.txt" in res.stderr and "Traceback" not in res.stderr


def test_api_raises_read_error_naming_source(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"   \n")
    with pytest.raises(ReadError) as exc:
        extract(p)
    assert str(p) in str(exc.value) and "empty" in str(exc.value)


def test_damaged_pdf_is_a_read_error(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n" + b"garbage" * 100)
    with pytest.raises(ReadError) as exc:
        extract(p)
    assert "PDF" in str(exc.value)


def test_same_output_name_never_overwrites(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "filing.txt").write_bytes(GOOD.read_bytes())
    (src / "filing.ori").write_bytes((CORPUS / "sc13g/cikcusip__1998_SC_13G_732812.txt").read_bytes())
    res = run_cli("extract", str(src), "--out", str(tmp_path / "out"), "-q")
    assert res.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["filing.json", "filing.txt.json"]
    assert "filing.txt.json" in res.stderr
    assert json.loads((tmp_path / "out/filing.json").read_text())["form_type"] == "SC 13G"
