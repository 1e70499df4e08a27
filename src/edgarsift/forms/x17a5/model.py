"""Form X-17A-5 Part III record (SCHEMA.md § Form X-17A-5 Part III)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...records import FormData
from ..common import Address



class LineItem(FormData):
    section: Literal["assets", "liabilities", "equity"]
    label: str
    amount: int | None = None
    concept: str | None = None  # standard concept (cash, securities_owned, …) or None when unmapped


class FinancialCondition(FormData):
    as_of: str | None = None
    total_assets: int | None = None
    total_liabilities: int | None = None
    subordinated_borrowings: int | None = None
    total_equity: int | None = None
    total_liabilities_and_equity: int | None = None
    line_items: list[LineItem] = Field(default_factory=list)
    reporting_entity: str | None = None  # whose statement this is (broker-dealer only vs consolidated)
    consolidated: bool | None = None
    # figures left out because their reading is doubtful, each with the reason (findings; not in the scored schema)
    withheld: list[str] = Field(default_factory=list)


class X17A5Data(FormData):
    broker_dealer_name: str | None = None
    sec_file_number: str | None = None
    firm_id: str | None = None
    period_begin: str | None = None
    period_end: str | None = None
    principal_office: Address | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    accountant_name: str | None = None
    audit_report_date: str | None = None
    oath_signer_name: str | None = None
    oath_signer_title: str | None = None
    financial_condition: FinancialCondition | None = None
    net_capital: int | None = None
    required_net_capital: int | None = None
    excess_net_capital: int | None = None
    aggregate_indebtedness_to_net_capital_pct: float | None = None
    # the rule's dollar floor as the note states it ("greater of 2% … or $250,000"): for the
    # "required >= stated minimum" check; not in the scored schema
    stated_minimum_net_capital: int | None = None
