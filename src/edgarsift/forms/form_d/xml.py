"""Form D from EDGAR's XML ``primary_doc.xml`` (schema versions X0301 to X0708), mapped as SCHEMA.md says.

The XML is read as leaves with exact source spans (``read/xml.py``), so every value's provenance is the
text of the element it came from. Both schema generations share the element names used here; X0708
dropped ``nameOfSigner`` (the signer then comes from ``signatureName`` without its ``/s/``).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TypeGuard

import regex

from ...read.xml import Leaf, XmlIndex
from ...records import Provenance
from ...text import rx
from ...text.values import parse_amount, parse_date, phone_digits
from . import vocab
from .model import Address, FormDData, Recipient, RelatedPerson, Security

_SIGNED = regex.compile(r"^\s*/s/\s*", regex.I)
# A relationship's text, lowered, to its name in the vocabulary (the first that lowers to it)
_RELATIONSHIP_BY_LOWER = {name.lower(): name for name in reversed(vocab.RELATIONSHIPS)}


class _Reader:
    """Sets ``data`` fields from leaves and records each leaf's span.

    Keys are the last two path steps (``issuerAddress/city``), looked up in the index's own buckets (built once
    for the document, shared with classifying); ``within`` narrows a lookup to the leaves inside one occurrence
    of an element (one related person, the first signature)."""

    def __init__(self, xml: XmlIndex):
        self.xml = xml
        self.prov = Provenance()
        self._leaf_ids: dict[str, list[int]] = {}

    def _candidates(self, key: str, within: int | None) -> list[Leaf]:
        found = self.xml.all(key)
        if within is None:
            return found
        # Element ids are given in document order as elements open, so the leaves inside one occurrence are
        # those whose own id (the last owner) is in one unbroken run from that occurrence's id on: found by a
        # bisection over the key's leaf ids (built once per key), then taken while they still have it as owner.
        ids = self._leaf_ids.get(key)
        if ids is None:
            ids = self._leaf_ids[key] = [lf.owners[-1] for lf in found]
        first = last = bisect_left(ids, within)
        while last < len(found) and within in found[last].owners:
            last += 1
        return found[first:last]

    def leaves(self, key: str, within: int | None = None) -> list[Leaf]:
        return list(self._candidates(key, within))

    def leaf(self, key: str, within: int | None = None) -> Leaf | None:
        for lf in self._candidates(key, within):
            if lf.text != "":
                return lf
        return None

    def groups(self, key: str, element: str) -> list[int]:
        """Ids of the occurrences of ``element`` that hold a ``key`` leaf, in document order."""
        names = self.xml.names
        out: list[int] = []
        for lf in self.xml.all(key):
            oid = next((o for o in reversed(lf.owners) if names[o] == element), None)
            if oid is not None and oid not in out:
                out.append(oid)
        return out

    def text(self, path: str, key: str, within: int | None = None) -> str | None:
        leaf = self.leaf(key, within)
        if leaf is None:
            return None
        self.prov.add(path, (leaf.start, leaf.end))
        return leaf.text

    def amount(self, path: str, key: str, within: int | None = None) -> int | None:
        leaf = self.leaf(key, within)
        if leaf is None:
            return None
        value = parse_amount(leaf.text)  # "Indefinite" → None, as SCHEMA.md asks
        if value is not None:
            self.prov.add(path, (leaf.start, leaf.end))
        return value

    def mapped(self, path: str, fn, key: str, within: int | None = None):
        leaf = self.leaf(key, within)
        if leaf is None:
            return None
        value = fn(leaf.text)
        if value is not None:
            self.prov.add(path, (leaf.start, leaf.end))
        return value


def _true(leaf: Leaf | None) -> TypeGuard[Leaf]:
    return leaf is not None and leaf.text.strip().lower() in ("true", "y", "yes", "1")


def _year(t: str) -> int | None:
    return int(t) if rx.fullmatch(r"(?:19|20)\d\d", t.strip()) else None


def extract_xml(xml: XmlIndex) -> tuple[FormDData, Provenance]:
    r = _Reader(xml)
    d = FormDData()
    issuer = next(iter(r.groups("primaryIssuer/entityName", "primaryIssuer")), None)
    d.issuer_name = r.text("data.issuer_name", "primaryIssuer/entityName")
    d.issuer_address = _address(r, issuer)
    d.issuer_phone = r.mapped("data.issuer_phone", phone_digits, "primaryIssuer/issuerPhoneNumber")
    d.jurisdiction_of_incorporation = r.mapped("data.jurisdiction_of_incorporation", vocab.jurisdiction_code,
                                               "primaryIssuer/jurisdictionOfInc")
    d.entity_type = r.mapped("data.entity_type", vocab.entity_type, "primaryIssuer/entityType")
    if _true(r.leaf("yearOfInc/withinFiveYears", issuer)):
        d.year_of_incorporation = r.mapped("data.year_of_incorporation", _year, "yearOfInc/value", issuer)
    d.industry_group = r.text("data.industry_group", "industryGroup/industryGroupType")
    d.federal_exemptions = _exemptions(r)
    d.related_persons = _related_persons(r)
    d.minimum_investment = r.amount("data.minimum_investment", "offeringData/minimumInvestmentAccepted")
    d.securities = _securities(r)
    d.total_offering_amount = r.amount("data.total_offering_amount", "offeringSalesAmounts/totalOfferingAmount")
    d.total_amount_sold = r.amount("data.total_amount_sold", "offeringSalesAmounts/totalAmountSold")
    d.date_of_first_sale = r.mapped("data.date_of_first_sale", parse_date, "dateOfFirstSale/value")
    d.total_investors = r.amount("data.total_investors", "investors/totalNumberAlreadyInvested")
    has_non = r.leaf("investors/hasNonAccreditedInvestors")
    if has_non is not None and not _true(has_non):
        d.non_accredited_investors = 0  # SCHEMA.md: 0 when hasNonAccreditedInvestors is false
        r.prov.add("data.non_accredited_investors", (has_non.start, has_non.end))
    else:
        d.non_accredited_investors = r.amount("data.non_accredited_investors", "investors/numberNonAccreditedInvestors")
    d.sales_commissions = r.amount("data.sales_commissions", "salesCommissions/dollarAmount")
    d.finders_fees = r.amount("data.finders_fees", "findersFees/dollarAmount")
    d.sales_compensation_recipients = _recipients(r)
    _signature(r, d)
    return d, r.prov


def _address(r: _Reader, issuer: int | None) -> Address | None:
    streets = [lf for lf in (r.leaf("issuerAddress/street1", issuer), r.leaf("issuerAddress/street2", issuer)) if lf]
    addr = Address(
        city=r.text("data.issuer_address.city", "issuerAddress/city", issuer),
        state=r.text("data.issuer_address.state", "issuerAddress/stateOrCountry", issuer),
        zip=r.text("data.issuer_address.zip", "issuerAddress/zipCode", issuer),
    )
    if streets:
        addr.street = ", ".join(lf.text for lf in streets)
        r.prov.add("data.issuer_address.street", (streets[0].start, streets[-1].end))
    return addr if streets or addr.city or addr.state or addr.zip else None


def _exemptions(r: _Reader) -> list[str]:
    out: list[str] = []
    for leaf in r.leaves("federalExemptionsExclusions/item"):
        name = vocab.exemption_from_code(leaf.text)
        if name and name not in out:
            r.prov.add(f"data.federal_exemptions[{len(out)}]", (leaf.start, leaf.end))
            out.append(name)
    return out


def _related_persons(r: _Reader) -> list[RelatedPerson]:
    people: list[RelatedPerson] = []
    for pid in r.groups("relatedPersonName/lastName", "relatedPersonInfo"):
        last, first, middle = (r.leaf(f"relatedPersonName/{k}", pid) for k in ("lastName", "firstName", "middleName"))
        name = vocab.person_name(*(lf.text if lf else None for lf in (last, first, middle)))
        if not name:
            continue
        i = len(people)
        parts = [lf for lf in (last, first, middle) if lf is not None]
        r.prov.add(f"data.related_persons[{i}].name", (min(lf.start for lf in parts), max(lf.end for lf in parts)))
        rels: list[str] = []
        for leaf in r.leaves("relatedPersonRelationshipList/relationship", pid):
            rel = _RELATIONSHIP_BY_LOWER.get(leaf.text.strip().lower())
            if rel and rel not in rels:
                r.prov.add(f"data.related_persons[{i}].relationships[{len(rels)}]", (leaf.start, leaf.end))
                rels.append(rel)
        people.append(RelatedPerson(name=name, relationships=rels))
    return people


def _securities(r: _Reader) -> list[Security]:
    out: list[Security] = []
    for flag, type_ in vocab.SECURITY_FLAGS.items():
        leaf = r.leaf(f"typesOfSecuritiesOffered/{flag}")
        if _true(leaf):
            r.prov.add(f"data.securities[{len(out)}].type", (leaf.start, leaf.end))
            out.append(Security(type=type_))
    return out


def _recipients(r: _Reader) -> list[Recipient]:
    out: list[Recipient] = []
    for leaf in r.leaves("recipient/recipientName"):
        if not leaf.text or leaf.text.strip().lower() in ("none", "n/a"):
            continue  # SCHEMA.md: a recipient named None is no recipient
        r.prov.add(f"data.sales_compensation_recipients[{len(out)}].name", (leaf.start, leaf.end))
        out.append(Recipient(name=leaf.text.strip()))
    return out


def _signature(r: _Reader, d: FormDData) -> None:
    sigs = r.groups("signature/signatureDate", "signature") or r.groups("signature/signatureName", "signature")
    if not sigs:
        return
    sig = sigs[0]  # SCHEMA.md: the first signature
    signer = r.leaf("signature/nameOfSigner", sig) or r.leaf("signature/signatureName", sig)
    if signer is not None:
        m = _SIGNED.match(signer.text)
        name = signer.text[m.end():].strip() if m else signer.text.strip()
        if name:
            d.signer_name = name
            r.prov.add("data.signer_name", (signer.start + (m.end() if m else 0), signer.end))
    d.signer_title = r.text("data.signer_title", "signature/signatureTitle", sig)
    d.signature_date = r.mapped("data.signature_date", parse_date, "signature/signatureDate", sig)
