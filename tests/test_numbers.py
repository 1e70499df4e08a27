"""Money and share counts read whole, with separators, in findings and views."""
import re
from pathlib import Path

import pytest

import edgarsift
from edgarsift.check import compare_amounts, compare_order
from edgarsift.text.numbers import format_field, format_number

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize("value, text", [
    (248026000000, "248,026,000,000"), (2.48026e11, "248,026,000,000"), (-4230000000, "-4,230,000,000"),
    (36.2, "36.2"), (0.1 + 0.2, "0.3"), (1e20, "100,000,000,000,000,000,000"), (0, "0"), (None, "None"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_fields_keep_years_and_numbers_plain():
    assert format_field("total_assets", 248026000000) == "248,026,000,000"
    assert format_field("year_of_incorporation", 2005) == "2005"
    assert format_field("amendment_number", 12) == "12"
    assert format_field("aggregate_components", [1000000, 2500]) == "1,000,000; 2,500"


def test_compare_amounts_of_hundreds_of_billions():
    # the asset foot of Morgan Stanley & Co's 2014 statement (corpus 851376-2015-03-02), the example
    f = compare_amounts("x17a5.assets_foot", "asset line items vs total assets", 248026000000, 243796000000)
    assert f.severity == "error"
    assert f.message == ("asset line items vs total assets: 243,796,000,000 differs from 248,026,000,000 "
                         "(difference -4,230,000,000)")
    g = compare_order("x", "required net capital", 1358000000.0, "net capital", 7641000000)
    assert g.message == "required net capital 1,358,000,000 is within net capital 7,641,000,000"


def test_no_scientific_notation_in_a_real_x17a5_record():
    record = edgarsift.extract(CORPUS / "x17a5" / "x17a5duarte__851376-2015-03-02.pdf.txt")
    assert record.data.financial_condition.total_assets == 248026000000
    messages = [f.message for f in record.findings]
    assert messages and not [m for m in messages if SCIENTIFIC.search(m)]
    assert any("248,026,000,000" in m for m in messages)
