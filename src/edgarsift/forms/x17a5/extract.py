"""x17a5 extraction: facing page, oath, auditor, statement of financial condition, net capital.

Each part has its own module; this one runs them in order on the main document's view and assembles the
record with provenance. Every figure is read from the text; what the text does not support stays None.
"""
from __future__ import annotations

from ...classify import FormInfo
from ...read import Document
from ...records import Provenance
from .concepts import concept_of
from .model import FinancialCondition, LineItem, X17A5Data
from .statement import Statement, best_statement


def _condition(st: Statement, prov: Provenance) -> FinancialCondition:
    base = "data.financial_condition"
    scale = st.scale

    def money(v: int | None) -> int | None:
        return None if v is None else v * scale

    fc = FinancialCondition(as_of=st.as_of, consolidated=st.consolidated, reporting_entity=st.entity)
    prov.add(f"{base}.as_of", st.as_of_span)
    for key, attr in (("assets", "total_assets"), ("liabilities", "total_liabilities"),
                      ("subordinated", "subordinated_borrowings"), ("equity", "total_equity"),
                      ("le", "total_liabilities_and_equity")):
        fig = st.totals.get(key)
        if fig is not None and fig.reading.value is not None:
            setattr(fc, attr, money(fig.reading.value))
            prov.add(f"{base}.{attr}", fig.span)
    for n, item in enumerate(st.items):
        fc.line_items.append(LineItem(section=item.section, label=item.label, amount=money(item.reading.value),
                                      concept=concept_of(item.section, item.label, item.context)))
        prov.add(f"{base}.line_items[{n}].label", item.label_span)
        if item.reading.value is not None:
            prov.add(f"{base}.line_items[{n}].amount", item.amount_span)
    return fc


def extract(doc: Document, info: FormInfo) -> tuple[X17A5Data, Provenance]:
    view = doc.view()
    prov = Provenance()
    data = X17A5Data()
    st = best_statement(view)
    if st is not None:
        data.financial_condition = _condition(st, prov)
    return data, prov
