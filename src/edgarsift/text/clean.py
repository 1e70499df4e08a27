"""Cleanup steps that turn damaged filing text into something labels and values can be read from.

Every step is a :class:`Step` row, a pattern and its replacement applied with :meth:`TextView.sub`, so the view
keeps its exact map to the source. The steps are data: a new kind of damage is one more row, not a new function.
"""
from __future__ import annotations

import heapq
import html
import re
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple

import regex

from . import rx
from .view import Replacement, Rewrite, TextView

CHECKED = "[X]"
UNCHECKED = "[ ]"

_ENTITY = regex.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(m: "regex.Match[str]") -> str:
    return _unescaped(m.group(0))


@lru_cache(maxsize=4096)
def _unescaped(entity: str) -> str:  # a filing repeats a few entities thousands of times
    out = html.unescape(entity)
    return " " if out in ("\xa0", "\u2002", "\u2003", "\u2009", "\u200b") else out


def _input(m: "regex.Match[str]") -> str:
    return CHECKED if rx.search(r"\bchecked\b", m.group(0), regex.I) else UNCHECKED


def _box(m: "regex.Match[str]") -> str:
    return CHECKED if m.group(1).strip() else UNCHECKED


# ``__bold__`` markers go; a run of underscores that is a blank to fill in stays. A run is a marker when it opens
# (no letter or digit before it, a non-space after it) or closes (a non-space before it, no letter or digit
# after it): the first two branches, which look at the character before the run (``\w`` is a letter, a digit or
# "_") and after it. Any other run of two or more is the third branch, whose group 1 is the whole run (a lookahead
# from its first underscore, taken from inside a lookbehind that steps back over it), put back as it was by the
# template "\1": a blank to fill in costs no call of a Python function (a form has hundreds). Each branch takes
# the whole run, so no match is tried from inside a run; the pattern opens with one literal, which the engine
# scans for (an alternation at the top would be tried at every character).
_UNDERSCORE_RUN = r"_(?:(?<!\w_)_++(?=\S)|(?<=[^\s_]_)_++(?!\w)|(?<=(?=(_++))_)_++)"


# Single characters rewritten by table (one pass each group, whatever the number of rows)
_GLYPHS = {  # checkbox glyphs: ballot boxes, Wingdings renderings
    **dict.fromkeys("\u2612\u2611\u2713\u2714\u25a0\u25aa\u00fe\u00fd", CHECKED),
    **dict.fromkeys("\u2610\u25a1\u25a2\u00a8\u25cb\u274f", UNCHECKED),
}
_PLAIN = {
    **dict.fromkeys("\u00a0\u2002\u2003\u2009\u200b\ufeff", " "),
    **dict.fromkeys("\u2018\u2019\u201a\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}


# after "[": not a box written as the step writes it ("[ ]", "[X]" before a space or the end), which it would leave as
# it is
_NOT_A_BOX_YET = r"(?!(?: |X)\](?:\s|$))"


def _translate(m: "regex.Match[str]") -> str:
    return _GLYPHS[m.group(0)]


class Anchored:
    """The matches of a pattern that opens with a run of ``lead`` characters before a literal ``anchor``
    (``[ \\t]*\\|...``), found from the anchor: ``re`` has no fast scan for a pattern that opens with an optional
    class, and tries it at every position (about 18 ns a character); here ``str.find`` finds the anchor and the
    pattern is matched once, where its match begins.

    The same matches as ``pattern.finditer``: the leftmost match after the previous one must end its lead run
    at the first anchor (a lead character is not the anchor), and it begins where the lead run before that
    anchor begins, or where the previous match ended (a match's own lead run stops at its anchor).
    """

    __slots__ = ("compiled", "anchor", "lead", "pattern")

    def __init__(self, pattern: str, anchor: str, lead: str, flags: int = 0) -> None:
        self.compiled = re.compile(pattern, flags)
        self.anchor, self.lead, self.pattern = anchor, lead, pattern

    def finditer(self, text: str) -> Iterator["re.Match[str]"]:
        anchor, lead, match, find = self.anchor, self.lead, self.compiled.match, text.find
        pos = 0
        while (at := find(anchor, pos)) >= 0:
            m = match(text, pos + len(text[pos:at].rstrip(lead)))
            if m is None:  # not this pattern's shape: no fast path can be exact
                raise ValueError(f"{self.pattern!r} does not open with [{lead}]* before {anchor!r}")
            yield m
            pos = m.end()


class LineWith:
    """The matches of a pattern that opens with ``\\n`` and holds ``mark`` in the line after it (a lookahead
    ``(?=[^\\n|]*\\|)``, or the mark itself before any newline), found from the marks: ``re`` would try the
    pattern at every newline, and a lookahead scans the whole line; here ``str.find`` finds the next mark, and the
    pattern is tried once, at the newline that opens the mark's line. Lines without the mark cannot match, so
    the matches are those of ``pattern.finditer``."""

    __slots__ = ("compiled", "mark", "pattern")

    def __init__(self, pattern: str, mark: str, flags: int = 0) -> None:
        if not pattern.startswith("\\n"):
            raise ValueError(f"{pattern!r} does not open with a newline")
        self.compiled = re.compile(pattern, flags)
        self.mark, self.pattern = mark, pattern

    def finditer(self, text: str) -> Iterator["re.Match[str]"]:
        mark, match, find, rfind = self.mark, self.compiled.match, text.find, text.rfind
        pos = 0
        while (at := find(mark, pos)) >= 0:
            line = rfind("\n", pos, at)  # -1 when the mark's line opened before pos (where no match can start)
            if line >= 0 and (m := match(text, line)) is not None:
                yield m
                pos = m.end()
            elif (pos := find("\n", at)) < 0:  # no match opens this line: on from the newline that ends it
                return


class AnyOf:
    """The matches of ``[chars]`` (single characters), found by a literal scan for each character that occurs:
    a class of non-ASCII characters costs ``re`` about 10 ns a character of text, a literal next to nothing."""

    __slots__ = ("chars", "pattern")

    def __init__(self, chars: str) -> None:
        self.chars = chars
        self.pattern = "[" + "".join(re.escape(c) for c in chars) + "]"

    def finditer(self, text: str) -> Iterator["re.Match[str]"]:
        scans = [_literal(c).finditer(text) for c in self.chars if c in text]
        if len(scans) == 1:
            return scans[0]
        return heapq.merge(*scans, key=_match_start)  # one character each: they never overlap


class FromChar:
    """The matches of a pattern that opens with the literal ``char`` (not optional, not repeated), found from the
    character's occurrences: ``str.find`` of one character is a memchr, some 20 times faster than the engine's
    own scan for a literal (about 0.3 ns a character), and the pattern is matched once at each occurrence. Where
    the character is frequent (``(`` in prose, a row of underscores), a match call per occurrence costs more than
    the engine's scan, and the rest of the text is left to ``pattern.finditer`` (see :data:`_SCAN_GAP`).

    The same matches as ``pattern.finditer``: every match begins with ``char`` (so it is never empty), no match
    begins before the next occurrence, and a search resumed at a position sees the text before it (``\\b`` and
    lookbehinds look at the whole string).
    """

    __slots__ = ("compiled", "char", "pattern")

    def __init__(self, compiled: "re.Pattern[str] | regex.Pattern[str]", char: str) -> None:
        # the character escaped, or bare where that is a literal; a letter could fold under re.I, a quantifier
        # after it could make it optional or repeat it
        leads = ["\\" + char] + ([] if char in _SPECIAL else [char])
        lead = next((lead for lead in leads if compiled.pattern.startswith(lead)), None)
        if (len(char) != 1 or not char.isascii() or char.isalnum() or lead is None
                or compiled.pattern[len(lead):][:1] in ("*", "+", "?", "{")):
            raise ValueError(f"{compiled.pattern!r} does not open with the literal {char!r}")
        self.compiled, self.char, self.pattern = compiled, char, compiled.pattern

    def finditer(self, text: str) -> "Iterator[re.Match[str] | regex.Match[str]]":
        char, find, match = self.char, text.find, self.compiled.match
        pos = tries = window = 0  # tries since the window began at `window`
        while (at := find(char, pos)) >= 0:
            m = match(text, at)
            if m is not None:
                yield m
                pos = m.end()
            else:
                pos = at + 1
            tries += 1
            if tries == _WINDOW:
                if at - window < _WINDOW * _SCAN_GAP:  # a frequent character: the engine scans faster from here
                    yield from self.compiled.finditer(text, pos)
                    return
                tries, window = 0, at


_SPECIAL = frozenset(".^$*+?{}[]\\|()")  # characters that are not literals unless escaped
# A match call at an occurrence (about 0.25 us) costs what the engine's scan of this many characters does; FromChar
# goes on by itself while each _WINDOW occurrences are at least this far apart on average
_SCAN_GAP = 768
_WINDOW = 8


def _from_char(pattern: "re.Pattern[str] | regex.Pattern[str]", replacement: Replacement, char: str) -> "Step":
    """A step that runs when ``char`` occurs, its matches found from the character (``pattern`` opens with it)."""
    return Step(pattern, replacement, (char,), FromChar(pattern, char))


def _scanned(pattern: "re.Pattern[str] | regex.Pattern[str]", replacement: Replacement, char: str) -> "Step":
    """A step that runs when ``char`` occurs, its matches found by the engine's own scan."""
    return Step(pattern, replacement, (char,))


@lru_cache(maxsize=None)
def _literal(char: str) -> "re.Pattern[str]":
    return re.compile(re.escape(char))


def _match_start(m: "re.Match[str]") -> int:
    return m.start()


class Step(NamedTuple):
    """One cleanup step: ``pattern`` replaced by ``replacement`` (a template or a function of the match), or, when
    ``pattern`` is None, the single characters of ``replacement`` (a table) rewritten one for one. The step runs
    only when one of its ``triggers`` occurs in the text (None: always), so a filing pays only for its damage."""

    pattern: re.Pattern[str] | regex.Pattern[str] | Anchored | LineWith | AnyOf | None
    replacement: Replacement | dict[str, str]
    triggers: tuple[str, ...] | None
    finder: FromChar | None = None  # finds the pattern's matches faster (the same matches)

    def rewrite(self, view: TextView) -> Rewrite | None:
        """The step's edits to ``view`` (None when it changes nothing)."""
        if self.triggers is not None and not _occurs(self.triggers, view.text):
            return None
        if self.pattern is None:
            return view.rewrite_chars(self.replacement)  # type: ignore[arg-type]
        return view.rewrite(self.finder or self.pattern, self.replacement)  # type: ignore[arg-type]


def _occurs(triggers: tuple[str, ...], text: str) -> bool:
    """Whether any of ``triggers`` occurs in ``text``, for the cost of a scan or less (the check is paid by every
    filing, where the step itself runs on few)."""
    check = _TRIGGER_CHECKS.get(triggers)
    if check is None:
        check = _TRIGGER_CHECKS[triggers] = _trigger_check(triggers)
    return check(text)


def _trigger_check(triggers: tuple[str, ...]) -> Callable[[str], bool]:
    # single characters: a memchr each; only non-ASCII ones: none occurs in an ASCII text (isascii is a flag);
    # longer strings: one `re` alternation, about twice as fast as `in` per string (and one scan for them all),
    # searched only when one of their first characters occurs (a memchr each)
    chars = tuple(t for t in triggers if len(t) == 1)
    longer = sorted((t for t in triggers if len(t) > 1), key=len, reverse=True)
    if "" in triggers:
        return lambda text: True
    if not longer:
        if len(chars) == 1:  # most rows: one memchr, without a generator (a view asks every row)
            char = chars[0]
            return lambda text: char in text
        if all(not c.isascii() for c in chars):
            return lambda text: not text.isascii() and any(c in text for c in chars)
        return lambda text: any(c in text for c in chars)
    firsts = tuple(dict.fromkeys(t[0] for t in longer))
    search = re.compile("|".join(map(re.escape, longer))).search
    if len(firsts) == 1:  # ("<i", "<I"): from the occurrences of "<", where SGML text has a few dozen
        first, prefixes = firsts[0], tuple(longer)
        if not chars:
            return lambda text: _opens_at_char(text, first, prefixes, search)
        return lambda text: (any(c in text for c in chars) or _opens_at_char(text, first, prefixes, search))
    return lambda text: (any(c in text for c in chars)
                         or (any(c in text for c in firsts) and search(text) is not None))


def _opens_at_char(text: str, char: str, prefixes: tuple[str, ...], search: Callable[[str, int], object]) -> bool:
    """Whether one of ``prefixes``, which all open with ``char``, occurs in ``text``: checked in place at each
    occurrence of the character (a memchr away), as FromChar does; where the character is frequent, ``search``
    (for any of them) scans on from the occurrence checked last."""
    find, opens = text.find, text.startswith
    tries = window = 0
    at = find(char)
    while at >= 0:
        if opens(prefixes, at):
            return True
        tries += 1
        if tries == _WINDOW:
            if at - window < _WINDOW * _SCAN_GAP:
                return search(text, at + 1) is not None
            tries, window = 0, at
        at = find(char, at + 1)
    return False


_TRIGGER_CHECKS: dict[tuple[str, ...], Callable[[str], bool]] = {}


def _at_line_start(body: str, triggers: tuple[str, ...], flags: int = 0, mark: str | None = None) -> list[Step]:
    """Two rows that delete ``body`` where it starts a line: at the text's start, and after each newline.

    ``(?m)^body`` would make the engine try every position; a pattern that opens with ``\\n`` is found by a
    fast scan for the newline, which the replacement puts back. When ``body`` can only match a line that holds
    ``mark``, the newline row is found from the marks (:class:`LineWith`).
    """
    after_newline = LineWith(r"\n" + body, mark, flags) if mark else re.compile(r"\n" + body, flags)
    return [Step(re.compile(r"\A" + body, flags), "", triggers), Step(after_newline, "\n", triggers)]


# The steps use the stdlib engine, and each pattern opens with a literal where it can: `re` then scans for
# that character at C speed, where a pattern opening with a class, an alternation or `^` is tried at every
# position (10 to 50 times slower). Order matters: tags and escapes first, then glyphs, then layout.
TEXT_CLEANUP: list[Step] = [
    # form inputs rendered into text (OCR/markdown exports of HTML): a radio or checkbox is a box
    Step(re.compile(r"<input\b[^>]*>", re.I), _input, ("<i", "<I")),  # any case of "input": its first letter
    # SGML layout tags of 1990s EDGAR text and stray inline HTML; their content stays
    _from_char(re.compile(
        r"</?(?:page|table|caption|s|c|fn|r|f\d*|u|b|i|del|ins|sup|sub|br|p|div|span|font|center|strong|em|tt|pre)\b[^>\n]{0,200}>",
        re.I), "", "<"),
    _from_char(_ENTITY, _entity, "&"),
    # markdown escapes and emphasis: \$ \* \_ and ** / __ / *** runs
    _from_char(re.compile(r"\\([$*_#|\[\]()>.+-])"), r"\1", "\\"),
    # (each triggered by one character, a memchr: a match holds "**" or "__", and is found from its first character)
    _from_char(re.compile(r"\*\*+"), "", "*"),
    _from_char(re.compile(_UNDERSCORE_RUN), r"\1", "_"),
    # checkbox glyphs: ballot boxes, Wingdings renderings, bracketed marks as OCR sees them ("[x]", "{ }", "(X)";
    # one row per opening mark, each found by its literal)
    Step(AnyOf("".join(_GLYPHS)), _translate, tuple(_GLYPHS)),
    # ("[ ]" and "[X]" are boxes already: the "[" row skips them in the pattern, not by a call that changes nothing)
    # ("(" is frequent in prose: its row is left to the engine's scan, which FromChar would soon hand it to)
    *((_from_char if opening != "(" else _scanned)(
        re.compile(re.escape(opening) + (_NOT_A_BOX_YET if opening == "[" else "")
                   + r"\s?([xX\u00d7]?)\s?[\]\}\)](?=\s|$)"), _box, opening)
      for opening in "[{("),
    # markdown tables: separator rows vanish, cell bars become tabs (like the tab tables of other exports)
    # (lookaheads first: a line must hold a bar and a dash run before the row pattern is tried, which keeps
    # long runs of layout spaces from backtracking)
    *_at_line_start(r"(?=[^\n|]*\|)(?=[^\n]*--)[ \t]*+-?[ \t]*+\|?(?:[ \t]*+:?-{2,}:?[ \t]*+\|)+[ \t]*+:?-*:?[ \t]*$",
                    ("|",), re.M, mark="|"),
    *_at_line_start(r"(?=[ \t]*-[ \t]+\|)[ \t]*-[ \t]+", ("|",), mark="|"),
    Step(Anchored(r"[ \t]*\|[ \t]*", "|", " \t"), "\t", ("|",)),
    # markdown headings and list bullets
    *_at_line_start(r"[ \t]*#{1,6}[ \t]+", ("#",), mark="#"),
    # typographic spaces, quotes and dashes to their plain forms: one character for one, so a table of characters
    # (no pattern) that leaves the offset maps as they are
    Step(None, _PLAIN, tuple(_PLAIN)),
    Step(re.compile(r"\r\n?"), "\n", ("\r",)),
]


# Every character a step's trigger opens with: a text holding none of them (a short XML value, "1,234,567") is
# changed by no step, and is told so by one scan instead of a trigger check per step (None: a step that runs
# untriggered would make the scan say nothing)
_TRIGGER_START = (re.compile("[" + "".join(sorted({re.escape(t[0]) for step in TEXT_CLEANUP
                                                   for t in step.triggers or ()})) + "]")
                  if all(step.triggers and all(step.triggers) for step in TEXT_CLEANUP) else None)


def clean_text(view: TextView) -> TextView:
    """Apply :data:`TEXT_CLEANUP` to a view of plain, OCR or markdown text."""
    if _TRIGGER_START is not None and _TRIGGER_START.search(view.text) is None:
        return view
    for step in TEXT_CLEANUP:
        rewrite = step.rewrite(view)
        if rewrite is not None:
            view = None  # type: ignore[assignment]  # the old text goes before the new one is joined
            view = rewrite.build()
            del rewrite
    return view


def squeeze(s: str) -> str:
    """Collapse white space for a value read from a view (the span still points at the original)."""
    return rx.sub(r"\s+", " ", s).strip()
