"""Pattern searches tried only where a match can begin: the same matches, at plain-search speed.

An OCR-tolerant pattern (a label or caption: case-insensitive, a space allowed inside any word) is tried by
`regex` at every offset of its range, 20-60 ns a character. Every match of such a pattern opens with a known word,
though. That word is found first in a folded (lower-cased) copy of the text with ``str.find`` or the stdlib engine
(about 1 ns a character), and the pattern is tried only where the word begins: the first match found so is the
first match of ``pattern.search``.

Two ways in: the functions (``find_label`` uses ``search_at_word``; ``occurrences`` and ``first_match`` for a
pattern tried at a few words' places), which fold the text a chunk at a time as far as the search goes; and
:class:`TextScan`, for the many searches of one text (a 13D/G cover page's fourteen rows on each of its pages),
which folds the text once and keeps where each opener starts, so a range inside one already scanned costs no new
pass. A range shorter than ``SHORT_RANGE`` is searched by the pattern itself.
"""
from __future__ import annotations

import re
import bisect
import heapq
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import takewhile
from typing import Any

from .rx import engines_read_alike, reads_alike

# a range this short is searched by the pattern itself: finding the openers first costs more there
SHORT_RANGE = 256
LOWER_PIECE = 1 << 20  # characters of a non-ASCII text lowered at once (see fold)
# the letters other than A-Z that a case-insensitive `regex` pattern reads as i, s and k ("İ" for "i", the dotless
# "ı" for "I", long s, Kelvin sign)
_CASE_ODDITIES = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))
# each Latin-1 character's lower case, a byte for a byte: every one lowers to one Latin-1 character, and none is
# an oddity (they are not Latin-1)
_LATIN1_LOWER = bytes(ord(chr(code).lower()) for code in range(256))


def fold(s: str) -> str:
    """``s`` in lower case, each letter a case-insensitive `regex` pattern reads as a-z made that letter; one
    character for one, so offsets stay ("İ" alone lowers to two, and is read as i first). (``str.replace`` three
    times: a translation table runs per character in Python, 100 times slower.)"""
    if s.isascii():
        return s.lower()
    latin1 = _latin1_lower(s)
    if latin1 is not None:
        return latin1
    for odd, letter in _CASE_ODDITIES:
        s = s.replace(odd, letter)
    if len(s) <= LOWER_PIECE:
        return s.lower()
    # str.lower of non-ASCII text takes a buffer of 12 bytes a character (30 MB of text: 360 MB at once), so a
    # long text is lowered a piece at a time, each cut after a line break (the one context-dependent rule, a
    # final sigma, does not look across one)
    pieces, start = [], 0
    while start < len(s):
        cut = s.find("\n", start + LOWER_PIECE)
        end = len(s) if cut < 0 else cut + 1
        pieces.append(s[start:end].lower())
        start = end
    return "".join(pieces)


def _latin1_lower(s: str) -> str | None:
    """``s.lower()`` for a text all Latin-1, None for any other. Most non-ASCII filings print only Latin-1 ("©", "é",
    "¥"): lowered a byte at a time through a table, 7 times faster than str.lower. A megabyte at a time (no Latin-1
    letter's lower case depends on its neighbours): the encoded copy, its translation and their decoding of a whole
    30 MB text at once added 60 MB to a 13D's peak. A character past Latin-1 stops the encoding at once."""
    pieces = []
    for start in range(0, len(s), LOWER_PIECE):
        try:
            latin1 = s[start:start + LOWER_PIECE].encode("latin-1")
        except UnicodeEncodeError:
            return None
        pieces.append(latin1.translate(_LATIN1_LOWER).decode("latin-1"))
        del latin1
    return pieces[0] if len(pieces) == 1 else "".join(pieces)


def holds_key(keys: "re.Pattern[str]", line: str) -> bool:
    """Does ``line`` hold one of the lower-case letter runs ``keys`` finds, in any case a `regex` pattern reads?
    (A pattern every alternative of which prints one of the keys need not be tried on a line without them.)"""
    return keys.search(fold(line)) is not None


FOLD_CHUNK = 4096  # characters folded first: a label is most often found near the start of its range
MAX_FOLD_CHUNK = 1 << 20


def folded_chunks(text: str, start: int, end: int, overhang: int) -> Iterator[tuple[int, int, str]]:
    """``text[start:end]`` folded a chunk at a time, as a search gets there: (offset, size, folded) where
    ``folded`` holds the chunk's ``size`` characters and ``overhang`` more, so that a word begun in the chunk is
    seen whole (a search takes the words that begin before ``size``). Chunks double in size, up to
    ``MAX_FOLD_CHUNK``."""
    size = FOLD_CHUNK
    while start < end:
        yield start, size, fold(text[start:min(end, start + size + overhang)])
        start += size
        size = min(2 * size, max(FOLD_CHUNK, MAX_FOLD_CHUNK))  # (a bounded copy however far the search goes)


def occurrences(text: str, word: str, pos: int = 0, endpos: int | None = None) -> Iterator[int]:
    """Every offset where ``word`` begins in ``text[pos:endpos]`` in any case a case-insensitive pattern reads
    (or more: a folded letter may be read as another by ``str.lower`` only), in order, overlapping ones included;
    found as they are asked for."""
    word = fold(word)
    for offset, size, folded in folded_chunks(text, pos, len(text) if endpos is None else endpos, len(word)):
        at = folded.find(word)
        while 0 <= at < size:
            yield offset + at
            at = folded.find(word, at + 1)


def first_match(pattern: Any, text: str, starts: Iterable[int], endpos: int) -> Any:
    """``pattern.search(text, 0, endpos)`` when no match can begin but at one of ``starts`` (in order, repeats
    allowed)."""
    tried = -1
    for at in starts:
        if at != tried and (m := pattern.match(text, at, endpos)):
            return m
        tried = at
    return None


Loose = tuple[tuple[str, str], ...]  # (letter, folded character class) read loosely, as in ("i", "[il1|]")


@lru_cache(maxsize=None)
def _word_head(word: str, loose: Loose) -> "re.Pattern[str]":
    """A word's letters as a label pattern reads them, in folded text: a space or tab between two at most."""
    classes = dict(loose)
    return re.compile(r"[ \t]?".join(classes.get(ch.lower(), re.escape(ch.lower())) for ch in word))


def word_starts(word: str, text: str, start: int, end: int, loose: Loose = ()) -> Iterator[int]:
    """The offsets in ``[start, end)`` where ``word`` begins, as a label pattern reads it, in order."""
    head = _word_head(word, loose)
    for offset, size, folded in folded_chunks(text, start, end, 2 * len(word)):
        at = 0
        while (c := head.search(folded, at)) is not None and c.start() < size:
            yield offset + c.start()
            at = c.start() + 1


def search_at_word(pattern: Any, word: str, text: str, start: int, end: int, loose: Loose = ()) -> Any:
    """``pattern.search(text, start, end)`` for a pattern whose matches begin with ``word`` (its letters each
    matched case-insensitively, or by ``loose``'s class, a space or tab between two): tried only where the word
    is printed."""
    return first_match(pattern, text, word_starts(word, text, start, end, loose), end)


def plain_word(label: str) -> str | None:
    """The first word of ``label`` when it is ASCII letters only (a word the fast search can look for)."""
    first = label.split()[0] if label.strip() else ""
    return first if first.isascii() and first.isalpha() else None


# -- many searches of one text: openers found once per range, in a folded copy ------------------------------------

_LETTERS = re.compile(r"[a-z]+")

Anchor = str | re.Pattern[str]  # a plain string, or a stdlib pattern, looked for in the folded copy


def _has_border(word: str) -> bool:
    """Whether a proper suffix of ``word`` is also its prefix ("anna"): two finds of it could then overlap."""
    return any(word.startswith(word[k:]) for k in range(1, len(word)))


@lru_cache(maxsize=None)
def split_word(word: str) -> "re.Pattern[str]":
    """``word`` (lower-case letters) with a space or tab allowed between two letters, as captions allow it. A word
    that could overlap itself is looked for as a lookahead, so that no start is skipped."""
    if not _LETTERS.fullmatch(word):
        raise ValueError(f"an opener word must be lower-case ASCII letters: {word!r}")
    body = r"[ \t]?".join(word)
    return re.compile(f"(?={body})" if _has_border(word) else body)


class TextScan:
    """The searches of one text: its lower-cased copy, and where each opener starts (found once per range)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = fold(text)
        self._starts: dict[tuple[Any, int, int], list[int]] = {}
        self._wide: dict[Any, tuple[int, int, list[int], list[int]]] = {}  # the widest scan of each anchor, with ends
        self.memo: dict[Any, Any] = {}  # results a caller keeps for this text (a search repeated on one range)
        self._alike: bool | None = None

    @property
    def engines_read_alike(self) -> bool:
        """``rx.engines_read_alike(text)``, found once."""
        if self._alike is None:
            self._alike = engines_read_alike(self.text)
        return self._alike

    @property
    def reads_alike(self) -> bool:
        """``reads_alike(text)``: so does every slice of it."""
        return reads_alike(self.text)

    def starts(self, anchor: Anchor, a: int, b: int) -> list[int]:
        """Ascending offsets in ``[a, b)`` where ``anchor`` starts in the lower-cased copy: every occurrence of a
        plain string, or the finds of a stdlib pattern (which must never overlap a start of its own, and match the
        same text wherever the range ends, or nothing). A range inside one already scanned is read off that scan:
        the finds that start and end inside it (the cover pages' ranges inside the body's, for instance)."""
        key = (anchor, a, b)
        found = self._starts.get(key)
        if found is None:
            wide = self._wide.get(anchor)
            if wide is not None and wide[0] <= a and b <= wide[1]:
                starts, ends = wide[2], wide[3]
                last = (bisect.bisect_right(starts, b - len(anchor)) if isinstance(anchor, str)  # (ends: start + len)
                        else bisect.bisect_right(ends, b))
                found = starts[bisect.bisect_left(starts, a):last]
            else:
                if isinstance(anchor, str):  # every occurrence, overlapping ones too ("anna" in "annanna")
                    # (a loop of finds: str.find skips to the next occurrence several times faster than the stdlib
                    # engine scans for a literal, which pays more than the loop's calls but on the commonest words)
                    found = []
                    low, i = self.low, self.low.find(anchor, a, b)
                    while i >= 0:
                        found.append(i)
                        i = low.find(anchor, i + 1, b)
                    ends = []  # (not kept: each is its start plus the anchor's length)
                else:
                    spans = [m.span() for m in anchor.finditer(self.low, a, b)]
                    found, ends = [x for x, _ in spans], [y for _, y in spans]
                if not (isinstance(anchor, re.Pattern) and anchor.pattern.startswith("(?=")) and (
                        wide is None or b - a > wide[1] - wide[0]):
                    self._wide[anchor] = (a, b, found, ends)  # (a lookahead's finds depend on where the range ends)
            self._starts[key] = found
        return found

    def anchored(self, anchors: Iterable[Anchor], a: int, b: int) -> list[int]:
        """Where any of ``anchors`` starts in ``[a, b)``, ascending."""
        lists = [self.starts(anchor, a, b) for anchor in anchors]
        return lists[0] if len(lists) == 1 else sorted(set().union(*lists))

    def tried(self, pattern: Any, candidates: Iterable[int], a: int, b: int) -> Iterator[Any]:
        """``pattern.finditer(text, a, b)`` for a pattern that can match only at ``candidates`` (ascending): tried
        at each, the next try after the end of the previous match."""
        pos = a
        for p in candidates:
            if p < pos:
                continue
            m = pattern.match(self.text, p, b)
            if m:
                yield m
                pos = max(m.end(), p + 1)

    def finditer(self, pattern: Any, anchors: Iterable[Anchor], a: int, b: int,
                 opens_before: int | None = None) -> Iterator[Any]:
        """``pattern.finditer(text, a, b)`` for a pattern whose every match opens with one of ``anchors``; with
        ``opens_before``, only the matches that open before it (the pattern is not tried from there on)."""
        if b - a <= SHORT_RANGE:
            found = pattern.finditer(self.text, a, b)
            return found if opens_before is None else takewhile(lambda m: m.start() < opens_before, found)
        candidates = self.anchored(anchors, a, b)
        if opens_before is not None:
            candidates = candidates[:bisect.bisect_left(candidates, opens_before)]
        return self.tried(pattern, candidates, a, b)

    def search(self, pattern: Any, anchors: Iterable[Anchor], a: int, b: int) -> Any:
        """``pattern.search(text, a, b)`` for such a pattern (see ``finditer``): the anchors are looked for only
        as far as the first match (the first row-1 caption is near the top of a long filing)."""
        if b - a <= SHORT_RANGE:
            return pattern.search(self.text, a, b)
        lazy = [self._lazy_starts(anchor, a, b) for anchor in anchors]
        candidates = lazy[0] if len(lazy) == 1 else heapq.merge(*lazy)
        return next(self.tried(pattern, candidates, a, b), None)

    def _lazy_starts(self, anchor: Anchor, a: int, b: int) -> Iterator[int]:
        """``starts``, found one at a time."""
        found = self._starts.get((anchor, a, b))
        if found is not None:
            yield from found
        elif isinstance(anchor, str):
            i = self.low.find(anchor, a, b)
            while i >= 0:
                yield i
                i = self.low.find(anchor, i + 1, b)
        else:
            for m in anchor.finditer(self.low, a, b):
                yield m.start()
