"""Schedule 13D/13G extraction: the XML forms by element, every other layout from the cleaned text view.

Text path, top to bottom:
  1. item headings (they also close the last cover page),
  2. cover pages: one reporting person per page, rows read caption to caption (``cover.py``); the page's own
     arithmetic confirms doubtful counts and sets aside what it contradicts (``arithmetic.py``),
  3. cover header above the first page: issuer, title of class, CUSIP, event date, notice contact (13D),
  4. body: the class total and its date, the signature date, item texts (``body.py``),
  5. each page's footnote facts the checks use (issuable shares in the basis, listed components).
"""
from __future__ import annotations

import re
from typing import Any

import regex

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from ...text.search import TextScan, fold
from ...text.values import cusip_is_valid
from ...text.view import TextView
from . import body
from .arithmetic import settle
from .checks import percent_tolerance
from .cover import Found, Page, PageRows, find_pages, numbered_pages, read_page
from .header import HEADER_WINDOW, read_cusip, read_header, wrapped_value_after_caption
from .labels import ROW_CAPTIONS_STDLIB, ROW_PATTERNS
from .model import ReportingPerson, Schedule13Data
from .xmlform import extract_xml, is_schedule13_xml

PERSON_FIELDS = ("name", "source_of_funds", "citizenship_or_place", "sole_voting_power", "shared_voting_power",
                 "sole_dispositive_power", "shared_dispositive_power", "aggregate_amount", "percent_of_class",
                 "type_of_reporting_person")
CUSIP_LINE = regex.compile(r"CUSIP\s*(?:No\.?|Number|#)\s*[:.]?\s*([0-9A-Z]{6}(?:[ \-]?[0-9A-Z]){2,3})\b", regex.I)
FOOTNOTE_MARK = regex.compile(r"^[\d,]+\s*(\(\d{1,2}\)|\*+)")


def form_of(info: FormInfo) -> str:
    return "13G" if "13G" in info.form_type.upper() else "13D"


def extract(doc: Document, info: FormInfo) -> tuple[Schedule13Data, Provenance]:
    form = form_of(info)
    if doc.main.kind == "xml" and is_schedule13_xml(doc.xml()):  # the index classify built (cached)
        return extract_xml(doc, form)
    return extract_text(doc.view(), form)


def _is_cover_row(text: str, head: tuple[str, int, int], stdlib: bool = False) -> bool:
    """A cover row worded as an item ("Item  5:  SOLE VOTING POWER"): its number is that row's number and a
    row caption follows (or, for "Item 1: REPORTING PERSONS", starts with it). Body items stay items: "Item 3.
    Source of Funds" is not row 4. (``stdlib``: the captions' stdlib twins read ``text`` alike.)"""
    n, line_start, after = int(head[0]), head[1], head[2]
    at = [line_start + len(text[line_start:after]) - len(text[line_start:after].lstrip(" \t")),
          after + len(text[after:after + 40]) - len(text[after:after + 40].lstrip(" \t"))]
    first = _CAPTION_FIRST_LETTERS.get(n, "")
    captions = (_CAPTIONS_NUMBERED_STDLIB if stdlib else _CAPTIONS_NUMBERED)[n]
    return any(caption.match(text, i) for i in at if fold(text[i:i + 1]) in first for caption in captions)


# the caption patterns of the rows printed with each number (on a 13D or a 13G), and the letters they open with
# (lower case: a heading whose text opens otherwise is no row, untried; most "Item N." headings are items)
_CAPTIONS_NUMBERED: dict[int, list["regex.Pattern[str]"]] = {}
_CAPTIONS_NUMBERED_STDLIB: dict[int, list["regex.Pattern[str] | re.Pattern[str]"]] = {}  # (their stdlib twins)
_CAPTION_FIRST_LETTERS: dict[int, str] = {}
for _row, _caption, _ in ROW_PATTERNS:
    for _n in _row.numbers:
        _CAPTIONS_NUMBERED.setdefault(_n, []).append(_caption)
        _CAPTIONS_NUMBERED_STDLIB.setdefault(_n, []).append(ROW_CAPTIONS_STDLIB[_row.field] or _caption)
        _CAPTION_FIRST_LETTERS[_n] = "".join(sorted(set(_CAPTION_FIRST_LETTERS.get(_n, "")) | {
            c[0].lower() for c in _row.captions}))


def extract_text(view: TextView, form: str) -> tuple[Schedule13Data, Provenance]:
    text = view.text
    scan = TextScan(text)  # the lower-cased copy and opener finds every search below shares
    data = Schedule13Data()
    prov = Provenance()

    def put(obj: object, path: str, found: Found[Any] | None) -> None:
        """Set ``obj.<last part of path>`` from a value read off the view, with its source span."""
        if found is not None and found.value is not None:
            setattr(obj, path.rsplit(".", 1)[-1], found.value)
            prov.add(f"data.{path}", view.span(found.a, found.b))

    # 1. item headings, 2. cover pages (they end where the items begin)
    heads = [h for h in body.item_headings(text, 0, len(text), form, scan)
             if not _is_cover_row(text, h, scan.engines_read_alike)]
    pages = find_pages(text, 0, len(text), [a for _, a, _ in heads], form, scan)
    if not pages:  # a cover that prints row numbers without captions; its "Item N:" rows are not items
        pages = numbered_pages(text, 0, len(text), form)
        heads = [h for h in heads if not any(p.start <= h[1] < p.end for p in pages)]
    first_page = pages[0].start if pages else 0
    heads = [h for h in heads if h[1] >= first_page]
    page_values = [read_page(text, page) for page in pages]
    # 4a. the class total the percentages use (found first: the pages' searches below read off its scans); it
    # cannot be below a holding it is the basis of
    found = body.shares_outstanding(text, first_page, len(text), scan)
    issuable = [body.issuable_in(text, page.start, page.end, scan) for page in pages]
    if found and not _possible_class_total(found[0].value, [
            (v.counts.get("aggregate_amount"), iss, v.percent_of_class) for v, iss in zip(page_values, issuable)]):
        found = None
    # the cover's arithmetic confirms glued-mark counts and sets aside the rows it contradicts
    aside = settle(page_values, found[0].value if found else None, [iss.value if iss else None for iss in issuable])
    if len(page_values) == 1:
        for fld in _restated_in_item4(text, heads, page_values[0]):
            aside[0].pop(fld, None)
    comma_percents: dict[int, Found[float]] = {}
    for i, (page, rows) in enumerate(zip(pages, page_values)):
        person = ReportingPerson()
        data.reporting_persons.append(person)
        if rows.decimal_comma_percent is not None:
            comma_percents[i] = rows.decimal_comma_percent
        read = rows.fields()
        for fld in PERSON_FIELDS:  # (in this order: the provenance keeps it)
            if fld in read:
                put(person, f"reporting_persons[{i}].{fld}", read[fld])
        person.set_aside = aside[i]
        # 5. footnote facts for the checks
        put(person, f"reporting_persons[{i}].issuable_shares", issuable[i])
        put(person, f"reporting_persons[{i}].aggregate_components", _components(text, page, rows))
    # 3. cover header (above the first cover page), with the fallbacks a cover without a header needs
    header = read_header(text, 0, first_page if pages else min(len(text), HEADER_WINDOW), form == "13D", scan)
    for fld in ("issuer_name", "security_title", "issuer_cusip", "event_date", "notice_contact_name"):
        put(data, fld, header.get(fld))
    if data.issuer_cusip is None:
        put(data, "issuer_cusip", _cusip_from_pages(text, pages))
    items_start = heads[0][1] if heads else len(text)
    for fld in ("issuer_name", "security_title"):  # Items 1(a) and 2(d) name them too
        if getattr(data, fld) is None:
            put(data, fld, wrapped_value_after_caption(text, fld, items_start, len(text), scan))
    # 4. body
    if found:
        put(data, "shares_outstanding", found[0])
        put(data, "shares_outstanding_date", found[1])
    for i, comma in comma_percents.items():
        person = data.reporting_persons[i]
        if _basis_confirms(data.shares_outstanding, person, comma.value):
            put(person, f"reporting_persons[{i}].percent_of_class", comma)
    put(data, "signature_date", body.signature_date(text, first_page, len(text), scan))
    data.items, data.item_texts = body.items_and_texts(text, heads, len(text))
    for i, n in enumerate(data.items):  # an item number's span is its first heading
        _, a, b = next(h for h in heads if h[0] == n)
        prov.add(f"data.items[{i}]", view.span(a, b))
    return data, prov


def _restated_in_item4(text: str, heads: list[tuple[str, int, int]], rows: PageRows) -> list[str]:
    """A lone reporting person's aggregate or percent the cover leaves unread (a prose row: "… 133,300,528 shares
    of Class A … and 15,480 shares of Class B …") from Item 4's restatement, the aggregate only where the cover's
    own power rows add up to it."""
    counts = rows.counts
    if "aggregate_amount" in counts and rows.percent_of_class is not None:
        return []
    item4 = [(a, heads[i + 1][1] if i + 1 < len(heads) else len(text)) for i, (n, a, _) in enumerate(heads) if n == "4"]
    if not item4:
        return []
    filled = []
    amount, percent = body.item4_restated(text, *item4[0])
    if amount is not None and "aggregate_amount" not in counts and any(
            sole in counts and shared in counts and counts[sole].value + counts[shared].value == amount.value
            for sole, shared in (("sole_voting_power", "shared_voting_power"),
                                 ("sole_dispositive_power", "shared_dispositive_power"))):
        counts["aggregate_amount"] = amount
        filled.append("aggregate_amount")
    if percent is not None and rows.percent_of_class is None and "aggregate_amount" in counts:
        rows.percent_of_class = percent
        filled.append("percent_of_class")
    return filled


def _basis_confirms(total: int | None, person: ReportingPerson, percent: float) -> bool:
    """A decimal-comma percent is taken only when aggregate / (class total + issuable) gives the same number."""
    if not total or not person.aggregate_amount:
        return False
    computed = 100.0 * person.aggregate_amount / (total + (person.issuable_shares or 0))
    return abs(computed - percent) <= percent_tolerance(percent)


Holding = tuple["Found[int] | None", "Found[int] | None", "Found[float] | None"]  # aggregate, issuable, percent


def _possible_class_total(total: int, holdings: list[Holding]) -> bool:
    """A number read as the class total cannot be smaller than a holding it is the basis of (with the shares the
    text says are issuable to its holder) — unless the holding's printed percent allows it: a holder's percent is
    its aggregate over the total plus its own issuable shares, which are at most the whole aggregate, so the
    percent is at least aggregate / (total + aggregate)."""
    for agg, iss, pct in holdings:
        if not agg or not agg.value or total + (iss.value if iss else 0) >= agg.value:
            continue
        least = 100.0 * agg.value / (total + agg.value)
        if pct is None or pct.value < least - percent_tolerance(pct.value):
            return False
    return True


def _cusip_from_pages(text: str, pages: list[Page]) -> Found[str] | None:
    """The "CUSIP No." running head of the cover pages, when the header line gives none."""
    a = max(0, pages[0].start - 600) if pages else 0
    b = pages[-1].end if pages else min(len(text), HEADER_WINDOW)
    for m in CUSIP_LINE.finditer(text, a, b):
        c = read_cusip(m.group(1))
        if c and len(c) == 9 and cusip_is_valid(c):
            return Found(c, m.start(1), m.end(1))
    return None


def _components(text: str, page: Page, rows: PageRows) -> Found[list[int]] | None:
    """The components listed by the footnote that the aggregate row points to ("2,870,756 (1)")."""
    agg = rows.counts.get("aggregate_amount")
    if agg is None:
        return None
    m = FOOTNOTE_MARK.match(text[agg.a:agg.b + 12])
    if not m:
        return None
    return body.footnote_components(text, agg.b, page.end, m.group(1))
