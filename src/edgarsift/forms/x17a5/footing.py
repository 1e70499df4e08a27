"""The statement's own arithmetic as the judge of OCR readings.

A section foots when its line items sum to its printed total. When it does not, one item (or the total)
may have been misread: ``$4,639,919`` for 54,639,919 (a 5 read as ``$``), ``2611`` for 263, ``I`` for 1,
``441032,681`` for 44,032,681. The footing fixes a reading only when exactly one item can take the value the
total implies *and* that value is a plausible OCR reading of what is printed (a small edit distance over the
digits, after mapping look-alike characters). Anything else stays as read, or null when it could not be read.

A figure whose printing is damaged but whose digits can still be read ("243;238", "16,084,5.09", "1931   82")
enters as a *provisional* reading: it takes part in the arithmetic like any other, and is kept only when an
identity of the statement (a section footing to its total, assets = liabilities and equity) confirms it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from math import prod

import regex
from rapidfuzz.distance import Levenshtein

# OCR look-alikes of digits (a "$" glued to digits is usually a 5 or an 8; I/l/| are 1; O is 0 ...)
_LOOKALIKE = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "o": "0", "S": "5", "B": "8"})
MAX_EDITS = 2
_NON_DIGIT = regex.compile(r"\D")
_DOLLAR_DIGIT = regex.compile(r"\$(?=\d)")


@dataclass
class Reading:
    """One printed figure: its parsed value (None when damaged) and the raw token."""

    value: int | None
    raw: str | None
    provisional: bool = False  # read from a damaged token: kept only when the arithmetic confirms it


def _digit_forms(raw: str) -> set[str]:
    base = raw.translate(_LOOKALIKE)
    forms = {_NON_DIGIT.sub("", base)}
    forms.add(_NON_DIGIT.sub("", _DOLLAR_DIGIT.sub("5", base)))  # "$4,639,919" → 54639919
    forms.add(_NON_DIGIT.sub("", _DOLLAR_DIGIT.sub("8", base)))
    return {f for f in forms if f}


def edits(raw: str | None, value: int) -> int | None:
    """Digit edits between ``raw`` and ``value`` when ``raw`` could be an OCR reading of it, else None."""
    if raw is None:
        return None
    negative = "(" in raw or raw.strip().startswith("-")
    if (value < 0) != negative and value != 0:
        return None
    target = str(abs(value))
    dists = [Levenshtein.distance(f, target) for f in _digit_forms(raw) if abs(len(f) - len(target)) <= 1]
    best = min(dists, default=None)
    return best if best is not None and best <= MAX_EDITS else None


def plausible(raw: str | None, value: int) -> bool:
    return edits(raw, value) is not None


def repair_items(items: list[Reading], total: int | None) -> int | None:
    """Index of the one item whose reading the total corrects (its value is then set), or None.

    Works when at most one item is unreadable: the total minus the other items is the implied value.
    """
    if total is None:
        return None
    unknown = [i for i, r in enumerate(items) if r.value is None]
    if len(unknown) > 1:
        return None
    known_sum = sum(r.value for r in items if r.value is not None)
    if not unknown and known_sum == total:
        return None
    # an unreadable figure is the one to repair; else a damaged (provisional) one before a clean one
    provisional = [i for i, r in enumerate(items) if r.provisional]
    for pool in ([unknown] if unknown else [provisional, range(len(items))] if provisional else [range(len(items))]):
        hit = _closest(items, pool, total - known_sum)
        if hit is not None:
            i, implied = hit
            items[i].value, items[i].provisional = implied, False
            return i
    return None


def _closest(items: list[Reading], pool, gap: int) -> tuple[int, int] | None:
    """The one item of ``pool`` whose reading could be what closes ``gap``: (index, value), or None."""
    hits = []
    for i in pool:
        implied = gap + (items[i].value or 0)
        d = edits(items[i].raw, implied)
        if d is not None:
            hits.append((d, i, implied))
    hits.sort()
    # the closest reading wins, and only when no other item is as close (else the arithmetic cannot tell)
    if not hits or (len(hits) > 1 and hits[1][0] == hits[0][0]):
        return None
    _, i, implied = hits[0]
    return i, implied


def subtotal_suspects(items: list[Reading], total: int | None, subtotals: list[tuple[int, int]]) -> list[int]:
    """Items that may be the misread one, by the printed subtotals: where the section misses its total by a gap
    and the lines just above a subtotal miss it by the same gap, the misread figure is one of those lines, and
    only one whose reading could be its value plus the gap. ``subtotals``: (items printed above it, value).

    "Financial instruments owned 13,077" / "... pledged as collateral 30,280" / "Total financial instruments owned
    143,357" in assets 100,000 short: of the whole section, only these two lines remain."""
    if total is None or not subtotals or any(r.value is None for r in items):
        return []
    gap = total - sum(r.value for r in items)  # type: ignore[misc]
    if not gap:
        return []
    values: list[int] = [r.value for r in items]  # type: ignore[misc]
    runs = {range(start, end) for end, value in subtotals for start in range(0, end - 1)
            if end <= len(values) and sum(values[start:end]) + gap == value}
    return sorted({i for run in runs for i in run if plausible(items[i].raw, values[i] + gap)})


def repair_sign(items: list[Reading], total: int | None) -> int | None:
    """Index of the one item whose lost parentheses the total shows ("Accumulated deficit 907596" where the
    section foots only with -907,596); its value is then negated. Only a figure printed without a sign."""
    if total is None or any(r.value is None for r in items):
        return None
    gap = sum(r.value for r in items) - total  # type: ignore[misc]
    hits = [i for i, r in enumerate(items) if gap and 2 * r.value == gap and not _signed(r.raw)]  # type: ignore[operator]
    if len(hits) != 1:
        return None
    items[hits[0]].value = -items[hits[0]].value  # type: ignore[operator]
    return hits[0]


def _signed(raw: str | None) -> bool:
    return raw is not None and ("(" in raw or ")" in raw or raw.strip().startswith("-"))


def doubtful_items(items: list[Reading], total: int | None) -> list[int]:
    """Items one OCR digit away from closing a section that does not foot, when the total cannot pick one:
    any of them may be the misread figure. Empty when the section foots or the gap is no misread digit."""
    if total is None or any(r.value is None for r in items):
        return []
    gap = total - sum(r.value for r in items)  # type: ignore[misc]
    if not gap:
        return []
    return [i for i, r in enumerate(items) if edits(r.raw, r.value + gap) == 1]  # type: ignore[operator]


MAX_COMBINATIONS = 64  # second printings tried together for a section's doubtful figures


def second_printing(items: list[Reading], total: int | None, figures: Callable[[], frozenset[int]]) -> list[int]:
    """Indices of items settled by the filing's second printing of them (the notes' tables repeat the
    statement's figures): where the total alone cannot tell which reading is wrong, the one combination of
    clean figures printed elsewhere, each one digit from what OCR read here, that makes the section foot.

    With damaged (provisional) or unread figures, those are the ones replaced; with clean figures only, the
    one item whose corrected value the filing prints elsewhere. Nothing changes unless exactly one way foots.
    ``figures``: the figures printed elsewhere, asked for only where a section needs them (they are read from
    the whole filing, and a section of clean figures that foots needs none).
    """
    if total is None:
        return []
    doubtful = [i for i, r in enumerate(items) if r.provisional or r.value is None]
    if not doubtful and total == sum(r.value for r in items):  # type: ignore[misc]
        return []
    printed = figures()
    if not printed:
        return []
    if not doubtful:
        gap = total - sum(r.value for r in items)  # type: ignore[misc]
        hits = [i for i, r in enumerate(items) if gap and r.value + gap in printed  # type: ignore[operator]
                and _one_digit_off(r.raw, r.value + gap)]  # type: ignore[operator]
        if len(hits) != 1:
            return []
        items[hits[0]].value = items[hits[0]].value + gap  # type: ignore[operator]
        return hits
    options = []
    for i in doubtful:
        near = sorted(n for n in printed if _one_digit_off(items[i].raw, n))
        if not near:
            return []
        options.append(near)
    if prod(len(o) for o in options) > MAX_COMBINATIONS:
        return []
    rest = sum(r.value for i, r in enumerate(items) if i not in doubtful)  # type: ignore[misc]
    fits = [combo for combo in product(*options) if rest + sum(combo) == total]
    if len(fits) != 1:
        return []
    for i, v in zip(doubtful, fits[0]):
        items[i].value, items[i].provisional = v, False
    return doubtful


def _one_digit_off(raw: str | None, value: int) -> bool:
    d = edits(raw, value)
    return d is not None and d <= 1


def foots(items: list[int | None], total: int | None, extra: int = 0) -> bool | None:
    """True/False when both sides are known; None when something is missing."""
    if total is None or any(v is None for v in items):
        return None
    return sum(items) + extra == total  # type: ignore[arg-type]
