"""Text cover pages (plain text, SGML, HTML rendered to lines, markdown, OCR) → one reporting person each.

Every layout is read the same way: find the printed captions, and read a value as the text between its
caption and the next one, minus layout noise (row numbers, the rows 7-10 side caption, rules, running
heads). Removed noise is blanked to spaces rather than cut, so offsets into the view stay exact and every
value keeps its source span.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import regex

from ...text import rx
from ...text.rx import CONTROL_SPACE, reads_alike, stdlib_twin
from ...text.search import TextScan, fold
from ...text.values import ZERO_WORDS, parse_amount, parse_percent
from .labels import (
    AMOUNT_ROWS,
    CAPTION_REST,
    COVER_ROWS,
    FUZZY_ROW_ANCHORS,
    FUZZY_ROW_PATTERNS,
    IRS_PHRASE,
    NOISE_LINE,
    ROW_OPENERS,
    ROW_CAPTIONS_STDLIB,
    ROW_ORDER,
    ROW_PATTERNS,
    SIDEBAR_PHRASE,
    SIDEBAR_WORDS,
    SOURCE_CODES,
    TYPE_CODES,
    VALUE_ROWS,
    Row,
)

# "United States (1)", "Delaware*", "Jason E. Moment [See Preliminary Note]", "Delaware (see Item 4)"
FOOTNOTE_TAIL = regex.compile(
    r"(?:\s*(?:\(\d{1,2}\)|\*+|\[\s*see\b[^\]\n]{0,80}\]|\(\s*see\b[^)\n]{0,80}\)))+$", regex.I)
# the rows 7-10 side caption starting on the citizenship line: "Delaware   NUMBER OF"
# the side caption's row number printed on the place's line: "New York        :  7" (rows 5-8 of a 13G, 7-10
# of a 13D)
ROW_NUMBER_TAIL = regex.compile(r"(?:\s*[:|]\s*|\s+)\(?(?:5|6|7|8|9|10)[.)]?$")
SIDEBAR_TAIL = regex.compile(
    r"(?:\s+(?:NUMBER\s+OF|SHARES|BENEFICIALLY|OWNED\s+BY|EACH|REPORTING|PERSON|WITH)\b)+\s*$", regex.I)
# form text that sits where a blank value would be: never a name or a title
BOILERPLATE = regex.compile(r"(?i)securities\s+exchange\s+act|securities\s+and\s+exchange\s+commission|"
                            r"washington,?\s+d\.?\s?c|^schedule\s+13|amendment\s+no")
# a place never holds a share count, a row number or a row caption: such a value ran on past an unrecognised
# next row, and is dropped rather than kept wrong
RUN_ON = regex.compile(r"(?i)\d{1,3},\d{3}|\(\s*\d{1,2}\s*\)|\b(?:voting|dispositive|power\s+to)\b|\bshares\b")
MAX_ROW_VALUE = 3000  # a row's value never runs longer than this (guards against a missing next caption)


V = TypeVar("V")


@dataclass
class Found(Generic[V]):
    """A value read from the view, with the view slice it came from."""

    value: V
    a: int
    b: int


@dataclass
class PageRows:
    """The reporting person's values one cover page gives, typed by row, each with its view slice."""

    name: Found[str] | None = None
    citizenship_or_place: Found[str] | None = None
    source_of_funds: Found[list[str]] | None = None
    type_of_reporting_person: Found[list[str]] | None = None
    counts: dict[str, Found[int]] = field(default_factory=dict)  # the amount rows read (a blank row as 0)
    percent_of_class: Found[float] | None = None
    # candidates, never values of their own: counts printed with a footnote mark glued on ("1,353,4681") and a
    # percent typed with a decimal comma ("19,7395"); the filing's own arithmetic decides whether to take them
    glued_counts: dict[str, Found[int]] = field(default_factory=dict)
    decimal_comma_percent: Found[float] | None = None
    unread: dict[str, str] = field(default_factory=dict)  # rows printed but left out, with the reason

    def fields(self) -> dict[str, Found[Any]]:
        """The values read, by reporting person field."""
        out: dict[str, Found[Any]] = {}
        for fld, found in (("name", self.name), ("citizenship_or_place", self.citizenship_or_place),
                           ("source_of_funds", self.source_of_funds),
                           ("type_of_reporting_person", self.type_of_reporting_person),
                           *self.counts.items(), ("percent_of_class", self.percent_of_class)):
            if found is not None:
                out[fld] = found
        return out


@dataclass
class Page:
    """One cover page: where each row's value is printed (view offsets)."""

    start: int
    end: int
    floor: int = 0  # where the previous page ended: text above this page's row 1 belongs to it from here
    regions: dict[str, tuple[int, int]] = field(default_factory=dict)  # row field -> value slice
    captions: dict[str, tuple[int, int]] = field(default_factory=dict)  # row field -> caption (with its number)


# --- small text helpers ---------------------------------------------------------------------------------

_NOT_NEWLINE = re.compile(r"[^\n]")
_SPACE_RUN = regex.compile(r"\s+")


def _blank(s: str, pattern: "regex.Pattern[str]") -> str:
    """Replace every match with spaces of the same length (keeps offsets; keeps line breaks)."""
    return pattern.sub(_spaces, s)


def _spaces(m: "regex.Match[str]") -> str:
    g = m.group(0)
    return _NOT_NEWLINE.sub(" ", g) if "\n" in g else " " * len(g)


def _blank_words(s: str, low: str, pattern: "regex.Pattern[str]", words: tuple[str, ...]) -> str:
    """``_blank(s, pattern)`` for a pattern whose every match opens with one of ``words``, found in ``low`` (``s``
    lower-cased, or a text ``s`` was blanked from): the pattern is tried only where one starts."""
    starts = sorted({i for w in words if w in low for i in _find_all(low, w)})
    pieces: list[str] = []
    done = 0
    for p in starts:
        if p < done:
            continue
        m = pattern.match(s, p)
        if m:
            pieces += (s[done:p], _spaces(m))
            done = m.end()
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


def _find_all(s: str, word: str) -> Iterator[int]:
    i = s.find(word)
    while i >= 0:
        yield i
        i = s.find(word, i + 1)


# a separator or dot leader between a caption and the value printed on its line ("SOLE VOTING POWER - 189,185",
# "Percent of Class . . . . 48.5%"); "-0-" (no space after the dash) is a value, not a separator
_LEAD_SEPARATOR = regex.compile(r"(?:[-\u2013\u2014:]+[ \t]+(?=[^\s\-\u2013\u2014])|(?:\.[ \t]*){2,}(?=[^\s.]))")
_SEPARATOR_FIRST = frozenset("-\u2013\u2014:.")


# Cheap tests that tell when a pattern below cannot match, so it is not run (most rows are a number or a name):
# the words a phrase cannot match without (looked for in the lower-cased text, ``text.search.fold``), ...
_SIDEBAR_LITERALS = ("number", "shares", "beneficially", "owned", "each", "reporting", "person", "with")
_SIDEBAR_LITERAL = re.compile("|".join(_SIDEBAR_LITERALS))  # (one search, not a generator of eight)
# ... how a noise line can start after its spaces (lower case; see ``_may_open_noise``), ...
_NOISE_OPENERS = ("cusip", "page", "schedule", "edgar", "(", "[")
_RULE_CHARS = frozenset("-_=*.|")
# a character no rule holds (the stdlib's white space is `regex`'s and more, so a rule holds none of these)
_NOT_RULE_CHAR = re.compile(r"[^\s\-_=*.|]")
_RULE = re.compile(r"[ \t\-_=*.|]*")  # a line of rule characters and spaces only
# ... characters that neither the caption-word patterns remove nor the strip of their remains (a line holding one
# is never caption words only), and white space other than single spaces (which the squeeze would change)
_NOT_CAPTION_WORD = re.compile(r"[0-9!\"#$%&'()+,./;<=>?@\[\\\]^`{}~]")
# the words SIDEBAR_WORDS and CAPTION_REST remove (alone or in their phrases), lower case
_CAPTION_WORDS = frozenset("number of shares beneficially owned by each reporting person persons with power "
                           "organization organisation place excludes certain".split())
_ASCII_WORD = re.compile(r"[a-z]+")
# ... the caption words the patterns remove wherever they stand (no other word needed before or after them), and
# a line of letters and of characters the strip takes away ("_" is left out: it is a word character to \b)
_LONE_CAPTION_WORDS = frozenset("shares beneficially owned each reporting person persons with power organization "
                                "organisation".split())
_LETTERS_AND_STRIPPED = re.compile(r"[A-Za-z \t:\-|*]*")
_SPACE_TO_SQUEEZE = re.compile(r"[^\S ]|  ")


def _is_noise(line: str, low: str | None = None) -> bool:
    """``NOISE_LINE.match(line)``, skipped where no alternative of it can match (``low``: the line lower-cased,
    or a lower-cased line that holds it where it is not blank)."""
    if not line.strip():  # empty or white space: the first alternative, unless `regex` does not call it space
        return not CONTROL_SPACE.search(line) or bool(NOISE_LINE.match(line))
    if _RULE.fullmatch(line):
        return True  # a rule (the first alternative)
    if low is None:
        low = fold(line)
    return bool((_may_open_noise(fold(line.lstrip())) or "instructions" in low) and NOISE_LINE.match(line))


def _may_open_noise(ls: str) -> bool:
    """Whether a noise line can start as ``ls`` does (lower-cased, leading spaces stripped) — a running head, a
    page number, a parenthesised instruction, check boxes, a lone "o" — where the line does not hold the
    "see instructions" that makes any line noise."""
    if ls.startswith(_NOISE_OPENERS):
        return True
    head, nxt = ls[:1], ls[1:2]
    if head in ("a", "b"):  # "(a) [ ]", "a [X]"
        return nxt in ("", ")", "[") or nxt.isspace()
    if head == "o":
        return not ls[1:].strip()
    return head in _RULE_CHARS and not _NOT_RULE_CHAR.search(ls)  # (only a rule opens so: "-0-" is none)


def _caption_words_only(line: str) -> bool:
    """Whether ``line`` holds nothing but caption words (the side caption's, or a caption's wrapped rest)."""
    if _NOT_CAPTION_WORD.search(line):
        return False
    # the patterns remove whole words only: a word of other letters stays ("Delaware", "John Smith")
    words = _ASCII_WORD.findall(fold(line))
    if not _CAPTION_WORDS.issuperset(words):
        return False
    if _LONE_CAPTION_WORDS.issuperset(words) and _LETTERS_AND_STRIPPED.fullmatch(line):
        return True  # "SHARES", "REPORTING PERSON WITH:": each word is removed, and the strip takes what stays
    return not CAPTION_REST.sub("", SIDEBAR_WORDS.sub("", line)).strip(" \t:-_|*")


# A region most rows print: one line that opens with a figure ("1,062,527", "-0-", "5.16% (1)") and holds no letter,
# among blank lines and rules. No line of it is blanked (every phrase blanked has letters), the rules are noise,
# and the figure's line is neither noise (only "see instructions" makes a line that opens so noise) nor caption
# words (it holds a digit): its one value line is read without the line-by-line tests.
_FIGURE_REGION = re.compile(r"(?:[ \t\-_=*.|]*\n)*([ \t]*-?[0-9][^\n]*)?(?:\n[ \t\-_=*.|]*)*")
_LETTER = re.compile(r"[^\W\d_]")


def value_lines(text: str, a: int, b: int, *, sidebar_words: bool = False,
                limit: int | None = None) -> list[tuple[str, int, int]]:
    """Non-noise lines of ``text[a:b]`` as ``(squeezed text, start, end)`` in view offsets (the first ``limit``
    of them, when a caller reads no further). A line holding only caption words (the side caption, or a caption's
    last words wrapped below its value) is noise."""
    return list(islice(iter_value_lines(text, a, b, sidebar_words=sidebar_words), limit))


def iter_value_lines(text: str, a: int, b: int, *, sidebar_words: bool = False) -> Iterator[tuple[str, int, int]]:
    """``value_lines``, read as far as the caller goes (a row's codes end at the first line of other words, and a
    last row's region may run on through footnotes)."""
    figure = _FIGURE_REGION.fullmatch(text, a, b)
    if figure and not (figure.group(1) and _LETTER.search(figure.group(1))):
        if figure.group(1):
            yield _value_line(figure.group(1), figure.start(1))
        return
    s = text[a:b]
    low = fold(s)  # blanking only removes text, so what the original lacks, the blanked text lacks too
    if "number" in low:
        s = _blank(s, SIDEBAR_PHRASE)
    if "identification" in low:
        s = _blank(s, IRS_PHRASE)
    if sidebar_words and _SIDEBAR_LITERAL.search(low):
        s = _blank_words(s, low, SIDEBAR_WORDS, _SIDEBAR_LITERALS)
    instructions = "instructions" in low  # (else no line's lower-cased copy need be cut out for _is_noise)
    end = -1
    for line in s.split("\n"):  # the non-empty lines, with their offsets in ``s``
        start = end + 1
        end = start + len(line)
        if not line or _is_noise(line, low[start:end] if instructions else "") or _caption_words_only(line):
            continue
        yield _value_line(line, a + start)


def _value_line(line: str, at: int) -> tuple[str, int, int]:
    """A value line (starting at view offset ``at``): its text squeezed, without a leading separator, and the view
    slice of what is left."""
    lead = len(line) - len(line.lstrip(" \t"))
    sep = _LEAD_SEPARATOR.match(line, lead) if line[lead:lead + 1] in _SEPARATOR_FIRST else None
    if sep:
        lead = sep.end()
        line = " " * lead + line[lead:]
    trail = len(line) - len(line.rstrip(" \t"))
    squeezed = line.strip()
    if _SPACE_TO_SQUEEZE.search(squeezed):
        squeezed = _SPACE_RUN.sub(" ", squeezed)
    return squeezed, at + lead, at + len(line) - trail


# --- reporting person rows -----------------------------------------------------------------------------

Hit = tuple[int, int, Row]  # (start incl. its printed row number, caption end, row)


def find_pages(text: str, start: int, end: int, stop_at: list[int], form: str = "13D",
               scan: TextScan | None = None) -> list[Page]:
    """Cover pages in ``text[start:end]``: each starts at a row-1 caption; rows follow in form order."""
    scan = scan or TextScan(text)
    name_row, name_caption, _ = ROW_PATTERNS[0]
    # row 1 of the first cover page
    first = scan.search(_caption_for(scan, name_row, name_caption), ROW_OPENERS[name_row.field], start, end)
    if not first:
        return []
    # the cover pages come before the items: rows quoted in the body are not searched (nor paid for)
    end = next((s for s in stop_at if s > first.start()), end)
    hits: list[Hit] = []
    for row, caption, _ in ROW_PATTERNS:
        hits += _hits(scan, row, caption, first.start(), end, start)
    pages = _assign(hits, start, end, stop_at)
    fuzzy: list[Hit] = []
    for page in pages:  # OCR damage: a value row the page lacks is looked for again, one edit allowed
        if len(page.captions) < 3:
            continue  # a row-1 caption with hardly a row after it is not a cover page to repair
        for fld in VALUE_ROWS[form]:
            if fld not in page.regions:
                row = COVER_ROWS[ROW_ORDER[fld]]
                hit = _fuzzy_hit(scan, row, *_gap(page, ROW_ORDER[fld]), start)
                if hit:
                    fuzzy.append(hit)
    if fuzzy:
        pages = _assign(hits + fuzzy, start, end, stop_at)
    for page in pages:
        if _values_above(text, page):
            _flip(page)
    return [p for p in pages if any(f in p.regions for f in AMOUNT_ROWS)]


# Covers that print only the row numbers, one row a line, with no captions: "Item 1:\tReporting Person - FMR
# Corp.", "Item 4:\tDelaware", "Item 5:\t0", … "Item 11:\t0.000%", "Item 12:\tHC" (FMR's 13G template). A page
# opens with an "Item 1:" line naming a reporting person and runs while the numbers rise; each number is the
# form's row number (13G rows 1-12, 13D rows 1-14).
_NUMBERED_ROW = regex.compile(r"(?im)^[ \t]*Item[ \t]+(\d{1,2})[ \t]*:[ \t]*(\S[^\n]*?)[ \t]*$")
_PERSON_LEAD = regex.compile(r"(?i)Reporting\s+Persons?\s*[-:\u2013\u2014]\s*")


def _row_numbers(form: str) -> dict[int, str]:
    """Row number -> field on this form's cover (13D numbers first in ``Row.numbers``, then 13G)."""
    if form == "13D":
        return {row.numbers[0]: row.field for row in COVER_ROWS}
    return {row.numbers[-1]: row.field for row in COVER_ROWS if len(row.numbers) == 2 or row.numbers[0] <= 3}


def numbered_pages(text: str, start: int, end: int, form: str) -> list[Page]:
    """Cover pages of the numbers-only layout (see above); empty when the text has none."""
    fields = _row_numbers(form)
    pages: list[Page] = []
    page: Page | None = None
    last = 0
    for m in _NUMBERED_ROW.finditer(text, start, end):
        n = int(m.group(1))
        lead = _PERSON_LEAD.match(m.group(2)) if n == 1 else None
        if lead:
            page = Page(m.start(), m.end(), floor=pages[-1].end if pages else start)
            page.regions["name"] = (m.start(2) + lead.end(), m.end(2))
            pages.append(page)
            last = 1
        elif page is not None and last < n <= max(fields) and n in fields:
            page.regions[fields[n]] = (m.start(2), m.end(2))
            page.end = m.end()
            last = n
        else:
            page = None  # the run of numbered rows ended
    return [p for p in pages if any(f in p.regions for f in AMOUNT_ROWS)]


def _gap(page: Page, order: int) -> tuple[int, int]:
    """Where a row missing from ``page`` can only be: between the captions found before and after it in form
    order, and never more than one row's width from the one before (so repairs cost linear time)."""
    lo = max((b for f, (_, b) in page.captions.items() if ROW_ORDER[f] < order), default=page.start)
    hi = min((a for f, (a, _) in page.captions.items() if ROW_ORDER[f] > order), default=page.end)
    return lo, max(lo, min(hi, lo + MAX_ROW_VALUE))


def _caption_for(scan: TextScan, row: Row, caption: "regex.Pattern[str]") -> "regex.Pattern[str] | re.Pattern[str]":
    """The row's caption pattern, for the stdlib engine where it reads the text alike (twice as fast)."""
    twin = ROW_CAPTIONS_STDLIB[row.field]
    return twin if twin is not None and scan.engines_read_alike else caption


def _hits(scan: TextScan, row: Row, caption: "regex.Pattern[str]", a: int, b: int, floor: int) -> list[Hit]:
    pattern = _caption_for(scan, row, caption)
    return [_hit(scan, row, m, floor) for m in scan.finditer(pattern, ROW_OPENERS[row.field], a, b)]


# each row's pattern of the number printed before its caption, and its stdlib twin (see _hit)
_NUMBER_BEFORE = {row.field: (before, stdlib_twin(before) or before) for row, _, before in ROW_PATTERNS}


def _hit(scan: TextScan, row: Row, m: "regex.Match[str]", floor: int) -> Hit:
    text, start = scan.text, m.start()
    lo = _row_number_line(text, max(floor, start - 60), start)
    if lo == start:
        return (start, m.end(), row)  # no number can end the window
    # the row number printed in front, by the stdlib twin where the window (and the character before it, which the
    # look-behind reads) is plain ASCII
    before, twin = _NUMBER_BEFORE[row.field]
    num = (twin if scan.reads_alike or reads_alike(text[max(0, lo - 1):start]) else before).search(text, lo, start)
    return (num.start() if num else start, m.end(), row)


# white space (every character ``str.isspace`` calls so, which includes all `regex` calls \s) and the closing
# marks a row number may be printed with
_BLANKS_AND_MARKS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                     "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" ".):]|")


def _row_number_line(text: str, lo: int, end: int) -> int:
    """Where in ``[lo, end)`` a match of a row's number pattern (``labels.row_pattern``'s second), which ends at
    ``end``, can start; ``end`` when none can. That match ends with the number, then only white space and closing
    marks (".", ")", ":", "]", "|"), and opens on the number's line ("Item", a bracket): so the number is the last
    digit before ``end`` past such characters, and the search need not try the window's earlier lines (the
    pattern tried at every offset of 60 characters cost more than the caption's own match)."""
    head = text[lo:end].rstrip(_BLANKS_AND_MARKS)
    if not head or head[-1] not in "0123456789":
        return end
    return max(lo, text.rfind("\n", lo, lo + len(head)) + 1)


# how far a one-edit caption match (its tail and wrapped row number included) reaches from its intact half
FUZZY_REACH = 400


def _fuzzy_hit(scan: TextScan, row: Row, lo: int, hi: int, floor: int) -> Hit | None:
    """The caption of ``row`` with one edit in ``text[lo:hi]``: the match with the fewest edits, the first of
    those, as a best-match search of the whole gap finds it. The fuzzy pattern runs only around an exact half
    of a caption (a one-edit match holds one), so a gap of ordinary text costs one plain scan, not a fuzzy one."""
    fuzzy, anchor = FUZZY_ROW_PATTERNS[row.field], FUZZY_ROW_ANCHORS[row.field]
    best = None
    for wa, wb in _windows_around(anchor, scan.text, lo, hi, FUZZY_REACH):
        m = fuzzy.search(scan.text, wa, wb)
        if m and (best is None or sum(m.fuzzy_counts) < sum(best.fuzzy_counts)):
            best = m
    return _hit(scan, row, best, floor) if best else None


def _windows_around(pattern: "re.Pattern[str] | regex.Pattern[str]", text: str, lo: int, hi: int,
                    reach: int) -> Iterator[tuple[int, int]]:
    """``[a, b)`` slices of ``text[lo:hi]`` within ``reach`` of a match of ``pattern``, overlapping ones merged."""
    wa = wb = -1
    for m in pattern.finditer(text, lo, hi):
        a, b = max(lo, m.start() - reach), min(hi, m.end() + reach)
        if a > wb:
            if wb >= 0:
                yield wa, wb
            wa = a
        wb = max(wb, b)
    if wb >= 0:
        yield wa, wb


def _assign(hits: list[Hit], start: int, end: int, stop_at: list[int]) -> list[Page]:
    """Split the captions into pages (a row-1 caption opens one) and give each row its value slice."""
    hits = sorted(hits, key=lambda h: (h[0], -h[1]))
    kept: list[Hit] = []
    for h in hits:  # drop captions found inside another caption's match
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    pages: list[Page] = []
    last_order = -1
    last_b = start
    for i, (a, b, row) in enumerate(kept):
        nxt = kept[i + 1][0] if i + 1 < len(kept) else end
        order = ROW_ORDER[row.field]
        if row.field == "name":
            if pages:
                pages[-1].end = min(pages[-1].end, a)
            limit = next((s for s in stop_at if s > a), end)
            pages.append(Page(a, limit, last_b if pages else max(start, a - 1500)))
            last_order = order
        elif not pages or order <= last_order or a >= pages[-1].end:
            continue  # a caption outside a cover page, or out of order (body text quoting the form)
        else:
            last_order = order
        page = pages[-1]
        page.regions[row.field] = (b, min(nxt, page.end, b + MAX_ROW_VALUE))
        page.captions[row.field] = (a, b)
        last_b = b
    return pages


def _values_above(text: str, page: Page) -> bool:
    """Some covers print each value on the line ABOVE its caption ("565,750" / "(5) Sole Voting Power").

    Told by the rows whose values have an unmistakable shape: the percent is printed just before its caption
    (and nothing after it), and so is the aggregate amount. Reading such a page the usual way would give each
    row the value of the row below it.
    """
    caps = page.captions
    if not all(f in caps for f in ("percent_of_class", "aggregate_amount", "excludes")):
        return False
    if _read_percent(text, *page.regions["percent_of_class"]):
        return False
    before_pct = value_lines(text, caps["excludes"][1], caps["percent_of_class"][0], limit=2)  # (one, or more)
    before_agg = value_lines(text, caps["shared_dispositive_power"][1] if "shared_dispositive_power" in caps
                             else caps["aggregate_amount"][0], caps["aggregate_amount"][0], sidebar_words=True, limit=2)
    return (len(before_pct) == 1 and bool(_PERCENT.match(before_pct[0][0])) and len(before_agg) == 1
            and bool(_LEADING_AMOUNT.match(before_agg[0][0].strip(" :"))))


def _flip(page: Page) -> None:
    """Give each row (but the name, read as usual) the text between the previous caption and its own."""
    ordered = sorted(page.captions.items(), key=lambda kv: kv[1][0])
    for (_, (_, prev_b)), (fld, (a, _)) in zip(ordered, ordered[1:]):
        if fld != "name":
            page.regions[fld] = (prev_b, a)


def read_page(text: str, page: Page) -> PageRows:
    """The reporting person's values on one cover page."""
    out = PageRows()
    reg = page.regions
    if "name" in reg:
        out.name = _read_name(text, *reg["name"]) or _name_above(text, page)
    if "citizenship_or_place" in reg:
        # an instruction line before row 5 ("(For questions 5-8, report the …)") ends the value
        lines: list[tuple[str, int, int]] = []
        for line in iter_value_lines(text, *reg["citizenship_or_place"]):
            if lines and line[0].startswith("("):
                break
            lines.append(line)
        if lines:
            val = SIDEBAR_TAIL.sub("", FOOTNOTE_TAIL.sub("", ROW_NUMBER_TAIL.sub("", " ".join(t for t, _, _ in lines))))
            a = lines[0][1]
            if out.name is not None:  # "Invesco Ltd. - Bermuda": the row repeats the person's name
                after = _after_name(out.name.value, val)
                if after is not None:
                    val = val[after:]
                    a = text.find(val.split(" ")[0], a, lines[-1][2])
            if (rx.search(r"[A-Za-z]", val) and not rx.fullmatch(r"(?i)n/?a|not\s+applicable|none", val)
                    and not RUN_ON.search(val)):
                out.citizenship_or_place = Found(val, a, lines[-1][2])
    if "source_of_funds" in reg:
        out.source_of_funds = _read_codes(text, *reg["source_of_funds"], SOURCE_CODES)
    if "type_of_reporting_person" in reg:
        out.type_of_reporting_person = _read_codes(text, *reg["type_of_reporting_person"], TYPE_CODES)
    blanks: list[str] = []
    for fld in AMOUNT_ROWS:
        if fld in reg:
            v, blank, mark = _read_amount(text, *reg[fld])
            if v:
                out.counts[fld] = v
            elif blank:
                blanks.append(fld)
            elif mark:  # "1,353,4681": kept aside; the page's (or the filing's) arithmetic decides
                out.glued_counts[fld] = mark
    if "percent_of_class" in reg:
        out.percent_of_class = _read_percent(text, *reg["percent_of_class"])
        if out.percent_of_class is None:  # "19,7395": the caller takes it only if the filing's arithmetic agrees
            out.decimal_comma_percent = _read_decimal_comma(text, *reg["percent_of_class"])
    # A blank row is the form's zero, once the page itself was read (any of its amounts, or its percent) — but
    # never a blank aggregate beside a percent above zero: that blank is a row the reader lost, not a zero.
    pct = out.percent_of_class
    if out.glued_counts or pct is not None or out.counts:
        for fld in blanks:
            if fld == "aggregate_amount" and pct is not None and pct.value > 0:
                out.unread[fld] = f"printed blank beside a percent of {pct.value:g}%, so not a zero"
                continue
            a, _ = reg[fld]
            out.counts[fld] = Found(0, a, a)
    _shared_na_is_zero(text, page, out.counts)
    return out


_NAME_SEPARATOR = re.compile(r"\s*[-:]\s*")


def _after_name(name: str, val: str) -> int | None:
    """Where ``val`` goes on after ``name`` and a dash or colon; None when it does not start so. Read as the literal
    name then the separator (as ``rx`` would read the two as one pattern), not as a pattern compiled per name."""
    if not val.startswith(name):
        return None
    m = _NAME_SEPARATOR.match(val, len(name))
    return m.end() if m else None


ENTITY_CONTINUATION = regex.compile(
    r"^(?:[a-z]|(?:L\.?\s?P\.?|LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|Partnership|Partners|Corporation|Company|Fund|Trust|"
    r"Holdings?|N\.\s?V\.|S\.\s?A\.|plc|GmbH|AG)\b)")


# a name's last word is its legal form ("… Ownership Trust", "… Partners, L.P."): a line before it without one is
# the same name's first part
ENTITY_END = regex.compile(r"(?i)\b(?:L\.?\s?P\.?|LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|Partnership|Partners|"
                           r"Corporation|Corp\.?|Company|Co\.|Fund|Trust|Holdings?|N\.\s?V\.|S\.\s?A\.|plc|GmbH|AG)$")


def _read_name(text: str, a: int, b: int) -> Found[str] | None:
    lines = value_lines(text, a, b)
    for k, (line, la, lb) in enumerate(lines):
        m = rx.match(r"^(?:\(?[a-z]\)\s+|[-:]\s*)", line)
        if m:
            line = line[m.end():]
        line = _strip_ids(line)
        if len(line) < 2 or not rx.search(r"[A-Za-z]{2}", line) or rx.match(r"(?i)^(?:n/?a|none)$", line):
            continue
        if rx.match(r"(?i)^(?:check|sec use|\(?entities)", line):
            return None
        # a name wrapped onto the next line ("… Investments II Limited" / "Partnership", "… as Trustee for the
        # M.A." / "Hanna Company Associates Ownership Trust")
        # "Employees  37-6091823": the identification number printed after the name closes it on the next line)
        if k + 1 < len(lines) and (ENTITY_CONTINUATION.match(lines[k + 1][0]) or (
                ENTITY_END.search(lines[k + 1][0]) and not ENTITY_END.search(line)) or (
                line == lines[k][0] and _strip_ids(lines[k + 1][0]) != lines[k + 1][0].strip(" :,-")
                and rx.search(r"[A-Za-z]{3}", _strip_ids(lines[k + 1][0])))):
            nxt = _strip_ids(lines[k + 1][0])
            if nxt and not rx.match(r"(?i)^(?:check|sec use)", nxt):
                return Found(f"{line} {nxt}", la, lines[k + 1][2])
        pos = text.find(line[:20], la, lb)
        na = pos if pos >= 0 else la
        return Found(line, na, min(lb, na + len(line)) if pos >= 0 else lb)
    return None


def _strip_ids(line: str) -> str:
    """Identification numbers printed with a name: "Invesco Ltd. - IRS # 980557567", "… 13-3456789",
    "Dimensional Fund Advisors Inc. (Tax ID: 22-2370029)", "Calix, Inc. (I.R.S. Identification No. 68-0438710)",
    "… I.D. No. 13-4044523", "… LLC  TIN 47-4067697", "Acme L.P. - 11-276-3164" (an EIN typed 2-3-4)."""
    line = ID_LABEL_TAIL.sub("", line)
    bare = ID_NUMBER_TAIL.search(line)
    if bare and 7 <= sum(ch.isdigit() for ch in bare.group("id")) <= 10:
        line = line[:bare.start()]
    line = _ALIAS_TAIL.sub("", line)  # "Massachusetts Financial Services Company ("MFS")"
    return FOOTNOTE_TAIL.sub("", line).strip(" :,-")


# an identification label and its number after a name (a label left without its number is reported by the
# checks as ``sc13.name_id``)
_ID_WORD = (r"(?:I\.?\s?R\.?\s?S\.?|E\.?\s?I\.?\s?N\.?|T\.?\s?I\.?\s?N\.?|S\.?\s?S\.?\s?N?\.?|Tax|Employer|I\.\s?D\.?|ID|"
            r"Identification|Ident\.)")
# "IRS ID# 13-3156718", "(Tax ID: 22-2370029)", "I.D. No. 13-4044523", "TIN 47-4067697"
ID_LABEL_TAIL = regex.compile(rf"\s*[-,;]?\s*\(?\s*(?<![A-Za-z])(?:{_ID_WORD}\s*){{1,4}}(?:Nos?\.?|Numbers?|#)?"
                              r"\s*[:.]?\s*\d[\d\-\s]*\d.*$", regex.I)
# a bare number run after a name: an EIN (12-3456789, 11-276-3164) or an SSN, hyphenated or not
ID_NUMBER_TAIL = regex.compile(r"(?:\s+|\s*[-,;:]\s*)\(?(?P<id>\d{2,3}(?:-?\d{2,4}){1,2}|\d{7,10})\)?(?:\s.*)?$")


# a defined-term alias after a name: ("MFS"), (the "Fund"), (“Icahn”)
_ALIAS_TAIL = regex.compile(r"\s*\(\s*(?:the\s+)?[\"“'‘][^\"”'’()]{1,40}[\"”'’]\s*\)\s*$", regex.I)


def _name_above(text: str, page: Page) -> Found[str] | None:
    """Some covers print the name just above the row-1 caption (between the running head and the caption)."""
    lines = value_lines(text, max(page.floor, page.start - 400), page.start)
    for line, la, lb in reversed(lines):
        if rx.fullmatch(r"[\d\-\s]+", line):  # an identification number under the name
            continue
        if rx.match(r"^\(|.*\)$", line) or not rx.search(r"[A-Za-z]{2}", line):
            return None
        return _read_name(text, la, lb)
    return None


def _read_codes(text: str, a: int, b: int, allowed: frozenset[str]) -> Found[list[str]] | None:
    """Codes from the first lines that consist of codes only (``AF, WC``; ``IN (see Item 2)``; a typed ``wc``)."""
    codes: list[str] = []
    first = last = a
    for line, la, lb in iter_value_lines(text, a, b):  # (the codes end at the first other line)
        tokens = _code_tokens(line)
        found = [t for t in tokens if t in allowed]
        if not found or len(found) != len(tokens):
            break
        if not codes:
            first = la
        for c in found:
            if c not in codes:
                codes.append(c)
        last = lb
    if not codes:
        return None
    return Found(codes, first, last)


def _code_tokens(line: str) -> list[str]:
    """The words of a codes line, upper case, with what a code may be printed with taken away: a parenthesised
    remark, stars, periods inside a code ("H.C."), the word "and"; "00" is OO typed with zeros ("SOURCE OF FUNDS:
    00", "00-WC")."""
    if line.isascii() and line.isalpha():  # "IN", "wc": the line is its one word (none of the above applies)
        return [line.upper()] if line.lower() != "and" else []
    bare = rx.sub(r"\([^)]*\)|\*+", " ", line)
    bare = rx.sub(r"\b([A-Za-z])\.[ \t]?([A-Za-z])\.", r"\1\2", bare)
    return [t.upper().replace("0", "O") for t in rx.findall(r"[A-Za-z]+|(?<![\d,.])00(?![\d,.])",
                                                          rx.sub(r"(?i)\band\b", " ", bare))]


_DASH_ROW = regex.compile(r"(?m)^[ \t]*(-{1,3})[ \t]*$")
_LEADING_AMOUNT = regex.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?(?![\d,.]*\d)(?!\s*%)")
# a count between dashes, as "-0-" is the form's zero: "-3,416,000-"
_DASHED_AMOUNT = regex.compile(r"^-\s*([1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)\s*-(?=\s|$|\()")  # "-0-": ZERO_WORDS


# a footnote mark typed (or superscripted) straight after a count: the last group has four or five digits
# ("1,353,4681" for 1,353,468 with mark 1); never a value on its own, only a candidate the arithmetic may confirm
_GLUED_MARK = regex.compile(r"^(\d{1,3}(?:,\d{3})*,\d{3})(\d{1,2})(?![\d,.])")


def _read_amount(text: str, a: int, b: int) -> tuple[Found[int] | None, bool, Found[int] | None]:
    """A share count from a power/aggregate row: ``(value, row printed blank, candidate with a glued mark)``."""
    lines = value_lines(text, a, b, sidebar_words=True, limit=1)
    if not lines:
        # a dash alone on the row's first filled line is the form's zero (value_lines drops it as a rule)
        dash = _DASH_ROW.search(text, a, b)
        if dash and not text[a:dash.start()].strip(" \t\n"):
            return Found(0, dash.start(1), dash.end(1)), False, None
        return None, True, None
    line, la, lb = lines[0]
    line = line.strip(" :")
    for pattern in (_LEADING_AMOUNT, _DASHED_AMOUNT):
        m = pattern.match(line)
        if m:
            val = parse_amount(m.group(1))
            if val is not None:
                pos = text.find(m.group(1), la, lb)
                pa = pos if pos >= 0 else la
                return Found(val, pa, pa + len(m.group(1)) if pos >= 0 else lb), False, None
    zero = rx.match(r"^(-0-|-+|none|nil|zero)(?=\.?(?:$|[\s(*]))", line, regex.I)
    if zero and ZERO_WORDS.match(zero.group(1)):
        return Found(0, la, la + len(zero.group(1))), False, None
    glued = _GLUED_MARK.match(line)
    count = parse_amount(glued.group(1)) if glued else None
    if glued and count is not None:
        pos = text.find(glued.group(1), la, lb)
        if pos >= 0:
            return None, False, Found(count, pos, pos + len(glued.group(1)))
    return None, False, None


# "36.2% (2)", "approximately 5.2%", "Less than 1%" (→ null), a bare "36.2"; a bare whole number could be a
# stray row number, so it is not read
_PERCENT = regex.compile(r"^\s*:?\s*(?:approximately|approx\.|about)?\s*("
                         r"(?:less\s+than\s+)?(?:\d{1,3}(?:\.\d+)?|\.\d+)\s*%|\d{1,3}\.\d+(?=\s*(?:\(|\*|$)))", regex.I)


_ZERO_PERCENT = regex.compile(r"^\s*:?\s*(-0-\s*%?|-\s*0\s*-\s*%)(?=\s|$|\()")  # "-0-%", the form's zero


def _read_percent(text: str, a: int, b: int) -> Found[float] | None:
    for line, la, lb in value_lines(text, a, b, limit=1):
        m = _PERCENT.match(line)
        if not m:
            zero = _ZERO_PERCENT.match(line)
            pos = text.find(zero.group(1), la, lb) if zero else -1
            return Found(0.0, pos, pos + len(zero.group(1))) if zero and pos >= 0 else None
        val = parse_percent(m.group(1))
        if val is None:
            return None
        pos = text.find(m.group(1).split()[0], la, lb)
        pa = pos if pos >= 0 else la
        return Found(val, pa, pa + len(m.group(1)) if pos >= 0 else lb)
    return None


# a comma followed by other than three digits is not a thousands separator: "19,7395**", "5,25 %"
_DECIMAL_COMMA = regex.compile(r"^\s*:?\s*(\d{1,2},(?:\d{1,2}|\d{4,6}))(?!\d)\s*%?\s*(?:\(\d{1,2}\)|\*+)?\s*$")


def _read_decimal_comma(text: str, a: int, b: int) -> Found[float] | None:
    for line, la, lb in value_lines(text, a, b, limit=1):
        m = _DECIMAL_COMMA.match(line)
        if not m:
            return None
        pos = text.find(m.group(1), la, lb)
        if pos < 0:
            return None
        return Found(float(m.group(1).replace(",", ".")), pos, pos + len(m.group(1)))
    return None


_NA = regex.compile(r"^(?:n/?a|not\s+applicable)\b", regex.I)


def _shared_na_is_zero(text: str, page: Page, out: dict[str, Found[int]]) -> None:
    """A shared row printed "N/A" is 0 when the sole row already equals the aggregate (sole + shared ≤ total)."""
    agg = out.get("aggregate_amount")
    if agg is None:
        return
    for sole, shared in (("sole_voting_power", "shared_voting_power"),
                         ("sole_dispositive_power", "shared_dispositive_power")):
        if shared in out or shared not in page.regions or sole not in out or out[sole].value != agg.value:
            continue
        lines = value_lines(text, *page.regions[shared], sidebar_words=True, limit=1)
        if lines and _NA.match(lines[0][0]):
            out[shared] = Found(0, lines[0][1], lines[0][2])
