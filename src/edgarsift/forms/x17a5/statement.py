"""The statement of financial condition: find it, read its rows, tell items from totals, foot it.

Stages (one function each):
1. ``candidates``: every "Statement of Financial Condition" title followed shortly by an "Assets" heading.
2. ``read_statement``: rows in order, each placed in a section (assets, liabilities, equity) and classed as
   a line item, a named total, subordinated borrowings, or a subtotal. Unlabelled figures (layout text often
   prints totals with no label) are placed by arithmetic: the sum of the section so far is its total, the sum
   of a heading's sub-lines is a subtotal.
3. ``settle``: the footing repair (:mod:`.footing`) and the scale ("in thousands"/"in millions"); figures read
   from damaged print are kept only where an identity of the statement confirms them (``confirm``).
The statement that foots best wins (a filing may carry it twice, or a VIE table that looks like one).
A statement whose total assets cannot be read is kept with what reads cleanly (a partial statement), provided
the reader saw it reach its liabilities: every section's rows are then placed by headings, never guessed.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterator, overload

import regex
from rapidfuzz.distance import Levenshtein

from ...text import rx
from ...text.values import MONTHS, find_date
from ...text.view import TextView
from . import labels as L
from .footing import (MAX_EDITS, Reading, doubtful_items, foots, plausible, repair_items, repair_sign,
                      second_printing, subtotal_suspects)
from .lines import WHITE_SPACE, Line, Row, merge_displaced, parse_row, split_lines

MAX_SUBLINES = 12  # lines looked ahead for a sibling of a heading's first sub-line
MAX_STACKED = 6  # labels printed one under another before their figures (a displaced column)
HEADER_LINES = 14  # title → "Assets" heading: company, date, scale lines in between
MAX_LINES = 170  # a statement (two pages) is never longer than this many non-blank lines
CONNECTOR = regex.compile(r"(?:[,;(]|\b(?:of|and|to|the|for|under|in|at|by|or|with|from|as|on|net|which|including))$",
                          regex.I)
# The last characters of what CONNECTOR finds ("ſ": a case-blind `regex` reads it as "s")
_CONNECTOR_ENDS = frozenset(",;(fdoernthymsgFDOERNTHYMSG\u017f")


def _ends_on_connector(label: str) -> bool:
    """``CONNECTOR.search(label)``, tried only where the label ends as a match would (the pattern is tried at
    every offset of the label). (Its $ matches before a closing line break too.)"""
    last = label[-2:-1] if label.endswith("\n") else label[-1:]
    return last in _CONNECTOR_ENDS and CONNECTOR.search(label) is not None


@dataclass
class Item:
    section: str
    label: str
    reading: Reading
    label_span: tuple[int, int] | None
    amount_span: tuple[int, int] | None
    context: str | None = None  # the heading a sub-line is printed under ("Receivables:")
    indent: int = 0
    section_span: tuple[int, int] | None = None  # the heading (or total) that put the item in its section


@dataclass
class Figure:
    reading: Reading
    span: tuple[int, int] | None
    placed: bool = False  # an unlabelled figure the arithmetic made a total (a later, larger one may replace it)


@dataclass
class Statement:
    title_pos: int
    as_of: str | None = None
    as_of_span: tuple[int, int] | None = None
    scale: int = 1
    scale_stated: bool = False  # the statement's own header names its unit
    scale_doubt: str | None = None  # why the unit cannot be trusted (then no amount is emitted)
    end_pos: int = 0  # view offset just past the statement's last row
    consolidated: bool = False
    entity: str | None = None
    entity_span: tuple[int, int] | None = None
    title_span: tuple[int, int] | None = None
    items: list[Item] = field(default_factory=list)
    totals: dict[str, Figure] = field(default_factory=dict)  # assets, liabilities, equity, le, subordinated
    subordinated_in_liabilities: bool = False  # printed total liabilities includes subordinated borrowings
    repaired: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # readings left out as doubtful, said why (findings)
    known_words: L.Known = frozenset()  # the filing's own vocabulary, which label repair leaves alone
    dangling: set[str] = field(default_factory=set)  # sections where a label before a total got no figure
    # what _printed_elsewhere reads (text, statement start, end, ungrouped), when first asked: most statements foot
    # without it, and it scans the whole filing
    elsewhere_args: tuple[str, int, int, bool] | None = field(default=None, repr=False)
    _printed: frozenset[int] | None = field(default=None, repr=False)
    nil_candidates: list[tuple[int, "Item"]] = field(default_factory=list)  # (position, item): stock lines, no figure
    # named subtotals ("Total securities owned"), by section: (the section's items printed above it, its value)
    subtotals: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def printed_elsewhere(self) -> frozenset[int]:
        """Comma-grouped figures the filing prints outside the statement (see ``_printed_elsewhere``)."""
        if self._printed is None:
            self._printed = frozenset() if self.elsewhere_args is None else _printed_elsewhere(*self.elsewhere_args)
            self.elsewhere_args = None
        return self._printed

    @printed_elsewhere.setter
    def printed_elsewhere(self, figures: frozenset[int]) -> None:
        self._printed, self.elsewhere_args = figures, None

    def total(self, key: str) -> int | None:
        f = self.totals.get(key)
        return f.reading.value if f else None

    def section_values(self, section: str) -> list[int | None]:
        return [i.reading.value for i in self.items if i.section == section]

    def balanced(self) -> bool:
        a = self.total("assets")
        return a is not None and a == self.total("le") and bool(foots(self.section_values("assets"), a))

    def score(self) -> int:
        """How well the statement holds together: named totals found and sections that foot."""
        s = sum(1 for k in ("assets", "liabilities", "le") if self.total(k) is not None)
        s += 2 * bool(foots(self.section_values("assets"), self.total("assets")))
        s += 2 * bool(self.total("assets") is not None and self.total("assets") == self.total("le"))
        return s + min(len(self.items), 5)


_ASSETS_LINE = regex.compile(rf"(?im)^[\s|!i]*assets{L.AFTER_ASSETS}")
# what ``[\s|!i]`` takes case-blind: `regex`'s white space, "|", "!", and "i" as "I" and "İ" (not as the dotless "ı")
_BEFORE_ASSETS = "|!iI\u0130" + WHITE_SPACE
# "assets" in any case: stdlib's case folding takes every letter ``_ASSETS_LINE``'s does (and "ı" for "i")
_ASSETS_WORD = re.compile("assets", re.I)


_CONTENTS_OR_PAGE = re.compile(r"\.{4,}|\s\d{1,3}$")  # a table of contents' dot leader, a page number


def _contents_or_page(line: str) -> bool:
    """``_CONTENTS_OR_PAGE.search(line)`` for a line with its white space collapsed (no line break): a dot leader
    is four dots, a page number ends the line in a digit (a decimal digit to `re` as to str.isdecimal); its
    second alternative is tried at every offset, so the pattern runs only on a line that ends in one."""
    return "...." in line or (line[-1:].isdecimal() and _CONTENTS_OR_PAGE.search(line) is not None)


def candidates(view: TextView, low: str | None = None) -> list[int]:
    """Title positions followed closely by an "Assets" heading (cheap test before a full read). ``low``: the
    text's ``labels.lowered`` copy, searched instead of the text where the caller has it."""
    text = view.text
    out = []
    for m in L.TITLE.finditer(text) if low is None else L.TITLE_IN_LOWERED.finditer(low):
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        # white space collapsed by str.split, which splits where the stdlib's \s+ matches (a title holds no blank at
        # either end); a title stands on its own line, the phrase inside a sentence of the auditor's report is not one
        line = " ".join(text[a:b if b >= 0 else len(text)].split())
        if len(line) - len(" ".join(text[m.start():m.end()].split())) > 40 or _contents_or_page(line):
            continue
        if _assets_heading(text, low, m.end(), m.end() + 1500):
            out.append(m.start())
    return out


def _assets_heading(text: str, low: str | None, pos: int, end: int) -> bool:
    """``_ASSETS_LINE.search(text, pos, end)``, tried only at the lines where an "assets" stands (the pattern is
    slow to scan). A heading's line is one of them: its blanks before the word (empty lines too) match from the
    word's own line as well. ``low``: the text's ``labels.lowered`` copy, or None."""
    if low is None:
        word = _ASSETS_WORD.search(text, pos, end)
        if word is None:
            return False
        return bool(_ASSETS_LINE.search(text, max(pos, text.rfind("\n", 0, word.start()) + 1), end))
    at = low.find("assets", pos, end)
    while at >= 0:
        line = text.rfind("\n", 0, at) + 1
        if line < pos:  # the word's line begins before the window: the whole search, as the pattern reads it
            return bool(_ASSETS_LINE.search(text, pos, end))
        # the pattern opens with blanks, bars, "!" and "i" before the word: on a line that prints something else before
        # it, the word it would take is an earlier one of the same line, already tried
        if not text[line:at].strip(_BEFORE_ASSETS) and _ASSETS_LINE.match(text, line, end):
            return True
        at = low.find("assets", at + 1, end)
    return False


_DASHES = regex.compile(r"[-_\u2014\u2013]{1,3}")
_NO_WORDS = regex.compile(r"[-\s\d$]*")
_BARE_SECTION = regex.compile(r"(?i)assets|[lI]iabilities")
_BARE_SECTION_LENGTHS = (6, 11)  # of what _BARE_SECTION takes whole (every letter it reads is one character)
_EQUITY_WORDS = regex.compile(r"(?i)equity|capital|deficit")
_WORDLIKE = re.compile(r"[A-Za-z]{2}")  # (stdlib: ASCII classes, which both engines read alike)
# A label line that says what its figure is: a total, subordinated borrowings, the one line of equity
_NAMES_ITS_ROLE = regex.compile(rf"{L.ANY_TOTAL.pattern}|{L.SUBORDINATED.pattern}|{L.EQUITY_LINE.pattern}", regex.I)
# A label fragment that can only end a label: it starts with a connecting word ("to customers")
_LOWER_FRAGMENT = regex.compile(r"(?:to|of|and|from|under|with|for)\s+[a-z][a-z\s,'’-]*")


_DATE_LEAD = regex.compile(r"(?i)^[\W\d]*(?:(?:as\s+(?:of|at)|at|(?:for\s+the\s+)?year\s+ended)\W*)?$")
# What an ASCII dateline that opens with a letter opens with: a word of _DATE_LEAD or a month (the date itself)
_DATELINE_OPENERS = ("as", "at", "for", "year", *(m for m in MONTHS if len(m) == 3))


def _is_date_line(text: str) -> bool:
    """A dateline ("December 31, 2015", "As of December 31, 2015"), not a label that ends in a date ("various
    parties at December 31, 2009", the end of a wrapped caption)."""
    if text.isascii() and text[:1].isalpha() and not text[:4].lower().startswith(_DATELINE_OPENERS):
        # (before its date, a dateline prints no letter but _DATE_LEAD's words: a label's first word, in a row of
        # every statement, is neither those nor a month; the date search costs more than the row's other tests)
        return False
    d = find_date(text)
    return d is not None and len(text) - (d[2] - d[1]) < 25 and bool(_DATE_LEAD.match(text[:d[1]]))


_DIGITS = frozenset("0123456789")


def _skip(row: Row) -> bool:
    if row.label and (L.is_noise_line(row.label) or L.is_stamp_line(row.label.strip())):
        return True
    label_raw = row.label + (" " + row.raw if row.raw else "")
    if row.label and _is_date_line(label_raw):
        return True
    last = label_raw.rstrip()[-1:]  # the heads end in a year's digit (ASCII or not): try the pattern only then
    if (last in _DIGITS or not last.isascii()) and L.holds_two_years(label_raw) and L.YEAR_COLUMNS.fullmatch(label_raw):
        return True  # the column heads of a comparative statement
    if not row.label and row.raw is not None:
        if _DASHES.fullmatch(row.raw):  # hyphenation debris of layout text
            return True
        if row.amount is not None and 0 <= row.amount < 100 and not any(c in row.raw for c in "$,("):
            return True  # a page number
    return row.heading and _NO_WORDS.fullmatch(row.label) is not None


def _continues(pending: list[Row], row: Row) -> bool:
    """Does ``row`` finish the label begun on the pending fragment line(s)?"""
    if not pending or not row.label:
        return False
    first = row.label[0]
    return first.islower() or first.isdigit() or first == "(" or _ends_on_connector(pending[-1].label)


class _Lines:
    """The statement's lines, by number, split from the text as they are first asked for: the reader most often
    stops at the closing total, a fifth of the way into the lines it may read."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self._source: Iterator[Line] | None = lines
        self._read: list[Line] = []

    def _through(self, stop: int | None) -> None:
        """Split the lines up to ``stop`` (all of them for None)."""
        while self._source is not None and (stop is None or len(self._read) < stop):
            line = next(self._source, None)
            if line is None:
                self._source = None
            else:
                self._read.append(line)

    @overload
    def __getitem__(self, key: int) -> Line: ...

    @overload
    def __getitem__(self, key: slice) -> list[Line]: ...

    def __getitem__(self, key: int | slice) -> Line | list[Line]:
        if type(key) is int and 0 <= key < len(self._read):  # a line already split (the reader's every row asks)
            return self._read[key]
        if isinstance(key, slice):
            self._through(None if key.stop is None or key.stop < 0 or (key.start or 0) < 0 else key.stop)
        else:
            self._through(None if key < 0 else key + 1)
        return self._read[key]

    def between(self, start: int, stop: int) -> Iterator[Line]:
        """``self[start:stop]``, a line at a time."""
        for n in range(start, stop):
            if n >= len(self._read):
                self._through(n + 1)
                if n >= len(self._read):
                    return
            yield self._read[n]


def read_statement(view: TextView, title_pos: int) -> Statement | None:
    lines = _Lines(islice(split_lines(view, title_pos, min(len(view.text), title_pos + 60000)), HEADER_LINES + MAX_LINES))
    st = Statement(title_pos, consolidated=bool(L.CONSOLIDATED.search(view.text, max(0, title_pos - 40), title_pos + 60)))
    body_at = _read_header(view, st, lines)
    if body_at is None:
        return None
    st.entity, st.entity_span = _entity(view, title_pos)
    st.title_span = view.span(lines[0].start, lines[0].start + len(lines[0].text))
    head = lines[body_at - 1]
    reader = _Reader(view, st, view.span(head.start, head.start + len(head.text)), lines)
    body = lines.between(body_at, body_at + MAX_LINES)
    comparative = any(L.prints_year_columns(line.text) for line in lines[:body_at + 3])
    rows = ((parse_row(line, n, comparative), line) for n, line in enumerate(body, start=body_at))
    for row in merge_displaced(rows):
        text = row.label.strip()
        if not row.raw and L.is_end_line(text):
            break
        st.end_pos = max(st.end_pos, _line_end(lines[row.line_no]))
        if row.merged:
            st.withheld.append(f"a row: two printed rows run together ('{' '.join(row.label.split())[:60]}…'), left out")
            st.dangling.add(reader.section)  # its figures are missing from the section
            continue
        if _skip(row):
            continue
        if row.heading:
            reader.heading(row, text)
        elif reader.figure(row, text):
            break  # the closing total
    if not st.items or ("assets" not in st.totals and not _reached_liabilities(st)):
        return None
    if "assets" not in st.totals:
        st.withheld.append("total assets: no readable total; the statement is partial")
    st.elsewhere_args = (view.text, title_pos, st.end_pos, _ungrouped(st))
    settle(st)
    settle_scale(view, st)
    if _misaligned(st):
        _keep_confirmed_totals(st)
    return st


MISALIGNED_SHARE = 0.15  # labels that begin mid-phrase ("and other cash"), as a share of the items


def _misaligned(st: Statement) -> bool:
    """Labels shifted off their figures (OCR text layers that print a column a line up or down): a line item
    labelled as a total or carrying the figure of total assets, equity as large as the assets beside
    liabilities, or many labels that begin mid-phrase ("and other cash", "to return securities ...")."""
    assets = st.total("assets")
    several = len(st.section_values("assets")) > 1  # a firm whose only asset is cash prints it twice
    if any(L.is_total(i.label) or (assets and i.reading.value == assets and (several or i.section != "assets"))
           for i in st.items):
        return True
    if assets and st.total("equity") == assets and st.section_values("liabilities"):
        return True
    mid_phrase = sum(1 for i in st.items if i.label[:1].islower())
    return mid_phrase >= 3 and mid_phrase >= MISALIGNED_SHARE * len(st.items)


def _keep_confirmed_totals(st: Statement) -> None:
    """A misaligned statement keeps no line item, and only the totals its identities confirm."""
    st.withheld.append(f"line items: labels and figures are misaligned (OCR layout); {len(st.items)} rows left out")
    for fig in st.totals.values():
        fig.reading.provisional = True
    confirm(st)  # the figures' column still sums to a total even where the labels slipped
    st.items = []


_PRINTED_FIGURE = regex.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")


# A figure of a text layer that lost every comma ("129951", a note's "$30280"): four digits or more, standing alone
# (the test of what stands before is made after the first digit: a pattern that opens with a look-behind is tried
# slowly at every position, one that opens with a digit only at digits)
_BARE_FIGURE = regex.compile(r"\d(?<=(?:^|[^\w.,$-])\$?\d)\d{3,}(?![\w,]|\.\d)")
_YEAR_VALUE = range(1900, 2100)  # a bare four-digit number this size is a year far more often than a figure
MIN_UNGROUPED = 5  # figures a statement prints, all without separators, before its text layer is judged to lose them


def _ungrouped(st: Statement) -> bool:
    """Does the statement print its figures without separators (an OCR text layer that dropped the commas)?"""
    raws = [i.reading.raw for i in st.items if i.reading.raw]
    big = [r for r in raws if len(rx.sub(r"\D", "", r)) >= 4]
    return len(big) >= MIN_UNGROUPED and not any(c in r for r in raws for c in ",.")


def _printed_elsewhere(text: str, start: int, end: int, ungrouped: bool = False) -> frozenset[int]:
    """Figures printed whole (comma-grouped) outside the statement: the notes' tables repeat its lines. Where
    the text layer lost every comma (``ungrouped``), bare runs of four digits or more, years aside."""
    parts = (text[:start], text[end:])
    out = {int(m.group(0).replace(",", "")) for part in parts for m in _PRINTED_FIGURE.finditer(part)}
    if ungrouped:
        out |= {v for part in parts for m in _BARE_FIGURE.finditer(part) if (v := int(m.group(0))) not in _YEAR_VALUE}
    return frozenset(out)


def _line_end(line) -> int:
    return line.start + len(line.text)


NOTES_REACH = 40000  # the notes' heading follows the statement within a page or two
NOTES_HEAD_LINES = 6  # the unit is printed under the notes' title, before the first note


def notes_scale(view: TextView, start: int) -> tuple[int, tuple[int, int]] | None:
    """The unit the notes state for all their amounts (under their title, or "tabular amounts in millions")."""
    text = view.text
    end = min(len(text), start + NOTES_REACH)
    title = L.NOTES_TITLE.search(text, start, end)
    if title:
        for line in islice(split_lines(view, title.start(), end), NOTES_HEAD_LINES):
            for pat, mult in L.SCALE:
                m = pat.search(line.text)
                if m:
                    return mult, view.span(line.start + m.start(), line.start + m.end())
    m = L.TABULAR_SCALE.search(text, start, end)
    if m:
        return (1_000_000 if m.group("m") else 1_000), view.span(*m.span())
    return None


def settle_scale(view: TextView, st: Statement) -> None:
    """The statement's unit, checked against the notes. A header without a unit takes the notes' (OCR often
    loses the header's "(In thousands)"); a header and notes that disagree leave the unit in doubt, and then
    no amount is emitted (a figure off by a thousand times is worse than none)."""
    notes = notes_scale(view, st.end_pos or st.title_pos)
    if notes is None:
        return
    if not st.scale_stated:
        st.scale = notes[0]
        st.repaired.append("scale from the notes")
    elif notes[0] != st.scale:
        st.scale_doubt = f"the statement says x{st.scale:,} but its notes say x{notes[0]:,}"


def _reached_liabilities(st: Statement) -> bool:
    """Did the reader get past the assets (a liabilities item or total) without reading total assets, with
    rows that hold together: no item labelled as a total (labels shifted off their figures), and a section
    that foots to its printed total?"""
    if not any(i.section != "assets" for i in st.items) or not any(k in st.totals for k in ("liabilities", "le")):
        return False
    if any(L.is_total(i.label) for i in st.items):
        return False
    return any(foots(st.section_values(s), st.total(s)) for s in ("liabilities", "equity") if st.section_values(s))


def _read_header(view: TextView, st: Statement, lines: _Lines) -> int | None:
    """Date and scale from the lines between the title and the "Assets" heading; the body's first line."""
    for n, line in enumerate(lines[:HEADER_LINES]):
        if n and L.ASSETS_HEADING.match(line.text.strip()):
            return n + 1
        for pat, mult in L.SCALE:
            if pat.search(line.text):
                st.scale, st.scale_stated = mult, True
        if st.as_of is None:
            d = find_date(line.text) or _month_end(line.text)
            if d:
                st.as_of, st.as_of_span = d[0], view.span(line.start + d[1], line.start + d[2])
    return None


_MONTH_YEAR = regex.compile(r"\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<year>(?:19|20)\d{2})\b",
                            regex.I)


def _month_end(text: str) -> tuple[str, int, int] | None:
    """A statement dated by month and year only ("As of December 2020"): the last day of that month."""
    m = _MONTH_YEAR.search(text)
    if not m:
        return None
    year, month = int(m.group("year")), MONTHS[m.group("mon").lower()]
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}", m.start(), m.end()


class _Reader:
    """Walks the statement's rows, keeping the section, the open "Heading:" group and pending label lines."""

    def __init__(self, view: TextView, st: Statement, section_span: tuple[int, int] | None,
                 lines: _Lines | None = None):
        self.view, self.st = view, st
        self.lines = lines if lines is not None else _Lines(iter(()))  # the statement's lines, by Row.line_no
        self.section, self.section_span = "assets", section_span  # where the section is named
        self.pending: list[Row] = []  # label lines waiting for their figure
        self.stack: list[list[Row]] = []  # every label since the last figure, each a list of its lines
        self.column: tuple[list[list[Row]], list[Figure]] | None = None  # labels, then their figures below
        self.group_start: int | None = None  # index in st.items where a "Heading:" group began
        self.group_label: str | None = None
        self.group_indent = 0
        self.orphan: Figure | None = None  # an unlabelled figure waiting for the label printed below it
        self.run_start = 0  # items since the last subtotal (for unlabelled subtotals without a heading)
        self.last_row = -2  # line number of the row that gave the last item

    def enter(self, section: str, row: Row) -> None:
        self.section = section
        self.section_span = _row_span(self.view, row) or self.section_span

    def add(self, label: str, fig: Figure, span: tuple[int, int] | None, row: Row | None = None) -> None:
        grouped = self.group_label if self.group_start is not None else None
        self.st.items.append(Item(self.section, label, fig.reading, span, fig.span, grouped,
                                  row.indent if row else 0, self.section_span))
        self.last_row = row.line_no if row else -2

    def heading(self, row: Row, text: str) -> None:
        # a lower-case "liabilities" under "Other and accrued expenses" finishes that label: not a section heading
        wrapped = bool(self.pending) and text[:1].islower()
        for pat, section in ((L.ASSETS_HEADING, "assets"), (L.LIABILITIES_HEADING, "liabilities"),
                             (L.EQUITY_HEADING, "equity")):
            if not wrapped and pat.match(text):
                if section == "equity":
                    self.close_liabilities()
                self.enter(section, row)
                break
        else:
            if text.endswith(":"):
                self.group_start = self.run_start = len(self.st.items)
                self.group_indent, self.group_label = row.indent, text.rstrip(":")
            elif self.pending == [] and self._continues_last(row, text):
                return
            elif self.orphan is not None and not _NAMES_ITS_ROLE.search(text):
                # a figure printed a line above its label (OCR misalignment); never a total's label: that one
                # is read with the figure on its own line, or the arithmetic places it
                self.add(" ".join(text.split()).strip(" :."), self.orphan, self.view.span(*_label_extent(row)))
                self.orphan = None
                return
            elif self.orphan is not None and self._total_above(" ".join(text.split()).strip(" :."), row):
                self.pending, self.orphan, self.stack, self.column = [], None, [], None
                return
            else:
                self.pending = (self.pending + [row])[-2:]
                if self.stack and _continues(self.stack[-1], row):
                    self.stack[-1].append(row)
                else:
                    self.stack = (self.stack + [[row]])[-MAX_STACKED:]
                return
        self.pending, self.orphan, self.stack, self.column = [], None, [], None

    def figure(self, row: Row, text: str) -> bool:
        """A row with a figure; True when it closes the statement."""
        st = self.st
        # a line back at the heading's indent ends an indented "Heading:" group
        if self.group_start is not None and row.indent <= self.group_indent and any(
                i.indent > self.group_indent for i in st.items[self.group_start:]):
            self.group_start = None
        label, span = text, row.label_span
        if len(self.pending) == 2 and self._heads_group(self.pending[0], self.pending[1]):
            self.pending = self.pending[1:]  # a heading without a colon is no part of its first sub-line's label
        above = None  # pending label lines, for a figure printed without a label
        if self.pending and not row.label:
            pending_span = _label_extent(self.pending[0], self.pending[-1])
            above = (" ".join(" ".join(p.label for p in self.pending).split()).strip(" :."),
                     self.view.span(*pending_span))
            if _NAMES_ITS_ROLE.search(above[0]):  # "Total assets" on its line, the figure on the next
                label, span, above = above[0], pending_span, None
        continues = _continues(self.pending, row)  # (the pending lines stay as they are until the figure is placed)
        if continues:
            label = " ".join([p.label.strip() for p in self.pending] + [text])
            if self.pending[0].label_span and row.label_span:
                span = (self.pending[0].label_span[0], row.label_span[1])
        elif row.label and len(self.pending) == 1 and _LOWER_FRAGMENT.fullmatch(self.pending[0].label.strip()) \
                and not _ends_on_connector(text):
            # "to customers" printed above "Payable   65582" (OCR layout set the label's end a line up)
            label = f"{text} {self.pending[0].label.strip()}"
            own, fragment = _label_extent(row), _label_extent(self.pending[0])
            span = (min(own[0], fragment[0]), max(own[1], fragment[1]))
        label = L.without_captions(label)
        label = " ".join(label.split()).strip(" :.")
        if not _WORDLIKE.search(label):
            label = ""  # specks ("i", "° |"): no label, the figure is placed by the arithmetic
        if _subordinated_only(label) or L.is_equity_line(label):
            self.close_liabilities()
        stack, self.stack = self.stack, []
        if label and self.section == "equity":
            self._note_nil_captions(stack[:-1] if continues else stack)
        # every named total's pattern opens as ANY_TOTAL does: a line item's label is tried against none of them
        named_total = L.is_total(label)
        if label and self.pending and named_total and not continues:
            st.dangling.add(self.section)  # a line lost its figure: the section's gap may be that line
        if label:
            self.column = None  # a labelled row ends figures printed below their labels (unpaired: dropped)
        self.pending, self.orphan = [], None
        if named_total:
            repaired = L.fix_ocr_words(label)  # "Total stockholders eqinty": the total is named by repaired words
            if repaired != label:
                label, named_total = repaired, L.is_total(repaired)
        if len(label) in _BARE_SECTION_LENGTHS and _BARE_SECTION.fullmatch(label):  # a bare section word with a
            label, named_total = "Total " + label, True  # figure is its total
        damaged = row.amount is None and row.guess is not None
        fig = Figure(Reading(row.guess if damaged else row.amount, row.raw, provisional=damaged),
                     self.view.span(*row.amount_span) if row.amount_span else None)
        if not label:
            return self.unlabelled(fig, row, above, stack)
        if named_total and L.TOTAL_ASSETS.match(label):
            st.totals["assets"] = fig
            self.enter("liabilities", row)
        elif named_total and L.BARE_TOTAL.match(label) and not self._grand_total(fig):
            if self.section == "liabilities" and "liabilities" not in st.totals and self._closes("liabilities", fig):
                st.totals["liabilities"] = fig  # a bare "Total" under the liabilities is theirs
                self.enter("equity", row)
            # else: a subtotal
        elif named_total and L.TOTAL_L_AND_E.match(label):
            st.totals["le"] = fig
            return True
        elif named_total and L.TOTAL_LIABILITIES.match(label):
            st.totals["liabilities"] = fig
            st.subordinated_in_liabilities = "subordinated" in st.totals
            self.enter("equity", row)
        elif named_total and self.section == "equity" and _EQUITY_WORDS.search(label) and "equity" not in st.totals:
            st.totals["equity"] = fig
        elif named_total:  # a subtotal ("Total securities owned"): not a line item
            if fig.reading.value is not None and not fig.reading.provisional:
                lines_above = sum(1 for i in st.items if i.section == self.section)
                st.subtotals.setdefault(self.section, []).append((lines_above, fig.reading.value))
        elif _subordinated_only(label) and self.section != "assets":
            st.totals["subordinated"] = fig
        elif self.section == "equity" and L.is_equity_line(label) and self._closes_equity(fig):
            st.totals["equity"] = fig  # "Shareholder's equity" printed under its components: their total
        else:
            if self.section != "equity" and L.is_equity_line(label):
                self.enter("equity", row)
            self.add(label, fig, self.view.span(*span) if span else None, row)
            return False
        self.group_start, self.run_start = None, len(st.items)
        return False

    def _note_nil_captions(self, groups: list[list[Row]]) -> None:
        """Share-capital captions read without a figure before this row: nil candidates (see ``_nil_captions``)."""
        for lines in groups:
            if lines and L.STOCK_CAPTION.match(lines[0].label.strip()) and lines[0].label_span and lines[-1].label_span:
                label = " ".join(" ".join(r.label for r in lines).split()).strip(" :.")
                span = self.view.span(lines[0].label_span[0], lines[-1].label_span[1])
                self.st.nil_candidates.append((len(self.st.items), Item("equity", label, Reading(0, None), span, None,
                                                                        indent=lines[0].indent,
                                                                        section_span=self.section_span)))

    def _heads_group(self, head: Row, first: Row) -> bool:
        """``Collateralized short-term financing agreements`` / ``  Securities purchased under agreements to
        resell`` / ``    includes $504128 at fair value   43859480`` / ``  Securities borrowed  19558980``: a
        heading printed without a colon or a figure, told from a label that wraps by the layout. The heading line
        is complete (it ends on no connecting word), the next line starts a caption (a capital) further in, and
        a later line comes back to that same indent before any line returns to the heading's: a sibling
        sub-line. A wrapped label has no sibling; without layout (no indents) nothing is a heading."""
        if not first.label[:1].isupper() or first.indent <= head.indent or _ends_on_connector(head.label) \
                or head.label.rstrip().endswith("-") or _NAMES_ITS_ROLE.search(head.label):
            return False
        for line in self.lines[first.line_no + 1:first.line_no + 1 + MAX_SUBLINES]:
            if line.indent <= head.indent:
                return False
            if line.indent == first.indent:
                return line.text[:1].isupper()
        return False

    def _total_above(self, label: str, row: Row) -> bool:
        """``3067937`` / ``Total stockholders equity``: a section's total printed a line above its label, kept
        only where the section's lines add up to it (after the repairs the footing allows)."""
        st, fig = self.st, self.orphan
        assert fig is not None
        for pat, key in ((L.TOTAL_ASSETS, "assets"), (L.TOTAL_LIABILITIES, "liabilities"), (L.TOTAL_EQUITY, "equity")):
            if pat.match(label) and key == self.section and key not in st.totals:
                sub = st.total("subordinated") if key == "liabilities" else None
                if _adds_up([i.reading for i in st.items if i.section == key], fig.reading.value, sub):
                    st.totals[key] = fig
                    st.subordinated_in_liabilities = key == "liabilities" and sub is not None and \
                        not _adds_up([i.reading for i in st.items if i.section == key], fig.reading.value, None)
                    self.enter({"assets": "liabilities", "liabilities": "equity"}.get(key, key), row)
                    return True
        return False

    def close_liabilities(self) -> None:
        """An unlabelled figure that ends the liabilities, where the sum of damaged readings could not place
        it, is their total on trial: kept only if liabilities (+ subordinated) + equity confirm it."""
        if self.orphan is not None and self.section == "liabilities" and "liabilities" not in self.st.totals \
                and any(i.reading.provisional or i.reading.value is None for i in self.st.items
                        if i.section == "liabilities"):
            r = self.orphan.reading
            self.st.totals["liabilities"] = Figure(Reading(r.value, r.raw, provisional=True), self.orphan.span)
            self.orphan = None

    def _continues_last(self, row: Row, text: str) -> bool:
        """``Common stock … authorized and  120`` / ``issued and outstanding 12,000 shares``: the rest of the label
        of the row just read, which OCR set below its figure; also a qualifier printed under the row
        (``Securities purchased under resale agreements  129951`` / ``(included $423 at fair value …)``).
        Appended to that item's label."""
        items = self.st.items
        if not items or items[-1].label_span is None or self.last_row != row.line_no - 1:
            return False
        wrapped = text[:1].islower() and _ends_on_connector(items[-1].label)
        if not wrapped and not L.QUALIFIER_LINE.match(text):
            return False
        items[-1].label = f"{items[-1].label} {' '.join(text.split())}"
        a, b = items[-1].label_span
        items[-1].label_span = (a, max(b, self.view.span(*_label_extent(row))[1]))
        return True

    def _closes_equity(self, fig: Figure) -> bool:
        return len(self.st.section_values("equity")) > 1 and self._closes("equity", fig)

    def _closes(self, section: str, fig: Figure) -> bool:
        values = self.st.section_values(section)
        values_sum = _sum_read(values)
        return bool(values) and values_sum is not None and values_sum == fig.reading.value

    def _grand_total(self, fig: Figure) -> bool:
        """Is a bare "Total" the total of liabilities and equity? Only where it equals total assets (or, with
        total assets unread, where the equity has been reached)."""
        assets = self.st.total("assets")
        if assets is None:
            return self.section == "equity"
        return fig.reading.value == assets or (fig.reading.value is None and plausible(fig.reading.raw, assets))

    def unlabelled(self, fig: Figure, row: Row, above: tuple[str, tuple[int, int]] | None,
                   stack: list[list[Row]]) -> bool:
        st = self.st
        if self.column is not None:  # the next of the figures printed under a column of labels
            labels, figures = self.column
            figures.append(fig)
            if len(figures) == len(labels):
                self.column = None
                for lines, f in zip(labels, figures):
                    self.add(" ".join(" ".join(r.label for r in lines).split()).strip(" :."), f,
                             self.view.span(*_label_extent(lines[0], lines[-1])), lines[0])
            return False
        if _place_unlabelled(st, self.section, fig, self.group_start, self.run_start) == "orphan":
            if len(stack) > 1:  # several labels, then their figures in a column below them (OCR layout)
                self.column = (stack, [])
                return self.unlabelled(fig, row, None, [])
            if above is not None and not above[0][:1].islower():  # the label sat alone on the line above
                self.add(above[0], fig, above[1])
            elif above is None:
                self.orphan = fig
            # else: the line above is the tail of some label ("accumulated depreciation …"), not this figure's
            return False
        self.group_start, self.run_start = None, len(st.items)
        if "le" in st.totals:
            return True
        if "assets" in st.totals and self.section == "assets":
            self.enter("liabilities", row)
        return False


def _subordinated_only(label: str) -> bool:
    """A line of subordinated borrowings alone (their total), not one that adds other debt to them."""
    return L.names_subordinated(label) and not L.SUBORDINATED_COMBINED.search(label)


def _row_span(view: TextView, row: Row) -> tuple[int, int] | None:
    return view.span(*row.label_span) if row.label_span else None


def _label_extent(first: Row, last: Row | None = None) -> tuple[int, int]:
    """View offsets of a label printed from ``first``'s line to ``last``'s. Only for rows that have a label: a
    label line (a heading) or a figure with words before it always carries the label's span (a merged row,
    the one exception, is left out before the reader sees it)."""
    last = first if last is None else last
    assert first.label_span is not None and last.label_span is not None, "a label row without its span"
    return first.label_span[0], last.label_span[1]


def _sum_read(values: list[int | None]) -> int | None:
    """The sum of the figures, or None when any of them could not be read."""
    read = [v for v in values if v is not None]
    return sum(read) if len(read) == len(values) else None


def _entity(view: TextView, title_pos: int) -> tuple[str | None, tuple[int, int] | None]:
    """The company named above the title (skipping "(An indirect wholly owned subsidiary of …)" lines)."""
    text = view.text

    def line_start(pos: int) -> int:  # a page break (form feed) starts a line too: the last line of the page
        return max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos)) + 1  # before is no part of the heading

    end = line_start(title_pos) - 1
    for _ in range(3):
        if end <= 0:
            break
        start = line_start(end)
        line = text[start:end].strip()
        wrapped_note = line.endswith(")") and "(" not in line  # "Daewoo Securities Co., Ltd.)" closing a note
        if line and not line.startswith("(") and not wrapped_note and not rx.search(r"(?i)subsidiary\s+of", line) \
                and rx.search(r"(?i)\b(?:inc|llc|l\.?p|corp|corporation|company|co|ltd|securities)\b\.?", line):
            # scan debris before the name ("! i Nomura ...", "n Daewoo ...") and marks after it ("INC. :")
            lead = rx.match(r"(?:(?:[^\w\s(]+|[a-z])\s+)+(?=[A-Z])", line)
            line = line[lead.end():] if lead else line
            line = line.rstrip(" :;,")
            a = start + text[start:end].index(line)
            return rx.sub(r"\s+", " ", line), view.span(a, a + len(line))
        end = start - 1
    return None, None


def _adds_up(readings: list[Reading], total: int | None, sub: int | None) -> bool:
    """Would these lines (with subordinated borrowings, if given) foot to ``total``, as read or after the one
    repair the footing allows (a misread figure, lost parentheses)? Tried on copies: nothing is changed."""
    if total is None or not readings:
        return False
    trial = [Reading(r.value, r.raw, r.provisional) for r in readings] + ([Reading(sub, str(sub))] if sub else [])
    if _sum_read([r.value for r in trial]) == total:
        return True
    return repair_items(trial, total) is not None or repair_sign(trial, total) is not None


def _place_unlabelled(st: Statement, section: str, fig: Figure, group_start: int | None, run_start: int) -> str:
    """An unlabelled figure is a section total, a subtotal, or a line item whose label is elsewhere.

    The arithmetic tells: the sum of the section so far makes a total, the sum of the lines above a subtotal.
    Returns "total", "subtotal" or "orphan".
    """
    v = fig.reading.value
    in_section = [i.reading.value for i in st.items if i.section == section]
    key = {"assets": "assets", "liabilities": "liabilities", "equity": "le"}[section]
    # a first group's sum ("Collateralized financing agreements" 97,482,570) looks like the section's total
    # until the section's real total comes: a later, larger sum of every line replaces it
    earlier = st.totals.get(key)
    replaceable = earlier is None or (earlier.placed and key == "liabilities" and v is not None
                                      and earlier.reading.value is not None and v > earlier.reading.value)
    total = _sum_read(in_section)
    if len(in_section) > 1 and total is not None and replaceable:
        sub = st.total("subordinated")
        if v == total or (v is None and earlier is None and plausible(fig.reading.raw, total)):
            fig.placed, st.totals[key] = True, fig
            return "total"
        if key == "liabilities" and sub is not None and v == total + sub:
            fig.placed, st.totals[key] = True, fig
            st.subordinated_in_liabilities = True  # printed above the total, and counted in it
            return "total"
    assets = st.total("assets")
    if section == "equity" and assets is not None and plausible(fig.reading.raw, assets):
        st.totals["le"] = fig
        return "total"
    trailing = [i.reading.value for i in st.items[run_start:]]
    if group_start is not None and len(st.items) > group_start:
        return "subtotal"  # closes a "Heading:" group (even when OCR damaged the figure)
    if v is not None and any(_sum_read(trailing[-k:]) == v for k in range(2, len(trailing) + 1)):
        return "subtotal"  # the sum of the lines just above it (a heading's lines, its label lost)
    if section == "equity" and "liabilities" not in st.totals and "le" not in st.totals and in_section == []:
        liab = [i.reading.value for i in st.items if i.section == "liabilities"]
        liab_sum = _sum_read(liab)
        if liab and liab_sum is not None and liab_sum == v:
            st.totals["liabilities"] = fig
            return "total"
    return "orphan"


def settle(st: Statement) -> None:
    """Foot each section against its total, repairing one misread figure where the arithmetic allows."""
    le = st.total("le")
    assets = [i.reading for i in st.items if i.section == "assets"]
    _repair_total(st, "assets", [r.value for r in assets], confirm=le)
    _foot(st, "assets", assets, st.total("assets"))
    liab = [i.reading for i in st.items if i.section == "liabilities"]
    sub = st.total("subordinated") or 0
    liabilities = st.total("liabilities")
    if liabilities is not None:
        extra = sub if st.subordinated_in_liabilities else 0
        _foot(st, "liabilities", liab, liabilities - extra)
    eq = [i.reading for i in st.items if i.section == "equity"]
    if st.total("equity") is not None:
        _foot(st, "equity", eq, st.total("equity"))
    elif len(eq) == 1 and eq[0].value is not None:
        st.totals["equity"] = Figure(eq[0], next(i.amount_span for i in st.items if i.section == "equity"))
    _single_liability(st, liab)
    if st.total("le") is None and st.total("assets") is not None and "le" in st.totals:
        _repair_total(st, "le", [], confirm=st.total("assets"))
    _repair_le(st)
    _nil_captions(st)
    confirm(st)


def _nil_captions(st: Statement) -> None:
    """``Common stock, without par value, 9,000 shares authorized`` / ``5,984 shares issued and outstanding`` with
    no figure beside it: the page prints a dash (nil), which an OCR text layer lost. The line is kept at 0 only
    where the equity's other lines foot to its total and that total is confirmed (liabilities + equity = the
    grand total): any other value would break the footing. Otherwise it stays out, as today."""
    if not st.nil_candidates:
        return
    eq = st.section_values("equity")
    eq_sum = _sum_read(eq)
    if not eq or eq_sum is None or eq_sum != st.total("equity") or not _total_confirmed(st, "equity"):
        return
    for at, item in reversed(st.nil_candidates):
        st.items.insert(at, item)
    st.repaired += [f"equity item '{item.label}': printed without a figure, nil (the equity foots without it)"
                    for _, item in st.nil_candidates]


def _foot(st: Statement, section: str, readings: list[Reading], total: int | None) -> None:
    """Make a section foot to its total: one misread figure, or one whose parentheses OCR lost, is repaired
    where the arithmetic points at it alone. Where it points at several and the total is itself confirmed
    (assets = liabilities and equity), each of those figures is doubtful and left out."""
    if section in st.dangling:
        return  # a label without its figure may be what the section lacks: no figure is "repaired" for it
    hit = repair_items(readings, total)
    if hit is None:
        hit = repair_sign(readings, total)
    if hit is not None:
        st.repaired.append(f"{section} item {hit}")
        return
    items = [i for i in st.items if i.section == section]
    suspects = subtotal_suspects(readings, total, st.subtotals.get(section, []))
    # a suspect whose figure the filing prints again elsewhere (a note's table) was read right
    unconfirmed = [n for n in suspects if readings[n].value not in st.printed_elsewhere]
    if len(unconfirmed) == 1:
        n = unconfirmed[0]
        others = _sum_read([r.value for k, r in enumerate(readings) if k != n])
        # subtotal_suspects names a line only against a total, with every line of the section read
        assert total is not None and others is not None
        readings[n].value = total - others
        st.repaired.append(f"{section} item {n} (its subtotal and the section's total agree on it)")
        return
    settled = second_printing(readings, total, lambda: st.printed_elsewhere)
    if settled:
        st.repaired += [f"{section} item {n} (printed again in the notes)" for n in settled]
        return
    if suspects and _total_confirmed(st, section):  # never emit a figure the statement's arithmetic contradicts
        for n in suspects:
            st.withheld.append(f"{section} item '{items[n].label}': printed '{readings[n].raw}'; the section and "
                               f"its subtotal are off by the same amount and this figure may be the misread one")
            readings[n].value = None
        return
    doubtful = doubtful_items(readings, total)
    if 1 < len(doubtful) <= len(readings) // 2 and _total_confirmed(st, section):
        for n in doubtful:
            st.withheld.append(f"{section} item '{items[n].label}': printed '{readings[n].raw}'; the section is "
                               f"off by one misread digit and this figure may be the one")
            readings[n].value = None


def _total_confirmed(st: Statement, section: str) -> bool:
    """Is the section's printed total borne out by the rest of the statement?"""
    le, assets, liabilities, equity = (st.total(k) for k in ("le", "assets", "liabilities", "equity"))
    sub = st.total("subordinated") or 0
    if le is None:
        return False
    if section == "assets":
        return assets == le
    if liabilities is None or equity is None:
        return False
    return le in (liabilities + equity, liabilities + equity + sub)


def _single_liability(st: Statement, liab: list[Reading]) -> None:
    """One liability line and no "Total liabilities": the line is the total when the statement balances on it
    (total liabilities and equity - equity - subordinated borrowings printed below it)."""
    le, eq = st.total("le"), st.total("equity")
    if st.total("liabilities") is not None or len(liab) != 1 or liab[0].value is None or le is None or eq is None:
        return
    if le - eq - (st.total("subordinated") or 0) == liab[0].value:
        st.totals["liabilities"] = Figure(liab[0], next(i.amount_span for i in st.items if i.section == "liabilities"))


def _repair_le(st: Statement) -> None:
    """A total of liabilities and equity that differs from total assets takes their value when the printed
    liabilities (+ subordinated) + equity give it too and it is a plausible reading of the print."""
    le, a = st.totals.get("le"), st.total("assets")
    parts = _sum_read([st.total("liabilities"), st.total("equity")])
    if le is None or a is None or le.reading.value == a or parts is None:
        return
    sums = {parts, parts + (st.total("subordinated") or 0)}
    # the figure both identities give is the printed one; OCR may have read its commas as digits ("881247 1203")
    if a in sums and (plausible(le.reading.raw, a) or _digits_close(le.reading.raw, a)):
        le.reading.value, le.reading.provisional = a, False
        st.repaired.append("total le")


def _digits_close(raw: str | None, value: int) -> bool:
    digits = rx.sub(r"\D", "", raw or "")
    return bool(digits) and Levenshtein.distance(digits, str(abs(value))) <= MAX_EDITS


def confirm(st: Statement) -> None:
    """Keep a figure read from damaged print only where an identity of the statement holds with it: its
    section foots to the printed total, total assets = total liabilities and equity, or liabilities
    (+ subordinated) + equity = that total. Any other such figure is left out (None), with the reason."""
    held: set[int] = set()  # id() of every reading some identity confirms

    def agree(parts: list[Reading | None], whole: Reading | None) -> None:
        if whole is None or whole.value is None or not parts:
            return
        if any(p is whole for p in parts):  # a total that is its only line's own reading proves nothing
            return
        if _sum_read([p.value if p is not None else None for p in parts]) == whole.value:  # None: a part unread
            held.update(id(p) for p in parts + [whole])

    totals = {k: f.reading for k, f in st.totals.items()}
    sub = totals.get("subordinated")
    for section in ("assets", "liabilities", "equity"):
        items: list[Reading | None] = [i.reading for i in st.items if i.section == section]
        agree(items, totals.get(section))
        if section == "liabilities" and sub is not None:
            agree(items + [sub], totals.get(section))
    le = totals.get("le")
    agree([totals.get("assets")], le)
    agree([totals.get("liabilities"), totals.get("equity")], le)
    agree([totals.get("liabilities"), sub, totals.get("equity")], le)
    readings = [("total " + k, r) for k, r in totals.items()]
    readings += [(f"{i.section} item '{i.label}'", i.reading) for i in st.items]
    for what, r in readings:
        if not r.provisional:
            continue
        if id(r) in held:
            r.provisional = False
        elif r.value is not None:
            st.withheld.append(f"{what}: printed '{r.raw}', damaged, and no total of the statement confirms it")
            r.value = None

def _repair_total(st: Statement, key: str, values: list[int | None], confirm: int | None) -> None:
    """A total that cannot be read (or does not foot) takes the items' sum when an independent figure agrees."""
    f = st.totals.get(key)
    if f is None or confirm is None:
        return
    values_sum = _sum_read(values)
    s = values_sum if values and values_sum is not None else confirm
    if f.reading.value != s and s == confirm and (f.reading.value is None or plausible(f.reading.raw, s)):
        f.reading.value = s
        st.repaired.append(f"total {key}")


_LOWERED = "lowered here"  # best_statement's default: the caller has no lowered copy (None: the text has none)


def best_statement(view: TextView, low: str | None = _LOWERED) -> Statement | None:
    """The statement of financial condition that holds together best. ``low``: the text's ``labels.lowered`` copy
    (searched for the titles, and for the filing's words), when the caller has it."""
    best: Statement | None = None
    if low is _LOWERED:
        low = L.lowered(view.text)
    for pos in candidates(view, low):
        st = read_statement(view, pos)
        if st and (best is None or st.score() > best.score()):
            best = st
        if best is not None and best.balanced():
            break  # a statement that foots and balances is the one (later copies repeat it)
    if best is not None:
        best.known_words = L.FilingWords(view.text, low)
    return best
