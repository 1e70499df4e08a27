"""Record parts more than one form family prints the same way."""
from __future__ import annotations

from pydantic import Field

from ..records import FormData


class Address(FormData):
    """A postal address as printed: street (lines joined with ", "), city, state as the form gives it, zip."""

    street: str | None = Field(None, description="Street lines as printed, joined with ', '.")
    city: str | None = Field(None, description="City.")
    state: str | None = Field(None, description="State as the form gives it: a two-letter code, or EDGAR's code "
                                                "for a foreign place (D0).")
    zip: str | None = Field(None, description="ZIP or postal code.")
