"""Facing page, oath or affirmation, and the accountant's report.

The facing page is a form: each value sits on the lines between its printed caption and the next caption
("NAME OF BROKER-DEALER" … "ADDRESS OF PRINCIPAL PLACE OF BUSINESS"). OCR moves words around and drops
punctuation, so a value is taken only when its lines read as that kind of value (a zip code, a phone number,
a date); otherwise the field stays None. Captions are data (:data:`CAPTIONS`).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from ...text import rx
from ...text.labels import find_label
from ...text.values import STATES, find_date, phone_digits, state_code
from ...text.view import TextView
from .labels import STREET_WORDS, fix_ocr_words

FACING_WINDOW = 9000
CAPTIONS = {
    "name": ["NAME OF BROKER-DEALER", "NAME OF BROKER DEALER"],
    "address": ["ADDRESS OF PRINCIPAL PLACE OF BUSINESS"],
    "contact": ["PERSON TO CONTACT IN REGARD TO THIS REPORT", "PERSON TO CONTACT"],
    "accountant": ["INDEPENDENT PUBLIC ACCOUNTANT whose opinion", "INDEPENDENT PUBLIC ACCOUNTANT"],
    "check": ["CHECK ONE", "Certified Public Accountant"],
    "accountant_id": ["ACCOUNTANT IDENTIFICATION"],
    "period": ["REPORT FOR THE PERIOD BEGINNING"],
}
# Printed form captions and box labels that are never a value.
FORM_WORDS = regex.compile(
    r"\(?\b(?:OFFICIAL\s+USE\s+ONLY|FIRM\s+I\.?\s*D\.?\s+NO\.?|No\.?\s+and\s+Street|Do\s+not\s+use\s+P\.?\s*O[.,]?\s*Box\s+No\.?"
    r"|Area\s+Code\s*[-\u2014]?\s*Telephone\s+Number?|Zip\s+Code|\(City\)|\(State\)|City\s+State|Name\s*[-\u2014]?\s*if\s+individual.*"
    r"|MM\s*/?\s*DD\s*/?\s*YY|[PO0]FFICIAL\s*USE\s*ONLY|[PO0]FFICIAL|USE\s+ONLY|Filed\s+as\s+Public.*)\b\)?", regex.I)
TITLE_WORDS = regex.compile(
    r"\b(?:(?:Executive\s+|Senior\s+)?(?:Vice\s+)?President|Chief\s+\w+(?:\s+\w+)?\s+Officer|Managing\s+(?:Director|Member|Partner)"
    r"|Treasurer|Controller|Comptroller|Secretary|FINOP|Financial\s+(?:and\s+Operations\s+)?Principal|General\s+Partner"
    r"|Director|Partner|Member|CEO|CFO|COO)\b", regex.I)
TITLE_LINE = regex.compile(rf"(?:{TITLE_WORDS.pattern})(?:\s*(?:,|and|&|/)\s*(?:{TITLE_WORDS.pattern}))*", regex.I)
KNOWN_FIRMS = [  # auditors as they sign; OCR drops the "&" or mangles a letter, so they are matched loosely
    "Ernst & Young LLP", "PricewaterhouseCoopers LLP", "KPMG LLP", "Deloitte & Touche LLP", "Grant Thornton LLP",
    "BDO USA, LLP", "Arthur Andersen LLP", "RSM US LLP", "McGladrey LLP", "Crowe LLP", "Marcum LLP",
    "EisnerAmper LLP", "Mazars USA LLP", "Baker Tilly Virchow Krause, LLP", "Coopers & Lybrand L.L.P.",
]
_FIRM_RE = [(f, regex.compile(r"\b" + r"\W*".join(regex.escape(w) for w in f.replace("&", " ").replace(",", " ").split()
                                                   if w.upper() not in ("LLP", "L.L.P.", "USA")) + r"\b", regex.I))
            for f in KNOWN_FIRMS]


FIRM_SUFFIX = r"(?i)\b(?:LLP|L\.L\.P\.|LLC|P\.?C\.?|PLLC|CPAs?|Ltd|& Co\.?|Company)$"


_LINE = regex.compile(r"[^\n\f]+")


@dataclass
class Value:
    text: str
    span: tuple[int, int]


def _line_values(view: TextView, a: int, b: int) -> list[Value]:
    """Lines of ``view.text[a:b]`` with form captions removed, each with its source span."""
    out: list[Value] = []
    for m in _LINE.finditer(view.text, a, b):
        line = m.group(0)
        cleaned = FORM_WORDS.sub(lambda x: " " * len(x.group(0)), line)
        core = cleaned.strip(" \t:;|_*-.()")
        if sum(c.isalnum() for c in core) < 2:
            continue
        off = m.start() + cleaned.index(core)
        out.append(Value(" ".join(core.split()), view.span(off, off + len(core))))
    return out


def _caption(text: str, key: str, start: int, end: int):
    for lab in CAPTIONS[key]:
        m = find_label(text, lab, start, end)
        if m:
            return m
    return None


def facing_window(text: str) -> tuple[int, int] | None:
    m = find_label(text, "FACING PAGE", 0, min(len(text), 20000)) or find_label(text, "REGISTRANT IDENTIFICATION", 0, min(len(text), 20000))
    if not m:
        return None
    start = max(0, m.start() - 2500)
    oath = find_label(text, "OATH OR AFFIRMATION", m.end(), min(len(text), m.end() + FACING_WINDOW))
    return start, oath.start() if oath else min(len(text), m.end() + FACING_WINDOW)


def _between(view: TextView, key: str, stop_keys: list[str], win: tuple[int, int]) -> list[Value]:
    text = view.text
    m = _caption(text, key, *win)
    if not m:
        return []
    a = text.find("\n", m.end())
    a = m.end() if a < 0 else a
    same_line = _line_values(view, m.end(), a)  # a value may follow the caption on its line
    stops = [s.start() for k in stop_keys if (s := _caption(text, k, a, win[1]))]
    b = min(stops) if stops else min(win[1], a + 600)
    return same_line + _line_values(view, a, b)


def clean_name(s: str) -> str:
    s = rx.sub(r"\s+[a-z]{1,3}$", "", s)  # OCR debris from a neighbouring box ("... Inc. aro")
    s = rx.sub(r"\s*&\s*:\s*", " & ", rx.sub(r",\s*,", ",", s))
    s = rx.sub(r"(?i),\s*ING\.?$", ", INC.", s)  # OCR reads the C of "INC." as G
    return s.strip(" ,;:")


def broker_dealer_name(view: TextView, win) -> Value | None:
    vals = _between(view, "name", ["address"], win)
    for v in vals[:2]:
        if rx.search(r"[A-Za-z]{2}[a-z ]", v.text) and not rx.search(r"(?i)address|principal|broker|official", v.text):
            return Value(clean_name(v.text), v.span)
    return None


SEC_FILE = regex.compile(r"(?<![\w\-/.,])[8Ba]\s?[-.\u2013]\s?(\d{4,5})(?![\d\-/])")
SEC_ID = regex.compile(r"SEC\s*(?:I\.?\s*D\.?|FILE)\s*(?:No\.?|NUMBER)\s*:?\s*(8\s?-\s?\d{4,5})\b", regex.I)


def sec_file_number(view: TextView, win) -> Value | None:
    text = view.text
    m = SEC_ID.search(text, 0, min(len(text), 6000))
    if m:
        return Value("8-" + rx.sub(r"\D", "", m.group(1))[1:], view.span(*m.span(1)))
    if win is None:
        return None
    cap = find_label(text, "SEC FILE NUMBER", win[0], win[1])
    name = _caption(text, "name", win[0], win[1])
    if not cap:
        return None
    m = SEC_FILE.search(text, max(win[0], cap.start() - 300), name.start() if name else min(win[1], cap.end() + 800))
    if m:
        return Value("8-" + m.group(1), view.span(*m.span()))
    return None


_ZIP = r"\d{5}(?:\s?-\s?\d{4})?"
_STATE_NAMES = "|".join(sorted((regex.escape(k) for k in STATES), key=len, reverse=True))
CITY_STATE_ZIP = regex.compile(rf"^(?P<city>[A-Za-z .'-]+?)[\s,]+(?P<state>{_STATE_NAMES}|[A-Z]{{2}})\.?[\s,]+(?P<zip>{_ZIP})$", regex.I)


def principal_office(view: TextView, win) -> dict[str, Value] | None:
    vals = []
    for v in _between(view, "address", ["contact"], win):
        if rx.search(r"(?i)place of business|telephone|^firm\b|^(?:city|state|zip)\b|\bcity\W+\W*state\b", v.text):
            continue
        vals.append(v)
        if rx.search(rf"\b{_ZIP}$", v.text):
            break  # the zip code ends the address
    if len(vals) < 2:
        return None
    street = vals[0]
    if not rx.match(r"\d|(?i)one|two|three|four|five|six|seven|eight|nine|ten", street.text):
        return None
    rest = vals[1:]
    joined = " ".join(v.text for v in rest)
    m = CITY_STATE_ZIP.match(joined)
    if not m or state_code(m.group("state")) is None:
        return None
    span = (rest[0].span[0], rest[-1].span[1])
    street_text = rx.sub(r"(?<=\b\d) (?=\d\b)", "", street.text.strip(" ,"))  # "SUITE 2 2 0" → "SUITE 220"
    street_text = fix_ocr_words(street_text, STREET_WORDS)
    return {"street": Value(street_text, street.span), "city": Value(m.group("city").strip(" ,"), span),
            "state": Value(state_code(m.group("state")), span), "zip": Value(rx.sub(r"\s", "", m.group("zip")), span)}


PHONE = regex.compile(r"\(?\b\d{3}\)?[\s.\-]*\d{3}\s?[\s.\-]\s?\d{4}\b")


def contact(view: TextView, win) -> tuple[Value | None, Value | None]:
    vals = _between(view, "contact", ["accountant_id", "accountant"], win)
    name = phone = None
    for v in vals[:3]:
        pm = PHONE.search(v.text)
        if pm and phone is None and phone_digits(pm.group(0)):
            phone = Value(phone_digits(pm.group(0)), v.span)
        who = rx.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", PHONE.sub("", v.text)).strip(" ,")
        if name is None and rx.fullmatch(r"[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]*){1,3}", who):
            name = Value(who, v.span)
    return name, phone


def canonical_firm(s: str) -> str:
    """A known audit firm's signing name when ``s`` is one (OCR-damaged letters tolerated), else ``s``."""
    for firm, pat in _FIRM_RE:
        if pat.search(s):
            return firm
    for firm in KNOWN_FIRMS:
        if fuzz.ratio(s.lower(), firm.lower()) >= 90:
            return firm
    return s


def accountant(view: TextView, win) -> Value | None:
    vals = _between(view, "accountant", ["check"], win)
    for v in vals[:2]:
        if len(v.text) > 60 or rx.search(r"(?i)address|opinion|contained|exemption|supported", v.text):
            continue
        firm = canonical_firm(v.text.strip(" ,"))
        if firm in KNOWN_FIRMS or rx.search(FIRM_SUFFIX, firm):
            return Value(firm, v.span)
    return None


def period(view: TextView, win) -> tuple[Value | None, Value | None]:
    text = view.text
    m = _caption(text, "period", *win)
    if not m:
        return None, None
    end_m = regex.compile(r"(?i)\bAND\s+END\s?I\s?N\s?G?\b").search(text, m.end(), min(len(text), m.end() + 400))
    if not end_m:
        return None, None
    begin_text = text[m.end():end_m.start()]
    line_end = text.find("\n", end_m.end())
    end_text = text[end_m.end():line_end if line_end > 0 else end_m.end() + 80]
    out = []
    for seg, off in ((begin_text, m.end()), (end_text, end_m.end())):
        d = find_date(seg)
        out.append(Value(d[0], view.span(off + d[1], off + d[2])) if d else None)
    return out[0], out[1]


_PERSON = r"[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){1,3}"
OATH_FORMS = [
    # "We, A and B, affirm": the first-named signer
    regex.compile(rf"\bWe\s*,\s*(?P<name>{_PERSON})\s+and\s+{_PERSON}\s*,\s*(?:do\s+)?(?:swear|affirm)\b"),
    # the name typed on the blank line above "I, ____, swear (or affirm)"
    regex.compile(rf"^[ \t]*(?P<name>{_PERSON})[ \t]*\n\s*I\s*,\s*,?\s*(?:do\s+)?(?:swear|affirm)\b", regex.M),
]
OATH_NAME = regex.compile(
    r"(?:\bI\s*[,.]?\s*)?[_\s]*(?P<name>[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){1,3})[\s_•·*]*,?\s*(?:do\s+)?(?:solemnly\s+)?(?:swear|affirm)\b")
OATH_CAPTION = regex.compile(r"OATH\s+OR\s+AF\w{0,4}MATION", regex.I)  # OCR: "AFFffiMATION"


def oath(view: TextView) -> tuple[Value | None, Value | None]:
    text = view.text
    m = OATH_CAPTION.search(text, 0, min(len(text), 40000))
    if not m:
        return None, None
    n = None
    for pat in OATH_FORMS + [OATH_NAME]:
        n = pat.search(text, m.end(), min(len(text), m.end() + 500))
        if n:
            break
    if not n:
        return None, None
    name = Value(rx.sub(r"\s+", " ", n.group("name")), view.span(*n.span("name")))
    title = None
    window_end = min(len(text), n.end() + 2500)
    t = regex.compile(r"(?im)^[ \t]*Title\b").search(text, n.end(), window_end)
    lines = _line_values(view, n.end(), t.start() if t else window_end)
    for v in reversed(lines) if t else lines:
        tm = TITLE_WORDS.search(v.text)
        if not tm or rx.search(r"(?i)notary|commission|swear|affirm", v.text):
            continue
        rest = v.text[tm.start():].strip(" ,.")
        if len(rest) < 60 and TITLE_LINE.fullmatch(rest):
            # OCR glues stamp text before the title on one line: keep from the title words on
            cut = len(v.text) - len(rest)
            title = Value(rest.strip(" ,."), (v.span[0] + cut, v.span[1]) if cut else v.span)
            break
    return name, title


REPORT = regex.compile(r"(?im)^[ \t]*(?:Report\s+of\s+Independent\s+Registered\s+Public\s+Accounting\s+Firm|Independent\s+Auditors?['’]?\s+Report|Report\s+of\s+Independent\s+Auditors?)[ \t]*(?:[^\w\n]+\w{0,4}[^\w\n]*)?$")


def audit_report(view: TextView) -> tuple[Value | None, Value | None]:
    """The accountant's report: its date (a date alone on a line after the opinion) and the firm."""
    text = view.text
    m = REPORT.search(text)
    if m is None:
        m2 = find_label(text, "Report of Independent", 0)
        if m2 is None:
            return None, None
        m = m2
    date = None
    op = regex.compile(r"(?i)in\s+our\s+opinion").search(text, m.end(), min(len(text), m.end() + 8000))
    if op:
        for lm in rx.finditer(r"[^\n\f]+", text, pos=op.end(), endpos=min(len(text), op.end() + 3000)):
            line = lm.group(0).strip()
            d = find_date(line)
            if d and len(line) - (d[2] - d[1]) <= 3 and d[1] <= 2:
                off = lm.start() + (len(lm.group(0)) - len(lm.group(0).lstrip()))
                date = Value(d[0], view.span(off + d[1], off + d[2]))
                break
    firm = None
    lo, hi = max(0, m.start() - 1500), min(len(text), (op.end() if op else m.end()) + 3000)
    found = [(fm.start(), f) for f, pat in _FIRM_RE if (fm := pat.search(text, lo, hi))]
    if found:
        pos, f = min(found)
        fm = dict(_FIRM_RE)[f].search(text, pos)
        firm = Value(f, view.span(*fm.span()))
    return date, firm
