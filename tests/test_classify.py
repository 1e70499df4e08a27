"""Form type and amendment number on every corpus filing, the `other/` folder included."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgarsift.batch import filing_name, iter_filings
from edgarsift.classify import classify
from edgarsift.forms.registry import family_of, score_key
from edgarsift.read import read

from .conftest import CORPUS

FILINGS = [p for p in iter_filings([CORPUS]) if (p.parent / f"{filing_name(p)}.gold.json").exists()]


def test_corpus_is_all_there():
    assert len(FILINGS) >= 70


@pytest.mark.parametrize("path", FILINGS, ids=lambda p: p.name)
def test_form_type_and_amendment(path):
    gold = json.loads((path.parent / f"{filing_name(path)}.gold.json").read_text())
    info = classify(read(path))
    assert info.form_type == gold["form_type"]
    if "amendment_number" in gold:
        assert info.amendment_number == gold["amendment_number"]


def test_tender_offer_amending_a_13d_keeps_its_own_type():
    info = classify(read(CORPUS / "other/edgartools__0001104659-25-002604.txt"))
    assert info.form_type == "SC TO-T/A"
    assert family_of(info.form_type) is None


def test_cover_text_decides_without_a_header():
    text = "SECURITIES AND EXCHANGE COMMISSION\nSCHEDULE 13G\n(Amendment No. 2)*\nACME CORP\n(Name of Issuer)\n"
    info = classify(read(text.encode()))
    assert (info.form_type, info.amendment_number, family_of(info.form_type).name) == ("SC 13G/A", 2, "schedule13")


def test_unknown_is_a_result():
    info = classify(read(b"Minutes of the annual picnic.\nNothing to see here.\n"))
    assert info.form_type == "UNKNOWN" and family_of(info.form_type) is None


@pytest.mark.parametrize("form_type,family,key", [
    ("SC 13D", "schedule13", "sc13d"), ("SCHEDULE 13G/A", "schedule13", "sc13g"), ("sc 13g", "schedule13", "sc13g"),
    ("D", "form_d", "form_d"), ("D/A", "form_d", "form_d"), ("X-17A-5/A", "x17a5", "x17a5"),
    ("10-K", None, "other"), ("SC TO-T/A", None, "other"), ("DEF 14A", None, "other"), ("D-1", None, "other"),
])
def test_the_registry_names_each_forms_family_and_score_key(form_type, family, key):
    found = family_of(form_type)
    assert (found.name if found else None, score_key(form_type)) == (family, key)


@pytest.mark.parametrize("form_type,cover,amendment", [
    ("SC 13D", "SCHEDULE 13D\n(Amendment No. 4)\n", 4),
    ("8-K/A", "FORM 8-K/A\nAmendment No. 2\n", 2),
    # a Form D or X-17A-5 amendment is not numbered on its cover: "Amendment No." there is an agreement's
    ("D/A", "FORM D\nNOTICE OF EXEMPT OFFERING\nAmendment No. 3 to the Purchase Agreement\n", None),
    ("X-17A-5/A", "FORM X-17A-5\nAmendment No. 2 to the clearing agreement\n", None),
    ("10-K", "FORM 10-K\nAmendment No. 1 to the Credit Agreement\n", None),
])
def test_amendment_number_is_read_from_the_cover_only_where_the_form_numbers_it(form_type, cover, amendment):
    filing = (f"<SEC-HEADER>\nCONFORMED SUBMISSION TYPE:\t{form_type}\n</SEC-HEADER>\n"
              f"<DOCUMENT>\n<TYPE>{form_type}\n<TEXT>\n{cover}</TEXT>\n</DOCUMENT>\n")
    info = classify(read(filing.encode()))
    assert (info.form_type, info.amendment_number) == (form_type, amendment)


def test_rendered_form_d_amendment_box():
    from pathlib import Path

    page = (Path(__file__).parent / "fixtures/form_d/amr080-hashnote__primary_doc.xml").read_text()
    assert classify(read(page.encode())).form_type == "D"
    # the same page with the "Amendment" box ticked instead of "New Notice" (derived from the real page)
    new_notice = '<td class="CheckBox"><span class="FormData">X</span></td>\n<td class="FormText">New Notice</td>'
    amendment = '<td class="CheckBox">  </td>\n<td class="FormText">Amendment</td>'
    assert new_notice in page and amendment in page
    ticked = page.replace(new_notice, new_notice.replace(">X<", ">  <")).replace(
        amendment, amendment.replace("<td class=\"CheckBox\">  </td>", '<td class="CheckBox"><span class="FormData">X</span></td>'))
    assert classify(read(ticked.encode())).form_type == "D/A"


CLASSIFY_FIXTURES = Path(__file__).parent / "fixtures/schedule13/classify"  # sources: fixtures/schedule13/README.md


def test_markdown_rendered_edgar_header_is_the_header():
    # "**CONFORMED SUBMISSION TYPE**: 424B5" — an EDGAR header rendered as markdown is still authoritative
    info = classify(read(CLASSIFY_FIXTURES / "stanford-edgar__0001140361-24-048248.parsed.md"))
    assert info.form_type == "424B5" and family_of(info.form_type) is None


def test_prospectus_supplement_cover_names_its_form():
    # the same prospectus supplement without its header block: "Filed Pursuant to Rule 424(b)(5)" on the cover
    text = (CLASSIFY_FIXTURES / "stanford-edgar__0001140361-24-048248.parsed.md").read_text()
    body = text[text.index("#### **TABLE OF CONTENTS**"):]
    assert "CONFORMED SUBMISSION TYPE" not in body and "Form 10-Q" in body
    assert classify(read(body.encode())).form_type == "424B5"


def test_a_document_that_mentions_forms_is_none_of_them():
    # "*   Form 10-Q for the quarter ended June 30, 2025" / "*   Form 10-K for the year ended …": a valuation note
    # listing its sources names forms it is not; it used to be classified as a 10-Q
    info = classify(read(CLASSIFY_FIXTURES / "findingvalue__GPI_valuation.md"))
    assert info.form_type == "UNKNOWN" and family_of(info.form_type) is None
