"""The XML-era forms (December 2024+ ``SCHEDULE 13D`` / ``SCHEDULE 13G`` ``edgarSubmission``).

Elements map to fields through the tables below (13D and 13G name some elements differently). Values are
taken as the XML gives them; citizenship stays the EDGAR code (``DE``, ``X1``), as SCHEMA.md says.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from ...read import Document
from ...read.xml import Leaf, XmlIndex
from ...records import Provenance
from ...text import rx
from ...text.clean import clean_text
from ...text.values import code_list, parse_amount, parse_date, parse_percent
from ...text.view import TextView
from .body import shares_outstanding
from .header import read_cusip
from .labels import SOURCE_CODES, TYPE_CODES
from .model import ReportingPerson, Schedule13Data

HEADER_PATHS = {
    "issuer_name": ("coverPageHeader/issuerInfo/issuerName",),
    "security_title": ("coverPageHeader/securitiesClassTitle",),
    "issuer_cusip": ("issuerInfo/issuerCUSIP", "issuerInfo/issuerCusip", "issuerCusips/issuerCusipNumber"),
    "event_date": ("coverPageHeader/dateOfEvent", "coverPageHeader/eventDateRequiresFilingThisStatement"),
}
PERSON_ELEMENTS = ("reportingPersonInfo", "coverPageHeaderReportingPersonDetails")
PERSON_PATHS = {
    "name": ("reportingPersonName",),
    "citizenship_or_place": ("citizenshipOrOrganization",),
    "sole_voting_power": ("soleVotingPower",),
    "shared_voting_power": ("sharedVotingPower",),
    "sole_dispositive_power": ("soleDispositivePower",),
    "shared_dispositive_power": ("sharedDispositivePower",),
    "aggregate_amount": ("aggregateAmountOwned", "reportingPersonBeneficiallyOwnedAggregateNumberOfShares"),
    "percent_of_class": ("percentOfClass", "classPercent"),
}
POWER_FIELDS = ("sole_voting_power", "shared_voting_power", "sole_dispositive_power", "shared_dispositive_power")
PERSON_CODES = {"source_of_funds": ("fundType", SOURCE_CODES),
                "type_of_reporting_person": ("typeOfReportingPerson", TYPE_CODES)}
ITEM_ELEMENT = regex.compile(r"(?:^|/)(?:items1To7|items)/item(\d{1,2})(?:/|$)")
ITEM_TAG = regex.compile(r"<(?:\w+:)?item(\d{1,2})\b[^>]*>")
_ITEM_TAG_ASCII = rx.twin_of(ITEM_TAG)  # (for an ASCII document, nearly all: a third faster)
# where the statement says what class total its percentages use
BASIS_ITEMS = ("4", "5")
# A decimal digit (any Unicode one, as the class-total patterns read digits). The cleaned text of an item holds
# only digits its source holds (an entity of a digit is written with digits; the cleanup's replacements hold
# none): an item text without one ("n/a") states no class total, and is not cleaned and searched for one.
_DIGIT = re.compile(r"\d")
# Every class-total pattern needs a word ("shares", "units", "stock", "outstanding"). The cleaned text of an item
# holds a word only where its source holds a letter, an entity ("&#115;") or a character beyond ASCII (which a
# case-blind match may read as a letter): the cleanup's replacements hold no word (a checked box is "[X]"). An
# item text of figures and marks alone ("700,000", "5.3%") is not cleaned and searched for one: four such leaves
# cost a small 13G a tenth of its extraction.
_MAY_HOLD_WORD = re.compile(r"[A-Za-z&]|[^\x00-\x7f]")


def is_schedule13_xml(xml: XmlIndex) -> bool:
    return any(xml.has(e + "/reportingPersonName") for e in PERSON_ELEMENTS)


def extract_xml(doc: Document, form: str) -> tuple[Schedule13Data, Provenance]:
    xml = doc.xml()  # built once per document (classify has read the form type from it)
    data = Schedule13Data()
    prov = Provenance()

    def put(path: str, value, leaf: Leaf | None) -> None:
        setattr(data, path, value)
        if leaf is not None:
            prov.add(f"data.{path}", (leaf.start, leaf.end))

    for fld, paths in HEADER_PATHS.items():
        leaf = xml.first(*paths)
        if not leaf or not leaf.text:
            continue
        if fld == "issuer_cusip":
            value = read_cusip(leaf.text)
            value = value if value and len(value) == 9 else None
        elif fld == "event_date":
            value = parse_date(leaf.text)
        else:
            value = leaf.text
        if value:
            put(fld, value, leaf)
    if form == "13D":
        leaf = xml.first("authorizedPersons/notificationInfo/personName")
        if leaf and leaf.text:
            put("notice_contact_name", leaf.text, leaf)
    for element in PERSON_ELEMENTS:
        for i, sub in enumerate(xml.each(element)):
            person, pprov = _person(sub, i)
            data.reporting_persons.append(person)
            prov.update(pprov)
    sig = xml.first("signatureDetails/date")
    if sig and parse_date(sig.text):
        put("signature_date", parse_date(sig.text), sig)
    _items(doc, xml, data, prov)
    return data, prov


def _person(sub: XmlIndex, i: int) -> tuple[ReportingPerson, Provenance]:
    p = ReportingPerson()
    prov = Provenance()
    base = f"data.reporting_persons[{i}]"
    for fld, paths in PERSON_PATHS.items():
        leaf = sub.first(*paths)
        if not leaf or not leaf.text:
            continue
        value: str | float | int | None
        if fld in ("name", "citizenship_or_place"):
            value = leaf.text
        elif fld == "percent_of_class":
            value = parse_percent(leaf.text)
        else:  # counts are whole shares; the form's decimal field may carry a fraction ("7207424.40")
            value = parse_amount(leaf.text, allow_fraction=True)
        if value is not None:
            setattr(p, fld, value)
            prov.add(f"{base}.{fld}", (leaf.start, leaf.end))
    # an absent power element is the XML form of a blank row: 0, as on paper, once the person's counts are given
    if p.aggregate_amount is not None or any(getattr(p, f) is not None for f in POWER_FIELDS):
        for fld in POWER_FIELDS:
            if getattr(p, fld) is None and sub.first(*PERSON_PATHS[fld]) is None:
                setattr(p, fld, 0)
    for fld, (element, allowed) in PERSON_CODES.items():
        coded = [(lf, found) for lf in sub.all(element) if (found := code_list(lf.text, allowed))]
        codes = list(dict.fromkeys(c for _, found in coded for c in found))
        if codes:
            setattr(p, fld, codes)
            prov.add(f"{base}.{fld}", (coded[0][0].start, coded[-1][0].end))
    return p, prov


@lru_cache(maxsize=1024)
def _item_of(path: str) -> str | None:
    """The number of the item an element path lies in (``.../items/item4/classPercent``: "4"), else None;
    remembered, as every filing of a schema repeats the same few dozen item paths."""
    m = ITEM_ELEMENT.search(path)
    return str(int(m.group(1))) if m else None


def _items(doc: Document, xml: XmlIndex, data: Schedule13Data, prov: Provenance) -> None:
    """Items present as ``itemN`` elements; their texts; the class total stated in Items 4/5."""
    texts: dict[str, list[Leaf]] = {}
    for leaf in xml.leaves:
        if "/item" in leaf.path and (n := _item_of(leaf.path)) is not None:  # (most leaves are not items)
            texts.setdefault(n, []).append(leaf)
    # an item element with no text of its own (<item3/>, <item3></item3>) still counts as present;
    # each item's span is its element's start tag
    tags: dict[str, tuple[int, int]] = {}
    source, start, end = doc.raw, doc.main.start, doc.main.end
    item_tag = _ITEM_TAG_ASCII if rx.reads_alike(source) or rx.reads_alike(source[start:end]) else ITEM_TAG
    for tag in item_tag.finditer(source, start, end):
        tags.setdefault(str(int(tag.group(1))), tag.span())
        texts.setdefault(str(int(tag.group(1))), [])
    data.items = sorted(texts, key=int)
    for i, n in enumerate(data.items):
        prov.add(f"data.items[{i}]", tags.get(n))
    data.item_texts = {n: "\n".join(lf.text for lf in texts[n] if lf.text) for n in data.items}
    read: set[str] = set()
    for n in BASIS_ITEMS:
        for leaf in texts.get(n, []):
            raw = doc.raw[leaf.start:leaf.end]
            if raw in read or not _DIGIT.search(raw) or not _MAY_HOLD_WORD.search(raw):
                continue  # a text read before gives the same answer; a class total needs digits and words
            read.add(raw)
            view = clean_text(TextView.of(doc.raw, leaf.start, leaf.end))
            found = shares_outstanding(view.text, 0, len(view.text))
            if not found:
                continue
            total, date = found
            largest = max((p.aggregate_amount or 0 for p in data.reporting_persons), default=0)
            if total.value < largest:
                continue  # a class total is never below a holding it is the basis of
            data.shares_outstanding = total.value
            prov.add("data.shares_outstanding", view.span(total.a, total.b))
            if date:
                data.shares_outstanding_date = date.value
                prov.add("data.shares_outstanding_date", view.span(date.a, date.b))
            return
