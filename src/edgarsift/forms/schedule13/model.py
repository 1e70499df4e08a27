"""Schedule 13D / 13G record (SCHEMA.md § Schedule 13D / 13G)."""
from __future__ import annotations

from pydantic import Field

from ...records import FormData


class ReportingPerson(FormData):
    name: str | None = None
    source_of_funds: list[str] = Field(default_factory=list)  # 13D row 4 codes (AF, WC, PF, OO, …)
    citizenship_or_place: str | None = None
    sole_voting_power: int | None = None
    shared_voting_power: int | None = None
    sole_dispositive_power: int | None = None
    shared_dispositive_power: int | None = None
    aggregate_amount: int | None = None
    percent_of_class: float | None = None
    type_of_reporting_person: list[str] = Field(default_factory=list)
    # Facts the checks need beyond SCHEMA.md's fields (not scored), read from this person's cover footnotes:
    # shares issuable on conversion/exercise that the text adds to the class total for this person's percent,
    # and the listed components ("(i) 999,700 shares …, (ii) …") of the aggregate's footnote.
    issuable_shares: int | None = None
    aggregate_components: list[int] = Field(default_factory=list)
    # Values read but left out because the cover's own arithmetic contradicts them: field -> reason (not scored;
    # each is reported as an ``sc13.set_aside`` finding)
    set_aside: dict[str, str] = Field(default_factory=dict)


class Schedule13Data(FormData):
    issuer_name: str | None = None
    security_title: str | None = None
    issuer_cusip: str | None = None
    event_date: str | None = None
    notice_contact_name: str | None = None  # 13D only
    reporting_persons: list[ReportingPerson] = Field(default_factory=list)
    shares_outstanding: int | None = None
    shares_outstanding_date: str | None = None
    signature_date: str | None = None
    items: list[str] = Field(default_factory=list)
    item_texts: dict[str, str] = Field(default_factory=dict)  # not scored; kept for readers
