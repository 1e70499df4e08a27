"""Form D from EDGAR's own HTML rendering of the XML (``xslFormDX01/primary_doc.xml``): a real page from a
public repository (see tests/fixtures/form_d/README.md); every value asserted here was read off the page."""
from __future__ import annotations

import json
from pathlib import Path

from edgarsift import extract

from tests.forms.test_form_d import _score_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "form_d"
HASHNOTE = FIXTURES / "amr080-hashnote__primary_doc.xml"


def test_real_page_is_a_form_d_although_named_xml():
    rec = extract(HASHNOTE)
    assert (rec.form_type, rec.family, rec.source.format) == ("D", "form_d", "html")


def test_real_page_identity_and_address():
    d = extract(HASHNOTE).data
    assert d.issuer_name == "Hashnote Stablecoin Fund LP"
    # two street cells joined; the page prints the state's name (FLORIDA)
    assert d.issuer_address.model_dump() == {"street": "704 LINCOLN RD., SUITE 6H", "city": "MIAMI BEACH",
                                             "state": "FL", "zip": "33139"}
    assert d.issuer_phone == "3123712652"
    assert d.jurisdiction_of_incorporation == "DE"  # DELAWARE
    # X in the box before "Limited Partnership"; the year cell follows the checked "Within Last Five Years"
    assert (d.entity_type, d.year_of_incorporation) == ("limited partnership", 2022)


def test_real_page_check_boxes():
    d = extract(HASHNOTE).data
    # "Pooled Investment Fund" is the checked group; its sub-type "Hedge Fund" is not a group
    assert d.industry_group == "Pooled Investment Fund"
    assert d.federal_exemptions == ["Rule 506(c)"]
    assert [(p.name, p.relationships) for p in d.related_persons] == [("Mizuhara, Leo", ["Director"])]
    assert [s.type for s in d.securities] == ["Pooled Investment Fund Interests"]


def test_real_page_offering_figures_and_signature():
    d = extract(HASHNOTE).data
    assert d.date_of_first_sale == "2023-02-24"
    assert d.minimum_investment == 25000
    assert d.total_offering_amount is None  # "Indefinite" is ticked, no amount is printed
    assert d.total_amount_sold == 100000
    assert (d.total_investors, d.non_accredited_investors) == (1, 0)  # the count sits in a nested table
    assert (d.sales_commissions, d.finders_fees) == (50000, 0)
    # the recipient row follows a caption split over two lines ("Recipient CRD Number" is in a nested table)
    assert [r.name for r in d.sales_compensation_recipients] == ["Christine Sandler"]
    assert (d.signer_name, d.signer_title, d.signature_date) == ("Andrew Ridenour", "Advisor", "2023-03-10")


def test_real_page_provenance_points_at_the_cells():
    rec = extract(HASHNOTE)
    src = HASHNOTE.read_text()

    def cut(path: str) -> str:
        return src[slice(*rec.provenance[path])]

    assert cut("data.issuer_name") == "Hashnote Stablecoin Fund LP"
    assert cut("data.entity_type") == "Limited Partnership"
    assert cut("data.issuer_address.state") == "FLORIDA"
    assert cut("data.year_of_incorporation") == "2022"
    assert cut("data.federal_exemptions[0]") == "Rule 506(c)"
    assert cut("data.related_persons[0].relationships[0]") == "Director"
    assert cut("data.total_investors") == "1"
    assert cut("data.total_amount_sold").endswith("100,000")
    assert cut("data.sales_compensation_recipients[0].name") == "Christine Sandler"
    assert cut("data.signature_date") == "2023-03-10"


def test_real_page_matches_its_expected_record():
    expected = json.loads((FIXTURES / "amr080-hashnote__primary_doc.expected.json").read_text())
    tp, npred, ngold, errors = _score_records(expected, extract(HASHNOTE).to_json_dict())
    assert errors == [] and tp == npred == ngold


def test_box_in_its_own_nested_table_counts_as_checked():
    """Item 14's box sits alone in a nested table, so a tick puts "X" on the line before the label and the
    count lands on the line after it. The real page leaves the box empty; this derived copy ticks it and
    fills the count cell exactly as EDGAR's layout does, to pin that rule."""
    src = HASHNOTE.read_text()
    box = '<td valign="middle"><table border="0" summary="Table with single CheckBox"><tr><td class="CheckBox">  </td>'
    count = 'summary="Investors, Number Non Accredited Investors"><tbody><tr></tr>'
    assert src.count(box) == 1 and src.count(count) == 1
    ticked = src.replace(box, box.replace('">  </td>', '"><span class="FormData">X</span></td>')).replace(
        count, count.replace("<tr></tr>", '<tr><td class="FormData">3</td></tr>'))
    d = extract(ticked.encode()).data
    assert (d.non_accredited_investors, d.total_investors) == (3, 1)
