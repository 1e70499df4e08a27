"""Schedule 13D/13G on real filings outside the corpus (an audit on unseen filings; sources and abridgements in
tests/fixtures/schedule13/README.md). One test per general pattern the audit found; every value asserted was
read off the filing by hand, and every span is checked against the source text."""
from __future__ import annotations

from edgarsift import extract

from .unseen13 import FIXTURES, powers, rec, src

# --- wrong values the audit found (precision first) ------------------------------------------------------

def test_title_wrapped_below_the_value_line_is_kept_whole():
    # "Common Stock" / "par value $.10 per share" / "(Title of Class of Securities)"
    name = "cikcusip__1994_SC_13D_6207.txt"
    assert rec(name).data.security_title == "Common Stock par value $.10 per share"
    assert src(name, "data.security_title").split() == "Common Stock par value $.10 per share".split()
    assert rec(name).data.issuer_name == "AMREP CORPORATION"  # one line: nothing joined onto it


def test_title_wrapped_after_an_inline_label_is_kept_whole():
    # "TITLE OF CLASS OF SECURITIES:   Common Stock, par value" / "$.0001 per share."
    name = "cikcusip__1997_SC_13DA_1026797.txt"
    d = rec(name).data
    assert d.security_title == "Common Stock, par value $.0001 per share"
    assert src(name, "data.security_title") == "Common Stock, par value\n$.0001 per share"
    assert d.issuer_name == "Universal Seismic Associates, Inc."  # next line is the next caption: not joined


def test_citizenship_stops_before_rows_worded_sole_power_to_vote():
    name = "cikcusip__1995_SC_13GA_866817.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.citizenship_or_place == "UNITED STATES"
    assert src(name, "data.reporting_persons[0].citizenship_or_place") == "UNITED STATES"
    # rows 5-8 in the 1990s wording are rows, not citizenship text
    assert powers(p) == (49750, 0, 152350, 0, 152350)
    assert p.percent_of_class == 6.31
    assert src(name, "data.reporting_persons[0].sole_dispositive_power") == "152,350"


def test_citizenship_stops_at_the_questions_5_8_instruction_line():
    name = "cikcusip__1389072.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.citizenship_or_place == "Pennsylvania"
    assert src(name, "data.reporting_persons[0].citizenship_or_place") == "Pennsylvania"
    assert p.name == "The Vanguard Group"  # "The Vanguard Group - 23-1945930": the EIN is not the name's
    assert powers(p) == (22037, 0, 885277, 20937, 906214)


def test_run_on_citizenship_is_dropped_not_kept():
    from edgarsift.forms.schedule13.cover import RUN_ON

    # what the extractor used to emit for the 1995 filing: a share count and a row caption inside a "place"
    assert RUN_ON.search("UNITED STATES (5) SOLE POWER TO VOTE: 49,750 SHARES")
    for place in ("Delaware", "United States of America", "Cayman Islands", "State or Oregon, USA",
                  "Eurocredit Investments, Ltd. is a Maltese corporation and Mr. Mauran is a Canadian citizen."):
        assert not RUN_ON.search(place)


def test_bare_nine_digit_irs_number_is_not_part_of_the_name():
    # "BARCLAYS GLOBAL INVESTORS, NA.,  943112180"
    name = "cikcusip__19745.txt"
    d = rec(name).data
    assert [p.name for p in d.reporting_persons] == [
        "BARCLAYS GLOBAL INVESTORS, NA.", "BARCLAYS GLOBAL FUND ADVISORS", "BARCLAYS GLOBAL INVESTORS, LTD",
        "BARCLAYS GLOBAL INVESTORS JAPAN LIMITED"]
    assert src(name, "data.reporting_persons[0].name") == "BARCLAYS GLOBAL INVESTORS, NA."


def test_basis_of_stated_total_plus_units_issued_leaves_shares_outstanding_null():
    # "based upon (i) the 672,050,553 Depositary Units stated to be outstanding … plus (ii) the 36,456,030
    # Depositary Units issued to the Reporting Persons": the percents use the unstated sum 708,506,583
    name = "edgartools__schedule13d_icahn_enterprises_0001539497-26-001890.xml"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (None, None)
    assert len(d.reporting_persons) == 9
    cci = d.reporting_persons[0]
    assert (cci.name, cci.aggregate_amount, cci.percent_of_class) == ("CCI Onshore LLC", 132123972, 18.65)
    assert round(100 * 132123972 / (672050553 + 36456030), 2) == 18.65  # the filing's own basis is the sum


def test_holders_conversion_shares_in_the_basis_still_give_the_class_total():
    # "based upon 85,237,621 outstanding common shares as of December 31, 2008, plus 4,400,000 common shares in
    # aggregate underlying warrants which are beneficially owned by the reporting person": the seed convention
    name = "cikcusip__2009_SC_13GA_908177.txt"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (85237621, "2008-12-31")
    assert d.reporting_persons[0].issuable_shares == 4400000


# --- misses: general layouts and wordings ----------------------------------------------------------------

def test_inline_event_date_and_notice_contact():
    name = "cikcusip__1997_SC_13DA_1026797.txt"
    d = rec(name).data
    # "DATE OF EVENT WHICH REQUIRES FILING:  February 18, 1997"
    assert d.event_date == "1997-02-18"
    assert src(name, "data.event_date") == "February 18, 1997"
    # first line under "NAME, ADDRESS AND TELEPHONE NUMBER OF PERSON AUTHORIZED / TO RECEIVE NOTICES …:"
    assert d.notice_contact_name == "Michael T. Kanarellis"
    assert src(name, "data.notice_contact_name") == "Michael T. Kanarellis"


def test_inline_event_date_in_html():
    name = "cikcusip__1389072.txt"
    assert rec(name).data.event_date == "2013-12-31"
    assert src(name, "data.event_date") == "December 31, 2013"


def test_misspelled_filling_caption_and_none_with_a_period():
    name = "cikcusip__2003_SC_13D_1224014.txt"
    d = rec(name).data
    # "(Date of Event which Requires Filling of this Statement)" under "May 19, 2003"
    assert d.event_date == "2003-05-19"
    assert src(name, "data.event_date") == "May 19, 2003"
    p = d.reporting_persons[0]
    assert powers(p) == (344600, 0, 344600, 472800, 817400)  # "Shared Voting Power<br>None."
    assert src(name, "data.reporting_persons[0].shared_voting_power") == "None"


def test_class_total_stated_in_cover_row_13():
    # "9.66% at 5/19/03 based on 8,460,187 common shares"
    name = "cikcusip__2003_SC_13D_1224014.txt"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (8460187, "2003-05-19")
    assert src(name, "data.shares_outstanding") == "8,460,187"
    assert src(name, "data.shares_outstanding_date") == "5/19/03"
    assert round(100 * 817400 / 8460187, 2) == d.reporting_persons[0].percent_of_class == 9.66
    assert not [f for f in rec(name).findings if f.check == "sc13.percent_vs_basis" and f.severity != "ok"]


def test_class_total_stated_in_item_4():
    # "4,087,320 shares or 7.7% of the 53,081,000 shares of Common Stock believed to be outstanding"
    name = "cikcusip__2005_SC_13G_50957.txt"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (53081000, None)
    assert src(name, "data.shares_outstanding") == "53,081,000"
    assert d.reporting_persons[0].aggregate_amount == 4087320


def test_tab_layout_value_on_the_side_caption_line_dash_rows_and_cut_aggregate_caption():
    name = "cikcusip__19745.txt"
    d = rec(name).data
    # "Beneficially Owned\t\t\t\t\t223945": the value sits on the side caption's line
    assert [powers(p) for p in d.reporting_persons] == [
        (223945, 0, 230691, 0, 230691), (182305, 0, 182305, 0, 182305), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)]
    assert [p.percent_of_class for p in d.reporting_persons] == [3.38, 2.67, 0.0, 0.0]
    assert src(name, "data.reporting_persons[0].sole_voting_power") == "223945"
    # "(9) Aggregate" / "-": a dash row is the form's zero, with its span on the dash
    assert src(name, "data.reporting_persons[2].aggregate_amount") == "-"
    # "ITEM 1(A).", "ITEM 2(A)." headings
    assert d.items == ["1", "2"]


def test_decimal_comma_percent_taken_only_when_the_basis_confirms_it():
    # "19,7395**": 17,694,000 / (85,237,621 + 4,400,000 warrant shares) = 19.7395 %
    name = "cikcusip__2009_SC_13GA_908177.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.percent_of_class == 19.7395
    assert src(name, "data.reporting_persons[0].percent_of_class") == "19,7395"


def test_decimal_comma_percent_without_a_confirming_basis_stays_null():
    text = (FIXTURES / "cikcusip__2009_SC_13GA_908177.txt").read_text()
    assert text.count("19,7395**") == 1
    changed = extract(text.replace("19,7395**", "17,5000**")).data  # the arithmetic no longer agrees
    assert changed.shares_outstanding == 85237621
    assert changed.reporting_persons[0].percent_of_class is None


def test_issuer_name_whose_legal_suffix_wrapped_is_kept_whole():
    # the same cover with the issuer's name broken before its suffix, as long names are in real covers
    text = (FIXTURES / "cikcusip__1994_SC_13D_6207.txt").read_text()
    one_line = "                             AMREP CORPORATION\n"
    assert text.count(one_line) == 1
    d = extract(text.replace(one_line, "                             AMREP\n                             CORPORATION\n")).data
    assert (d.issuer_name, d.security_title) == ("AMREP CORPORATION", "Common Stock par value $.10 per share")
