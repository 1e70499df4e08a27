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
                                      for p in sorted((root / sub).rglob("*.py"))]
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
    check: str  # dotted name, family first: "sc13.percent_vs_basis"
    severity: Severity
    message: str
    values: dict[str, Any] = Field(default_factory=dict)  # the numbers involved
    path: str | None = None  # the data path the finding is about, when there is one


class Source(BaseModel):
    path: str
    sha256: str
    format: str


D = TypeVar("D", bound=FormData)


class Record(BaseModel, Generic[D]):
    schema_version: int = SCHEMA_VERSION
    source: Source
    form_type: str
    amendment_number: int | None = None
    data: D | None = None
    provenance: dict[str, Span] = Field(default_factory=dict)
    # PDF filings: for each provenance path, the page (1-based) and box [x0, y0, x1, y1] in points from the
    # page's top-left corner that the value was read from (a text layer's characters or OCR's word boxes)
    provenance_boxes: dict[str, tuple[int, float, float, float, float]] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    family: str | None = None  # "schedule13", "form_d", "x17a5" or None for other forms
    header: dict[str, Any] | None = None  # EDGAR header facts, when the filing had one
    extractor_version: str = EXTRACTOR_VERSION

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
