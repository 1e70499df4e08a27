"""The schedule13 form family: model, extractor and checks side by side."""
from ..family import Family
from .checks import run_checks
from .extract import extract
from .model import Schedule13Data

FAMILY = Family("schedule13", Schedule13Data, extract, run_checks)
