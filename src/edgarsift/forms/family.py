"""What a form family provides: its data model, its extractor and its checks, and what the rest of the
package needs to know about it (which forms it takes, its normalized tables, how it is listed and scored)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Mapping, TypeVar

from ..classify import FormInfo
from ..read import Document
from ..records import Finding, FormData, Provenance, Record

D = TypeVar("D", bound=FormData)


@dataclass(frozen=True)
class Family(Generic[D]):
    name: str
    model: type[D]
    extract: Callable[[Document, FormInfo], tuple[D, Provenance]]
    checks: Callable[[D], list[Finding]]
    # EDGAR form type (upper case; a trailing "*" takes every form that begins so) -> the key its documents are
    # scored under (edgarsift eval, ../shared/tools/score.py)
    forms: Mapping[str, str]
    # the store's normalized tables: (table name, attribute path inside ``data`` to a model or a list of models)
    tables: tuple[tuple[str, tuple[str, ...]], ...]
    issuer_field: str  # the data field that names the filing's issuer in listings
    date_fields: tuple[str, ...]  # where a filing's date is read, in order, when the EDGAR header has none

    def score_key(self, form_type: str) -> str | None:
        """The scoring key of ``form_type`` when this family takes it, else None."""
        form = form_type.upper()
        for pattern, key in self.forms.items():
            if form == pattern or (pattern.endswith("*") and form.startswith(pattern[:-1])):
                return key
        return None

    def takes(self, form_type: str) -> bool:
        return self.score_key(form_type) is not None

    @property
    def record_model(self) -> type[Record[Any]]:
        """The Record whose ``data`` is this family's model: what a stored record's JSON validates back into."""
        return Record[self.model]  # type: ignore[name-defined]  # the model is a value here, not a static type
