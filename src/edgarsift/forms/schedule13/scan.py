"""Pattern searches at plain-search speed, with the same matches.

A caption pattern (``labels.caption_re``) is case-insensitive and lets a space split any word, so `regex` tries it
at every offset of the text: 20-60 µs a KB per row, and a cover page has fourteen rows (the class-total sentences
of ``body.py`` cost as much). Every match opens with one of a few known words, though ("name", "sole", "based",
…). Those words are found first in a lower-cased copy of the text, case-sensitively and with the stdlib engine or
``str.find`` (about 1 µs a KB each), and the pattern is tried only where one starts, each try after the end of the
previous match: the same matches, in the same order, as ``pattern.finditer``.
"""
from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

_LETTERS = re.compile(r"[a-z]+")

Anchor = str | re.Pattern[str]  # a plain string, or a stdlib pattern, looked for in the lower-cased copy


def caseless(text: str) -> str:
    """``text`` lower-cased offset for offset, so that a character a case-insensitive `regex` pattern matches to an
    ASCII letter is that letter here. Two characters need a hand: "İ" (which lower-cases to two characters, and
    which `regex` matches to "i") and "ſ" (which `regex` folds to "s")."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    low = text.lower()
    if "\u017f" in low:
        low = low.replace("\u017f", "s")
    return low


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


# A range this short is searched by the pattern itself: cheaper than finding its openers first
SHORT = 256


@lru_cache(maxsize=None)
def _plain(word: str) -> "re.Pattern[str]":
    return re.compile(re.escape(word))


class TextScan:
    """The searches of one text: its lower-cased copy, and where each opener starts (found once per range)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = caseless(text)
        self._starts: dict[tuple[Any, int, int], list[int]] = {}
        self._wide: dict[Any, tuple[int, int, list[int], list[int]]] = {}  # the widest scan of each anchor, with ends
        self.memo: dict[Any, Any] = {}  # results a caller keeps for this text (a search repeated on one range)

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
                found = starts[bisect.bisect_left(starts, a):bisect.bisect_right(ends, b)]
            else:
                if isinstance(anchor, str) and _has_border(anchor):  # its occurrences may overlap: every one
                    found = []
                    i = self.low.find(anchor, a, b)
                    while i >= 0:
                        found.append(i)
                        i = self.low.find(anchor, i + 1, b)
                    ends = [i + len(anchor) for i in found]
                elif isinstance(anchor, str):  # (as a stdlib pattern: a loop of finds costs more per find)
                    found = [m.start() for m in _plain(anchor).finditer(self.low, a, b)]
                    ends = [i + len(anchor) for i in found]
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

    def finditer(self, pattern: Any, anchors: Iterable[Anchor], a: int, b: int) -> Iterator[Any]:
        """``pattern.finditer(text, a, b)`` for a pattern whose every match opens with one of ``anchors``."""
        if b - a <= SHORT:
            return pattern.finditer(self.text, a, b)
        return self.tried(pattern, self.anchored(anchors, a, b), a, b)

    def search(self, pattern: Any, anchors: Iterable[Anchor], a: int, b: int) -> Any:
        """``pattern.search(text, a, b)`` for such a pattern (see ``finditer``): the anchors are looked for only
        as far as the first match (the first row-1 caption is near the top of a long filing)."""
        if b - a <= SHORT:
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
