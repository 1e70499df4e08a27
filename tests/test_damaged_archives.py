"""Damaged archives: one corrupt member fails alone, with its reason, and the members after
it are still read; damage that cannot be read past is said, never silent."""
from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from edgarsift.batch import iter_inputs
from edgarsift.store import FilingQuery, open_store
from edgarsift.store.ingest import ingest

from .conftest import CORPUS

FILINGS = {n: (CORPUS / rel).read_bytes() for n, rel in {
    "a.txt": "sc13g/cikcusip__1094831.txt",
    "b.txt": "seeds/004_e3cac7b6d7988945.txt",
    "c.txt": "sc13g/cikcusip__2008_SC_13GA_820743.txt",
    "d.xml": "form_d/edgartools__D.1685REIT.xml",
}.items()}


def outcomes(path: Path) -> list[tuple[str, str]]:
    """(member, "ok" or its reason) for every input the archive yields, in order."""
    out = []
    for item in iter_inputs([path]):
        member = item.name.split("!/", 1)[1] if "!/" in item.name else item.name
        if item.data is not None:
            assert item.data == FILINGS[member]  # a member read is read whole and unchanged
            out.append((member, "ok"))
        else:
            assert item.error.startswith(f"{path}") and "\n" not in item.error
            out.append((member, item.error.split(": ", 1)[1]))
    return out


# -- zip -------------------------------------------------------------------------------------------------------

def _zip(method: int) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in FILINGS.items():
            zf.writestr(name, data)
    return bytearray(buf.getvalue())


def _record(data: bytearray, signature: bytes, name: bytes, name_len_at: int, name_at: int) -> int:
    i = data.find(signature)
    while i >= 0:
        n = struct.unpack("<H", data[i + name_len_at:i + name_len_at + 2])[0]
        if data[i + name_at:i + name_at + n] == name:
            return i
        i = data.find(signature, i + 4)
    raise AssertionError(name)


def _local(data: bytearray, name: bytes) -> int:
    return _record(data, b"PK\x03\x04", name, 26, 30)


def _central(data: bytearray, name: bytes) -> int:
    return _record(data, b"PK\x01\x02", name, 28, 46)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(bytes(data))
    return p


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_zip_member_with_a_bad_crc_fails_alone(tmp_path, method):
    data = _zip(method)
    data[_local(data, b"b.txt") + 30 + 5 + 200] ^= 0x55  # one byte of b.txt's (stored or deflated) data
    got = outcomes(_write(tmp_path, "crc.zip", data))
    assert [m for m, _ in got] == list(FILINGS)
    assert [m for m, r in got if r == "ok"] == ["a.txt", "c.txt", "d.xml"]
    reason = dict(got)["b.txt"]
    assert reason.startswith("damaged archive member: ")
    assert ("Bad CRC-32 for file 'b.txt'" in reason) if method == zipfile.ZIP_STORED else ("Error -3" in reason
                                                                                          or "CRC" in reason)


def test_a_zip_member_whose_size_header_lies_fails_alone(tmp_path):
    data = _zip(zipfile.ZIP_DEFLATED)
    at = _central(data, b"b.txt") + 24  # uncompressed size in the central directory
    data[at:at + 4] = struct.pack("<I", struct.unpack("<I", data[at:at + 4])[0] - 100)
    at = _central(data, b"c.txt") + 42  # where c.txt's local header is: 7 bytes off
    data[at:at + 4] = struct.pack("<I", struct.unpack("<I", data[at:at + 4])[0] + 7)
    got = dict(outcomes(_write(tmp_path, "sizes.zip", data)))
    assert got["a.txt"] == got["d.xml"] == "ok"
    assert got["b.txt"] == "damaged archive member: BadZipFile: Bad CRC-32 for file 'b.txt'"
    assert got["c.txt"].startswith("damaged archive member: BadZipFile: Bad magic number")


def test_ingest_stores_the_members_after_a_corrupt_one(tmp_path):
    data = _zip(zipfile.ZIP_DEFLATED)
    at = _central(data, b"b.txt") + 24
    data[at:at + 4] = struct.pack("<I", struct.unpack("<I", data[at:at + 4])[0] - 100)
    p = _write(tmp_path, "batch.zip", data)
    with open_store(str(tmp_path / "s.duckdb")) as store:
        summary = ingest([p], store)
        assert (summary.written, summary.failed) == (3, 1)
        (failed,) = store.search_filings(FilingQuery(status="failed"))[0]
        assert failed.path == f"{p}!/b.txt" and "Bad CRC-32" in failed.error
        ok = sorted(f.path.split("!/")[1] for f in store.search_filings(FilingQuery(status="ok"))[0])
        assert ok == ["a.txt", "c.txt", "d.xml"]


# -- tar -------------------------------------------------------------------------------------------------------

def _tar() -> bytearray:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in FILINGS.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return bytearray(buf.getvalue())


def _header(data: bytearray, name: str) -> int:
    return next(m.offset for m in tarfile.open(fileobj=io.BytesIO(bytes(data))) if m.name == name)


def _set_size(data: bytearray, name: str, size: int) -> None:
    """Give a member's header another size, with a checksum that matches (a header that lies well)."""
    at = _header(data, name)
    data[at + 124:at + 136] = b"%011o\0" % size
    block = data[at:at + 512]
    block[148:156] = b" " * 8
    data[at + 148:at + 156] = b"%06o\0 " % sum(block)


def _tgz(tmp_path: Path, name: str, data: bytearray) -> Path:
    return _write(tmp_path, name, gzip.compress(bytes(data), mtime=0))


def test_a_tar_member_with_a_damaged_header_fails_alone(tmp_path):
    data = _tar()
    data[_header(data, "b.txt") + 100] ^= 0x01  # its mode field: the checksum no longer adds up
    blocks = 1 + -(-len(FILINGS["b.txt"]) // 512)  # its header and data, skipped
    assert outcomes(_tgz(tmp_path, "hdr.tar.gz", data)) == [
        ("a.txt", "ok"),
        ("b.txt", f"damaged archive member header (bad checksum); {blocks * 512} bytes skipped to the next good "
                  "header"),
        ("c.txt", "ok"), ("d.xml", "ok")]


def test_a_tar_member_whose_size_header_is_short_fails_alone(tmp_path):
    data = _tar()
    _set_size(data, "b.txt", len(FILINGS["b.txt"]) - 2000)
    got = outcomes(_tgz(tmp_path, "short.tar.gz", data))
    assert got[0] == ("a.txt", "ok") and got[2:] == [("c.txt", "ok"), ("d.xml", "ok")]
    assert got[1][0] == "b.txt" and got[1][1].startswith("damaged archive member: its data runs")


def test_a_tar_member_whose_size_header_swallows_the_next_ones_fails_and_they_are_read(tmp_path):
    data = _tar()
    _set_size(data, "b.txt", _header(data, "d.xml") - _header(data, "b.txt") + 1024)  # over c.txt, into d.xml
    got = outcomes(_tgz(tmp_path, "long.tar.gz", data))
    assert [m for m, _ in got] == list(FILINGS)
    assert dict(got)["b.txt"].endswith("runs over another member's header")
    assert dict(got)["c.txt"] == "ok"  # read out of b.txt's data
    assert dict(got)["d.xml"].startswith("damaged archive member: cut short")  # half inside b.txt's data


def test_a_tar_member_whose_size_runs_past_the_end_is_said(tmp_path):
    data = _tar()
    end = _header(data, "d.xml") + 2048  # the archive ends inside d.xml
    _set_size(data, "a.txt", 10 ** 7)
    got = outcomes(_write(tmp_path, "eof.tar", data[:end]))
    assert got == [("a.txt", "damaged archive member: its size header (10000000 bytes) runs over another "
                             "member's header"),
                   ("b.txt", "ok"), ("c.txt", "ok"),
                   ("d.xml", "damaged archive member: cut short (its size header claims "
                             f"{len(FILINGS['d.xml'])} bytes, its data ends after 1536)")]


@pytest.mark.parametrize("damage", ["flip", "cut", "crc"])
def test_a_compressed_tar_that_does_not_check_out_is_one_failure(tmp_path, damage):
    """gzip has one CRC, at its end, and a damaged deflate stream may decode to wrong bytes without an error:
    no member of a stream that fails is trusted (it used to store every member before the damage, and
    whatever the damaged stream decoded to)."""
    packed = bytearray(gzip.compress(bytes(_tar()), mtime=0))
    if damage == "flip":
        packed[len(packed) // 2] ^= 0xFF
    elif damage == "cut":
        packed = packed[:len(packed) * 3 // 4]
    else:
        packed[-8] ^= 0x01  # the CRC itself
    p = _write(tmp_path, "broken.tar.gz", packed)
    ((member, reason),) = outcomes(p)
    assert member == str(p) and reason.startswith("damaged archive: its compressed data does not check out (")
    assert reason.endswith("no member can be trusted")


def test_a_file_that_is_no_tar_is_one_failure(tmp_path):
    p = _write(tmp_path, "text.tar", FILINGS["a.txt"])
    ((member, reason),) = outcomes(p)
    assert member == "<damaged at byte 0>" and reason.endswith("skipped (not a tar archive?)")
