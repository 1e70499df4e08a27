"""form_d checks: the filing's own arithmetic as findings."""
from __future__ import annotations

from ...records import Finding
from .model import FormDData


def run_checks(data: FormDData) -> list[Finding]:
    return []
