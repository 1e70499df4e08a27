"""One filing, top to bottom: read → classify → extract → check → Record.

``process_one`` is pure and picklable, so the batch layer can map it over a process pool or Dask.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable

from .classify import FormInfo, classify, declared_form_type
from .errors import EdgarsiftError, ExtractError
from .forms.registry import family_of
from .read import Document, read
from .read.document import Company, Header
from .records import Finding, Record, Source

_HEADER_FIELDS = tuple(f.name for f in dataclasses.fields(Header))


def header_facts(doc: Document) -> dict | None:
    """The header as ``dataclasses.asdict`` gives it (companies as dicts, tuples kept), built field by field:
    asdict's generic deep copy cost about 17 µs a filing, a tenth of a small filing's floor."""
    header = doc.header
    return {name: _plain(getattr(header, name)) for name in _HEADER_FIELDS} if header else None


def _plain(value: Any) -> Any:
    if isinstance(value, Company):
        return {"name": value.name, "cik": value.cik}
    if isinstance(value, tuple):
        return tuple([_plain(v) for v in value])
    return value  # str, int or None: asdict's deep copy of them is the value itself


def extract_document(doc: Document) -> Record:
    """Classify and extract a document that has been read."""
    # 1. classify. Where the header declares a form a family extracts from the text, the whole text view is built
    # first: the extractor needs it anyway, and classify then reads the cover's start from it instead of cleaning a
    # start of the text of its own (Document.head), which cost about 3% of a 13D/G in EDGAR SGML
    declared = declared_form_type(doc)
    if declared is not None and doc.main.kind in ("html", "text") and family_of(declared) is not None:
        doc.view()
    info: FormInfo = classify(doc)
    family = family_of(info.form_type)
    record: Record[Any] = Record(  # its data is the family's model, known only at run time
        source=Source(path=doc.source, sha256=doc.sha256, format=doc.format),
        form_type=info.form_type,
        amendment_number=info.amendment_number,
        family=family.name if family else None,
        header=header_facts(doc),
    )
    if family is None:
        record.findings = _note_findings(doc)
        return record
    # 2. extract
    try:
        data, provenance = family.extract(doc, info)
    except EdgarsiftError:
        raise
    except Exception as exc:  # a bug in an extractor must not take the batch down: report it per file
        raise ExtractError(f"{family.name} extractor failed: {type(exc).__name__}: {exc}", doc.source) from exc
    # 3. the reader's remarks (truncated documents, scans without text), and the extractor's about what it read
    # (a word a PDF's text layer lost, read off the page image), become the first findings
    record.findings = _note_findings(doc)
    record.data = data
    record.provenance = dict(provenance)
    if doc.boxes:  # PDF: where on which page each value was read, for the review page
        record.provenance_boxes = {path: box for path, span in provenance.items()
                                   if (box := doc.box_of(span)) is not None}
    try:  # 4. check
        record.findings.extend(family.checks(data))
    except Exception as exc:
        record.findings.append(Finding(check=f"{family.name}.checks", severity="error",
                                       message=f"checks failed: {type(exc).__name__}: {exc}"))
    return record


def _note_findings(doc: Document) -> list[Finding]:
    return [Finding(check="read.note", severity="warning", message=note) for note in doc.notes]


def process_one(source: "str | Path | bytes", *, ocr: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> Record:
    """Read, classify, extract and check one filing. Raises :class:`EdgarsiftError` naming the file.

    ``ocr``: PDF pages to OCR (``auto``, ``never``, ``always``; default the ``ocr`` setting); ``progress(done,
    total)`` hears about each OCRed page."""
    return extract_document(read(source, ocr=ocr, progress=progress))
