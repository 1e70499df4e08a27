"""Parsing the values filings print: amounts, percents, dates, states, phones, CUSIPs, code lists.

Every parser returns ``None`` when the text does not support a value: a wrong number is worse than a null.
Parsers take the value text only; finding it is the extractors' job.
"""
from __future__ import annotations

import datetime as dt
import re

import regex

from . import rx

# --- numbers ---------------------------------------------------------------------------------------

ZERO_WORDS = regex.compile(r"^\s*(?:-0-|-+|\u2014|\u2013|none|nil|zero|n/?a|0|\$\s*-+|\$\s*0)\s*$", regex.I)
NUMBER = regex.compile(
    r"(?<![\w.,])\(?-?\$?\s?(?:\d{1,3}(?:[,.]\s?\d{3})+|\d+)(?:\.\d+)?\)?(?![\w])"
)
_AMOUNT = regex.compile(r"^\s*(\()?\s*(-)?\s*\$?\s*(\d{1,3}(?:(?:,|\s(?=\d{3}\b))\d{3})+|\d+)(\.\d+)?\s*(\))?\s*$")
# stdlib twins for ASCII values (nearly all), a fraction of a `regex` call each
_ZERO_WORDS_ASCII = rx.twin_of(ZERO_WORDS)
_AMOUNT_ASCII = rx.twin_of(_AMOUNT)


def parse_amount(s: str | None, *, allow_fraction: bool = False) -> int | None:
    """``$ 1,928,567,730`` → 1928567730; ``(1,234)`` → -1234; ``-0-``/``—``/``None`` → 0.

    Fractions are rounded only when ``allow_fraction``; otherwise ``1.5`` is not a share count → None.
    """
    if s is None:
        return None
    s = s.strip().rstrip("*")
    if not s:
        return None
    zero_words, amount = (_ZERO_WORDS_ASCII, _AMOUNT_ASCII) if s.isascii() else (ZERO_WORDS, _AMOUNT)
    if zero_words.match(s):
        return 0
    m = amount.match(s)
    if not m:
        return None
    neg = bool(m.group(2)) or (bool(m.group(1)) and bool(m.group(5)))
    whole = int("".join(m.group(3).split()).replace(",", ""))  # commas and white space out (str.split's is re's \s)
    if m.group(4):
        frac = float(m.group(4))
        if not allow_fraction and frac != 0:
            return None
        whole = int(round(whole + frac))
    return -whole if neg else whole


def first_amount(s: str) -> tuple[int, int, int] | None:
    """The first amount in ``s`` as ``(value, start, end)``; footnote marks like ``(1)`` are skipped."""
    for m in rx.finditer(r"\(?\$?\s?\d[\d,]*(?:\.\d+)?\)?", s):
        tok = m.group(0)
        if rx.fullmatch(r"\(\d{1,2}\)", tok):  # footnote marker
            continue
        val = parse_amount(tok)
        if val is not None:
            return val, m.start(), m.end()
    return None


# --- percent ---------------------------------------------------------------------------------------

_PCT = regex.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?|\.\d+)\s*(?:%|percent|per\s*cent)", regex.I)


def parse_percent(s: str | None) -> float | None:
    """``36.2%`` → 36.2. ``Less than 1%`` and anything above 100 → None."""
    if not s:
        return None
    if rx.search(r"less\s+than|<\s*\d", s, regex.I):
        return None
    m = _PCT.search(s)
    if not m:
        bare = rx.fullmatch(r"\s*(\d{1,3}(?:\.\d+)?)\s*", s)
        if not bare:
            return None
        val = float(bare.group(1))
    else:
        val = float(m.group(1))
    return val if 0 <= val <= 100 else None


# --- dates -----------------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_PATTERNS = [
    regex.compile(_MONTH_RE + r"\s*(?P<day>\d{1,2})\s*(?:st|nd|rd|th)?\s*,?\s*(?P<year>(?:19|20)\d{2})\b", regex.I),
    regex.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?" + _MONTH_RE + r",?\s*(?P<year>(?:19|20)\d{2})\b", regex.I),
    regex.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<day>\d{1,2})\b"),
    regex.compile(r"(?<![\d/])(?P<m>\d{1,2})\s?[/.-]\s?(?P<day>\d{1,2})\s?[/.-]\s?(?P<year>(?:19|20)?\d{2})(?![\d/])"),
]
# what ASCII text must hold for the patterns: a digit (all), a month's first three letters (the first two, case
# folded to lower: ASCII letters fold only to each other)
_ASCII_DIGIT = re.compile(r"[0-9]")
_MONTH_STEM = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
DATE_ANY = regex.compile("|".join(f"(?:{p.pattern})" for p in DATE_PATTERNS[:1]), regex.I)


def _mk(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def month_number(name: str) -> int | None:
    """1-12 for a month's name as the case-insensitive patterns match it: ``regex.I`` also matches the long s
    and the Kelvin sign ("ſep"), which casefold maps to s and k; anything else is None, not an error."""
    return MONTHS.get(name.casefold()[:3])


def find_date(s: str | None) -> tuple[str, int, int] | None:
    """The first date in ``s`` as ``(iso, start, end)``."""
    if not s:
        return None
    patterns = DATE_PATTERNS
    if s.isascii():  # skip the patterns whose month name, digits or separators ASCII text does not hold
        if _ASCII_DIGIT.search(s) is None:
            return None
        has_month = _MONTH_STEM.search(s.lower()) is not None
        dash = "-" in s
        patterns = [pat for pat, possible in zip(DATE_PATTERNS, (has_month, has_month, dash, dash or "/" in s or "." in s))
                    if possible]
    best = None
    for pat in patterns:
        m = pat.search(s)
        if not m or (best and m.start() >= best[1]):
            continue
        g = m.groupdict()
        month = month_number(g["mon"]) if g.get("mon") else int(g["m"])
        iso = _mk(int(g["year"]), month, int(g["day"])) if month else None
        if iso:
            best = (iso, m.start(), m.end())
    return best


MONTH_YEAR = regex.compile(r"(?<![A-Za-z])" + _MONTH_RE + r"(?![A-Za-z])\s*,?\s*(?P<year>(?:19|20)\d{2})(?!\d)", regex.I)


def find_month_year(s: str | None, *, day: str) -> tuple[str, int, int] | None:
    """A date printed as month and year ("As of December 2017") as ``(iso, start, end)``, on the month's first or
    last day (``day="first"`` for the start of a period, ``"last"`` for a balance-sheet date); None when ``s``
    prints a full date first (read that with :func:`find_date`) or no month and year."""
    if not s:
        return None
    m = next((m for m in MONTH_YEAR.finditer(s) if m.group("mon")[0].isupper()), None)  # "may 2019": a verb
    if not m:
        return None
    full = find_date(s)
    if full and full[1] <= m.start():
        return None
    month, year = month_number(m.group("mon")), int(m.group("year"))
    if month is None:
        return None
    first = dt.date(year, month, 1)
    if day == "first":
        return first.isoformat(), m.start(), m.end()
    if day != "last":
        raise ValueError(f"day must be 'first' or 'last', not {day!r}")
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat(), m.start(), m.end()


def parse_date(s: str | None) -> str | None:
    found = find_date(s)
    return found[0] if found else None


def parse_compact_date(s: str | None) -> str | None:
    """EDGAR header dates: ``19950718`` → ``1995-07-18``."""
    if s and rx.fullmatch(r"\d{8}", s.strip()):
        s = s.strip()
        return _mk(int(s[:4]), int(s[4:6]), int(s[6:]))
    return None


# --- places, phones, identifiers --------------------------------------------------------------------

STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
    "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
    "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
    "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR", "guam": "GU",
    "virgin islands": "VI", "american samoa": "AS",
    # Canadian provinces
    "alberta": "AB", "british columbia": "BC", "manitoba": "MB", "new brunswick": "NB",
    "newfoundland": "NL", "nova scotia": "NS", "ontario": "ON", "prince edward island": "PE",
    "quebec": "QC", "saskatchewan": "SK",
}
STATE_CODES = frozenset(STATES.values())
_ABBREV = {"conn": "CT", "mass": "MA", "penn": "PA", "calif": "CA", "ill": "IL", "n.y": "NY", "d.c": "DC",
           "fla": "FL", "tex": "TX", "del": "DE", "mich": "MI", "minn": "MN", "wash": "WA", "va": "VA"}


def state_code(s: str | None) -> str | None:
    """``Illinois`` → ``IL``; a two-letter code is kept when it is one."""
    if not s:
        return None
    key = rx.sub(r"\s+", " ", s.strip().strip(".,").lower())
    if key in STATES:
        return STATES[key]
    if key.upper() in STATE_CODES:
        return key.upper()
    return _ABBREV.get(key.rstrip("."))


def phone_digits(s: str | None) -> str | None:
    """``(312) 444-8661`` → ``3124448661``; anything not 10 (or 11 with a leading 1) digits → None."""
    if not s:
        return None
    digits = rx.sub(r"\D", "", s)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) == 10 else None


def cusip_check_digit(base8: str) -> int:
    total = 0
    for i, ch in enumerate(base8):
        v = int(ch) if ch.isdigit() else (ord(ch) - 55 if ch.isalpha() else {"*": 36, "@": 37, "#": 38}.get(ch, 0))
        if i % 2:
            v *= 2
        total += v // 10 + v % 10
    return (10 - total % 10) % 10


def normalize_cusip(s: str | None) -> str | None:
    """``375175 10 6`` → ``375175106``. Needs 9 characters after removing spaces and dashes."""
    if not s:
        return None
    c = rx.sub(r"[\s\-]", "", s).upper()
    return c if rx.fullmatch(r"[0-9A-Z*@#]{9}", c) and rx.search(r"\d", c) else None


def cusip_is_valid(c: str) -> bool:
    return len(c) == 9 and c[8].isdigit() and cusip_check_digit(c[:8]) == int(c[8])


def code_list(s: str | None, allowed: frozenset[str]) -> list[str]:
    """``AF, WC`` → ``["AF", "WC"]``; only codes from ``allowed`` are kept (order of appearance)."""
    if not s:
        return []
    out: list[str] = []
    for tok in rx.findall(r"(?<![A-Za-z])[A-Za-z]{2}(?![A-Za-z])", s):
        code = tok.upper()
        if code in allowed and code not in out:
            out.append(code)
    return out
