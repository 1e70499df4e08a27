"""Reporting persons' names on Schedule 13D/13G cover pages: identification numbers and captions around a name
are not part of it, a name wrapped over two lines is kept whole (issue 11). Real filings outside the corpus;
sources in tests/fixtures/schedule13/README.md."""
from __future__ import annotations

from .unseen13 import powers, rec, src


def test_identification_number_caption_and_wrapped_name():
    # "S.S. or I.R.S. Identification Number of Above Person: 56-6394187" (worded "Number", not "No.") was read
    # as the name; the name itself wraps: "Wachovia Bank of North Carolina, N.A., as Trustee for the M.A." /
    # "Hanna Company Associates Ownership Trust"
    name = "cikcusip__1994_SC_13DA_45370.txt"
    r = rec(name)
    (p,) = r.data.reporting_persons
    assert p.name == ("Wachovia Bank of North Carolina, N.A., as Trustee for the M.A. "
                      "Hanna Company Associates Ownership Trust")
    assert src(name, "data.reporting_persons[0].name").startswith("Wachovia Bank of North Carolina")
    assert src(name, "data.reporting_persons[0].name").endswith("Ownership Trust")
    assert powers(p) == (0, 3114570, 0, 3114570, 3114570) and p.percent_of_class == 13.2
    assert p.source_of_funds == ["SC", "OO"] and p.type_of_reporting_person == ["BK", "EP"]
    assert p.citizenship_or_place == "Delaware"
    assert not [f for f in r.findings if f.check == "sc13.name_id"]


def test_identification_label_and_number_glued_to_a_name():
    # "Wilshire Oil Company of Texas-I.D. No. 84-0513668" left "… of Texas-I.D. No." as the name
    name = "cikcusip__1994_SC_13DA_52988.txt"
    r = rec(name)
    (p,) = r.data.reporting_persons
    assert p.name == "Wilshire Oil Company of Texas"
    assert src(name, "data.reporting_persons[0].name") == "Wilshire Oil Company of Texas"
    assert p.source_of_funds == ["WC"]  # typed "wc"
    assert powers(p) == (1482760, 0, 1482760, 0, 1482760) and p.percent_of_class == 6.0
    assert not [f for f in r.findings if f.check == "sc13.name_id"]


def _name_with(tail: str):
    from edgarsift import extract

    from .unseen13 import FIXTURES
    text = (FIXTURES / "cikcusip__1004740.txt").read_text()
    old = "1867 WESTERN FINANCIAL CORPORATION, CONSOLIDATED\n"
    assert text.count(old) == 1
    return extract(text.replace(old, old[:-1] + tail + "\n").encode())


def test_identification_numbers_in_the_forms_seen_after_names():
    # issue 11's forms, each appended to a real row-1 name: an EIN typed 2-3-4, "TIN", "I.D. No.", "IRS ID#"
    for tail in (" - 68-016-7851", "  TIN 68-0167851", " I.D. No. 68-0167851", ", IRS ID# 68-0167851"):
        r = _name_with(tail)
        assert r.data.reporting_persons[0].name == "1867 WESTERN FINANCIAL CORPORATION, CONSOLIDATED", tail
        assert not [f for f in r.findings if f.check == "sc13.name_id"]


def test_a_name_left_ending_in_an_identification_label_is_reported():
    r = _name_with(" TIN")  # a label without its number: kept as printed, and flagged for review
    (f,) = [f for f in r.findings if f.check == "sc13.name_id"]
    assert f.severity == "warning" and f.path == "data.reporting_persons[0].name"
