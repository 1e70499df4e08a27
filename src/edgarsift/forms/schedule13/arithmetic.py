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
from .cover import GLUED_AMOUNTS, Found

Values = dict[str, Found]
PAIRS = (("sole_voting_power", "shared_voting_power"), ("sole_dispositive_power", "shared_dispositive_power"))


def _num(values: Values, fld: str) -> float | None:
    f = values.get(fld)
    return None if f is None else float(f.value)  # type: ignore[arg-type]


def _percent_agrees(aggregate: float, percent: float | None, basis: int | None) -> bool:
    if percent is None or not basis:
        return False
    return abs(100.0 * aggregate / basis - percent) <= percent_tolerance(percent)


def settle(pages: list[Values], total: int | None, issuable: list[int | None]) -> list[dict[str, str]]:
    """Resolve glued-mark candidates and contradicted rows in place; per page, ``{field: reason}`` set aside.

    ``total`` is the class total the text states (None if it states none); ``issuable[i]`` the shares the text
    adds to it for page ``i``'s percent."""
    aside: list[dict[str, str]] = [{} for _ in pages]
    for _ in range(2):  # a confirmed aggregate can in turn confirm the power rows beside it
        for i, values in enumerate(pages):
            _confirm_glued(i, pages, total, issuable)
    for i, values in enumerate(pages):
        found = values.pop(GLUED_AMOUNTS, None)
        for fld, cand in (found.value.items() if found else ()):  # type: ignore[union-attr]
            aside[i][fld] = (f"printed with a mark glued to {int(cand.value):,} "  # type: ignore[arg-type]
                             "and nothing on the page confirms the count")
        basis = total + (issuable[i] or 0) if total else None
        _contradictions(values, basis, aside[i])
    return aside


def _confirm_glued(i: int, pages: list[Values], total: int | None, issuable: list[int | None]) -> None:
    values = pages[i]
    found = values.get(GLUED_AMOUNTS)
    if found is None:
        return
    cands: dict[str, Found] = found.value  # type: ignore[assignment]
    basis = total + (issuable[i] or 0) if total else None
    percent = _num(values, "percent_of_class")
    clean = {float(f.value) for k, f in values.items() if k != GLUED_AMOUNTS and k.endswith(("_power", "_amount"))
             and f.value}  # type: ignore[arg-type]
    for fld, cand in list(cands.items()):
        v = float(cand.value)  # type: ignore[arg-type]
        ok = v in clean
        if fld == "aggregate_amount" and not ok:
            ok = _percent_agrees(v, percent, basis) or any(
                j != i and _num(other, "aggregate_amount") == v and percent is not None
                and _num(other, "percent_of_class") == percent for j, other in enumerate(pages))
        if ok:
            values[fld] = cand
            del cands[fld]
    if not cands:
        del values[GLUED_AMOUNTS]


def _contradictions(values: Values, basis: int | None, aside: dict[str, str]) -> None:
    agg = _num(values, "aggregate_amount")
    if agg is None:
        return
    percent = _num(values, "percent_of_class")
    # the aggregate is confirmed by the percent over the class total, or by a pair of rows that adds up to it
    confirmed = _percent_agrees(agg, percent, basis) or any(
        _num(values, a) is not None and _num(values, b) is not None and _num(values, a) + _num(values, b) == agg
        for a, b in PAIRS)
    over = [f for pair in PAIRS for f in pair if (_num(values, f) or 0) > agg]
    if not over:
        return
    amounts = {_num(values, f) for f in over}
    # the rows are right and the aggregate is not: the percent confirms a row, or two rows agree against it
    if not confirmed and (any(_percent_agrees(v, percent, basis) for v in amounts if v) or
                          (len(over) > 1 and len(amounts) == 1)):
        aside["aggregate_amount"] = f"{int(agg):,} is below the power rows of the same page"
        values.pop("aggregate_amount")
        return
    for fld in over:
        aside[fld] = f"{int(_num(values, fld)):,} exceeds the aggregate {int(agg):,}"  # type: ignore[arg-type]
        values.pop(fld)
    if not confirmed:  # nothing tells which of them is wrong
        aside["aggregate_amount"] = f"{int(agg):,} is below a power row of the same page and nothing confirms it"
        values.pop("aggregate_amount")
