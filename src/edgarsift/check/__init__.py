"""Shared arithmetic for the families' checks: each comparison becomes a Finding with its numbers."""
from __future__ import annotations

from typing import Any

from ..records import Finding, Severity
from ..text.numbers import format_number as num


def finding(check: str, severity: Severity, message: str, path: str | None = None, **values: Any) -> Finding:
    return Finding(check=check, severity=severity, message=message, values=values, path=path)


def compare_amounts(check: str, label: str, expected: float | None, actual: float | None, *, tolerance: float = 0.5,
                    warn_tolerance: float | None = None, path: str | None = None, **extra: Any) -> Finding | None:
    """``ok`` when ``actual`` is within ``tolerance`` of ``expected``; ``warning`` within ``warn_tolerance``;
    else ``error``. None when either side is missing (nothing to check)."""
    if expected is None or actual is None:
        return None
    diff = actual - expected
    if abs(diff) <= tolerance:
        sev: Severity = "ok"
    elif warn_tolerance is not None and abs(diff) <= warn_tolerance:
        sev = "warning"
    else:
        sev = "error"
    verb = "matches" if sev == "ok" else "differs from"
    return finding(check, sev, f"{label}: {num(actual)} {verb} {num(expected)} (difference {num(diff)})", path,
                   expected=expected, actual=actual, difference=diff, **extra)


def compare_order(check: str, small_label: str, small: float | None, large_label: str, large: float | None, *,
                  path: str | None = None, **values: Any) -> Finding | None:
    """``ok`` when ``small <= large`` (amount sold within the offering, required within net capital), else
    ``error``; None when either side is missing. ``values`` name the numbers for the finding."""
    if small is None or large is None:
        return None
    ok = small <= large
    verb = "is within" if ok else "exceeds"
    return finding(check, "ok" if ok else "error", f"{small_label} {num(small)} {verb} {large_label} {num(large)}", path,
                   **values)


def keep(findings: list[Finding | None]) -> list[Finding]:
    return [f for f in findings if f is not None]
