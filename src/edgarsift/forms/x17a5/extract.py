"""x17a5 extraction (placeholder until the family's issue lands: returns an empty record)."""
from __future__ import annotations

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from .model import X17A5Data


def extract(doc: Document, info: FormInfo) -> tuple[X17A5Data, Provenance]:
    return X17A5Data(), Provenance()
