"""The x17a5 form family: model, extractor and checks side by side."""
from ..family import Family
from .checks import run_checks
from .extract import extract
from .model import X17A5Data

FAMILY = Family(
    "x17a5", X17A5Data, extract, run_checks,
    forms={"X-17A-5*": "x17a5"},
    tables=(("net_capital", ()), ("line_items", ("financial_condition", "line_items"))),
    issuer_field="broker_dealer_name", date_fields=("period_end",),
)
