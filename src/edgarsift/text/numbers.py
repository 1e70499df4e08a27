"""How numbers read in every message, page and terminal view: money and share counts whole, with thousands
separators, never in scientific notation ("243,796,000,000", not "2.43796e+11")."""
from __future__ import annotations

import math
import re
from typing import Any

# a fraction (a percent, a ratio) keeps this many decimals at most; trailing zeros are dropped
MAX_DECIMALS = 4


def format_number(value: Any, decimals: int = MAX_DECIMALS) -> str:
    """``1234567`` → ``'1,234,567'``; ``2.48026e11`` → ``'248,026,000,000'``; ``36.25`` → ``'36.25'``;
    anything that is not a number (None, text, booleans) → ``str(value)``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return f"{int(value):,}"
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return f"{value:,}"


# integer fields that are labels, not quantities: printed as they are ("2005", not "2,005")
NOT_QUANTITY = re.compile(r"year|number|version|cik|zip|phone|page|(?:^|_)id$", re.I)


def format_field(name: str, value: Any) -> str:
    """A field's value for display: quantities (money, shares, counts) through ``format_number``, a list of
    them joined by commas (by semicolons when their own commas group digits), identifiers and years as they are."""
    if isinstance(value, list):
        parts = [format_field(name, v) for v in value]
        return ("; " if any("," in p for p in parts) else ", ").join(parts)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not NOT_QUANTITY.search(name):
        return format_number(value)
    return str(value)
