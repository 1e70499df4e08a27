"""x17a5 checks (SCHEMA.md § Form X-17A-5): the statement's footings and the net capital arithmetic."""
from __future__ import annotations

from ...check import compare_amounts, compare_order, keep
from ...records import Finding
from .model import X17A5Data

P = "data.financial_condition"


def _sum(items: list[int | None]) -> int | None:
    return None if not items or any(v is None for v in items) else sum(items)  # type: ignore[arg-type]


def _rounding_unit(*values: int | None) -> int:
    """The coarsest printed rounding among figures ("$1.1 billion" → 100,000,000; "$1,090,696" thousands →
    1,000; exact dollars → 1), read off their trailing zeros."""
    unit = 1
    for v in values:
        if v:
            u = 1
            while u < 1_000_000_000 and v % (u * 10) == 0:
                u *= 10
            unit = max(unit, u)
    return unit


# Net capital is equity plus allowable subordinated debt less deductions and haircuts: on real filings it is
# 0.2-0.95 of equity + subordinated borrowings. Far outside, one of the two units (statement, note) is wrong.
CAPITAL_RATIO_MAX = 1.1
CAPITAL_RATIO_MIN = 0.01


def _capital_scale(net_capital: int | None, equity: int | None, subordinated: int | None) -> Finding | None:
    """Plausibility of the statement's unit against the net capital note's."""
    if not net_capital or not equity or equity + (subordinated or 0) <= 0:
        return None
    base = equity + (subordinated or 0)
    ratio = net_capital / base
    values = {"net_capital": net_capital, "equity_plus_subordinated": base, "ratio": round(ratio, 4)}
    if ratio > CAPITAL_RATIO_MAX:
        return Finding(check="x17a5.capital_scale", severity="error", values=values, path="data.net_capital",
                       message="net capital exceeds equity plus subordinated borrowings: the statement's or the "
                               "note's unit is wrong")
    if ratio < CAPITAL_RATIO_MIN:
        return Finding(check="x17a5.capital_scale", severity="warning", values=values, path="data.net_capital",
                       message="net capital is under 1% of equity plus subordinated borrowings: a unit may be wrong")
    return Finding(check="x17a5.capital_scale", severity="ok", values=values, path="data.net_capital",
                   message="net capital within equity plus subordinated borrowings")


def run_checks(data: X17A5Data) -> list[Finding]:
    out: list[Finding | None] = []
    fc = data.financial_condition
    if fc is not None:
        by = {s: [i.amount for i in fc.line_items if i.section == s] for s in ("assets", "liabilities", "equity")}
        out.append(compare_amounts("x17a5.assets_foot", "asset line items vs total assets", fc.total_assets,
                                   _sum(by["assets"]), path=f"{P}.total_assets"))
        liab = _sum(by["liabilities"])
        if liab is not None and fc.total_liabilities is not None:
            # some firms print subordinated borrowings inside total liabilities, others below it
            sub = fc.subordinated_borrowings or 0
            inside = liab + sub == fc.total_liabilities and liab != fc.total_liabilities
            out.append(compare_amounts("x17a5.liabilities_foot", "liability line items vs total liabilities",
                                       fc.total_liabilities, liab + (sub if inside else 0), path=f"{P}.total_liabilities",
                                       subordinated_included=inside))
        if by["equity"]:
            out.append(compare_amounts("x17a5.equity_foot", "equity line items vs total equity", fc.total_equity,
                                       _sum(by["equity"]), path=f"{P}.total_equity"))
        liabilities, equity, both = fc.total_liabilities, fc.total_equity, fc.total_liabilities_and_equity
        if liabilities is not None and equity is not None and both is not None:
            sub = fc.subordinated_borrowings or 0
            plain = liabilities + equity
            got = plain if plain == both else plain + sub
            out.append(compare_amounts("x17a5.liabilities_equity_total", "liabilities (+ subordinated) + equity vs total",
                                       both, got, path=f"{P}.total_liabilities_and_equity"))
        out.append(compare_amounts("x17a5.balance", "total assets vs total liabilities and equity", fc.total_assets,
                                   fc.total_liabilities_and_equity, path=f"{P}.total_liabilities_and_equity"))
        out += [Finding(check="x17a5.doubtful_reading", severity="warning", message=why, path=P) for why in fc.withheld]
        out.append(_capital_scale(data.net_capital, fc.total_equity, fc.subordinated_borrowings))
    net, required, excess = data.net_capital, data.required_net_capital, data.excess_net_capital
    if net is not None and required is not None and excess is not None:
        unit = _rounding_unit(net, required, excess)
        out.append(compare_amounts("x17a5.excess_net_capital", "excess net capital vs net capital - required",
                                   net - required, excess,
                                   tolerance=0.5, warn_tolerance=unit, path="data.excess_net_capital"))
    out.append(compare_order("x17a5.net_capital_minimum", "required net capital", data.required_net_capital,
                             "net capital", data.net_capital, path="data.net_capital",
                             net_capital=data.net_capital, required=data.required_net_capital))
    out.append(compare_order("x17a5.required_vs_minimum", "stated minimum", data.stated_minimum_net_capital,
                             "required net capital", data.required_net_capital, path="data.required_net_capital",
                             required=data.required_net_capital, minimum=data.stated_minimum_net_capital))
    return keep(out)
