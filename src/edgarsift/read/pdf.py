"""PDF input: the text layer, page by page, with page starts kept for provenance."""
from __future__ import annotations

from ..errors import ReadError

PAGE_BREAK = "\f"


def pdf_text(data: bytes, source: str) -> tuple[str, list[int]]:
    """Text of every page joined by form feeds, and the offset where each page starts.

    A scanned PDF with no text layer yields empty pages: the caller reports that it needs OCR.
    """
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - pypdfium2 is a hard dependency
        raise ReadError("PDF support needs pypdfium2", source) from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises its own PdfiumError for damaged files
        raise ReadError(f"not a readable PDF ({exc})", source) from None
    texts: list[str] = []
    starts: list[int] = []
    pos = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            t = tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            tp.close()
            page.close()
            starts.append(pos)
            texts.append(t)
            pos += len(t) + len(PAGE_BREAK)
    finally:
        pdf.close()
    return PAGE_BREAK.join(texts), starts


def pages_without_text(text: str, starts: list[int]) -> list[int]:
    """1-based numbers of the pages whose text layer is empty (scanned images inside a text PDF)."""
    ends = starts[1:] + [len(text) + len(PAGE_BREAK)]
    return [n for n, (a, b) in enumerate(zip(starts, ends), start=1) if not text[a:b - len(PAGE_BREAK)].strip()]


def page_list(pages: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``"1-3, 7"``."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
