"""Rule 15c3-1 figures from the net capital note: net capital, required minimum, excess, AI ratio.

The note states them in one or two sentences ("had net capital of $57,576,182, which was $56,657,819 in
excess of its required net capital of $918,363"). Phrasings are data (:data:`PHRASES`); amounts use the
statement's scale unless the sentence names its own ("$8.5 billion", "$7,641 million").
"""
from __future__ import annotations

import regex

from ...text import rx
from ...text.values import parse_amount, parse_percent
from ...text.view import TextView

_AMT = r"\$\s?(?P<v>\d{1,3}(?:\s?,\s?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<unit>million|billion|thousand))?"
PHRASES = {
    "net_capital": [
        rf"(?<!minimum\s|tentative\s|required\s)\bnet\s+capital(?:,?\s+as\s+defined,?)?\s+(?:of|was)\s+(?:approximately\s+)?{_AMT}",
    ],
    "excess_net_capital": [
        rf"{_AMT}[\s.]+(?:was\s+|which\s+was\s+)?in\s+excess\s+of\s+(?:its|the)\s+(?:[\w-]+\s+){{0,3}}?(?:required|requirement|minimum|amount\s+required)",
        rf"exceeded\s+(?:its|the)\s+(?:minimum\s+)?(?:net\s+capital\s+)?requirements?\s+of\s+\$\s?[\d,.\s]+?(?:\s*(?:million|billion|thousand))?\s+by\s+{_AMT}",
        rf"excess\s+net\s+capital\s+(?:of|was)\s+{_AMT}",
    ],
    "required_net_capital": [
        rf"in\s+excess\s+of\s+(?:its|the)\s+(?:minimum\s+)?(?:required\s+net\s+capital|net\s+capital\s+requirement|minimum\s+net\s+capital\s+requirement|amount\s+required)\s+of\s+{_AMT}",
        rf"exceeded\s+(?:its|the)\s+(?:minimum\s+)?(?:net\s+capital\s+)?requirements?\s+of\s+{_AMT}",
    ],
}
REQUIRED_BEFORE = regex.compile(
    rf"(?:2|two)\s*%\s+of\s+aggregate\s+debit\s+(?:balances|items)\s+(?:was|were|of)\s+{_AMT},?\s+which\s+exceeded\s+the\s+minimum",
    regex.I)
TABULAR = regex.compile(r"tabular\s+am\w*\s*\w*\s+in\s+(?:thousands|millions)", regex.I)
MINIMUM = [regex.compile(p, regex.I) for p in (
    rf"greater\s+of\s+[^$;]{{0,160}}?\bor\s+{_AMT}",
    rf"greater\s+of\s+{_AMT}\s*,?\s+or\b",
    rf"(?:maintain|of)\s+(?:a\s+)?minimum\s+net\s+capital\s+of\s+(?:not\s+less\s+than\s+)?{_AMT}",
    rf"minimum\s+dollar\s+requirement\s+(?:[\w\s]{{0,30}}?\s)?of\s+{_AMT}",
)]
_COMPILED = {k: [regex.compile(p, regex.I) for p in v] for k, v in PHRASES.items()}
_UNITS = {"million": 1_000_000, "billion": 1_000_000_000, "thousand": 1_000}
NET_CAPITAL = regex.compile(r"net\s+capital\b", regex.I)
# whose net capital: "had net capital", "the Company's net capital", "its net capital"
OWNER_BEFORE = regex.compile(r"(?:\b[Hh]ad|[A-Za-z]['’]s|\b[Ii]ts|\b[A-Z][A-Za-z]+)\s+(?:regulatory\s+)?$")
AI_RATIO = regex.compile(
    r"(?:percentage|ratio)\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital\s+(?:was|of)\s+(?P<v>\d+(?:\.\d+)?)\s*(?P<pct>%|percent|to\s*1)",
    regex.I)
# Where AI_RATIO can match: found by its literal words (the alternation in front would be tried at every
# position of a long report); AI_RATIO is then tried just around each.
AI_ANCHOR = regex.compile(r"aggregate\s+indebtedness\s+to\s+net\s+capital", regex.I)


def _amount(m: "regex.Match[str]", scale: int) -> int | None:
    raw = rx.sub(r"\s", "", m.group("v"))
    unit = (m.group("unit") or "").lower()
    if unit:
        try:
            return int(round(float(raw.replace(",", "")) * _UNITS[unit]))
        except ValueError:
            return None
    v = parse_amount(raw)
    return None if v is None else v * scale


def net_capital(view: TextView, scale: int) -> dict[str, tuple[int | float, tuple[int, int]]]:
    """``{field: (value, source span)}`` for what the net capital sentence states."""
    text = view.text
    out: dict[str, tuple[int | float, tuple[int, int]]] = {}
    # "Tabular amounts in millions": the tables are scaled, the prose states dollars
    prose_scale = 1 if TABULAR.search(text) else scale
    for anchor in NET_CAPITAL.finditer(text):
        if not OWNER_BEFORE.search(text, max(0, anchor.start() - 30), anchor.start()):
            continue
        a = max(0, anchor.start() - 40)
        b = min(len(text), anchor.end() + 450)
        found = {}
        stated_at = anchor.start()
        for key, pats in _COMPILED.items():
            for pat in pats:
                m = pat.search(text, a, b)
                if m:
                    v = _amount(m, prose_scale)
                    if v is not None:
                        found[key] = (v, view.span(*m.span("v")))
                        stated_at = m.start() if key == "net_capital" else stated_at
                    break
        if "net_capital" in found:
            out = found
            if "required_net_capital" not in out:  # alternative method: "2% of aggregate debits was $X, which
                m = REQUIRED_BEFORE.search(text, max(0, stated_at - 600), stated_at)  # exceeded the minimum"
                if m and (v := _amount(m, prose_scale)) is not None:
                    out["required_net_capital"] = (v, view.span(*m.span("v")))
            # the rule's dollar floor is stated just before ("the greater of 2% … or $250,000")
            for pat in MINIMUM:
                m = pat.search(text, max(0, stated_at - 1500), stated_at)
                if m and (v := _amount(m, prose_scale)) is not None:
                    out["stated_minimum_net_capital"] = (v, view.span(*m.span("v")))
                    break
            break
    r = next((m for a in AI_ANCHOR.finditer(text)
              if (m := AI_RATIO.search(text, max(0, a.start() - 40), min(len(text), a.end() + 120)))), None)
    if r:
        v = float(r.group("v"))
        pct = v * 100 if r.group("pct").lower().startswith("to") else v
        if parse_percent(f"{pct}%") is not None or pct > 100:
            out["aggregate_indebtedness_to_net_capital_pct"] = (round(pct, 4), view.span(*r.span("v")))
    return out
