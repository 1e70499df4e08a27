"""Rule 15c3-1 figures from the net capital note: net capital, required minimum, excess, AI ratio.

The note states them in one or two sentences ("had net capital of $57,576,182, which was $56,657,819 in
excess of its required net capital of $918,363"). Phrasings are data (:data:`PHRASES`). Reading them:

1. The net capital statement is found by its own words ("had net capital of $X", "our net capital was $X");
   "minimum / tentative / required net capital of $X" is not it. Excess and required are read in the text that
   follows. A note printed in two columns, which layout text interleaves line by line, is read column by column
   when the plain reading does not give the figures.
2. Scale: a figure that names its unit ("$8.5 billion") has it; otherwise the note's page heading ("(Dollars in
   thousands)") sets it, else the statement's scale. A figure whose scale cannot be told, or that cannot be net
   capital (more than the firm's total assets), is left out and reported as a doubt.
3. Required net capital is the amount the note calls so, or a printed amount of the note that is exactly net
   capital minus excess ("the greater of $1,500 or $809,175": net capital − excess = 809,175).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterator

import regex

from ...text import rx
from ...text.values import parse_amount, parse_percent
from ...text.view import TextView

# "$1,064,158", "$22.38 billion", OCR "$1 .8 billion" (a space before the decimal point), "$ 7,421 million"
# OCR's dots for commas ("$1 .000.000") are not read at all: the lookahead refuses a number cut short
_NUM = r"(?:\d{1,3}(?:\s?,\s?\d{3})+|\d+)(?:\s?\.\d+)?(?!\d|\s?[.,]\d)"
_UNIT = r"(?:\s*(?P<unit>million|billion|thousand)\b)?"
# OCR reads "$" as "S" before a long figure ("Net Capital was S7853811")
_AMT = rf"(?:\$\s?|S(?=\d{{5}}))(?P<v>{_NUM}){_UNIT}"
_AMT_ANY = rf"\$\s?(?:{_NUM})(?:\s*(?:million|billion|thousand)\b)?"  # an amount not captured
_WHO = r"(?:its|the|our|such|their)\s+"
_WORDS = r"(?:[\w'’.-]+\s+)"  # a word of a requirement's name ("CFTC's", "minimum", "regulatory")
_APPROX = r"(?:approximately\s+|about\s+)?"
_NOT_NET_CAPITAL = r"(?<!(?:minimum|tentative|required|excess|adjusted)\s+)"
PHRASES = {
    "net_capital": [
        # "had net capital of $X", "our net capital was $X", "regulatory net capital, as defined by Rule 15c3-1, of $X"
        rf"{_NOT_NET_CAPITAL}\bnet\s+capital(?:,?\s+as\s+defined(?:\s+(?:by|in|under)\s+(?:SEC\s+)?Rule\s+[\w.-]+)?,?)?"
        rf"\s+(?:of|was|totaled|amounted\s+to)\s+{_APPROX}{_AMT}",
    ],
    "excess_net_capital": [
        rf"{_AMT}[\s.,]+(?:was\s+|which\s+was\s+)?in\s+excess\s+of\s+(?:{_WHO})?{_WORDS}{{0,3}}?(?:required|requirement|minimum|amount\s+required)"
        rf"(?![^.$]{{0,60}}?\bby\s+{_APPROX}\$)",  # "$X which was in excess of the minimum by $Y": Y is the excess
        rf"exceeded\s+{_WHO}{_WORDS}{{0,5}}?(?:requirements?|minimum|amount\s+required)\s+(?:of\s+{_AMT_ANY}\s+)?by\s+{_APPROX}{_AMT}",
        rf"in\s+excess\s+of\s+{_WHO}{_WORDS}{{0,4}}?requirements?\s+by\s+{_APPROX}{_AMT}",
        rf"excess\s+net\s+capital\s+(?:of|was)\s+{_APPROX}{_AMT}",
    ],
    "required_net_capital": [
        rf"in\s+excess\s+of\s+(?:{_WHO})?(?:minimum\s+)?(?:required\s+net\s+capital|net\s+capital\s+requirement"
        rf"|minimum\s+net\s+capital\s+requirement|amount\s+required|minimum\s+requirement)\s+of\s+{_AMT}",
        rf"exceeded\s+{_WHO}{_WORDS}{{0,5}}?requirements?\s+of\s+{_AMT}",
    ],
}
# Stated before the net capital: "a minimum net capital requirement of $250,000, whereas it had net capital of …";
# "2% of aggregate debit balances was $192 million, which exceeded the minimum dollar requirement"
REQUIRED_BEFORE = [regex.compile(p, regex.I) for p in (
    rf"net\s+capital\s+requirement\s+(?:of|was)\s+{_AMT},?\s+whereas\b",
    rf"(?:2|two)\s*%\s+of\s+aggregate\s+debit\s+(?:balances|items)\s+(?:was|were|of)\s+{_AMT},?\s+which\s+exceeded\s+the\s+minimum",
)]
TABULAR = regex.compile(r"tabular\s+am\w*\s*\w*\s+in\s+(?:thousands|millions)", regex.I)
MINIMUM = [regex.compile(p, regex.I) for p in (
    rf"greater\s+of\s+[^$;]{{0,160}}?\bor\s+{_AMT}",
    rf"greater\s+of\s+{_AMT}\s*,?\s+or\b",
    rf"(?:maintain|of)\s+(?:a\s+)?minimum\s+net\s+capital\s+of\s+(?:not\s+less\s+than\s+)?{_AMT}",
    rf"minimum\s+dollar\s+requirement\s+(?:[\w\s]{{0,30}}?\s)?of\s+{_AMT}",
)]
_COMPILED = {k: [regex.compile(p, regex.I) for p in v] for k, v in PHRASES.items()}
_UNITS = {"million": 1_000_000, "billion": 1_000_000_000, "thousand": 1_000}
# whose net capital: "had net capital", "the Company's net capital", OCR "Schwabs net capital", "our net capital"
OWNER_BEFORE = regex.compile(
    r"(?:\b[Hh]ad|\b[Hh]as|[A-Za-z]['’]s|\b[Ii]ts|\b[Oo]ur|\b[A-Z][A-Za-z&.]+)\s+(?:a\s+)?(?:regulatory\s+)?$")
# A page heading that gives the scale of what the page prints: "(Dollars in thousands)", "(In Thousands, except
# share data)", "$ in millions"
# (blanks, a "(" and a word, each followed by its own blanks: three runs of blanks side by side split a long indent
# every way before failing, 1.4 ms a note)
SCALE_HEADING = regex.compile(
    r"^[ \t]*(?:\([ \t]*)?(?:(?:\$|dollars|amounts)[ \t]*)?(?:in|hi|ln)[ \t]+(?P<u>thousands|millions)\b[^\n]{0,45}$",
    regex.I | regex.M)
ANY_SCALE = regex.compile(r"\bin\s+(?:thousands|millions)\b|\b(?:thousands|millions)\s+of\s+dollars\b|\$\s*000\b", regex.I)
# No broker-dealer's net capital comes near this: a larger figure is a misread ("$1124 billion" for $11.24 billion)
IMPLAUSIBLE = 200_000_000_000
# A note read at the statement's scale but exceeding total assets is taken to print dollars only if, so read, its
# net capital is still a plausible share of the assets (not a misread figure): at least this fraction
DOLLARS_FLOOR = 0.002
NOTE_WINDOW = 450  # the excess and the requirement follow the net capital within a sentence or two
AI_RATIO = regex.compile(
    # "… to net capital was 12.62%", "… to net capital for the year ended December 31, 2005 was 11.44%"
    r"(?:percentage|ratio)\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital\s+"
    r"(?:(?:at|as\s+of|on|for\s+the\s+(?:year|period)\s+ended)\s+[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4},?\s+)?"
    r"(?:was|of)\s+(?P<v>\d+(?:\.\d+)?)\s*(?P<pct>%|percent|to\s*1)",
    regex.I)
# Where AI_RATIO can match: found by its literal words (the alternation in front would be tried at every
# position of a long report); AI_RATIO is then tried just around each.
AI_ANCHOR = regex.compile(r"aggregate\s+indebtedness\s+to\s+net\s+capital", regex.I)
NET_CAPITAL_WORDS = regex.compile(r"\bnet\s+capital\b", regex.I)


def _finditer_at_word(pattern: "regex.Pattern[str]", word: str, text: str, low: str | None) -> Iterator[Any]:
    """``pattern.finditer(text)`` for a pattern every match of which opens with ``word`` (lower-case ASCII letters,
    matched case-insensitively), tried only where ``low`` (the text's ``labels.lowered`` copy, or None: the plain
    scan) prints the word. `regex` scans a case-insensitive pattern at 2-4 ns a character, ``str.find`` the
    lowered copy at under 1 ns; a filing prints "net" a few hundred times at most."""
    if low is None:
        yield from pattern.finditer(text)
        return
    end = 0  # (a match is never tried inside the previous one, as finditer goes on after it)
    at = low.find(word)
    while at >= 0:
        if at >= end and (m := pattern.match(text, at)):
            yield m
            end = m.end()
        at = low.find(word, at + 1)

Figure = tuple[int | float, tuple[int, int]]


@dataclass
class Doubt:
    """A figure the note states but whose reading is in doubt: left out of the record, reported instead (or, where
    ``kept``, repaired by the filing's own arithmetic, kept, and reported)."""
    field: str
    message: str
    values: dict = dataclasses.field(default_factory=dict)  # the bare name is the attribute above here
    kept: bool = False


@dataclass
class NetCapitalReading:
    figures: dict[str, Figure] = field(default_factory=dict)
    doubts: list[Doubt] = field(default_factory=list)


@dataclass
class _Text:
    """Text to read (the view's, or a column-by-column rewrite of a part of it) and each character's view offset."""
    text: str
    at: list[int] | None = None  # None: offsets are the view's own

    def span(self, view: TextView, a: int, b: int) -> tuple[int, int]:
        if self.at is None:
            return view.span(a, b)
        return view.span(self.at[a], self.at[b - 1] + 1)


def capital_ceiling(total_assets: int | None) -> int | None:
    """The most net capital can be. Net capital is equity plus subordinated borrowings less deductions, but
    either may be missed or misread on a damaged statement; total assets bound it whatever the layout."""
    return total_assets if total_assets and total_assets > 0 else None


def capital_bound(total_equity: int | None, subordinated_borrowings: int | None) -> int | None:
    """The most net capital can be by the statement's own figures: equity plus subordinated borrowings (net capital
    is those less deductions), where both are read; None otherwise (a missed subordinated line would make the
    bound too tight to place a figure by, see :func:`_point_restored`)."""
    if not total_equity or subordinated_borrowings is None:
        return None
    return total_equity + subordinated_borrowings


def net_capital(view: TextView, scale: int | None, ceiling: int | None = None) -> dict[str, Figure]:
    """``{field: (value, source span)}`` for what the net capital note states (doubtful figures left out)."""
    return read_net_capital(view, scale, ceiling).figures


def read_net_capital(view: TextView, scale: int | None, ceiling: int | None = None,
                     low: str | None = None, bound: int | None = None) -> NetCapitalReading:
    """The note's figures and the doubts about those left out. ``scale`` is the statement's (None when there
    is no statement); ``ceiling`` the most net capital can be (:func:`capital_ceiling`), when known; ``low`` the
    text's ``labels.lowered`` copy, when the caller has it (the note's words are looked for in it); ``bound`` the
    statement's equity plus subordinated borrowings (:func:`capital_bound`), when known."""
    text = view.text
    out = NetCapitalReading()
    for anchor in _finditer_at_word(NET_CAPITAL_WORDS, "net", text, low):
        if "$" not in text[anchor.end():anchor.end() + 200]:
            continue
        found = _statement_at(view, anchor.start())
        if found is None:
            continue
        raw, at = found
        out.figures, out.doubts = _scaled(view, raw, at, scale, ceiling, low, bound)
        break
    r = next((m for a in _finditer_at_word(AI_ANCHOR, "aggregate", text, low)
              if (m := AI_RATIO.search(text, max(0, a.start() - 40), min(len(text), a.end() + 120)))), None)
    if r:
        v = float(r.group("v"))
        pct = v * 100 if r.group("pct").lower().startswith("to") else v
        if parse_percent(f"{pct}%") is not None or pct > 100:
            out.figures["aggregate_indebtedness_to_net_capital_pct"] = (round(pct, 4), view.span(*r.span("v")))
    return out


# -- finding the statement ----------------------------------------------------------------------------------
_Raw = dict[str, tuple[str, str, tuple[int, int]]]  # field -> (number text, unit, span)


def _statement_at(view: TextView, pos: int) -> tuple[_Raw, int] | None:
    """The figures of the net capital statement whose words start near ``pos``: read in the plain text, and
    column by column when the plain reading misses the excess (two-column notes)."""
    plain = _Text(view.text)
    found = _read(view, plain, max(0, pos - 40), min(len(view.text), pos + 120))
    if found and "excess_net_capital" in found[0]:
        return found
    cols = _columns_around(view.text, pos)
    if cols is not None and cols.at is not None:  # a column rewrite always maps its offsets
        start = cols.at.index(pos) if pos in cols.at else None
        if start is not None:
            again = _read(view, cols, max(0, start - 40), min(len(cols.text), start + 120))
            if again and len(again[0]) > (len(found[0]) if found else 0):
                return again
    return found


def _read(view: TextView, t: _Text, a: int, b: int) -> tuple[_Raw, int] | None:
    """The statement whose net capital words start in ``[a, b)`` and the figures that follow it."""
    text = t.text
    m = None
    for pat in _COMPILED["net_capital"]:
        m = pat.search(text, a, min(len(text), b + 200))  # the amount may end past b: never cut it
        if m and m.start() < b:
            break
        m = None
    if m is None or not OWNER_BEFORE.search(text, max(0, m.start() - 40), m.start()):
        return None
    raw: _Raw = {"net_capital": _raw(view, t, m)}
    hi = min(len(text), m.end() + NOTE_WINDOW)
    for key in ("excess_net_capital", "required_net_capital"):
        for pat in _COMPILED[key]:
            x = pat.search(text, m.start(), hi)
            if x:
                raw[key] = _raw(view, t, x)
                break
    if "required_net_capital" not in raw:
        for pat in REQUIRED_BEFORE:
            x = pat.search(text, max(0, m.start() - 600), m.end())
            if x:
                raw["required_net_capital"] = _raw(view, t, x)
                break
    # the rule's dollar floor is stated just before ("the greater of 2% … or $250,000")
    for pat in MINIMUM:
        x = pat.search(text, max(0, m.start() - 1500), m.start())
        if x:
            raw["stated_minimum_net_capital"] = _raw(view, t, x)
            break
    # the requirement printed without the word: an amount of the note that is net capital minus excess
    if "required_net_capital" not in raw and "excess_net_capital" in raw:
        raw.update(_required_by_difference(view, t, raw, max(0, m.start() - 1500), hi))
    offset = t.at[m.start()] if t.at is not None else m.start()
    return raw, offset


def _raw(view: TextView, t: _Text, m: "regex.Match[str]") -> tuple[str, str, tuple[int, int]]:
    return rx.sub(r"\s", "", m.group("v")), (m.group("unit") or "").lower(), t.span(view, *m.span("v"))


def _required_by_difference(view: TextView, t: _Text, raw: _Raw, a: int, b: int) -> _Raw:
    nc, ex = (_unscaled(*raw[k][:2]) for k in ("net_capital", "excess_net_capital"))
    if nc is None or ex is None or raw["net_capital"][1] != raw["excess_net_capital"][1]:
        return {}
    want = nc - ex
    for m in regex.finditer(_AMT, t.text, regex.I, pos=a, endpos=b):
        unit = (m.group("unit") or "").lower()
        v = _unscaled(rx.sub(r"\s", "", m.group("v")), unit)
        if v is not None and unit == raw["net_capital"][1] and abs(v - want) < 1e-6 and v > 0:
            return {"required_net_capital": _raw(view, t, m)}
    return {}


def _unscaled(number: str, unit: str) -> float | None:
    try:
        return float(number.replace(",", "")) * _UNITS.get(unit, 1)
    except ValueError:
        return None


# -- two-column notes -----------------------------------------------------------------------------------------
_GAP = regex.compile(r"\S( {3,})(?=\S)")
_LINE = regex.compile(r"[^\n]+")


def _columns_around(text: str, pos: int, lines_each_way: int = 12) -> _Text | None:
    """The lines around ``pos`` read column by column, when they are printed in two columns side by side (the
    right column starting at the same place on most lines); None when they are not."""
    a = pos
    for _ in range(lines_each_way):
        a = text.rfind("\n", 0, max(0, a - 1)) + 1
        if a <= 0 or text[a:a + 1] == "\f":
            break
    b = pos
    for _ in range(lines_each_way):
        nb = text.find("\n", b + 1)
        if nb < 0 or "\f" in text[b:nb]:
            break
        b = nb
    lines = [(m.start(), m.group(0)) for m in _LINE.finditer(text, a, b)]  # (not text[:b]: a copy of the filing so far)
    starts: dict[int, int] = {}
    for _, line in lines:
        for g in _GAP.finditer(line):
            starts[g.end(1)] = starts.get(g.end(1), 0) + 1
    if not starts:
        return None
    col, votes = max(starts.items(), key=lambda kv: (kv[1], -kv[0]))  # where most right-hand texts start
    near = sum(n for c, n in starts.items() if abs(c - col) <= 2)
    crossing = sum(1 for _, line in lines if len(line) > col and line[col - 1] != " ")  # words run through the gutter
    if votes < 3 or near < 3 or crossing > len(lines) // 5:
        return None
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for start, line in lines:
        if line[:col].strip():
            left.append((start, line[:col]))
        if line[col:].strip():
            right.append((start + col, line[col:]))
    pieces: list[str] = []
    at: list[int] = []
    for start, chunk in left + [(-1, "")] + right:
        if start < 0:
            pieces.append("\n\n")
            at.extend([at[-1] if at else 0] * 2)
            continue
        pieces.append(chunk + "\n")
        at.extend(range(start, start + len(chunk)))
        at.append(start + len(chunk) - 1 if chunk else start)
    return _Text("".join(pieces), at)


# -- scale and plausibility -----------------------------------------------------------------------------------
# The rule's dollar floor printed in full ("$1,000,000", "$250,000") is in dollars, whatever the statement's unit,
# unless its own sentence names one: "$5,000" beside a statement in thousands may be thousands, "$1000000" is not.
# Not so net capital itself: notes print "$12,278,665" in the statement's thousands.
WHOLE_DOLLAR_DIGITS = 6
_SENTENCE_SCALE = regex.compile(r"\b(?:thousands?|millions?|billions?)\b|\$\s*000\b", regex.I)


SENTENCE_REACH = 200  # an OCR layer that lost its full stops runs sentences together: look no further than this


def _whole_dollars(text: str, number: str, span: tuple[int, int]) -> bool:
    if len(rx.sub(r"\D", "", number.split(".")[0])) < WHOLE_DOLLAR_DIGITS:
        return False
    a = max(text.rfind(". ", 0, span[0]), text.rfind("\n\n", 0, span[0]), span[0] - SENTENCE_REACH, 0)
    ends = [e for e in (text.find(". ", span[1]), text.find("\n\n", span[1])) if e >= 0]
    return not _SENTENCE_SCALE.search(text, a, min(ends + [span[1] + SENTENCE_REACH]))


def _note_scale(text: str, pos: int) -> int | None:
    """The scale the note's page heading gives ("(Dollars in thousands)"), looked for on the note's page."""
    page = text.rfind("\f", 0, pos) + 1
    best = None
    for m in SCALE_HEADING.finditer(text, max(page, pos - 6000), pos):
        best = 1_000 if m.group("u").lower() == "thousands" else 1_000_000
    return best


def _scaled(view: TextView, raw: _Raw, at: int, scale: int | None, ceiling: int | None, low: str | None = None,
            bound: int | None = None):
    text = view.text
    doubts: list[Doubt] = []
    heading = _note_scale(text, at)
    if heading is not None:
        prose, source = heading, "the note's page heading"
    elif next(_finditer_at_word(TABULAR, "tabular", text, low), None):  # "Tabular amounts in millions": the tables are scaled, the prose states dollars
        prose, source = 1, "tabular amounts only"
    elif scale is not None:
        prose, source = scale, "the statement's scale"
    elif not ANY_SCALE.search(text):
        prose, source = 1, "no scale anywhere"
    else:
        prose, source = None, "none: no statement and no heading on the note's page"
    figures: dict[str, Figure] = {}
    for key, (number, unit, span) in raw.items():
        if unit:
            v = _unscaled(number, unit)
            value = None if v is None else int(round(v))
        elif key == "stated_minimum_net_capital" and source == "the statement's scale" \
                and _whole_dollars(text, number, span):
            value = parse_amount(number)
        elif rx.search(r"\.\d{3}$", number):  # "$1.000": a comma read as a point, not a fraction
            doubts.append(Doubt(key, f"{key} ${number} stated: a point before three digits is a damaged comma",
                                {"printed": number}))
            continue
        else:
            n = parse_amount(number)
            value = None if n is None or prose is None else n * prose
            if n is not None and prose is None:
                doubts.append(Doubt(key, f"{key} ${number} stated, but its scale cannot be told ({source})",
                                    {"printed": number}))
                continue
        if value is not None:
            figures[key] = (value, span)
    nc = figures.get("net_capital")
    if nc is not None and ceiling is not None and nc[0] > ceiling and prose and prose > 1 and source == "the statement's scale" \
            and not raw["net_capital"][1] and DOLLARS_FLOOR * ceiling <= nc[0] // prose <= ceiling:
        # the note prints dollars beside a statement in thousands: its figures are not scaled
        return {k: ((v // prose, span) if k in raw and not raw[k][1] else (v, span)) for k, (v, span) in figures.items()}, doubts
    if nc is not None and (nc[0] > IMPLAUSIBLE or (ceiling is not None and nc[0] > ceiling)):
        restored = _point_restored(raw, figures, bound)
        if restored is not None:
            figures["net_capital"] = (restored.values["net_capital"], nc[1])
            return figures, doubts + [restored]
        doubts.append(Doubt("net_capital", f"net capital read as {nc[0]:,} exceeds what it can be "
                            f"({'total assets ' + format(ceiling, ',') if ceiling else 'any firm'}):"
                            f" the note's figures are left out", {"net_capital": nc[0], "ceiling": ceiling,
                                                                  "scale_from": source}))
        return {k: v for k, v in figures.items() if k not in ("net_capital", "required_net_capital", "excess_net_capital")}, doubts
    return figures, doubts


def _point_restored(raw: _Raw, figures: dict[str, Figure], bound: int | None) -> Doubt | None:
    """Net capital printed in millions or billions with its decimal point lost by OCR ("$1124 billion" for $11.24
    billion, beside "$9.33 billion" of excess), read with the one placement of the point the filing's own figures
    allow: net capital is at least its excess over the requirement, and at most the statement's equity plus
    subordinated borrowings (``bound``; it is those less deductions). Only where the note prints its excess in the
    same unit with a point, and exactly one placement fits; the reading is reported (a doubt that keeps the
    figure). None otherwise: the note's figures are then left out as before."""
    number, unit, _ = raw["net_capital"]
    excess = figures.get("excess_net_capital")
    if bound is None or excess is None or unit not in ("million", "billion") or not number.isdigit() \
            or raw["excess_net_capital"][1] != unit or "." not in raw["excess_net_capital"][0]:
        return None
    fits = [v for k in range(1, len(number))
            if excess[0] <= (v := int(round(int(number) * _UNITS[unit] / 10 ** k))) <= bound]
    if len(fits) != 1:
        return None
    return Doubt("net_capital", f"net capital printed ${number} {unit}, more than it can be: read as {fits[0]:,}, the "
                 f"one placement of a lost decimal point between the excess {excess[0]:,} and equity plus "
                 f"subordinated borrowings {bound:,}", {"net_capital": fits[0], "printed": number, "unit": unit,
                                                        "excess": excess[0], "bound": bound}, kept=True)
