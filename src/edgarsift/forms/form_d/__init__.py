"""The form_d form family: model, extractor and checks side by side."""
from ..family import Family
from .checks import run_checks
from .extract import extract
from .model import FormDData

FAMILY = Family("form_d", FormDData, extract, run_checks)
