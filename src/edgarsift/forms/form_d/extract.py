"""Form D extraction: pick the reader for what the main document is (XML, EDGAR's HTML page, paper text)."""
from __future__ import annotations

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from .model import FormDData
from .xml import extract_xml


def extract(doc: Document, info: FormInfo) -> tuple[FormDData, Provenance]:
    part = doc.main
    if part.kind == "xml":
        return extract_xml(doc.xml(part))
    view = doc.view(part)
    if part.kind == "html":
        from .html import extract_html, is_rendered_form_d

        if is_rendered_form_d(view):
            return extract_html(view)
    from .paper import extract_paper

    return extract_paper(view)
