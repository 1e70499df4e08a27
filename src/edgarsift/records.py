"""The record envelope every extraction returns (see ../shared/SCHEMA.md), its findings and provenance."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
PACKAGE_VERSION = "0.1.0"


def _extractor_version() -> str:
    """The package version plus a digest of the code that reads filings.

    Stores skip files already extracted by the same extractor version; deriving it from the code itself means
    any change to reading, classifying or extracting re-extracts on the next ingest, with no version to
    remember to bump.
    """
    root = Path(__file__).parent
    digest = hashlib.sha256()
    files = [root / "pipeline.py"] + [p for sub in ("read", "text", "classify", "forms", "check")
                                      for suffix in ("*.py", "*.c")  # the compiled loops read filings too
                                      for p in sorted((root / sub).rglob(suffix))]
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{PACKAGE_VERSION}+{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION = _extractor_version()

Severity = Literal["ok", "warning", "error"]
Span = tuple[int, int]


class FormData(BaseModel):
    """Base of every family's ``data`` model. Values the text does not give are None, never invented."""

    model_config = ConfigDict(extra="forbid")


class Finding(BaseModel):
    check: str = Field(description='Dotted name of the check, family first: "sc13.percent_vs_basis".')
    severity: Severity = Field(description="ok: the check passed; warning: a doubt a reviewer should look at; "
                                           "error: the figures contradict each other.")
    message: str = Field(description="What was checked and found, in words, with the numbers as printed.")
    values: dict[str, Any] = Field(default_factory=dict, description="The numbers the check compared, by name.")
    path: str | None = Field(None, description="The data path the finding is about (data.reporting_persons[0]), "
                                               "when there is one.")


class Source(BaseModel):
    path: str = Field(description="The file as given to the extractor (an archive member as archive/member).")
    sha256: str = Field(description="SHA-256 of the file's bytes: the filing's identity in a store.")
    format: str = Field(description="How the text was read: ocr-text, edgar-sgml, html, xml, pdf or text.")


D = TypeVar("D", bound=FormData)


class Record(BaseModel, Generic[D]):
    schema_version: int = Field(SCHEMA_VERSION, description="Version of this record layout (SCHEMA.md).")
    source: Source = Field(description="The file the record was read from.")
    form_type: str = Field(description="EDGAR's spelling of the form as filed (SC 13D/A, D, X-17A-5, 10-K), the "
                                       "EDGAR header's submission type when there is one; UNKNOWN when no form "
                                       "could be told (then nothing was recognised).")
    amendment_number: int | None = Field(None, description="Amendment No. N as printed; null for an original or "
                                                           "an amendment without a number.")
    data: D | None = Field(None, description="The form's fields (its family's model); null for forms edgarsift "
                                             "does not extract.")
    provenance: dict[str, Span] = Field(default_factory=dict, description=(
        "For each value read from the text, its data path (data.issuer_cusip) and the [start, end) character "
        "offsets into the decoded document text (GET /api/filings/ID/source)."))
    # PDF filings: for each provenance path, the page (1-based) and box [x0, y0, x1, y1] in points from the
    # page's top-left corner that the value was read from (a text layer's characters or OCR's word boxes)
    provenance_boxes: dict[str, tuple[int, float, float, float, float]] = Field(default_factory=dict, description=(
        "PDF filings: for each provenance path, [page (1-based), x0, y0, x1, y1] in points from the page's "
        "top-left corner where the value was read."))
    findings: list[Finding] = Field(default_factory=list, description="The arithmetic and consistency checks run "
                                                                      "on the data, passed ones included (ok).")
    family: str | None = Field(None, description="schedule13, form_d or x17a5; null for other forms.")
    header: dict[str, Any] | None = Field(None, description=(
        "Facts of the EDGAR header (accession_number, submission_type, filed_as_of: the date EDGAR accepted the "
        "filing, subject_company, filed_by), when the file has one."))
    extractor_version: str = Field(EXTRACTOR_VERSION, description="Package version + digest of the extracting "
                                                                  "code; a store re-extracts when it changes.")

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=False)

    @property
    def worst_severity(self) -> Severity:
        sev = {f.severity for f in self.findings}
        return "error" if "error" in sev else "warning" if "warning" in sev else "ok"


class Provenance(dict):
    """``data.path`` → source ``[start, end)``; filled by extractors as they read values."""

    def add(self, path: str, span: Span | None) -> None:
        if span is not None and span[1] >= span[0]:
            self[path] = (int(span[0]), int(span[1]))

    def prefixed(self, prefix: str) -> "Provenance":
        return Provenance({f"{prefix}{k}": v for k, v in self.items()})
