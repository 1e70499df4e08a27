"""HTML → text lines with an exact map back to the source.

HTML parsers (lxml, selectolax) do not report source offsets for text, and provenance must point into the
filing itself, so this is a small tokenizer of our own: block tags end lines, table rows become lines and
cells are separated by tabs, entities are decoded, runs of white space collapse — and every output
character keeps the source range it came from.
"""
from __future__ import annotations

import html
import re

import regex

from ..text import rx
from ..text.view import TextView, ViewBuilder

# Tags, comments, CDATA, declarations. The module's patterns use the stdlib engine: for plain patterns like
# these it scans several times faster than `regex`.
_TAG_SCAN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?>|<(/?)([A-Za-z][\w:.-]*)\b[^>]*>", re.S)
_SKIP_CONTENT = {"script", "style", "head", "title", "xbrl", "ix:header"}
_LINE_TAGS = {
    "p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "hr", "center",
    "blockquote", "dl", "dt", "dd", "section", "article", "header", "footer", "pre", "body", "html", "page",
    "caption", "form", "thead", "tbody", "tfoot", "document", "text",
}
_CELL_TAGS = {"td", "th"}
_BREAKS = (" ", "\n", "\t", "")  # after these, a space adds nothing
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_DECODED: dict[str, str] = {}
_SPACES = {"\xa0", "\u2002", "\u2003", "\u2009", "\u200b", "\u2007", "\u202f"}


# White space outside <pre> collapses to one space: a run of two or more of these characters, or any one of them
# but a plain space. Each one alone (a line break between words) becomes a space standing for itself, the same as a
# copy of the text with those characters written as spaces ("spaced", below); only runs and entities need a step.
_SINGLE_SPACES = ("\t", "\r", "\n", "\f", "\v", "\u00a0", "\u200b")
_SPACE_RUN = re.compile(r"  +")  # in the spaced text: a run of two or more


def _spaced(raw: str, start: int, end: int) -> str:
    """``raw`` with each of those characters written as a space, valid at ``[start, end)`` (same offsets: the text
    before ``start`` is padding, a temporary copy as long as ``end``)."""
    text = raw[start:end]
    for char in _SINGLE_SPACES:
        if char in text:
            text = text.replace(char, " ")
    return " " * start + text


def _emit_text(b: ViewBuilder, raw: str, start: int, end: int, pre: bool, spaced: str) -> None:
    """Copy text between tags, decoding entities and collapsing white space (unless in <pre>)."""
    if pre:
        pos = start
        for m in _ENTITY.finditer(raw, start, end):
            b.copy(raw, pos, m.start())
            _emit_entity(b, raw, m.group(0), m.start(), m.end())
            pos = m.end()
        b.copy(raw, pos, end)
        return
    if raw[start:end].isspace():  # most gaps between tags: one space at most
        if b.last not in _BREAKS:
            b.put(" ", start, end)
        return
    # what differs from a copy of the spaced text: entities and runs of two or more white space characters
    tokens = list(_SPACE_RUN.finditer(spaced, start, end)) if spaced.find("  ", start, end) >= 0 else []
    if raw.find("&", start, end) >= 0:
        entities = list(_ENTITY.finditer(raw, start, end))
        tokens = sorted(tokens + entities, key=_match_start) if tokens else entities
    pos = start
    lead = True  # at the start and after an entity, a lone white space character is dropped after a break
    for m in tokens:
        at, stop = m.span()
        if at > pos:
            if lead and spaced[pos] == " ":
                if b.last not in _BREAKS:
                    b.put(" ", pos, pos + 1)  # maps as a copy would
                pos += 1
            b.copy(spaced, pos, at)
        if raw[at] == "&":
            _emit_entity(b, raw, m.group(0), at, stop)
            lead = True
        else:
            if b.last not in _BREAKS:
                b.put(" ", at, stop)
            lead = False
        pos = stop
    if end > pos:
        if lead and spaced[pos] == " ":
            if b.last not in _BREAKS:
                b.put(" ", pos, pos + 1)
            pos += 1
        b.copy(spaced, pos, end)


def _match_start(m: "re.Match[str]") -> int:
    return m.start()


def _decoded(token: str) -> str:
    out = _DECODED.get(token)
    if out is None:  # a few entities (&nbsp; &amp; &#8217;) make up nearly all: decode each once
        out = html.unescape(token)
        if len(_DECODED) < 4096:
            _DECODED[token] = out
    return out


def _emit_entity(b: ViewBuilder, raw: str, token: str, start: int, end: int) -> None:
    out = _DECODED.get(token) or _decoded(token)
    if out in _SPACES or out.isspace():
        if b.last not in _BREAKS:
            b.put(" ", start, end)
    elif out != token:
        b.put(out, start, end)
    else:
        b.copy(raw, start, end)


# A footnote mark raised by <sup> or by CSS (vertical-align: super/top, "position:relative;top:-3.5pt", or a small
# font) straight after a number
# would read as more digits ("36,832,408" + "1" -> "36,832,4081"): it is rendered in parentheses, "36,832,408(1)",
# the way typed covers print marks. Ordinals ("1st") and marks already in parentheses are left as they are.
_RAISED_STYLE = re.compile(r"vertical-align\s*:\s*(?:super|top|text-top)|[;\s\"']top\s*:\s*-\d|"
                           r"font-size\s*:\s*(?:[1-7](?:\.\d+)?pt|"
                           r"[1-9](?:\.\d+)?px|[1-6]\d(?:\.\d+)?%)", re.I)
_MARK_TEXT = re.compile(r"\s*\d{1,2}\s*")  # a digit mark; "*" and daggers do not merge with a number
_INNER_TAG = re.compile(r"<[^>]*>")
_MARKABLE_TAGS = {"sup", "span", "font", "small", "a"}


def _raised_mark(raw: str, name: str, tag: str, pos: int, last: str) -> bool:
    """Whether the tag opens a raised footnote mark glued to the text before it."""
    if not (last.isalnum() or last in "%.,)") or (name != "sup" and not _RAISED_STYLE.search(tag)):
        return False
    close = raw.find("</" + name, pos, pos + 300)  # the mark's text, inner tags (<b>, <a>) left out
    return close > pos and _MARK_TEXT.fullmatch(_INNER_TAG.sub("", raw[pos:close])) is not None


# What a tag does, by its name as written (looked up once per distinct spelling): nothing, a raised mark's start or
# end, skipped content, a line break, preformatted text (also a line break), a cell, a checkbox
_INERT, _MARKABLE, _SKIP, _LINE, _PRE, _CELL, _INPUT = range(7)
_TAG_KINDS: dict[str, tuple[int, str]] = {}


def _tag_kind(name: str) -> tuple[int, str]:
    low = name.lower()
    kind = (_MARKABLE if low in _MARKABLE_TAGS else _SKIP if low in _SKIP_CONTENT else _PRE if low == "pre"
            else _LINE if low in _LINE_TAGS else _CELL if low in _CELL_TAGS else _INPUT if low == "input" else _INERT)
    if len(_TAG_KINDS) < 4096:
        _TAG_KINDS[name] = (kind, low)
    return kind, low


def html_view(raw: str, start: int = 0, end: int | None = None) -> TextView:
    """Render ``raw[start:end]`` (an HTML document or fragment) to a line-oriented text view."""
    end = len(raw) if end is None else end
    b = ViewBuilder(end)
    spaced = _spaced(raw, start, end)
    kinds = _TAG_KINDS
    pos = start
    skip_until: str | None = None
    pre_depth = 0
    mark: list = []  # [tag name, depth] of an open raised footnote mark, closed with ")"
    for m in _TAG_SCAN.finditer(raw, start, end):
        tag_start, tag_end = m.span()
        closing, name = m.groups()
        if skip_until is not None:
            if closing and name and name.lower() == skip_until:
                skip_until = None
                pos = tag_end
            continue
        if tag_start > pos:  # adjacent tags (most of them in table-heavy pages) have no text between
            if pre_depth or not raw[pos:tag_start].isspace():
                _emit_text(b, raw, pos, tag_start, pre_depth > 0, spaced)
            elif b.last not in _BREAKS:  # most gaps between tags: white space, one space at most
                b.put(" ", pos, tag_start)
        pos = tag_end
        if not name:
            continue
        kind, low = kinds.get(name) or _tag_kind(name)
        if kind == _INERT:
            continue
        if kind == _MARKABLE:
            if mark and low == mark[0]:
                mark[1] += -1 if closing else 1
                if mark[1] == 0:
                    b.put(")", tag_start, tag_start)
                    mark = []
            elif not mark and not closing and _raised_mark(raw, low, m.group(0), pos, b.last):
                b.put("(", tag_start, tag_start)
                mark = [low, 1]
        elif kind == _LINE or kind == _PRE:  # a line break, unless one (or nothing) came last
            if kind == _PRE:
                pre_depth = max(0, pre_depth + (-1 if closing else 1))
            if b.last != "\n" and b.last != "":
                b.put("\n", tag_start, tag_start)
        elif kind == _CELL:  # a cell's tab, unless a break or a tab came last
            if not closing and b.last not in ("\n", "\t", ""):
                b.put("\t", tag_start, tag_start)
        elif kind == _SKIP:
            if not closing and raw[pos - 2] != "/":
                skip_until = low
        else:  # _INPUT
            checked = rx.search(r"\bchecked\b", m.group(0), regex.I)
            b.put("[X]" if checked else "[ ]", tag_start, pos)
    if skip_until is None:
        _emit_text(b, raw, pos, end, pre_depth > 0, spaced)
    del spaced  # before the pieces are joined: not held with the view's text
    return b.build()


def looks_like_html(raw: str, start: int = 0, end: int | None = None) -> bool:
    head = raw[start:min(len(raw) if end is None else end, start + 4000)].lower()
    return "<html" in head or "<body" in head or ("<div" in head and "</div>" in head) or (
        "<p" in head and "</p>" in head and "<table" in raw[start:end].lower()) or "<table" in head and "<td" in head
