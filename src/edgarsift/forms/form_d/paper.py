"""Form D as filed on paper before 2009, read from OCR text.

The scanned notices are badly damaged: labels and values interleave (see ``ocr.py``), checkbox marks come
as ``[x]``/``{OH}``/``[ ]`` (normalised to ``[X]``/``[ ]`` by ``text/clean.py``), tables are flattened into
tab-separated lines. Each field is found by its printed label (``LABELS``) and read from the smallest window
that holds it; a field whose text does not support a value stays None.
"""
from __future__ import annotations

import regex

from ...records import Provenance
from ...text import rx
from ...text.labels import find_label
from ...text.values import find_date, parse_amount, phone_digits, state_code
from ...text.view import TextView
from . import vocab
from .appendix import read_appendix
from .model import Address, EntityType, FormDData, Recipient, RelatedPerson, Security
from .ocr import Squashed, Vocabulary, join, line_bounds, pieces, strip_label, value_after

# Printed labels of the paper form (the full text, so OCR fragments of them can be recognised and removed)
LABELS = {
    "issuer_name": "Name of Issuer [ ] (check if this is an amendment and name has changed, and indicate change.)",
    "address": "Address of Executive Offices (Number and Street, City, State, Zip Code) Telephone Number (Including Area Code)",
    "business": "Brief Description of Business",
    "org_type": "Type of Business Organization",
    "full_name": "Full Name (Last name first, if individual)",
    "jurisdiction": "Jurisdiction of Incorporation or Organization",
    "incorporated": "Date of Incorporation or Organization",
    "part_b": "INFORMATION ABOUT OFFERING",
    "part_c": "OFFERING PRICE, NUMBER OF INVESTORS, EXPENSES AND USE OF PROCEEDS",
    "part_a2": "Check Box(es) that Apply",
    "min_investment": "minimum investment that will be accepted from any individual",
    "signature_issuer": "Issuer (Print or Type)",
    "signer": "Name of Signer (Print or Type)",
    "title": "Title of Signer (Print or Type)",
    "proceeds": "Enter the difference between the aggregate offering price",
    "business_address": "Business or Residence Address",
}
CAPTION_KEYS = ("issuer_name", "address", "business", "org_type", "full_name", "jurisdiction", "incorporated", "part_a2",
                "business_address", "signature_issuer", "signer")
EXEMPTION_BOXES = [(r"Rule\s*504", "Rule 504"), (r"Rule\s*505", "Rule 505"), (r"Rule\s*506", "Rule 506"),
                   (r"Section\s*4\s*\(\s*6\s*\)", "Section 4(6)")]
ENTITY_BOXES: list[tuple[str, EntityType]] = [
    (r"corporation", "corporation"), (r"limited\s+partnership", "limited partnership"),
    (r"business\s+trust", "business trust"), (r"other", "other")]
CHECKED = r"\[X\][\s]*"
MONEY = regex.compile(r"\$\s?(\d{1,3}(?:,\s?\d{3})+|\d+)(?![\d,])")
COUNT = regex.compile(r"(?<![\d$,.])(?<!\$\s)\d{1,3}(?:,\d{3})*(?![\d,])")  # never the digits of a $ amount
_ADDRESS = regex.compile(
    r"^(?P<street>[^\t]+?),\s*(?P<city>[A-Za-z .'-]+?),\s*(?P<state>[A-Za-z .]+?)\s+(?P<zip>\d{5}(?:-\d{4})?)\b")
_PERSON = regex.compile(r"(?P<last>[A-Z][A-Za-z'\-]+(?:\s[A-Z][A-Za-z'\-]+)?),\s*(?P<given>[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]*\.?)*)")
_ENTITY = regex.compile(r"^(?P<name>[A-Z][\w&.,' -]*?\b(?:LLC|L\.L\.C\.|Inc\.?|Corp\.?|Corporation|L\.?P\.?|Ltd\.?|Company))\b")


class _Paper:
    def __init__(self, view: TextView):
        self.view = view
        self.text = view.text
        self.vocab = Vocabulary(self.text)
        self.prov = Provenance()
        self._squashed: Squashed | None = None

    @property
    def squashed(self) -> Squashed:
        if self._squashed is None:  # built only when a label needs the fuzzy search
            self._squashed = Squashed(self.text)
        return self._squashed

    # -- locating ------------------------------------------------------------------------------------
    def find(self, key: str, start: int = 0, end: int | None = None, errors: int = 0):
        """A printed label: exact (OCR-tolerant spacing) first, then with up to ``errors`` edits."""
        end = len(self.text) if end is None else end
        m = find_label(self.text, LABELS[key], start, end)
        if m or not errors:
            return m
        return _loose(self, LABELS[key], start, end, errors)

    def put(self, path: str, a: int, b: int) -> None:
        self.prov.add(path, self.view.span(a, b))

    def put_view(self, path: str, v: TextView, a: int, b: int) -> None:
        self.prov.add(path, v.span(a, b))

    def money_after(self, path: str, a: int, b: int) -> int | None:
        m = MONEY.search(self.text, a, b)
        if not m:
            return None
        value = parse_amount(rx.sub(r",\s", ",", m.group(1)))
        if value is not None:
            self.put(path, m.start(1), m.end(1))
        return value


def extract_paper(view: TextView) -> tuple[FormDData, Provenance]:
    p = _Paper(view)
    d = FormDData()
    text = p.text
    part_a = _part_a2(p)
    part_b = p.find("part_b", errors=2)
    part_c = p.find("part_c", errors=3)
    a_end = part_b.start() if part_b else len(text)
    cover_end = part_a.start() if part_a else min(len(text), 3000)

    d.federal_exemptions, d.uloe = _exemptions(p, cover_end)
    d.issuer_name = _issuer_name(p, cover_end)
    d.issuer_address, d.issuer_phone = _address(p, cover_end)
    d.business_description = _business(p, cover_end)
    d.entity_type = _checked_one(p, ENTITY_BOXES, 0, cover_end, "data.entity_type")
    d.year_of_incorporation = _year(p, cover_end)
    d.jurisdiction_of_incorporation = _jurisdiction(p, cover_end)
    d.related_persons = _related_persons(p, part_a.start() if part_a else cover_end, a_end)
    if part_b:
        b_end = part_c.start() if part_c else len(text)
        d.minimum_investment = _min_investment(p, part_b.end(), b_end)
        d.sales_compensation_recipients = _recipients(p, part_b.end(), b_end)
    if part_c:
        _part_c(p, d, part_c.end())
    _signature(p, d)
    d.state_appendix = read_appendix(view, p.prov)
    return d, p.prov


def _part_a2(p: _Paper):
    """Part A item 2 (related persons): its "Check Box(es) that Apply" row lists Promoter (the cover's
    "Filing Under (Check box(es) that apply)" does not)."""
    pos = 0
    while True:
        m = p.find("part_a2", pos)
        if m is None:
            return p.find("full_name")
        if rx.search(r"Promoter", p.text[m.end():m.end() + 80], regex.I):
            return m
        pos = m.end()


# -- cover: exemptions, issuer, address ---------------------------------------------------------------
def _exemptions(p: _Paper, end: int) -> tuple[list[str], bool | None]:
    out: list[str] = []
    for pat, name in EXEMPTION_BOXES:
        m = rx.search(CHECKED + r"(?:" + pat + r")", p.text[:end].replace("\t", " "), regex.I)
        if m and name not in out:
            p.put(f"data.federal_exemptions[{len(out)}]", m.start(), m.end())
            out.append(name)
    uloe = None
    m = rx.search(r"\[(X| )\]\s*ULOE", p.text[:end])
    if m:
        uloe = m.group(1) == "X"
        p.put("data.uloe", m.start(), m.end())
    return out, uloe


def _has_caption(p: _Paper, a: int, b: int) -> bool:
    """Whether a line holds one of the form's printed captions (so it is not a typed value)."""
    line = p.text[a:b]
    return any(find_label(line, " ".join(LABELS[k].split()[:3])) for k in CAPTION_KEYS)


def _labelled_value(p: _Paper, key: str, m, ok) -> TextView | None:
    """The value of a labelled field: on the label's own line (scans interleave them), else on the next
    line when that line is not another caption (typed forms put the value under its label)."""
    a, b = line_bounds(p.text, m.start())
    v = value_after(p.view, a, b, LABELS[key], p.vocab)
    if v is not None and ok(v.text):
        return v
    nxt = regex.compile(r"(?m)^[^\n]*\S[^\n]*$").search(p.text, b + 1)
    if nxt and not _has_caption(p, nxt.start(), nxt.end()):
        v = value_after(p.view, nxt.start(), nxt.end(), LABELS[key], p.vocab)
        if v is not None and ok(v.text):
            return v
    return None


def _issuer_name(p: _Paper, end: int) -> str | None:
    m = p.find("issuer_name", 0, end, errors=3)
    v = _labelled_value(p, "issuer_name", m, lambda t: bool(rx.search(r"[A-Za-z]{3}", t))) if m else None
    if v is None:
        return None  # the signature block's issuer is used instead (see _signature)
    p.put_view("data.issuer_name", v, 0, len(v.text))
    return v.text.strip()


def _address(p: _Paper, end: int) -> tuple[Address | None, str | None]:
    m = p.find("address", 0, end, errors=0) or find_label(p.text, "Address of Executive", 0, end, errors=1)
    v = _labelled_value(p, "address", m, lambda t: bool(_ADDRESS.match(t))) if m else None
    if v is None:
        return None, None
    addr, phone = Address(), None
    am = _ADDRESS.match(v.text)
    if am and state_code(am.group("state")):
        for field in ("street", "city", "zip"):
            setattr(addr, field, am.group(field).strip())
            p.put_view(f"data.issuer_address.{field}", v, *am.span(field))
        addr.state = state_code(am.group("state"))
        p.put_view("data.issuer_address.state", v, *am.span("state"))
        pm = rx.search(r"\(?\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}", v.text[am.end():])
        phone = phone_digits(pm.group(0)) if pm else None
        if phone:
            p.put_view("data.issuer_phone", v, am.end() + pm.start(), am.end() + pm.end())
    return (addr if addr.street else None), phone


def _business(p: _Paper, end: int) -> str | None:
    m = p.find("business", 0, end, errors=2)
    v = _labelled_value(p, "business", m, lambda t: bool(rx.search(r"[A-Za-z]{3}", t))) if m else None
    if v is None:
        return None
    text = rx.sub(r"\s+", " ", v.text).strip()
    p.put_view("data.business_description", v, 0, len(v.text))
    return text


def _checked_one(p: _Paper, boxes: list[tuple[str, EntityType]], start: int, end: int,
                 path: str) -> EntityType | None:
    found = []
    for pat, name in boxes:
        for m in rx.finditer(CHECKED + pat, p.text, regex.I, pos=start, endpos=end):
            found.append((m, name))
    if len(found) != 1:
        return None  # none checked, or more than one: nothing to trust
    m, name = found[0]
    p.put(path, m.start(), m.end())
    return name


def _year(p: _Paper, end: int) -> int | None:
    m = p.find("incorporated", 0, end, errors=2)
    if not m:
        return None
    _, b = line_bounds(p.text, m.end())
    y = rx.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", p.text, pos=m.end(), endpos=b)
    if not y:
        return None
    p.put("data.year_of_incorporation", y.start(), y.end())
    return int(y.group(0))


def _jurisdiction(p: _Paper, end: int) -> str | None:
    m = p.find("jurisdiction", 0, end + 2000, errors=2)
    if not m:
        return None
    pos = m.end()
    instr = rx.match(r"[:\s]*\(Enter[^)]*\)", p.text[pos:pos + 400], regex.I)
    if instr:  # the printed instruction names CN and FN; the answer comes after it
        pos += instr.end()
    # the answer is a code ending its line ("IBG LLC: CT", "… jurisdiction) DE"): a capitalised word inside
    # prose ("IN WITNESS") is not one
    stop = p.text.find("\n", pos + 200)  # whole lines only: a cut line would fake an end of line
    for t in rx.finditer(r"(?<![A-Za-z])[A-Z]{2}(?=[\s.]*$)", p.text, regex.M, pos=pos,
                            endpos=len(p.text) if stop < 0 else stop):
        code = t.group(0)
        if code in ("CN", "FN") or state_code(code) == code:
            p.put("data.jurisdiction_of_incorporation", t.start(), t.end())
            return code
    return None


# -- part A.2: related persons -----------------------------------------------------------------------
def _related_persons(p: _Paper, start: int, end: int) -> list[RelatedPerson]:
    text = p.text
    people: list[RelatedPerson] = []
    boxes = [m for m in rx.finditer(r"Check\s+Box\(?es\)?\s+that\s+Apply", text, regex.I, pos=start, endpos=end)]
    for k, box in enumerate(boxes):
        stop = boxes[k + 1].start() if k + 1 < len(boxes) else end
        name_label = p.find("full_name", box.end(), stop, errors=2)
        if not name_label:
            continue
        rels_text = text[box.end():name_label.start()].replace("\t", " ")
        addr = p.find("business_address", name_label.end(), stop, errors=2)
        got = _person_name(p, name_label.end(), addr.start() if addr else stop)
        if got is None:
            continue
        name, (a, b) = got
        i = len(people)
        p.put(f"data.related_persons[{i}].name", a, b)
        rels: list[str] = []
        for rel in vocab.RELATIONSHIPS:
            rm = rx.search(CHECKED + regex.escape(rel).replace(r"\ ", r"\s+"), rels_text, regex.I)
            if rm:
                p.put(f"data.related_persons[{i}].relationships[{len(rels)}]", box.end() + rm.start(), box.end() + rm.end())
                rels.append(rel)
        people.append(RelatedPerson(name=name, relationships=rels))
    return people


def _person_name(p: _Paper, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    """``Last, First M.`` from the first cell holding letters after the label; a title typed after it is cut."""
    for piece in pieces(p.text, start, end):
        cell = p.text[piece.start:piece.end]
        if not rx.search(r"[A-Za-z]{2}", cell):
            continue
        m = _PERSON.match(cell)
        if m:
            g0 = m.start("given")
            words = list(rx.finditer(r"\S+", m.group("given")))
            keep = []
            for w in words:
                if w.group(0).rstrip(".,").lower() in vocab.TITLE_WORDS:
                    break
                keep.append(w)
            if not keep:
                return None
            b = piece.start + g0 + keep[-1].end()
            a = piece.start + m.start()
            name = f"{m.group('last')}, {' '.join(w.group(0) for w in keep)}".rstrip(",")
            return name, (a, b)
        e = _ENTITY.match(cell)
        if e:
            return e.group("name"), (piece.start, piece.start + e.end("name"))
        return None
    return None


# -- part B: minimum investment, sales compensation ----------------------------------------------------
def _min_investment(p: _Paper, start: int, end: int) -> int | None:
    """The amount on the question's own line (the printed question also recurs as flattened noise)."""
    pos = start
    while pos < end:
        m = _loose(p, LABELS["min_investment"], pos, end, errors=6)
        if not m:
            return None
        _, line_end = line_bounds(p.text, m.end())
        pos = line_end + 1
        parts = [x for x in pieces(p.text, m.end(), line_end) if rx.search(r"\d", p.text[x.start:x.end])]
        v = join(p.view, parts, p.vocab)
        if v is None:
            continue
        mm = MONEY.match(v.text)
        value = parse_amount(mm.group(1)) if mm else None
        if mm and value is not None:
            p.put_view("data.minimum_investment", v, *mm.span(1))
            return value
    return None


def _recipients(p: _Paper, start: int, end: int) -> list[Recipient]:
    out: list[Recipient] = []
    pos = start
    while True:
        m = _loose(p, LABELS["full_name"], pos, end, errors=5)
        if not m:
            break
        addr = _loose(p, LABELS["business_address"], m.end(), end, errors=5)
        stop = addr.start() if addr else end
        pos = stop
        _, line_end = line_bounds(p.text, m.end())
        for line in rx.finditer(r"(?m)^.*$", p.text, pos=line_end + 1, endpos=stop):
            parts = strip_label(p.text, pieces(p.text, line.start(), line.end()), LABELS["full_name"])
            if not parts or not rx.search(r"[A-Za-z]{3}", p.text[parts[0].start:parts[-1].end]):
                continue
            v = join(p.view, parts, p.vocab)
            if v is None:  # pieces that cannot be joined without guessing: no name from this line
                break
            name = v.text.strip(" )(_.,")
            if name and name.lower() not in ("none", "n/a", "not applicable"):
                lead = v.text.index(name)
                p.put_view(f"data.sales_compensation_recipients[{len(out)}].name", v, lead, lead + len(name))
                out.append(Recipient(name=name))
            break
        if not addr:
            break
    return out


class _Span:
    """A found label's source range, shaped like a match (``start()``, ``end()``)."""

    def __init__(self, a: int, b: int):
        self.a, self.b = a, b

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _loose(p: _Paper, label: str, start: int, end: int, errors: int) -> _Span | None:
    """A label whose words OCR cut at tabs (``Full Nar<TAB>ne (Last i<TAB>name``): matched with white space
    ignored and a few edits allowed."""
    got = p.squashed.find(label, start, end, errors)
    return _Span(*got) if got else None


# -- part C: securities, investors, expenses, proceeds ----------------------------------------------------
def _row_line(p: _Paper, label: str, start: int, end: int):
    """The line holding the table row ``label`` in ``[start, end)``: (value start, line end)."""
    m = rx.search(r"(?m)^(?:Type of Security\s+)?" + label.replace(" ", r"\s+") + r"\b[^\t\n]*", p.text, regex.I,
                     pos=start, endpos=end)
    if not m:
        return None
    return m.end(), line_bounds(p.text, m.start())[1]


def _part_c(p: _Paper, d: FormDData, start: int) -> None:
    text = p.text
    col3 = rx.search(r"Answer also in Appendix,\s*Column 3", text, pos=start)
    item1_end = col3.start() if col3 else min(len(text), start + 3000)
    for label, type_ in vocab.PAPER_SECURITY_ROWS:
        row = _row_line(p, label, start, item1_end)
        if not row:
            continue
        i = len(d.securities)
        amounts = list(MONEY.finditer(text, row[0], row[1]))
        if len(amounts) != 2:
            continue
        offered, sold = (parse_amount(rx.sub(r",\s", ",", a.group(1))) for a in amounts)
        if offered or sold:  # SCHEMA.md: rows with a non-zero amount
            p.put(f"data.securities[{i}].type", row[0] - len(label), row[0])
            p.put(f"data.securities[{i}].aggregate_offering_price", *amounts[0].span(1))
            p.put(f"data.securities[{i}].amount_sold", *amounts[1].span(1))
            d.securities.append(Security(type=type_, aggregate_offering_price=offered, amount_sold=sold))
    total = _row_line(p, "Total", start, item1_end)
    if total:
        amounts = list(MONEY.finditer(text, total[0], total[1]))
        if len(amounts) == 2:
            d.total_offering_amount = parse_amount(rx.sub(r",\s", ",", amounts[0].group(1)))
            d.total_amount_sold = parse_amount(rx.sub(r",\s", ",", amounts[1].group(1)))
            p.put("data.total_offering_amount", *amounts[0].span(1))
            p.put("data.total_amount_sold", *amounts[1].span(1))
    col4 = rx.search(r"Answer also in Appendix,\s*Column 4", text, pos=item1_end)
    item2_end = col4.start() if col4 else min(len(text), item1_end + 3000)
    for label, prefix in (("Accredited Investors", "accredited"), ("Non-accredited Investors", "non_accredited")):
        row = _row_line(p, label, item1_end, item2_end)
        if not row:
            continue
        cnt = COUNT.search(text, row[0], row[1])
        if cnt:
            setattr(d, f"{prefix}_investors", int(cnt.group(0).replace(",", "")))
            p.put(f"data.{prefix}_investors", *cnt.span())
            setattr(d, f"{prefix}_amount", p.money_after(f"data.{prefix}_amount", cnt.end(), row[1]))
    row = _row_line(p, "Sales Commissions", item2_end, len(text))
    if row:
        d.sales_commissions = p.money_after("data.sales_commissions", row[0], row[1])
    row = _row_line(p, "Finders'? Fees", item2_end, len(text))
    if row:
        d.finders_fees = p.money_after("data.finders_fees", row[0], row[1])
    m = p.find("proceeds", item2_end, errors=3)
    if m:
        stop = rx.search(r"(?m)^\s*5\.", text, pos=m.end())
        d.adjusted_gross_proceeds = p.money_after("data.adjusted_gross_proceeds", m.end(),
                                                  stop.start() if stop else min(len(text), m.end() + 600))


# -- signature -----------------------------------------------------------------------------------------
def _cell_under(p: _Paper, header_label: str, start: int = 0, end: int | None = None) -> tuple[TextView, int, int] | None:
    """The value cell under a header cell: same column on the next non-empty line (the last column takes
    the rest of the line). Returns (value view, header line start, header line end)."""
    text = p.text
    errors = 2 if len(header_label) > 12 else 0  # a short label with edits matches anything
    end = len(text) if end is None else end
    m = find_label(text, header_label, start, end) or (_loose(p, header_label, start, end, errors) if errors else None)
    if not m:
        return None
    h_a, h_b = line_bounds(text, m.start())
    header = text[h_a:h_b].split("\t")
    col = next((i for i, c in enumerate(header) if find_label(c, header_label, errors=errors)), None)
    last = max(i for i, c in enumerate(header) if c.strip())
    nxt = rx.search(r"(?m)^[^\n]*\S[^\n]*$", text, pos=h_b + 1)
    if col is None or not nxt:
        return None
    cells, pos = [], nxt.start()
    for c in text[nxt.start():nxt.end()].split("\t"):
        cells.append((pos, pos + len(c)))
        pos += len(c) + 1
    if col >= len(cells):
        return None
    span = cells[col:] if col == last else [cells[col]]
    parts = [x for a, b in span for x in pieces(text, a, b)]
    v = join(p.view, parts, p.vocab)
    return (v, h_a, h_b) if v is not None else None


def _signature(p: _Paper, d: FormDData) -> None:
    got = _cell_under(p, LABELS["signature_issuer"])
    if not got:
        return
    issuer, header_start, after = got
    if d.issuer_name is None and rx.search(r"[A-Za-z]{2}", issuer.text):
        d.issuer_name = issuer.text.strip()
        p.put_view("data.issuer_name", issuer, 0, len(issuer.text))
    date = _cell_under(p, "Date", header_start, after)  # a column of the same header row
    if date:
        found = find_date(date[0].text)
        if found:
            d.signature_date = found[0]
            p.put_view("data.signature_date", date[0], found[1], found[2])
    for key, field in (("signer", "signer_name"), ("title", "signer_title")):
        got = _cell_under(p, LABELS[key], after)
        if got and rx.search(r"[A-Za-z]{2}", got[0].text):
            setattr(d, field, got[0].text.strip())
            p.put_view(f"data.{field}", got[0], 0, len(got[0].text))
