"""Schedule 13D/13G cover header (issuer, title of class, CUSIP, notice contact) on layouts outside the corpus
(issue 11). Real filings; sources in tests/fixtures/schedule13/README.md."""
from __future__ import annotations

from .unseen13 import rec, src


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


def test_signature_date_on_its_own_line_below_the_signer():
    # the statement, then the signer's block in a <TABLE>, then "February 17, 1994" alone on its line, more
    # than 800 characters below the statement
    name = "cikcusip__1994_SC_13DA_50104.txt"
    assert rec(name).data.signature_date == "1994-02-17"
    assert src(name, "data.signature_date") == "February 17, 1994"


def test_notice_contact_drops_title_and_address_after_the_name():
    # "Sherry Wilzig Izak, Chairman, 921 Bergen Avenue, Jersey City, NJ 07306"
    name = "cikcusip__1994_SC_13DA_52988.txt"
    assert rec(name).data.notice_contact_name == "Sherry Wilzig Izak"
    assert src(name, "data.notice_contact_name") == "Sherry Wilzig Izak"
