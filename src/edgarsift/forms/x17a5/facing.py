"""Facing page, oath or affirmation, and the accountant's report.

The facing page is a form: each value sits on the lines between its printed caption and the next caption
("NAME OF BROKER-DEALER" … "ADDRESS OF PRINCIPAL PLACE OF BUSINESS"). OCR moves words around and drops
punctuation, so a value is taken only when its lines read as that kind of value (a zip code, a phone number,
a date); otherwise the field stays None. Captions are data (:data:`CAPTIONS`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from heapq import merge
from itertools import islice

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ...text import rx
from ...text.labels import find_label
from ...text.search import first_match, fold, holds_key, occurrences, plain_word, search_at_word
from ...text.values import STATES, find_date, find_month_year, phone_digits, state_code
from ...text.view import TextView
from .labels import STREET_WORDS, fix_ocr_words

FACING_WINDOW = 9000
CAPTIONS = {  # printed captions; a scan cut at the left edge leaves their tails ("OF BROKER-DEALER")
    "name": ["NAME OF BROKER-DEALER", "NAME OF BROKER DEALER", "OF BROKER-DEALER", "OF BROKER DEALER"],
    "address": ["ADDRESS OF PRINCIPAL PLACE OF BUSINESS", "ESS OF PRINCIPAL PLACE OF BUSINESS",
                "PRINCIPAL PLACE OF BUSINESS", "ADDRESS OF PRINCIPAL PLACE"],
    "contact": ["NAME AND TELEPHONE NUMBER OF PERSON TO CONTACT", "PERSON TO CONTACT IN REGARD TO THIS REPORT",
                "PERSON TO CONTACT"],
    "accountant": ["INDEPENDENT PUBLIC ACCOUNTANT whose opinion", "INDEPENDENT PUBLIC ACCOUNTANT", "PUBLIC ACCOUNTANT whose opinion"],
    "check": ["CHECK ONE", "Certified Public Accountant"],
    "accountant_id": ["ACCOUNTANT IDENTIFICATION"],
    "period": ["REPORT FOR THE PERIOD BEGINNING", "FOR THE PERIOD BEGINNING", "PERIOD BEGINNING"],
}
# Printed form captions and box labels that are never a value.
FORM_WORDS = regex.compile(
    r"\(?\b(?:OFFICIAL\s+USE\s+ONLY|FIRM\s+[I1l]\.?\s*[D0O]\.?\s+NO\.?|No\.?\s+and\s+Street|Do\s+not\s+use\s+P\W{0,2}\s*[OQ0]\W{0,2}\s*Box\s+No\.?"
    r"|Area\s+Code\s*[-\u2014]?\s*Telephone\s+Number?|Zip\s+Code|\(City\)|\(State\)|City\s+State|Name\s*[-\u2014]?\s*if\s+individual.*"
    r"|MM\s*/?\s*DD\s*/?\s*YY|[PO0]FFICIAL\s*USE\s*ONLY|[PO0]FFICIAL|USE\s+ONLY|Filed\s+as\s+Public.*)\b\)?", regex.I)
# A piece of every alternative of FORM_WORDS, as its pattern is written but lower-cased (keep them in step), looked
# for in the folded line: a line without any of them holds no form words, and is not searched (the search costs ~60
# ns a character, the test a tenth of that). Pieces past the first word ("firm\s+[i1l]", "\(state\)", "use\s+only")
# pass over the statement's "affirm", "statements", "because" and "commission", most of the lines a bare word let
# through. (The stdlib's \s, here, takes every character `regex`'s does.)
FORM_WORD_KEYS = ("fficial", r"firm\s+[i1l]", r"and\s+street", r"box\s+no", "telephone", "zip", "city", r"\(state\)",
                  "individual", r"mm\s*/?\s*dd", r"use\s+only", r"filed\s+as")
_FORM_WORD_KEY = re.compile("|".join(FORM_WORD_KEYS))
def _may_hold_form_words(line: str) -> bool:
    return holds_key(_FORM_WORD_KEY, line)


# the folded forms of the letters a caption reads loosely (_CAPTION_LETTER): "PUBLlC", "0F"
_CAPTION_LOOSE = (("i", "[il1|]"), ("l", "[li1|]"), ("o", "[o0]"))

# the words of a "Chief … Officer" title: an OCR-damaged word ("Chief Fin ncial Officer") is not a title
_CHIEF_OF = (r"(?:executive|financial|operating|operations|administrative|compliance|accounting|risk|investment"
             r"|information|technology|legal|marketing|credit|commercial|business|regulatory|and|&)")
TITLE_WORDS = regex.compile(
    r"\b(?:(?:Executive\s+|Senior\s+)?(?:Vice\s+)?President|Chief\s+(?:" + _CHIEF_OF + r"\s+){1,3}Officer|Managing\s+(?:Director|Member|Partner)"
    r"|Treasurer|Controller|Comptroller|Secretary|FINOP|Financial\s+(?:and\s+Operations\s+)?Principal|General\s+Partner"
    r"|Director|Partner|Member|CEO|CFO|COO)\b", regex.I)
# Letters every alternative of TITLE_WORDS prints in a row (keep them in step): a line without any holds no title word.
# The rarest word of each ("principal", not the "financial" of every oath's "financial statement"; "director", not
# "managing"): a line with a key but no title costs a search of the title pattern, 6 us
TITLE_KEYS = ("president", "chief", "treasurer", "troller", "secretary", "finop", "principal", "director", "partner",
              "member", "ceo", "cfo", "coo")
_TITLE_KEY = re.compile("|".join(TITLE_KEYS))
TITLE_LINE = regex.compile(rf"(?:{TITLE_WORDS.pattern})(?:\s*(?:,|and|&|/)\s*(?:{TITLE_WORDS.pattern}))*", regex.I)
KNOWN_FIRMS = [  # auditors as they sign; OCR drops the "&" or mangles a letter, so they are matched loosely
    "Ernst & Young LLP", "PricewaterhouseCoopers LLP", "KPMG LLP", "Deloitte & Touche LLP", "Grant Thornton LLP",
    "BDO USA, LLP", "Arthur Andersen LLP", "RSM US LLP", "McGladrey LLP", "Crowe LLP", "Marcum LLP",
    "EisnerAmper LLP", "Mazars USA LLP", "Baker Tilly Virchow Krause, LLP", "Coopers & Lybrand L.L.P.",
]
_FIRM_RE = [(f, regex.compile(r"\b" + r"\W*".join(regex.escape(w) for w in f.replace("&", " ").replace(",", " ").split()
                                                   if w.upper() not in ("LLP", "L.L.P.", "USA")) + r"\b", regex.I))
            for f in KNOWN_FIRMS]
_FIRM_FIRST_WORD = {f: fold(f.replace("&", " ").replace(",", " ").split()[0]) for f in KNOWN_FIRMS}  # where each begins


def _first_firm_matches(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """``[(m.start(), firm) for firm, pattern in _FIRM_RE if (m := pattern.search(text, lo, hi))]``, each pattern
    tried only where its first word is printed, in the range folded once (fifteen searches of a report's pages,
    each tried at every offset, cost 0.25 ms a filing)."""
    folded = fold(text[lo:hi])
    found = []
    for firm, pattern in _FIRM_RE:
        word = _FIRM_FIRST_WORD[firm]
        at = folded.find(word)
        while at >= 0:
            if m := pattern.match(text, lo + at, hi):
                found.append((m.start(), firm))
                break
            at = folded.find(word, at + 1)
    return found


FIRM_SUFFIX = r"(?i)\b(?:LLP|L\.L\.P\.|LLC|P\.?C\.?|PLLC|CPAs?|Ltd|& Co\.?|Company)$"


_LINE = regex.compile(r"[^\n\f]+")
# a letter the scan left in the page's margin, far left of the value ("i               Ralph Mattone")
MARGIN_LETTER = regex.compile(r"^[ \t]*[a-z][ \t]{5,}(?=\S)")
_CELL_GAP = regex.compile(r"\s{3,}")  # between the parts of a line printed apart


def _may_open_with_margin_letter(line: str) -> bool:
    """What MARGIN_LETTER needs at the line's start, a lower-case letter then a space or tab, tested before it is
    tried (a `regex` call costs more than the test, and few lines open so)."""
    rest = line.lstrip(" \t")
    return len(rest) > 1 and "a" <= rest[0] <= "z" and rest[1] in " \t"


@dataclass
class Value:
    text: str
    span: tuple[int, int]
    printed: str = ""  # the line as printed, white space kept: its cells are read off it when asked for

    @cached_property
    def cells(self) -> tuple[str, ...]:
        """The line's parts printed apart (three spaces or more between them). Few lines are asked for them: split
        only then (splitting every line read cost a quarter of reading it)."""
        return tuple(" ".join(c.split()) for c in _CELL_GAP.split(self.printed) if c.strip())

    def without_debris(self, keep_states: bool) -> str:
        """The line without the short scraps of stamps and handwriting a scan leaves beside the value ("2 Pickwick
        Plaza   oN   Pw"): parts of three letters or fewer with no digit (a state code kept if ``keep_states``)."""
        kept = [c for c in self.cells if len(c) > 3 or any(ch.isdigit() for ch in c)
                or (keep_states and c.isupper() and state_code(c) is not None)]
        return " ".join(" ".join(kept).split())


# a line read again (off the page image), or None: see ``oath``
Reread = Callable[[Value], "Value | None"]


def _blank(m: "regex.Match[str]") -> str:
    return " " * len(m.group(0))


def _two_alnum(s: str) -> bool:
    """Has ``s`` two letters or digits? (stops at the second: most lines begin with them)"""
    seen = 0
    for c in s:
        if c.isalnum():
            seen += 1
            if seen == 2:
                return True
    return False


def _line_value(view: TextView, m: "regex.Match[str]") -> Value | None:
    """The line ``m`` with form captions removed, with its source span; None if little is left."""
    line = m.group(0)
    cleaned = FORM_WORDS.sub(_blank, line) if _may_hold_form_words(line) else line
    if _may_open_with_margin_letter(cleaned):
        cleaned = MARGIN_LETTER.sub(_blank, cleaned)
    core = cleaned.strip(" \t:;|_*-.()\\/'`~«»•·")  # and scan debris at the margins
    if not _two_alnum(core):
        return None
    off = m.start() + cleaned.index(core)
    return Value(" ".join(core.split()), view.span(off, off + len(core)), core)


def _line_values(view: TextView, a: int, b: int) -> list[Value]:
    """Lines of ``view.text[a:b]`` with form captions removed, each with its source span."""
    return [v for m in _LINE.finditer(view.text, a, b) if (v := _line_value(view, m))]


def _first_line_values(view: TextView, a: int, b: int, n: int) -> list[Value]:
    """``_line_values(view, a, b)[:n]``: the lines below them are not read."""
    return list(islice((v for m in _LINE.finditer(view.text, a, b) if (v := _line_value(view, m))), n))


_LINE_BACKWARDS = regex.compile(_LINE.pattern, regex.REVERSE)


def _last_line_values(view: TextView, a: int, b: int, n: int) -> list[Value]:
    """``_line_values(view, a, b)[-n:]``, read from the end: the lines above them are not read."""
    out: list[Value] = []
    for m in _LINE_BACKWARDS.finditer(view.text, a, b):
        if len(out) == n:
            break
        if v := _line_value(view, m):
            out.append(v)
    return out[::-1]


@lru_cache(maxsize=None)
def caption_re(label: str) -> "regex.Pattern[str]":
    """A printed caption in damaged text: a space may split a word; words are joined by white space and the
    stray points, colons and dashes scans leave between them ("NAME OF .BROKER-DEALER:", "REPORT FOR. THE")."""
    words = label.split()
    parts = [r"[ \t]?".join(_CAPTION_LETTER.get(ch.upper(), regex.escape(ch)) for ch in w) for w in words]
    return regex.compile(r"(?<![A-Za-z])" + r"[\s\-_*.:,]*".join(parts), regex.I)


_CAPTION_LETTER = {"I": "[Il1|]", "L": "[LI1|]", "O": "[O0]"}  # letters OCR confuses in captions ("PUBLlC")


def _caption(text: str, key: str, start: int, end: int):
    """The first of the key's captions found (the full caption before its cut-off tails)."""
    for lab in CAPTIONS[key]:
        first = plain_word(lab)
        m = caption_re(lab).search(text, start, end) if first is None else \
            search_at_word(caption_re(lab), first, text, start, end, _CAPTION_LOOSE)
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
        return _typed_over_caption(view, key, win)
    a = text.find("\n", m.end())
    a = m.end() if a < 0 else a
    same_line = _line_values(view, m.end(), a)  # a value may follow the caption on its line
    stops = [s.start() for k in stop_keys if (s := _caption(text, k, a, win[1]))]
    b = min(stops) if stops else min(win[1], a + 600)
    return same_line + _line_values(view, a, b)


def _same_word(a: str, b: str) -> bool:
    a, b = a.strip(".,:;").upper(), b.upper()
    return a == b or (len(b) <= 3 and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= 1)  # OCR "or" for "OF"


_NON_SPACE = regex.compile(r"\S+")


def _typed_over_caption(view: TextView, key: str, win: tuple[int, int]) -> list[Value]:
    """The value of a box typed over its own caption, which a scan's text then interleaves word by word
    ("ADDRESS 401 CITY OF AVENUE, PRINCIPAL PLACE SUITE or BUSINESS: 220"): the line holding the first
    caption's words in order, with those words taken out, is the value's first line (then the lines below)."""
    text = view.text
    caption = CAPTIONS[key][0].split()
    for line in _LINE.finditer(text, *win):
        first = _NON_SPACE.search(line.group(0))  # (the line's words are listed only if the first is the caption's)
        if not first or not _same_word(first.group(0), caption[0]):
            continue
        words = list(_NON_SPACE.finditer(line.group(0)))
        k, rest = 0, []
        for w in words:
            if k < len(caption) and _same_word(w.group(0), caption[k]):
                k += 1
            else:
                rest.append(w)
        if k < len(caption) or not rest:
            continue
        value = " ".join(t for t in FORM_WORDS.sub(" ", " ".join(w.group(0) for w in rest)).split()
                         if any(c.isalnum() for c in t)).strip(" ,")
        if not value:
            continue
        start = line.start() + rest[0].start()
        out = [Value(value, view.span(start, line.start() + rest[-1].end()))]
        return out + _line_values(view, line.end(), min(win[1], line.end() + 600))  # the caller stops at the zip
    return []


# Company endings of a broker-dealer's name ("Inc.", "L.L.C.", "Incorporated", "Ltd"); OCR drops their points.
NAME_SUFFIX = r"(?:L\.?\s?L\.?\s?C\.?|L\.?\s?P\.?|Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?|Company|Ltd\.?|Limited|plc|N\.\s?A\.)"
_SUFFIX_AT_END = regex.compile(rf"(?i)(?<![A-Za-z]){NAME_SUFFIX}(?![A-Za-z])")
# One word of a firm's name: capitalised, an initial, "&", a joining word, or a parenthesised part "(USA)"
_NAME_WORD = regex.compile(r"^(?:[A-Z0-9][\w'’.&/-]*,?|&|and|of|the|de|du|\([A-Z][\w .]*\),?)$")
# Words of the form and its pages that are never part of a firm's name
NOT_NAME = regex.compile(r"(?i)\b(?:address|principal|broker|official|identification|registrant|statement|notes?\s+to"
                         r"|report|contents|page|financial\s+condition|accountant|telephone|subsidiary\s+of|owned\s+by"
                         r"|member\s+of|affiliate\s+of)\b")


def firm_name_part(s: str) -> str:
    """The firm's name in a line that holds more: the run of name words that ends with the last company ending
    ("T: (646) 471 3000, www.pwc.com/us Barclays Capital Inc." → "Barclays Capital Inc."; "Interactive Brokers
    LLC   gy eeceive Sy" → "Interactive Brokers LLC"). A line without a company ending is returned whole."""
    ends = list(_SUFFIX_AT_END.finditer(s))
    if not ends:
        return s
    last = ends[-1]
    words = s[:last.end()].split()
    keep: list[str] = []
    for w in reversed(words):
        if not _NAME_WORD.match(w) or (keep and rx.fullmatch(r"\d+[\d,.]*", w)):
            glued = rx.search(r"(?<=[a-z/.])[A-Z][a-z]{2,}$", w)  # a line run into the name: "www.pwc.com/usBarclays"
            if glued:
                keep.insert(0, glued.group(0))
            break
        keep.insert(0, w)
    while keep and keep[0].lower() in ("and", "of", "the", "de", "du", "&"):
        keep.pop(0)
    return " ".join(keep) if len(keep) >= 2 else s


_COMMA_ING = r"(?i),\s*ING"
_ING_FOR_INC = _COMMA_ING + r"\.?$"  # OCR reads the C of "INC." as G


def clean_name(s: str) -> str:
    s = rx.sub(r"\s+[a-z]{1,3}$", "", s)  # OCR debris from a neighbouring box ("... Inc. aro")
    s = rx.sub(r"\s*&\s*:\s*", " & ", rx.sub(r",\s*,", ",", s))
    s = rx.sub(_ING_FOR_INC, ", INC.", s)
    s = rx.sub(r"\s+,", ",", s)  # "SECURITIES , LLC"
    return firm_name_part(s.strip(" ,;:")).strip(" ,;:")


def looks_like_firm(s: str) -> bool:
    """Could ``s`` be a firm's name as printed? Refuses OCR debris ("JIIt44", "USEONLYj", "al ie"), captions and
    lines of the report ("REGISTRANT IDENTIFICATION", "Notes to Statement of Financial Condition …")."""
    words = s.split()
    if not words or len(s) > 90 or NOT_NAME.search(s) or rx.search(r"\.{3,}|\bwww\.|@|:", s):
        return False
    if not any(rx.fullmatch(r"[A-Z][A-Za-z'’&.-]{2,},?", w) for w in words):
        return False  # no word of three letters or more that starts with a capital
    if any(rx.search(r"[A-Za-z][0-9]|[0-9][A-Za-z]", w) and not w.startswith("(") for w in words):
        return False  # letters and digits mixed in a word: OCR debris
    if any(rx.search(r"[a-z][A-Z]", w.strip(".,")) and not rx.fullmatch(r"(?:Mc|Mac|De|Di|La|Le|O')[A-Z][a-z]+", w.strip(".,"))
           for w in words):
        return False  # "USEONLYj", "SECURITIEs": case changing inside a word
    letters = sum(c.isalpha() for c in s)
    return letters >= 0.75 * sum(not c.isspace() for c in s) and (len(words) >= 2 or bool(_SUFFIX_AT_END.search(s)))


def broker_dealer_name(view: TextView, win) -> Value | None:
    """The name under (or beside) the caption; a name OCR broke over two lines ("Daewoo" / "Securities America
    Inc") is joined. Debris, a damaged name that the filing prints nowhere cleanly, and OCR's dropped "&" where
    it cannot be restored, give None."""
    vals = _between(view, "name", ["address"], win)
    for i, v in enumerate(vals[:2]):
        text = clean_name(v.text)
        span = v.span
        if not _SUFFIX_AT_END.search(text) and i + 1 < len(vals) and _SUFFIX_AT_END.search(vals[i + 1].text):
            joined = clean_name(v.text + " " + vals[i + 1].text)
            if looks_like_firm(joined):
                text, span = joined, (v.span[0], vals[i + 1].span[1])
        if looks_like_firm(text):
            fixed = repaired_name(text, view.text)
            return Value(fixed, span) if fixed else None
    return None


PARENT_OF = r"(?i)(?:subsidiary|affiliate|member|division)\s+of\b|\bowned\s+by\b"
STATEMENT_TITLE = regex.compile(r"(?i)statements?\s+of\s+financial\s+condition")
_GROUP = regex.compile(r"(?i)\s+and\s+(?:its\s+)?(?:consolidated\s+)?subsidiar(?:y|ies)\b.*$")


def _matches_twice(pattern: "regex.Pattern[str]", text: str) -> bool:
    """Does ``pattern`` match ``text`` twice or more (as ``findall`` counts)? The search stops at the second."""
    return sum(1 for _ in islice(pattern.finditer(text), 2)) == 2


def _may_clean_to_company(line: str) -> bool:
    """Can ``clean_name(_GROUP.sub("", line))`` end in a company ending? Only if ``line`` holds one, or the ", ING"
    that clean_name reads as ", INC.": its other steps cut text or join white space and commas, which never puts
    a letter beside a company ending nor makes one."""
    return _SUFFIX_AT_END.search(line) is not None or rx.search(_COMMA_ING, line) is not None


def cover_name(view: TextView) -> Value | None:
    """The broker-dealer's name from the report's cover or a statement's heading, where the facing page gives
    none: a line near the top of the document, or one of the three lines above a "Statement of Financial
    Condition" title, that is a firm's name (not the auditor's) and that the document prints again."""
    text = view.text
    spots = [(0, min(len(text), 1500))]
    spots += [(max(0, m.start() - 300), m.start()) for m in islice(STATEMENT_TITLE.finditer(text, 0, min(len(text), 60000)), 6)]
    for a, b in spots:
        # the first twelve lines, or the last three and the one above them (only those are read)
        lines = _first_line_values(view, a, b, 12) if a == 0 else _last_line_values(view, a, b, 4)
        for k, v in enumerate(lines[:12] if a == 0 else lines[-3:], start=0 if a == 0 else max(0, len(lines) - 3)):
            if not _may_clean_to_company(v.text):
                continue  # (most lines: the tests below would all be run to end in the same `continue`)
            if rx.search(PARENT_OF, v.text) or (k and rx.search(PARENT_OF + r"\W*$", lines[k - 1].text)):
                continue  # the parent: "An indirect wholly-owned subsidiary of X", or X on the line after
            name = clean_name(_GROUP.sub("", v.text))
            if not _SUFFIX_AT_END.search(name) or not looks_like_firm(name) or rx.search(r"(?i)\bL\.?L\.?P\.?$", name) \
                    or canonical_firm(name) in KNOWN_FIRMS:  # (the auditor's name, last: the costliest test)
                continue
            words = r"[\s,.]*".join(regex.escape(w.strip(",.")) for w in name.split())
            if not _matches_twice(regex.compile(rf"(?i)(?<![A-Za-z]){words}"), text):
                continue  # printed once only: not the firm the report is about
            fixed = repaired_name(name, text)
            if fixed:
                cut = v.text.find(name.split()[0])
                return Value(fixed, (v.span[0] + max(cut, 0), v.span[1]))
    return None


# Letters OCR puts for others in a company ending ("L�C", "ILC", "1NC"): the name is damaged
_DAMAGED = regex.compile(r"[^\x00-\x7f’‘“”–—]|(?<![A-Za-z])(?:[I1l|]LC|L[I1|]C|LLG|[1l|]NC)(?![A-Za-z])")
# Audit firms whose names print an "&": seen without it, they show the filing's text has lost its ampersands
# (one pattern a firm: an alternation is tried at every offset, 13 ms in a long filing)
_AMPERSAND_FIRMS = tuple(regex.compile(rf"(?i)\b{firm}\b")
                         for firm in (r"Deloitte\W*Touche", r"Ernst\W*Young", r"Coopers\W*Lybrand", r"Touche\W*Ross"))
_AMPERSAND_PRINTED = tuple(regex.compile(rf"(?i)\b{word}\s*&") for word in ("Deloitte", "Ernst", "Coopers", "Touche"))
# "Schwab Co", "Stanley Co": a "&" lost before "Co". Not after a word of the trade ("Daewoo Securities Co Ltd",
# "Nomura Securities Co., Ltd." print no "&"), nor before "Ltd" (the Asian "Co., Ltd.")
_CO_WITHOUT_AMPERSAND = regex.compile(
    r"(?i)(?<![A-Za-z])(?!(?:securities|trust|insurance|investments?|capital|bank|banking|financial|holdings|brokerage"
    r"|exchange|clearing|futures|trading|and|of|the)\b)[A-Za-z][A-Za-z.]*,?\K\s+"
    r"(?=(?:Co\.?|Company|Sons|Associates)(?![A-Za-z])(?![.,]?\s*(?:Ltd|Limited)\b))")


def _wildcard(word: str) -> str:
    """A pattern for ``word`` in which each damaged letter may be any letter."""
    out, pos = [], 0
    for m in _DAMAGED.finditer(word):
        out.append(regex.escape(word[pos:m.start()]))
        out.append(r"[A-Za-z]" * len(m.group(0)))
        pos = m.end()
    return "".join(out) + regex.escape(word[pos:])


def repaired_name(name: str, text: str) -> str | None:
    """``name`` as the filing prints it cleanly elsewhere, when OCR damaged it here; None when it cannot be told.

    A damaged letter ("SUSQUEHANNA SECURITIES, L�C") is read from the one clean spelling the filing prints
    elsewhere ("SUSQUEHANNA SECURITIES, LLC"). "Charles Schwab Co Inc" in a text that has lost every "&" (its
    auditor reads "Deloitte Touche") was printed "Charles Schwab & Co Inc"."""
    if _DAMAGED.search(name):
        pat = r"[\s,.]*".join(_wildcard(w.strip(",")) for w in name.split())
        clean = [" ".join(m.group(0).split()) for m in regex.finditer(rf"(?<![A-Za-z]){pat}(?![A-Za-z])", text, regex.I)
                 if not _DAMAGED.search(m.group(0))]
        if len({rx.sub(r"[^A-Z0-9]", "", c.upper()) for c in clean}) != 1:
            return None  # printed nowhere cleanly, or read two ways
        name = max(set(clean), key=clean.count)
    if _CO_WITHOUT_AMPERSAND.search(name) and "&" not in name:
        with_amp = r"\s+".join(regex.escape(w) for w in _CO_WITHOUT_AMPERSAND.sub(" & ", name, count=1).split())
        found = regex.search(with_amp.replace(r"\s+\&\s+", r"\s*&\s*"), text, regex.I)
        if found:
            return " ".join(found.group(0).split())
        if any(p.search(text) for p in _AMPERSAND_FIRMS) and not any(p.search(text) for p in _AMPERSAND_PRINTED):
            return _CO_WITHOUT_AMPERSAND.sub(" & ", name, count=1)
        return None  # "X Co" whose "&" may be lost: in doubt
    return name


# OCR: "B-43978", "e-47034", and a number a scan's text layer printed in two pieces ("8-00   129": five digits)
SEC_FILE = regex.compile(r"(?<![\w\-/.,])[8Bae]\s?[-.\u2013]\s?(?:(?P<d>\d{4,5})|(?P<head>\d{2,3})[ \t]{1,3}(?P<tail>\d{2,3}))"
                         r"(?![\d\-/])")
SEC_ID = regex.compile(r"SEC\s*(?:I\.?\s*D\.?|FILE)\s*(?:No\.?|NUMBER)\s*:?\s*(8\s?-\s?\d{4,5})\b", regex.I)


def sec_file_number(view: TextView, win) -> Value | None:
    text = view.text
    m = first_match(SEC_ID, text, occurrences(text, "sec", 0, min(len(text), 6000)), min(len(text), 6000))  # SEC_ID.search
    if m:
        return Value("8-" + rx.sub(r"\D", "", m.group(1))[1:], view.span(*m.span(1)))
    if win is None:
        return None
    cap = find_label(text, "SEC FILE NUMBER", win[0], win[1])
    name = _caption(text, "name", win[0], win[1])
    if cap:
        a, b = max(win[0], cap.start() - 300), name.start() if name else min(win[1], cap.end() + 800)
        for m in SEC_FILE.finditer(text, a, b):
            digits = m.group("d") or m.group("head") + m.group("tail")
            if m.group("d") or len(digits) == 5:  # (two pieces make a number only as long as one)
                return Value("8-" + digits, view.span(*m.span()))
    else:  # the caption lost to the scan: the box's number alone at a line's end above "FACING PAGE"
        page = find_label(text, "FACING PAGE", win[0], win[1])
        if page is None:
            return None
        a, b = win[0], page.start()
    # the number alone in its box, with its dash lost or read as spaces: "865876", "8   45034"
    # (the white space before the box must lie inside the range, as it would if the pattern matched it)
    boxes = [m for m in SEC_BOX.finditer(text, a, b) if m.start() - 3 >= a or m.start() == 0 or text[m.start() - 1] == "\n"]
    if len(boxes) == 1:
        m = boxes[0]
        return Value("8-" + (m.group("d") or m.group("d2")), view.span(*m.span("v")))
    return None


# The box's number alone at a line's end, after three spaces or more: looked behind for, since matching a run of
# spaces at each of its offsets cost time on the square of its length (PDF text pads lines with long runs)
SEC_BOX = regex.compile(r"(?m)(?:^|(?<=[ \t]{3}))(?P<v>[8e][ \t]{0,4}[-.\u2013]?[ \t]{0,4}(?P<d>\d{5})|8(?P<d2>\d{5}))[ \t]*$")


FIRM_ID_CAPTION = regex.compile(r"(?i)FIRM\s*I\.?\s*D\.?\s*NO")
OFFICIAL_CAPTION = regex.compile(r"(?i)OFFICIAL\s+USE\s+ONLY")
FIRM_ID_VALUE = regex.compile(r"(?m)^[ \t]*(?P<v>\d{2}-\d{7}|\d{3,7})[ \t]*$")


def firm_id(view: TextView, win) -> Value | None:
    """What the FIRM I.D. NO. box holds: a number alone on the line between the box's "OFFICIAL USE ONLY" head
    and its "FIRM I.D. NO." caption, printed under them (most boxes are blank: None)."""
    if win is None:
        return None
    text = view.text
    cap = FIRM_ID_CAPTION.search(text, *win)
    if cap is None:
        return None
    line_start = text.rfind("\n", 0, cap.start()) + 1
    head = None
    for h in OFFICIAL_CAPTION.finditer(text, max(win[0], cap.start() - 400), cap.start()):
        head = h
    if head is None:
        return None
    column = cap.start() - line_start
    for m in FIRM_ID_VALUE.finditer(text, head.end(), line_start):
        at = m.start("v") - (text.rfind("\n", 0, m.start("v")) + 1)
        if abs(at - column) <= 15:
            return Value(m.group("v"), view.span(*m.span("v")))
    return None


_ZIP = r"\d{5}(?:\s?-\s?\d{4})?"
_STATE_NAMES = "|".join(sorted((regex.escape(k) for k in STATES), key=len, reverse=True))
STREET_START = regex.compile(r"\d|(?i)(?:one|two|three|four|five|six|seven|eight|nine|ten)\b")
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
    # the street is the first line that starts like one (scan debris may come before it)
    first = next((i for i, v in enumerate(vals[:-1]) if STREET_START.match(v.text)), None)
    if first is None:
        return None
    street, rest = vals[first], vals[first + 1:]
    m = state = None
    # the city line, with what the scan left beside or above it dropped if need be ("Greenwich  Connecticut  SF  06432")
    for tried in (" ".join(v.text for v in rest), rest[-1].without_debris(keep_states=True),
                  " ".join(v.without_debris(keep_states=True) for v in rest)):
        m = CITY_STATE_ZIP.match(tried)
        state = state_code(m.group("state")) if m else None
        if state is not None:
            break
        m = None
    if m is None or state is None:
        return None
    if tried != " ".join(v.text for v in rest):
        street, rest = Value(street.without_debris(keep_states=False), street.span), rest[-1:] if tried == rest[-1].without_debris(keep_states=True) else rest
    span = (rest[0].span[0], rest[-1].span[1])
    street_text = rx.sub(r"(?<=\b\d) (?=\d\b)", "", street.text.strip(" ,"))  # "SUITE 2 2 0" → "SUITE 220"
    street_text = rx.sub(r"(?<=\b\d{1,3}) (?=(?:st|nd|rd|th)\b)", "", street_text)  # "31 st Floor" → "31st Floor"
    street_text = fix_ocr_words(street_text, STREET_WORDS)
    out = {"street": Value(street_text, street.span)}
    if DAMAGED_WORD.search(street_text) or (UNIT_WITHOUT_COMMA.search(street_text) and drops_commas(view.text)):
        del out["street"]  # "AVENUE OF THE AIVIERICAS"; "Avenue Suite 301" where OCR lost every comma
    city = city_as_printed(m.group("city").strip(" ,"), view.text)
    if city:
        out["city"] = Value(city, span)
    out["state"] = Value(state, span)
    out["zip"] = Value(rx.sub(r"\s", "", m.group("zip")), span)
    return out


# OCR damage inside an address word: "M" read as "IVI", a lower-case letter inside capitals ("AVEnUE")
DAMAGED_WORD = regex.compile(r"(?<=[A-Za-z])IVI|IVI(?=[A-Za-z])|\b[A-Z]{2,}[a-z]+[A-Z]+\b")
UNIT_WITHOUT_COMMA = regex.compile(r"(?i)[A-Za-z.]\s+(?:suite|ste\.?|floor|fl\.|room|rm\.?|unit|building|bldg\.?)\s+\S")
# A date in words, one pattern a month: `regex` finds a pattern that begins with a word fast, and tries an
# alternation of words at every offset (30 ms in a long filing)
_MONTHS = "january february march april may june july august september october november december".split()
_DATES_NO_COMMA = tuple(regex.compile(rf"(?i)\b{m}\s+\d{{1,2}}\s+(?:19|20)\d\d\b") for m in _MONTHS)
_DATES_COMMA = tuple(regex.compile(rf"(?i)\b{m}\s+\d{{1,2}}\s*,\s*(?:19|20)\d\d\b") for m in _MONTHS)


def drops_commas(text: str) -> bool:
    """Has this text (an OCR layer) lost its commas? Its dates say so: "March 31 2010", never "March 31, 2010"."""
    if any(p.search(text) for p in _DATES_COMMA):
        return False
    found = 0  # dates of different months never overlap: the months' counts add up
    for p in _DATES_NO_COMMA:
        found += sum(1 for _ in islice(p.finditer(text), 3 - found))
        if found >= 3:
            return True
    return False


_SPACE_BEFORE = regex.compile(r"\s+", regex.REVERSE)  # matched backwards: the white space that ends at endpos


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _one_slip_starts(words: list[str], text: str, folded: str | None = None) -> list[int] | None:
    """The offsets, in order, where ``words`` (joined by white space, any case) may begin in ``text`` with one
    letter changed at most; None when a one-letter word leaves every offset possible. ``folded``: the text's
    ``search.fold``, if the caller has it (the words are looked for in it).

    One changed letter leaves one half of the first word as printed; for two words or more, the first word
    as printed, or else the second (its offset back over the white space before it)."""
    folded = fold(text) if folded is None else folded  # (once for both words: occurrences folds anew for each)
    first = fold(words[0])
    if len(words) == 1:
        half = len(first) // 2
        if half == 0:
            return None
        starts = set(_finds(folded, first[:half]))
        starts.update(at - half for at in _finds(folded, first[half:]))
    else:
        starts = set(_finds(folded, first))
        for at in _finds(folded, fold(words[1])):
            space = _SPACE_BEFORE.match(text, 0, at)
            if space:
                starts.update(range(space.start() - len(first), at - len(first)))
    return sorted(at for at in starts if at >= 0)


def _matches_from(pattern: "regex.Pattern[str]", text: str, starts: Iterable[int],
                  most: int | None = None) -> list["regex.Match[str]"]:
    """``pattern.finditer(text)`` (the first ``most`` matches, if given) when no match can begin but at one of
    ``starts`` (in order): each tried there, the next from where the last match ended."""
    out: list["regex.Match[str]"] = []
    pos = 0
    for at in starts:
        if len(out) == most:
            break
        if at >= pos and (m := pattern.match(text, at)):
            out.append(m)
            pos = m.end()
    return out


def city_as_printed(city: str, text: str) -> str | None:
    """The city as the filing prints it: kept when the filing prints it again elsewhere, or when nothing says it
    is damaged; a one-letter OCR slip ("New fork") is read from the one spelling the filing prints at least
    twice elsewhere ("New York"); None when two such spellings compete."""
    exact = r"(?i)(?<![A-Za-z])" + r"\s+".join(map(regex.escape, city.split())) + r"(?![A-Za-z])"
    # printed again? (a match begins where its first word is printed: tried there, as far as the second match; the
    # pattern tried at every offset of a filing that prints the city once cost 1 ms)
    if len(_matches_from(regex.compile(exact), text, occurrences(text, fold(city.split()[0])), most=2)) == 2:
        return city
    one_slip = regex.compile(r"(?i)(?<![A-Za-z])(?:" + r"\s+".join(map(regex.escape, city.split())) + r"){s<=1}(?![A-Za-z])")
    starts = _one_slip_starts(city.split(), text, fold(text))  # a fuzzy search tries every offset: 20 ms in a long filing
    found = one_slip.finditer(text) if starts is None else _matches_from(one_slip, text, starts)
    return spelling_from_slips(city, [" ".join(m.group(0).split()) for m in found])


def spelling_from_slips(city: str, near: list[str]) -> str | None:
    """The city as ``city_as_printed`` settles it from the one-slip spellings the filing prints (``near``, white
    space squeezed): the city itself when no other spelling of its word lengths is printed, the one other spelling
    printed at least twice, None when spellings compete."""
    shape = [len(w) for w in city.split()]
    near = [n for n in near if n.lower() != city.lower() and [len(w) for w in n.split()] == shape]
    if not near:
        return city
    if len({n.lower() for n in near}) == 1 and len(near) >= 2:
        return max(set(near), key=near.count)
    return None


PHONE = regex.compile(r"\(?\b\d{3}\)?[\s.\-]*\d{3}\s?[\s.\-]\s?\d{4}\b")
# the form's own words under the contact line, as OCR leaves them ("Ataa Code Telephone Number")
CAPTION_WORDS = regex.compile(r"(?i)\b(?:telephone|number|code|area|name|contact)\b")
# "DAuria", "OBrien": a name whose apostrophe an OCR layer lost (it lost its initials too, often): in doubt
LOST_APOSTROPHE = regex.compile(r"\b[DO][A-Z][a-z]{2,}\b")
# "Mr.", "Ms.", "Dr." and OCR's readings of them ("Nlr." for "Mr.")
HONORIFIC = regex.compile(r"^(?:M[rs]|Mrs|Dr|[NM][l1|I]r)\.?\s+")
# filler typed between the name and the phone, standing apart as a word of its own ("John McCoy ---  212-…")
FILLER = regex.compile(r"(?:^|(?<=\s))[-_.*\u2013\u2014]{2,}(?=\s|$)")


def contact(view: TextView, win) -> tuple[Value | None, Value | None]:
    vals = _between(view, "contact", ["accountant_id", "accountant"], win)
    name = phone = None
    for v in vals[:3]:
        pm = PHONE.search(v.text)
        if pm and phone is None and (digits := phone_digits(pm.group(0))):
            phone = Value(digits, v.span)
        who = HONORIFIC.sub("", FILLER.sub("", PHONE.sub("", v.text))).strip(" ,")
        if name is None and rx.fullmatch(r"[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]*){1,3}", who) \
                and not CAPTION_WORDS.search(who) and not LOST_APOSTROPHE.search(who):
            name = Value(who, v.span)
    return name, phone


# more name words after a known firm's ("KPMG Peat Marwick LLP"): the name printed is another firm's, or an old one
_LONGER_NAME = regex.compile(r"^[ \t]+(?:&[ \t]+)?(?:[A-Z][A-Za-z]+[ \t]+){1,3}(?:LLP|L\.L\.P\.)")


def canonical_firm(s: str) -> str:
    """A known audit firm's signing name when ``s`` is one (OCR-damaged letters tolerated), else ``s``.

    The known words must be the whole name: "KPMG Peat Marwick LLP", the firm's name until 1999, is printed
    as a name of its own and stays as printed, not today's "KPMG LLP"."""
    for firm, pat in _FIRM_RE:
        m = pat.search(s)
        if m and not _LONGER_NAME.match(s[m.end():]) and not rx.search(r"[A-Za-z]{3,}", s[:m.start()]):
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


_AND_ENDING = regex.compile(r"(?i)AND\s*END\s?I\s?N\s?G?\b")


def period(view: TextView, win) -> tuple[Value | None, Value | None]:
    text = view.text
    m = _caption(text, "period", *win)
    if not m:
        return None, None
    end_m = _AND_ENDING.search(text, m.end(), min(len(text), m.end() + 400))
    if not end_m:
        return None, None
    begin_text = text[m.end():end_m.start()]
    line_end = text.find("\n", end_m.end())
    end_text = text[end_m.end():line_end if line_end > 0 else end_m.end() + 80]
    out = []
    # a month and year alone ("April 2013") opens the period on its first day and closes it on its last
    for seg, off, day in ((begin_text, m.end(), "first"), (end_text, end_m.end(), "last")):
        d = find_date(seg) or find_month_year(seg, day=day)
        out.append(Value(d[0], view.span(off + d[1], off + d[2])) if d else None)
    return out[0], out[1]


_PERSON = r"[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){1,3}"
# the verb, as OCR leaves it too ("affnn", "affrrur", "sweat")
_VERB = r"(?:do\s+)?(?:solemnly\s+)?(?:swear|affirm|aff[a-z]{1,4}|sw[a-z]{2,3})\b"
OATH_FORMS = [
    # "We, A and B, affirm" (OCR drops the commas): the first-named signer
    regex.compile(rf"\bWe\s*,?\s*(?P<name>{_PERSON})\s*,?\s+and\s+(?P<second>{_PERSON})\s*,?\s*{_VERB}"),
    # the name typed on the blank line above "I, ____, swear (or affirm)"
    regex.compile(rf"^[ \t]*(?P<name>{_PERSON})[ \t]*\n\s*I\s*,\s*,?\s*{_VERB}", regex.M),
]
OATH_NAME = regex.compile(rf"(?:\b[I1l]\s*[,.]?\s*)?[_\s]*(?P<name>{_PERSON})[\s_•·*]*,?\s*{_VERB}")
# "OATH OR AFFIRMATION" (OCR: "AFFUUUTION", "OATh"), or "AFFIRMATION" alone as a heading in capitals
OATH_CAPTION = regex.compile(r"(?i:OATH\s+OR\s+AF\w{0,4}(?:MATION|TION))|(?<![A-Za-z])AFFIRMATION[ \t]*$", regex.M)
# an oath printed without its caption: "We the undersigned … do hereby affirm that to the best of our knowledge"
OATH_BODY = regex.compile(r"(?im)^[^\n]{0,80}?\b(?:We|I)\b[^\n]{0,200}?\b(?:swear|affirm)\b[\s\S]{0,60}?to\s+the\s+best\s+of")
UNDERSIGNED = regex.compile(r"\bWe\s*,?\s*the\s+undersigned\b", regex.I)
# words of a firm, not of a person ("We the undersigned Managing Directors of Goldman Sachs Co affirm")
NOT_PERSON = regex.compile(rf"(?i)(?<![A-Za-z])(?:{NAME_SUFFIX}|Securities|Capital|Markets|Group|Holdings|Bank|Company"
                           r"|Managing|Directors?|Officers?|Notary|Public|State|County|Commission|Oath|Affirmation)(?![A-Za-z])")
# where the oath ends: one pattern each (`regex` finds one beginning with a word fast, an alternation slowly)
OATH_ENDS = (regex.compile(r"(?i)this\s+report\s*\W{0,3}\s*contains"), regex.compile(r"(?i)\(a\)\s*Facing"))
_TITLE_CAPTION = regex.compile(r"(?im)^[ \t]*Title\b")


def _person(s: str) -> bool:
    """A person's name: two to four words, at least two of them words of two letters or more, no firm words."""
    words = s.split()
    return 2 <= len(words) <= 4 and sum(len(w.strip(".")) >= 2 for w in words) >= 2 and not NOT_PERSON.search(s) \
        and not LOST_APOSTROPHE.search(s)


def _letters(s: str) -> str:
    return rx.sub(r"[^A-Z]", "", s.upper())


TITLE_VOCABULARY = frozenset("chief executive financial operating operations officer president vice senior managing "
                             "director member partner treasurer controller comptroller secretary principal general "
                             "compliance administrative accounting".split())
# the vocabulary by length: a word one edit away from a title word is one letter longer or shorter at most
_TITLE_VOCABULARY_BY_LENGTH: dict[int, tuple[str, ...]] = {
    n: tuple(t for t in TITLE_VOCABULARY if len(t) == n) for n in {len(t) for t in TITLE_VOCABULARY}}
_LETTERS = regex.compile(r"[A-Za-z]+")
# a title word anywhere, even glued to debris before it (TITLE_WORDS without its first word boundary)
_TITLE_WORDS_GLUED = regex.compile(TITLE_WORDS.pattern[2:], regex.I)


@lru_cache(maxsize=4096)
def _title_word_fixed(w: str) -> str:
    """``w`` as the one title word one letter away from it, in its case; else ``w``."""
    lower = w.lower()
    if lower in TITLE_VOCABULARY or len(w) < 4:
        return w
    near = [t for n in (len(w) - 1, len(w), len(w) + 1) for t in _TITLE_VOCABULARY_BY_LENGTH.get(n, ())
            if Levenshtein.distance(t, lower, score_cutoff=1) == 1]
    if len(near) != 1:
        return w
    return near[0].upper() if w.isupper() else near[0].capitalize() if w[0].isupper() else near[0]


def _title_letters_fixed(line: str) -> str:
    """A title line with a word OCR dropped or changed a letter of ("CHIF" → "CHIEF"), when exactly one title word
    is one letter away; the caller keeps it only if the whole line then reads as a title."""
    words = _LETTERS.findall(line)
    if list(map(_title_word_fixed, words)) == words:  # (most lines: no word to fix, no rewriting)
        return line
    return _LETTERS.sub(lambda m: _title_word_fixed(m.group(0)), line)


# the words of a line that is not a signer's title, in lower case: looked for in the folded line, as the pattern
# "(?i)notary|commission|swear|affirm|subscribed" reads them (a tenth of its cost)
_NOT_A_TITLE_LINE = re.compile("notary|commission|swear|affirm|subscribed")


def _title_in(v: Value, after_caption: bool, reread: Reread | None = None) -> Value | None:
    """The title a signature line holds, if any (``_title_read``); where it holds none, the line as ``reread``
    gives it again, if it does (a scan's line read again off the page image, where its text layer cut a word)."""
    title = _title_read(v, after_caption)
    if title is None and reread is not None and (again := reread(v)) is not None:
        title = _title_read(again, after_caption)
    return title


def _title_read(v: Value, after_caption: bool) -> Value | None:
    """The title a signature line holds, if any ("` ~tiZltltllill0~ji Managing Director" → "Managing Director");
    letters spaced out by OCR ("T R E AS U R ER") are joined. On the line just above the "Title" caption the
    title may be glued to debris ("_sssiPresident")."""
    if holds_key(_NOT_A_TITLE_LINE, v.text):  # a notary's or the oath's words
        return None
    text = v.text
    if rx.fullmatch(r"(?:[A-Za-z]{1,2}\s+){2,}[A-Za-z]{1,2}", text):
        text = text.replace(" ", "")
    titled = holds_key(_TITLE_KEY, text)  # (the title searches are not run where they cannot find a word)
    tm = TITLE_WORDS.search(text) if titled else None  # found where TITLE_LINE.search finds a title line
    if tm is None:  # "CHIF FINANCIAL   OFFICER", beside the notary's stamp on the same line
        # each part fixed once: words never run across the space that joins the parts
        fixed_cells = [_title_letters_fixed(c) for c in v.cells or (text,)]
        for k in range(len(fixed_cells)):
            fixed = " ".join(fixed_cells[k:]).strip(" ,.")
            if TITLE_LINE.fullmatch(fixed):
                return Value(fixed, v.span)
    if tm is None and after_caption and titled:
        tm = _TITLE_WORDS_GLUED.search(text)  # no word boundary before the title
    if tm is None:
        return None
    rest = text[tm.start():].strip(" ,.")
    if len(rest) >= 60 or not TITLE_LINE.fullmatch(rest):
        return None
    cut = len(v.text) - len(rest) if text == v.text else 0
    return Value(rest, (v.span[0] + cut, v.span[1]) if cut > 0 else v.span)


def _titles(view: TextView, a: int, b: int, reread: Reread | None = None) -> Iterator[Value]:
    """The titles of the signature blocks between ``a`` and ``b``, in order; a block's title is the line just
    above its "Title" caption, or a title line where the blocks print no caption. Lazy: the oath reads the first
    two at most, and testing every line of a long oath for a title costs a millisecond."""
    text = view.text
    captions = list(_TITLE_CAPTION.finditer(text, a, b))
    if captions:
        start = a
        for c in captions:
            # the title typed on the caption's own line ("Title:  Chief Financial Officer"), or on the lines above it
            line_end = text.find("\n", c.end())
            same = _line_values(view, c.end(), line_end if line_end >= 0 else b)
            lines = _last_line_values(view, start, c.start(), 3)
            found = next((t for v in same[:1] + list(reversed(lines)) if (t := _title_in(v, True, reread))), None)
            if found:
                yield found
            start = c.end()
        return
    for m in _LINE.finditer(text, a, b):  # (_line_values, a line at a time)
        if (v := _line_value(view, m)) and (t := _title_in(v, False, reread)):
            yield t


def _signature_blocks(view: TextView, a: int, b: int) -> list[tuple[Value, Value]]:
    """(name, title) of signature blocks printed as a name line over a title line ("David Viniar" / "Managing
    Director"), or as "Name: …" / "Title: …" captions."""
    lines = _line_values(view, a, b)
    out = []
    for v, w in zip(lines, lines[1:]):
        name = rx.sub(r"(?i)^name\s*:?\s+", "", v.text)
        if _person(name) and rx.fullmatch(r"[A-Z][A-Za-z.'\- ]+", name):
            t = _title_in(Value(rx.sub(r"(?i)^title\s*:?\s+", "", w.text), w.span), after_caption=False)
            if t is None and len(w.cells) > 1:  # the notary's name printed beside the title
                t = _title_in(Value(w.cells[0], w.span), after_caption=False)
            if t:
                out.append((Value(name, v.span), t))
    return out


def _word_offsets(text: str, word: str, pos: int = 0, end: int | None = None, low: str | None = None) -> Iterator[int]:
    """``occurrences(text, word, pos, end)`` (``word`` in lower case), found in ``low``, the text's ``labels.lowered``
    copy, where that stands for the folded text: one search of a copy made once, not of chunks of the text folded
    anew for each word. ``lowered`` lowers ASCII letters only, and is None for a text that prints "İ", "ſ" or "K",
    but it keeps the dotless "ı", which a case-blind pattern reads as i: a word with an i is looked for in ``low``
    only in a text without one."""
    if low is None or ("i" in word and "\u0131" in text):
        return occurrences(text, word, pos, end)
    return _finds(low, word, pos, end)


def _finds(copy: str, word: str, pos: int = 0, end: int | None = None) -> Iterator[int]:
    """Every offset where ``word`` begins in ``copy[pos:end]``, overlapping ones included, in order."""
    end = len(copy) if end is None else end
    at = copy.find(word, pos, end)
    while at >= 0:
        yield at
        at = copy.find(word, at + 1, end)


def _oath_start(text: str, end: int, low: str | None = None) -> "regex.Match[str] | None":
    """``OATH_CAPTION.search(text, 0, end) or OATH_BODY.search(text, 0, end)``, tried only where they can begin
    (at "OATH" or "AFFIRMATION"; at the start of a line that says "swear" or "affirm"): both patterns, tried at
    every offset, cost 10 ms in a long filing. ``low``: see :func:`_word_offsets`."""
    m = first_match(OATH_CAPTION, text, merge(_word_offsets(text, "oath", 0, end, low),
                                              _word_offsets(text, "affirmation", 0, end, low)), end)
    if m is None:
        verbs = merge(_word_offsets(text, "swear", 0, end, low), _word_offsets(text, "affirm", 0, end, low))
        m = first_match(OATH_BODY, text, (_line_start(text, w) for w in verbs), end)
    return m


def oath(view: TextView, low: str | None = None,
         reread: Reread | None = None) -> tuple[Value | None, Value | None]:
    """The oath or affirmation: who signed it (the first-named where two sign) and the signer's title. ``low``: the
    text's ``labels.lowered`` copy, if made (where the oath's words are looked for); ``reread``: a title line read
    again off the page image, where a scan's text layer cut a word of it (``initials.restore_split_word``)."""
    text = view.text
    m = _oath_start(text, min(len(text), 40000), low)
    if not m:
        return None, None
    # read after the caption, or from the start of the oath's own first line
    start = m.start() if m.re is OATH_BODY else m.end()
    ends = [e.start() for p in OATH_ENDS if (e := p.search(text, start, min(len(text), start + 6000)))]
    end = min(ends) if ends else min(len(text), start + 3000)
    if UNDERSIGNED.search(text, start, min(len(text), start + 500)):
        blocks = _signature_blocks(view, start, end)
        return blocks[0] if blocks else (None, None)
    n = None
    window = text[start:min(len(text), start + 500)]
    if "sw" in window or "aff" in window:  # each form ends with the verb (OATH_NAME failing costs 0.7 ms without)
        for pat in OATH_FORMS + [OATH_NAME]:
            n = pat.search(text, start, min(len(text), start + 500))
            if n:
                break
    if n is None or not _person(n.group("name")):
        blank = _letter_spaced_signer(view, start)
        if blank is None:
            return None, None
        name, after = blank, blank.span[1]
        two = False
    else:
        name, after = Value(rx.sub(r"\s+", " ", n.group("name")), view.span(*n.span("name"))), n.end()
        two = "second" in n.groupdict() and n.group("second") is not None
    titles = list(islice(_titles(view, after, max(after, end), reread), 2))  # (all the blocks' titles it reads)
    if two:  # two signers: the first block's title is the first-named's, if both blocks show one
        return name, titles[0] if len(titles) >= 2 else None
    return name, titles[0] if titles else None


_SPELLED_SIGNER = regex.compile(r"\b[I1l]\s*,\s*(?P<blank>[A-Za-z_\s]{6,80}?)\s*,\s*" + _VERB)


def _letter_spaced_signer(view: TextView, at: int) -> Value | None:
    """A name typed letter by letter on the oath's blank ("I , _ R_ OB_ _ E _ R T_ S_ A_ ___ C_ K _ , swear"):
    taken as the contact person's name when it spells exactly that (the facing page prints it whole)."""
    text = view.text
    m = _SPELLED_SIGNER.search(text, at, min(len(text), at + 500))
    if not m:
        return None
    letters = _letters(m.group("blank"))
    win = facing_window(text)
    person = contact(view, win)[0] if win else None
    if person and letters and _letters(person.text) == letters:
        return Value(person.text, view.span(*m.span("blank")))
    return None


# the report's heading, alone on its line but for a scan's scraps beside it ("INDEPENDENT AUDITORS' REPORT   CaN   hep")
REPORT = regex.compile(r"(?im)^[ \t]*(?:Report\s+of\s+Independent\s+Registered\s+Public\s+Accounting\s+Firm|Independent\s+Auditors?['’]?\s+Report|Report\s+of\s+Independent\s+Auditors?)[ \t]*(?:[^\w\n]+\w{0,4}[^\w\n]*|[ \t]{3,}(?:\S{1,4}[ \t]+){0,3}\S{1,4}[ \t]*)?$")
# the date beside the last lines of a report printed in two columns ("… procedures to assess       February 25, 2021")
_OPINION = regex.compile(r"(?i)in\s+our\s+opinion")
_TWO_DIGITS = regex.compile(r"\d\d")
_DATE_CELL = regex.compile(r"[ \t]{5,}(?P<d>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+(?:19|20)\d\d)[ \t]*$")


def _report_heading(text: str, low: str | None = None) -> "regex.Match[str] | None":
    """``REPORT.search(text)``, tried only at the starts of lines that begin (after spaces or tabs) with "Report"
    or "Independent", as every heading does: the pattern tried at every offset costs 10 ms in a long filing."""
    def starts() -> Iterator[int]:
        for w in merge(_word_offsets(text, "report", low=low), _word_offsets(text, "independent", low=low)):
            start = _line_start(text, w)
            if not text[start:w].strip(" \t"):
                yield start
    return first_match(REPORT, text, starts(), len(text))


def audit_report(view: TextView, low: str | None = None) -> tuple[Value | None, Value | None]:
    """The accountant's report: its date (a date alone on a line after the opinion) and the firm. ``low``: the
    text's ``labels.lowered`` copy, if made (where the heading's words are looked for)."""
    text = view.text
    m = _report_heading(text, low)
    if m is None:
        m2 = find_label(text, "Report of Independent", 0)
        if m2 is None:
            return None, None
        m = m2
    date = None
    op = _OPINION.search(text, m.end(), min(len(text), m.end() + 8000))
    if op:
        for lm in rx.finditer(r"[^\n\f]+", text, pos=op.end(), endpos=min(len(text), op.end() + 3000)):
            if not _TWO_DIGITS.search(lm.group(0)):
                continue  # no year (every date pattern's has two digits at least): neither a date nor a date cell
            line = lm.group(0).strip()
            d = find_date(line)
            if d and len(line) - (d[2] - d[1]) <= 3 and d[1] <= 2:
                off = lm.start() + (len(lm.group(0)) - len(lm.group(0).lstrip()))
                date = Value(d[0], view.span(off + d[1], off + d[2]))
                break
            cell = _DATE_CELL.search(lm.group(0))
            if cell and (d := find_date(cell.group("d"))):
                date = Value(d[0], view.span(lm.start() + cell.start("d"), lm.start() + cell.end("d")))
                break
    firm = None
    lo, hi = max(0, m.start() - 1500), min(len(text), (op.end() if op else m.end()) + 3000)
    found = _first_firm_matches(text, lo, hi)
    if found:
        pos, f = min(found)
        fm = dict(_FIRM_RE)[f].search(text, pos)
        assert fm is not None  # it matched at pos above
        longer = _LONGER_NAME.match(text, fm.end(), min(len(text), fm.end() + 60))
        if longer:  # more name after the known words ("KPMG Peat Marwick LLP"): the name as printed
            firm = Value(" ".join(text[fm.start():longer.end()].split()), view.span(fm.start(), longer.end()))
        else:
            firm = Value(f, view.span(*fm.span()))
    return date, firm
