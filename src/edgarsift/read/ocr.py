"""Local, offline OCR of scanned PDF pages: Tesseract (Debian's tesseract-ocr) through pytesseract.

A page is rendered with pypdfium2, Tesseract returns word boxes with its own line grouping, and
:mod:`.layout` rebuilds rows and columns from them, so the OCR-tolerant extractors read the result like the
OCR text they were built on. Tesseract runs as a child process per page, so pages are OCRed in parallel by
threads (each process single-threaded: OMP_THREAD_LIMIT=1 keeps two pages from fighting over two cores).
"""
from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

from .layout import Word

OCR_DPI = 300  # Tesseract's accuracy on 8-10 pt print drops sharply below about 300 dpi
OCR_MODES = ("auto", "never", "always")
EDGE = 0.025  # share of the page width at each side where short words are scan debris
MIN_CONFIDENCE = 0  # Tesseract's -1 marks layout rows, not words
_PDFIUM = threading.Lock()  # pdfium is not thread-safe, even across documents: renders take turns


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed: the reader notes it and goes on without OCR."""


@dataclass
class OcrPage:
    words: list[Word]
    width: float  # page size in the words' units (PDF points)
    height: float
    error: str | None = None  # why the page could not be OCRed


def set_ocr_mode(mode: str) -> None:
    """Make ``mode`` this process's ``ocr`` setting; pool workers started afterwards inherit it."""
    if mode not in OCR_MODES:
        raise ValueError(f"OCR mode must be one of {', '.join(OCR_MODES)}, not {mode!r}")
    os.environ["EDGARSIFT_OCR"] = mode


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_image(image, scale: float) -> list[Word]:
    """Word boxes of one page image, in PDF points (``scale`` = points per pixel), grouped by OCR line."""
    import pytesseract

    # psm 6: one uniform block. Tesseract's automatic segmentation (psm 3) cuts a statement's label column from
    # its amount column and orders them as separate blocks; psm 6 keeps a printed row on one OCR line.
    data = pytesseract.image_to_data(image, lang="eng", config="--psm 6", output_type=pytesseract.Output.DICT)
    words: list[Word] = []
    groups: dict[tuple[int, int, int], int] = {}
    width = image.size[0]
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or float(data["conf"][i]) < MIN_CONFIDENCE or _scan_debris(text, data["left"][i],
                                                                               data["width"][i], width):
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        group = groups.setdefault(key, len(groups))
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text, x * scale, y * scale, (x + w) * scale, (y + h) * scale, group))
    return words


def _scan_debris(text: str, left: int, width: int, page_width: int) -> bool:
    """Marks of the scan, not of the print: the page edge and punch holes read as "|", "i", "=" in the
    outermost strip of the page, and vertical rules read as a lone "|"."""
    in_edge = left + width < EDGE * page_width or left > (1 - EDGE) * page_width
    return (in_edge and len(text) <= 3) or text.strip("|") == ""


def ocr_pdf_page(data: bytes, index: int) -> OcrPage:
    """OCR page ``index`` (0-based) of a PDF given as bytes. Never raises: a failure is the page's ``error``.

    Takes the bytes, not an open document, so it can run in a thread or another process (pdfium handles are
    neither thread-safe nor picklable)."""
    import pypdfium2 as pdfium

    try:
        with _PDFIUM:
            pdf = pdfium.PdfDocument(data)
            try:
                page = pdf[index]
                width, height = page.get_size()
                image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
                page.close()
            finally:
                pdf.close()
        return OcrPage(ocr_image(image, 72 / OCR_DPI), width, height)
    except MemoryError:
        raise  # the filing's memory limit: the whole filing fails with that reason, not one page
    except Exception as exc:  # pdfium, Pillow or Tesseract: the page is reported, the rest goes on
        return OcrPage([], 0.0, 0.0, error=f"{type(exc).__name__}: {exc}".strip())


def ocr_line(data: bytes, page: int, box: tuple[float, float, float, float]) -> str | None:
    """What Tesseract reads in one printed line's ``box`` (points from the top left of 1-based ``page``) of a PDF
    given as bytes, or None (no Tesseract, a page that cannot be rendered). For a few words a scan's own text
    layer may have lost (a middle initial), not for reading pages: the box is widened by a line's height each way
    so the words beside it are read too, and read as one line (psm 7)."""
    if not tesseract_available():
        return None
    import pypdfium2 as pdfium
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    x0, y0, x1, y1 = box
    height = y1 - y0
    x0, y0, x1, y1 = x0 - height, y0 - 0.4 * height, x1 + height, y1 + 0.4 * height
    try:
        with _PDFIUM:
            pdf = pdfium.PdfDocument(data)
            try:
                at = pdf[page - 1]
                width, tall = at.get_size()
                if at.get_rotation() in (90, 270):
                    width, tall = tall, width
                # only the strip of the line is rendered (a whole page at 300 dpi cost five times as much); the
                # crop is cut from the page as displayed, where the box is measured
                crop = (max(0.0, x0), max(0.0, tall - y1), max(0.0, width - x1), max(0.0, y0))
                image = at.render(scale=OCR_DPI / 72, crop=crop, grayscale=True).to_pil()
                at.close()
            finally:
                pdf.close()
        return pytesseract.image_to_string(image, lang="eng", config="--psm 7").strip() or None
    except MemoryError:
        raise
    except Exception:  # pdfium, Pillow or Tesseract: nothing read, the text layer's words stand
        return None


def ocr_pages(data: bytes, indexes: list[int], workers: int, progress=None) -> dict[int, OcrPage]:
    """OCR several pages of one PDF, ``workers`` at a time. ``progress(done, total)`` is called per page."""
    if not tesseract_available():
        raise OcrUnavailable("Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-eng)")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    results: dict[int, OcrPage] = {}
    if workers <= 1 or len(indexes) <= 1:
        for n, i in enumerate(indexes, 1):
            results[i] = ocr_pdf_page(data, i)
            if progress:
                progress(n, len(indexes))
        return results
    from concurrent.futures import ThreadPoolExecutor, as_completed

    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        futures = {pool.submit(ocr_pdf_page, data, i): i for i in indexes}
        for n, fut in enumerate(as_completed(futures), 1):
            results[futures[fut]] = fut.result()
            if progress:
                progress(n, len(indexes))
    except BaseException:  # the filing's time or memory limit: pages not yet started are not OCRed
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results
