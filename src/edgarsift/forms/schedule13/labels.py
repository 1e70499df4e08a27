"""Schedule 13D/13G label knowledge as data: cover rows, cover-header captions, code lists, noise.

The cover page is the same form in every layout (tab tables, markdown, HTML rows, bullet lists, free text):
fourteen numbered rows on a 13D, twelve on a 13G. A row is found by its printed caption; its value is the
text between its caption and the next caption. Each row lists caption variants (plain words, matched by
their words, OCR-tolerantly, ignoring punctuation and leaders: ``caption_re``) and the row numbers it carries
on a 13D and on a 13G, so the printed number in front of the next caption is not read as part of this row's
value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from ...text import rx
from ...text.search import split_word

_WORD = regex.compile(r"[A-Za-z0-9']+")
# between a caption's words: white space, dashes, punctuation and dot leaders ("Name, Address, and Telephone",
# "Title of Class and Securities", "Percent of Class . . . ."): captions are matched by their words
_CAPTION_GAP = r"[\s\-_*.,;:]*"


@lru_cache(maxsize=1024)
def caption_re(caption: str, errors: int = 0) -> "regex.Pattern[str]":
    """A caption's words in order, case-insensitive, OCR-tolerant (a space may split a word), ignoring the
    punctuation and leaders between them; ``errors`` character edits allowed (for OCR damage)."""
    parts = [r"[ \t]?".join(regex.escape(ch) for ch in word) for word in _WORD.findall(caption)]
    body = _CAPTION_GAP.join(parts)
    if errors:
        return regex.compile(f"(?:{body}){{e<={errors}}}", regex.I | regex.BESTMATCH)
    return regex.compile(body, regex.I)


@dataclass(frozen=True)
class Row:
    field: str  # ReportingPerson field, or a row we only use as a boundary ("group", "sec_use", …)
    captions: tuple[str, ...]  # plain-word caption variants
    numbers: tuple[int, ...]  # row number on a 13D, then on a 13G
    tail: str = ""  # regex for caption text that may follow the words (instructions, "(11)")
    rest: str = ""  # regex the caption must continue with (for captions printed in several wordings)


_SEE = r"(?:[\s:*]*\(\s*see\s+instructions?\s*\))?"
_ROW_REF = r"[ \t:]*\(?[ \t]*\d{1,2}[ \t]*\)?"
# "Sole Power to Vote or to Direct the Vote", "… or to Direct the Disposition of"
_DIRECT = r"(?:[\s,]+or\s+(?:to\s+)?direct\s+the\s+(?:vote|voting|disposition)(?:\s+of)?)?"

# Captions are keyword sequences, longest first; a caption whose last words wrap below its value ("SHARED
# DISPOSITIVE   -0-" / "POWER:") is found by its leading keywords, and the wrapped words are layout noise.
COVER_ROWS: tuple[Row, ...] = (
    # A 2000s template (Dimensional Fund Advisors' 13Gs) words its rows "Item 1: REPORTING PERSONS",
    # "Item 4: CITIZENSHIP", "Item 11: PERCENT OF CLASS REPRESENTED BY LINE 9": those short captions are
    # only taken with their "Item N:" in front, which no other text puts there.
    Row("name", ("Names of Reporting Persons", "Name of Reporting Person", "Names of Reporting Person",
                 "Name of Reporting Persons", "Item 1: Reporting Persons"), (1,),
        # "Name of Reporting Person and I.R.S. Identification No.:", "…; S.S. or I.R.S. Identification No. of …"
        # (possessive blanks: neither the separator nor "S.S."/"I.R.S." opens with one, and the two runs traded
        # blanks back and forth, 25 µs, after "Name of Reporting Person" and a row of spaces before the name)
        r"\.?(?:[ \t]*+(?:and|/|;|,)?[ \t]*+(?:S\.?\s*S\.?\s+or\s+)?I\.?\s*R\.?\s*S\.?\s+Identification\s+"
        r"(?:Nos?\.?|Numbers?)(?:\s+of\s+(?:the\s+)?above\s+persons?)?(?:\s*\(\s*entities\s+only\s*\))?)?"),
    Row("group", ("Check the Appropriate Box if a Member of a Group",), (2,), r"\*?" + _SEE),
    Row("sec_use", ("SEC Use Only",), (3,)),
    Row("source_of_funds", ("Source of Funds",), (4,), r"\*?" + _SEE),
    Row("legal", ("Check Box if Disclosure of Legal Proceedings", "Check if Disclosure of Legal Proceedings"),
        (5,), r"[\s\S]{0,40}?Items?\s+2\s*\(\s*d\s*\)\s+or\s+2\s*\(\s*e\s*\)"),
    Row("citizenship_or_place", ("Citizenship or Place of Organization", "Citizenship or Place of Organisation",
                                 "Citizenship or Place of", "Item 4: Citizenship"), (6, 4)),
    # sole/shared x voting/dispositive/disposition; 1990s templates word rows 5-8 of a 13G "SOLE POWER TO VOTE",
    # "SHARED POWER TO DISPOSE"
    Row("sole_voting_power", ("Sole Voting Power", "Sole Power to Vote", "Sole Voting"), (7, 5), _DIRECT),
    Row("shared_voting_power", ("Shared Voting Power", "Shared Power to Vote", "Shared Voting"), (8, 6), _DIRECT),
    Row("sole_dispositive_power", ("Sole Dispositive Power", "Sole Disposition Power", "Sole Power to Dispose",
                                   "Sole Dispositive", "Sole Disposition"), (9, 7), _DIRECT),
    Row("shared_dispositive_power", ("Shared Dispositive Power", "Shared Disposition Power",
                                     "Shared Power to Dispose", "Shared Dispositive", "Shared Disposition"),
        (10, 8), _DIRECT),
    # "Aggregate Amount Beneficially Owned by Each Reporting Person" and its variants ("… by Reporting Person",
    # "… by Each Reporting Party", "… Beneficially" with the rest wrapped below the value); a caption cut to
    # "(9) Aggregate" alone on its line still opens the row (only right after its number)
    Row("aggregate_amount", ("Aggregate Amount", "Aggregate"), (11, 9), "",
        r"(?:(?:\s+of)?(?:\s+securities)?\s+beneficially(?:\s+owned"
        r"(?:\s+by\s+(?:(?:each|the)\s+)?(?:reporting\s+)?(?:persons?|party|parties|entit(?:y|ies)))?)?|"
        r"(?<=\n[ \t]*[(\[]?(?:11|9)[.)\]]?[ \t]*Aggregate)(?=[ \t]*\n))"),
    Row("excludes", ("Check Box if the Aggregate Amount in Row", "Check if the Aggregate Amount in Row",
                     "Check Box if Aggregate Amount in Row", "Check if Aggregate Amount in Row"),
        (12, 10), _ROW_REF + r"\s*Excludes\s+Certain\s+Shares\*?" + _SEE),
    Row("percent_of_class", ("Percent of Class Represented by Amount in Row",
                             "Percent of Class Representing by Amount in Row",
                             "Percent of Class Represented by Line", "Percent of Class"), (13, 11), _ROW_REF),
    Row("type_of_reporting_person", ("Type of Reporting Person",), (14, 12), r"\*?" + _SEE),
)
ROW_ORDER = {r.field: i for i, r in enumerate(COVER_ROWS)}
AMOUNT_ROWS = ("sole_voting_power", "shared_voting_power", "sole_dispositive_power", "shared_dispositive_power",
               "aggregate_amount")


_SIDE_WORD = r"(?:number\s+of|shares|beneficially|owned\s+by|each|reporting|person|with)"


def row_pattern(row: Row, errors: int = 0) -> tuple["regex.Pattern[str]", "regex.Pattern[str]"]:
    """``(caption, number before)`` patterns of ``row``.

    The caption pattern (with its tail, and the row number printed on its own line below, as 1990s covers
    do) is what is searched; the printed row number in front of it is matched separately, anchored at the
    caption's start, because a pattern that may start with an optional part cannot be scanned for quickly.
    """
    nums = "|".join(str(n) for n in sorted(row.numbers, reverse=True))
    before = regex.compile(rf"(?<![\d,.$])(?:\bItem[ \t]+)?[(\[]?(?:{nums})\s*[.):\]]?[ \t|]*(?:\n[ \t|]*)?$", regex.I)
    # (possessive runs of blanks: what follows them is never a blank, so giving one back never matches, and
    # backtracking a long run of spaces before a value, one side-caption word tried at each, cost 8 µs a row)
    number_below = rf"(?:[ \t]*+\n[ \t]*+(?:{_SIDE_WORD}[ \t]+)?[(\[]?(?:{nums})[.)\]]?[ \t]*(?=\n))?"
    captions = "|".join(caption_re(c).pattern for c in row.captions)
    if errors:
        captions = f"(?:{captions}){{e<={errors}}}"
    flags = regex.I | (regex.BESTMATCH if errors else 0)
    caption = regex.compile(rf"(?:{captions}){row.rest}(?:{row.tail})?[ \t]*:?{number_below}", flags)
    return caption, before


ROW_PATTERNS = [(row, *row_pattern(row)) for row in COVER_ROWS]


# each row's caption pattern for the stdlib engine, when it has one
ROW_CAPTIONS_STDLIB = {row.field: rx.stdlib_twin(caption) for row, caption, _ in ROW_PATTERNS}


def caption_openers(captions: tuple[str, ...]) -> tuple[str, ...]:
    """The words (lower case) that a match of these captions' patterns opens with: each caption's first word,
    less any word another one is a prefix of (its starts are found with the shorter word's)."""
    words = sorted({_WORD.findall(c)[0].lower() for c in captions})
    return tuple(w for w in words if not any(w != v and w.startswith(v) for v in words))


@lru_cache(maxsize=1024)
def opener_patterns(captions: tuple[str, ...]) -> tuple["re.Pattern[str]", ...]:
    """What every match of these captions' patterns opens with, to look for in a lower-cased text (``scan.py``)."""
    return tuple(split_word(w) for w in caption_openers(captions))


ROW_OPENERS = {row.field: opener_patterns(row.captions) for row in COVER_ROWS}
# OCR damage ("Sole Votlng Power"): rows a page lacks are looked for again allowing one edit, in that page only
FUZZY_ROW_PATTERNS = {row.field: row_pattern(row, errors=1)[0] for row in COVER_ROWS}


def caption_halves(caption: str) -> tuple[str, str]:
    """A caption cut in two at its middle word (a one-word caption at its middle letter), as two exact patterns.
    One edit falls in one half or between them, so a one-edit match of the caption holds the other half intact."""
    words = _WORD.findall(caption)
    if len(words) > 1:
        k = len(words) // 2
        return caption_re(" ".join(words[:k])).pattern, caption_re(" ".join(words[k:])).pattern
    k = len(words[0]) // 2
    return caption_re(words[0][:k]).pattern, caption_re(words[0][k:]).pattern


# Where a one-edit caption can be: near an exact half of one of the row's captions. The fuzzy patterns are slow
# (microseconds a character), so they run only there; the anchors are plain patterns, scanned at stdlib speed.
FUZZY_ROW_ANCHORS = {row.field: rx.compile("|".join(half for c in row.captions for half in caption_halves(c)),
                                           regex.I) for row in COVER_ROWS}
VALUE_ROWS: dict[str, tuple[str, ...]] = {"13D": (
    "name", "source_of_funds", "citizenship_or_place", *AMOUNT_ROWS, "percent_of_class", "type_of_reporting_person")}
VALUE_ROWS["13G"] = tuple(f for f in VALUE_ROWS["13D"] if f != "source_of_funds")

# Cover-header captions: the value is printed just above a parenthesised caption, or after a "Caption:".
HEADER_CAPTIONS: dict[str, tuple[str, ...]] = {
    "issuer_name": ("Name of Issuer", "Name of the Issuer"),
    "security_title": ("Title of Class of Securities", "Title and Class of Securities", "Title of Class of Security",
                       "Title of Class and Securities"),
    "issuer_cusip": ("CUSIP Number", "CUSIP Number of Class of Securities"),
    "notice": ("Name, Address and Telephone Number of Person Authorized",
               "Name, Address and Telephone Number of Persons Authorized"),
    "event_date": ("Date of Event Which Requires Filing of this Statement",
                   "Date of Event Which Requires Filing of the Statement",
                   "Date of Event which Requires Filing"),
}

# Notices block: a job title after a name (", General Counsel"; ", Esq." and ", Jr." stay with the name), words
# that make a line a company's name, and the shape of a person's name (for "Attn: NAME" under a company)
_TITLE_WORDS = (r"(?i:Executive|Senior|Vice|General|Chief|Assistant|Associate|Deputy|Corporate|Secretary|President|"
                r"Counsel|Treasurer|Managing|Director|Partner|Chairman|Principal|Controller|Officer|Manager|"
                r"Attorney|Member|Trustee|CEO|CFO|COO|Legal|Compliance)")
TITLE_AFTER_NAME = regex.compile(rf"\s*,\s*(?=(?:{_TITLE_WORDS})\b)")
ENTITY_WORD = regex.compile(r"(?i)\b(?:Co|Company|Corp|Corporation|Inc|Incorporated|LLC|L\.L\.C|L\.?P|LLP|Ltd|"
                            r"Limited|Partners|Partnership|Bank|Bancorp|Trust|Fund|Capital|Management|Holdings|"
                            r"Group|Associates|Advisors|Advisers|N\.A)\b\.?")
PERSON_NAME = regex.compile(rf"(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?(?!(?:{_TITLE_WORDS})\b)[A-Z][A-Za-z'\-]*\.?"
                            rf"(?:\s+(?!(?:{_TITLE_WORDS})\b)[A-Z][A-Za-z'\-]*\.?){{1,4}}"
                            r"(?:,?\s+(?:Esq|Jr|Sr|II|III|IV)\.?)*")

# EDGAR's cover-page code lists (13D row 4; 13D row 14 / 13G row 12)
SOURCE_CODES = frozenset({"SC", "BK", "AF", "WC", "PF", "OO"})
TYPE_CODES = frozenset({"BD", "BK", "IC", "IV", "IA", "EP", "HC", "SA", "CP", "CO", "PN", "IN", "OO", "FI", "CH"})

# The side caption of rows 7-10 ("Number of Shares Beneficially Owned by Each Reporting Person With"),
# which table layouts interleave with the power rows' values.
SIDEBAR_PHRASE = regex.compile(
    r"number\s+of\s+shares\s+beneficially\s+owned\s+by\s+(?:each|the)\s+reporting\s+persons?(?:\s+with)?:?", regex.I)
SIDEBAR_WORDS = regex.compile(
    r"\b(?:number\s+of|shares|beneficially|owned(?:\s+by)?|each|reporting|persons?|with)\b:?", regex.I)
# the last words of a caption wrapped below the value printed on its first line ("CITIZENSHIP OR PLACE OF
# United States of America" / "ORGANIZATION:", "SHARED DISPOSITIVE   -0-" / "POWER:")
CAPTION_REST = regex.compile(r"\b(?:power|organi[sz]ation|place\s+of|excludes\s+certain)\b:?", regex.I)
IRS_PHRASE = regex.compile(
    r"(?:S\.?\s*S\.?\s+or\s+)?I\.?\s*R\.?\s*S\.?\s+Identification\s+(?:Nos?\.?|Numbers?)\s+of\s+(?:the\s+)?Above\s+"
    r"Persons?(?:\s*\(\s*(?:entities\s+only|optional)\s*\))?\s*:?(?:[ \t]*\d{2,3}-?\d{2}-?\d{4,7}\b)?", regex.I)
# Lines that are layout, not value: rules, running heads, page numbers, instructions, check boxes.
NOISE_LINE = regex.compile(
    r"^(?:[\s\-_=*.|]*|\s*CUSIP\s+No\.?.*|\s*Page\s+\d+\s+of\s+\d+.*|\s*SCHEDULE\s+13[DG].*|"
    r".*SEE\s+INSTRUCTIONS.*|\s*\(\s*(?:entities\s+only|optional)\s*\)\s*|"
    r"\s*(?:\(?[ab]\)?\s*)?\[[ X]\]\s*(?:\(?[ab]\)?\s*\[[ X]\]\s*)?|\s*o\s*|\s*Edgar\s+Filing:.*)$",
    regex.I)
