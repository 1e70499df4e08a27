"""Form D from EDGAR's HTML rendering of the XML (the page EDGAR shows as the filing's primary document).

The page is read from its text view (``read/html.py``: table rows are lines, cells are tab-separated,
empty cells vanish). EDGAR prints one numbered heading per item; inside an item a caption row is followed
by a row of values in the same columns, and a checked box is an ``X`` cell right before its label cell (an
unchecked box is an empty cell, so it leaves no trace). Item captions and checkbox labels are data below.

EDGAR's real page (``xslFormDX01``) nests small tables inside cells: a check box that sits alone in a
nested table puts its ``X`` on a line of its own before the label, and a value in a nested table (item 14's
investor counts) lands on the line after its label, whose row then ends with an empty cell. Cells also
carry the page's layout spaces, which are dropped first (the view keeps the map to the source).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ...records import Provenance
from ...text import rx
from ...text.values import parse_amount, parse_date, phone_digits
from ...text.view import TextView
from . import vocab
from .model import Address, EntityType, FormDData, Recipient, RelatedPerson, Security

ITEM = regex.compile(r"(?m)^(?:(\d{1,2})\.\s+[A-Z][^\t\n]*|Signature and Submission)$")
# layout spaces at cell and line edges (the real page writes "<td class=\"CheckBox\">  </td>")
_CELL_SPACES = regex.compile(r"[ \u00a0]+(?=\t|\n|$)|(?<=\t|\n|^)[ \u00a0]+")
# a checked box: an X cell right before the label cell, or an X alone on its line (nested box table)
BOX = r"(?m)(?:^X\n|(?:^|\t)X\t)"
_MONEY = regex.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)")
ENTITY_LABELS: list[tuple[str, EntityType]] = [
    ("Corporation", "corporation"), ("Limited Partnership", "limited partnership"),
    ("Limited Liability Company", "limited liability company"),
    ("General Partnership", "general partnership"), ("Business Trust", "business trust"),
    (r"Other(?:\s*\(Specify\))?", "other")]
# EDGAR's industry groups (item 4) as printed; the investment-fund sub-types are not groups
INDUSTRY_GROUPS = [
    "Agriculture", "Commercial Banking", "Insurance", "Investing", "Investment Banking", "Pooled Investment Fund",
    "Other Banking & Financial Services", "Business Services", "Coal Mining", "Electric Utilities",
    "Energy Conservation", "Environmental Services", "Oil & Gas", "Other Energy", "Biotechnology",
    "Health Insurance", "Hospitals & Physicians", "Pharmaceuticals", "Other Health Care", "Manufacturing",
    "Commercial", "Construction", "REITS & Finance", "Residential", "Other Real Estate", "Retailing",
    "Restaurants", "Computers", "Telecommunications", "Other Technology", "Airlines & Airports",
    "Lodging & Conventions", "Tourism & Travel Services", "Other Travel", "Other",
]


@lru_cache(maxsize=512)
def _re(pattern: str) -> "regex.Pattern[str]":
    return regex.compile(pattern)


def is_rendered_form_d(view: TextView) -> bool:
    head = view.text[:4000]
    return "Notice of Exempt Offering of Securities" in head and "Issuer's Identity" in head


class _Page:
    def __init__(self, view: TextView):
        self.view = view
        self.text = view.text
        self.prov = Provenance()
        self.items: dict[str, tuple[int, int]] = {}
        heads = list(ITEM.finditer(self.text))
        for k, h in enumerate(heads):
            key = h.group(1) or "signature"
            if key not in self.items:
                self.items[key] = (h.end(), heads[k + 1].start() if k + 1 < len(heads) else len(self.text))

    def checked(self, item: str, label: str) -> regex.Match | None:
        """The label cell of a checked box (``X`` cell, then the label cell) in an item."""
        a, b = self.items.get(item, (0, 0))
        return _re(BOX + r"(" + label + r")(?=\t|$)").search(self.text, a, b)

    def under(self, item: str, caption: str, start: int | None = None) -> list[tuple[int, int]] | None:
        """Value cells under a caption row: [(start, end)] of the next line's cells, aligned to the
        caption's column (from that column on)."""
        a, b = self.items.get(item, (0, 0))
        m = _re(r"(?m)^(?:[^\n]*\t)?" + caption + r"(?=\t|$)").search(self.text, start or a, b)
        if not m:
            return None
        line_start = self.text.rfind("\n", 0, m.start()) + 1
        col = self.text[line_start:m.end()].count("\t")
        nl = self.text.find("\n", m.end())
        if nl < 0 or nl >= b:
            return None
        end = self.text.find("\n", nl + 1)
        end = b if end < 0 or end > b else end
        cells, pos = [], nl + 1
        for c in self.text[nl + 1:end].split("\t"):
            cells.append((pos, pos + len(c)))
            pos += len(c) + 1
        return cells[col:] if col < len(cells) else []

    def cell(self, path: str, cells: list[tuple[int, int]] | None, i: int = 0, fn=None):
        if not cells or i >= len(cells):
            return None
        a, b = cells[i]
        raw = self.text[a:b].strip()
        value = fn(raw) if fn else (raw or None)
        if value is not None:
            self.prov.add(path, self.view.span(a, b))
        return value

    def after(self, path: str, item: str, label: str, fn):
        """The value cell right after a label cell: on the same line, or first on the next line when the
        label's row ends with an empty cell (the value sits in a table nested in that cell)."""
        a, b = self.items.get(item, (0, 0))
        m = _re(label + r"[^\t\n]*\t\n?([^\t\n]+)").search(self.text, a, b)
        if not m:
            return None
        value = fn(m.group(1).strip())
        if value is not None:
            self.prov.add(path, self.view.span(*m.span(1)))
        return value


def _money(s: str) -> int | None:
    m = _MONEY.search(s)
    return parse_amount(m.group(1)) if m else None


def _count(s: str) -> int | None:
    return int(s) if rx.fullmatch(r"\d+", s.strip()) else None


def extract_html(view: TextView) -> tuple[FormDData, Provenance]:
    view = view.sub(_CELL_SPACES, "")
    p = _Page(view)
    d = FormDData()
    d.issuer_name = p.cell("data.issuer_name", p.under("1", "Name of Issuer"))
    d.jurisdiction_of_incorporation = p.cell("data.jurisdiction_of_incorporation",
                                             p.under("1", r"Jurisdiction of Incorporation/Organization"),
                                             fn=vocab.jurisdiction_code)
    for label, value in ENTITY_LABELS:
        m = p.checked("1", label)
        if m:
            d.entity_type = value
            p.prov.add("data.entity_type", view.span(*m.span(1)))
            break
    year = p.checked("1", r"Within Last Five Years \(Specify Year\)")
    if year:
        y = rx.match(r"\t((?:19|20)\d\d)(?=\t|$)", p.text[year.end():year.end() + 6])
        if y:
            d.year_of_incorporation = int(y.group(1))
            p.prov.add("data.year_of_incorporation", view.span(year.end() + y.start(1), year.end() + y.end(1)))
    d.issuer_address, d.issuer_phone = _address(p)
    d.related_persons = _related_persons(p)
    for group in INDUSTRY_GROUPS:
        m = p.checked("4", regex.escape(group))
        if m:
            d.industry_group = group
            p.prov.add("data.industry_group", view.span(*m.span(1)))
            break
    for pattern, name in vocab.EXEMPTION_LABELS:
        box = _re(BOX + r"(" + pattern + r")(?=\t|$)")
        for m in box.finditer(p.text, *p.items.get("6", (0, 0))):
            found = name.format(*m.groups()[1:]) if "{0}" in name else name
            if found not in d.federal_exemptions:
                p.prov.add(f"data.federal_exemptions[{len(d.federal_exemptions)}]", view.span(*m.span(1)))
                d.federal_exemptions.append(found)
    if not p.checked("7", r"First Sale Yet to Occur"):
        d.date_of_first_sale = p.after("data.date_of_first_sale", "7", r"Date of First Sale", parse_date)
    for pattern, type_ in vocab.SECURITY_LABELS:
        m = p.checked("9", pattern)
        if m and all(s.type != type_ for s in d.securities):
            p.prov.add(f"data.securities[{len(d.securities)}].type", view.span(*m.span(1)))
            d.securities.append(Security(type=type_))
    d.minimum_investment = p.after("data.minimum_investment", "11", r"Minimum investment accepted", _money)
    d.sales_compensation_recipients = _recipients(p)
    # "Indefinite" is a checked box in place of the amount: the cell after the label is then "X", not money
    d.total_offering_amount = p.after("data.total_offering_amount", "13", r"Total Offering Amount", _money)
    d.total_amount_sold = p.after("data.total_amount_sold", "13", r"Total Amount Sold", _money)
    d.total_investors = p.after("data.total_investors", "14", r"Regardless of whether", _count)
    if p.checked("14", r"Select if securities[^\t\n]*"):
        # the count follows the box's label (EDGAR's page) or a label of its own
        d.non_accredited_investors = p.after("data.non_accredited_investors", "14",
                                             r"(?:Select if securities|Number of such non-accredited)", _count)
    elif "14" in p.items:
        unchecked = regex.compile(r"(?m)^Select if securities[^\t\n]*").search(p.text, *p.items["14"])
        if unchecked:  # the box is unchecked: no non-accredited investors (as the XML's false)
            d.non_accredited_investors = 0
            p.prov.add("data.non_accredited_investors", view.span(*unchecked.span()))
    d.sales_commissions = p.after("data.sales_commissions", "15", r"Sales Commissions", _money)
    d.finders_fees = p.after("data.finders_fees", "15", r"Finders' Fees", _money)
    _signature(p, d)
    return d, p.prov


def _address(p: _Page) -> tuple[Address | None, str | None]:
    streets = p.under("2", r"Street Address 1")
    city_row = p.under("2", r"City")
    addr = Address()
    if streets:
        parts = [(a, b) for a, b in streets[:2] if p.text[a:b].strip()]
        if parts:
            addr.street = ", ".join(p.text[a:b].strip() for a, b in parts)
            p.prov.add("data.issuer_address.street", p.view.span(parts[0][0], parts[-1][1]))
    addr.city = p.cell("data.issuer_address.city", city_row, 0)
    addr.state = p.cell("data.issuer_address.state", city_row, 1, fn=vocab.jurisdiction_code)
    addr.zip = p.cell("data.issuer_address.zip", city_row, 2)
    phone = p.cell("data.issuer_phone", city_row, 3, fn=phone_digits)
    has_any = any(v is not None for v in addr.model_dump().values())
    return (addr if has_any else None), phone


def _related_persons(p: _Page) -> list[RelatedPerson]:
    people: list[RelatedPerson] = []
    a, b = p.items.get("3", (0, 0))
    blocks = [m.start() for m in regex.compile(r"(?m)^Last Name\tFirst Name").finditer(p.text, a, b)] + [b]
    for k in range(len(blocks) - 1):
        s, e = blocks[k], blocks[k + 1]
        cells = p.under("3", r"Last Name", s) or []
        texts = [p.text[x:y].strip() for x, y in cells[:3]] + [None, None, None]
        name = vocab.person_name(texts[0], texts[1], texts[2])
        if not name:
            continue
        i = len(people)
        p.prov.add(f"data.related_persons[{i}].name", p.view.span(cells[0][0], cells[min(2, len(cells) - 1)][1]))
        rels: list[str] = []
        line = regex.compile(r"(?m)^Relationship:[^\n]*").search(p.text, s, e)
        for rel in vocab.RELATIONSHIPS:
            m = line and _re(r"(?:^|\t)X\t(" + regex.escape(rel) + r")(?=\t|$)").search(line.group(0))
            if line and m:
                p.prov.add(f"data.related_persons[{i}].relationships[{len(rels)}]",
                           p.view.span(line.start() + m.start(1), line.start() + m.end(1)))
                rels.append(rel)
        people.append(RelatedPerson(name=name, relationships=rels))
    return people


def _recipients(p: _Page) -> list[Recipient]:
    out: list[Recipient] = []
    a, b = p.items.get("12", (0, 0))
    # the caption row "Recipient | Recipient CRD Number [box None]" is one line, or two when the CRD caption
    # sits in a nested table; the next line is the value row, its first cell the recipient
    head = regex.compile(r"(?m)^Recipient(?:\t|\t?\n)Recipient CRD Number(?:\t(?:X\t)?None)?\n([^\t\n]*)")
    for m in head.finditer(p.text, a, b):
        name = m.group(1).strip()
        if name and name.lower() not in ("none", "n/a"):
            p.prov.add(f"data.sales_compensation_recipients[{len(out)}].name", p.view.span(*m.span(1)))
            out.append(Recipient(name=name))
    return out


def _signature(p: _Page, d: FormDData) -> None:
    a, b = p.items.get("signature", (0, 0))
    head = regex.compile(r"(?m)^Issuer\tSignature\tName of Signer\tTitle\tDate$").search(p.text, a, b)
    if not head:
        return
    cells = p.under("signature", r"Issuer", head.start()) or []
    if len(cells) != 5:
        return  # a cell is empty and the columns no longer line up: nothing to trust
    signer = rx.sub(r"^/s/\s*", "", p.text[cells[2][0]:cells[2][1]].strip())
    if signer:
        d.signer_name = signer
        p.prov.add("data.signer_name", p.view.span(*cells[2]))
    d.signer_title = p.cell("data.signer_title", cells, 3)
    d.signature_date = p.cell("data.signature_date", cells, 4, fn=parse_date)
