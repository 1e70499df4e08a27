"""The Document: what every reader produces and every extractor reads."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..text.clean import clean_text
from ..text.view import TextView

if TYPE_CHECKING:
    from .html import HtmlRender
    from .xml import XmlIndex

# head(): the cleanup steps that read a text's start may change it within a few characters of where it stops
_HEAD_MARGIN = 64
_INPUT_TAG = re.compile(r"<input\b", re.I)  # the one cleanup step that may reach across lines
# head(): a text no longer than this many times the start it needs is cleaned whole. Its start would be a third of it
# or more, and cleaned again with the rest where an extractor reads it (most short texts are 13D/G covers): a
# markdown export cleans at a few hundred ns a character, and a 9 KB one paid 0.7 ms twice
_WHOLE_TEXT_TIMES = 4


def _longer_start(taken: int, cleaned: int, need: int) -> int:
    """How much of a text's source to clean next when ``taken`` characters cleaned to ``cleaned`` < ``need``: as
    much as this start's share says the rest takes, a tenth more (a markdown table's cleaned text is some 83% of
    its source: doubling cleaned twice the source needed, at ~0.4 us a character); at least 1024 characters
    more, at most twice as much."""
    return min(2 * taken, max(taken + 1024, int(taken * 1.1 * need / max(1, cleaned))))


Kind = Literal["text", "html", "xml", "pdf"]
Format = Literal["ocr-text", "edgar-sgml", "html", "xml", "pdf", "text"]


@dataclass(frozen=True)
class Company:
    name: str | None = None
    cik: str | None = None


@dataclass(frozen=True)
class Header:
    """Facts from an EDGAR submission's SGML header."""

    accession_number: str | None = None
    submission_type: str | None = None
    filed_as_of: str | None = None  # ISO date
    period_of_report: str | None = None
    subject_company: Company | None = None
    filed_by: Company | None = None
    filers: tuple[Company, ...] = ()
    group_members: tuple[str, ...] = ()
    document_count: int | None = None


@dataclass
class Part:
    """One ``<DOCUMENT>`` of a submission, or the whole file when it is not a submission."""

    kind: Kind
    start: int  # source range of the body
    end: int
    type: str | None = None  # <TYPE>
    sequence: str | None = None
    filename: str | None = None
    description: str | None = None
    truncated: bool = False


@dataclass
class Document:
    source: str  # path, or "<bytes>"/"<text>"
    raw: str  # decoded source: every provenance span indexes this
    format: Format
    sha256: str
    parts: list[Part]
    main_index: int = 0
    header: Header | None = None
    pages: list[int] = field(default_factory=list)  # PDF: source offset where each page starts
    notes: list[str] = field(default_factory=list)  # reader remarks that become findings
    # PDF: (start, end, (page, x0, y0, x1, y1)) of every word, in text order; boxes in points from the top left
    boxes: list[tuple[int, int, tuple[int, float, float, float, float]]] = field(default_factory=list, repr=False)
    page_sizes: list[tuple[float, float]] = field(default_factory=list)  # PDF: width, height of each page
    ocr_pages: list[int] = field(default_factory=list)  # PDF: 1-based pages whose text came from OCR
    # PDF: its bytes, kept where OCR is allowed, so an extractor can have a line the text layer damaged read off the
    # page image (ocr_line)
    pdf_data: bytes | None = field(default=None, repr=False)
    _views: dict[int, TextView] = field(default_factory=dict, repr=False)
    _xml: dict[int, "XmlIndex"] = field(default_factory=dict, repr=False)
    _renders: dict[int, "HtmlRender"] = field(default_factory=dict, repr=False)  # HTML views begun by head()
    _head: str = field(default="", repr=False)  # the start of the main view's text, as head() found it

    @property
    def main(self) -> Part:
        return self.parts[self.main_index]

    @property
    def exhibits(self) -> list[Part]:
        return [p for i, p in enumerate(self.parts) if i != self.main_index]

    def view(self, part: Part | None = None) -> TextView:
        """The cleaned text view of a part (the main document by default); built once, then cached."""
        part = part or self.main
        key = id(part)
        if key not in self._views:
            from .html import HtmlRender  # local: html imports view only; keeps import order simple

            if part.kind == "html":
                render = self._renders.pop(key, None) or HtmlRender(self.raw, part.start, part.end)
                render.run()
                v = render.view()
                del render
            else:
                v = TextView.of(self.raw, part.start, part.end)
            self._views[key] = clean_text(v)
        return self._views[key]

    def head(self, chars: int) -> str:
        """The first ``chars`` characters of the main view's text (all of it when shorter), read from as little of
        the source as gives them exactly: the form's cover is at the start, and a filing no extractor reads need
        not be rendered whole.

        The start of the source ending at a line break (HTML: before a tag that breaks the line) renders to the
        start of the view, followed there by a line break; the cleanup steps each act within a line (a bracketed
        checkbox, a CR LF line end: within a character of its end), so the cleaned text agrees with the whole
        view's up to a few characters before that break. The one step that reaches across lines, ``<input ...>``
        in text, sends the reader to the whole view."""
        part = self.main
        key = id(part)
        if key in self._views or part.kind not in ("html", "text"):
            return self.view().text[:chars]
        if len(self._head) >= chars:
            return self._head[:chars]
        text = self._read_head(chars)
        if text is None:
            return self.view().text[:chars]
        self._head = text
        return text[:chars]

    def _read_head(self, chars: int) -> str | None:
        """The start of the main view's text, ``chars`` characters or more, from the start of the source (None when
        it takes the whole view)."""
        part = self.main
        key = id(part)
        from .html import HtmlRender

        need = chars + _HEAD_MARGIN
        if part.kind == "text":  # the cleanup shortens a text by little: its first lines
            if part.end - part.start <= _WHOLE_TEXT_TIMES * need:
                return None
            cut = part.start + need + 1024
            while (cut := self.raw.find("\n", cut, part.end)) >= 0:
                start = TextView.of(self.raw, part.start, cut)
                if _INPUT_TAG.search(start.text):
                    break
                text = clean_text(start).text
                if len(text) >= need:
                    return text[:len(text) - _HEAD_MARGIN]
                cut = part.start + _longer_start(cut - part.start, len(text), need)
            return None
        # HTML: rendered on until its text is long enough (text is often a tenth of the markup), then cleaned
        render = self._renders.get(key)
        if render is None:
            render = self._renders[key] = HtmlRender(self.raw, part.start, part.end)
        stop = part.start + 4 * need
        while not render.run(stop):
            rendered = render.length()
            if rendered >= need:  # (else the cleaned text, no longer but by checkbox glyphs, is too short too)
                start = render.view()
                if _INPUT_TAG.search(start.text):
                    break
                text = clean_text(start).text
                if len(text) >= need:
                    return text[:len(text) - _HEAD_MARGIN]
            # on as far as this much text says the rest takes, a quarter more; from once to four times as far again
            # (hidden markup, an inline XBRL header, may open the document: its share says little about the rest)
            ahead = min(4.0, max(1.0, 1.25 * (need / max(1, rendered) - 1)))
            stop = render.pos + int((render.pos - part.start) * ahead)
        return None

    def xml(self, part: Part | None = None) -> "XmlIndex":
        """The XML leaves of a part (the main document by default); built once, then cached."""
        from .xml import xml_index

        part = part or self.main
        key = -1 - id(part)
        if key not in self._xml:
            self._xml[key] = xml_index(self.raw, part.start, part.end, self.source)
        return self._xml[key]

    @property
    def text(self) -> str:
        return self.view().text

    def page_of(self, offset: int) -> int | None:
        """1-based PDF page holding a source offset."""
        if not self.pages:
            return None
        import bisect

        return bisect.bisect_right(self.pages, offset)

    def ocr_line(self, span: tuple[int, int]) -> tuple[int, str] | None:
        """The page and what OCR reads on the page image around the words of a source span (one line), where the
        span's text came from a PDF's own text layer and OCR is allowed; None elsewhere, or when nothing is read."""
        if self.pdf_data is None:
            return None
        box = self.box_of(span)
        if box is None or box[0] in self.ocr_pages:  # (a page OCR read already: its image has nothing more to say)
            return None
        from .ocr import ocr_line

        read = ocr_line(self.pdf_data, box[0], box[1:])
        return (box[0], read) if read else None

    def box_of(self, span: tuple[int, int]) -> tuple[int, float, float, float, float] | None:
        """The page and the box around the words a source span touches (PDF only; None elsewhere).

        A span crossing a page break is given on its first page."""
        if not self.boxes:
            return None
        import bisect

        i = bisect.bisect_right(self.boxes, (span[0], float("inf")))  # first word ending after the start
        i = max(0, i - 1)
        hit: list[tuple[int, float, float, float, float]] = []
        for start, end, box in self.boxes[i:]:
            if start >= max(span[1], span[0] + 1):
                break
            if end > span[0] and (not hit or box[0] == hit[0][0]):
                hit.append(box)
        if not hit:
            return None
        return (hit[0][0], min(b[1] for b in hit), min(b[2] for b in hit), max(b[3] for b in hit),
                max(b[4] for b in hit))
