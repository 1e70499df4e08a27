"""The form_d form family: model, extractor and checks side by side."""
from ..family import Family
from .checks import run_checks
from .extract import extract
from .model import FormDData

FAMILY = Family(
    "form_d", FormDData, extract, run_checks,
    forms={"D": "form_d", "D/A": "form_d"},
    tables=(("offerings", ()), ("related_persons", ("related_persons",)), ("securities", ("securities",)),
            ("sales_recipients", ("sales_compensation_recipients",)), ("appendix_rows", ("state_appendix",))),
    issuer_field="issuer_name", date_fields=("signature_date", "date_of_first_sale"),
)
