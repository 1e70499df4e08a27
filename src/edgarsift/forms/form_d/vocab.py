"""Form D vocabulary as data: exemption codes, security types, entity types, relationships, jurisdictions.

Every reader of the family (paper text, XML, HTML rendering) maps what it finds through these tables, so a
new label variant or code is one more row here, not a new branch in a reader.
"""
from __future__ import annotations

import regex

from ...text import rx
from ...text.values import state_code
from .model import EntityType

# XML federalExemptionsExclusions/item codes → SCHEMA.md names (04.1/04.2/04.3 are all Rule 504)
EXEMPTION_CODES: dict[str, str] = {
    "04": "Rule 504", "04.1": "Rule 504", "04.2": "Rule 504", "04.3": "Rule 504",
    "05": "Rule 505", "06": "Rule 506", "06b": "Rule 506(b)", "06c": "Rule 506(c)",
    "4a5": "Section 4(a)(5)", "3C": "Section 3(c)",
}
_EXEMPTION_3C_N = regex.compile(r"^3C\.(\d{1,2})$", regex.I)

# EDGAR's rendering labels of the same exemptions (HTML page, item 6)
EXEMPTION_LABELS: list[tuple[str, str]] = [
    (r"Rule\s*504[^\t\n]*", "Rule 504"),  # the four 504(b)(1) variants
    (r"Rule\s*505", "Rule 505"),
    (r"Rule\s*506\s*\(b\)", "Rule 506(b)"),
    (r"Rule\s*506\s*\(c\)", "Rule 506(c)"),
    (r"Rule\s*506(?!\s*\()", "Rule 506"),
    (r"Securities\s+Act\s+Section\s+4\s*\(a\)\s*\(5\)", "Section 4(a)(5)"),
    (r"Investment\s+Company\s+Act\s+Section\s+3\s*\(c\)(?!\s*\()", "Section 3(c)"),
    (r"Section\s+3\s*\(c\)\s*\((\d{1,2})\)", "Section 3(c)({0})"),
]


def exemption_from_code(code: str) -> str | None:
    code = code.strip()
    if code in EXEMPTION_CODES:
        return EXEMPTION_CODES[code]
    m = _EXEMPTION_3C_N.match(code)
    return f"Section 3(c)({int(m.group(1))})" if m else None


# XML typesOfSecuritiesOffered flags → SCHEMA.md security types (XML/HTML form)
SECURITY_FLAGS: dict[str, str] = {
    "isEquityType": "Equity",
    "isDebtType": "Debt",
    "isPooledInvestmentFundType": "Pooled Investment Fund Interests",
    "isTenantInCommonType": "Tenant-in-Common Securities",
    "isOptionToAcquireType": "Option, Warrant or Other Right",
    "isSecurityToBeAcquiredType": "Security to be Acquired Upon Exercise",
    "isMineralPropertyType": "Mineral Property Securities",
    "isOtherType": "Other",
}
# The same types as EDGAR's page prints them (item 9), label pattern → type
SECURITY_LABELS: list[tuple[str, str]] = [
    (r"Pooled\s+Investment\s+Fund\s+Interests", "Pooled Investment Fund Interests"),
    (r"Tenant-in-Common\s+Securities", "Tenant-in-Common Securities"),
    (r"Option,\s*Warrant\s+or\s+Other\s+Right\s+to\s+Acquire\s+Another\s+Security", "Option, Warrant or Other Right"),
    (r"Security\s+to\s+be\s+Acquired\s+Upon\s+Exercise", "Security to be Acquired Upon Exercise"),
    (r"Mineral\s+Property\s+Securities", "Mineral Property Securities"),
    (r"Equity", "Equity"),
    (r"Debt", "Debt"),
    (r"Other\s*\(describe\)|Other", "Other"),
]

# Paper form Part C item 1 rows → SCHEMA.md paper security types
PAPER_SECURITY_ROWS: list[tuple[str, str]] = [
    ("Debt", "Debt"),
    ("Equity", "Equity"),
    ("Convertible Securities", "Convertible Securities"),
    ("Partnership Interests", "Partnership Interests"),
    ("Other", "Other"),
]

ENTITY_TYPES: dict[str, EntityType] = {
    "corporation": "corporation",
    "limited partnership": "limited partnership",
    "limited liability company": "limited liability company",
    "general partnership": "general partnership",
    "business trust": "business trust",
    "other": "other",
}

# Words that start a title typed after a person's name on the paper form ("Peterffy, Thomas Chairman and …")
TITLE_WORDS = frozenset({
    "chairman", "chair", "chief", "president", "vice", "treasurer", "secretary", "director", "officer", "associate",
    "general", "counsel", "managing", "member", "partner", "manager", "ceo", "cfo", "coo", "executive",
    "principal", "trustee", "founder", "controller", "senior", "assistant",
})

RELATIONSHIPS = ["Promoter", "Beneficial Owner", "Executive Officer", "Director", "General and/or Managing Partner"]

# Foreign jurisdictions as X0708 spells them (a description) → EDGAR's state/country code
FOREIGN_CODES: dict[str, str] = {
    "bermuda": "D0", "cayman islands": "E9", "virgin islands, british": "D8", "british virgin islands": "D8",
    "united kingdom": "X0", "ireland": "L2", "luxembourg": "N4", "canada (federal level)": "Z4",
    "israel": "L3", "netherlands": "P7", "switzerland": "V8", "guernsey": "Y7", "jersey": "Y9",
    "singapore": "U0", "hong kong": "K3", "japan": "M0", "germany": "2M", "france": "I0", "australia": "C3",
    "marshall islands": "1T",
}
_EDGAR_CODE = regex.compile(r"^[A-Z0-9][A-Z0-9]$")


def jurisdiction_code(s: str | None) -> str | None:
    """``DELAWARE`` → ``DE``; an EDGAR code (``D0``) is kept; a known foreign name → its EDGAR code."""
    if not s:
        return None
    code = state_code(s)
    if code:
        return code
    t = s.strip()
    if _EDGAR_CODE.match(t) and rx.search(r"\d", t):
        return t
    return FOREIGN_CODES.get(rx.sub(r"\s+", " ", t.lower()))


def entity_type(s: str | None) -> EntityType | None:
    if not s:
        return None
    key = rx.sub(r"\s+", " ", s.strip().lower())
    if key.startswith("other"):
        return "other"
    return ENTITY_TYPES.get(key)


def person_name(last: str | None, first: str | None, middle: str | None) -> str | None:
    """``Last, First Middle`` as SCHEMA.md spells related persons; ``N/A`` parts are dropped."""
    def keep(p: str | None) -> str | None:
        return p.strip() if p and p.strip() and p.strip().upper() != "N/A" else None

    last, first, middle = keep(last), keep(first), keep(middle)
    if not last:
        return None
    given = " ".join(p for p in (first, middle) if p)
    return f"{last}, {given}" if given else last
