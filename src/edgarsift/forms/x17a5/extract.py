"""x17a5 extraction: facing page, oath, auditor's report, statement of financial condition, net capital.

Each part has its own module; this one runs them in order on the main document's view and assembles the
record with provenance. Every value is read from the text; what the text does not support stays None.
"""
from __future__ import annotations

import datetime as dt

import regex

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from ...text import rx
from ...text.view import TextView
from . import facing as F
from .concepts import concept_of
from .initials import restore_initial, restore_split_word
from .labels import fix_ocr_words, lowered
from .model import Address, FinancialCondition, LineItem, X17A5Data
from .net_capital import _finditer_at_word, capital_bound, capital_ceiling, read_net_capital
from .statement import Statement, best_statement


def overprinted(label: str) -> bool:
    """Two printed lines that OCR read interleaved ("and cash cash equivalents equivalents segregated …"):
    two or more words doubled in place. Such a label cannot be trusted, nor the amount paired with it."""
    words = label.lower().split()
    return sum(1 for a, b in zip(words, words[1:]) if a == b and a.isalpha()) >= 2


def _condition(st: Statement, prov: Provenance) -> FinancialCondition:
    base = "data.financial_condition"
    scale = st.scale

    def money(v: int | None) -> int | None:
        return None if v is None or st.scale_doubt else v * scale  # no amount whose unit is in doubt

    fc = FinancialCondition(as_of=st.as_of, consolidated=st.consolidated, reporting_entity=st.entity,
                            withheld=list(st.withheld) + ([f"every amount: unit in doubt, {st.scale_doubt}"]
                                                          if st.scale_doubt else []))
    prov.add(f"{base}.as_of", st.as_of_span)
    prov.add(f"{base}.consolidated", st.title_span)  # told from the statement's title
    if st.entity:
        prov.add(f"{base}.reporting_entity", st.entity_span)
    for key, attr in (("assets", "total_assets"), ("liabilities", "total_liabilities"),
                      ("subordinated", "subordinated_borrowings"), ("equity", "total_equity"),
                      ("le", "total_liabilities_and_equity")):
        fig = st.totals.get(key)
        if fig is not None and fig.reading.value is not None:
            setattr(fc, attr, money(fig.reading.value))
            prov.add(f"{base}.{attr}", fig.span)
    for item in (i for i in st.items if not overprinted(i.label)):
        n = len(fc.line_items)
        fc.line_items.append(LineItem(section=item.section, label=fix_ocr_words(item.label, known=st.known_words), amount=money(item.reading.value),
                                      concept=concept_of(item.section, item.label, item.context)))
        prov.add(f"{base}.line_items[{n}].label", item.label_span)
        prov.add(f"{base}.line_items[{n}].section", item.section_span or item.label_span)
        if fc.line_items[-1].concept:
            prov.add(f"{base}.line_items[{n}].concept", item.label_span)  # the concept is read off the label
        if item.reading.value is not None:
            prov.add(f"{base}.line_items[{n}].amount", item.amount_span)
    return fc


def _set(data, prov: Provenance, field: str, value: "F.Value | None", path: str | None = None) -> None:
    if value is not None and getattr(data, field) is None:
        setattr(data, field, value.text)
        prov.add(path or f"data.{field}", value.span)


def _year_ended(view: TextView, as_of: str | None, low: str | None = None) -> tuple[str, str, tuple[int, int]] | None:
    """Report period from "for the year ended <as_of>" when the facing page cannot be read. ``low``: the text's
    ``labels.lowered`` copy, where "year" is looked for (None: the pattern searches the text)."""
    if not as_of:
        return None
    d = dt.date.fromisoformat(as_of)
    month = d.strftime("%B")
    pat = regex.compile(rf"year\s+ended\s+{month}\s+{d.day}\s*,?\s*{d.year}", regex.I)
    m = next(_finditer_at_word(pat, "year", view.text, low), None)  # pat.search, tried where "year" is printed
    if not m:
        return None
    begin = d + dt.timedelta(days=1)
    begin = begin.replace(year=begin.year - 1) if not (begin.month == 2 and begin.day == 29) else begin - dt.timedelta(days=365)
    return begin.isoformat(), as_of, view.span(*m.span())


def _one_year(begin: str, end: str) -> bool:
    """Does the period ``begin``..``end`` span exactly twelve months?"""
    return dt.date.fromisoformat(end) + dt.timedelta(days=1) == _add_year(dt.date.fromisoformat(begin))


def _add_year(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return d + dt.timedelta(days=365)


def extract(doc: Document, info: FormInfo) -> tuple[X17A5Data, Provenance]:
    view = doc.view()
    prov = Provenance()
    data = X17A5Data()
    low = lowered(view.text)  # the text's lower-cased copy: the oath's, report's and note's words, titles
    _facing_page(view, data, prov)  # 1. often missing or blank in scans: each field None unless it reads cleanly
    # 2. oath (a title a scan's text layer cut in two read again off the page) and the accountant's report
    reread = (lambda v: restore_split_word(doc, v, "oath signer's title")) if doc.pdf_data is not None else None
    signer, title = F.oath(view, low, reread)
    _set(data, prov, "oath_signer_name", signer)
    for field, what in (("contact_name", "contact's name"), ("oath_signer_name", "oath signer's name")):
        if (name := getattr(data, field)) is not None and doc.pdf_data is not None:
            setattr(data, field, restore_initial(doc, F.Value(name, prov[f"data.{field}"]), what).text)
    _set(data, prov, "oath_signer_title", title)
    report_date, firm = F.audit_report(view, low)
    _set(data, prov, "audit_report_date", report_date)
    _set(data, prov, "accountant_name", firm)
    st = best_statement(view, low)  # 3. statement of financial condition
    if st is not None:
        _statement(view, st, data, prov, low)
    # 4. net capital (scaled by the sentence's own unit, the note's page heading or the statement; a figure
    #    net capital cannot be, more than total assets, is left out, unless the statement's equity and subordinated
    #    borrowings place the decimal point OCR lost)
    fc = data.financial_condition
    ceiling = capital_ceiling(fc.total_assets) if fc else None
    bound = capital_bound(fc.total_equity, fc.subordinated_borrowings) if fc else None
    note = read_net_capital(view, st.scale if st else None, ceiling, low, bound)
    for field, (value, span) in note.figures.items():
        setattr(data, field, value)
        prov.add(f"data.{field}", span)
    if data.financial_condition is not None:  # doubtful figures left out are reported with the statement's
        data.financial_condition.withheld += [f"net capital note: {d.message}" for d in note.doubts if not d.kept]
    doc.notes += [f"net capital note: {d.message}" for d in note.doubts if d.kept]  # read, repaired, and said so
    return data, prov


def _facing_page(view: TextView, data: X17A5Data, prov: Provenance) -> None:
    win = F.facing_window(view.text)
    if win:
        _set(data, prov, "broker_dealer_name", F.broker_dealer_name(view, win))
        begin, end = F.period(view, win)
        _set(data, prov, "period_begin", begin)
        _set(data, prov, "period_end", end)
        office = F.principal_office(view, win)
        if office:
            data.principal_office = Address(**{k: v.text for k, v in office.items()})
            for k, v in office.items():
                prov.add(f"data.principal_office.{k}", v.span)
        name, phone = F.contact(view, win)
        _set(data, prov, "contact_name", name)
        _set(data, prov, "contact_phone", phone)
        _set(data, prov, "accountant_name", F.accountant(view, win))
    _set(data, prov, "sec_file_number", F.sec_file_number(view, win))
    _set(data, prov, "firm_id", F.firm_id(view, win))
    if data.broker_dealer_name is None:  # no facing page, or no name that reads cleanly on it: the report's cover
        _set(data, prov, "broker_dealer_name", F.cover_name(view))


def _statement(view: TextView, st: Statement, data: X17A5Data, prov: Provenance, low: str | None = None) -> None:
    """The statement, and what it settles when the facing page could not: name, report period, report date.
    ``low``: the text's ``labels.lowered`` copy, if made."""
    fc = data.financial_condition = _condition(st, prov)
    if data.broker_dealer_name is None and st.entity:  # the same repair (or doubt) as a name read elsewhere
        read_name = F.clean_name(rx.sub(r"(?i)\s+and\s+(?:its\s+)?subsidiaries$", "", st.entity))
        name = F.repaired_name(read_name, view.text)
        if name:
            data.broker_dealer_name = name
            prov.add("data.broker_dealer_name", st.entity_span)
        else:
            fc.withheld.append(f"broker-dealer name read as {read_name!r} may have lost an '&' or a letter: left out")
    if data.period_end is None or data.period_begin is None:
        period = _year_ended(view, st.as_of, low)
        if period and data.period_begin in (None, period[0]):
            data.period_begin, data.period_end, span = period
            prov.add("data.period_begin", span)
            prov.add("data.period_end", span)
        elif period is None and data.period_begin and data.period_end is None and st.as_of \
                and _one_year(data.period_begin, st.as_of):
            data.period_end = st.as_of  # the statement closes the twelve months the facing page opens
            prov.add("data.period_end", st.as_of_span)
    # the accountant reports after the balance-sheet date: an earlier date is the statement's, not the report's
    if data.audit_report_date and fc.as_of and data.audit_report_date <= fc.as_of:
        data.audit_report_date = None
        prov.pop("data.audit_report_date", None)
