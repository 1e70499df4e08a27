"""Cleanup steps that turn damaged filing text into something labels and values can be read from.

Every step is a :class:`Step` row, a pattern and its replacement applied with :meth:`TextView.sub`, so the view
keeps its exact map to the source. The steps are data: a new kind of damage is one more row, not a new function.
"""
from __future__ import annotations

import html
import re
from typing import NamedTuple

import regex

from . import rx
from .view import Replacement, Rewrite, TextView

CHECKED = "[X]"
UNCHECKED = "[ ]"

_ENTITY = regex.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(m: "regex.Match[str]") -> str:
    out = html.unescape(m.group(0))
    return " " if out in ("\xa0", "\u2002", "\u2003", "\u2009", "\u200b") else out


def _input(m: "regex.Match[str]") -> str:
    return CHECKED if rx.search(r"\bchecked\b", m.group(0), regex.I) else UNCHECKED


def _box(m: "regex.Match[str]") -> str:
    return CHECKED if m.group(1).strip() else UNCHECKED


def _underscores(m: "regex.Match[str]") -> str:
    """``__bold__`` markers go; a run of underscores that is a blank to fill in stays."""
    run = m.group(0)
    s, a, b = m.string, m.start(), m.end()
    before = s[a - 1] if a else ""
    after = s[b] if b < len(s) else ""
    opens = not before.isalnum() and after != "" and not after.isspace()
    closes = before != "" and not before.isspace() and not after.isalnum()
    return "" if opens or closes else run


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


def _char_class(table: dict[str, str]) -> "re.Pattern[str]":
    return re.compile("[" + "".join(re.escape(c) for c in table) + "]")


def _translate(m: "regex.Match[str]") -> str:
    return _GLYPHS[m.group(0)]


class Step(NamedTuple):
    """One cleanup step: ``pattern`` replaced by ``replacement`` (a template or a function of the match), or, when
    ``pattern`` is None, the single characters of ``replacement`` (a table) rewritten one for one. The step runs
    only when one of its ``triggers`` occurs in the text (None: always), so a filing pays only for its damage."""

    pattern: re.Pattern[str] | regex.Pattern[str] | None
    replacement: Replacement | dict[str, str]
    triggers: tuple[str, ...] | None

    def rewrite(self, view: TextView) -> Rewrite | None:
        """The step's edits to ``view`` (None when it changes nothing)."""
        if self.triggers is not None and not any(t in view.text for t in self.triggers):
            return None
        if self.pattern is None:
            return view.rewrite_chars(self.replacement)  # type: ignore[arg-type]
        return view.rewrite(self.pattern, self.replacement)  # type: ignore[arg-type]


def _at_line_start(body: str, triggers: tuple[str, ...], flags: int = 0) -> list[Step]:
    """Two rows that delete ``body`` where it starts a line: at the text's start, and after each newline.

    ``(?m)^body`` would make the engine try every position; a pattern that opens with ``\\n`` is found by a
    fast scan for the newline, which the replacement puts back.
    """
    return [Step(re.compile(r"\A" + body, flags), "", triggers), Step(re.compile(r"\n" + body, flags), "\n", triggers)]


# The steps use the stdlib engine, and each pattern opens with a literal where it can: `re` then scans for
# that character at C speed, where a pattern opening with a class, an alternation or `^` is tried at every
# position (10 to 50 times slower). Order matters: tags and escapes first, then glyphs, then layout.
TEXT_CLEANUP: list[Step] = [
    # form inputs rendered into text (OCR/markdown exports of HTML): a radio or checkbox is a box
    Step(re.compile(r"<input\b[^>]*>", re.I), _input, ("<input", "<INPUT", "<Input")),
    # SGML layout tags of 1990s EDGAR text and stray inline HTML; their content stays
    Step(re.compile(
        r"</?(?:page|table|caption|s|c|fn|r|f\d*|u|b|i|del|ins|sup|sub|br|p|div|span|font|center|strong|em|tt|pre)\b[^>\n]{0,200}>",
        re.I), "", ("<",)),
    Step(_ENTITY, _entity, ("&",)),
    # markdown escapes and emphasis: \$ \* \_ and ** / __ / *** runs
    Step(re.compile(r"\\([$*_#|\[\]()>.+-])"), r"\1", ("\\",)),
    Step(re.compile(r"\*\*+"), "", ("**",)),
    Step(re.compile(r"__+"), _underscores, ("__",)),
    # checkbox glyphs: ballot boxes, Wingdings renderings, bracketed marks as OCR sees them ("[x]", "{ }", "(X)";
    # one row per opening mark, each found by its literal)
    Step(_char_class(_GLYPHS), _translate, tuple(_GLYPHS)),
    *(Step(re.compile(re.escape(opening) + r"\s?([xX\u00d7]?)\s?[\]\}\)](?=\s|$)"), _box, (opening,))
      for opening in "[{("),
    # markdown tables: separator rows vanish, cell bars become tabs (like the tab tables of other exports)
    # (lookaheads first: a line must hold a bar and a dash run before the row pattern is tried, which keeps
    # long runs of layout spaces from backtracking)
    *_at_line_start(r"(?=[^\n|]*\|)(?=[^\n]*--)[ \t]*+-?[ \t]*+\|?(?:[ \t]*+:?-{2,}:?[ \t]*+\|)+[ \t]*+:?-*:?[ \t]*$",
                    ("|",), re.M),
    *_at_line_start(r"(?=[ \t]*-[ \t]+\|)[ \t]*-[ \t]+", ("|",)),
    Step(re.compile(r"[ \t]*\|[ \t]*"), "\t", ("|",)),
    # markdown headings and list bullets
    *_at_line_start(r"[ \t]*#{1,6}[ \t]+", ("#",)),
    # typographic spaces, quotes and dashes to their plain forms: one character for one, so a table of characters
    # (no pattern) that leaves the offset maps as they are
    Step(None, _PLAIN, tuple(_PLAIN)),
    Step(re.compile(r"\r\n?"), "\n", ("\r",)),
]


def clean_text(view: TextView) -> TextView:
    """Apply :data:`TEXT_CLEANUP` to a view of plain, OCR or markdown text."""
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
