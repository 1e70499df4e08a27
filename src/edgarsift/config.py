"""Settings: one (name, default, help) table, and the only place environment variables are read."""
from __future__ import annotations

import os
from dataclasses import dataclass

SETTINGS: list[tuple[str, int | str, str]] = [
    ("max_filing_bytes", 32 * 1024 * 1024, "Largest filing read; bigger files are refused with a clear error."),
    ("db", "edgarsift.duckdb", "Default store: a DuckDB file path or a postgresql:// URL."),
    ("workers", max(1, (os.cpu_count() or 1)), "Processes used by batch ingest."),
    ("extract_timeout_s", 60, "Longest one filing's extraction may take (extract, ingest, the API) before it fails."),
    ("max_filing_memory_mb", 4096, "Memory one filing's extraction may add (extract, ingest, the API) before it "
                                   "fails; 0: none."),
    ("max_upload_bytes", 50 * 1024 * 1024, "Largest upload the REST API accepts."),
    ("ocr", "auto", "OCR of PDF pages: auto (pages without a text layer), never, or always (every page)."),
    ("ocr_workers", max(1, (os.cpu_count() or 1)), "Pages of one PDF OCRed at once (one Tesseract process each)."),
]


@dataclass(frozen=True)
class Settings:
    max_filing_bytes: int
    db: str
    workers: int
    extract_timeout_s: int
    max_filing_memory_mb: int
    max_upload_bytes: int
    ocr: str
    ocr_workers: int


_DEFAULTS = {name: default for name, default, _help in SETTINGS}


def setting(name: str):
    """One setting: its ``EDGARSIFT_<NAME>`` environment variable (read at every call), else its default."""
    default = _DEFAULTS[name]
    env = os.environ.get(f"EDGARSIFT_{name.upper()}")
    return type(default)(env) if env is not None else default


def load_settings() -> Settings:
    """Defaults from :data:`SETTINGS`, overridden by ``EDGARSIFT_<NAME>`` environment variables."""
    return Settings(**{name: setting(name) for name in _DEFAULTS})
