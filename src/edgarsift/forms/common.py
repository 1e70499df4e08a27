"""Record parts more than one form family prints the same way."""
from __future__ import annotations

from ..records import FormData


class Address(FormData):
    """A postal address as printed: street (lines joined with ", "), city, state as the form gives it, zip."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
