"""Finding printed labels in damaged text.

OCR splits words (``Na me of Iss uer``), merges them, drops letters and swaps look-alikes. A label is
matched by a regular expression that tolerates a space inside any word, any run of white space or dashes
between words, and optionally a few character edits (the ``regex`` module's fuzzy matching). Patterns are
compiled once and cached, so label tables can stay plain data.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .search import SHORT_RANGE, plain_word, search_at_word

@lru_cache(maxsize=4096)
def label_re(label: str, errors: int = 0) -> "regex.Pattern[str]":
    """Compile ``label`` (plain words) into an OCR-tolerant, case-insensitive pattern."""
    words = label.split()
    parts = [r"[ \t]?".join(regex.escape(ch) for ch in w) for w in words]
    body = r"[\s\-_*]*".join(parts)
    if errors:
        body = f"(?:{body}){{e<={errors}}}"
    return regex.compile(body, regex.I | regex.BESTMATCH if errors else regex.I)


def find_label(text: str, label: str, start: int = 0, end: int | None = None, errors: int = 0):
    """First match of ``label`` in ``text[start:end]`` (a ``regex.Match``) or None.

    An exact label whose first word is plain letters is tried only where that word is printed (see
    :mod:`.search`): the pattern tried at every offset costs ~20 ns a character."""
    end = len(text) if end is None else end
    pattern = label_re(label, errors)
    first = plain_word(label) if not errors and end - start >= SHORT_RANGE else None
    if first is None:
        return pattern.search(text, start, end)
    return search_at_word(pattern, first, text, start, end)


def find_any(text: str, labels, start: int = 0, end: int | None = None, errors: int = 0):
    """The earliest match of any of ``labels``."""
    best = None
    for lab in labels:
        m = find_label(text, lab, start, end, errors)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best
