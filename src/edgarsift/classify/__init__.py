"""Form type and amendment number, in EDGAR's spelling.

Order of authority: the EDGAR header's ``CONFORMED SUBMISSION TYPE``; then the XML's own
``submissionType``; then the document's cover text. A form that cannot be told is ``UNKNOWN`` — a result,
not an error. The amendment number is read from the cover ("Amendment No. 3") whatever the header says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import regex

from ..read import Document
from ..text import rx
from ..text.search import TextScan

UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class FormInfo:
    """What a document is; which family extracts it is the forms registry's answer (forms.registry.family_of)."""

    form_type: str
    amendment_number: int | None


# Cover-text patterns, tried on the first part of the main document; the earliest match wins.
# (pattern, form type, title) — kept as data so a new form is one row. A "title" form counts only where the
# document names it as its own title: alone at the start of its line ("FORM 10-Q", "**FORM** 10-K", "-1- FORM
# 20-F (Mark One) …"), not where a sentence mentions it ("its Quarterly Report on Form 10-Q", "Form 10-K for the
# fiscal year ended …"). A document that only mentions forms is UNKNOWN.
_S = r"[\s_*]*"
COVER_PATTERNS: list[tuple[regex.Pattern[str], str, bool]] = [
    (regex.compile(rf"\bSCHEDULE{_S}13D{_S}/{_S}A\b|\bSC{_S}13D{_S}/{_S}A\b", regex.I), "SC 13D/A", False),
    (regex.compile(rf"\bSCHEDULE{_S}13G{_S}/{_S}A\b|\bSC{_S}13G{_S}/{_S}A\b", regex.I), "SC 13G/A", False),
    (regex.compile(rf"\bSCHEDULE{_S}13D\b|\bSC{_S}13D\b", regex.I), "SC 13D", False),
    (regex.compile(rf"\bSCHEDULE{_S}13G\b|\bSC{_S}13G\b", regex.I), "SC 13G", False),
    (regex.compile(rf"\bSCHEDULE{_S}TO\b.{{0,400}}?\bAmendment\b", regex.I | regex.S), "SC TO-T/A", False),
    # an OCR'd handwritten "/A" after the form name reads as "/A", "/}", "/]" …
    (regex.compile(r"(?:\bFORM[\s_*]*)?\bX\W?1\W?7\W?A\W?5[ \t]*/[ \t]*[A-Za-z}\]|]", regex.I), "X-17A-5/A", False),
    (regex.compile(r"\bFORM[\s_*]*X\W?1\W?7\W?A\W?5\b|\bX-?17A-?5\b", regex.I), "X-17A-5", False),
    (regex.compile(r"\bFORM[\s_*]*D\b[\s\S]{0,600}?NOTICE\s+OF\s+(?:SALE\s+OF\s+SECURITIES|EXEMPT\s+OFFERING)", regex.I), "D", False),
    (regex.compile(r"NOTICE\s+OF\s+SALE\s+OF\s+SECURITIES\s+PURSUANT\s+TO\s+REGULATION\s+D", regex.I), "D", False),
    (regex.compile(r"\bFORM[\s_*]*10-?K\b", regex.I), "10-K", True),
    (regex.compile(r"\bFORM[\s_*]*10-?Q\b", regex.I), "10-Q", True),
    (regex.compile(r"\bFORM[\s_*]*8-?K\b", regex.I), "8-K", True),
    (regex.compile(r"\bFORM[\s_*]*20-?F\b", regex.I), "20-F", True),
    (regex.compile(r"\bFORM[\s_*]*13F\b", regex.I), "13F-HR", True),
    (regex.compile(r"\bFORM[\s_*]*24F-2", regex.I), "24F-2NT", True),
    (regex.compile(r"\bFORM[\s_*]*4\b[\s\S]{0,300}?STATEMENT\s+OF\s+CHANGES\s+IN\s+BENEFICIAL\s+OWNERSHIP", regex.I), "4", False),
    (regex.compile(r"\bFORM[\s_*]*6-K\b", regex.I), "6-K", True),
    (regex.compile(r"\bFORM[\s_*]*N-CSR\b", regex.I), "N-CSR", True),
    # registration statements and prospectuses: "FORM S-3", and a prospectus (supplement) "Filed Pursuant to
    # Rule 424(b)(5)" (EDGAR's 424B5) or a free writing prospectus "Filed Pursuant to Rule 433"
    (regex.compile(r"\bFORM[\s_*]*(?P<form>[SF]-(?:1|3|4|8|11)|S-3ASR|S-8 POS|F-10)(?![\w-])", regex.I),
     "{form}", True),
    (regex.compile(r"\bFiled[\s_*]+Pursuant[\s_*]+to[\s_*]+Rule[\s_*]+424[\s_*]*\([\s_*]*(?P<b>b)[\s_*]*\)"
                   r"[\s_*]*\([\s_*]*(?P<n>[1-8])[\s_*]*\)", regex.I), "424B{n}", False),
    (regex.compile(r"\bFiled[\s_*]+Pursuant[\s_*]+to[\s_*]+Rule[\s_*]+433\b", regex.I), "FWP", False),
]
# What every match of each cover pattern (in order) opens with, in the folded text: the pattern is tried only
# where one of these starts (TextScan), not at every offset of the window, where a pattern opening with a word
# boundary is tried by the engine (10-40 ns a character, and some twenty patterns a window)
_COVER_OPENERS: list[tuple[str, ...]] = [
    ("sc",), ("sc",), ("sc",), ("sc",), ("schedule",), ("form", "x"), ("form", "x"), ("form",), ("notice",),
    *[("form",)] * 10, ("filed",), ("filed",),
]
assert len(_COVER_OPENERS) == len(COVER_PATTERNS)

# What a cover pattern's every match holds, found by a plain scan of the folded window (lower case, stdlib engine:
# a literal scan, where a case-blind `regex` search costs some 25 ns a character): a window without it is not
# scanned by the pattern
_COVER_REQUIRES: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("SC 13D/A", "SC 13D"), re.compile("13d")),
    **dict.fromkeys(("SC 13G/A", "SC 13G"), re.compile("13g")),
    **dict.fromkeys(("X-17A-5/A", "X-17A-5"), re.compile(r"x\W?1\W?7\W?a\W?5")),
    "10-K": re.compile("10-?k"),
    "8-K": re.compile("8-?k"),
    "6-K": re.compile("6-k"),
    "24F-2NT": re.compile("24f-2"),
}
# what may stand before a title on its line (markup, a page number such as "-1-"), and how a title line may go on
# (nothing, "/A", a parenthesis, or more upper-case words: never a sentence in lower case)
_TITLE_BEFORE = regex.compile(r"[\s*#_|>\-\d.]*")
_TITLE_AFTER = regex.compile(r"[\s*_|]*(?:$|\n|/\s*A\b|\(|[-\u2013\u2014:|]|[A-Z]{2,}\b)")


def _is_title(text: str, m: "regex.Match[str]") -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    return bool(_TITLE_BEFORE.fullmatch(text, line_start, m.start()) and _TITLE_AFTER.match(text, m.end()))


def _cover_form(window: str) -> str | None:
    """The form the cover names as its own: the earliest cover pattern match (titles only where required)."""
    best: tuple[int, str] | None = None
    scan = TextScan(window)
    for (pat, ftype, title), openers in zip(COVER_PATTERNS, _COVER_OPENERS):
        if (required := _COVER_REQUIRES.get(ftype)) is not None and required.search(scan.low) is None:
            continue
        for m in scan.finditer(pat, openers, 0, len(window)):  # pat.finditer(window)
            if best is not None and m.start() >= best[0]:
                break
            if title and not _is_title(window, m):
                continue
            best = (m.start(), ftype.format(**{k: v.upper() for k, v in m.groupdict().items() if v}))
            break
    return best[1] if best else None


# An EDGAR header rendered as markdown ("**CONFORMED SUBMISSION TYPE**: 424B5") is still the header
MARKDOWN_HEADER_TYPE = regex.compile(r"^[ \t>*_-]*CONFORMED[ \t]+SUBMISSION[ \t]+TYPE[ \t*_]*:[ \t*_]*([^\s*_]+)",
                                     regex.M)
HEADER_WINDOW = 3000
COVER_WINDOW = 6000

# When the cover names no form (OCR lost it, or only the audited statement was filed), the content still
# tells: (form type, signals that must all appear in the opening window, signals of which one must appear
# anywhere in the first CONTENT_WINDOW characters). Tried only after COVER_PATTERNS found nothing.
CONTENT_SIGNALS: list[tuple[str, list[regex.Pattern[str]], list[regex.Pattern[str]]]] = [
    ("X-17A-5",
     [regex.compile(r"statements?\s+of\s+financial\s+condition", regex.I)],
     [regex.compile(p, regex.I) for p in (r"rule\s*17a-?\s?5", r"15c3-?\s?[13]", r"\bnet\s+capital\b",
                                          r"broker[\s-]+dealer", r"brokers,?\s+dealers")]),
    ("X-17A-5",
     [regex.compile(r"FACING\s+PAGE", regex.I)],
     [regex.compile(p, regex.I) for p in (r"Brokers\s+and\s+Dealers", r"rule\s*17a-?\s?5")]),
    ("D",
     [regex.compile(r"BASIC\s*IDEN\s*TIFICA", regex.I)],
     [regex.compile(p, regex.I) for p in (r"\bULOE\b", r"Uniform\s+Limited\s+Offering", r"Regulation\s+D\b")]),
]
CONTENT_WINDOW = 300_000
# A Form D says it is an amendment with a checked box: "[ ] New Filing [X] Amendment" on paper, an "X" cell
# before "Amendment" under "7. Type of Filing" on EDGAR's rendering of the XML
FORM_D_AMENDMENT = regex.compile(r"Type\s+of\s+Filing\s*:?\s*\[ \]\s*New\s+Filing\s*\[X\]\s*Amendment"
                                 r"|Type\s+of\s+Filing\b[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*X[ \t\n]+Amendment\b", regex.I)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10}
AMENDMENT = regex.compile(
    # a typewritten form fills its blank on the line below: "(Amendment No. ___)*" / "24"
    # (the blank's underscores may already be cleaned away: "(Amendment No. )*")
    r"\bAmendment[ \t]*(?:No\.?|Number|#)[ \t]*_*[ \t]*\)\*?[ \t]*\n[ \t]*(?P<below>\d{1,3})[ \t]*(?=\n)|"
    r"\bAmendment[\s_*]*(?:No\.?|Number|#)?[\s_*:.]*(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\b(?![.,]\d)"
    r"|\b(?P<w>" + "|".join(k for k in _NUMBER_WORDS if k.endswith(("st", "nd", "rd", "th"))) + r")\s+Amendment\b",
    regex.I,
)
AMENDMENT_WINDOW = 8000
# Where the cover's "Amendment No. N" numbers the filing itself: 13D/13G covers, and "/A" forms generally.
# Form D and X-17A-5 amendments are not numbered there, and their texts mention unrelated "Amendment No."
# (agreements), so theirs stay null.
AMENDMENT_ON_COVER = regex.compile(r"^(?:SC 13[DG]|SCHEDULE 13[DG])|/A$", regex.I)
AMENDMENT_NOT_ON_COVER = regex.compile(r"^(?:D/A$|X-17A-5)", regex.I)
# XML structured forms: element that names the form, then element that numbers the amendment
XML_TYPE_PATHS = ("headerData/submissionType", "submissionType", "documentType")
XML_AMENDMENT_PATHS = ("amendmentNo", "amendmentNumber", "coverPageHeader/amendmentNo")


_HEAD = max(HEADER_WINDOW, COVER_WINDOW, AMENDMENT_WINDOW)  # the most of the text's start classify reads


# Every match of AMENDMENT holds the word "Amendment": at its start, or after an ordinal and white space
_AMENDMENT_WORD = regex.compile("Amendment", regex.I)
_ORDINAL_LONGEST = max(len(k) for k in _NUMBER_WORDS if k.endswith(("st", "nd", "rd", "th")))
_NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"  # white space to str.isspace, not to regex's \s


def _amendment_matches(text: str, end: int) -> "Iterator[regex.Match[str]]":
    """The matches of AMENDMENT in ``text[:end]``, as its finditer gives them, tried only where one can start: at each
    "Amendment", and where an ordinal ending at the white space before it would start (regex would try every
    offset of the window, three alternatives each)."""
    pos = 0
    while (word := _AMENDMENT_WORD.search(text, pos, end)) is not None:
        at = word.start()
        space = at  # where the white space before the word begins: an ordinal ends there
        while space > pos and text[space - 1].isspace() and text[space - 1] not in _NOT_REGEX_SPACE:
            space -= 1
        m = None
        if space < at:
            for start in range(max(pos, space - _ORDINAL_LONGEST), space):
                if (m := AMENDMENT.match(text, start, end)) is not None:
                    break
        if m is None and (m := AMENDMENT.match(text, at, end)) is None:
            pos = at + 1
            continue
        yield m
        pos = m.end()


def _amendment_from_text(text: str) -> int | None:
    for m in _amendment_matches(text, min(len(text), AMENDMENT_WINDOW)):
        tok = (m.group("below") or m.group("n") or m.group("w") or "").lower()
        n = int(tok) if tok.isdigit() else _NUMBER_WORDS.get(tok)
        if n:
            return n
    return None


def _normalize_type(t: str) -> str:
    t = rx.sub(r"\s+", " ", t.strip().upper())
    return t


def _from_content(text: str) -> str:
    head = text[:COVER_WINDOW]
    body = text[:CONTENT_WINDOW]
    for form_type, required, any_of in CONTENT_SIGNALS:
        if all(p.search(head) for p in required) and any(p.search(body) for p in any_of):
            return form_type
    return UNKNOWN


def declared_form_type(doc: Document) -> str | None:
    """The form type the EDGAR header declares, spelled as classify spells it; None without one."""
    if doc.header and doc.header.submission_type:
        return _normalize_type(doc.header.submission_type)
    return None


def classify(doc: Document) -> FormInfo:
    """Tell the form type and amendment number of a read document."""
    form_type: str | None = None
    amendment: int | None = None
    xml = None
    if doc.main.kind == "xml":
        xml = doc.xml()
        amend_text = xml.text(*XML_AMENDMENT_PATHS)
        if amend_text and amend_text.strip().isdigit():
            amendment = int(amend_text.strip()) or None
    form_type = declared_form_type(doc)
    if form_type is None and xml is not None:
        t = xml.text(*XML_TYPE_PATHS)
        if t:
            form_type = _normalize_type(t)
    # The text is read from its start only (Document.head): the windows below are all it takes, and a filing no
    # extractor reads (a 10-K, a 10-Q) is then never rendered whole
    if form_type is None:
        text = doc.head(_HEAD)
        header = MARKDOWN_HEADER_TYPE.search(text, 0, HEADER_WINDOW)
        if header:
            form_type = _normalize_type(header.group(1))
    if form_type is None:
        text = doc.head(_HEAD)
        form_type = _cover_form(text[:COVER_WINDOW]) or _from_content(doc.text)  # (a window as long as most texts)
        if form_type in ("SC 13D", "SC 13G") and _amendment_from_text(text):
            form_type += "/A"
        if form_type == "D" and FORM_D_AMENDMENT.search(text, 0, COVER_WINDOW):
            form_type = "D/A"
    if (amendment is None and xml is None and AMENDMENT_ON_COVER.search(form_type)
            and not AMENDMENT_NOT_ON_COVER.match(form_type)):
        amendment = _amendment_from_text(doc.head(_HEAD))
    return FormInfo(form_type, amendment)
