"""Reading values out of column-interleaved OCR lines (the scanned paper Form D).

A scan of a two-column form comes back with the printed label and the typed value shuffled into one line,
split at tabs and even inside words::

    Address of Executive Of 1 Pickwick Plaza, Gree<TAB>fices (Number and Street, City, Stanwich, ...

Here a value is recovered in three steps: split the line into tab pieces; remove from each piece the
stretches that are fragments of the known printed label; join what is left. Joining is where OCR lies:
a boundary between two letters may be a word split by the column cut (``Gree|nwich``), a split whose
edge letter was read twice (``Brok|kers``) or a real space. A join is only made when the filing itself
attests it — the joined word, or both halves as words, occur elsewhere in the document. Anything else
makes the value untrusted (``None``): a wrong value is worse than a null.
"""
from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass

import regex

from ...text import rx
from ...text.view import TextView

_WORD = regex.compile(r"[A-Za-z]+")
_ALNUM = regex.compile(r"[A-Za-z0-9]")
_SPACE_RUNS = re.compile(r"(\s+)")
_SPACE = re.compile(r"\s")
_NON_LETTER = re.compile(r"[^A-Za-z]")
_PIECE = 1 << 20  # characters of a long text squashed at once
MIN_LABEL_FRAGMENT = 4  # shorter stretches are too likely to be value text that happens to occur in the label


@dataclass(frozen=True)
class Piece:
    start: int  # view offsets
    end: int
    label_before: bool = False  # printed-label text was removed right before this piece


class Vocabulary:
    """Word counts of the whole document: the evidence for joining split words."""

    def __init__(self, text: str):
        self._text = text
        self._counts: Counter | None = None  # counted on first use: most fields never need a join decision

    def has(self, word: str, times: int = 1) -> bool:
        if self._counts is None:
            self._counts = Counter()
            start, text = 0, self._text
            while start < len(text):  # a piece at a time (cut at a non-letter): not a list of every word at once
                cut = _NON_LETTER.search(text, start + _PIECE)
                end = len(text) if cut is None else cut.start()
                self._counts.update(w.lower() for w in _WORD.findall(text, start, end))
                start = end
        return self._counts.get(word.lower(), 0) >= times


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def pieces(text: str, start: int, end: int) -> list[Piece]:
    """Tab-separated pieces of ``text[start:end]``, trimmed, empty ones dropped."""
    out: list[Piece] = []
    for m in rx.finditer(r"[^\t\n]+", text[start:end]):
        a, b = start + m.start(), start + m.end()
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if b > a:
            out.append(Piece(a, b))
    return out


def _norm(s: str) -> str:
    return rx.sub(r"\s+", " ", s.lower())


def _is_label_text(fragment: str, label: str) -> bool:
    return len(fragment.strip()) >= MIN_LABEL_FRAGMENT and _norm(fragment).strip() in label


def strip_label(text: str, parts: list[Piece], label: str) -> list[Piece]:
    """Remove fragments of the printed ``label`` from the pieces; junk pieces (no letter or digit) go too."""
    lab = _norm(label)
    out: list[Piece] = []
    removed = False
    for p in parts:
        a, b = p.start, p.end
        frag = text[a:b]
        if not _ALNUM.search(frag):
            removed = True
            continue
        if len(frag) >= 5 and rx.search(f"(?:{regex.escape(_norm(frag))}){{e<=1}}", lab):
            removed = True  # the whole piece is (slightly misread) label text
            continue
        cut = next((k for k in range(b - a, MIN_LABEL_FRAGMENT - 1, -1) if _is_label_text(text[a:a + k], lab)), 0)
        if cut:
            a += cut
            removed = True
        cut = next((k for k in range(b - a, MIN_LABEL_FRAGMENT - 1, -1) if _is_label_text(text[b - k:b], lab)), 0)
        trailing = bool(cut)
        b -= cut
        while a < b and text[a] in " :":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if b > a and _ALNUM.search(text[a:b]):
            out.append(Piece(a, b, removed))
            removed = trailing
        else:
            removed = True
    return out


def join(view: TextView, parts: list[Piece], vocab: Vocabulary) -> TextView | None:
    """Join value pieces into one view, deciding each boundary from the document's own words.

    Returns None when a boundary cannot be decided (the value would be a guess)."""
    if not parts:
        return None
    text = view.text
    chunks: list[tuple[int, int]] = []  # view slices; (-1, pos) marks a synthetic space at view pos
    prev = parts[0]
    chunks.append((prev.start, prev.end))
    for p in parts[1:]:
        a = p.start
        left_m = rx.search(r"[A-Za-z]+$", text[prev.start:prev.end])
        right_m = rx.match(r"[A-Za-z]+", text[a:p.end])
        left_c, right_c = text[prev.end - 1], text[a]
        if left_m and right_m:
            left, right = left_m.group(0), right_m.group(0)
            if vocab.has(left + right):
                pass  # a word cut by the column edge
            elif left[-1].lower() == right[0].lower() and vocab.has(left + right[1:]):
                a += 1  # the cut letter was read on both sides
            elif vocab.has(left, 2) and vocab.has(right, 2):
                chunks.append((-1, a))
            else:
                return None
        elif left_c.isdigit() and right_c.isdigit() and not p.label_before:
            pass  # a number split by a tab (an underline or a column rule in the scan)
        else:
            chunks.append((-1, a))
        chunks.append((a, p.end))
        prev = p
    out_text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    offsets = view.offsets
    for a, b in chunks:
        if a < 0:
            pos = offsets.start_of(b)
            out_text.append(" ")
            starts.append(pos)
            ends.append(pos)
        else:
            out_text.append(text[a:b])
            piece_starts, piece_ends = offsets.columns(a, b)
            starts += piece_starts
            ends += piece_ends
    return TextView("".join(out_text), starts, ends)


def value_after(view: TextView, start: int, end: int, label: str, vocab: Vocabulary) -> TextView | None:
    """The value typed into a labelled field whose line(s) ``[start, end)`` interleave label and value."""
    return join(view, strip_label(view.text, pieces(view.text, start, end), label), vocab)


class Squashed:
    """The document without white space, lower-cased, with a map back: for finding labels that OCR cut at
    tabs and misread (``Full Nar<TAB>ne (Last i<TAB>name``) without a fuzzy scan of the whole text.

    Exact 5-character pieces of the label anchor candidate places; the fuzzy match then runs only in a
    window the size of the label around each candidate."""

    ANCHOR = 5

    def __init__(self, text: str):
        # the map is kept as runs (one per non-space stretch), not one entry per character: a page of OCR text
        # has ~50k characters but ~8k runs. A long text is squashed a piece at a time (cut before white space),
        # since splitting it whole listed every word at once (50x the size of a 30 MB text); a text holding a
        # capital sigma, whose lower case depends on the letters around it, is lowered whole.
        self._src = array("i")  # source start of each run (4 bytes: a filing is far below 2**31 characters)
        self._sq = array("i")  # squashed start of each run
        squashed: list[str] = []
        length = start = 0
        while start < len(text):
            cut = _SPACE.search(text, start + _PIECE)
            end = len(text) if cut is None else cut.start()
            parts = _SPACE_RUNS.split(text[start:end])  # non-space, space, non-space, ...: split and sums in C
            part_starts = list(accumulate(map(len, parts), initial=start))
            # runs are the even parts; a piece starting (or ending) with white space splits off an empty first
            # (last) one
            first = 2 if parts[0] == "" else 0
            last = len(parts) - 1 if parts[-1] == "" else len(parts)
            runs = parts[first:last:2]
            self._src.extend(part_starts[first:last:2])
            sq = list(accumulate(map(len, runs), initial=length))
            length = sq.pop()
            self._sq.extend(sq)
            squashed.append("".join(runs))
            start = end
        self._len = length
        whole_lower = "\u03a3" in text
        self.text = "".join(squashed).lower() if whole_lower else "".join(piece.lower() for piece in squashed)

    def _to_squashed(self, pos: int) -> int:
        """The first squashed offset whose source offset is at or after source ``pos``."""
        k = bisect.bisect_right(self._src, pos) - 1
        if not self._src:
            return 0
        if k >= 0:
            inside = pos - self._src[k]
            run_len = (self._sq[k + 1] if k + 1 < len(self._sq) else self._len) - self._sq[k]
            if inside < run_len:
                return self._sq[k] + inside
        return self._sq[k + 1] if k + 1 < len(self._sq) else self._len

    def _to_source(self, sq: int) -> int:
        k = bisect.bisect_right(self._sq, sq) - 1
        return self._src[k] + sq - self._sq[k]

    def find(self, label: str, start: int, end: int, errors: int) -> tuple[int, int] | None:
        """First place in source ``[start, end)`` where ``label`` occurs with at most ``errors`` edits."""
        lab = rx.sub(r"\s+", "", label.lower())
        s0, s1 = self._to_squashed(start), self._to_squashed(end)
        candidates: set[int] = set()
        for off in range(0, max(1, len(lab) - self.ANCHOR + 1), self.ANCHOR):
            chunk = lab[off:off + self.ANCHOR]
            pos = self.text.find(chunk, s0, s1)
            while pos >= 0:
                candidates.add(pos - off)
                pos = self.text.find(chunk, pos + 1, s1)
        pattern = regex.compile(f"(?:{regex.escape(lab)}){{e<={errors}}}", regex.BESTMATCH)
        for c in sorted(candidates):
            a, b = max(s0, c - errors), min(s1, c + len(lab) + errors)
            if b <= a:
                continue
            m = pattern.search(self.text, a, b)
            if m and m.end() > m.start():
                return self._to_source(m.start()), self._to_source(m.end() - 1) + 1
        return None
