"""schedule13 checks: the filing's own arithmetic as findings."""
from __future__ import annotations

from ...records import Finding
from .model import Schedule13Data


def run_checks(data: Schedule13Data) -> list[Finding]:
    return []
