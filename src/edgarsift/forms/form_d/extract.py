"""form_d extraction (placeholder until the family's issue lands: returns an empty record)."""
from __future__ import annotations

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from .model import FormDData


def extract(doc: Document, info: FormInfo) -> tuple[FormDData, Provenance]:
    return FormDData(), Provenance()
