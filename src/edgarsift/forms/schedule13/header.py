"""The cover header above the first cover page: issuer name, title of class, CUSIP, event date and (13D) the
notice contact. Each value is printed above a parenthesised caption ("(Name of Issuer)"), or after a plain
caption ("NAME OF ISSUER:  Foo Inc." / the line below it); a value wrapped over two lines is kept whole."""
from __future__ import annotations

import regex

from ...text import rx
from ...text.search import TextScan, fold
from ...text.values import find_date, normalize_cusip
from .cover import BOILERPLATE, Found, value_lines
from .labels import (
    ENTITY_WORD,
    HEADER_CAPTIONS,
    NOISE_LINE,
    PERSON_NAME,
    TITLE_AFTER_NAME,
    caption_re,
    opener_patterns,
)

HEADER_WINDOW = 20000  # the cover header (issuer, title, CUSIP, …) sits at the top of the document


def _caption(scan: TextScan, name: str, start: int, end: int):
    key = ("header caption", name, start, end)  # the CUSIP caption is looked for twice in one header
    if key not in scan.memo:
        scan.memo[key] = _find_caption(scan, name, start, end)
    return scan.memo[key]


def _find_caption(scan: TextScan, name: str, start: int, end: int):
    for cap in HEADER_CAPTIONS[name]:
        m = scan.search(caption_re(cap), opener_patterns((cap,)), start, end)
        if m:
            return m
    # typos ("Requires Filling of this Statement"): the caption's first three words exactly, then the whole
    # caption with one edit, matched only at that anchor (a label-sized window, never the whole header)
    for cap in HEADER_CAPTIONS[name]:
        words = cap.split()
        if len(words) < 5:
            continue
        fuzzy = caption_re(cap, 1)
        for anchor in scan.finditer(caption_re(" ".join(words[:3])), opener_patterns((cap,)), start, end):
            m = fuzzy.match(scan.text, anchor.start(), min(end, anchor.start() + 2 * len(cap)))
            if m:
                return m
    return None


# a value wrapped onto a second line: the first part ends mid-phrase, or the second starts lower-case
_WRAP_END = regex.compile(r"(?i)(?:[,&\-]|\b(?:and|of|the|par\s+value|per|no|value))$")
_WRAP_START = regex.compile(r"^(?:[a-z]{2,}[\s,]|[$,&]|\.\d)")  # "par value …", "$.0001 per share" (not "iGo, Inc.")
# a class title whose noun went to the next line ("… Mandatory Convertible Preferred" / "Stock, Par Value $.01")
_CLASS_NOUN_START = regex.compile(r"^(?:Stock|Shares)\b[\s,]|^Par\s+Value\b", regex.I)


# an issuer name whose legal-form suffix went to the next line ("AMREP" / "CORPORATION")
_SUFFIX_LINE = regex.compile(r"(?i)(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Company|Ltd\.?|Limited|L\.\s?P\.|"
                             r"LLC|L\.L\.C\.|plc|N\.\s?V\.|S\.\s?A\.|AG|SE|Trust|Fund|Holdings|"
                             r"NEW|DEL|/[A-Z]{2,4}/)")  # EDGAR's conformed names end "… CORP DEL NEW", "… /DE/"


def _holds_caption(line: str) -> bool:
    """Whether a header caption is printed in ``line`` (tried only where its first word is)."""
    low = fold(line)
    return any(opener.search(low) and caption_re(c).search(line) for c, opener in _HEADER_CAPTION_OPENERS)


# each header caption with the (lower-case) first word it opens with
_HEADER_CAPTION_OPENERS = [(c, opener) for caps in HEADER_CAPTIONS.values() for c in caps
                           for opener in opener_patterns((c,))]


def _wraps(first: str, second: str) -> bool:
    """Whether two adjacent lines are one wrapped value (neither is a caption, a rule or form boilerplate)."""
    for line in (first, second):
        if not line or NOISE_LINE.match(line) or rx.match(r"^\(.*\)\*?$", line) or line.endswith(":"):
            return False
        if BOILERPLATE.search(line) or _holds_caption(line):
            return False
    return bool(_WRAP_END.search(first) or _WRAP_START.match(second) or _SUFFIX_LINE.fullmatch(second)
                or _CLASS_NOUN_START.match(second))


def _line_before(text: str, a: int, floor: int) -> tuple[str, int, int] | None:
    """The line directly above the line holding ``a`` (None if blank or above ``floor``)."""
    line_start = text.rfind("\n", floor, a) + 1
    if line_start <= floor:
        return None
    lo = text.rfind("\n", floor, line_start - 1) + 1
    line = text[lo:line_start - 1]
    if not line.strip():
        return None
    lead = len(line) - len(line.lstrip())
    return rx.sub(r"\s+", " ", line.strip()), lo + lead, lo + len(line.rstrip())


def _line_after(text: str, b: int, end: int) -> tuple[str, int, int] | None:
    """The line directly below the line holding ``b`` (None if blank)."""
    nl = text.find("\n", b, end)
    if nl < 0:
        return None
    hi = text.find("\n", nl + 1, end)
    hi = end if hi < 0 else hi
    line = text[nl + 1:hi]
    if not line.strip():
        return None
    lead = len(line) - len(line.lstrip())
    return rx.sub(r"\s+", " ", line.strip()), nl + 1 + lead, nl + 1 + len(line.rstrip())


_CAPTION_CELL = regex.compile(r"\([^()\n]*\)")


def _line_above(text: str, pos: int, floor: int) -> tuple[str, int, int] | None:
    """The value printed above a caption: text before it on its line, else the nearest non-noise line above."""
    line_start = text.rfind("\n", floor, pos) + 1
    before = text[line_start:pos].rstrip(" \t(")
    if rx.search(r"\w", _CAPTION_CELL.sub("", before)):  # a caption beside this one is not its value
        lead = len(before) - len(before.lstrip(" \t"))
        return rx.sub(r"\s+", " ", before.strip()), line_start + lead, line_start + len(before)
    hi = max(line_start - 1, floor)
    for _ in range(6):
        lo = text.rfind("\n", floor, hi) + 1
        lines = value_lines(text, lo, hi)
        if lines:
            t = lines[-1][0]
            if rx.match(r"^\(.*\)\*?$", t):  # another caption: no value between them
                return None
            return lines[-1]
        if lo <= floor:
            return None
        hi = lo - 1
    return None


def _block_above(text: str, pos: int, floor: int, max_lines: int = 3) -> list[tuple[str, int, int]]:
    """The lines printed above a caption, top to bottom, up to a blank line, a rule or another caption."""
    block: list[tuple[str, int, int]] = []
    hi = text.rfind("\n", floor, pos)
    while hi > floor and len(block) < max_lines:
        lo = text.rfind("\n", floor, hi) + 1
        line = text[lo:hi]
        hi = lo - 1
        if not line.strip() or NOISE_LINE.match(line):
            if block:
                break
            continue  # blank lines and rules between the value and its caption
        if rx.match(r"^\s*\(.*\)\*?\s*$", line):
            break  # the previous caption: nothing (more) above
        lead = len(line) - len(line.lstrip())
        block.insert(0, (rx.sub(r"\s+", " ", line.strip()), lo + lead, lo + len(line.rstrip())))
    return block


def value_after_caption(text: str, name: str, start: int, end: int, scan: TextScan | None = None) -> Found | None:
    """An item's "Name of Issuer: eSpeed Inc." — value after the caption, on its line or the next one."""
    m = _caption(scan or TextScan(text), name, start, end)
    if not m:
        return None
    for line, a, b in value_lines(text, m.end(), min(end, m.end() + 300), limit=2):
        value = rx.sub(r"^[\s:)]+", "", line).strip()
        if not value:
            continue  # the caption's own line ends with its colon: the value is on the next line
        if rx.match(r"(?i)^item\s+\d", value):
            return None
        pos = text.find(value, a, b + 1)
        return Found(value, pos, pos + len(value)) if pos >= 0 else Found(value, a, b)
    return None


def _join_wrapped(first: str, second: str) -> str:
    """One value from two printed lines; a word hyphenated at the break stays one word ("Non-" +
    "cumulative" -> "Non-cumulative"), a spaced dash ("Common Stock -") keeps its space."""
    return first + second if rx.search(r"[A-Za-z]-$", first) else f"{first} {second}"


_VALUE_CELL = regex.compile(r"\S+(?:[ \t]{1,2}\S+)*")  # cells of a line are set apart by three or more spaces


def _same_column(text: str, v: tuple[str, int, int], caption_line: int, opened: int) -> tuple[str, int, int]:
    """Two captions side by side ("(Title of class of securities)   (CUSIP number)") sit under two values side
    by side on the line above: the value is the cell in this caption's place."""
    line_end = text.find("\n", opened)
    captions = [c.start() for c in _CAPTION_CELL.finditer(text, caption_line, line_end if line_end >= 0 else len(text))]
    if len(captions) < 2 or opened not in captions:
        return v
    value_line = text.rfind("\n", 0, v[1]) + 1
    cells = list(_VALUE_CELL.finditer(text, value_line, v[2]))
    if len(cells) != len(captions):
        return v
    cell = cells[captions.index(opened)]
    return rx.sub(r"\s+", " ", cell.group(0)), cell.start(), cell.end()


def _value_for(text: str, name: str, start: int, end: int, scan: TextScan) -> tuple[str, int, int] | None:
    """A cover-header value: printed above a parenthesised caption ("(Name of Issuer)"), or after a plain
    caption ("Name of Issuer: Foo" / the line below it)."""
    m = _caption(scan, name, start, end)
    if not m:
        return None
    line_start = text.rfind("\n", start, m.start()) + 1
    opened = text.rfind("(", line_start, m.start())
    if opened >= 0 and ")" not in text[opened:m.start()]:  # "(Name of Issuer)", "(Exact name of issuer …)"
        floor = max(start, m.start() - 2000)
        v = _line_above(text, opened, floor)
        if v:
            v = _same_column(text, v, line_start, opened)
        prev = _line_before(text, v[1], floor) if v else None
        if v and prev and _wraps(prev[0], v[0]):  # "Common Stock" / "par value $.10 per share"
            return _join_wrapped(prev[0], v[0]), prev[1], v[2]
        return v
    f = wrapped_value_after_caption(text, name, m.start(), end, scan)
    return (str(f.value), f.a, f.b) if f else None


def wrapped_value_after_caption(text: str, name: str, start: int, end: int,
                                scan: TextScan | None = None) -> Found | None:
    """``value_after_caption``, with a value wrapped onto the next line kept whole ("TITLE OF CLASS: Common
    Stock, par value" / "$.0001 per share.", "Name of Issuer: DUN & BRADSTREET CORP DEL" / "NEW")."""
    f = value_after_caption(text, name, start, end, scan)
    if not f:
        return None
    nxt = _line_after(text, f.b, end)
    if nxt and _wraps(str(f.value), nxt[0]):
        return Found(_join_wrapped(str(f.value), nxt[0]), f.a, nxt[2])
    return f


def read_header(text: str, start: int, end: int, is_13d: bool, scan: TextScan | None = None) -> dict[str, Found]:
    """Issuer name, title of class, CUSIP, event date and (13D) notice contact from the cover header."""
    scan = scan or TextScan(text)
    out: dict[str, Found] = {}
    for name in ("issuer_name", "security_title"):
        v = _value_for(text, name, start, end, scan)
        if v and not rx.match(r"^\(", v[0]) and not BOILERPLATE.search(v[0]):
            val = v[0].strip(" ,;:")
            if name == "security_title":  # "… per share." ends a sentence; the period is not the title's
                val = rx.sub(r"(?i)(?<=\bshares?)\.$", "", val)
            out[name] = Found(val, v[1], v[2] - (len(v[0].rstrip(" ,;:")) - len(val)))
    v = _value_for(text, "issuer_cusip", start, end, scan)
    if v:
        cusip = read_cusip(v[0])
        if cusip:
            out["issuer_cusip"] = Found(cusip, v[1], v[2])
    m = _caption(scan, "event_date", start, end)
    if m:  # the event line may run on ("April 18, 1996 - Appointment as … since December 31, 1990")
        for line, la, _ in _block_above(text, m.start(), max(start, m.start() - 2000)):
            d = find_date(line)
            if d:
                pos = text.find(line[d[1]:d[2]], la)
                out["event_date"] = Found(d[0], pos, pos + d[2] - d[1]) if pos >= 0 else Found(d[0], la, la)
                break
        if "event_date" not in out and text.rfind("(", text.rfind("\n", start, m.start()) + 1, m.start()) < 0:
            after = value_after_caption(text, "event_date", m.start(), min(end, m.end() + 300), scan)
            d = find_date(str(after.value)) if after else None
            if after and d and d[1] <= 2:
                pos = text.find(str(after.value)[d[1]:d[2]], after.a)
                if pos >= 0:
                    out["event_date"] = Found(d[0], pos, pos + d[2] - d[1])
    if is_13d:
        contact = _notice_contact(text, start, end, scan)
        if contact:
            out["notice_contact_name"] = contact
    return out


def read_cusip(s: str) -> str | None:
    """A CUSIP as printed: 9 characters normally; 8 printed without a check digit are kept as stated."""
    s = rx.sub(r"(?i)^\s*CUSIP\s*(?:No\.?|Number)?\s*[:#]?\s*", "", s).strip(" .")
    c = normalize_cusip(s)
    if c:
        return c
    raw = rx.sub(r"[\s\-]", "", s).upper()
    if rx.fullmatch(r"[0-9A-Z]{8}", raw) and sum(ch.isdigit() for ch in raw) >= 5:
        return raw
    return None


# the notices caption's second half, and its closing colon in the inline layout ("… COMMUNICATIONS:")
NOTICE_CAPTION_END = regex.compile(r"[\s\-]*to\s+receive\s+notices\s+and\s+communications[ \t]*:[ \t]*(?=\n|$)",
                                   regex.I)


def _notice_contact(text: str, start: int, end: int, scan: TextScan) -> Found | None:
    """The first name in the notices block: between the CUSIP caption and the parenthesised notices caption
    below it, or (inline layout, "NAME, ADDRESS … COMMUNICATIONS:") in the lines right after the caption."""
    notice = _caption(scan, "notice", start, end)
    if not notice:
        return None
    inline = NOTICE_CAPTION_END.match(text, notice.end(), min(end, notice.end() + 120))
    if inline and "(" not in text[text.rfind("\n", start, notice.start()) + 1:notice.start()]:
        lines = value_lines(text, inline.end(), min(end, inline.end() + 400), limit=1)
        return _contact_name(text, lines)
    cusip = _caption(scan, "issuer_cusip", start, end)
    if not cusip or cusip.end() > notice.start():
        return None
    return _contact_name(text, value_lines(text, cusip.end(), notice.start()))


def _contact_name(text: str, lines: list[tuple[str, int, int]]) -> Found | None:
    """The name the notices block starts with (lead-ins such as "Copies to:" and "Attn:" skipped). A title
    after the name is not part of it ("Peter R. Haje, Esq., General Counsel" -> "Peter R. Haje, Esq."); a
    company followed by "Attn: NAME" gives that person (an "Attn: General Counsel" keeps the company)."""
    for k, (line, a, b) in enumerate(lines):
        found = _name_on(text, line, a, b)
        if found is _LEAD_IN:
            continue
        if found is not None and ENTITY_WORD.search(str(found.value)):
            for later, la, lb in lines[k + 1:k + 6]:
                if COPIES_LEAD.search(later):
                    break  # the copies' block: another addressee
                if ATTENTION.match(later):
                    person = _name_on(text, later, la, lb)
                    if isinstance(person, Found) and PERSON_NAME.fullmatch(str(person.value)):
                        return person
        return found
    return None


_LEAD_IN = Found(None, 0, 0)  # a line that only leads into the block ("Copies to:", a caption)
ATTENTION = regex.compile(r"(?i)^(?:attn\.?|attention)\s*:?\s*")
COPIES_LEAD = regex.compile(r"(?i)\bcop(?:y|ies)\s+to\b")


def _name_on(text: str, line: str, a: int, b: int) -> Found | None:
    """The name a notices line starts with; ``_LEAD_IN`` for a lead-in line; None for an address or phone."""
    # a two-column block prints the copies' lead-in beside the name: "Meir Dor        Copy To:"
    line = rx.sub(r"(?i)(?<=\S)\s+(?:with\s+(?:a\s+)?)?cop(?:y|ies)\s+to\s*:?\s*$", "", line)
    line_clean = line.strip(" )*")
    if not line_clean or rx.match(r"^\(?[\w\s]*\)$", line) or line_clean.endswith(":"):
        return _LEAD_IN  # empty, a caption, or a lead-in such as "Copies to:"
    m = ATTENTION.match(line)
    name = line[m.end() if m else 0:]
    # "Christopher Shackelton/Adam Gray", "John T. Rafferty, 51 Chestnut Ridge Road, …", "Paul R. Hundt,
    # Secretary (203 363-7220)": the first name only, without an address, a title or a phone
    name = rx.split(r"\s*/\s*|\s{2,}|\t|,\s*(?=\d)|\s*\(\s*\d", name)[0]
    name = TITLE_AFTER_NAME.split(name)[0].rstrip(" ,;")
    name = rx.sub(r"(?i)(,?\s+Esq\.?)\s*,.*$", r"\1", name)  # "John C. Kelsh, Esq., Metropolitan Life …"
    if not rx.search(r"[A-Za-z]{2}", name) or rx.search(r"\d{3}", name):
        return None  # an address or phone first: no name given
    # the squeezed line maps onto [a, b); find the name's offsets inside the original slice
    pos = text.find(name.split(" ")[0], a, b)
    na = pos if pos >= 0 else a
    return Found(name, na, min(b, na + len(name)) if pos >= 0 else b)
