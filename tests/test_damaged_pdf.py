"""Damaged PDFs: a byte-flipped or truncated PDF made from a real corpus filing gives a record
(a page that cannot be read becomes a ``read.note`` finding) or one ReadError line naming the file, never a
pdfium or other library exception.

The mutated files are extracted in a child process with a cap on its address space, so a case that makes a
reader allocate without bound fails this test as a MemoryError instead of taking the machine down.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS

PDF = CORPUS / "x17a5/x17a5duarte__877559-2016-04-25.pdf"  # 25 pages, a text layer, X-17A-5/A
MEMORY_CAP = 1_500_000_000  # bytes of address space for the child: a normal case needs about 100 MB

# Reads the case files named on stdin (one JSON list) and prints one JSON outcome per case.
WORKER = r"""
import json, resource, sys
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from edgarsift import EdgarsiftError, extract
for path in json.load(sys.stdin):
    try:
        record = extract(path, ocr="never")
        out = {"form_type": record.form_type,
               "notes": [f.message for f in record.findings if f.check == "read.note"]}
    except EdgarsiftError as exc:
        out = {"error": type(exc).__name__, "message": str(exc)}
    except BaseException as exc:  # what the test is about: nothing else may come out of extract
        out = {"escaped": type(exc).__name__, "message": str(exc)[:300]}
    print(json.dumps({"path": path, **out}), flush=True)
"""


def _run(paths: list[Path]) -> list[dict]:
    res = subprocess.run([sys.executable, "-c", WORKER, str(MEMORY_CAP)], input=json.dumps([str(p) for p in paths]),
                         capture_output=True, text=True, timeout=900)
    outcomes = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(outcomes) == len(paths), res.stderr[-2000:]
    return outcomes


def _three_pages() -> bytes:
    """The corpus PDF's first three pages (cover, oath, balance sheet) as a PDF of their own: every structure
    of the original, at an eighth of the reading time per case."""
    import pypdfium2 as pdfium

    src, new = pdfium.PdfDocument(PDF.read_bytes()), pdfium.PdfDocument.new()
    new.import_pages(src, [0, 1, 2])
    buf = io.BytesIO()
    new.save(buf)
    return buf.getvalue()


def _stream_bytes(data: bytes) -> list[range]:
    return [range(m.start(1), m.end(1)) for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)]


def _check(outcomes: list[dict]) -> None:
    escaped = [o for o in outcomes if "escaped" in o]
    assert not escaped, escaped[:5]
    for o in outcomes:
        if "error" in o:
            assert o["error"] == "ReadError" and "\n" not in o["message"], o
            assert o["message"].startswith(o["path"] + ": "), o  # names the file


def test_byte_flips_and_truncations_give_a_record_or_one_read_error(tmp_path):
    small = _three_pages()
    inside = set()
    for r in _stream_bytes(small):
        inside.update(r)
    structure = [i for i in range(len(small)) if i not in inside]  # dictionaries, xref, trailer
    cases: list[tuple[str, bytes]] = [("intact", small)]
    for n, at in enumerate(structure[::20]):  # every 20th byte of the structure, two kinds of damage
        damaged = bytearray(small)
        damaged[at] ^= 0xFF if n % 2 else 1 << (n % 8)
        cases.append((f"flip-{at}", bytes(damaged)))
    streams = sorted(inside)
    for at in streams[len(streams) // 41::len(streams) // 40][:40]:  # inside the (compressed) page contents
        damaged = bytearray(small)
        damaged[at] ^= 0x10
        cases.append((f"stream-{at}", bytes(damaged)))
    full = PDF.read_bytes()
    for k in range(1, 16):  # the original, cut short
        cases.append((f"cut-{k}", full[:len(full) * k // 16]))
    cases.append(("cut-eof", full[:-10]))
    paths = []
    for name, data in cases:
        p = tmp_path / f"{name}.pdf"
        p.write_bytes(data)
        paths.append(p)
    outcomes = _run(paths)
    _check(outcomes)
    by_name = {Path(o["path"]).stem: o for o in outcomes}
    assert by_name["intact"] == {"path": str(paths[0]), "form_type": "X-17A-5/A", "notes": []}
    with_notes = [o for o in outcomes if o.get("notes")]
    failed_pages = [n for o in with_notes for n in o["notes"] if re.match(r"PDF page \d+ could not be read", n)]
    assert failed_pages  # pdfium errors on single pages happened, and became notes
    assert sum("error" in o for o in outcomes) >= 10  # and whole-file damage became ReadErrors
    assert sum("form_type" in o for o in outcomes) > len(outcomes) // 2


def test_a_flip_that_throws_characters_off_the_page_still_gives_a_record(tmp_path):
    damaged = bytearray(PDF.read_bytes())
    damaged[412825] ^= 1 << 4  # inside page 23's compressed content stream
    p = tmp_path / "offpage.pdf"
    p.write_bytes(bytes(damaged))
    _check(_run([p]))
