"""The schedule13 form family: model, extractor and checks side by side."""
from ..family import Family
from .checks import run_checks
from .extract import extract
from .model import Schedule13Data

FAMILY = Family(
    "schedule13", Schedule13Data, extract, run_checks,
    forms={"SC 13D*": "sc13d", "SCHEDULE 13D*": "sc13d", "SC 13G*": "sc13g", "SCHEDULE 13G*": "sc13g"},
    tables=(("schedule13", ()), ("reporting_persons", ("reporting_persons",))),
    issuer_field="issuer_name", date_fields=("signature_date", "event_date"),
)
