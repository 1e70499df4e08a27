"""Standard concepts for balance-sheet line items, so statements compare across firms and years.

The map is data: ``(section, pattern, concept)``, first match wins, patterns over the label with white space
collapsed. Sub-lines printed under a heading ("Receivables:" → "Customers") carry the heading in
``context`` so "Customers" under receivables maps to ``receivables_customers``. Unmapped labels → None.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ...text import rx

_R = r"receivables?|receivable"
_P = r"payables?|payable"
CONCEPTS: list[tuple[str, str, str]] = [
    # assets
    ("assets", r"^cash\b.*\b(?:segregated|deposit)|^(?:cash and )?securities segregated|segregated", "cash_segregated"),
    ("assets", r"^cash\b", "cash"),
    ("assets", r"purchased under (?:agreements? to resell|resale)|reverse repurchase|resale agreements", "securities_purchased_under_resale"),
    ("assets", r"securities borrow|securities borrowing", "securities_borrowed"),
    ("assets", r"securities received as collateral", "securities_received_as_collateral"),
    ("assets", rf"(?:{_R}).*\bcustomers?\b|(?:{_R}).*brokerage clients|^customers\b|^brokerage clients", "receivables_customers"),
    ("assets", rf"(?:{_R}).*(?:brokers?|dealers|clearing)|^brokers?,? dealers|clearing (?:brokers?|organizations?)", "receivables_brokers_dealers"),
    ("assets", rf"(?:{_R}).*affiliat|^affiliates?$|due from affiliat|loans? receivable from affiliat", "receivables_affiliates"),
    ("assets", r"interest|dividend", "interest_dividends_receivable"),
    ("assets", r"securities owned|financial instruments owned|trading (?:assets|inventory|account assets)|securities$", "securities_owned"),
    ("assets", r"goodwill|intangible", "goodwill_intangibles"),
    ("assets", r"furniture|equipment|fixed assets|property|leasehold", "fixed_assets"),
    ("assets", r"exchange (?:memberships?|shares)", "exchange_memberships"),
    ("assets", r"^other assets", "other_assets"),
    # liabilities
    ("liabilities", r"sold under (?:agreements? to repurchase|repurchase)|repurchase agreements", "securities_sold_under_repurchase"),
    ("liabilities", r"securities loaned|securities lending", "securities_loaned"),
    ("liabilities", r"sold,? (?:but )?not yet purchased|trading (?:liabilities|account liabilities)", "securities_sold_not_yet_purchased"),
    ("liabilities", r"obligations? to return", "obligation_to_return_collateral"),
    ("liabilities", rf"(?:{_P}).*\bcustomers?\b|(?:{_P}).*brokerage clients|^customers\b", "payables_customers"),
    ("liabilities", rf"(?:{_P}).*(?:brokers?|dealers|clearing)|^brokers?,? dealers", "payables_brokers_dealers"),
    ("liabilities", rf"(?:{_P}).*(?:affiliat|member|parent)|^affiliates?$|loans? from affiliat", "payables_affiliates"),
    ("liabilities", r"short[- ]term borrowings?|short[- ]term loan|commercial paper|bank loans?|^borrowings$|^loans$", "short_term_borrowings"),
    ("liabilities", r"long[- ]term (?:debt|borrowings?)", "long_term_debt"),
    ("liabilities", r"compensation|benefits", "accrued_compensation"),
    ("liabilities", r"interest|dividend", "interest_dividends_payable"),
    ("liabilities", r"accounts payable|accrued (?:expenses|liabilities)|other liabilities|drafts payable|^other$", "accrued_and_other_liabilities"),
    # equity
    ("equity", r"preferred stock", "preferred_stock"),
    ("equity", r"common stock", "common_stock"),
    ("equity", r"paid[- ]in capital|capital in excess of par|capital surplus", "additional_paid_in_capital"),
    ("equity", r"retained earnings|accumulated deficit|accumulated earnings", "retained_earnings"),
    ("equity", r"accumulated other comprehensive", "accumulated_other_comprehensive_income"),
    ("equity", r"(?:member|partner|owner)s?['’]?s?['’]? (?:equity|capital)", "members_equity"),
]
_BY_SECTION: dict[str, list[tuple[regex.Pattern[str], str]]] = {}  # a label is tried against its section's only
for _sec, _pattern, _concept in CONCEPTS:
    _BY_SECTION.setdefault(_sec, []).append((regex.compile(_pattern, regex.I), _concept))


@lru_cache(maxsize=8192)  # a pure function of short strings, asked again for every candidate statement
def concept_of(section: str, label: str, context: str | None = None) -> str | None:
    """The standard concept of a line item, or None when the label is not one the map knows."""
    text = rx.sub(r"\s+", " ", label).strip()
    for candidate in ((f"{context} {text}" if context else None), text):
        if not candidate:
            continue
        for pat, concept in _BY_SECTION.get(section, ()):
            if pat.search(candidate):
                return concept
    return None
