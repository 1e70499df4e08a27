"""Statement rows: the lines of a view split into a label and the amount printed at its right.

Scanned statements arrive as layout text (``pdftotext -layout``: columns kept by runs of spaces) or as OCR
lines (``| Cash and cash equivalents $ 282,929``). Either way one printed row is one line whose last token is
an amount; labels that wrap continue on the next line. The amount token is kept raw as well as parsed, so
the footing repair (:mod:`.footing`) can reconsider an OCR reading the arithmetic rejects.

OCR damages the punctuation of figures ("243;238", "16,084,5.09", "15,4-17,134"), leaves marks after them
("5,666,498 .") and splits digit groups ("1931   82" for 193,182). Such a row is still a row: its amount is
None and its digits are offered as a ``guess``, which the statement keeps only when its arithmetic agrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Union

import regex

from ...text import rx
from ...text.values import parse_amount
from ...text.view import TextView
from .labels import STAMP_LINE

# The amount at the end of a line: a parenthesised negative, $-prefixed, comma/period/space grouped, or a
# dash/underscore standing for zero. OCR look-alikes (I, l) are accepted so the footing can judge them.
_AMOUNT_TOKEN = (
    r"(?P<amt>\$?\s?\(?\s?\$?\s?(?:\d{1,3}(?:\s\d{3}){2,}|[\d$](?:[\d,.]|[;:'’-](?=[\d,.]))*\d|\d|[Il])\s?\)?"
    r"|[-_\u2014\u2013]{1,3})"
)
ROW = regex.compile(r"^(?P<label>.*?)" + _AMOUNT_TOKEN + r"\s*$")  # a row: its label, then the amount
_AMOUNT_AT_END = regex.compile(_AMOUNT_TOKEN + r"\s*$")
_AMOUNT_AT_END_ASCII = rx.twin_of(_AMOUNT_AT_END)  # for an ASCII line (nearly all): half the cost of `regex`
_Match = Union["regex.Match[str]", "re.Match[str]"]  # an amount found by either engine
# Every ASCII character the amount token (and the blank after it) can hold; of the others, only ’ — –, white
# space and digits
_AMOUNT_CHARS = "0123456789$(),.;:'-_Il \t\n\v\f\r\u2019\u2014\u2013"
_DASH_ZERO = regex.compile(r"\(?\s*[-_\u2014\u2013]{1,3}\s*\)?")
_DOT_GROUP = regex.compile(r"(?<=\d)\.(?=\d{3}(?:\D|$))")
_REFERENCE = regex.compile(r"(?i)\b(?:note|notes|rule|section|page)\s*$")  # "Note 16" is not a figure
# what a label _REFERENCE finds ends in, white space aside (and "ſ", which a case-blind `regex` reads as "s")
_REFERENCE_ENDS = frozenset("esnESN\u017f")
_REFERENCE_WORDS = ("note", "notes", "rule", "section", "page")
# A date ending a label is no figure: "at December31   2010" (the year), "at December   312010" (day and year run
# together by OCR)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_BEFORE_YEAR = regex.compile(rf"(?i)\b{_MONTH}\s*\d{{1,2}},?\s*$")
_MONTH_BEFORE = regex.compile(rf"(?i)\b{_MONTH}\s*$")
_YEAR = regex.compile(r"(?:19|20)\d{2}")
_DAY_YEAR = regex.compile(r"(?:[1-9]|[12]\d|3[01])(?:19|20)\d{2}")
_LABEL_CONNECTOR = regex.compile(r"(?i)\b(?:of|and|to|at|by|for|from|in|with|less|net)\s*$")
_SPACES = regex.compile(r" {2,}")
# OCR marks after a figure ("5,666,498 .", "53,697,113 :", "$74,182,935    _"): dropped when what precedes is
# plainly a money figure
_MONEY_BEFORE = r"(?<=(?:\d[,.;]\d{3}|\$\s?[\d,.;]*\d)\)?)"
_TRAIL_MARK = regex.compile(_MONEY_BEFORE + r"\s*[.:;,'\"|!‘’`]{1,2}$")
_TRAIL_DASH = regex.compile(_MONEY_BEFORE + r"\s+[_\u2014\u2013-]{1,2}$")  # one-column statements only: else a zero
# A digit group split off by OCR ("$   881247 1203", "1931   82"): the label would end in a bare number after a
# column gap (or a "$" standing in one), and the figure is a short run of digits with no separator of its own.
# "of $208   71" is a label's own amount, not a split: its "$" follows a word.
_SPLIT_HEAD = regex.compile(r"(?:^|\s{2,})(?:\$\s*)?(?P<head>\d[\d,]*\d(?: \d[\d,]*)*)\s+$")  # "$   881 2471 203"
_SPLIT_TAIL = regex.compile(r"\d{1,4}")
_WHOLE_FIGURE = regex.compile(r"\(?\d{1,3}(?:,\d{3})+\)?")  # a figure printed whole, commas and all
_DAMAGED = regex.compile(r"[\d,.;:'’\-\s()]+")
_CORE = regex.compile(r"\(?[\dIl](?:[\d,. ]*[\d])?\)?|[-_\u2014\u2013]+")
_CORE_ASCII = rx.twin_of(_CORE)
# A figure printed whole with its padding, read as read_amount reads it: "$  282,929", "(3,504)", "$ (1,234 )"
_PLAIN_AMOUNT = re.compile(r"[ $]*(\(?)[ $]*(\d{1,3}(?:,\d{3})*|\d+) *(\)?) *")
# Leading OCR debris: margin bars, rules and specks, and stray characters of a scan's left edge before the label
# ("| Cash", "i Total liabilities", "_ Total assets", "r~ March 31", "7 Other assets", "a Trading assets").
# A capital other than I/J is debris only before a column gap ("C      issued and outstanding"): "U S" keeps its "U".
LEAD_NOISE = regex.compile(r"^(?:[a-z(]?[|!¦:;.,&©*•'\"_~=°\u2014\u2013-]+\s*|[a-z0-9IJl]\s+(?=[A-Z$(])|[a-zIJl]\s(?=\d)"
                           r"|[A-Z]\s{3,}(?=[A-Za-z]))+")
TRAIL_NOISE = regex.compile(r"[\s.:;,'\"|/$\u2014\u2013-]+$")
# What TRAIL_NOISE takes, for str.rstrip (one call, where the pattern retries every position of a long blank run):
# its marks and the white space of `regex`'s \s (Unicode White_Space)
WHITE_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_WHITE_SPACE = WHITE_SPACE  # (its name in the first fast-path tests)
_TRAIL_NOISE_CHARS = ".:;,'\"|/$\u2014\u2013-" + WHITE_SPACE
# First characters of LEAD_NOISE's alternatives (a capital other than I/J only before a blank)
_LEAD_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789IJl(|!¦:;.,&©*•'\"_~=°\u2014\u2013-")
# Its marks: a match opens with one, or has one or a blank second (after a letter, a digit or "(")
_LEAD_MARKS = "|!¦:;.,&©*•'\"_~=°\u2014\u2013-"
_LEAD_SECOND = frozenset(_LEAD_MARKS + WHITE_SPACE)


MAX_ROW = 400  # longer lines are prose


@dataclass
class Line:
    text: str  # the line with leading OCR debris removed
    start: int  # view offset of ``text[0]``
    indent: int
    col: int = 0  # column of ``text[0]`` in the printed line (layout text keeps columns)


@dataclass
class Row:
    label: str
    label_span: tuple[int, int] | None  # view offsets of the label (may cover several lines)
    amount: int | None  # parsed reading (None when the token is not a clean number)
    raw: str | None  # the amount token as printed
    amount_span: tuple[int, int] | None
    indent: int
    line_no: int
    heading: bool = False  # a label line without an amount
    guess: int | None = None  # the digits of a damaged figure (amount None): to be confirmed by the arithmetic
    merged: bool = False  # two printed rows run together into one line: neither label nor figure is usable


def split_lines(view: TextView, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """Non-blank lines of ``view.text[start:end]``, lazily (page breaks count as line breaks)."""
    for m in rx.finditer(r"[^\n\f]+", view.text, pos=start, endpos=len(view.text) if end is None else end):
        s = m.group(0)
        body = s.lstrip()
        if not body:  # (what str.lstrip leaves starts with no white space: a line of blanks is empty here)
            continue
        ind = len(s) - len(body)
        first = body[0]
        may_lead = first in _LEAD_FIRST and (first in _LEAD_MARKS or body[1:2] in _LEAD_SECOND) or \
            ("A" <= first <= "Z" and body[1:2].isspace())
        lead = LEAD_NOISE.match(body) if may_lead else None
        cut = lead.end() if lead else 0
        body = body[cut:].rstrip()
        if not body:
            continue
        yield Line(body, m.start() + ind + cut, ind, ind + cut)


def _row_amount(text: str) -> "_Match | None":
    """``ROW.match(text)``, as the match of the amount alone (the label is ``text[:m.start()]``).

    The lazy label of ``ROW`` tries every position of the line in turn; the amount can only begin in the run
    of amount characters that ends the line (from the start of the line when that run stops at a character
    outside ASCII: a digit or a blank of another script may belong to it), and after the last four blanks before
    the figure (a token holds at most three in a row), so the search starts there."""
    head = text.rstrip(_AMOUNT_CHARS)
    start = len(head) if not head or head[-1].isascii() else 0
    gap = text.rfind("    ", start, len(text.rstrip()))  # the column gap before the figure
    m = (_AMOUNT_AT_END_ASCII if text.isascii() else _AMOUNT_AT_END).search(text, start if gap < 0 else gap + 1)
    return None if m and "\n" in text[:m.start()] else m  # ROW's label holds no line break


def _cut_trail_noise(text: str) -> str:
    """``TRAIL_NOISE.sub("", text)``."""
    return text.rstrip(_TRAIL_NOISE_CHARS)


def _figure_span(at: int, raw: str) -> tuple[int, int]:
    """View offsets of the figure itself in the amount token ``raw`` printed at ``at``: not its "$" or padding."""
    core = (_CORE_ASCII if raw.isascii() else _CORE).search(raw)
    return (at + core.start(), at + core.end()) if core else (at, at + len(raw))


def read_amount(raw: str) -> int | None:
    """A statement amount as printed; ``None`` when the token is damaged (the footing may still place it)."""
    plain = _PLAIN_AMOUNT.fullmatch(raw)
    if plain:  # a figure printed whole (most): read as the steps below read it, without them
        value = int(plain.group(2).replace(",", ""))
        return -value if plain.group(1) and plain.group(3) else value
    tok = " ".join(raw.replace("$", " ").split())
    if _DASH_ZERO.fullmatch(tok):
        return 0
    # a period before exactly three digits is a comma misread: "372.319" (statements print whole units)
    tok = _DOT_GROUP.sub(",", tok).replace("( ", "(").replace(" )", ")")
    return parse_amount(tok)


def guess_amount(raw: str) -> int | None:
    """The digits of a figure whose punctuation OCR damaged: ``2.4,133,915`` → 24133915, ``(1;502)`` → -1502."""
    tok = raw.replace("$", "").strip()
    digits = rx.sub(r"\D", "", tok)
    if not digits or not _DAMAGED.fullmatch(tok):
        return None
    return -int(digits) if tok.startswith("(") else int(digits)


def parse_row(line: Line, line_no: int, comparative: bool = False) -> Row:
    """One line as a row: ``label  amount`` or, when nothing numeric ends it, a heading/label fragment.

    In a comparative statement (this year's column, then last year's) the figure is the first of the two;
    a row with only one figure cannot tell its column, so its amount stays None.
    """
    text = _without_trailing_marks(line.text.replace("§", "$"), comparative)  # "§": OCR's "$" (offsets hold)
    # prose and headings: a figure column never ends in a letter other than OCR's I/l, nor in a full stop
    tail = text[-1]
    m = _row_amount(text) if len(text) <= MAX_ROW and (tail.isdigit() or tail in ")Il-_\u2014\u2013") else None
    if m:
        raw, label = m.group("amt"), text[:m.start("amt")]
        split = None if comparative else _split_group(label, raw)
        if split is not None:
            return _split_row(line, line_no, label, m, split)
        if not _label_owns(label, raw):
            if comparative:
                return _first_column(line, line_no, m)
            label_clean = _cut_trail_noise(label)
            a, b = _figure_span(line.start + m.start("amt"), raw)
            amount = read_amount(raw)
            return Row(label_clean, (line.start, line.start + len(label_clean)) if label_clean else None,
                       amount, raw.strip(), (a, b), line.indent, line_no,
                       guess=guess_amount(raw) if amount is None else None)
    label = _cut_trail_noise(line.text) if not line.text.endswith(":") else line.text
    return Row(label, (line.start, line.start + len(label)), None, None, None, line.indent, line_no, heading=True)


_MARK_ENDS = frozenset(".:;,'\"|!‘’`\n")  # last characters a trailing mark can leave (or a newline before "$")
_DASH_ENDS = frozenset("_\u2014\u2013-\n")


def _without_trailing_marks(text: str, comparative: bool) -> str:
    # each pattern tries every position of the line: try it only where the line ends as the mark would
    last = text[-1:]
    mark = (_TRAIL_MARK.search(text) if last in _MARK_ENDS else None) or \
        (None if comparative or last not in _DASH_ENDS else _TRAIL_DASH.search(text))
    return text[:mark.start()] if mark and mark.start() > 0 else text


def _split_group(label: str, raw: str) -> "regex.Match[str] | None":
    """The head of a figure OCR split in pieces ("$   881 2471 203"), as a match on ``label``; None if not split."""
    tail = raw.strip()
    # (an ASCII tail by str methods: `regex`'s \d knows digits of later Unicode versions than str.isdecimal)
    if not (len(tail) <= 4 and tail.isdigit() if tail.isascii() else _SPLIT_TAIL.fullmatch(tail)):
        return None
    gap = raw[:len(raw) - len(raw.lstrip())]  # the blank before the figure, which the token may hold
    before_figure = label + gap
    # the head is a number, then blanks to the end: search only such a label (the pattern is slow on long blanks)
    body = before_figure.rstrip()
    if len(body) == len(before_figure) or not body or (body[-1] not in "0123456789," and body[-1].isascii()):
        return None
    split = _SPLIT_HEAD.search(before_figure)
    before = label[:split.start("head")].rstrip(" $") if split else ""
    if split and (_LABEL_CONNECTOR.search(before) or _MONTH_BEFORE.search(before)):
        return None  # "depreciation of $331   102", "at December   31 2010   1895": the label's own, then the figure
    return split


def _split_row(line: Line, line_no: int, label: str, m: "_Match", split: "regex.Match[str]") -> Row:
    head = split.start("head")
    if _WHOLE_FIGURE.fullmatch(split.group("head")):
        # "… 100,000 shares;  11,999,880 120": two printed figures, two rows run together by OCR; their labels
        # interleave, so neither figure can be told its label
        return Row(_cut_trail_noise(label[:head]), None, None, None, None, line.indent, line_no,
                   heading=True, merged=True)
    # one figure in two pieces: the amount is doubtful, its digits a guess
    label_clean = _cut_trail_noise(label[:head])
    raw = label[head:] + m.group("amt")
    return Row(label_clean, (line.start, line.start + len(label_clean)) if label_clean else None, None,
               " ".join(raw.split()), (line.start + head, line.start + m.end("amt")), line.indent, line_no,
               guess=guess_amount(raw))


def _label_owns(label: str, raw: str) -> bool:
    """Is the number ending the line part of the label rather than a figure of its own?"""
    core = raw.strip()
    # an amount glued to a word ("Note 16", "31 2011", "$58,589") is part of the label, not a column
    glued = bool(label) and not label[-1].isspace() and raw[0] not in " \t$(" and label[-1] != "$"
    bare_letter = raw in ("I", "l") and not label.endswith("   ")
    # "… at fair value and $515" / "is from consolidated VIEs   2,784": an amount glued to its "$" right after a
    # connecting word is the label's own, the sentence goes on below
    inline = core[:1] == "$" and core[1:2].isdigit() and bool(_LABEL_CONNECTOR.search(label))
    # a year is four digits, a day and year five or six
    dated = 4 <= len(core) <= 6 and (bool(_YEAR.fullmatch(core) and _DATE_BEFORE_YEAR.search(label)) or
                                     bool(_DAY_YEAR.fullmatch(core) and _MONTH_BEFORE.search(label)))
    return glued or bare_letter or inline or dated or _ends_in_reference(label)


def _ends_in_reference(label: str) -> bool:
    """``_REFERENCE.search(label)``, tried only on a label whose last character (white space aside) ends one of
    its words: the pattern is tried at every offset, and its trailing blanks at every blank of a column gap."""
    end = label.rstrip(WHITE_SPACE)
    if end.isascii():  # (a case-blind `regex` reads "ſ" as "s")
        return end[-7:].lower().endswith(_REFERENCE_WORDS) and _REFERENCE.search(label) is not None
    return end[-1:] in _REFERENCE_ENDS and _REFERENCE.search(label) is not None


def _first_column(line: Line, line_no: int, last: "_Match") -> Row:
    head = line.text[:last.start("amt")].rstrip(" \t$")  # the second column's "$" goes with it
    m = _row_amount(head) if head else None
    if m and m.start("amt") and (head[m.start("amt") - 1].isspace() or m.group("amt")[0] in " \t$("):
        label = _cut_trail_noise(head[:m.start("amt")])
        raw = m.group("amt")
        a, b = _figure_span(line.start + m.start("amt"), raw)
        return Row(label, (line.start, line.start + len(label)) if label else None, read_amount(raw), raw.strip(),
                   (a, b), line.indent, line_no)
    label = _cut_trail_noise(line.text[:last.start("amt")])
    return Row(label, (line.start, line.start + len(label)) if label else None, None, last.group("amt").strip(),
               None, line.indent, line_no)


def _gaps(line: Line, label_len: int, amount_col: int | None) -> list[tuple[int, int]]:
    """Blank column ranges of a row's label area: before it, runs of 2+ spaces inside, and up to the amount."""
    gaps = [(0, line.col)]
    for m in _SPACES.finditer(line.text[:label_len]):
        gaps.append((line.col + m.start(), line.col + m.end()))
    end = line.col + label_len
    gaps.append((end, amount_col if amount_col is not None else end + 200))
    return gaps


def merge_displaced(pairs: Iterable[tuple[Row, Line]]) -> Iterator[Row]:
    """Fold words that layout OCR printed a line below their row back into it, by column.

    ``Commercial        9,778`` / ``          paper`` → ``Commercial paper``. A fragment line is folded only
    when every word of it falls in a blank stretch of the row above (so a real next label never is).
    Lazy: a row is handed on once the line after it has been seen.
    """
    held: tuple[Row, Line] | None = None  # the row waiting for its next line, and the line it came from
    for row, line in pairs:
        if held is not None and row.heading and held[0].raw is not None \
                and _FRAGMENT.fullmatch(line.text) and not STAMP_LINE.fullmatch(line.text) \
                and _fold(*held, line):
            continue
        if held is not None:
            yield held[0]
        held = (row, line)
    if held is not None:
        yield held[0]


# (stdlib: ASCII classes and spaces only, which both engines read alike)
_FRAGMENT = re.compile(r"[A-Za-z][A-Za-z'’-]+(?: +[A-Za-z][A-Za-z'’-]+){0,2}")


def _fold(last: Row, prev_line: Line, line: Line) -> bool:
    label_span = last.label_span
    if label_span is None:  # a row with no label has no blank stretches to take words into
        return False
    label_len = label_span[1] - prev_line.start
    amount_col = prev_line.col + (last.amount_span[0] - prev_line.start) if last.amount_span else None
    gaps = _gaps(prev_line, label_len, amount_col)
    words = [(line.col + m.start(), line.col + m.end(), m.group(0)) for m in _WORD.finditer(line.text)]
    fits = all(any((a + 1 <= ws or a == 0) and we <= b - 1 for a, b in gaps) for ws, we, _ in words)
    if not words or not fits:
        return False
    placed = [(prev_line.col + m.start(), m.group(0)) for m in _WORD.finditer(last.label)]
    placed += [(ws, w) for ws, _, w in words]
    last.label = " ".join(w for _, w in sorted(placed))
    last.label_span = (min(label_span[0], line.start), max(label_span[1], line.start + len(line.text)))
    return True


_WORD = regex.compile(r"\S+")
