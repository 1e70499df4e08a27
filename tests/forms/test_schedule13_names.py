"""Reporting persons' names on Schedule 13D/13G cover pages: identification numbers and captions around a name
are not part of it, a name wrapped over two lines is kept whole. Real filings outside the corpus;
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
    # the forms seen after names on filings, each appended to a real row-1 name: an EIN typed 2-3-4, "TIN",
    # "I.D. No.", "IRS ID#"
    for tail in (" - 68-016-7851", "  TIN 68-0167851", " I.D. No. 68-0167851", ", IRS ID# 68-0167851"):
        r = _name_with(tail)
        assert r.data.reporting_persons[0].name == "1867 WESTERN FINANCIAL CORPORATION, CONSOLIDATED", tail
        assert not [f for f in r.findings if f.check == "sc13.name_id"]


def test_a_name_left_ending_in_an_identification_label_is_reported():
    r = _name_with(" TIN")  # a label without its number: kept as printed, and flagged for review
    (f,) = [f for f in r.findings if f.check == "sc13.name_id"]
    assert f.severity == "warning" and f.path == "data.reporting_persons[0].name"


def test_bare_nine_digit_irs_number_is_not_part_of_the_name():
    # "BARCLAYS GLOBAL INVESTORS, NA.,  943112180"
    name = "cikcusip__19745.txt"
    d = rec(name).data
    assert [p.name for p in d.reporting_persons] == [
        "BARCLAYS GLOBAL INVESTORS, NA.", "BARCLAYS GLOBAL FUND ADVISORS", "BARCLAYS GLOBAL INVESTORS, LTD",
        "BARCLAYS GLOBAL INVESTORS JAPAN LIMITED"]
    assert src(name, "data.reporting_persons[0].name") == "BARCLAYS GLOBAL INVESTORS, NA."


def test_defined_term_alias_after_a_reporting_person_name_is_dropped():
    # 'Massachusetts Financial Services Company ("MFS")' / 'I.R.S. Identification No.:  04-2747644'
    name = "cikcusip__2003_SC_13G_874691.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.name == "Massachusetts Financial Services Company"
    assert src(name, "data.reporting_persons[0].name") == "Massachusetts Financial Services Company"
    assert powers(p) == (4633040, 0, 4769120, 0, 4769120)
    assert p.percent_of_class == 6.29


def test_tax_id_in_parentheses_after_a_name_is_dropped():
    # the same filer's HTML cover: "Dimensional Fund Advisors Inc. (Tax ID: 22-2370029)" gave "… Inc. ("
    name = "cikcusip__2003_SC_13GA_354204.txt"
    (p,) = rec(name).data.reporting_persons
    assert p.name == "Dimensional Fund Advisors Inc."
    assert src(name, "data.reporting_persons[0].name") == "Dimensional Fund Advisors Inc."
    assert powers(p) == (1046400, 0, 1046400, 0, 1046400) and p.percent_of_class == 7.87


def test_a_see_note_after_a_name_is_not_part_of_it():
    # one of eighteen Farallon cover pages: "Jason E. Moment [See Preliminary Note]"
    name = "cikcusip__2006_SC_13GA_1277406.txt"
    ps = rec(name).data.reporting_persons
    assert len(ps) == 18
    moment = next(i for i, p in enumerate(ps) if p.name.startswith("Jason"))
    assert ps[moment].name == "Jason E. Moment"
    assert src(name, f"data.reporting_persons[{moment}].name") == "Jason E. Moment"
    assert powers(ps[moment]) == (0, 5888900, 0, 5888900, 5888900) and ps[moment].percent_of_class == 8.7


def test_an_irs_identification_number_in_parentheses_after_a_name_is_dropped():
    # "Calix, Inc. (I.R.S. Identification No. 68-0438710)" gave "Calix, Inc. (I.R.S. Identification No."
    name = "cikcusip__2010_SC_13D_1406666.txt"
    r = rec(name)
    (p,) = r.data.reporting_persons
    assert p.name == "Calix, Inc." and src(name, "data.reporting_persons[0].name") == "Calix, Inc."
    assert powers(p) == (0, 5681839, 0, 0, 5681839) and p.percent_of_class == 26.9
    assert r.data.shares_outstanding == 21157082
