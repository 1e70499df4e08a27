"""PDF input: a layout text per page, from the text layer's character positions or from local OCR.

The text layer is read character by character with its boxes and laid out by position (:mod:`.layout`),
not in content-stream order. Pages without a text layer (scans) are OCRed when the OCR mode allows it
(:mod:`.ocr`). Pages are joined by form feeds; every word keeps its page and box, so a provenance span can be
shown on the page image. A page that fails to load, render or OCR becomes a note naming it; the rest goes on.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Callable

from ..config import setting
from ..errors import ReadError
from .layout import Word, layout_page, words_from_chars
from .ocr import OCR_MODES, OcrUnavailable, ocr_pages

PAGE_BREAK = "\f"
OFF_PAGE = 36.0  # points beyond the page edge still taken as printed (bleed); farther out is not on the page
MIN_LAYER_CHARS = 8  # fewer printable characters than this: a scan (a stray stamp or page number is no text layer)

# (page number, x0, y0, x1, y1) of a word, in PDF points from the page's top-left corner
PageBox = tuple[int, float, float, float, float]


@dataclass
class PdfText:
    text: str
    starts: list[int]  # offset where each page starts
    boxes: list[tuple[int, int, PageBox]] = field(default_factory=list)  # (start, end, box) per word, in order
    sizes: list[tuple[float, float]] = field(default_factory=list)  # page width, height (points)
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages whose text came from OCR
    notes: list[str] = field(default_factory=list)


def _transform(rotation: int, width: float, height: float) -> Callable[[float, float], tuple[float, float]]:
    """PDF user space (origin bottom-left) → the displayed page (origin top-left), for a page's /Rotate."""
    if rotation == 90:
        return lambda x, y: (y, x)
    if rotation == 180:
        return lambda x, y: (width - x, y)
    if rotation == 270:
        return lambda x, y: (height - y, width - x)
    return lambda x, y: (x, height - y)


def _layer_words(page, textpage) -> list[Word]:
    """The text layer's characters with their boxes, grouped into words."""
    import pypdfium2.raw as c

    width, height = page.get_size()
    rotation = page.get_rotation()
    to_display = _transform(rotation, width, height)
    page_w, page_h = (height, width) if rotation in (90, 270) else (width, height)
    raw = textpage.raw
    rect = c.FS_RECTF()
    chars: list[tuple[str, float, float, float, float]] = []
    for i in range(c.FPDFText_CountChars(raw)):
        code = c.FPDFText_GetUnicode(raw, i)
        ch = chr(code) if 0 < code < 0x110000 else " "
        if ch.isspace() or not c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect)):
            chars.append((" ", 0, 0, 0, 0))
            continue
        xa, ya = to_display(rect.left, rect.top)
        xb, yb = to_display(rect.right, rect.bottom)
        x0, y0, x1, y1 = min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)
        if x1 < -OFF_PAGE or y1 < -OFF_PAGE or x0 > page_w + OFF_PAGE or y0 > page_h + OFF_PAGE:
            chars.append((" ", 0, 0, 0, 0))  # off the page: not printed (and a damaged file can put it miles away)
            continue
        chars.append((ch, x0, y0, x1, y1))
    return words_from_chars(chars)


def _printable(words: list[Word]) -> int:
    return sum(len(w.text) for w in words)


def pdf_text(data: bytes, source: str, ocr: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> PdfText:
    """Layout text of every page. ``ocr``: ``auto`` (OCR pages without a text layer), ``never`` or ``always``;
    None reads the ``ocr`` setting. ``progress(done, total)`` is told about each OCRed page."""
    mode = ocr or setting("ocr")
    if mode not in OCR_MODES:
        raise ReadError(f"unknown OCR mode {mode!r} (choose from {', '.join(OCR_MODES)})", source)
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises its own PdfiumError for damaged files
        raise ReadError(f"not a readable PDF ({exc})", source) from None
    page_words: list[list[Word] | None] = []
    sizes: list[tuple[float, float]] = []
    notes: list[str] = []
    try:
        count = len(pdf)
        for i in range(count):
            try:
                page = pdf[i]
                tp = page.get_textpage()
                try:
                    words = _layer_words(page, tp)
                    w, h = page.get_size()
                    sizes.append((h, w) if page.get_rotation() in (90, 270) else (w, h))
                finally:
                    tp.close()
                    page.close()
                page_words.append(words)
            except Exception as exc:  # one damaged page: noted, the other pages are still read
                notes.append(f"PDF page {i + 1} could not be read ({type(exc).__name__}: {exc})")
                page_words.append(None)
                sizes.append((0.0, 0.0))
    finally:
        pdf.close()
    scans = [i for i, w in enumerate(page_words) if w is not None and _printable(w) < MIN_LAYER_CHARS]
    to_ocr = list(range(count)) if mode == "always" else scans if mode == "auto" else []
    ocred: list[int] = []
    if to_ocr:
        try:
            results = ocr_pages(data, to_ocr, setting("ocr_workers"), progress)
        except OcrUnavailable as exc:
            notes.append(f"PDF page(s) {page_list([i + 1 for i in to_ocr])} need OCR, but {exc}")
            results = {}
        for i, res in sorted(results.items()):
            if res.error:
                notes.append(f"PDF page {i + 1}: OCR failed ({res.error})")
                continue
            page_words[i] = res.words
            ocred.append(i + 1)
    blank = [n for n in ocred if not page_words[n - 1]]
    if blank:
        notes.append(f"PDF page(s) {page_list(blank)} of {count}: OCR found no text (a blank or unreadable scan)")
    ocred = [n for n in ocred if page_words[n - 1]]
    missing = [i + 1 for i in scans if i + 1 not in ocred and i + 1 not in blank]
    if missing and mode == "never":
        notes.append(f"PDF page(s) {page_list(missing)} of {count} have no text layer "
                     "(OCR is off: --ocr auto reads them)")
    elif missing and len(missing) == count and not notes:
        notes.append("PDF has no text layer: it needs OCR before fields can be read")
    elif ocred:
        notes.append(f"PDF page(s) {page_list(ocred)} of {count} were read by OCR: check their values "
                     "against the page images")
    return _join(page_words, sizes, ocred, notes)


def _join(page_words: list[list[Word] | None], sizes: list[tuple[float, float]], ocred: list[int],
          notes: list[str]) -> PdfText:
    texts: list[str] = []
    starts: list[int] = []
    boxes: list[tuple[int, int, PageBox]] = []
    pos = 0
    for n, words in enumerate(page_words, start=1):
        text, word_boxes = layout_page(words or [])
        starts.append(pos)
        boxes.extend((pos + b.start, pos + b.end, (n, b.x0, b.y0, b.x1, b.y1)) for b in word_boxes)
        texts.append(text)
        pos += len(text) + len(PAGE_BREAK)
    return PdfText(PAGE_BREAK.join(texts), starts, boxes, sizes, ocred, notes)


def page_list(pages: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``"1-3, 7"``."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
