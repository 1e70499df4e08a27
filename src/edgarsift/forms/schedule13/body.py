"""The statement's body: item headings and texts, the class total the percentages use, the signature date,
and the cover footnotes' arithmetic (shares issuable added to the basis; components of an aggregate)."""
from __future__ import annotations

import regex

from ...text.values import find_date, parse_amount
from .cover import Found

ITEM_HEADING = regex.compile(
    r"(?m)^[ \t]*(?:\d{1,2}\.[ \t]+)?ITEM[ \t]+(?P<n>\d{1,2})[ \t]*(?:\(?[a-j]\)(?:[ \t]*(?:-|and|,)[ \t]*\(?[a-j]\))*)?"
    r"[ \t]*(?:[.:\-\t]|$|(?=[ \t]+[A-Z][a-z]))",
    regex.I)
MAX_ITEM = {"13D": 7, "13G": 10}
ITEM_TEXT_LIMIT = 20000  # item texts are kept for readers, not scored: cap their size in the record

_N = r"(?P<n>\d{1,3}(?:,\d{3})+|\d{5,})"
# "based on 36,282,883 shares … outstanding as of …", "sum of (i) 30,723,185 issued and outstanding shares"
OUTSTANDING = [
    regex.compile(r"\b(?:based\s+(?:up)?on|calculated\s+(?:based\s+)?(?:up)?on|computed\s+on|using|sum\s+of)\s+"
                  r"(?:\(\w{1,3}\)\s+)?(?:a\s+total\s+of\s+|an\s+aggregate\s+of\s+|approximately\s+)?" + _N +
                  r"\s+(?:(?:issued\s+and\s+)?outstanding\s+)?(?:shares|units|ordinary\s+shares|common\s+units)"
                  r"[^.;]{0,200}?\boutstanding\b", regex.I),
    regex.compile(r"\bthere\s+were\s+" + _N + r"\s+(?:shares|units)[^.;]{0,120}?\boutstanding\b", regex.I),
    regex.compile(_N + r"\s+(?:shares|units)\s+of\s+[^.;]{0,60}?(?:issued\s+and\s+)?outstanding\s+(?:as\s+of|on)\b",
                  regex.I),
]
# the as-of date of the total, in the same sentence: "outstanding as of October 30, 2024"
AS_OF = regex.compile(r"\b(?:as\s+of|as\s+at|on)\s+(?:the\s+close\s+of\s+business\s+on\s+)?", regex.I)
# shares issuable on conversion/exercise that the text adds to the class total for this basis
ISSUABLE = regex.compile(
    r"\b(?:plus|and)\s+(?:\(\w{1,3}\)\s+)?(?:the\s+)?(?:aggregate\s+(?:of\s+)?|total\s+(?:of\s+)?)?" + _N +
    r"\s+shares[^.;]{0,250}?\b(?:issuable|underlying|upon\s+(?:the\s+)?(?:conversion|exercise))", regex.I)
FOOTNOTE_ITEM = regex.compile(r"\(\s*(?:[ivx]{1,4}|[a-h])\s*\)\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+shares", regex.I)
SIGNATURE = regex.compile(r"(?m)^[ \t]*SIGNATURES?\b", regex.I)
DATED = regex.compile(r"(?i)\bDated?\b\s*:?\s*")


def item_headings(text: str, start: int, end: int, form: str) -> list[tuple[str, int, int]]:
    """``(number, heading start, heading end)`` for every item heading, in order."""
    top = MAX_ITEM[form]
    out = []
    for m in ITEM_HEADING.finditer(text, start, end):
        n = int(m.group("n"))
        if 1 <= n <= top:
            out.append((str(n), m.start(), m.end()))
    return out


def items_and_texts(text: str, heads: list[tuple[str, int, int]], end: int) -> tuple[list[str], dict[str, str]]:
    items: list[str] = []
    texts: dict[str, str] = {}
    for i, (n, a, _) in enumerate(heads):
        b = heads[i + 1][1] if i + 1 < len(heads) else end
        if n not in items:
            items.append(n)
        chunk = regex.sub(r"[ \t]+", " ", text[a:b]).strip()
        texts[n] = (texts[n] + "\n" + chunk if n in texts else chunk)[:ITEM_TEXT_LIMIT]
    return items, texts


def shares_outstanding(text: str, start: int, end: int) -> tuple[Found, Found | None] | None:
    """The class total the percentages are based on, and its as-of date, as the text states them."""
    best = None
    for pat in OUTSTANDING:
        m = pat.search(text, start, end)
        if m and (best is None or m.start() < best.start()):
            best = m
    if not best:
        return None
    n = parse_amount(best.group("n"))
    if not n:
        return None
    total = Found(n, best.start("n"), best.end("n"))
    return total, _as_of_date(text, best.end(), end)


def _as_of_date(text: str, pos: int, end: int) -> Found | None:
    """A date introduced by "as of"/"on" right after the total (same sentence, before any "filed …")."""
    window_end = min(end, pos + 160)
    stop = regex.search(r"(?<!\b(?:No|Inc|Corp|Co|Ltd))\.(?:\s|$)|;|\bfiled\b|\breported\b", text[pos:window_end])
    if stop:
        window_end = pos + stop.start()
    for m in AS_OF.finditer(text, pos, window_end):
        d = find_date(text[m.end():min(end, m.end() + 40)])
        if d and d[1] == 0:
            return Found(d[0], m.end(), m.end() + d[2])
    return None


def issuable_in(text: str, a: int, b: int) -> Found | None:
    """Shares issuable on conversion/exercise that a basis sentence in ``text[a:b]`` adds to the total."""
    for pat in OUTSTANDING:
        for m in pat.finditer(text, a, b):
            sent_end = min(b, m.end() + 400)
            s = ISSUABLE.search(text, m.end("n"), sent_end)
            if s:
                n = parse_amount(s.group("n"))
                if n:
                    return Found(n, s.start("n"), s.end("n"))
    return None


def footnote_components(text: str, a: int, b: int, marker: str) -> Found | None:
    """The listed parts ("(i) 999,700 shares …, (ii) 342,465 shares …") of the footnote ``marker``."""
    m = regex.compile(r"(?m)^[ \t]*" + regex.escape(marker) + r"[ \t]").search(text, a, b)
    if not m:
        return None
    nxt = regex.compile(r"(?m)^[ \t]*(?:\(\d{1,2}\)|\*+)[ \t]").search(text, m.end(), b)
    end = nxt.start() if nxt else min(b, m.end() + 3000)
    parts = [(parse_amount(x.group("n")), x.start("n"), x.end("n")) for x in FOOTNOTE_ITEM.finditer(text, m.end(), end)]
    parts = [p for p in parts if p[0] is not None]
    if len(parts) < 2:
        return None
    return Found([p[0] for p in parts], parts[0][1], parts[-1][2])


def signature_date(text: str, start: int, end: int) -> Found | None:
    """The date of the signature block: after the last SIGNATURE heading, "Date:"/"Dated:" first."""
    heads = list(SIGNATURE.finditer(text, start, end))
    a = heads[-1].end() if heads else max(start, end - 4000)
    b = min(end, a + 4000)
    for m in DATED.finditer(text, a, b):
        d = find_date(text[m.end():m.end() + 60])
        if d and d[1] <= 2:
            return Found(d[0], m.end() + d[1], m.end() + d[2])
    d = find_date(text[a:b])
    if d:
        return Found(d[0], a + d[1], a + d[2])
    return None
