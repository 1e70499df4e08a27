"""placeholder"""
from ...records import Provenance
from .model import FormDData


def extract_paper(view):
    return FormDData(), Provenance()
