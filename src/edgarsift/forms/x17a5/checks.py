"""x17a5 checks: the filing's own arithmetic as findings."""
from __future__ import annotations

from ...records import Finding
from .model import X17A5Data


def run_checks(data: X17A5Data) -> list[Finding]:
    return []
