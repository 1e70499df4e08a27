"""Form D record (SCHEMA.md § Form D): paper-era text, XML primary_doc and its HTML rendering."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...records import FormData
from ..common import Address

EntityType = Literal["corporation", "limited partnership", "limited liability company", "general partnership",
                     "business trust", "other"]



class RelatedPerson(FormData):
    name: str | None = None
    relationships: list[str] = Field(default_factory=list)


class Security(FormData):
    type: str | None = None
    aggregate_offering_price: int | None = None
    amount_sold: int | None = None


class Recipient(FormData):
    name: str | None = None


class AppendixRow(FormData):
    state: str | None = None
    offering_amount: int | None = None
    accredited_investors: int | None = None
    accredited_amount: int | None = None
    non_accredited_investors: int | None = None
    non_accredited_amount: int | None = None


class FormDData(FormData):
    issuer_name: str | None = None
    issuer_address: Address | None = None
    issuer_phone: str | None = None
    jurisdiction_of_incorporation: str | None = None
    year_of_incorporation: int | None = None
    entity_type: EntityType | None = None
    business_description: str | None = None
    industry_group: str | None = None
    federal_exemptions: list[str] = Field(default_factory=list)
    uloe: bool | None = None
    related_persons: list[RelatedPerson] = Field(default_factory=list)
    minimum_investment: int | None = None
    securities: list[Security] = Field(default_factory=list)
    total_offering_amount: int | None = None
    total_amount_sold: int | None = None
    date_of_first_sale: str | None = None
    accredited_investors: int | None = None
    accredited_amount: int | None = None
    non_accredited_investors: int | None = None
    non_accredited_amount: int | None = None
    total_investors: int | None = None
    sales_commissions: int | None = None
    finders_fees: int | None = None
    sales_compensation_recipients: list[Recipient] = Field(default_factory=list)
    adjusted_gross_proceeds: int | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signature_date: str | None = None
    state_appendix: list[AppendixRow] = Field(default_factory=list)
