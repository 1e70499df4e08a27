"""Printed labels of the X-17A-5 statement of financial condition, as data.

Patterns are matched against a row label with its white space collapsed; OCR variants seen in scans
("Totat liabilities", "Iiabilitles") are folded in by the character classes rather than by per-file rules.
"""
from __future__ import annotations

import regex

_I = r"[il1I|]"  # i / l / 1 look alike in OCR
_LIAB = rf"[lLI]{_I}ab{_I}{_I}{_I}t{_I}es"
_EQUITY_WORD = r"(?:equity|capital|deficit|deficiency)"
_OWNER = r"(?:stock\s*holder|share\s*holder|member|partner|owner|proprietor)s?['’`]?s?['’`]?"

I = regex.I
TITLE = regex.compile(r"statement\s*of\s*financial\s*condition", I)
CONSOLIDATED = regex.compile(r"consolidated", I)
SCALE = [  # (pattern over the statement header, multiplier)
    (regex.compile(r"\bin\s+millions\b|\bmillions\s+of\s+dollars\b|\bdollars\s+in\s+millions\b", I), 1_000_000),
    (regex.compile(r"\bin\s+thousands\b|\bthousands\s+of\s+dollars\b|\bdollars\s+in\s+thousands\b|\(\s*000['’]?s\s*omitted\s*\)|\$\s*000\b", I), 1_000),
]

# Section headings (a label line without an amount).
ASSETS_HEADING = regex.compile(r"^assets\s*:?$", I)
LIABILITIES_HEADING = regex.compile(rf"^{_LIAB}\b.*$|^{_LIAB}\s*:?$", I)
EQUITY_HEADING = regex.compile(rf"^(?:{_OWNER}\s*{_EQUITY_WORD}|{_EQUITY_WORD})(?:\s*\(deficit\))?\s*:?$", I)

# Totals (label of a row with an amount).
TOTAL = r"(?:total|tota[lt1]|totai|fotal)"
TOTAL_ASSETS = regex.compile(rf"^{TOTAL}\s+assets$", I)
TOTAL_LIABILITIES = regex.compile(rf"^{TOTAL}\s+{_LIAB}$", I)
TOTAL_L_AND_E = regex.compile(rf"^{TOTAL}\s+{_LIAB}\s*(?:,|and|&)\s*.*{_EQUITY_WORD}.*$|^{TOTAL}$", I)
TOTAL_EQUITY = regex.compile(rf"^{TOTAL}\s+(?:{_OWNER}\s*)?{_EQUITY_WORD}(?:\s*\(deficit\))?$", I)
ANY_TOTAL = regex.compile(rf"^{TOTAL}\b", I)
# A single equity line standing for the whole of equity ("Member's equity", "Partners' capital").
EQUITY_LINE = regex.compile(rf"^{_OWNER}\s*{_EQUITY_WORD}(?:\s*\(deficit\))?$", I)
SUBORDINATED = regex.compile(r"subordinated", I)

# Lines that are part of the page, not the statement: skip them wherever they fall.
NOISE_LINE = regex.compile(
    r"^(?:see\s+(?:the\s+)?accompanying|the\s+accompanying\s+notes|see\s+notes|commitments\b|\(?continued\)?$"
    r"|\(?(?:dollars\s+)?in\s+(?:thousands|millions)|\(?an?\s+(?:indirect|wholly)|confidential)", I)
# Where the statement ends at the latest (the notes begin).
END_LINE = regex.compile(r"^notes\s+to\s+(?:the\s+)?(?:consolidated\s+)?statement|^\d{1,2}\.?\s+organization\b", I)
