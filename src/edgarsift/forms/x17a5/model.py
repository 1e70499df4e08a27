"""Form X-17A-5 Part III record (SCHEMA.md § Form X-17A-5 Part III)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...records import FormData
from ..common import Address



class LineItem(FormData):
    section: Literal["assets", "liabilities", "equity"] = Field(description="The side of the balance sheet.")
    label: str = Field(description="The line's caption as printed.")
    amount: int | None = Field(None, description="The line's amount in whole dollars (statements in thousands "
                                                 "are converted).")
    concept: str | None = Field(None, description=(
        "Standard concept of the line (cash, securities_owned, …); null when the caption maps to none."))


class FinancialCondition(FormData):
    as_of: str | None = Field(None, description="Date of the statement of financial condition (YYYY-MM-DD).")
    total_assets: int | None = Field(None, description="Total assets, whole dollars.")
    total_liabilities: int | None = Field(None, description=(
        "Total liabilities as printed (some firms include subordinated borrowings in it, others total them apart)."))
    subordinated_borrowings: int | None = Field(None, description="Liabilities subordinated to the claims of "
                                                                  "general creditors, whole dollars.")
    total_equity: int | None = Field(None, description="Total stockholders' / members' equity, whole dollars.")
    total_liabilities_and_equity: int | None = Field(None, description="Total liabilities and equity, whole "
                                                                       "dollars.")
    line_items: list[LineItem] = Field(default_factory=list, description="The statement's lines other than totals.")
    reporting_entity: str | None = Field(None, description=(  # whose statement this is
        "Whose statement this is, as its heading names it (the broker-dealer alone, or with its subsidiaries)."))
    consolidated: bool | None = Field(None, description="Whether the statement consolidates subsidiaries.")
    # figures left out because their reading is doubtful, each with the reason (findings; not in the scored schema)
    withheld: list[str] = Field(default_factory=list, description=(
        "Figures left out because their reading is doubtful, each with the reason (not scored)."))


class X17A5Data(FormData):
    broker_dealer_name: str | None = Field(None, description="Name of the broker-dealer (facing page).")
    sec_file_number: str | None = Field(None, description="SEC file number, 8-NNNNN (facing page).")
    firm_id: str | None = Field(None, description="Firm ID: the CRD number (facing page).")
    period_begin: str | None = Field(None, description="First day of the report period (YYYY-MM-DD).")
    period_end: str | None = Field(None, description="Last day of the report period (YYYY-MM-DD); a store lists "
                                                     "the filing under this date.")
    principal_office: Address | None = Field(None, description="Principal place of business (facing page).")
    contact_name: str | None = Field(None, description="Person to contact in regard to this report.")
    contact_phone: str | None = Field(None, description="That person's phone number, digits only.")
    accountant_name: str | None = Field(None, description="Independent public accountant.")
    audit_report_date: str | None = Field(None, description="Date of the accountant's report (YYYY-MM-DD).")
    oath_signer_name: str | None = Field(None, description="Who signed the oath or affirmation.")
    oath_signer_title: str | None = Field(None, description="The oath signer's title.")
    financial_condition: FinancialCondition | None = Field(None, description="The statement of financial "
                                                                             "condition (balance sheet).")
    net_capital: int | None = Field(None, description="Rule 15c3-1 net capital, whole dollars.")
    required_net_capital: int | None = Field(None, description="Rule 15c3-1 minimum net capital required.")
    excess_net_capital: int | None = Field(None, description="Net capital in excess of the requirement.")
    aggregate_indebtedness_to_net_capital_pct: float | None = Field(None, description=(
        "Ratio of aggregate indebtedness to net capital, in percent, where stated."))
    # the rule's dollar floor as the note states it ("greater of 2% … or $250,000"): for the
    # "required >= stated minimum" check; not in the scored schema
    stated_minimum_net_capital: int | None = Field(None, description=(
        "The rule's dollar floor as the notes state it (greater of 2% … or $250,000); not scored."))
