"""Schedule 13D/13G extraction on real corpus filings, one layout per test, and the family's quality gate."""
from __future__ import annotations

import pytest

from edgarsift.evaluate import prf, score_pair
from edgarsift.forms.schedule13.checks import run_checks
from edgarsift.forms.schedule13.model import ReportingPerson, Schedule13Data

from ..conftest import CORPUS, corpus_file, extracted, gold

SEED = "seeds/004_e3cac7b6d7988945.txt"


def _src(rec, path: str) -> str:
    """The decoded source text a provenance span points at."""
    from edgarsift.read import read

    a, b = rec.provenance[path]
    return read(rec.source.path).raw[a:b]


def persons(rec) -> dict[str, ReportingPerson]:
    return {p.name: p for p in rec.data.reporting_persons}


# --- the seed: one cover page in four layouts (tab table, markdown table, bullets, inline free text) -------

def test_seed_four_layouts_read_the_same_rows():
    rec = extracted(SEED)
    d = rec.data
    assert [p.name for p in d.reporting_persons] == [
        "Alara Capital AVI II, LLC", "Darren C. Wallis", "W. Joseph Thompson", "Lutz P. Henckels"]
    for p in d.reporting_persons:
        assert (p.sole_voting_power, p.shared_voting_power, p.sole_dispositive_power, p.shared_dispositive_power,
                p.aggregate_amount, p.percent_of_class) == (0, 2870756, 0, 2870756, 2870756, 36.2)
    assert d.reporting_persons[0].source_of_funds == ["WC"]
    assert d.reporting_persons[3].source_of_funds == ["AF"]  # inline: "Source of Funds* AF"
    assert d.reporting_persons[0].citizenship_or_place == "Delaware"
    assert d.reporting_persons[2].citizenship_or_place == "U.S.A."
    assert [p.type_of_reporting_person for p in d.reporting_persons] == [["OO"], ["IN"], ["IN"], ["IN"]]


def test_seed_header_body_and_provenance():
    rec = extracted(SEED)
    d = rec.data
    assert (d.issuer_name, d.security_title, d.issuer_cusip, d.event_date, d.notice_contact_name) == (
        "GIGA-TRONICS INCORPORATED", "Common Stock, no par value per share", "375175106", "2013-07-08",
        "Darrin C. Wallis")
    assert (d.shares_outstanding, d.shares_outstanding_date, d.signature_date) == (5059747, "2013-06-28", "2013-07-17")
    assert d.items == ["1", "2", "3", "4", "5", "6", "7"]
    assert d.item_texts["6"].startswith("Item 6. Contracts, Arrangements")
    assert _src(rec, "data.reporting_persons[1].aggregate_amount") == "2,870,756"
    assert _src(rec, "data.reporting_persons[3].percent_of_class") == "36.2%"
    assert _src(rec, "data.issuer_cusip") == "375175106"
    assert _src(rec, "data.shares_outstanding") == "5,059,747"


def test_seed_checks_basis_with_issuable_shares_and_footnote_sum():
    rec = extracted(SEED)
    p = rec.data.reporting_persons[0]
    assert p.issuable_shares == 2870756
    assert p.aggregate_components == [999700, 342465, 511186, 506219, 511186]
    basis = [f for f in rec.findings if f.check == "sc13.percent_vs_basis"]
    assert len(basis) == 4 and all(f.severity == "ok" for f in basis)
    assert basis[0].values["basis"] == 5059747 + 2870756
    assert round(basis[0].values["expected"], 1) == 36.2  # 2,870,756 / 7,930,503
    comps = [f for f in rec.findings if f.check == "sc13.footnote_components"]
    assert comps and all(f.severity == "ok" and f.values["total"] == 2870756 for f in comps)


# --- 1990s plain-text SGML covers ----------------------------------------------------------------------

def test_plain_text_1995_cover_with_dash_zero_rows():
    rec = extracted("sc13d/cikcusip__1995_SC_13D_718451.txt")
    d = rec.data
    (p,) = d.reporting_persons
    assert p.name == "THORN Americas, Inc."
    assert (p.sole_voting_power, p.shared_voting_power, p.aggregate_amount, p.percent_of_class) == (
        3768922, 0, 3768922, 79.6)
    assert p.source_of_funds == []  # row 4 "Not Applicable" is not a code
    assert (d.issuer_cusip, d.event_date, d.notice_contact_name) == ("00756E105", "1995-07-09",
                                                                     "Joseph J. Hlavacek, Esq.")
    assert (d.shares_outstanding, d.shares_outstanding_date, d.signature_date) == (4236438, "1995-04-16",
                                                                                 "1995-07-18")
    # the cover adds conversion shares the basis sentence does not name: reported, not hidden
    (f,) = [f for f in rec.findings if f.check == "sc13.percent_vs_basis"]
    assert f.severity == "warning"


def test_plain_text_row_numbers_under_captions_1994_13g():
    p = persons(extracted("sc13g/cikcusip__1994_SC_13G_732812.txt"))["THE CAPITAL GROUP, INC."]
    assert (p.citizenship_or_place, p.sole_voting_power, p.shared_voting_power, p.sole_dispositive_power,
            p.aggregate_amount, p.percent_of_class, p.type_of_reporting_person) == (
        "DELAWARE", 800, 0, 6941000, 6941000, 5.16, ["HC"])


def test_name_printed_above_row_one_and_not_applicable_shared_rows():
    rec = extracted("sc13g/cikcusip__97196.txt")
    (p,) = rec.data.reporting_persons
    assert p.name == "Eurocredit Investments, Ltd. and Richard C.W. Mauran"
    # shared rows print "Not Applicable"; sole = aggregate, so shared can only be 0
    assert (p.sole_voting_power, p.shared_voting_power, p.shared_dispositive_power, p.aggregate_amount) == (
        709128, 0, 0, 709128)
    assert rec.data.event_date is None  # the event line is blank
    assert rec.data.notice_contact_name is None  # 13G


def test_blank_cusip_line_stays_null_and_eight_character_cusip_kept_as_stated():
    assert extracted("sc13d/cikcusip__1997_SC_13D_1019830.txt").data.issuer_cusip is None
    d = extracted("sc13d/cikcusip__1997_SC_13D_1019830.txt").data
    assert d.event_date == "1996-04-18"  # "April 18, 1996 - Appointment as … since December 31, 1990"
    assert d.notice_contact_name == "John T. Rafferty"
    assert extracted("sc13d/cikcusip__2001_SC_13DA_1136699.txt").data.issuer_cusip == "25474510"


def test_class_total_as_sum_of_outstanding_and_conversion_shares():
    rec = extracted("sc13d/cikcusip__2007_SC_13DA_1303225.txt")
    assert rec.data.shares_outstanding == 30723185  # "(i) 30,723,185 … and (ii) 4,000,000 … underlying"
    assert rec.data.shares_outstanding_date == "2007-02-01"
    assert rec.data.reporting_persons[0].issuable_shares == 4000000
    assert all(f.severity == "ok" for f in rec.findings if f.check == "sc13.percent_vs_basis")


def test_unstated_sum_basis_gives_no_class_total():
    # "67,584,573 shares … outstanding … plus 1,750,000 additional shares issued": the total is never stated
    assert extracted("sc13d/cikcusip__2023_SC_13DA_1409269.txt").data.shares_outstanding is None


# --- SGML + HTML, standalone HTML, .nc -------------------------------------------------------------------

def test_html_six_persons_in_order():
    rec = extracted("sc13d/cikcusip__2021_SC_13DA_1409751.txt")
    d = rec.data
    assert [p.name for p in d.reporting_persons][:2] == ["Coliseum Capital Management, LLC", "Coliseum Capital, LLC"]
    assert len(d.reporting_persons) == 6
    p = d.reporting_persons[2]
    assert (p.source_of_funds, p.shared_voting_power, p.percent_of_class, p.type_of_reporting_person) == (
        ["WC"], 3025745, 7.1, ["PN"])
    assert d.notice_contact_name == "Christopher Shackelton"  # "Christopher Shackelton/Adam Gray"
    assert d.items == ["2", "3", "5", "6", "7"]
    assert (d.shares_outstanding, d.shares_outstanding_date) == (42846578, "2021-02-28")
    joint = [f for f in rec.findings if f.check == "sc13.joint_filers"]
    assert joint and joint[0].severity == "ok"


def test_html_sidebar_dashes_and_option_basis():
    rec = extracted("sc13d/cikcusip__2006_SC_13D_1106569.txt")
    p = rec.data.reporting_persons[0]
    assert (p.sole_voting_power, p.shared_voting_power, p.source_of_funds) == (0, 10721613, ["PF", "BK", "SC"])
    assert p.issuable_shares == 1040110  # "… and 1,040,110 shares … Dr. Chang may acquire upon exercise"
    (f,) = [f for f in rec.findings if f.check == "sc13.percent_vs_basis" and f.path.endswith("[0].percent_of_class")]
    assert f.severity == "ok"


def test_standalone_html_13g():
    d = extracted("sc13g/edgartools__SC-13G-DOCUMENT.html").data
    assert [p.name for p in d.reporting_persons] == [
        "ICS Opportunities, Ltd.", "Millennium Management LLC", "Millennium Group Management LLC",
        "Israel A. Englander"]
    assert d.reporting_persons[0].citizenship_or_place == "Cayman Islands"
    assert (d.issuer_cusip, d.event_date, d.signature_date) == ("53814L108", "2023-12-29", "2024-01-05")
    assert d.items == [str(n) for n in range(1, 11)]


def test_nc_submission():
    d = extracted("sc13g/edgartools__0001076809-24-000144.nc").data
    assert [p.name for p in d.reporting_persons] == ["Glazer Capital, LLC", "Paul J. Glazer"]
    assert d.reporting_persons[0].type_of_reporting_person == ["IA", "OO"]
    assert (d.shares_outstanding, d.shares_outstanding_date) == (63963302, "2024-11-22")


def test_no_cover_header_reads_items():
    d = extracted("sc13g/cikcusip__1094831.txt").data
    assert (d.issuer_name, d.security_title, d.issuer_cusip) == ("eSpeed Inc.", "Common Stock", "296643109")
    (p,) = d.reporting_persons
    assert (p.shared_voting_power, p.sole_dispositive_power) == (0, 2163915)  # row 6 prints "-"


# --- XML (2024+) ---------------------------------------------------------------------------------------

def test_xml_13d_elements_and_item5_class_total():
    rec = extracted("sc13d/cikcusip__2024_SCHEDULE_13D_1767199.txt")
    d = rec.data
    assert d.notice_contact_name == "Mill Road Capital III, L.P."
    assert [p.type_of_reporting_person for p in d.reporting_persons] == [["PN"], ["HC", "OO"], ["HC", "IN"]]
    assert d.reporting_persons[0].citizenship_or_place == "E9"  # the XML's code as given (Cayman Islands)
    assert (d.shares_outstanding, d.shares_outstanding_date) == (36282883, "2024-10-30")
    assert d.items == [str(n) for n in range(1, 8)]
    assert _src(rec, "data.shares_outstanding") == "36,282,883"
    assert _src(rec, "data.reporting_persons[2].shared_voting_power") == "1818281"


def test_xml_13g_codes_and_ten_character_cusip():
    d = extracted("sc13g/cikcusip__2024_SCHEDULE_13GA_1599170.txt").data
    assert [p.citizenship_or_place for p in d.reporting_persons] == ["DE", "DE", "X1"]
    assert d.reporting_persons[0].shared_voting_power == 807223  # "807223 " with a trailing space
    assert d.notice_contact_name is None
    assert extracted("sc13g/cikcusip__2023_SCHEDULE_13GA_1998813.txt").data.issuer_cusip is None  # 10 chars


# --- checks on constructed records (the failing side) -----------------------------------------------------

def test_checks_flag_impossible_and_inconsistent_numbers():
    data = Schedule13Data(
        shares_outstanding=1000000,
        reporting_persons=[
            ReportingPerson(name="A", sole_voting_power=60000, shared_voting_power=50000, sole_dispositive_power=0,
                            shared_dispositive_power=50000, aggregate_amount=100000, percent_of_class=10.0,
                            aggregate_components=[60000, 50000]),
            ReportingPerson(name="B", aggregate_amount=100000, percent_of_class=12.5),
        ])
    by = {(f.check, f.path): f for f in run_checks(data)}
    assert by[("sc13.sole_shared_vs_aggregate", "data.reporting_persons[0].shared_voting_power")].severity == "error"
    assert by[("sc13.sole_shared_vs_aggregate", "data.reporting_persons[0].shared_dispositive_power")].severity == "ok"
    assert by[("sc13.percent_vs_basis", "data.reporting_persons[0].percent_of_class")].severity == "ok"
    assert by[("sc13.percent_vs_basis", "data.reporting_persons[1].percent_of_class")].severity == "warning"
    assert by[("sc13.footnote_components", "data.reporting_persons[0].aggregate_components")].severity == "error"
    assert by[("sc13.joint_filers", "data.reporting_persons")].severity == "warning"


# --- quality gate: the family's score on its corpus folders (reference scorer's rules) ---------------------

@pytest.mark.parametrize("folder", ["sc13d", "sc13g"])
def test_family_scores_meet_the_bar(folder):
    tp = npred = ngold = 0
    for g in sorted((CORPUS / folder).glob("*.gold.json")):
        name = g.name[: -len(".gold.json")]
        (src,) = [p for p in g.parent.iterdir() if p.name.startswith(name + ".") and not p.name.endswith(
            (".gold.json", ".notes.txt"))]
        rec = extracted(f"{folder}/{src.name}").to_json_dict()
        t, p, n, _ = score_pair(gold(f"{folder}/{src.name}"), rec)
        tp, npred, ngold = tp + t, npred + p, ngold + n
    precision, _, f1 = prf(tp, npred, ngold)
    assert precision >= 0.98 and f1 >= 0.95, (precision, f1)


@pytest.mark.parametrize("rel", ["sc13g/cikcusip__1999_SC_13GA_1061554.txt",  # "ITEM 4      OWNERSHIP"
                                 "sc13g/cikcusip__1994_SC_13G_732812.txt",  # "Item 1(a) Name of Issuer:"
                                 "sc13g/cikcusip__2008_SC_13GA_820743.txt"])  # "Item 1.    (a)   Name of Issuer"
def test_13g_item_headings_in_1990s_and_2000s_styles(rel):
    d = extracted(rel).data
    assert d.items == [str(n) for n in range(1, 11)]
    assert "OWNERSHIP" in d.item_texts["4"].upper()


def test_item_reference_in_prose_is_not_a_heading():
    # the 2009 amendment says Items 4-7 are amended but heads only 4, 6 and 7
    assert extracted("sc13d/cikcusip__2009_SC_13DA_1325482.txt").data.items == ["4", "6", "7"]


# --- wordings outside the corpus (a hand-made cover in 1990s style; rules must generalise) ----------------

WRAPPED = """                                  SCHEDULE 13D
                   Under the Securities Exchange Act of 1934

                              Acme Widgets, Inc.
              (Exact name of issuer as specified in its charter)

                     Common Stock, par value $.01 per share
                         (Title of Class of Securities)

                                  004498101
                                 (CUSIP Number)

                                 Jane Q. Doe
                 (Name, Address and Telephone Number of Person
               Authorized to Receive Notices and Communications)

                                 March 3, 1997
            (Date of Event which Requires Filing of this Statement)

1)   Name of Reporting Person
     Northwind Opportunity Investments II Limited
     Partnership
4)   Source of Funds
     WC
6)   Citizenship or Place of Organization
     Delaware          NUMBER OF SHARES
                           7)  Sole Voting Power
                               120,000
                           8)  Shared Voting Power
                               See Item 5
                           9)  Sole Dispositive Power
                               120,000
                          10)  Shared Dispositive Power
                               -0-
11)  Aggregate Amount Beneficially Owned by Each Reporting Person
     120,000
13)  Percent of Class Represented by Amount in Row (11)
     approximately 6.0%
14)  Type of Reporting Person
     PN

Item 1.    Security and Issuer.
           Based on 2,000,000 shares of Common Stock held by the Reporting Person as of May 1, 1997, and
           other facts.
"""


def test_hand_made_cover_wrapped_name_and_unreadable_row():
    from edgarsift import extract

    rec = extract(WRAPPED)
    (p,) = rec.data.reporting_persons
    assert p.name == "Northwind Opportunity Investments II Limited Partnership"
    assert p.citizenship_or_place == "Delaware"
    assert p.shared_voting_power is None  # "See Item 5" is not a number: null, never a guess
    assert (p.sole_voting_power, p.shared_dispositive_power, p.percent_of_class) == (120000, 0, 6.0)
    assert rec.data.notice_contact_name == "Jane Q. Doe"
    assert rec.data.event_date == "1997-03-03"
    assert rec.data.issuer_cusip == "004498101"
    assert rec.data.issuer_name == "Acme Widgets, Inc."
    assert rec.data.shares_outstanding is None  # "2,000,000 shares … held by the Reporting Person" is no class total


def test_cusip_check_digit_finding():
    (ok,) = [f for f in extracted(SEED).findings if f.check == "sc13.cusip"]
    assert ok.severity == "ok"
    (short,) = [f for f in extracted("sc13d/cikcusip__2001_SC_13DA_1136699.txt").findings if f.check == "sc13.cusip"]
    assert short.severity == "warning" and short.values["cusip"] == "25474510"


# A 1996 13G cover (trimmed excerpt of a public EDGAR filing outside the corpus): bracketed row numbers,
# blank and "--" power rows, "shares**" marks, a caption wrapped onto the next line.
BRACKETED = """                                SCHEDULE 13G
                   UNDER THE SECURITIES EXCHANGE ACT OF 1934
                         (AMENDMENT NO.             )*

                         PIPER JAFFRAY COMPANIES, INC.
- -------------------------------------------------------------------------------
                                (Name of Issuer)

                     Common Stock, Par Value $1.00 Per Share
- -------------------------------------------------------------------------------
                         (Title of Class of Securities)

                                724-081-104
                       ---------------------------------
                               (CUSIP Number)

CUSIP NO.   724-081-104                   13G                 PAGE 2 of 9 Pages
- ------------------------------------------------------------------------------
[1]      NAME OF REPORTING PERSON
         S.S. or I.R.S. IDENTIFICATION NOS. OF ABOVE PERSON

               Andrew M. Boas
- ------------------------------------------------------------------------------
[2]      CHECK THE APPROPRIATE BOX IF A MEMBER OF A GROUP*
                                                                      (a)  [ ]
                                                                      (b)  [ ]
- ------------------------------------------------------------------------------
[3]      SEC ONLY
- ------------------------------------------------------------------------------
[4]      CITIZENSHIP OR PLACE OF ORGANIZATION
               U.S.A.
- ------------------------------------------------------------------------------
                                    [5]  SOLE VOTING POWER
                                           
         NUMBER OF                  ------------------------------------------
          SHARES                    [6]  SHARED VOTING POWER
       BENEFICIALLY                        1,077,500 shares**
         OWNED BY                   ------------------------------------------
           EACH                     [7]  SOLE DISPOSITIVE POWER
         REPORTING                         
          PERSON                    ------------------------------------------
           WITH                     [8]  SHARED DISPOSITIVE POWER
                                           --
- ------------------------------------------------------------------------------
[9]      AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING 
PERSON
            1,077,500 shares**
- ------------------------------------------------------------------------------
[10]     CHECK IF THE AGGREGATE AMOUNT IN ROW (9) EXCLUDES CERTAIN 
SHARES*

- ------------------------------------------------------------------------------
[11]     PERCENT OF CLASS REPRESENTED BY AMOUNT IN ROW 9
             6.1%**
- ------------------------------------------------------------------------------
[12]     TYPE OF REPORTING PERSON*
              HC, IN
- ------------------------------------------------------------------------------

SEC 1745 (2/92)      *SEE INSTRUCTION BEFORE FILLING OUT!
**Includes shares reported herein as beneficially owned by other reporting
  persons.

 ITEM 1(a)       NAME OF ISSUER:
                 --------------

                 Piper Jaffray Companies, Inc. (the "Company")
"""


def test_bracketed_row_numbers_and_blank_rows():
    from edgarsift import extract

    rec = extract(BRACKETED)
    (p,) = rec.data.reporting_persons
    assert (p.name, p.citizenship_or_place) == ("Andrew M. Boas", "U.S.A.")
    assert (p.sole_voting_power, p.shared_voting_power, p.sole_dispositive_power, p.shared_dispositive_power,
            p.aggregate_amount, p.percent_of_class, p.type_of_reporting_person) == (
        0, 1077500, 0, 0, 1077500, 6.1, ["HC", "IN"])
    assert rec.data.issuer_cusip == "724081104"


def test_ocr_misspelled_captions_found_with_one_edit():
    from edgarsift import extract

    text = corpus_file(SEED).read_text()
    # one OCR slip per caption: "Votlng", "Amoumt"
    damaged = text.replace("Shared Voting Power", "Shared Votlng Power", 1)
    damaged = damaged.replace("Aggregate Amount", "Aggregate Amoumt", 1)
    p = extract(damaged).data.reporting_persons[0]
    assert (p.shared_voting_power, p.aggregate_amount, p.percent_of_class) == (2870756, 2870756, 36.2)


def test_xml_self_closing_item_still_counts():
    from edgarsift import extract

    xml = corpus_file("sc13d/edgartools__schedule13d.xml").read_text()
    xml = xml.replace("<item6>\n<contractDescription>n/a</contractDescription>\n</item6>", "<item6/>")
    assert "<item6/>" in xml
    rec = extract(xml)
    assert rec.data.items == [str(n) for n in range(1, 8)]
    assert rec.data.reporting_persons[1].aggregate_amount == 2435000
