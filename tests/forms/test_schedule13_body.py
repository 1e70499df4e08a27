"""Schedule 13D/13G body: the class total the percents are based on (and its date) wherever the filing states it
— cover row 13, Item 4, a basis sentence with issuable shares — and the signature date. Real filings outside the
corpus (sources in tests/fixtures/schedule13/README.md); every value asserted was read off the filing by hand."""
from __future__ import annotations

from edgarsift import extract
from edgarsift.read import read

from .unseen13 import FIXTURES, rec, src


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


def test_signature_date_on_its_own_line_below_the_signer():
    # the statement, then the signer's block in a <TABLE>, then "February 17, 1994" alone on its line, more
    # than 800 characters below the statement
    name = "cikcusip__1994_SC_13DA_50104.txt"
    assert rec(name).data.signature_date == "1994-02-17"
    assert src(name, "data.signature_date") == "February 17, 1994"


def test_a_power_of_attorneys_date_is_not_the_signature_date():
    # "July 11, 2005 / Date / … Duly authorized under Power of Attorney / dated December 30, 1997 by and on
    # behalf of FMR Corp.": the line starting "dated" was read as the signature's "Dated:" line
    name = "cikcusip__2005_SC_13GA_873044.txt"
    assert rec(name).data.signature_date == "2005-07-11"
    assert src(name, "data.signature_date") == "July 11, 2005"


def test_class_total_dated_with_at_instead_of_as_of():
    # "(2) Based on 1,386,034,320 Ordinary Shares outstanding at November 1, 2024 as reported in the Issuer's
    # Form 10-Q filed with SEC on November 12, 2024": the total was read, its date (worded "at") was not
    name = "audit/goedgar__13d_2024_2.htm"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (1386034320, "2024-11-01")
    assert src(name, "data.shares_outstanding") == "1,386,034,320"
    assert src(name, "data.shares_outstanding_date") == "November&nbsp;1, 2024"  # the span in the raw HTML
    assert [p.percent_of_class for p in d.reporting_persons] == [9.0, 9.0, 9.0, 9.0, None]  # FBB3: "less than 0.1%"


def test_an_undated_class_total_takes_the_date_of_its_restatement():
    # every cover footnote: "based on an aggregate of 22,372,185 shares of Common Stock outstanding following the
    # consummation of the issuer's initial public offering" (no date); Item 5(a): "as of August 6, 2012, there
    # were 22,372,185 shares of Common Stock outstanding" — the same total, its date printed before it
    name = "audit/scrapeedgar__sc13d_broken_issuer_name.html"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (22372185, "2012-08-06")
    assert src(name, "data.shares_outstanding") == "22,372,185"
    assert src(name, "data.shares_outstanding_date") == "August&nbsp;6, 2012"
    raw = read(FIXTURES / name).raw
    a, _ = rec(name).provenance["data.shares_outstanding_date"]
    assert raw[a - 40:a].rstrip().endswith("as of")  # Item 5's date, not a date of another sentence


def test_a_class_total_below_a_holding_of_issuable_shares_is_kept_when_the_percent_allows_it():
    # "based on 49,148,217 shares of Common Stock outstanding as of January 1, 2015": holders of convertible
    # paper report more than that (James S. Williamson 154,512,580 at 75.9%, all issuable: 154,512,580 /
    # (49,148,217 + 154,512,580)); a total below a holding was taken for a misread number and dropped
    name = "audit/pranab__cybergy_sc13d.html"
    d = rec(name).data
    assert (d.shares_outstanding, d.shares_outstanding_date) == (49148217, "2015-01-01")
    assert src(name, "data.shares_outstanding") == "49,148,217"
    williamson = next(p for p in d.reporting_persons if p.name == "James S. Williamson")
    assert (williamson.aggregate_amount, williamson.percent_of_class) == (154512580, 75.9)
    assert round(100 * 154512580 / (49148217 + 154512580), 1) == 75.9


def test_a_class_total_below_a_holding_is_still_dropped_when_the_percent_rules_it_out():
    # the same filing with Williamson's percent printed 7.9: no share of issuable stock can make 154,512,580 out
    # of a class of 49,148,217 (plus at most those shares) that small, so 49,148,217 is not this basis
    text = (FIXTURES / "audit/pranab__cybergy_sc13d.html").read_text()
    cover = text.index("James S. Williamson")
    pct = text.index("75.9%", cover)
    d = extract((text[:pct] + "7.9%" + text[pct + len("75.9%"):]).encode()).data
    williamson = next(p for p in d.reporting_persons if p.name == "James S. Williamson")
    assert williamson.percent_of_class == 7.9
    assert d.shares_outstanding is None
