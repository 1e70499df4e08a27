"""Reading: any filing's bytes → a :class:`Document` (decoded text, parts, EDGAR header facts).

``read`` sniffs the content, not the file name: EDGAR files arrive with every extension.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

import regex

from ..config import setting
from ..errors import ReadError
from ..text import rx
from .decode import decode
from .document import Company, Document, Format, Header, Part
from .html import looks_like_html
from .pdf import pdf_text
from .sgml import is_submission, main_part_index, read_submission
from .xml import XmlIndex, looks_like_xml, xml_index

__all__ = ["Company", "Document", "Header", "Part", "READERS", "XmlIndex", "read", "read_bytes", "xml_index"]

# Marks of OCR/markdown conversion output. Each is searched for as a literal (one fast C scan each; an alternation
# or a line-anchored pattern would try every position); the line-start conditions of table rows are checked in
# Python, only where a candidate is found.
_OCR_LITERALS = ("\\$", "**")
_OCR_WORDS = (re.compile(r"<input\b", re.I), regex.compile("Edgar Filing:", regex.I))  # each engine's fast case
_TABLE_ROW_TAIL = re.compile(r"\|[^\n]*\|[^\S\n]*$", re.M)  # "| a | b |": from its first pipe to the line end
_HEADING = re.compile(r"\n#{1,6} ")  # "## Item 4" starting a line (after a newline: the text's start is checked apart)


def _looks_converted(text: str) -> bool:
    """True when the text came out of OCR or a markdown converter (stray inputs, escapes, tables, headings)."""
    if any(mark in text for mark in _OCR_LITERALS) or any(p.search(text) for p in _OCR_WORDS):
        return True
    for m in _TABLE_ROW_TAIL.finditer(text):
        if not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip():
            return True
    return bool(_HEADING.search("\n" + text[:8]) or _HEADING.search(text))


def _read_submission(raw: str, source: str, digest: str) -> Document:
    header, parts, notes = read_submission(raw, source)
    return Document(source, raw, "edgar-sgml", digest, parts, main_part_index(header, parts), header, notes=notes)


def _read_html(raw: str, source: str, digest: str) -> Document:
    return Document(source, raw, "html", digest, [Part("html", 0, len(raw))])


def _read_xml(raw: str, source: str, digest: str) -> Document:
    return Document(source, raw, "xml", digest, [Part("xml", 0, len(raw))])


def _read_text(raw: str, source: str, digest: str) -> Document:
    fmt: Format = "ocr-text" if _looks_converted(raw[:200000]) else "text"
    return Document(source, raw, fmt, digest, [Part("text", 0, len(raw))])


READERS: dict[str, Callable[[str, str, str], Document]] = {
    "edgar-sgml": _read_submission,
    "html": _read_html,
    "xml": _read_xml,
    "text": _read_text,
}


def sniff(raw: str) -> str:
    if is_submission(raw):
        return "edgar-sgml"
    if looks_like_xml(raw) and not rx.search(r"<html", raw[:3000], regex.I):
        return "xml"
    if looks_like_html(raw) or rx.match(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)", raw[:3000], regex.I | regex.S):
        return "html"
    return "text"


_PDF_START = re.compile(rb"\s*%PDF-")


def read_bytes(data: bytes, source: str = "<bytes>", sha256: str | None = None, *, ocr: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> Document:
    """Read a filing from its bytes. Raises :class:`ReadError` naming ``source`` when it cannot.

    ``sha256``: the bytes' digest when the caller already computed it (batch workers), else computed here.
    ``ocr``: for PDFs, ``auto``/``never``/``always`` (default: the ``ocr`` setting); ``progress(done, total)``
    hears about each OCRed page of a long scan."""
    limit = setting("max_filing_bytes")  # read per call: a test or a server may change it
    if len(data) > limit:
        raise ReadError(f"file is {len(data) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                        "(EDGARSIFT_MAX_FILING_BYTES)", source)
    if not data or data.isspace():
        raise ReadError("empty file", source)
    digest = sha256 or hashlib.sha256(data).hexdigest()
    if _PDF_START.match(data):
        pdf = pdf_text(data, source, ocr, progress)
        return Document(source, pdf.text, "pdf", digest, [Part("pdf", 0, len(pdf.text))], pages=pdf.starts,
                        notes=pdf.notes, boxes=pdf.boxes, page_sizes=pdf.sizes, ocr_pages=pdf.ocr_pages,
                        pdf_data=None if (ocr or setting("ocr")) == "never" else data)
    raw = decode(data, source)
    if not raw or raw.isspace():  # no stripped copy of a large text
        raise ReadError("empty file (only white space)", source)
    return READERS[sniff(raw)](raw, source, digest)


def read(source: "str | Path | bytes", *, ocr: str | None = None,
         progress: Callable[[int, int], None] | None = None) -> Document:
    """Read a path, raw bytes, or a filing's text (a ``str`` containing a line break or markup)."""
    if isinstance(source, bytes):
        return read_bytes(source, ocr=ocr, progress=progress)
    if isinstance(source, str) and ("\n" in source or "<" in source) :
        return read_bytes(source.encode("utf-8"), "<text>")
    path = Path(source)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError("is a directory, not a filing", str(path)) from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc), str(path)) from None
    return read_bytes(data, str(path), ocr=ocr, progress=progress)
