"""The cover page's own arithmetic confirms what was read, and sets aside what it contradicts.

A cover page states one holding several times: sole + shared power never exceeds the aggregate (for voting and
for dispositive power), and the percent is the aggregate over the class total (which joint filers share). So:

- a count printed with a footnote mark glued to it ("1,353,4681": the last group has four digits) is taken
  without the mark only when this arithmetic confirms it (another row of the page, the percent over the stated
  class total, or a joint filer's aggregate with the same percent);
- a power row that alone exceeds the aggregate is set aside when the aggregate is confirmed; when nothing tells
  which of the two is wrong, both are set aside.

Set-aside values are never written into the record; each is kept with its reason, and reported as a finding.
"""
from __future__ import annotations

from .checks import percent_tolerance
from .cover import PageRows

PAIRS = (("sole_voting_power", "shared_voting_power"), ("sole_dispositive_power", "shared_dispositive_power"))


def _num(rows: PageRows, fld: str) -> float | None:
    """A count row of the page, or its percent."""
    f = rows.percent_of_class if fld == "percent_of_class" else rows.counts.get(fld)
    return None if f is None else float(f.value)


def _percent_agrees(aggregate: float, percent: float | None, basis: int | None) -> bool:
    if percent is None or not basis:
        return False
    return abs(100.0 * aggregate / basis - percent) <= percent_tolerance(percent)


def settle(pages: list[PageRows], total: int | None, issuable: list[int | None]) -> list[dict[str, str]]:
    """Resolve glued-mark candidates and contradicted rows in place; per page, ``{field: reason}`` set aside.

    ``total`` is the class total the text states (None if it states none); ``issuable[i]`` the shares the text
    adds to it for page ``i``'s percent."""
    aside: list[dict[str, str]] = [{} for _ in pages]
    for _ in range(2):  # a confirmed aggregate can in turn confirm the power rows beside it
        for i in range(len(pages)):
            _confirm_glued(i, pages, total, issuable)
    for i, rows in enumerate(pages):
        aside[i].update(rows.unread)
        for fld, cand in rows.glued_counts.items():
            aside[i][fld] = f"printed with a mark glued to {cand.value:,} and nothing on the page confirms the count"
        rows.glued_counts = {}
        basis = total + (issuable[i] or 0) if total else None
        _contradictions(rows, basis, aside[i])
    return aside


def _confirm_glued(i: int, pages: list[PageRows], total: int | None, issuable: list[int | None]) -> None:
    rows = pages[i]
    cands = rows.glued_counts
    if not cands:
        return
    basis = total + (issuable[i] or 0) if total else None
    percent = _num(rows, "percent_of_class")
    clean = {float(f.value) for f in rows.counts.values() if f.value}
    for fld, cand in list(cands.items()):
        v = float(cand.value)
        ok = v in clean
        if fld == "aggregate_amount" and not ok:
            ok = _percent_agrees(v, percent, basis) or any(
                j != i and _num(other, "aggregate_amount") == v and percent is not None
                and _num(other, "percent_of_class") == percent for j, other in enumerate(pages))
        if ok:
            rows.counts[fld] = cand
            del cands[fld]


def _contradictions(rows: PageRows, basis: int | None, aside: dict[str, str]) -> None:
    counts = {fld: f.value for fld, f in rows.counts.items()}
    agg = counts.get("aggregate_amount")
    if agg is None:
        return
    percent = _num(rows, "percent_of_class")
    # the aggregate is confirmed by the percent over the class total, or by a pair of rows that adds up to it
    confirmed = _percent_agrees(agg, percent, basis) or any(
        a in counts and b in counts and counts[a] + counts[b] == agg for a, b in PAIRS)
    over = [f for pair in PAIRS for f in pair if counts.get(f, 0) > agg]
    if not over:
        return
    amounts = {counts[f] for f in over}
    # the rows are right and the aggregate is not: the percent confirms a row, or two rows agree against it
    if not confirmed and (any(_percent_agrees(v, percent, basis) for v in amounts if v) or
                          (len(over) > 1 and len(amounts) == 1)):
        aside["aggregate_amount"] = f"{agg:,} is below the power rows of the same page"
        rows.counts.pop("aggregate_amount")
        return
    for fld in over:
        aside[fld] = f"{counts[fld]:,} exceeds the aggregate {agg:,}"
        rows.counts.pop(fld)
    if not confirmed:  # nothing tells which of them is wrong
        aside["aggregate_amount"] = f"{agg:,} is below a power row of the same page and nothing confirms it"
        rows.counts.pop("aggregate_amount")
