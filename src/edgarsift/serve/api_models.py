"""The API's response models and documented problems (OpenAPI): shared by the routes in api.py and
api_history.py."""
from __future__ import annotations

import dataclasses
import typing
from enum import Enum
from typing import Any, Union

from pydantic import BaseModel, Field, create_model

from ..forms.registry import FAMILIES
from ..records import Record
from ..store.base import FilingRow
from ..store.schema import USER_TABLES

# A record whose data is any family's model: accurate OpenAPI for the record endpoints. The union is built from
# the registry at run time, which a static checker cannot follow (hence the ignores here and where it is used).
AnyRecord = Record[Union[tuple(f.model for f in FAMILIES.values())]]  # type: ignore[misc,valid-type]


# The normalized tables the store exposes (its schema module is shared by every backend); members come from the
# schema at run time, which the checker cannot read out of a computed dict.
Table = Enum("Table", {name: name for name in USER_TABLES}, type=str)  # type: ignore[misc]


# What each listing column means (OpenAPI and `edgarsift schema` users read these).
FILING_FIELD_DOCS = {
    "id": "The filing's id in this store; the same bytes (sha256) keep it when extracted again.",
    "path": "The file as ingested or uploaded.",
    "sha256": "SHA-256 of the file's bytes.",
    "format": "How the text was read: ocr-text, edgar-sgml, html, xml, pdf or text.",
    "form_type": "EDGAR's spelling of the form (SC 13D/A, D, X-17A-5); UNKNOWN when nothing was recognised.",
    "amendment_number": "Amendment No. as printed; null for an original or an unnumbered amendment.",
    "family": "schedule13, form_d or x17a5; null for forms edgarsift does not extract.",
    "issuer_name": "The issuer (13D/G, Form D) or the broker-dealer (X-17A-5).",
    "filing_date": ("The date the filing is listed under (YYYY-MM-DD): EDGAR's filed-as-of date when the file has "
                    "an EDGAR header; without one, the signature date of a 13D/G (else its event date), the "
                    "signature date of a Form D (else its date of first sale), and the period end of an X-17A-5."),
    "status": "ok (extracted) or failed (see error).",
    "worst_severity": "The worst finding of the checks: ok, warning or error.",
    "error": "Why the file could not be extracted, when status is failed.",
}


def _filing_out() -> type[BaseModel]:
    """The listing row as the API shows it: the store's FilingRow fields (one definition), minus ``extra``."""
    hints = typing.get_type_hints(FilingRow)
    fields = {f.name: (hints[f.name], Field(... if f.default is dataclasses.MISSING else f.default,
                                            description=FILING_FIELD_DOCS.get(f.name)))
              for f in dataclasses.fields(FilingRow) if f.name != "extra"}
    # fields given as a computed dict: the checker cannot match them to create_model's keyword overloads
    return create_model("FilingOut", **fields)  # type: ignore[call-overload]


FilingOut = _filing_out()


class FilingPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[FilingOut]  # type: ignore[valid-type]  # a model made at run time (above)


class RecordOut(BaseModel):
    id: int
    record: AnyRecord  # type: ignore[valid-type]  # a model made at run time (above)


class Problem(BaseModel):
    detail: str


class InvalidRequest(BaseModel):
    """422: a filing that cannot be read (``detail`` is a message) or a malformed request (a list of errors)."""

    detail: str | list[dict[str, Any]]


PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "missing or invalid bearer token"},
    404: {"model": Problem, "description": "no such filing"},
}


def json_problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error responses spelled out as JSON, for routes whose success is not JSON (FastAPI would otherwise
    document their errors with the route's own media type)."""
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {c: {"description": PROBLEMS[c]["description"], "content": ref} for c in codes}
