"""A text view with an exact map back to the decoded source.

Extractors never read the raw filing directly: they read a *view* — HTML rendered to lines, SGML tags and
markdown noise removed, checkbox glyphs and escapes normalised — and every character of the view knows the
``[start, end)`` range of source characters it came from. Provenance spans are always source offsets, so a
reviewer can highlight exactly what the value was read from, however much cleanup happened in between.

A view is immutable; each cleanup step (:meth:`TextView.sub`) returns a new view whose map is composed with
the old one. The map (:class:`OffsetMap`) stores runs, not characters: text copied from the source is one run
(character ``k`` of it came from ``src + k``), and a replacement is one run whose characters all stand for the
whole source range it replaced. A filing of ten million characters with a few thousand edits has a map of a few
thousand runs, where one offset per character cost 8 bytes a character and was most of a big filing's memory.
"""
from __future__ import annotations

import os
from array import array
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from struct import pack
from typing import Callable, Iterable, Iterator, Sequence

import regex

Replacement = str | Callable[["regex.Match[str]"], str]

# 4-byte offsets and lengths: a filing is capped far below 2**31 characters (max_filing_bytes)
TYPECODE = "i"
COPIED = -1  # in OffsetMap.ends: the run was copied from the source, character k from [src + k, src + k + 1)
# A rewrite joins its pieces a few thousand at a time: a piece is a small string object (about 50 bytes over its
# characters), and a filing with an edit every few characters would otherwise hold more overhead than text
_PIECES_PER_CHUNK = 4096
_LONG_PIECE = 1 << 16  # characters
_PACKED = 64  # runs: a map longer than this packs its offsets (struct.pack) for its array; a short one, a list
# a replacement template that is one group reference ("\\1", "\\g<1>"): its text is the group, no template to expand
_GROUP_TEMPLATE = regex.compile(r"\\(?:([1-9][0-9]?)|g<([0-9]+)>)")


# the replacement modes of _rewrite.edits: a literal, a group number, a function of the match, a template
_LITERAL, _GROUP, _CALL, _TEMPLATE = range(4)


def _load_native() -> "Callable[..., tuple[list[str], bytes, bytes, bytes] | None] | None":
    """``_rewrite.edits``, the edit loop of :meth:`TextView.rewrite` in C, unless it is not built (an install without
    a C compiler) or ``EDGARSIFT_PURE_PYTHON=1`` asks for the Python loop."""
    if os.environ.get("EDGARSIFT_PURE_PYTHON") == "1":
        return None
    try:
        from . import _rewrite
    except ImportError:
        return None
    return _rewrite.edits


_native_edits = _load_native()


def _ints(packed: bytes) -> "array[int]":
    """An offsets array from the bytes the C loop packed it to (a copy at memcpy speed)."""
    out = array(TYPECODE)
    out.frombytes(packed)
    return out


@lru_cache(maxsize=256)
def _group_of(template: str) -> int | None:
    """The group a replacement template refers to when it is that reference alone (None: any other template);
    remembered, as cleanup steps give the same few templates for every filing."""
    ref = _GROUP_TEMPLATE.fullmatch(template)
    return None if ref is None else int(ref.group(1) or ref.group(2))


class OffsetMap:
    """The source ``[start, end)`` of every character of a view, stored as runs (parallel arrays).

    Run ``r`` covers ``lens[r]`` view characters. When ``ends[r]`` is :data:`COPIED`, its character ``k`` maps
    to ``[srcs[r] + k, srcs[r] + k + 1)``; otherwise every character maps to ``[srcs[r], ends[r])``. Runs are
    never empty. Built by :class:`MapBuilder`; immutable once built.
    """

    __slots__ = ("lens", "srcs", "ends", "at", "length")

    def __init__(self, lens: "array[int]", srcs: "array[int]", ends: "array[int]") -> None:
        self.lens, self.srcs, self.ends = lens, srcs, ends
        # at[r]: the view offset where run r begins; one more entry, the view's length, closes the list
        # (an array fills from a list about twice as fast as from an iterator, and a long one from the numbers
        # packed at once faster still: array(list) parses each number as a call argument)
        at = list(accumulate(lens, initial=0))
        self.at = array(TYPECODE, pack(f"{len(at)}{TYPECODE}", *at) if len(at) > _PACKED else at)
        self.length = self.at[-1]

    @classmethod
    def copied(cls, start: int, end: int) -> "OffsetMap":
        """The map of ``source[start:end]`` itself."""
        if end <= start:
            return cls(array(TYPECODE), array(TYPECODE), array(TYPECODE))
        return cls(array(TYPECODE, (end - start,)), array(TYPECODE, (start,)), array(TYPECODE, (COPIED,)))

    def __len__(self) -> int:
        return self.length

    def _index(self, i: int) -> int:
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError("view offset out of range")
        return i

    def start_of(self, i: int) -> int:
        """Source offset where view character ``i`` begins (negative ``i`` counts from the end)."""
        i = self._index(i)
        r = bisect_right(self.at, i) - 1
        return self.srcs[r] + (i - self.at[r]) if self.ends[r] == COPIED else self.srcs[r]

    def end_of(self, i: int) -> int:
        """Source offset just after view character ``i`` (negative ``i`` counts from the end)."""
        i = self._index(i)
        r = bisect_right(self.at, i) - 1
        return self.srcs[r] + (i - self.at[r]) + 1 if self.ends[r] == COPIED else self.ends[r]

    def columns(self, i: int, j: int) -> tuple["array[int]", "array[int]"]:
        """Per-character source starts and ends of view characters ``[i, j)`` (for small views: 8 bytes each)."""
        starts, ends = array(TYPECODE), array(TYPECODE)
        if j <= i:
            return starts, ends
        at, lens, srcs, run_ends = self.at, self.lens, self.srcs, self.ends
        r = bisect_right(at, i) - 1
        while i < j:
            stop = min(j, at[r] + lens[r])
            if run_ends[r] == COPIED:
                first = srcs[r] + (i - at[r])
                starts.extend(range(first, first + stop - i))
                ends.extend(range(first + 1, first + 1 + stop - i))
            else:
                starts += array(TYPECODE, (srcs[r],)) * (stop - i)
                ends += array(TYPECODE, (run_ends[r],)) * (stop - i)
            i, r = stop, r + 1
        return starts, ends


class MapBuilder:
    """Builds an :class:`OffsetMap` run by run; a copied run that continues the last one extends it."""

    __slots__ = ("lens", "srcs", "ends", "_next")

    def __init__(self) -> None:
        self.lens, self.srcs, self.ends = array(TYPECODE), array(TYPECODE), array(TYPECODE)
        self._next = -1  # the source offset that would continue the last run (-1: the last run was not copied)

    def copied(self, src: int, n: int) -> None:
        """``n`` characters copied from ``source[src:src + n]``."""
        if n <= 0:
            return
        if src == self._next:
            self.lens[-1] += n
        else:
            self.lens.append(n)
            self.srcs.append(src)
            self.ends.append(COPIED)
        self._next = src + n

    def standing_for(self, src: int, end: int, n: int) -> None:
        """``n`` characters that each stand for the source range ``[src, end)``."""
        if n <= 0:
            return
        if n == 1 and end == src + 1:  # one character for one: a copied run, which may continue the last
            self.copied(src, 1)
            return
        self.lens.append(n)
        self.srcs.append(src)
        self.ends.append(end)
        self._next = -1

    def extend(self, other: OffsetMap, i: int, j: int) -> None:
        """The map of view characters ``[i, j)`` of ``other``, appended (``0 <= i <= j <= len(other)``)."""
        if j <= i:
            return
        at, lens, srcs, ends = other.at, other.lens, other.srcs, other.ends
        first = bisect_right(at, i) - 1
        if j <= at[first + 1]:  # within one run: the common case, a stretch of text between two edits
            if ends[first] == COPIED:
                self.copied(srcs[first] + i - at[first], j - i)
            else:
                self.standing_for(srcs[first], ends[first], j - i)
            return
        last = bisect_right(at, j - 1, first) - 1
        if ends[first] == COPIED:
            self.copied(srcs[first] + i - at[first], at[first + 1] - i)
        else:
            self.standing_for(srcs[first], ends[first], at[first + 1] - i)
        if last > first + 1:  # whole runs: copied at C speed (the seam with the run before stays unmerged)
            self.lens += lens[first + 1:last]
            self.srcs += srcs[first + 1:last]
            self.ends += ends[first + 1:last]
            self._next = -1
        if ends[last] == COPIED:
            self.copied(srcs[last], j - at[last])
        else:
            self.standing_for(srcs[last], ends[last], j - at[last])

    def build(self) -> OffsetMap:
        return OffsetMap(self.lens, self.srcs, self.ends)


class _Column:
    """``view.starts`` / ``view.ends``: per-character offsets computed on demand from the runs."""

    __slots__ = ("_map", "_ends")

    def __init__(self, offsets: OffsetMap, ends: bool) -> None:
        self._map, self._ends = offsets, ends

    def __len__(self) -> int:
        return len(self._map)

    def __getitem__(self, key: "int | slice") -> "int | array[int]":
        if isinstance(key, slice):
            i, j, step = key.indices(len(self._map))
            if step != 1:
                raise ValueError("offset columns slice with step 1 only")
            return self._map.columns(i, j)[1 if self._ends else 0]
        return self._map.end_of(key) if self._ends else self._map.start_of(key)

    def __iter__(self) -> Iterator[int]:
        return iter(self._map.columns(0, len(self._map))[1 if self._ends else 0])


class TextView:
    """Text and the source range of each of its characters.

    ``TextView(text, starts, ends)`` takes per-character source offsets (any sequences of ints, e.g. built by an
    extractor that joins pieces of a view); ``TextView(text, offsets=OffsetMap)`` takes runs.
    """

    __slots__ = ("text", "offsets")
    text: str
    offsets: OffsetMap

    def __init__(self, text: str, starts: Sequence[int] | None = None, ends: Sequence[int] | None = None, *,
                 offsets: OffsetMap | None = None) -> None:
        if offsets is None:
            if starts is None or ends is None or not len(starts) == len(ends) == len(text):
                raise ValueError("a view needs a source start and end for every character")
            offsets = _per_character_map(starts, ends)
        elif len(offsets) != len(text):
            raise ValueError("the offset map does not cover the text")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "offsets", offsets)

    def __setattr__(self, name, value):
        raise AttributeError("a TextView is immutable")

    def __reduce__(self):  # pickled as its text and map (the default would set its slots, which it refuses)
        return _view_of, (self.text, self.offsets)

    def __repr__(self) -> str:
        return f"TextView({self.text[:40]!r}{'…' if len(self.text) > 40 else ''}, {len(self.offsets.lens)} runs)"

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def of(cls, source: str, start: int = 0, end: int | None = None) -> "TextView":
        """The identity view of ``source[start:end]``."""
        end = len(source) if end is None else end
        text = source[start:end]
        return cls(text, offsets=OffsetMap.copied(start, start + len(text)))

    # -- mapping ------------------------------------------------------------------------------------
    @property
    def starts(self) -> _Column:
        """``starts[i]``: source offset where view char ``i`` begins (computed from the runs)."""
        return _Column(self.offsets, False)

    @property
    def ends(self) -> _Column:
        """``ends[i]``: source offset just after view char ``i`` (computed from the runs)."""
        return _Column(self.offsets, True)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` of the view slice ``[start, end)``."""
        offsets = self.offsets
        if 0 <= start < end <= offsets.length:  # the common case, inline: extractors ask thousands of spans
            at, srcs, ends = offsets.at, offsets.srcs, offsets.ends
            r = bisect_right(at, start) - 1
            first = srcs[r] + (start - at[r]) if ends[r] == COPIED else srcs[r]
            end -= 1  # the last character: usually in the same run, else looked up after this one
            if end >= at[r + 1]:
                r = bisect_right(at, end, r) - 1
            return first, srcs[r] + (end - at[r]) + 1 if ends[r] == COPIED else ends[r]
        if end <= start:
            n = len(self.text)
            pos = offsets.start_of(start) if start < n else (offsets.end_of(n - 1) if n else 0)
            return pos, pos
        return offsets.start_of(start), offsets.end_of(end - 1)

    def __len__(self) -> int:
        return len(self.text)

    # -- transformation -----------------------------------------------------------------------------
    def sub(self, pattern: "str | regex.Pattern[str]", repl: Replacement, flags: int = 0) -> "TextView":
        """Like ``regex.sub`` on the text, keeping the map exact.

        Kept characters keep their own source range; every character of a replacement maps to the whole
        source range of what it replaced (so a highlight of a replaced value covers its original form).
        """
        rewrite = self.rewrite(pattern, repl, flags)
        return self if rewrite is None else rewrite.build()

    def rewrite(self, pattern: "str | regex.Pattern[str]", repl: Replacement, flags: int = 0) -> "Rewrite | None":
        """:meth:`sub` in two halves: the edits, found now (None when nothing changes), and the new view, built
        by :meth:`Rewrite.build`. A caller that drops this view in between (a chain of cleanup steps) never
        holds the old text, the pieces and the new text at once."""
        pat = regex.compile(pattern, flags) if isinstance(pattern, str) else pattern
        # the replacement's text for a match: a literal (the same every time), one group, or the general case
        literal = group = None
        if not callable(repl):
            if "\\" not in repl:
                literal = repl
            else:
                group = _group_of(repl)
        if _native_edits is None:
            return self._rewrite_python(pat, repl, literal, group)
        text, offsets = self.text, self.offsets
        arg: "str | int | Replacement"
        if literal is not None:
            mode, arg = _LITERAL, literal
        elif group is not None:
            mode, arg = _GROUP, group
        else:
            mode, arg = (_CALL, repl) if callable(repl) else (_TEMPLATE, repl)
        done = _native_edits(text, pat.finditer(text), mode, arg, offsets.at, offsets.srcs, offsets.ends)
        if done is None:
            return None
        chunks, lens, srcs, ends = done
        return Rewrite(chunks, OffsetMap(_ints(lens), _ints(srcs), _ints(ends)))

    def _rewrite_python(self, pat: "regex.Pattern[str]", repl: Replacement, literal: str | None,
                        group: int | None) -> "Rewrite | None":
        """The edit loop of :meth:`rewrite` in Python: the fallback where ``_rewrite.c`` is not built, and the
        reference its tests compare it with (the C mirrors this step for step)."""
        text, offsets = self.text, self.offsets
        at, srcs, run_ends = offsets.at, offsets.srcs, offsets.ends
        size = len(text)
        out: list[str] = []  # pieces of the new text, joined into chunks as they come (see _PIECES_PER_CHUNK)
        chunks: list[str] = []
        add, per_chunk, long_piece = out.append, _PIECES_PER_CHUNK, _LONG_PIECE
        b: MapBuilder | None = None
        # One loop does every edit's text and map: a step can make thousands of edits, and calls per edit (as
        # MapBuilder.extend for each kept stretch) cost several times the search. The new runs go into b's arrays
        # directly (`after` stands for b._next), and the old run at the current position is held in locals: it
        # ends at `stop`; a copied run maps character i to [i + shift, i + shift + 1), another maps every
        # character to [fixed, fixed_end). Positions only grow, so the next run is looked up from this one.
        after = -1
        r = stop = shift = fixed = fixed_end = 0
        copied = False
        pos = 0
        for m in pat.finditer(text):
            a, z = m.span()
            if literal is not None:
                new = literal
            elif group is not None:
                new = m.group(group) or ""
            else:
                new = repl(m) if callable(repl) else m.expand(repl)
            n = len(new)
            if n == z - a and new == text[a:z]:
                continue
            if b is None:  # the first edit: many steps find only matches they leave as they are, and build nothing
                b = MapBuilder()
                lens, add_len, add_src, add_end = b.lens, b.lens.append, b.srcs.append, b.ends.append
            if a > pos:  # the kept stretch [pos, a): its text and map
                if a - pos < long_piece:
                    add(text[pos:a])
                else:  # a long stretch goes into the chunks as it is: joined with small pieces it would be copied twice
                    chunks.append("".join(out))
                    out.clear()
                    chunks.append(text[pos:a])
                if pos >= stop:
                    r = bisect_right(at, pos, r) - 1
                    stop, fixed, fixed_end = at[r + 1], srcs[r], run_ends[r]
                    shift, copied = fixed - at[r], fixed_end == COPIED
                if a <= stop and copied:  # the common case: within one copied run
                    if pos + shift == after:
                        lens[-1] += a - pos
                    else:
                        add_len(a - pos)
                        add_src(pos + shift)
                        add_end(COPIED)
                    after = a + shift
                else:
                    b._next = after
                    b.extend(offsets, pos, a)
                    after = b._next
            if n:  # every character of the replacement stands for the source range of what it replaced
                if a < size:
                    if a >= stop:
                        r = bisect_right(at, a, r) - 1
                        stop, fixed, fixed_end = at[r + 1], srcs[r], run_ends[r]
                        shift, copied = fixed - at[r], fixed_end == COPIED
                    src = a + shift if copied else fixed  # the source start of character a
                    if z > a:  # the source end of character z - 1 (a pure insertion: zero-width, at a)
                        if z > stop:
                            r = bisect_right(at, z - 1, r) - 1
                            stop, fixed, fixed_end = at[r + 1], srcs[r], run_ends[r]
                            shift, copied = fixed - at[r], fixed_end == COPIED
                        end = z + shift if copied else fixed_end
                    else:
                        end = src
                else:  # an insertion at the end: a zero-width range where the text ends
                    src = end = offsets.end_of(size - 1) if size else 0
                add(new)
                if n == 1 and end == src + 1:  # one character for one: a copied run, which may continue the last
                    if src == after:
                        lens[-1] += 1
                    else:
                        add_len(1)
                        add_src(src)
                        add_end(COPIED)
                    after = end
                else:
                    add_len(n)
                    add_src(src)
                    add_end(end)
                    after = -1
            pos = z
            if len(out) >= per_chunk:
                chunks.append("".join(out))
                out.clear()
        if b is None:
            return None
        chunks.append("".join(out))
        chunks.append(text[pos:])
        b._next = after
        b.extend(offsets, pos, size)
        return Rewrite(chunks, b.build())

    def replace_chars(self, table: dict[str, str]) -> "TextView":
        """Rewrite single characters one for one (typographic quotes, dashes, spaces): each new character stands
        exactly where the old one did, so the map is shared, not rebuilt."""
        rewrite = self.rewrite_chars(table)
        return self if rewrite is None else rewrite.build()

    def rewrite_chars(self, table: dict[str, str]) -> "Rewrite | None":
        """:meth:`replace_chars` in two halves, as :meth:`rewrite` (None when no character of the table occurs)."""
        assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in table.items())
        if not any(old in self.text for old in table):
            return None
        return Rewrite([self.text], self.offsets, table)

    def pipe(self, steps: Iterable[tuple["str | regex.Pattern[str]", Replacement]]) -> "TextView":
        view = self
        for pattern, repl in steps:
            view = view.sub(pattern, repl)
        return view

    def slice(self, start: int, end: int) -> "TextView":
        i, j, _ = slice(start, end).indices(len(self.text))
        b = MapBuilder()
        b.extend(self.offsets, i, j)
        return TextView(self.text[i:j] if j > i else "", offsets=b.build())


def _per_character_map(starts: Sequence[int], ends: Sequence[int]) -> OffsetMap:
    """The runs of per-character source ranges: as MapBuilder.standing_for(s, e, 1) for each character (a
    character that stands for one source character is copied, and continues a copied run that ends where it
    begins), inline: extractors build views character by character."""
    lens: list[int] = []
    srcs: list[int] = []
    run_ends: list[int] = []
    after = -1  # the source offset that continues the last run when it was copied
    for s, e in zip(starts, ends):
        if e == s + 1:
            if s == after:
                lens[-1] += 1
            else:
                lens.append(1)
                srcs.append(s)
                run_ends.append(COPIED)
            after = e
        else:
            lens.append(1)
            srcs.append(s)
            run_ends.append(e)
            after = -1
    return OffsetMap(array(TYPECODE, lens), array(TYPECODE, srcs), array(TYPECODE, run_ends))


def _view_of(text: str, offsets: OffsetMap) -> TextView:
    return TextView(text, offsets=offsets)


class Rewrite:
    """The next version of a view, not built yet (:meth:`TextView.rewrite`): it holds the new text's pieces and
    map but not the old view, so the old view can go before the pieces are joined."""

    __slots__ = ("_pieces", "_offsets", "_chars")

    def __init__(self, pieces: list[str], offsets: OffsetMap, chars: dict[str, str] | None = None) -> None:
        self._pieces: list[str] | None = pieces
        self._offsets = offsets
        self._chars = chars  # single characters rewritten one for one in the joined text

    def build(self) -> TextView:
        """The new view (once: the pieces are let go as they are joined)."""
        pieces, self._pieces = self._pieces, None
        if pieces is None:
            raise RuntimeError("a Rewrite builds its view once")
        text = "".join(pieces)
        del pieces
        # one str.replace per character present: C scans that stay fast on non-ASCII text, where str.translate
        # with a dict falls back to a lookup per character (about 100 times slower)
        for old, new in (self._chars or {}).items():
            if old in text:
                text = text.replace(old, new)
        return TextView(text, offsets=self._offsets)


class ViewBuilder:
    """Builds a view piece by piece (used by the HTML renderer, once per text segment and tag: kept lean)."""

    __slots__ = ("_parts", "_lens", "_srcs", "_ends", "_next", "last")

    def __init__(self, source_len: int = 0) -> None:  # source_len: kept for callers; runs need no sizing
        self._parts: list[str] = []
        self._lens, self._srcs, self._ends = array(TYPECODE), array(TYPECODE), array(TYPECODE)
        self._next = -1  # as in MapBuilder: the source offset that continues the last run when it was copied
        self.last = ""  # the last character appended ("" when empty): renderers ask it at every tag

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` verbatim."""
        if end > start:
            self._parts.append(source[start:end])
            if start == self._next:
                self._lens[-1] += end - start
            else:
                self._lens.append(end - start)
                self._srcs.append(start)
                self._ends.append(COPIED)
            self._next = end
            self.last = source[end - 1]

    def put(self, text: str, start: int, end: int) -> None:
        """Append synthetic ``text`` standing for the source range ``[start, end)``."""
        n = len(text)
        if not n:
            return
        self._parts.append(text)
        if n == 1 and end == start + 1:  # one character for one source character: as if copied
            if start == self._next:
                self._lens[-1] += 1
            else:
                self._lens.append(1)
                self._srcs.append(start)
                self._ends.append(COPIED)
            self._next = end
        else:
            self._lens.append(n)
            self._srcs.append(start)
            self._ends.append(end)
            self._next = -1
        self.last = text[-1]

    def last_char(self) -> str:
        return self.last

    def build(self) -> TextView:
        return TextView("".join(self._parts), offsets=OffsetMap(self._lens, self._srcs, self._ends))


def concat(views: Iterable[TextView], sep: str = "\n") -> TextView:
    """Join views with a separator that maps to the start of the following view."""
    parts: list[str] = []
    b = MapBuilder()
    for v in views:
        if parts and sep:
            pos = v.offsets.start_of(0) if v.text else 0
            parts.append(sep)
            b.standing_for(pos, pos, len(sep))
        parts.append(v.text)
        b.extend(v.offsets, 0, len(v.text))
    return TextView("".join(parts), offsets=b.build())
