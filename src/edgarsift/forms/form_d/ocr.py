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
import string
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from ...text import rx
from ...text.search import fold, occurrences
from ...text.view import TextView

_ALNUM = regex.compile(r"[A-Za-z0-9]")
_SPACE = re.compile(r"\s")
_ASCII_LETTERS = frozenset(string.ascii_letters)
_PIECE = 1 << 16  # characters of a long text squashed (or searched for a word) at once: a few MB for a moment
_BLOCK = 1024  # source characters a squashed piece's map steps by
_PIECES_KEPT = 16  # squashed pieces kept for the next search: the whole of a text up to 1 MB
# from this many edits on, a window's fewest edits are counted before the fuzzy search (which costs 0.5-1 ms on
# a window with no match; with fewer edits it costs about what the count does)
_COUNTED_FIRST = 3
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
        self._seen: dict[str, int] = {}  # word -> times counted so far (as far as any question needed)
        self._folded: str | None = None  # the folded text, when short

    def has(self, word: str, times: int = 1) -> bool:
        """Whether ``word`` (ASCII letters, any case) is a whole word of the text ``times`` times or more.

        Counted for the word asked about, and only until ``times`` is reached (a word usually recurs near the
        top): counting every word of the text cost a pass over all of it, and a list of its words a piece at a
        time."""
        if times <= 0:
            return True
        word = word.lower()
        if not (word.isascii() and word.isalpha()):
            return False  # a whole word is a run of ASCII letters
        if self._seen.get(word, 0) < times:
            self._seen[word] = self._count(word, times)
        return self._seen[word] >= times

    def _count(self, word: str, most: int) -> int:
        text, n, found = self._text, len(word), 0
        for at in self._places(word):
            # a found place may hold a letter that folds to the word's (K): the source must be ASCII
            if (text[at:at + n].isascii() and not (at and text[at - 1] in _ASCII_LETTERS)
                    and text[at + n:at + n + 1] not in _ASCII_LETTERS):
                found += 1
                if found == most:
                    break
        return found

    def _places(self, word: str) -> Iterator[int]:
        """Where ``word`` begins in the folded text, in order, as far as asked. A short text is folded once for
        every word asked about; a long one a window at a time (folding takes 12 bytes a character for a moment)."""
        text, n = self._text, len(word)
        if len(text) <= _PIECE:
            if self._folded is None:
                self._folded = fold(text)
            at = self._folded.find(word)
            while at >= 0:
                yield at
                at = self._folded.find(word, at + 1)
            return
        for a in range(0, len(text), _PIECE):
            b = a + _PIECE
            for at in occurrences(text, word, a, min(len(text), b + n - 1)):  # (a word begun in the window)
                if at >= b:
                    break
                yield at


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


@lru_cache(maxsize=64)
def _foreign_to(lab: str) -> "re.Pattern[str]":
    """The ASCII characters (but white space) whose lower case the normalised label ``lab`` does not hold: one in a
    stretch of text is one in the stretch lowered (a non-ASCII letter may lower by its context; none is listed)."""
    foreign = [c for c in map(chr, range(128)) if not c.isspace() and c.lower() not in lab]
    return re.compile(f"[{''.join(re.escape(c) for c in foreign)}]" if foreign else r"(?!)")


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
        # a stretch holding a character the label cannot hold is no label text: the longest stretches tried
        # (each lowered and matched) stop short of the piece's first (last) such character
        foreign = [m.start() for m in _foreign_to(lab).finditer(text, a, b)]
        longest = min(b - a, foreign[0] - a) if foreign else b - a
        cut = next((k for k in range(longest, MIN_LABEL_FRAGMENT - 1, -1) if _is_label_text(text[a:a + k], lab)), 0)
        if cut:
            a += cut
            removed = True
        longest = min(b - a, b - foreign[-1] - 1) if foreign else b - a
        cut = next((k for k in range(longest, MIN_LABEL_FRAGMENT - 1, -1) if _is_label_text(text[b - k:b], lab)), 0)
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


class _SquashedPiece:
    """Source ``[start, end)`` without its white space, folded (one character for one), with a map back: how many
    squashed characters come before each ``_BLOCK`` characters of the source; inside a block, offsets are counted
    when asked (a search asks for a few). (A map of every non-space run took splitting the text at each space
    and two lists of its words' offsets: 5x the time, and 8 bytes a word kept.)"""

    __slots__ = ("start", "end", "text", "_source", "_before")

    def __init__(self, text: str, start: int, end: int):
        # str.split() cuts at what \s matches (str.isspace), in C
        blocks = ["".join(text[a:min(a + _BLOCK, end)].split()) for a in range(start, end, _BLOCK)]
        self.start, self.end, self._source = start, end, text
        self._before = array("i", list(accumulate(map(len, blocks), initial=0)))  # 4 bytes: a filing < 2**31
        self.text = fold("".join(blocks))

    def to_squashed(self, pos: int) -> int:
        """The first squashed offset whose source offset is at or after source ``pos`` (in ``[start, end]``)."""
        k = (pos - self.start) // _BLOCK
        return self._before[k] + len("".join(self._source[self.start + k * _BLOCK:pos].split()))

    def to_source(self, sq: int) -> int:
        """The source offset of squashed character ``sq``."""
        k = bisect.bisect_right(self._before, sq) - 1
        a = self.start + k * _BLOCK
        block = self._source[a:min(a + _BLOCK, self.end)]
        left = sq - self._before[k]  # non-space characters of the block before it
        ends = list(accumulate(map(len, block.split())))  # squashed ends of the block's runs
        run = bisect.bisect_right(ends, left)  # the run holding it, after `run` others
        # (split with at most `run` cuts leaves the text from that run's first character on)
        rest = block.split(None, run)[-1] if run else block.lstrip()
        return a + len(block) - len(rest) + left - (ends[run - 1] if run else 0)


@lru_cache(maxsize=256)
def _squashed_label(label: str, errors: int) -> tuple[str, "regex.Pattern[str]", dict[str, int]]:
    """The label as searched in the squashed copy, its fuzzy pattern, and the bit mask of each of its characters
    (the places it holds, for ``fewest_edits``)."""
    lab = rx.sub(r"\s+", "", label.lower())
    masks: dict[str, int] = {}
    for i, ch in enumerate(lab):
        masks[ch] = masks.get(ch, 0) | 1 << i
    return lab, regex.compile(f"(?:{regex.escape(lab)}){{e<={errors}}}", regex.BESTMATCH), masks


def fewest_edits(masks: dict[str, int], length: int, text: str, a: int, b: int) -> int:
    """The fewest insertions, deletions and substitutions that turn some stretch of ``text[a:b]`` into a pattern
    of ``length`` characters (``masks``: each character's places in it, as bits): Myers' bit-parallel edit
    distance (1999), a few integer operations a character of text."""
    full, top = (1 << length) - 1, 1 << (length - 1)
    plus, minus, score = full, 0, length  # vertical deltas of the column, and its bottom (the whole pattern)
    best = length
    for ch in text[a:b]:
        eq = masks.get(ch, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        hp = minus | (~(xh | plus) & full)
        hm = plus & xh
        if hp & top:
            score += 1
        elif hm & top:
            score -= 1
            best = min(best, score)
        hp = (hp << 1) & full  # (nothing shifted in: a stretch may begin anywhere)
        hm = (hm << 1) & full
        plus = hm | (~(xv | hp) & full)
        minus = hp & xv
    return best


class Squashed:
    """The document without white space, folded to lower case (one character for one, see ``fold``: "İ" lowered
    to two, and shifted every offset after it), with a map back: for finding labels that OCR cut at tabs and
    misread (``Full Nar<TAB>ne (Last i<TAB>name``) without a fuzzy scan of the whole text.

    Exact 5-character pieces of the label anchor candidate places; the fuzzy match then runs only in a
    window the size of the label around each candidate.

    The squashed copy is made a piece of the source at a time (pieces cut before white space), as a search gets
    there, and only the last few pieces are kept: a whole-text copy and its map held 3x a long filing's size,
    and splitting it at once listed every word. A search goes on from piece to piece carrying the last stretch
    that a candidate still to be tried may need (a match is never longer than the label and its edits), so it
    finds the first match the whole copy gives, and stops there."""

    ANCHOR = 5

    def __init__(self, text: str):
        self._text = text
        self._cuts = [0]  # source offsets where the pieces begin, found as far as the searches went
        self._kept: OrderedDict[int, _SquashedPiece] = OrderedDict()  # piece index -> piece, last used last

    def _cut(self, i: int) -> int:
        """Where piece ``i`` ends (the pieces are cut in order, as far as asked)."""
        while len(self._cuts) <= i + 1:
            cut = _SPACE.search(self._text, self._cuts[-1] + _PIECE)
            self._cuts.append(len(self._text) if cut is None else cut.start())
        return self._cuts[i + 1]

    def _piece(self, i: int) -> _SquashedPiece:
        piece = self._kept.get(i)
        if piece is None:
            piece = self._kept[i] = _SquashedPiece(self._text, self._cuts[i], self._cut(i))
            if len(self._kept) > _PIECES_KEPT:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(i)
        return piece

    def _parts(self, start: int, end: int) -> Iterator[tuple[_SquashedPiece, int, int]]:
        """The squashed copy of source ``[start, end)``, in order: (piece, squashed start, squashed end)."""
        stop = min(end, len(self._text))
        i = max(0, bisect.bisect_right(self._cuts, start) - 1)
        while self._cuts[i] < stop:
            if self._cut(i) > start:  # (a piece before start is cut, not squashed)
                piece = self._piece(i)
                yield piece, piece.to_squashed(max(start, piece.start)), piece.to_squashed(min(end, piece.end))
            i += 1

    def find(self, label: str, start: int, end: int, errors: int) -> tuple[int, int] | None:
        """First place in source ``[start, end)`` where ``label`` occurs with at most ``errors`` edits.

        Offsets below count from the range's start in its squashed copy. Each candidate place is tried, in order,
        once the text of its whole window is at hand; what a later candidate may still need (its window, and
        its anchor) is carried on to the next piece."""
        lab, pattern, masks = _squashed_label(label, errors)
        if not lab:
            return None
        reach = len(lab) + errors  # a candidate's window ends this far past it
        anchors = [(off, lab[off:off + self.ANCHOR]) for off in range(0, max(1, len(lab) - self.ANCHOR + 1),
                                                                      self.ANCHOR)]
        buf, buf_start = "", 0  # the squashed copy from buf_start on
        begins: list[int] = []  # where each piece's part begins in the copy ...
        maps: list[tuple[_SquashedPiece, int]] = []  # ... and (piece, its squashed offset there): the way back
        tried = -1 - reach  # every candidate up to here was tried (none can be this far before the range)
        parts = self._parts(start, end)
        part = next(parts, None)
        while part is not None:
            piece, lo, hi = part
            part = next(parts, None)
            if hi > lo:
                begins.append(buf_start + len(buf))
                maps.append((piece, lo))
                buf += piece.text[lo:hi]
            buf_end = buf_start + len(buf)
            upto = buf_end if part is None else buf_end - reach  # candidates whose window is all here
            candidates: set[int] = set()
            for off, chunk in anchors:
                pos = buf.find(chunk)
                while pos >= 0:
                    c = buf_start + pos - off
                    if tried < c <= upto:
                        candidates.add(c)
                    pos = buf.find(chunk, pos + 1)
            for c in sorted(candidates):
                a, b = max(0, c - errors), min(buf_end, c + len(lab) + errors)
                if b <= a:
                    continue
                if errors >= _COUNTED_FIRST and fewest_edits(masks, len(lab), buf, a - buf_start, b - buf_start) > errors:
                    continue  # no match in the window: the fuzzy search would find none, at 10-20x the cost
                m = pattern.search(buf, a - buf_start, b - buf_start)
                if m and m.end() > m.start():
                    return (_back_to_source(begins, maps, buf_start + m.start()),
                            _back_to_source(begins, maps, buf_start + m.end() - 1) + 1)
            tried = max(tried, upto)
            keep = max(buf_start, tried + 1 - errors)  # the earliest window start of a candidate not yet tried
            buf, buf_start = buf[keep - buf_start:], keep
            drop = max(0, bisect.bisect_right(begins, keep) - 1)
            del begins[:drop], maps[:drop]
        return None


def _back_to_source(begins: list[int], maps: list[tuple[_SquashedPiece, int]], sq: int) -> int:
    k = bisect.bisect_right(begins, sq) - 1
    piece, lo = maps[k]
    return piece.to_source(lo + sq - begins[k])
