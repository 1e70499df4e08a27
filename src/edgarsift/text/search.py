"""Pattern searches tried only where a match can begin: the same matches, at plain-search speed.

An OCR-tolerant pattern (a label or caption: case-insensitive, a space allowed inside any word) is tried by
`regex` at every offset of its range, 20-60 ns a character. Every match of such a pattern opens with a known word,
though. That word is found first in a folded (lower-cased) copy of the text with ``str.find`` or the stdlib engine
(about 1 ns a character), and the pattern is tried only where the word begins: the first match found so is the
first match of ``pattern.search``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

# the letters other than A-Z that a case-insensitive `regex` pattern reads as i, s and k ("İ", long s, Kelvin sign)
_CASE_ODDITIES = (("\u0130", "i"), ("\u017f", "s"), ("\u212a", "k"))


def fold(s: str) -> str:
    """``s`` in lower case, each letter a case-insensitive `regex` pattern reads as a-z made that letter; one
    character for one, so offsets stay ("İ" alone lowers to two, and is read as i first). (``str.replace`` three
    times: a translation table runs per character in Python, 100 times slower.)"""
    if not s.isascii():
        for odd, letter in _CASE_ODDITIES:
            s = s.replace(odd, letter)
    return s.lower()


def holds_key(keys: "re.Pattern[str]", line: str) -> bool:
    """Does ``line`` hold one of the lower-case letter runs ``keys`` finds, in any case a `regex` pattern reads?
    (A pattern every alternative of which prints one of the keys need not be tried on a line without them.)"""
    return keys.search(fold(line)) is not None


FOLD_CHUNK = 4096  # characters folded first: a label is most often found near the start of its range


def folded_chunks(text: str, start: int, end: int, overhang: int) -> Iterator[tuple[int, int, str]]:
    """``text[start:end]`` folded a chunk at a time, as a search gets there: (offset, size, folded) where
    ``folded`` holds the chunk's ``size`` characters and ``overhang`` more, so that a word begun in the chunk is
    seen whole (a search takes the words that begin before ``size``). Chunks double in size."""
    size = FOLD_CHUNK
    while start < end:
        yield start, size, fold(text[start:min(end, start + size + overhang)])
        start += size
        size *= 2


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
