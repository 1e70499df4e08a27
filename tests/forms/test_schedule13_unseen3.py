"""Schedule 13D/13G, third audit round on real filings outside the corpus (sources in
tests/fixtures/schedule13/README.md). One test per general pattern the round found; every value asserted was
read off the filing by hand, and spans are checked against the source text."""
from __future__ import annotations

from .unseen13 import powers, rec, src


def test_cover_rows_worded_as_items_are_read_and_are_not_items():
    # Dimensional Fund Advisors' 2000s template: "Item  1:    REPORTING PERSONS", "Item  4:    CITIZENSHIP",
    # "Item  5:    SOLE VOTING POWER", …, "Item 11:    PERCENT OF CLASS REPRESENTED BY LINE 9 --". These rows
    # were taken for the body's item headings, which cut the cover off: every person value was null.
    name = "cikcusip__2001_SC_13G_880804.txt"
    r = rec(name)
    (p,) = r.data.reporting_persons
    assert p.name == "Dimensional Fund Advisors Inc."  # "(Tax ID: 22-2370029)" after it is not the name
    assert p.citizenship_or_place == "Delaware Corporation"
    assert powers(p) == (2542287, 0, 2542287, 0, 2542287)  # "None" in row 6 is the form's zero
    assert p.percent_of_class == 5.3 and p.type_of_reporting_person == ["IA"]
    assert src(name, "data.reporting_persons[0].sole_voting_power") == "2,542,287"
    assert src(name, "data.reporting_persons[0].percent_of_class") == "5.30"
    assert (r.data.issuer_name, r.data.issuer_cusip, r.data.signature_date) == ("PTEK HLDGS INC", "69366M104",
                                                                                 "2001-02-02")
    assert r.data.items == [str(n) for n in range(1, 11)]  # the body's items, not the cover's rows
    assert r.data.item_texts["4"].startswith("ITEM 4. OWNERSHIP")


def test_tax_id_in_parentheses_after_a_name_is_dropped():
    # the same filer's HTML cover: "Dimensional Fund Advisors Inc. (Tax ID: 22-2370029)" gave "… Inc. ("
    name = "cikcusip__2003_SC_13GA_354204.txt"
    (p,) = rec(name).data.reporting_persons
    assert p.name == "Dimensional Fund Advisors Inc."
    assert src(name, "data.reporting_persons[0].name") == "Dimensional Fund Advisors Inc."
    assert powers(p) == (1046400, 0, 1046400, 0, 1046400) and p.percent_of_class == 7.87


def test_share_counts_between_dashes_are_read():
    # "-0-" is the form's zero; the same filer prints counts as "-3,416,000-": they were left null
    name = "cikcusip__2002_SC_13G_1095348.txt"
    ps = rec(name).data.reporting_persons
    assert [p.name for p in ps] == ["RS Investment Management Co. LLC", "RS Investment Management, Inc.",
                                    "RS Emerging Growth Fund"]
    assert [powers(p) for p in ps] == [(0, 3416000, 0, 3416000, 3416000), (0, 1978903, 0, 1978903, 1978903),
                                       (0, 1870203, 0, 1870203, 1870203)]
    assert [p.percent_of_class for p in ps] == [10.2, 5.9, 5.6]
    assert src(name, "data.reporting_persons[0].shared_voting_power") == "3,416,000"
    assert src(name, "data.reporting_persons[0].sole_voting_power") == "-0-"


def test_cover_printing_row_numbers_without_captions_is_read():
    # FMR's 13G template: "Item 1:\tReporting Person - FMR Corp.", "Item 4:\tDelaware", "Item 5:\t0", …,
    # "Item 11:\t0.000%", "Item 12:\tHC", one block per person; no captions at all
    name = "cikcusip__2005_SC_13GA_873044.txt"
    r = rec(name)
    ps = r.data.reporting_persons
    assert [p.name for p in ps] == ["FMR Corp.", "Edward C. Johnson 3d", "Abigail P. Johnson"]
    assert [p.citizenship_or_place for p in ps] == ["Delaware", "United States of America", "United States of America"]
    assert [powers(p) for p in ps] == [(0, 0, 0, 0, 0)] * 3
    assert [p.percent_of_class for p in ps] == [0.0] * 3
    assert [p.type_of_reporting_person for p in ps] == [["HC"], ["IN"], ["IN"]]
    assert src(name, "data.reporting_persons[1].name") == "Edward C. Johnson 3d"
    assert src(name, "data.reporting_persons[0].percent_of_class") == "0.000%"
    assert r.amendment_number == 5
    assert r.data.items == [str(n) for n in range(1, 11)] and r.data.item_texts["4"].startswith("Item 4. Ownership")


def test_a_power_of_attorneys_date_is_not_the_signature_date():
    # "July 11, 2005 / Date / … Duly authorized under Power of Attorney / dated December 30, 1997 by and on
    # behalf of FMR Corp.": the line starting "dated" was read as the signature's "Dated:" line
    name = "cikcusip__2005_SC_13GA_873044.txt"
    assert rec(name).data.signature_date == "2005-07-11"
    assert src(name, "data.signature_date") == "July 11, 2005"


def test_a_see_note_after_a_name_is_not_part_of_it():
    # one of eighteen Farallon cover pages: "Jason E. Moment [See Preliminary Note]"
    name = "cikcusip__2006_SC_13GA_1277406.txt"
    ps = rec(name).data.reporting_persons
    assert len(ps) == 18
    moment = next(i for i, p in enumerate(ps) if p.name.startswith("Jason"))
    assert ps[moment].name == "Jason E. Moment"
    assert src(name, f"data.reporting_persons[{moment}].name") == "Jason E. Moment"
    assert powers(ps[moment]) == (0, 5888900, 0, 5888900, 5888900) and ps[moment].percent_of_class == 8.7


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


def test_an_irs_identification_number_in_parentheses_after_a_name_is_dropped():
    # "Calix, Inc. (I.R.S. Identification No. 68-0438710)" gave "Calix, Inc. (I.R.S. Identification No."
    name = "cikcusip__2010_SC_13D_1406666.txt"
    r = rec(name)
    (p,) = r.data.reporting_persons
    assert p.name == "Calix, Inc." and src(name, "data.reporting_persons[0].name") == "Calix, Inc."
    assert powers(p) == (0, 5681839, 0, 0, 5681839) and p.percent_of_class == 26.9
    assert r.data.shares_outstanding == 21157082


def test_a_notice_contact_printed_beside_the_copies_lead_in_is_read():
    # two columns: "Meir Dor <tab> Copy To:" / "Chairman" / "Baran Group Ltd." …: the whole first line was
    # skipped as a lead-in, and the title "Chairman" became the contact
    name = "cikcusip__2002_SC_13D_1177328.txt"
    r = rec(name)
    assert r.data.notice_contact_name == "Meir Dor" and src(name, "data.notice_contact_name") == "Meir Dor"
    (p,) = r.data.reporting_persons
    assert p.name == "Baran Group Ltd." and powers(p) == (5775010, 13942451, 5559610, 0, 19717461)
    assert p.percent_of_class == 53.88
