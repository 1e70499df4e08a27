"""Schedule 13D / 13G record (SCHEMA.md § Schedule 13D / 13G)."""
from __future__ import annotations

from pydantic import Field

from ...records import FormData


class ReportingPerson(FormData):
    name: str | None = Field(None, description="Name of the reporting person (cover row 1).")
    source_of_funds: list[str] = Field(default_factory=list, description=(  # 13D row 4 codes (AF, WC, PF, OO, …)
        "13D cover row 4: source of funds codes, upper case (AF, WC, PF, OO, …)."))
    citizenship_or_place: str | None = Field(None, description=(
        "Citizenship or place of organization as printed (U.S.A., Delaware); in the XML forms, the code given."))
    sole_voting_power: int | None = Field(None, description="Shares with sole voting power.")
    shared_voting_power: int | None = Field(None, description="Shares with shared voting power.")
    sole_dispositive_power: int | None = Field(None, description="Shares with sole dispositive power.")
    shared_dispositive_power: int | None = Field(None, description="Shares with shared dispositive power.")
    aggregate_amount: int | None = Field(None, description="Aggregate amount beneficially owned by this person.")
    percent_of_class: float | None = Field(None, description=(
        "Percent of class represented by the aggregate amount, in percent units (36.2); null for 'less than 1%'."))
    type_of_reporting_person: list[str] = Field(default_factory=list, description=(
        "Type of reporting person codes, upper case (IN, CO, PN, OO, …)."))
    # Facts the checks need beyond SCHEMA.md's fields (not scored), read from this person's cover footnotes:
    # shares issuable on conversion/exercise that the text adds to the class total for this person's percent,
    # and the listed components ("(i) 999,700 shares …, (ii) …") of the aggregate's footnote.
    issuable_shares: int | None = Field(None, description=(
        "Shares issuable on conversion or exercise that the text adds to the class total for this person's "
        "percent (from a cover footnote; not scored)."))
    aggregate_components: list[int] = Field(default_factory=list, description=(
        "The components a cover footnote lists for the aggregate amount ((i) 999,700 shares, (ii) …; not scored)."))
    # Values read but left out because the cover's own arithmetic contradicts them: field -> reason (not scored;
    # each is reported as an ``sc13.set_aside`` finding)
    set_aside: dict[str, str] = Field(default_factory=dict, description=(
        "Values read but left out because the cover's own arithmetic contradicts them: field -> reason "
        "(each also an sc13.set_aside finding)."))


class Schedule13Data(FormData):
    issuer_name: str | None = Field(None, description="Name of the issuer on the cover.")
    security_title: str | None = Field(None, description="Title of the class of securities.")
    issuer_cusip: str | None = Field(None, description="CUSIP of the class: 9 characters, upper case, no spaces.")
    event_date: str | None = Field(None, description="Date of the event which requires filing this statement "
                                                     "(YYYY-MM-DD).")
    notice_contact_name: str | None = Field(None, description=(  # 13D only
        "13D only: person authorized to receive notices and communications (the first one named)."))
    reporting_persons: list[ReportingPerson] = Field(default_factory=list, description=(
        "One per cover page, in order."))
    shares_outstanding: int | None = Field(None, description=(
        "The class total the percentages are based on, as the text states it (Item 5 or a cover footnote)."))
    shares_outstanding_date: str | None = Field(None, description="The date of that class total (YYYY-MM-DD).")
    signature_date: str | None = Field(None, description="Date of the signature block (YYYY-MM-DD).")
    items: list[str] = Field(default_factory=list, description="Item numbers found as headings (1, 2, …).")
    item_texts: dict[str, str] = Field(default_factory=dict, description=(  # not scored; kept for readers
        "The text under each item heading, by item number (not scored)."))
