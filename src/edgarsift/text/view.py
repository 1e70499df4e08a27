"""A text view with an exact map back to the decoded source.

Extractors never read the raw filing directly: they read a *view* — HTML rendered to lines, SGML tags and
markdown noise removed, checkbox glyphs and escapes normalised — and every character of the view knows the
``[start, end)`` range of source characters it came from. Provenance spans are always source offsets, so a
reviewer can highlight exactly what the value was read from, however much cleanup happened in between.

A view is immutable; each cleanup step (:meth:`TextView.sub`) returns a new view whose map is composed with
the old one. Maps are ``array("i")`` built by slicing: C-speed copies and 8 bytes a character, where lists
of Python ints would cost ~70.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Callable, Iterable

import regex

Replacement = str | Callable[["regex.Match[str]"], str]

# 4-byte offsets: a filing is capped far below 2**31 characters (max_filing_bytes), and halving the maps halves
# the largest share of a big filing's peak memory
TYPECODE = "i"
_IOTA = array(TYPECODE)  # 0, 1, 2, …: slices of it are identity maps, copied at C speed
_IOTA_MIN = 1 << 16  # grown by doubling: a process pays only for its largest filing, once


def _iota(start: int, end: int) -> "array[int]":
    global _IOTA
    if end > len(_IOTA):
        _IOTA = array(TYPECODE, range(max(end + 1, 2 * len(_IOTA), _IOTA_MIN)))
    return _IOTA[start:end]


@dataclass(frozen=True, slots=True)
class TextView:
    text: str
    starts: "array[int]"  # starts[i]: source offset where view char i begins
    ends: "array[int]"  # ends[i]: source offset just after view char i

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def of(cls, source: str, start: int = 0, end: int | None = None) -> "TextView":
        """The identity view of ``source[start:end]``."""
        end = len(source) if end is None else end
        return cls(source[start:end], _iota(start, end), _iota(start + 1, end + 1))

    # -- mapping ------------------------------------------------------------------------------------
    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` of the view slice ``[start, end)``."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def __len__(self) -> int:
        return len(self.text)

    # -- transformation -----------------------------------------------------------------------------
    def sub(self, pattern: "str | regex.Pattern[str]", repl: Replacement, flags: int = 0) -> "TextView":
        """Like ``regex.sub`` on the text, keeping the map exact.

        Kept characters keep their own source range; every character of a replacement maps to the whole
        source range of what it replaced (so a highlight of a replaced value covers its original form).
        """
        pat = regex.compile(pattern, flags) if isinstance(pattern, str) else pattern
        text, starts, ends = self.text, self.starts, self.ends
        out: list[str] = []
        new_starts = array(TYPECODE)
        new_ends = array(TYPECODE)
        pos = 0
        changed = False
        literal = None if callable(repl) or "\\" in repl else repl  # m.expand parses its template on every call
        for m in pat.finditer(text):
            a, b = m.span()
            new = literal if literal is not None else repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            out.append(text[pos:a])
            new_starts += starts[pos:a]
            new_ends += ends[pos:a]
            if new:
                if b > a:
                    src_a, src_b = starts[a], ends[b - 1]
                else:  # pure insertion: a zero-width source range at the insertion point
                    src_a = src_b = starts[a] if a < len(starts) else (ends[-1] if ends else 0)
                out.append(new)
                new_starts += array(TYPECODE, (src_a,)) * len(new)
                new_ends += array(TYPECODE, (src_b,)) * len(new)
            pos = b
        if not changed:
            return self
        out.append(text[pos:])
        new_starts += starts[pos:]
        new_ends += ends[pos:]
        return TextView("".join(out), new_starts, new_ends)

    def replace_chars(self, table: dict[str, str]) -> "TextView":
        """Rewrite single characters one for one (typographic quotes, dashes, spaces): each new character stands
        exactly where the old one did, so the maps are shared, not rebuilt.

        One ``str.replace`` per character present: C scans that stay fast on non-ASCII text, where
        ``str.translate`` with a dict falls back to a lookup per character (about 100 times slower).
        """
        assert all(len(k) == 1 and len(v) == 1 for k, v in table.items())
        text = self.text
        for old, new in table.items():
            if old in text:
                text = text.replace(old, new)
        return self if text == self.text else TextView(text, self.starts, self.ends)

    def pipe(self, steps: Iterable[tuple["str | regex.Pattern[str]", Replacement]]) -> "TextView":
        view = self
        for pattern, repl in steps:
            view = view.sub(pattern, repl)
        return view

    def slice(self, start: int, end: int) -> "TextView":
        return TextView(self.text[start:end], self.starts[start:end], self.ends[start:end])


class ViewBuilder:
    """Builds a view piece by piece (used by the HTML renderer)."""

    __slots__ = ("_parts", "_starts", "_ends", "_iota", "last")

    def __init__(self, source_len: int = 0) -> None:
        self._parts: list[str] = []
        self._starts = array(TYPECODE)
        self._ends = array(TYPECODE)
        _iota(0, source_len + 1)  # sized once, so copy() slices it without a check per call
        self._iota = _IOTA
        self.last = ""  # the last character appended ("" when empty): renderers ask it at every tag

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` verbatim."""
        if end > start:
            self._parts.append(source[start:end])
            iota = self._iota
            if end >= len(iota):  # past the size given at construction: grow rather than slice short
                _iota(0, end + 1)
                iota = self._iota = _IOTA
            self._starts += iota[start:end]
            self._ends += iota[start + 1:end + 1]
            self.last = source[end - 1]

    def put(self, text: str, start: int, end: int) -> None:
        """Append synthetic ``text`` standing for the source range ``[start, end)``."""
        if len(text) == 1:  # line and cell breaks, single spaces: the common case
            self._parts.append(text)
            self._starts.append(start)
            self._ends.append(end)
            self.last = text
        elif text:
            self._parts.append(text)
            self._starts += array(TYPECODE, (start,)) * len(text)
            self._ends += array(TYPECODE, (end,)) * len(text)
            self.last = text[-1]

    def last_char(self) -> str:
        return self.last

    def build(self) -> TextView:
        return TextView("".join(self._parts), self._starts, self._ends)


def concat(views: Iterable[TextView], sep: str = "\n") -> TextView:
    """Join views with a separator that maps to the start of the following view."""
    b = ViewBuilder()
    first = True
    for v in views:
        if not first and sep:
            pos = v.starts[0] if v.starts else 0
            b.put(sep, pos, pos)
        first = False
        b._parts.append(v.text)
        b._starts += v.starts
        b._ends += v.ends
        b.last = v.text[-1:] or b.last
    return b.build()
