"""Middle initials a scan's own text layer lost, and words of a title it cut in two.

Many X-17A-5 reports are scans that carry their filer's OCR as an invisible text layer. That layer often drops a
middle initial and leaves a gap in its place ("Walter        Bettinger II" where the page prints "Walter W.
Bettinger II"). A person's name read from such a gap is read again off the page image, and the initial is taken
only when OCR reads the two words on each side of the gap as the text layer does, with one capital and its period
between them. Anything else (OCR unavailable or not allowed, no gap, another reading) leaves the name as the text
layer gives it: nothing is guessed. The reading is reported as a remark (a ``read.note`` finding).

A signature stroke across a typed title leaves the same kind of gap inside a word ("Chief Fin    ncial Officer");
that line is read again the same way, and the word taken whole where OCR reads the rest of the line as the layer
does (``restore_split_word``); the title reader then judges the line as it judges any other.
"""
from __future__ import annotations

import re

from ...read import Document
from .facing import Value

# a gap in a line of the layout text wider than a word space: where the text layer's words stand apart
_WIDE_GAP = re.compile(r" {3,}")


def _words_with_one_gap(doc: Document, value: Value) -> tuple[list[tuple[int, int]], int] | None:
    """The source span of each word of ``value`` (found in order in ``doc``'s text at ``value.span``) and which two
    stand apart by a wide gap (k: between words k and k + 1), where exactly one does and the page image can be
    read (a PDF read with OCR allowed); else None."""
    words = value.text.split()
    if doc.pdf_data is None or len(words) < 2:
        return None
    spans: list[tuple[int, int]] = []
    pos, end = value.span
    for word in words:
        at = doc.raw.find(word, pos, end)
        if at < 0:
            return None
        spans.append((at, at + len(word)))
        pos = at + len(word)
    gaps = [k for k in range(len(words) - 1) if _WIDE_GAP.fullmatch(doc.raw, spans[k][1], spans[k + 1][0])]
    return (spans, gaps[0]) if len(gaps) == 1 else None


def restore_initial(doc: Document, name: Value, what: str) -> Value:
    """``name`` (read from ``doc``'s text at ``name.span``) with the middle initial the page image prints in the one
    wide gap between two of its words, if OCR reads exactly that; else ``name`` itself. ``what``: the field, for
    the remark ("oath signer's name")."""
    words = name.text.split()
    found = _words_with_one_gap(doc, name)
    if found is None:
        return name
    spans, k = found
    read = doc.ocr_line((spans[0][0], spans[-1][1]))
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


def restore_split_word(doc: Document, value: Value, what: str) -> Value | None:
    """``value`` (read from ``doc``'s text at ``value.span``) with the one word a stroke across the page cut in two
    (a signature over a typed title: "Chief Fin    ncial Officer") read whole off the page image, if OCR reads the
    line as the layer does but for one or two lower-case letters that join the two pieces ("Financial"); else
    None. Tried only where the piece after the gap goes on a word (it starts in lower case)."""
    words = value.text.split()
    found = _words_with_one_gap(doc, value)
    if found is None:
        return None
    spans, k = found
    if not (words[k].isalpha() and words[k + 1].isalpha() and words[k + 1][0].islower()):
        return None
    read = doc.ocr_line((spans[0][0], spans[-1][1]))
    if read is None:
        return None
    page, ocr = read
    joined = rf"(?i:{re.escape(words[k])})(?P<fill>[a-z]{{1,2}})(?i:{re.escape(words[k + 1])})"
    pattern = r"\s+".join([*(rf"(?i:{re.escape(w)})" for w in words[:k]), joined,
                           *(rf"(?i:{re.escape(w)})" for w in words[k + 2:])])
    m = re.search(rf"(?<!\w){pattern}(?!\w)", ocr)
    if m is None:
        return None
    whole = words[k] + m.group("fill") + words[k + 1]
    restored = " ".join([*words[:k], whole, *words[k + 2:]])
    doc.notes.append(f"PDF page {page}: the text layer leaves a gap inside a word of the {what} {value.text!r}; "
                     f"OCR of the page image reads {whole!r} there: {restored!r}")
    return Value(restored, value.span, restored)  # (its cells, if asked for, are the words read whole)
