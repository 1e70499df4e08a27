"""What a form family provides: its data model, its extractor and its checks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..classify import FormInfo
from ..read import Document
from ..records import Finding, FormData, Provenance


@dataclass(frozen=True)
class Family:
    name: str
    model: type[FormData]
    extract: Callable[[Document, FormInfo], tuple[FormData, Provenance]]
    checks: Callable[[FormData], list[Finding]]
