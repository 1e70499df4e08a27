"""Form D from EDGAR's HTML rendering of the XML. The fixtures are our renderings of corpus XML in EDGAR's
layout (no real EDGAR page was found; see tests/fixtures/form_d/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

from edgarsift import extract

from tests.forms.test_form_d import _score_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "form_d"


def page(name: str):
    return extract(FIXTURES / f"{name}.rendered.html")


def test_rendered_page_values_and_checkboxes():
    rec = page("1685REIT")
    d = rec.data
    assert (rec.form_type, rec.family, rec.source.format) == ("D", "form_d", "html")
    assert d.issuer_name == "1685 38th REIT, L.L.C."
    assert d.issuer_address.model_dump() == {"street": "2029 CENTURY PARK EAST, SUITE 1370", "city": "LOS ANGELES",
                                             "state": "CA", "zip": "90067"}  # CALIFORNIA → CA
    assert d.issuer_phone == "4243131550"
    assert (d.entity_type, d.year_of_incorporation, d.jurisdiction_of_incorporation) == (
        "limited liability company", 2022, "DE")
    assert d.industry_group == "REITS & Finance"
    assert d.federal_exemptions == ["Rule 506(b)", "Section 3(c)", "Section 3(c)(7)"]
    # an X cell before the label is a checked box; an empty cell leaves no trace
    assert ("Speyer, Robert J.", ["Director"]) in [(p.name, p.relationships) for p in d.related_persons]
    assert ("Kazam, Joshua", ["Executive Officer", "Director"]) in [(p.name, p.relationships) for p in d.related_persons]
    assert {s.type for s in d.securities} == {"Equity", "Pooled Investment Fund Interests"}
    assert d.date_of_first_sale == "2023-01-19"
    assert (d.minimum_investment, d.total_offering_amount, d.total_amount_sold) == (1000, 125000, 125000)
    assert (d.total_investors, d.non_accredited_investors) == (125, 0)
    assert (d.sales_commissions, d.finders_fees) == (6250, 0)
    assert len(d.sales_compensation_recipients) == 4
    assert (d.signer_name, d.signer_title, d.signature_date) == ("Daniel Belldegrun", "President and CEO", "2023-01-27")


def test_rendered_page_provenance_points_at_the_cells():
    rec = page("1685REIT")
    src = (FIXTURES / "1685REIT.rendered.html").read_text()
    cut = lambda path: src[slice(*rec.provenance[path])]
    assert cut("data.issuer_name") == "1685 38th REIT, L.L.C."
    assert cut("data.total_amount_sold") == "$125,000 USD"
    assert cut("data.year_of_incorporation") == "2022"
    assert cut("data.federal_exemptions[2]") == "Section 3(c)(7)"


def test_rendered_pages_match_their_expected_records():
    for name in ("1685REIT", "DiffusionPharma"):
        expected = json.loads((FIXTURES / f"{name}.rendered.expected.json").read_text())
        tp, npred, ngold, errors = _score_records(expected, page(name).to_json_dict())
        assert errors == [] and tp == npred == ngold, name


def test_rendered_page_over_five_years_and_no_recipients():
    d = page("DiffusionPharma").data
    assert d.year_of_incorporation is None  # "Over Five Years Ago" is checked
    assert d.sales_compensation_recipients == []
    assert d.signer_name == "David G. Kalergis"  # the page's Name of Signer
