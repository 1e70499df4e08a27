"""schedule13 checks: the filing's own arithmetic as findings.

- ``sc13.percent_vs_basis``: each person's percent = aggregate / (shares outstanding + that person's shares
  issuable on conversion/exercise, where the text says so), within the printed rounding.
- ``sc13.sole_shared_vs_aggregate``: sole + shared voting (and dispositive) power ≤ aggregate.
- ``sc13.footnote_components``: the parts a cover footnote lists add up to the aggregate.
- ``sc13.joint_filers``: every person's (aggregate, percent) implies the same class total.
- ``sc13.cusip``: the CUSIP's check digit (an 8-character CUSIP printed without one is kept, and flagged).
- ``sc13.set_aside``: a value read but left out because the cover's arithmetic contradicts it.
- ``sc13.name_id``: a reporting person's name that still ends in an identification label ("… TIN").
A check whose inputs are missing is skipped, not failed.
"""
from __future__ import annotations

import regex

from ...check import compare_amounts, finding
from ...records import Finding, Severity
from ...text.values import cusip_is_valid
from .model import ReportingPerson, Schedule13Data

PERCENT_EPS = 1e-6


def percent_tolerance(pct: float) -> float:
    """Half a unit of one-decimal rounding (``36.2`` ± 0.05), the way cover pages print percents. A percent
    printed whole ("5%") that is really 5.3 gets a warning, which a reviewer resolves at a glance."""
    return 0.05 + PERCENT_EPS


def run_checks(data: Schedule13Data) -> list[Finding]:
    out: list[Finding] = []
    for i, p in enumerate(data.reporting_persons):
        path = f"data.reporting_persons[{i}]"
        out += _percent_vs_basis(data, p, path)
        out += _sole_shared(p, path)
        out += _components(p, path)
        out += _set_aside(p, path)
        out += _name_ids(p, path)
    out += _joint_filers(data.reporting_persons)
    out += _cusip(data.issuer_cusip)
    return out


def _cusip(cusip: str | None) -> list[Finding]:
    if not cusip:
        return []
    if len(cusip) != 9:
        return [finding("sc13.cusip", "warning", f"CUSIP {cusip} has {len(cusip)} characters, not 9 (kept as printed)",
                        "data.issuer_cusip", cusip=cusip)]
    ok = cusip_is_valid(cusip)
    return [finding("sc13.cusip", "ok" if ok else "warning",
                    f"CUSIP {cusip} check digit {'matches' if ok else 'does not match'}", "data.issuer_cusip",
                    cusip=cusip)]


def _percent_vs_basis(data: Schedule13Data, p: ReportingPerson, path: str) -> list[Finding]:
    if data.shares_outstanding is None or p.aggregate_amount is None or p.percent_of_class is None:
        return []
    basis = data.shares_outstanding + (p.issuable_shares or 0)
    if basis <= 0:
        return []
    computed = round(100.0 * p.aggregate_amount / basis, 4)
    plus = f" + {p.issuable_shares:,} issuable" if p.issuable_shares else ""
    f = compare_amounts(
        "sc13.percent_vs_basis",
        f"{p.name}: {p.aggregate_amount:,} / ({data.shares_outstanding:,}{plus}) = {computed:.2f}%; printed",
        computed, p.percent_of_class, tolerance=percent_tolerance(p.percent_of_class),
        warn_tolerance=float("inf"), path=f"{path}.percent_of_class",
        aggregate=p.aggregate_amount, shares_outstanding=data.shares_outstanding,
        issuable_shares=p.issuable_shares, basis=basis)
    if f is not None and f.severity != "ok":
        f.message += " (the basis may include shares the text does not tie to this person)"
    return [f] if f else []


def _sole_shared(p: ReportingPerson, path: str) -> list[Finding]:
    out = []
    agg = p.aggregate_amount
    for kind in ("voting", "dispositive"):
        sole, shared = getattr(p, f"sole_{kind}_power"), getattr(p, f"shared_{kind}_power")
        if agg is None or sole is None or shared is None:
            continue
        total = sole + shared
        ok = total <= agg
        out.append(finding(
            "sc13.sole_shared_vs_aggregate", "ok" if ok else "error",
            f"{p.name}: sole {kind} {sole:,} + shared {kind} {shared:,} = {total:,} "
            f"{'<=' if ok else 'exceeds'} aggregate {agg:,}",
            f"{path}.shared_{kind}_power", kind=kind, sole=sole, shared=shared, total=total, aggregate=agg))
    return out


def _set_aside(p: ReportingPerson, path: str) -> list[Finding]:
    """Values read but left out because the cover's arithmetic contradicts them (see ``arithmetic.py``)."""
    return [finding("sc13.set_aside", "warning", f"{p.name}: {fld.replace('_', ' ')} left out: {reason}",
                    f"{path}.{fld}", field=fld, reason=reason) for fld, reason in p.set_aside.items()]


# a name that still ends in an identification label ("Acme Fund LLC TIN", "… I.D. No."): its number was cut
NAME_ID_TAIL = regex.compile(r"(?i)(?:\b(?:TIN|EIN|SSN|ID|I\.\s?D|Tax\s+ID|No|Nos|Number)\.?|#)\s*:?\s*$")


def _name_ids(p: ReportingPerson, path: str) -> list[Finding]:
    if not p.name or not NAME_ID_TAIL.search(p.name):
        return []
    return [finding("sc13.name_id", "warning", f"reporting person name {p.name!r} ends in an identification label",
                    f"{path}.name", name=p.name)]


def _components(p: ReportingPerson, path: str) -> list[Finding]:
    if not p.aggregate_components or p.aggregate_amount is None:
        return []
    total = sum(p.aggregate_components)
    agg = p.aggregate_amount
    sev: Severity = "ok" if total == agg else "warning" if total < agg else "error"
    parts = " + ".join(f"{c:,}" for c in p.aggregate_components)
    verb = {"ok": "=", "warning": "falls short of", "error": "exceeds"}[sev]
    return [finding("sc13.footnote_components", sev, f"{p.name}: footnote parts {parts} = {total:,} {verb} "
                    f"aggregate {agg:,}", f"{path}.aggregate_components", components=p.aggregate_components,
                    total=total, aggregate=agg)]


def _joint_filers(persons: list[ReportingPerson]) -> list[Finding]:
    """Each (aggregate, percent) pins the class total to an interval; joint filers' intervals must meet."""
    spans = []
    for p in persons:
        if p.aggregate_amount and p.percent_of_class and not p.issuable_shares:
            tol = percent_tolerance(p.percent_of_class)
            hi_pct, lo_pct = p.percent_of_class + tol, max(p.percent_of_class - tol, PERCENT_EPS)
            spans.append((p.name, 100.0 * p.aggregate_amount / hi_pct, 100.0 * p.aggregate_amount / lo_pct))
    if len(spans) < 2:
        return []
    low = max(s[1] for s in spans)
    high = min(s[2] for s in spans)
    if low <= high:
        return [finding("sc13.joint_filers", "ok",
                        f"{len(spans)} reporting persons imply one class total between {low:,.0f} and {high:,.0f}",
                        "data.reporting_persons", low=round(low), high=round(high))]
    return [finding("sc13.joint_filers", "warning",
                    "reporting persons' aggregates and percents imply different class totals: "
                    + "; ".join(f"{n}: {a:,.0f}-{b:,.0f}" for n, a, b in spans),
                    "data.reporting_persons", ranges=[[n, round(a), round(b)] for n, a, b in spans])]
