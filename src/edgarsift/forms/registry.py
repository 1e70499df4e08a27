"""FAMILIES: the only form registry. A new form family is one package plus one line here."""
from __future__ import annotations

from .family import Family
from .form_d import FAMILY as FORM_D
from .schedule13 import FAMILY as SCHEDULE13
from .x17a5 import FAMILY as X17A5

FAMILIES: dict[str, Family] = {f.name: f for f in (SCHEDULE13, FORM_D, X17A5)}
