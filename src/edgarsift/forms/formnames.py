"""What a form filter means (``search --form``, the review page, GET /api/filings?form_type=): a form, its family
name or a bare number matches every way EDGAR spells it.

``13D`` matches ``SC 13D``, ``SC 13D/A`` and ``SCHEDULE 13D``; ``SC 13G/A`` only the 13G amendments; ``D``
matches ``D`` and ``D/A``; a family name (``schedule13``, ``form_d``, ``x17a5``) every form of that family.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

# words EDGAR puts before a schedule's number, spelled several ways
_SCHEDULE_PREFIX = re.compile(r"^(?:SC|SCHEDULE|SCHED\.?)\s*(?=\d)", re.I)
_AMENDMENT = re.compile(r"\s*/\s*A$", re.I)
_FORM_WORD = re.compile(r"^FORM\s+", re.I)  # "Form D" is D
# names that stand for several forms at once (``fetch --form 13DG``), or another spelling of one
_ALIASES: dict[str, tuple[str, ...]] = {"13DG": ("13D", "13G"), "X17A5": ("X-17A-5",)}


def _key(form: str) -> tuple[str, bool]:
    """(the form's core without prefix, spaces or amendment mark, whether it is an amendment)."""
    text = " ".join(form.split()).upper()
    amended = bool(_AMENDMENT.search(text))
    core = _FORM_WORD.sub("", _SCHEDULE_PREFIX.sub("", _AMENDMENT.sub("", text)))
    return core.replace(" ", ""), amended


def form_matches(wanted: str, form_type: str) -> bool:
    """Whether a stored ``form_type`` is what ``--form wanted`` asks for (an amendment only when asked for one)."""
    want_core, want_amended = _key(wanted)
    core, amended = _key(form_type)
    return bool(want_core) and want_core == core and (amended or not want_amended)


def matching_forms(wanted: str, stored: list[tuple[str, str | None]]) -> list[str]:
    """The stored form types (with their family) that ``wanted`` names: a family name or a form."""
    w = wanted.strip().lower()
    return sorted({form for form, family in stored
                   if form and ((family or "").lower() == w or form_matches(wanted, form))})


def form_filter(wanted: Iterable[str] | None, amendments: bool = True) -> Callable[[str], bool]:
    """A predicate on EDGAR form types: does a form match any of ``wanted`` (as :func:`form_matches` reads each;
    ``13DG`` means 13D and 13G)? ``amendments=False`` drops /A forms; no forms wanted: every form."""
    names = [n for w in wanted or () for n in _ALIASES.get(" ".join(w.split()).upper(), (w,))]
    if not names:
        return lambda form: True
    return lambda form: any(form_matches(n, form) for n in names) and (amendments or not _key(form)[1])
