"""form_d checks (SCHEMA.md § Form D): the filing's own arithmetic as findings.

- securities rows sum to the Part C totals;
- the state Appendix sums to Part C (column 3 to the offering total, column 4 to the investor counts and
  amounts); when cells are missing from rows that have entries, the value the totals imply for them is
  reported as a finding — never written into ``data``;
- adjusted gross proceeds = offering total − sales commissions − finders' fees;
- amount sold ≤ offering total.
"""
from __future__ import annotations

from ...check import compare_amounts, compare_order, finding, keep
from ...records import Finding
from .model import FormDData

# Appendix column → the Part C figure it must sum to
APPENDIX_TOTALS = [
    ("offering_amount", "total_offering_amount", "offering amounts (column 3)"),
    ("accredited_investors", "accredited_investors", "accredited investor counts"),
    ("accredited_amount", "accredited_amount", "accredited amounts"),
    ("non_accredited_investors", "non_accredited_investors", "non-accredited investor counts"),
    ("non_accredited_amount", "non_accredited_amount", "non-accredited amounts"),
]


def run_checks(data: FormDData) -> list[Finding]:
    out: list[Finding | None] = []
    out += _securities(data)
    out += _appendix(data)
    out.append(_proceeds(data))
    out.append(compare_order("form_d.sold_within_offering", "amount sold", data.total_amount_sold,
                             "offering total", data.total_offering_amount, path="data.total_amount_sold",
                             sold=data.total_amount_sold, offering=data.total_offering_amount))
    return keep(out)


def _securities(d: FormDData) -> list[Finding | None]:
    rows = [s for s in d.securities if s.aggregate_offering_price is not None or s.amount_sold is not None]
    if not rows:
        return []
    return [
        compare_amounts("form_d.securities_total", "securities rows (offering price) vs total",
                        d.total_offering_amount, sum(s.aggregate_offering_price or 0 for s in rows),
                        path="data.total_offering_amount"),
        compare_amounts("form_d.securities_total", "securities rows (amount sold) vs total",
                        d.total_amount_sold, sum(s.amount_sold or 0 for s in rows), path="data.total_amount_sold"),
    ]


def _appendix(d: FormDData) -> list[Finding | None]:
    rows = d.state_appendix
    if not rows:
        return []
    out: list[Finding | None] = []
    for column, total_field, label in APPENDIX_TOTALS:
        total = getattr(d, total_field)
        present = [r for r in rows if getattr(r, column) is not None]
        missing = [r.state for r in rows if getattr(r, column) is None]
        if total is None or not present:
            continue
        summed = sum(getattr(r, column) for r in present)
        msg = f"appendix {label} over {len(present)} states"
        if not missing:
            out.append(compare_amounts("form_d.appendix_sum", msg, total, summed, path=f"data.{total_field}",
                                       states=len(present)))
            continue
        implied = total - summed
        if len(missing) == 1 and implied >= 0:
            out.append(finding("form_d.appendix_implied_cell", "warning",
                               f"appendix {label} sum to {summed:,} of {total:,}; the {missing[0]} cell is missing "
                               f"and the totals imply {implied:,} for it (not written into data)",
                               f"data.state_appendix[{missing[0]}].{column}", state=missing[0], column=column,
                               implied=implied, summed=summed, total=total))
        else:
            out.append(finding("form_d.appendix_implied_cell", "warning" if implied >= 0 else "error",
                               f"appendix {label} sum to {summed:,} of {total:,}; cells missing for "
                               f"{', '.join(m or '?' for m in missing)} imply {implied:,} between them",
                               f"data.state_appendix.{column}", states=missing, column=column, implied=implied,
                               summed=summed, total=total))
    return out


def _proceeds(d: FormDData) -> Finding | None:
    if d.adjusted_gross_proceeds is None or d.total_offering_amount is None:
        return None
    expenses = (d.sales_commissions or 0) + (d.finders_fees or 0)
    expected = d.total_offering_amount - expenses
    f = compare_amounts("form_d.adjusted_proceeds", "adjusted gross proceeds vs offering total − commissions − fees",
                        expected, d.adjusted_gross_proceeds, path="data.adjusted_gross_proceeds", expenses=expenses)
    if f is not None and f.severity == "error" and d.adjusted_gross_proceeds == d.total_offering_amount:
        # the filing deducted no expenses although it reports commissions (e.g. paid by the purchasers, outside
        # the issuer's proceeds, as a footnote may say): worth a look, not a contradiction
        f.severity = "warning"
        f.message += "; the filing deducted no expenses from the offering total"
    return f
