"""Middle initials a scan's own text layer lost.

Many X-17A-5 reports are scans that carry their filer's OCR as an invisible text layer. That layer often drops a
middle initial and leaves a gap in its place ("Walter        Bettinger II" where the page prints "Walter W.
Bettinger II"). A person's name read from such a gap is read again off the page image, and the initial is taken
only when OCR reads the two words on each side of the gap as the text layer does, with one capital and its period
between them. Anything else (OCR unavailable or not allowed, no gap, another reading) leaves the name as the text
layer gives it: nothing is guessed. The reading is reported as a remark (a ``read.note`` finding).
"""
from __future__ import annotations

import re

from ...read import Document
from .facing import Value

# a gap in a line of the layout text wider than a word space: where the text layer's words stand apart
_WIDE_GAP = re.compile(r" {3,}")


def restore_initial(doc: Document, name: Value, what: str) -> Value:
    """``name`` (read from ``doc``'s text at ``name.span``) with the middle initial the page image prints in the one
    wide gap between two of its words, if OCR reads exactly that; else ``name`` itself. ``what``: the field, for
    the remark ("oath signer's name")."""
    words = name.text.split()
    if doc.pdf_data is None or len(words) < 2:
        return name
    found: list[tuple[int, int]] = []  # each word's source span, in order
    pos, end = name.span
    for word in words:
        at = doc.raw.find(word, pos, end)
        if at < 0:
            return name
        found.append((at, at + len(word)))
        pos = at + len(word)
    gaps = [k for k in range(len(words) - 1) if _WIDE_GAP.fullmatch(doc.raw, found[k][1], found[k + 1][0])]
    if len(gaps) != 1:
        return name
    k = gaps[0]
    read = doc.ocr_line((found[0][0], found[-1][1]))
    if read is None:
        return name
    page, ocr = read
    m = re.search(rf"(?i:{re.escape(words[k])})\s*(?P<initial>[A-Z])\s*\.\s*(?i:{re.escape(words[k + 1])})(?!\w)",
                  ocr)
    if m is None:
        return name
    initial = m.group("initial") + "."
    restored = " ".join([*words[:k + 1], initial, *words[k + 1:]])
    doc.notes.append(f"PDF page {page}: the text layer leaves a gap in the {what} {name.text!r}; OCR of the page "
                     f"image reads {initial} there: {restored!r}")
    return Value(restored, name.span, name.printed)
