"""Schedule 13D/13G cover header (issuer, title of class, CUSIP, notice contact) on layouts outside the corpus.
Real filings; sources in tests/fixtures/schedule13/README.md."""
from __future__ import annotations

from edgarsift import extract

from .unseen13 import FIXTURES, powers, rec, src


def test_title_and_cusip_printed_side_by_side():
    # "   Common Stock, par value $1.00                    01475210" above
    # "   (Title of class of securities)                (CUSIP number)": each value is the cell over its caption
    name = "cikcusip__1994_SC_13DA_3499.txt"
    r = rec(name)
    assert r.data.security_title == "Common Stock, par value $1.00"
    assert r.data.issuer_cusip == "01475210"  # a 1994 CUSIP printed without its check digit is kept as printed
    assert src(name, "data.issuer_cusip") == "01475210"
    assert r.data.issuer_name == "Alexander's, Inc."
    assert r.data.notice_contact_name == "Ronald F. Daitz, Esq."


def test_notice_contact_is_the_person_named_for_attention_of_a_company():
    # "Crane Co., 100 First Stamford Place," / "Stamford, CT 06902," /
    # "Attention:  Paul R. Hundt, Secretary (203 363-7220)": the person, without title and phone
    name = "cikcusip__1994_SC_13DA_25445.txt"
    r = rec(name)
    assert r.data.notice_contact_name == "Paul R. Hundt"
    assert src(name, "data.notice_contact_name") == "Paul R. Hundt"
    assert (r.form_type, r.amendment_number, r.data.issuer_cusip) == ("SC 13D/A", 3, "57038N105")
    assert r.data.signature_date == "1994-02-14" and r.data.reporting_persons == []  # no cover pages filed


def test_notice_contact_stays_the_company_when_no_person_is_named():
    # "BANK OF STOCKTON                    WITH A COPY TO:" / "C/O JOHN F. DENTONI …": the block names the
    # bank first (the corpus convention: the first name given), and no "Attn:" line names a person
    assert rec("cikcusip__1004740.txt").data.notice_contact_name == "BANK OF STOCKTON"


def test_notice_contact_keeps_esq_and_drops_the_company_after_it():
    # "John C. Kelsh, Esq., Metropolitan Life Insurance Company" / "One Madison Avenue, …"
    name = "cikcusip__1994_SC_13DA_50104.txt"
    r = rec(name)
    assert r.data.notice_contact_name == "John C. Kelsh, Esq."
    assert src(name, "data.notice_contact_name") == "John C. Kelsh, Esq."


def test_notice_contact_drops_title_and_address_after_the_name():
    # "Sherry Wilzig Izak, Chairman, 921 Bergen Avenue, Jersey City, NJ 07306"
    name = "cikcusip__1994_SC_13DA_52988.txt"
    assert rec(name).data.notice_contact_name == "Sherry Wilzig Izak"
    assert src(name, "data.notice_contact_name") == "Sherry Wilzig Izak"


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


def test_issuer_name_whose_legal_suffix_wrapped_is_kept_whole():
    # the same cover with the issuer's name broken before its suffix, as long names are in real covers
    text = (FIXTURES / "cikcusip__1994_SC_13D_6207.txt").read_text()
    one_line = "                             AMREP CORPORATION\n"
    assert text.count(one_line) == 1
    wrapped = "                             AMREP\n                             CORPORATION\n"
    d = extract(text.replace(one_line, wrapped)).data
    assert (d.issuer_name, d.security_title) == ("AMREP CORPORATION", "Common Stock par value $.10 per share")


def test_class_title_whose_noun_wrapped_to_the_next_line_is_kept_whole():
    # "6 1/4% PRIDES, Mandatory Convertible Preferred" / "Stock, Par Value $.01 per share" / "(TITLE OF CLASS …)"
    name = "cikcusip__1996_SC_13GA_933203.txt"
    d = rec(name).data
    assert d.security_title == "6 1/4% PRIDES, Mandatory Convertible Preferred Stock, Par Value $.01 per share"
    assert src(name, "data.security_title").split() == d.security_title.split()
    assert d.issuer_name == "First USA, Inc."  # the line above it is blank: nothing joined
    assert d.issuer_cusip == "33743H204"
    assert d.shares_outstanding == 5750000 and str(d.shares_outstanding_date) == "1995-09-08"


def test_a_class_title_hyphenated_at_its_line_break_is_one_word():
    # "… Series M-T, representing Non-" / "cumulative Dollar Preference Shares, …" above "(Title of Class of
    # Securities)" gave "Non- cumulative"
    name = "cikcusip__2012_SC_13GA_844150.txt"
    r = rec(name)
    assert r.data.security_title == ("Preference Shares comprising American Depositary Shares, Series M-T, "
                                     "representing Non-cumulative Dollar Preference Shares, Series M-T, nominal "
                                     "value US$0.01 per share")
    assert r.data.issuer_cusip == "780097796" and r.amendment_number == 2
    assert [p.name for p in r.data.reporting_persons] == ["PERRY CORP", "RICHARD C. PERRY"]


def test_a_notice_contact_printed_beside_the_copies_lead_in_is_read():
    # two columns: "Meir Dor <tab> Copy To:" / "Chairman" / "Baran Group Ltd." …: the whole first line was
    # skipped as a lead-in, and the title "Chairman" became the contact
    name = "cikcusip__2002_SC_13D_1177328.txt"
    r = rec(name)
    assert r.data.notice_contact_name == "Meir Dor" and src(name, "data.notice_contact_name") == "Meir Dor"
    (p,) = r.data.reporting_persons
    assert p.name == "Baran Group Ltd." and powers(p) == (5775010, 13942451, 5559610, 0, 19717461)
    assert p.percent_of_class == 53.88
