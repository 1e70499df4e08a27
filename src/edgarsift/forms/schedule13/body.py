"""The statement's body: item headings and texts, the class total the percentages use, the signature date,
and the cover footnotes' arithmetic (shares issuable added to the basis; components of an aggregate)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import takewhile

import regex

from ...text import rx
from ...text.search import SHORT_RANGE, Anchor, TextScan
from ...text.values import find_date, parse_amount
from .cover import Found

# An item heading: "Item 4.", "ITEM 2(a) Name of Person Filing:", "Item 1\tSecurity and Issuer" at a line's
# start (optionally after a list number). Searched as the literal word, then checked around it: fast on 500 KB.
ITEM_WORD = regex.compile(r"ITEM[ \t]+(?P<n>\d{1,2})", regex.I)
ITEM_BEFORE = regex.compile(r"[ \t]*(?:\d{1,2}\.[ \t]+)?")
ITEM_AFTER = regex.compile(r"[ \t]*(?:\(?[a-jA-J]\)(?:[ \t]*(?:-|and|,)[ \t]*\(?[a-jA-J]\))*)?"
                           r"[ \t]*(?:[.:\-\t]|$|(?<=[ \t]{2})(?=[A-Za-z])|(?<=[\w)][ \t])(?=[A-Z]))", regex.M)
MAX_ITEM = {"13D": 7, "13G": 10}
# the three, for the stdlib engine (several times cheaper a match), on a text it reads as `regex` does
_ITEM_TWINS = tuple(rx.stdlib_twin(p) or p for p in (ITEM_WORD, ITEM_BEFORE, ITEM_AFTER))
ITEM_TEXT_LIMIT = 20000  # item texts are kept for readers, not scored: cap their size in the record

_N = r"(?P<n>\d{1,3}(?:,\d{3})+|\d{5,})"
# one sentence's worth of characters: a period ends it unless it is a decimal point or an abbreviation's
_SENT = r"(?:[^.;]|(?<=\d)\.(?=\d)|(?<=\b(?:Dr|Mr|Mrs|Ms|No|Inc|Corp|Co|Ltd|L\.P|U\.S|Jr))\.)"
_NOUN = r"(?:(?:[A-Za-z$.,\d]+\s+){0,6}?(?:shares|units|stock))"
# "based on 36,282,883 shares … outstanding as of …", "based upon 6,640,484 outstanding Ordinary Shares",
# "based on an aggregate total of 106,130,396 issued and outstanding", "the Issuer has 4,209,204 shares … outstanding"
# "… shares of Common Stock outstanding as of": what the third pattern asks after the count
_COUNT_NOUN = r"\s+(?:shares|units)\s+of\s+[^.;]{0,60}?(?:issued\s+and\s+)?outstanding(?=\s+(?:as\s+of|on)\b)"
OUTSTANDING = [
    regex.compile(r"\b(?:based\s+(?:up)?on|on\s+the\s+basis\s+of|calculated\s+(?:based\s+)?(?:up)?on|computed\s+on|"
                  r"using|sum\s+of)\s+(?:\(\w{1,3}\)\s+)?(?:the\s+)?(?:(?:a|an)\s+(?:aggregate\s+)?total\s+of\s+|"
                  r"an\s+aggregate\s+of\s+|approximately\s+)?" + _N +
                  r"\s+(?:(?:issued\s+and\s+)?outstanding\b|" + _NOUN + _SENT + r"{0,200}?"
                  r"(?:\boutstanding\b|(?P<asof>(?=\bas\s+of\b))))",
                  regex.I),
    regex.compile(r"\b(?:there\s+were|(?:issuer|company)\s+(?:has|had))\s+" + _N + r"\s+" + _NOUN +
                  r"[^.;]{0,120}?\boutstanding\b", regex.I),
    regex.compile(_N + _COUNT_NOUN, regex.I),
    # the percent's own basis: "7.7% of the 53,081,000 shares of Common Stock believed to be outstanding",
    # "9.66% at 5/19/03 based on 8,460,187 common shares" (a cover row 13; the date printed before the total)
    regex.compile(r"%(?<=\d[ \t]{0,2}%)[ \t]+of\s+(?:the\s+)?" + _N + r"\s+" + _NOUN + r"[^.;]{0,60}?\boutstanding\b",
                  regex.I),
    regex.compile(r"%(?<=\d[ \t]{0,2}%)[ \t]*,?[ \t]*(?:(?:at|as\s+of|on)\s+(?P<pdate>[^\n;%]{6,20}?)[ \t]*,?[ \t]*)?"
                  r"based\s+(?:up)?on\s+(?:the\s+)?" + _N + r"\s+" + _NOUN +
                  r"(?![^.;\n]{0,40}\b(?:held|owned|issuable|underlying)\b)", regex.I),
]
# What every match of each OUTSTANDING pattern opens with, for ``TextScan`` (lower-case): its first words; the
# third opens with the count itself, found from the "shares"/"units" printed after it (``_outstanding``)
OUTSTANDING_OPENERS: list[tuple[Anchor, ...]] = [
    ("based", re.compile(r"on\s+the\s+basis"), "calculated", "computed", "using", re.compile(r"sum\s+of")),
    (re.compile(r"there\s+were"), re.compile(r"issuer\s+ha[sd]"), re.compile(r"company\s+ha[sd]")),
    ("shares", "units"),
    ("%",),
    ("%",),
]
# the count and the space before the noun of the third pattern, read backwards from the noun
_COUNT_BEFORE = regex.compile(r"(?r)(\S*)\s+")
_COUNT_NOUN_AT = regex.compile(_COUNT_NOUN, regex.I)
# a total stated as the sum of the class and the holder's conversion shares: the class part is the total
SUM_OF = regex.compile(r"\bsum\s+of\s+\(i\)\s+(?P<n>\d{1,3}(?:,\d{3})+)[^;]{0,300}?\(ii\)\s+(?P<m>\d{1,3}(?:,\d{3})+)",
                       regex.I)
# the as-of date of the total, in the same sentence: "outstanding as of October 30, 2024", "outstanding at
# November 1, 2024" (a date must follow the word at once)
AS_OF = regex.compile(r"\b(?:as\s+of|as\s+at|at|on)\s+(?:the\s+close\s+of\s+business\s+on\s+)?", regex.I)
# shares issuable on conversion/exercise that the text adds to the class total for this basis
ISSUABLE = regex.compile(
    r"\b(?:plus|and)\s+(?:\(\w{1,3}\)\s+)?(?:the\s+)?(?:aggregate\s+(?:of\s+)?|total\s+(?:of\s+)?)?" + _N +
    r"\s+" + _NOUN + _SENT + r"{0,250}?\b(?:issuable|underlying|upon\s+(?:the\s+)?(?:conversion|exercise))", regex.I)
# the words an ISSUABLE match ends with (lower case)
_ISSUABLE_END = re.compile(r"issuable|underlying|upon")
# "… outstanding as of November 8, 2022, plus 1,750,000 additional shares issued in the Private Placement":
# the basis is a sum the text never states, so there is no stated class total
PLUS_SHARES = regex.compile(r"\bplus\s+(?:\(\w{1,3}\)\s+)?(?:the\s+)?(?:aggregate\s+(?:of\s+)?)?" + _N +
                            r"\s+(?:additional\s+)?" + _NOUN, regex.I)
FOOTNOTE_ITEM = regex.compile(r"\(\s*(?:[ivx]{1,4}|[a-h])\s*\)\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+shares", regex.I)
SIGNATURE = regex.compile(r"(?m)^[ \t]*SIGNATURES?\b", regex.I)
# the signature statement, with or without a SIGNATURE heading: "After reasonable inquiry and to the best of my
# knowledge and belief, …", "… and to my knowledge and belief, …"
CERTIFY = regex.compile(r"After\s+reasonable\s+inquiry\s+and\s+to\s+(?:the\s+best|my|its|our|his|her|their)\b", regex.I)
DATED = regex.compile(r"(?i)\bDated?\b\s*:?\s*")
LINE_EDGE = regex.compile(r"[ \t]*")
LINE_END = regex.compile(r"[ \t]*(?:\n|$)")
DATE_CAPTION_BELOW = regex.compile(r"[ \t]*\n[ \t]*\(?Date\)?[ \t]*(?:\n|$)")  # "December 4, 2008\nDate"


def item_headings(text: str, start: int, end: int, form: str,
                  scan: TextScan | None = None) -> list[tuple[str, int, int]]:
    """``(number, heading start, heading end)`` for every item heading, in order."""
    scan = scan or TextScan(text)
    top = MAX_ITEM[form]
    out = []
    word, before, after_word = _ITEM_TWINS if scan.reads_alike else (ITEM_WORD, ITEM_BEFORE, ITEM_AFTER)
    line_start = scanned = start  # the line start is carried forward, so a long line is scanned once
    for m in scan.finditer(word, ("item",), start, end):
        nl = text.rfind("\n", scanned, m.start())
        if nl >= 0:
            line_start = nl + 1
        scanned = m.start()
        if not before.fullmatch(text, line_start, m.start()):
            continue
        after = after_word.match(text, m.end(), end)
        n = int(m.group("n"))
        if after and 1 <= n <= top and not text[m.end():m.end() + 1].isdigit():
            out.append((str(n), line_start, after.end()))
    return out


# a run of spaces and tabs that squeezing to one space changes: a lone space is left alone (as many matches fewer);
# in a text without tabs, the runs of two spaces or more (a plain pattern the engine scans for 2-3 times faster)
_BLANK_RUN = re.compile(r" [ \t]+|\t[ \t]*")
_SPACE_RUN = re.compile(r"  +")


def _squeeze(s: str) -> str:
    """``_BLANK_RUN.sub(" ", s)``."""
    return (_BLANK_RUN if "\t" in s else _SPACE_RUN).sub(" ", s)


def items_and_texts(text: str, heads: list[tuple[str, int, int]], end: int) -> tuple[list[str], dict[str, str]]:
    items: list[str] = []
    texts: dict[str, str] = {}
    for i, (n, a, _) in enumerate(heads):
        b = heads[i + 1][1] if i + 1 < len(heads) else end
        if n not in items:
            items.append(n)
        if n in texts:  # a heading repeated: its text goes on after the first one's, within the cap
            prev = texts[n]
            texts[n] = (prev + "\n" + _squeezed_start(text, a, b, ITEM_TEXT_LIMIT - len(prev) - 1))[:ITEM_TEXT_LIMIT]
        else:
            texts[n] = _squeezed_start(text, a, b, ITEM_TEXT_LIMIT)
    return items, texts


def _squeezed_start(text: str, a: int, b: int, keep: int) -> str:
    """``_BLANK_RUN.sub(" ", text[a:b]).strip()[:keep]``, squeezing no more of a long item than is kept: the
    squeeze of a start of the text is a start of the whole one's squeeze, so a start that gives ``keep``
    characters (up to its last non-space) gives the same ones."""
    if keep <= 0:
        return ""
    size = max(keep, 4096)
    while a + size < b:
        part = text[a:a + size].lstrip()
        squeezed = _squeeze(part)
        if len(squeezed.rstrip()) >= keep:
            return squeezed[:keep]
        size *= 2
    return _squeeze(text[a:b]).strip()[:keep]


def _outstanding(scan: TextScan, k: int, a: int, b: int,
                 opens_before: int | None = None) -> Iterator["regex.Match[str]"]:
    """``OUTSTANDING[k].finditer(text, a, b)``, tried only where a match can open (``OUTSTANDING_OPENERS``); with
    ``opens_before``, only the matches that open before it."""
    if k != 2:
        return scan.finditer(OUTSTANDING[k], OUTSTANDING_OPENERS[k], a, b, opens_before)
    if b - a <= SHORT_RANGE:
        found = OUTSTANDING[k].finditer(scan.text, a, b)
        return found if opens_before is None else takewhile(lambda m: m.start() < opens_before, found)
    starts = _count_starts(scan, a, b)  # (ascending)
    if opens_before is not None:
        starts = takewhile(lambda p: p < opens_before, starts)
    return scan.tried(OUTSTANDING[k], starts, a, b)


def _count_starts(scan: TextScan, a: int, b: int) -> Iterator[int]:
    """Where the third pattern can match: "36,282,883 shares of …" opens with a count, which is (the end of) the
    run of non-space characters before the space before the noun. A match from anywhere in the run ends its count
    where the run ends, and goes on the same way from there; so the run is tried only when that rest matches."""
    low = scan.low
    stop = outstanding = -1  # the next clause end and the next "outstanding" (found again only once passed)
    for q in scan.anchored(OUTSTANDING_OPENERS[2], a, b):
        # the noun and "outstanding" are in one clause: no period or semicolon between them
        if stop < q:
            stop = min((i for i in (low.find(".", q, b), low.find(";", q, b)) if i >= 0), default=b)
        if outstanding < q:
            outstanding = low.find("outstanding", q, b)
            if outstanding < 0:
                return  # none after here
        if outstanding + len("outstanding") > stop:
            continue
        run = _COUNT_BEFORE.match(scan.text, a, q)
        if run and run.end(1) > run.start(1) and _COUNT_NOUN_AT.match(scan.text, run.end(1), b):
            yield from range(run.start(1), run.end(1))


def shares_outstanding(text: str, start: int, end: int,
                       scan: TextScan | None = None) -> tuple[Found[int], Found[str] | None] | None:
    """The class total the percentages are based on, and its as-of date, as the text states them."""
    scan = scan or TextScan(text)
    best = _basis_sentence(scan, start, end)
    if not best:
        return None
    n = parse_amount(best.group("n"))
    if not n:
        return None
    sentence = rx.match(_SENT + r"{0,400}", text[best.end():min(end, best.end() + 400)])
    plus = PLUS_SHARES.search(text, best.end(), best.end() + sentence.end())
    if plus and not ISSUABLE.match(text, plus.start(), end):
        return None
    parts = SUM_OF.search(text, best.end("n"), min(end, best.end() + 600))
    if parts and parts.start() > best.start():
        first, second = parse_amount(parts.group("n")), parse_amount(parts.group("m"))
        if first and second and first + second == n:
            return Found(first, parts.start("n"), parts.end("n")), _as_of_date(text, parts.end("n"), end)
    total = Found(n, best.start("n"), best.end("n"))
    if best.groupdict().get("pdate"):  # "9.66% at 5/19/03 based on …": the date precedes the total
        d = find_date(best.group("pdate"))
        if d and d[1] == 0:
            a = best.start("pdate")
            return total, Found(d[0], a + d[1], a + d[2])
    return total, _as_of_date(text, best.end("n"), end) or _restated_date(scan, n, best.end(), end)


def _basis_sentence(scan: TextScan, start: int, end: int) -> "regex.Match[str] | None":
    """The earliest of the OUTSTANDING patterns' first basis sentences (the first pattern's on a tie). A pattern's
    first one takes the place of the best so far only if it opens before it: the pattern is not tried from there."""
    best = None
    for k in range(len(OUTSTANDING)):
        for m in _outstanding(scan, k, start, end, None if best is None else best.start()):
            if _is_basis(scan.text, m):
                best = m
                break
    return best


def _restated_date(scan: TextScan, total: int, start: int, end: int) -> Found[str] | None:
    """The date of a later statement of the same class total, when the first one gives none: a cover footnote
    "based on an aggregate of 22,372,185 shares … outstanding following the … offering" and Item 5 "as of
    August 6, 2012, there were 22,372,185 shares of Common Stock outstanding" (the date before the total, or
    after it as usual)."""
    text = scan.text
    for k in range(len(OUTSTANDING)):
        for m in _outstanding(scan, k, start, end):
            if parse_amount(m.group("n")) != total or not _is_basis(text, m):
                continue
            date = _as_of_date(text, m.end("n"), end) or _date_before(text, m.start(), start)
            if date:
                return date
    return None


# "as of August 6, 2012, there were …": a date that opens the clause the total is stated in
_DATE_LEAD = regex.compile(r"\b(?:as\s+of|as\s+at|at|on)\s+(?P<d>[^\n;]{6,24}?)[ \t]*,?[ \t]*$", regex.I)


def _date_before(text: str, pos: int, floor: int) -> Found[str] | None:
    lead = _DATE_LEAD.search(text, max(floor, pos - 40), pos)
    if not lead:
        return None
    d = find_date(lead.group("d"))
    if not d or d[1] != 0 or lead.start("d") + d[2] != lead.end("d"):
        return None  # the date must fill the lead-in, nothing between it and the clause
    return Found(d[0], lead.start("d"), lead.end("d"))


def _is_basis(text: str, m: "regex.Match[str]") -> bool:
    """A count without the word "outstanding" ("based on the 63,963,302 shares … as of November 22, 2024") is
    the class total only where the sentence is about the percentages, and not about shares someone holds."""
    if rx.search(r"(?i)\b(?:held|owned)\b", text[m.end("n"):m.end()]):
        return False
    if "asof" not in m.groupdict() or m.group("asof") is None:
        return True
    return bool(rx.search(r"(?i)percent", text[max(0, m.start() - 200):m.start()]))


def _as_of_date(text: str, pos: int, end: int) -> Found[str] | None:
    """A date introduced by "as of"/"on" right after the total (same sentence, before any "filed …")."""
    window_end = min(end, pos + 160)
    stop = rx.search(r"(?<!\b(?:No|Inc|Corp|Co|Ltd))\.(?:\s|$)|;|\bfiled\b|\breported\b", text[pos:window_end])
    if stop:
        window_end = pos + stop.start()
    for m in AS_OF.finditer(text, pos, window_end):
        d = find_date(text[m.end():min(end, m.end() + 40)])
        if d and d[1] == 0:
            return Found(d[0], m.end(), m.end() + d[2])
    return None


def issuable_in(text: str, a: int, b: int, scan: TextScan | None = None) -> Found[int] | None:
    """Shares issuable on conversion/exercise that a basis sentence in ``text[a:b]`` adds to the total."""
    scan = scan or TextScan(text)
    if not _ISSUABLE_END.search(scan.low, a, b):
        return None  # a match ends with one of these words, inside the range: no basis sentence need be read
    for k in range(len(OUTSTANDING)):
        for m in _outstanding(scan, k, a, b):
            sent_end = min(b, m.end() + 400)
            if not _ISSUABLE_END.search(scan.low, m.end("n"), sent_end):
                continue  # the words a match ends with are not there: no match (and no slow try at each "and")
            s = scan.search(ISSUABLE, ("plus", "and"), m.end("n"), sent_end)
            if s:
                n = parse_amount(s.group("n"))
                if n:
                    return Found(n, s.start("n"), s.end("n"))
    return None


# the line the next footnote opens
NEXT_FOOTNOTE = regex.compile(r"(?m)^[ \t]*(?:\(\d{1,2}\)|\*+)[ \t]")


@lru_cache(maxsize=256)
def _footnote_line(marker: str) -> "regex.Pattern[str]":
    """The line footnote ``marker`` opens ("(1) …", "* …"), compiled once (`regex`'s own cache costs µs a look-up)."""
    return regex.compile(r"(?m)^[ \t]*" + regex.escape(marker) + r"[ \t]")


def footnote_components(text: str, a: int, b: int, marker: str) -> Found[list[int]] | None:
    """The listed parts ("(i) 999,700 shares …, (ii) 342,465 shares …") of the footnote ``marker``."""
    m = _footnote_line(marker).search(text, a, b)
    if not m:
        return None
    nxt = NEXT_FOOTNOTE.search(text, m.end(), b)
    end = nxt.start() if nxt else min(b, m.end() + 3000)
    parts = [(n, x.start("n"), x.end("n")) for x in FOOTNOTE_ITEM.finditer(text, m.end(), end)
             if (n := parse_amount(x.group("n"))) is not None]
    if len(parts) < 2:
        return None
    return Found([p[0] for p in parts], parts[0][1], parts[-1][2])


# Item 4 of a 13G restates the cover: "(a) Amount beneficially owned: 133,316,008 shares", "(b) Percent of Class:
# 16.26%" (a value on its line, never "See Item 9 of the cover page")
ITEM4_AMOUNT = regex.compile(r"Amount\s+beneficially\s+owned\s*:?[ \t]*\n?[ \t]*"
                             r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b(?![.,]\d)", regex.I)
ITEM4_PERCENT = regex.compile(r"Percent\s+of\s+class\s*:?[ \t]*\n?[ \t]*(?P<p>\d{1,3}(?:\.\d+)?)\s*%", regex.I)


def item4_restated(text: str, a: int, b: int) -> tuple[Found[int] | None, Found[float] | None]:
    """The amount and percent Item 4 restates (``text[a:b]`` is Item 4), each only where stated once."""
    amounts = list(ITEM4_AMOUNT.finditer(text, a, b))
    percents = list(ITEM4_PERCENT.finditer(text, a, b))
    amount = parse_amount(amounts[0].group("n")) if len(amounts) == 1 else None
    return (Found(amount, amounts[0].start("n"), amounts[0].end("n")) if amount is not None else None,
            Found(float(percents[0].group("p")), percents[0].start("p"), percents[0].end("p"))
            if len(percents) == 1 else None)


def signature_date(text: str, start: int, end: int, scan: TextScan | None = None) -> Found[str] | None:
    """The date of the signature block, read after the signature statement ("After reasonable inquiry …"):
    a "Date:"/"Dated:" line first, then a date captioned "Date" below it, then the first date."""
    scan = scan or TextScan(text)
    anchors = list(scan.finditer(CERTIFY, ("after",), start, end)) or list(SIGNATURE.finditer(text, start, end))
    a = anchors[-1].end() if anchors else max(start, end - 4000)
    b = min(end, a + 1500)
    for m in DATED.finditer(text, a, b):
        d = find_date(text[m.end():m.end() + 60])
        if d and d[1] <= 2:
            line_end = text.find("\n", m.end() + d[2])
            rest = text[m.end() + d[2]:line_end if line_end >= 0 else b]
            # "Date: …" is a caption; "dated December 30, 1997 by and on behalf of" is a power of attorney's
            # date in a sentence, not the signature's
            if ":" in m.group(0) or not rest.strip(" \t.,;"):
                return Found(d[0], m.end() + d[1], m.end() + d[2])
    if not anchors:
        return None  # without a signature block, only a "Date:" line is trusted
    pos = a
    alone: Found[str] | None = None
    while pos < b:
        d = find_date(text[pos:b])
        if not d:
            break
        da, db = pos + d[1], pos + d[2]
        if DATE_CAPTION_BELOW.match(text, db):
            return Found(d[0], da, db)
        if pos == a and LINE_EDGE.fullmatch(text, text.rfind("\n", a, da) + 1, da) and LINE_END.match(text, db):
            alone = Found(d[0], da, db)  # the first date after the statement, on a line of its own
        pos = db
    if alone is not None:
        return alone
    d = find_date(text[a:min(b, a + 800)])
    if d:
        return Found(d[0], a + d[1], a + d[2])
    return None
