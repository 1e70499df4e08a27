"""HTML → text lines with an exact map back to the source.

HTML parsers (lxml, selectolax) do not report source offsets for text, and provenance must point into the
filing itself, so this is a small tokenizer of our own: block tags end lines, table rows become lines and
cells are separated by tabs, entities are decoded, runs of white space collapse — and every output
character keeps the source range it came from.
"""
from __future__ import annotations

import html
import os
import re
import struct
from array import array
from itertools import accumulate, chain, repeat
from typing import Callable

from ..text.view import COPIED, TYPECODE, OffsetMap, TextView

# Tags, comments, CDATA, declarations. The module's patterns use the stdlib engine: for plain patterns like
# these it scans several times faster than `regex`.
_NOT_ELEMENT = r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?>"
# An element's group is its name with a closing tag's slash ("/td"): what the tag does is looked up by it at once.
_TAG = rf"{_NOT_ELEMENT}|<(/?[A-Za-z][\w:.-]*)\b[^>]*>"
_TAG_SCAN = re.compile(_TAG, re.S)
_SKIP_CONTENT = {"script", "style", "head", "title", "xbrl", "ix:header"}
_LINE_TAGS = {
    "p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "hr", "center",
    "blockquote", "dl", "dt", "dd", "section", "article", "header", "footer", "pre", "body", "html", "page",
    "caption", "form", "thead", "tbody", "tfoot", "document", "text",
}
_CELL_TAGS = {"td", "th"}
_BREAKS = (" ", "\n", "\t", "")  # after these, a space adds nothing
_ENTITY = r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
_SPACES = {"\xa0", "\u2002", "\u2003", "\u2009", "\u200b", "\u2007", "\u202f"}
_CHECKED = re.compile(r"\bchecked\b", re.I)
# searched, not found in a lower-cased copy: str.lower of a non-ASCII part takes 12 bytes a character at once
_TABLE_TAG = re.compile("<table", re.I)

# White space outside <pre> collapses to one space. These characters (a line break, a tab, a no-break space ...)
# collapse: each alone between words is written as a space, the same as a copy of the text with them written as
# spaces ("spaced", below); a run of two or more becomes one space standing for the run. A gap between two tags
# made only of white space (str.isspace: other spaces too) becomes one space.
_COLLAPSING = " \t\r\n\f\v\u00a0\u200b"
_SPACE_RUN = re.compile("  +")  # in the spaced text
# A tag and the collapsing white space after it: the scan looks for "<" alone (a literal first character is found
# at C speed; "<" or "&" would be tried at every character), and the white space that opens the text after a tag,
# most gaps between tags, needs no step of its own. The white space is taken only when no other white space
# (str.isspace, the same as the engine's \s) follows it: then the whole gap may be white space, which the text
# step decides.
_TAKEN_SPACE = rf"(?:[{_COLLAPSING}]++(?!\s))?"
_TOKEN = re.compile(rf"(?:{_TAG})({_TAKEN_SPACE})", re.S)
_ENTITY_SCAN = re.compile(_ENTITY)


def _spaced(raw: str, start: int, end: int) -> str:
    """``raw`` with each collapsing character written as a space, valid at ``[start, end)`` (same offsets: the text
    before ``start`` is padding, a temporary copy as long as ``end``)."""
    text = raw[start:end]
    for char in _COLLAPSING[1:]:
        if char in text:
            text = text.replace(char, " ")
    return " " * start + text


# Each entity's output, decoded once (a few, &nbsp; &amp; &#8217;, make up nearly all): " " for every space
# entity, the token itself when it decodes to itself
_ENTITIES: dict[str, str] = {}


def _entity_output(token: str) -> str:
    out = html.unescape(token)
    if out in _SPACES or out.isspace():
        out = " "
    if len(_ENTITIES) < 4096:
        _ENTITIES[token] = out
    return out


# The pieces below append to the view being built: its text ``parts`` and its map ``runs`` (three numbers a run, as
# OffsetMap stores them: view length, source start, source end or COPIED). ``joins`` is the source offset a copied
# piece would continue the last run from (-1: the last run was not copied), ``last`` the view's last character.
# Each returns the new ``joins, last``.


def _copy(parts: list[str], runs: list[int], joins: int, piece: str, at: int) -> tuple[int, str]:
    """``piece`` (not empty), the source's text at ``at``, copied as it stands: it extends the last run when that
    ends at ``at``. (The tag loop in ``HtmlRender.run`` does the same inline, for speed.)"""
    parts.append(piece)
    if at == joins:
        runs[-3] += len(piece)
    else:
        runs += len(piece), at, COPIED
    return at + len(piece), piece[-1]


def _entity(parts: list[str], runs: list[int], joins: int, last: str, token: str, at: int) -> tuple[int, str]:
    out = _ENTITIES.get(token) or _entity_output(token)
    if out == " ":  # a space entity: one space, unless after a break
        if last in _BREAKS:
            return joins, last
    elif out == token:  # not an entity after all ("&c"): copied as it stands
        return _copy(parts, runs, joins, token, at)
    elif not out:
        return joins, last
    parts.append(out)  # an entity is three characters or more: its output stands for all of them
    runs += len(out), at, at + len(token)
    return -1, out[-1]


def _collapsed(spaced: str, parts: list[str], runs: list[int], joins: int, last: str, pos: int,
               end: int) -> tuple[int, str]:
    """Text without entities: a lone space opening it is dropped after a break, each run of white space is one space
    (the first one too but after a break)."""
    run_at = spaced.find("  ", pos, end)
    if run_at < 0:  # no run: one slice (a lone space opening it is dropped after a break)
        if last in _BREAKS and spaced[pos] == " ":
            pos += 1
        if end > pos:
            joins, last = _copy(parts, runs, joins, spaced[pos:end], pos)
        return joins, last
    run = _SPACE_RUN.match(spaced, run_at, end)
    assert run is not None  # (found there)
    run_end = run.end()
    if spaced.find("  ", run_end, end) >= 0:
        return _collapsed_runs(spaced, parts, runs, joins, last, pos, end)
    # one run (most text with runs has one): the text before it, one space, the word after it
    if run_at > pos:
        joins, last = _collapsed(spaced, parts, runs, joins, last, pos, run_at)
    if last not in _BREAKS:
        parts.append(" ")
        runs += 1, run_at, run_end
        joins, last = -1, " "
    if end > run_end:
        parts.append(spaced[run_end:end])
        runs += end - run_end, run_end, COPIED
        joins, last = end, spaced[end - 1]
    return joins, last


def _collapsed_runs(spaced: str, parts: list[str], runs: list[int], joins: int, last: str, pos: int,
                    end: int) -> tuple[int, str]:
    """_collapsed of text with runs in it: the words between them and their map are built by C loops (a page of
    typed text has thousands of runs)."""
    text = spaced[pos:end]
    words = _SPACE_RUN.split(text)  # the text between the runs: never empty but first and last
    gaps = _SPACE_RUN.findall(text)
    # where each word and run starts: word 0, run 0, word 1, run 1 ... word n
    starts = list(accumulate(chain.from_iterable(zip(map(len, words), map(len, gaps))), initial=pos))
    first = words[0]
    if first:  # the text opens with a word (a lone space before it is dropped after a break)
        at = pos
        if last in _BREAKS and first[0] == " ":
            at, first = at + 1, first[1:]
        if first:
            parts.append(first)
            if at == joins:
                runs[-3] += len(first)
            else:
                runs += len(first), at, COPIED
            last = first[-1]
    # the runs and the words between them, each run one space but the first when it opens the text after a break
    n = len(gaps)
    spaces = zip(repeat(1), starts[1::2], starts[2::2])  # each run: one character standing for it
    between = zip(map(len, words[1:n]), starts[2:2 * n:2], repeat(COPIED))  # each word between two runs: copied
    if last in _BREAKS:
        next(spaces)
        parts.append(" ".join([*words[1:n], ""]))
        runs += chain.from_iterable(chain.from_iterable(zip(between, spaces)))
    else:
        parts.append(" ".join(["", *words[1:n], ""]))
        runs += chain.from_iterable(chain.from_iterable(zip(spaces, between)))  # (zip takes the last run too)
        runs += 1, starts[2 * n - 1], starts[2 * n]  # the last run
    if parts[-1]:
        joins, last = -1, " "
    if words[n]:  # the text closes with a word
        parts.append(words[n])
        runs += len(words[n]), starts[2 * n], COPIED
        joins, last = end, words[n][-1]
    return joins, last


def _text(raw: str, spaced: str, parts: list[str], runs: list[int], joins: int, last: str, pos: int,
          end: int) -> tuple[int, str]:
    """Text with entities or runs of white space in it (``html_view`` copies plainer text itself): the text between
    entities is collapsed (a lone space opening it is dropped after a break, each run is one space). Text with no run
    between two entities, the common piece, is copied here, not by a call."""
    if raw.find("&", pos, end) >= 0:
        for m in _ENTITY_SCAN.finditer(raw, pos, end):
            at = m.start()
            if at > pos:
                if "  " in (piece := spaced[pos:at]):
                    joins, last = _collapsed(spaced, parts, runs, joins, last, pos, at)
                else:  # as _collapsed does it
                    if last in _BREAKS and piece[0] == " ":
                        pos += 1
                        piece = piece[1:]
                    if piece:
                        joins, last = _copy(parts, runs, joins, piece, pos)
            joins, last = _entity(parts, runs, joins, last, m.group(), at)
            pos = m.end()
    if end > pos:
        joins, last = _collapsed(spaced, parts, runs, joins, last, pos, end)
    return joins, last


def _pre_text(raw: str, parts: list[str], runs: list[int], joins: int, last: str, pos: int,
              end: int) -> tuple[int, str]:
    """Text in <pre>: copied as it stands, entities decoded."""
    for m in _ENTITY_SCAN.finditer(raw, pos, end) if raw.find("&", pos, end) >= 0 else ():
        at = m.start()
        if at > pos:
            joins, last = _copy(parts, runs, joins, raw[pos:at], pos)
        joins, last = _entity(parts, runs, joins, last, m.group(0), at)
        pos = m.end()
    if end > pos:
        joins, last = _copy(parts, runs, joins, raw[pos:end], pos)
    return joins, last


def _space(parts: list[str], runs: list[int], joins: int, last: str, pos: int, end: int) -> tuple[int, str]:
    """One space for the white space at ``[pos, end)`` (none after a break)."""
    if last in _BREAKS:
        return joins, last
    parts.append(" ")
    if end == pos + 1:  # one for one: as if copied
        if pos == joins:
            runs[-3] += 1
        else:
            runs += 1, pos, COPIED
        return end, " "
    runs += 1, pos, end
    return -1, " "


def _view(parts: list[str], runs: list[int]) -> TextView:
    # the numbers packed at once (array(list) parses each one as a call's argument: twice the instructions)
    flat = array(TYPECODE)
    flat.frombytes(struct.pack(f"{len(runs)}{TYPECODE}", *runs))
    return TextView("".join(parts), offsets=OffsetMap(flat[0::3], flat[1::3], flat[2::3]))


def _skipped_to(raw: str, pos: int, end: int, name: str) -> int:
    """Where the tag closing skipped content (``</script>``) starts; -1 when it is never closed."""
    closer = "/" + name
    for m in _TAG_SCAN.finditer(raw, pos, end):
        tag = m.group(1)
        if tag and tag[0] == "/" and tag.lower() == closer:
            return m.start()
    return -1


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


# What a tag does, by its name as written with a closing tag's slash (looked up once per distinct spelling): nothing,
# a cell's start, a line break, preformatted text's start or end (also a line break), a raised mark's start or end,
# skipped content, a checkbox. (A closing cell or a closing skipped tag does nothing.)
_INERT, _CELL, _LINE, _PRE_OPEN, _PRE_CLOSE, _MARK_OPEN, _MARK_CLOSE, _SKIP, _INPUT = range(9)
_TAG_KINDS: dict[str | None, int] = {None: _INERT}  # None: a comment, a declaration


def _tag_kind(tag: str) -> int:
    closing = tag[0] == "/"
    low = tag[closing:].lower()
    kind = ((_MARK_CLOSE if closing else _MARK_OPEN) if low in _MARKABLE_TAGS
            else (_INERT if closing else _SKIP) if low in _SKIP_CONTENT
            else (_PRE_CLOSE if closing else _PRE_OPEN) if low == "pre"
            else _LINE if low in _LINE_TAGS else (_INERT if closing else _CELL) if low in _CELL_TAGS
            else _INPUT if low == "input" else _INERT)
    if len(_TAG_KINDS) < 4096:
        _TAG_KINDS[tag] = kind
    return kind


def _spellings(name: str) -> str:
    """A pattern for every spelling whose str.lower() is ``name`` (an ASCII name): its letters in either case, and
    the Kelvin sign for k. (Not the engine's IGNORECASE, which also folds ſ to s; and a branch that opens with a
    character class is skipped at its first character, where one that opens with a case-blind letter is tried.)"""
    return "".join("[kK\u212a]" if c == "k" else f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in name)


def _quiet_run(acting: set[str]) -> re.Pattern[str]:
    """A run of one or more tags, none of them (opening or closing) named in ``acting``, each with the white space
    after it as ``_TOKEN`` takes it."""
    names = "|".join(map(_spellings, sorted(acting)))
    return re.compile(rf"(?:(?:{_NOT_ELEMENT}|<(?!/?(?:{names})\b)/?[A-Za-z][\w:.-]*\b[^>]*>){_TAKEN_SPACE})+", re.S)


# After a line break (no raised mark open, not in <pre>), a run of tags and the white space between them adds
# nothing: a cell's tab, another line break, a space all wait for text. Only these tags still act then, and end the
# run. The render skips such a run in one C match rather than a loop step per tag (most of a table's markup).
_QUIET_ACTING = tuple(sorted({"pre", "input", *_SKIP_CONTENT}))
_QUIET_AFTER_BREAK = _quiet_run(set(_QUIET_ACTING))


def html_view(raw: str, start: int = 0, end: int | None = None) -> TextView:
    """Render ``raw[start:end]`` (an HTML document or fragment) to a line-oriented text view."""
    render = HtmlRender(raw, start, len(raw) if end is None else end)
    render.run()
    return render.view()


class HtmlRender:
    """The rendering of one HTML part, which can stop at a line break and go on later: a reader of the first lines
    (the form's cover) need not render the whole document, and the whole view is the same either way."""

    __slots__ = ("raw", "start", "end", "spaced", "parts", "runs", "joins", "last", "pos", "pre_depth", "mark",
                 "done")

    def __init__(self, raw: str, start: int, end: int) -> None:
        self.raw, self.start, self.end = raw, start, end
        self.spaced: str | None = None  # the Python loop's copy of the text (_spaced), made when it first runs
        self.parts: list[str] = []  # the view's text, piece by piece
        self.runs: list[int] = []  # the map's runs, three numbers each (see _entity)
        self.joins = -1  # the source offset a copied piece continues the last run from (-1: the last was not copied)
        self.last = ""  # the view's last character ("" while empty): every space and break depends on it
        self.pos = start  # the source up to here is rendered
        self.pre_depth = 0
        self.mark: list = []  # [tag name, depth] of an open raised footnote mark, closed with ")"
        self.done = False

    def view(self) -> TextView:
        """The view of what is rendered so far."""
        return _view(self.parts, self.runs)

    def length(self) -> int:
        """The length of the view's text so far."""
        return sum(self.runs[0::3])

    def run(self, stop_at: int | None = None) -> bool:
        """Render on to the end, or up to the first tag at or after source offset ``stop_at`` that breaks a line
        (what is rendered then is the start of the whole view, and a line break follows it there). True when the
        whole part is rendered.

        The loop runs once a tag (but for the quiet runs after a line break, skipped in one match), so it is written
        for speed: its state lives in locals, the text between two tags is copied in one slice when it holds no
        entity and no run of white space, and the map's runs are appended in place (a builder's method call per
        piece cost more than the piece)."""
        if self.done:
            return True
        if _native_run is not None:
            return _native_run(self, stop_at)
        return self.run_python(stop_at)

    def run_python(self, stop_at: int | None = None) -> bool:
        """``run`` in Python: the fallback when the compiled loop is not built, and the reference it is tested
        against (``_htmlrender.c`` mirrors this step for step)."""
        if self.done:
            return True
        raw, end, spaced = self.raw, self.end, self.spaced
        if spaced is None:  # (the compiled loop reads the source through the same rewriting, without a copy)
            spaced = self.spaced = _spaced(raw, self.start, end)
        parts, runs, joins, last, pos = self.parts, self.runs, self.joins, self.last, self.pos
        pre_depth, mark = self.pre_depth, self.mark
        stop_at = end if stop_at is None else stop_at
        kinds, quiet, quiet_end, search = _TAG_KINDS, _QUIET_AFTER_BREAK, min(stop_at, end), _TOKEN.search
        if last == "\n" and not pre_depth and not mark and (after := quiet.match(raw, pos, quiet_end)):
            pos = after.end()
        # one search a tag, from where the last step left off (as fast a step as an iterator's, and a step may leap)
        while m := search(raw, pos, end):
            at, stop = m.span()
            if at > pos:  # the text before the tag
                if pre_depth:
                    joins, last = _pre_text(raw, parts, runs, joins, last, pos, at)
                elif raw[pos].isspace() and raw[pos:at].isspace():  # a gap of white space only: one space
                    joins, last = _space(parts, runs, joins, last, pos, at)
                else:
                    if raw[pos] == "&" and (entity := _ENTITY_SCAN.match(raw, pos, at)):  # (most entities open it)
                        joins, last = _entity(parts, runs, joins, last, entity.group(), pos)
                        pos = entity.end()
                    # plain text (no entity, no run of white space): one slice (tested with "in": str.find's
                    # start and end arguments cost more to parse than a short slice to copy)
                    if at > pos and "  " not in (piece := spaced[pos:at]) and "&" not in piece:
                        if last in _BREAKS and piece[0] == " ":  # a lone space opening the text, after a break
                            pos += 1
                            piece = piece[1:]
                        if piece:
                            parts.append(piece)
                            if pos == joins:
                                runs[-3] += at - pos
                            else:
                                runs += at - pos, pos, COPIED
                            joins, last = at, piece[-1]
                    elif at > pos:
                        joins, last = _text(raw, spaced, parts, runs, joins, last, pos, at)
            tag, ws = m.groups()
            pos = stop
            kind = kinds.get(tag)
            if kind is None:
                kind = _tag_kind(tag)
            if kind == _INERT:
                pass
            elif kind == _CELL:  # a cell's tab, unless a break or a tab came last
                if last not in ("\n", "\t", ""):
                    parts.append("\t")
                    runs += 1, at, at
                    joins, last = -1, "\t"
            elif kind <= _PRE_CLOSE:  # a line break, unless one (or nothing) came last
                if at >= stop_at:  # stop before it: the scan goes on from this tag
                    self.joins, self.last, self.pos, self.pre_depth, self.mark = joins, last, at, pre_depth, mark
                    return False
                if kind == _PRE_OPEN:
                    pre_depth += 1
                elif kind == _PRE_CLOSE and pre_depth:
                    pre_depth -= 1
                if last != "\n" and last != "":
                    parts.append("\n")
                    runs += 1, at, at
                    joins, last = -1, "\n"
                if last == "\n" and not pre_depth and not mark and raw.startswith("<", stop) and (
                        after := quiet.match(raw, stop, quiet_end)):
                    pos = after.end()  # the tags up to the next text add nothing
                    continue
            elif kind <= _MARK_CLOSE:  # (a mark opens only after a letter, a digit or "%.,)")
                if mark:
                    if tag[kind == _MARK_CLOSE:].lower() == mark[0]:
                        mark[1] += -1 if kind == _MARK_CLOSE else 1
                        if mark[1] == 0:
                            parts.append(")")
                            runs += 1, at, at
                            joins, last = -1, ")"
                            mark = []
                elif kind == _MARK_OPEN and (last.isalnum() or last in "%.,)") and _raised_mark(
                        raw, low := tag.lower(), raw[at:(tag_end := stop - len(ws))], tag_end, last):
                    parts.append("(")
                    runs += 1, at, at
                    joins, last = -1, "("
                    mark = [low, 1]
            elif kind == _SKIP:
                if raw[(tag_end := stop - len(ws)) - 2] != "/":
                    pos = _skipped_to(raw, tag_end, end, tag.lower())
                    if pos < 0:  # never closed: nothing after it is shown
                        self.done, self.spaced = True, None
                        return True
                    continue  # the scan goes on from the closing tag
            else:  # _INPUT
                tag_end = stop - len(ws)
                parts.append("[X]" if _CHECKED.search(raw, at, tag_end) else "[ ]")
                runs += 3, at, tag_end
                joins, last = -1, "]"
            # the white space opening the text after the tag: one space (none after a break), unless it is text in
            # <pre>
            if ws:
                if pre_depth:
                    pos = stop - len(ws)
                elif last not in _BREAKS:
                    joins, last = _space(parts, runs, joins, last, stop - len(ws), stop)
        if end > pos:  # the text after the last tag
            if pre_depth:
                _pre_text(raw, parts, runs, joins, last, pos, end)
            elif raw[pos].isspace() and raw[pos:end].isspace():
                _space(parts, runs, joins, last, pos, end)
            else:
                _text(raw, spaced, parts, runs, joins, last, pos, end)
        self.done, self.spaced = True, None  # the spaced copy goes: not held with the view's text
        return True


def _load_native() -> "Callable[[HtmlRender, int | None], bool] | None":
    """``_htmlrender.run`` configured with this module's tables and rare steps, unless it is not built (an install
    without a C compiler) or ``EDGARSIFT_PURE_PYTHON=1`` asks for the Python loop."""
    if os.environ.get("EDGARSIFT_PURE_PYTHON") == "1":
        return None
    try:
        from . import _htmlrender
    except ImportError:
        return None
    _htmlrender.configure(_TAG_KINDS, _tag_kind, _ENTITIES, _entity_output, _raised_mark, _skipped_to,
                          _CHECKED.search, _QUIET_ACTING)
    return _htmlrender.run


_native_run = _load_native()


def looks_like_html(raw: str, start: int = 0, end: int | None = None) -> bool:
    head = raw[start:min(len(raw) if end is None else end, start + 4000)].lower()
    return "<html" in head or "<body" in head or ("<div" in head and "</div>" in head) or (
        "<p" in head and "</p>" in head and _TABLE_TAG.search(raw, start, len(raw) if end is None else end) is not None
    ) or "<table" in head and "<td" in head
