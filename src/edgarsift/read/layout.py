"""Layout text from positioned words: rows by vertical position, columns by horizontal position.

Both PDF sources end here: a text layer's characters (grouped into words by :func:`words_from_chars`) and
Tesseract's word boxes. The result reads like ``pdftotext -layout``: one line per printed row, a word placed
near the column its x position gives, so a label and its amount stay on one line, separated by a run of
spaces, and amount columns stay aligned. Reading the raw content-stream order instead runs unrelated lines
together ("New York, NY 10154-0102Barclays Capital Inc.").

Every word keeps its box, and :func:`layout_page` returns where each word landed in the text, so a
provenance span can be turned back into a page and a box.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # box in page units, origin top-left, y growing downwards
    y0: float
    x1: float
    y1: float
    group: int = -1  # words of one OCR line share a group: they are one row whatever their boxes say

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Box:
    """Where a word of the layout text came from: ``[start, end)`` in the page text, and its box."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float


def words_from_chars(chars: list[tuple[str, float, float, float, float]]) -> list[Word]:
    """Characters (text, x0, y0, x1, y1) in content order → words.

    A character starts a new word after white space, when it is not on the previous one's line, or when the
    horizontal gap is wider than a fraction of the character height (text layers often carry no spaces)."""
    words: list[Word] = []
    buf: list[str] = []
    bx0 = by0 = bx1 = by1 = 0.0

    def flush() -> None:
        if buf:
            words.append(Word("".join(buf), bx0, by0, bx1, by1))
            buf.clear()

    for ch, x0, y0, x1, y1 in chars:
        if ch.isspace() or not ch.isprintable():
            flush()
            continue
        if buf:
            h = max(by1 - by0, y1 - y0, 1e-6)
            same_line = min(by1, y1) - max(by0, y0) > 0.5 * min(by1 - by0, y1 - y0)
            gap = x0 - bx1
            if not same_line or gap > 0.25 * h or gap < -0.5 * h:
                flush()
        if not buf:
            bx0, by0, bx1, by1 = x0, y0, x1, y1
        else:
            bx0, by0, bx1, by1 = min(bx0, x0), min(by0, y0), max(bx1, x1), max(by1, y1)
        buf.append(ch)
    flush()
    return words


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words → rows, top to bottom; each row's words left to right.

    Words (or OCR lines, by group) are taken by their vertical centre; one joins the row whose vertical
    range overlaps it by more than half the smaller height. Only the last few rows are candidates, which
    keeps the pass linear."""
    units: list[list[Word]] = []
    by_group: dict[int, list[Word]] = {}
    for w in words:
        if w.group >= 0:
            by_group.setdefault(w.group, []).append(w)
        else:
            units.append([w])
    units.extend(by_group.values())

    def extent(unit: list[Word]) -> tuple[float, float]:
        # the median word's range, not the union: one tall glyph or a skewed line must not swallow neighbours
        tops = sorted(w.y0 for w in unit)
        bottoms = sorted(w.y1 for w in unit)
        return tops[len(tops) // 2], bottoms[len(bottoms) // 2]

    keyed = sorted(((extent(u), u) for u in units), key=lambda e: (e[0][0] + e[0][1]) / 2)
    rows: list[tuple[float, float, list[Word]]] = []
    for (top, bottom), unit in keyed:
        placed = False
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            rtop, rbottom, members = rows[i]
            overlap = min(bottom, rbottom) - max(top, rtop)
            if overlap > 0.5 * min(bottom - top, rbottom - rtop):
                members.extend(unit)
                rows[i] = (min(top, rtop), max(bottom, rbottom), members)
                placed = True
                break
        if not placed:
            rows.append((top, bottom, list(unit)))
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    return [sorted(members, key=lambda w: w.x0) for _t, _b, members in rows]


def layout_page(words: list[Word]) -> tuple[str, list[Box]]:
    """The page's layout text and, for every word, where it landed in that text."""
    if not words:
        return "", []
    char_w = median(max(w.x1 - w.x0, 0.1) / max(len(w.text), 1) for w in words)
    heights = [w.height for w in words if w.height > 0]
    line_h = median(heights) if heights else 1.0
    lines: list[str] = []
    boxes: list[Box] = []
    pos = 0  # offset of the current line's start in the page text
    prev_bottom: float | None = None
    left = min(w.x0 for w in words)  # indentation counts from the page's left-most text, not the paper's edge
    for row in _rows(words):
        top = min(w.y0 for w in row)
        if prev_bottom is not None and top - prev_bottom > 1.2 * line_h:  # a printed blank line
            lines.append("")
            pos += 1
        prev_bottom = max(w.y1 for w in row)
        line: list[str] = []
        length = 0
        prev_x1: float | None = None
        for w in row:
            col = int(round((w.x0 - left) / char_w))
            if prev_x1 is None:
                pad = col
            else:
                gap = w.x0 - prev_x1
                own_w = max(w.x1 - w.x0, 0.1) / max(len(w.text), 1)  # this word's font, not the page's
                if gap <= max(1.5 * own_w, 0.6 * w.height):
                    pad = 1  # a word space, whatever the font size: "Barclays Capital Inc." stays one phrase
                else:  # a column break: at least two spaces, and the column its x gives
                    pad = max(col - length, 2)
            line.append(" " * pad)
            length += pad
            boxes.append(Box(pos + length, pos + length + len(w.text), w.x0, w.y0, w.x1, w.y1))
            line.append(w.text)
            length += len(w.text)
            prev_x1 = w.x1
        lines.append("".join(line))
        pos += length + 1
    return "\n".join(lines), boxes
