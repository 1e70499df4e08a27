"""Finding printed labels in damaged text.

OCR splits words (``Na me of Iss uer``), merges them, drops letters and swaps look-alikes. A label is
matched by a regular expression that tolerates a space inside any word, any run of white space or dashes
between words, and optionally a few character edits (the ``regex`` module's fuzzy matching). Patterns are
compiled once and cached, so label tables can stay plain data.
"""
from __future__ import annotations

from functools import lru_cache

import regex


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
    """First match of ``label`` in ``text[start:end]`` (a ``regex.Match``) or None."""
    return label_re(label, errors).search(text, start, len(text) if end is None else end)


def find_any(text: str, labels, start: int = 0, end: int | None = None, errors: int = 0):
    """The earliest match of any of ``labels``."""
    best = None
    for lab in labels:
        m = find_label(text, lab, start, end, errors)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best
