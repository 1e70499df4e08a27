"""Form D record (SCHEMA.md § Form D): paper-era text, XML primary_doc and its HTML rendering."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...records import FormData
from ..common import Address

EntityType = Literal["corporation", "limited partnership", "limited liability company", "general partnership",
                     "business trust", "other"]



class RelatedPerson(FormData):
    name: str | None = Field(None, description="Last, First Middle (paper form: as printed).")
    relationships: list[str] = Field(default_factory=list, description=(
        "Promoter, Beneficial Owner, Executive Officer, Director, General and/or Managing Partner."))


class Security(FormData):
    type: str | None = Field(None, description="Equity, Debt, Pooled Investment Fund Interests, … (the paper "
                                               "form's row or the XML's type checked).")
    aggregate_offering_price: int | None = Field(None, description="Paper form: aggregate offering price of "
                                                                   "this type, in dollars.")
    amount_sold: int | None = Field(None, description="Paper form: amount already sold of this type, in dollars.")


class Recipient(FormData):
    name: str | None = Field(None, description="Name of a person paid sales compensation.")


class AppendixRow(FormData):
    state: str | None = Field(None, description="Two-letter state code of the appendix row.")
    offering_amount: int | None = Field(None, description="Column 3: offering amount in this state, dollars.")
    accredited_investors: int | None = Field(None, description="Number of accredited investors in this state.")
    accredited_amount: int | None = Field(None, description="Amount sold to accredited investors here, dollars.")
    non_accredited_investors: int | None = Field(None, description="Number of non-accredited investors here.")
    non_accredited_amount: int | None = Field(None, description="Amount sold to non-accredited investors here.")


class FormDData(FormData):
    issuer_name: str | None = Field(None, description="Name of the issuer.")
    issuer_address: Address | None = Field(None, description="The issuer's principal place of business.")
    issuer_phone: str | None = Field(None, description="The issuer's phone number, digits only.")
    jurisdiction_of_incorporation: str | None = Field(None, description=(
        "Two-letter code (DELAWARE -> DE); EDGAR's codes for foreign places (D0) kept."))
    year_of_incorporation: int | None = Field(None, description=(
        "Year of incorporation where the form states one; null for 'over five years ago'."))
    entity_type: EntityType | None = Field(None, description="Legal form of the issuer.")
    business_description: str | None = Field(None, description="Paper form: Brief Description of Business.")
    industry_group: str | None = Field(None, description="XML/HTML: industry group as written (Pooled "
                                                         "Investment Fund).")
    federal_exemptions: list[str] = Field(default_factory=list, description=(
        "Exemptions claimed: Rule 504, Rule 506(b), Section 4(a)(5), Section 3(c)(N), …"))
    uloe: bool | None = Field(None, description="Paper form: the Uniform Limited Offering Exemption box checked.")
    related_persons: list[RelatedPerson] = Field(default_factory=list, description=(
        "Promoters, beneficial owners, executive officers, directors and managing partners."))
    minimum_investment: int | None = Field(None, description="Minimum investment accepted, dollars.")
    securities: list[Security] = Field(default_factory=list, description="Types of securities offered.")
    total_offering_amount: int | None = Field(None, description="Total offering amount, dollars; null when "
                                                                "'Indefinite'.")
    total_amount_sold: int | None = Field(None, description="Total amount sold, dollars.")
    date_of_first_sale: str | None = Field(None, description="XML/HTML: date of first sale (YYYY-MM-DD); null "
                                                             "when it is yet to occur.")
    accredited_investors: int | None = Field(None, description="Paper form Part C 2: accredited investors.")
    accredited_amount: int | None = Field(None, description="Paper form Part C 2: amount from accredited "
                                                            "investors, dollars.")
    non_accredited_investors: int | None = Field(None, description="Number of non-accredited investors (XML: 0 "
                                                                   "when it says there are none).")
    non_accredited_amount: int | None = Field(None, description="Paper form Part C 2: amount from non-accredited "
                                                                "investors, dollars.")
    total_investors: int | None = Field(None, description="XML/HTML: total number already invested.")
    sales_commissions: int | None = Field(None, description="Sales commissions, dollars.")
    finders_fees: int | None = Field(None, description="Finders' fees, dollars.")
    sales_compensation_recipients: list[Recipient] = Field(default_factory=list, description=(
        "Persons paid commissions or fees for sales."))
    adjusted_gross_proceeds: int | None = Field(None, description="Paper form Part C 4.b: adjusted gross proceeds "
                                                                  "to the issuer, dollars.")
    signer_name: str | None = Field(None, description="Name of the (first) federal signer.")
    signer_title: str | None = Field(None, description="Title of the (first) federal signer.")
    signature_date: str | None = Field(None, description="Date of the federal signature (YYYY-MM-DD).")
    state_appendix: list[AppendixRow] = Field(default_factory=list, description=(
        "Paper form only: the state appendix, one row per state with any entry."))
