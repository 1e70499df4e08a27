"""FAMILIES: the only form registry. A new form family is one package plus one line here."""
from __future__ import annotations

from typing import Any

from .family import Family
from .form_d import FAMILY as FORM_D
from .schedule13 import FAMILY as SCHEDULE13
from .x17a5 import FAMILY as X17A5

FAMILIES: dict[str, Family[Any]] = {f.name: f for f in (SCHEDULE13, FORM_D, X17A5)}

OTHER = "other"  # the scoring key of a form no family takes


def family_of(form_type: str) -> Family[Any] | None:
    """The family that extracts ``form_type`` (as classify spells it), or None for every other form."""
    return next((f for f in FAMILIES.values() if f.takes(form_type)), None)


def score_key(form_type: str | None) -> str:
    """The key a gold document of ``form_type`` is scored under: its family's (13D and 13G apart), else "other"."""
    return next((k for f in FAMILIES.values() if (k := f.score_key(form_type or "")) is not None), OTHER)
