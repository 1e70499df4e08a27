"""schedule13 extraction (placeholder until the family's issue lands: returns an empty record)."""
from __future__ import annotations

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from .model import Schedule13Data


def extract(doc: Document, info: FormInfo) -> tuple[Schedule13Data, Provenance]:
    return Schedule13Data(), Provenance()
