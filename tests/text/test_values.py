"""The value readers of text/values.py, row by row: the text as a filing prints it (once the extractor has found
and cleaned it) and the value it must give. The strings are copied from corpus filings (the filing is named
where one row stands for a case); rows giving None are texts that must not become a value (a wrong value is
worse than none), a few of them made up to pin a boundary (an impossible date, a truncated phone number)."""
from __future__ import annotations

import pytest

from edgarsift.text.values import (code_list, cusip_is_valid, find_date, find_month_year, first_amount,
                                   normalize_cusip, parse_amount, parse_compact_date, parse_date, parse_percent,
                                   phone_digits, state_code)

SOURCE_OF_FUNDS = frozenset({"SC", "BK", "AF", "WC", "PF", "OO"})


@pytest.mark.parametrize("text, value", [
    ("2,870,756", 2870756),  # 13D cover row 11, seeds/004_e3cac7b6d7988945
    ("21,000,000", 21000000),  # cikcusip__1283140
    ("1,876,731,458", 1876731458),  # X-17A-5 statement line, seeds/000_face7e9e3a34c530
    ("367898", 367898),  # a statement printed in thousands without separators (the scale is applied later)
    ("$ 27,738,603", 27738603),  # X-17A-5 statement, dollar sign set apart
    ("$      32,585", 32585),
    ("(252,450)", -252450),  # a deduction in parentheses
    ("-0-", 0),  # cikcusip__1995_SC_13D_718451, shared voting power
    ("NONE", 0),  # cikcusip__1994_SC_13G_732812
    ("None", 0),  # cikcusip__1999_SC_13DA_1052262
    ("N/A", 0),  # cikcusip__1999_SC_13GA_1061554
    ("—", 0),  # an em dash in a statement column
    ("0", 0),
    ("3,466,118*", 3466118),  # a footnote asterisk after the figure
    ("$1,578,088.04", None),  # cents are not a share count or a whole-dollar amount
    ("1,000.00", 1000),  # zero cents: the same whole amount
    ("", None),
    ("Indefinite", None),  # Form D: an offering with no set total
    ("3,466,118 (1)", None),  # a footnote mark is not part of the number: first_amount's job
])
def test_parse_amount(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text, value", [
    ("$1,578,088.04", 1578088),
    ("$19,632,209.19", 19632209),
    ("15,371,575.56", 15371576),
])
def test_parse_amount_rounds_fractions_only_when_allowed(text, value):
    assert parse_amount(text, allow_fraction=True) == value
    assert parse_amount(text) is None


@pytest.mark.parametrize("line, value, token", [
    # X-17A-5 statement lines: the footnote mark after the caption is skipped, the first column read
    ("Securities purchased under agreements to resell transactions (1)                      12,672"
     "               11,880", 12672, "12,672"),
    ("Payable to customers(2)                                                                            1,392",
     1392, "1,392"),
    ("3,466,118 (1)", 3466118, "3,466,118"),  # 13G cover row 9
    ("Total liabilities", None, None),
])
def test_first_amount(line, value, token):
    found = first_amount(line)
    if value is None:
        assert found is None
    else:
        assert found is not None
        got, start, end = found
        assert got == value and line[start:end].strip() == token


@pytest.mark.parametrize("text, value", [
    ("36.2%", 36.2),  # seeds/004_e3cac7b6d7988945, row 13
    ("5.76%", 5.76),  # cikcusip__1274032
    ("63.49%", 63.49),  # cikcusip__1999_SC_13DA_1052262
    ("0.0%", 0.0),  # cikcusip__1998_SC_13G_732812
    ("16.6%*", 16.6),  # cikcusip__1283140: a footnote asterisk after the percent
    ("Percentage: 16.6%", 16.6),
    ("(representing approximately 77.2 percent of the outstanding", 77.2),  # cikcusip__1995_SC_13D_718451
    ("owns 100 percent", 100.0),
    ("7.1", 7.1),  # a bare figure in the percent row
    ("* Less than 1%.", None),  # an upper bound, not a value
    ("", None),
    ("Item 5", None),
])
def test_parse_percent(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize("text, iso", [
    ("July 18, 1995", "1995-07-18"),  # cikcusip__1995_SC_13D_718451, signature
    ("OCTOBER 31, 2001", "2001-10-31"),  # cikcusip__2001_SC_13DA_1136699, event date
    ("March\n3, 2006", "2006-03-03"),  # cikcusip__1274032: the date broken over two lines
    ("March 14,\n2022", "2022-03-14"),  # cikcusip__1283140
    ("February      27      2012", "2012-02-27"),  # X-17A-5 230611-2012-02-29, audit report date
    ("February 29, 2016", "2016-02-29"),  # a leap day (853784-2016-03-01)
    ("14th day of December, 2009", "2009-12-14"),  # an oath's "day of" form
    ("3rd day of June, 1998", "1998-06-03"),
    ("01/01/2015", "2015-01-01"),
    ("1/01/2014", "2014-01-01"),
    ("01/01/05", "2005-01-01"),  # two-digit years below 50 are 20xx
    ("2024-10-30", "2024-10-30"),
    ("Date:  June 12, 1998", "1998-06-12"),  # cikcusip__1998_SC_13D_1018980
    ("February 30, 2016", None),  # no such day
    ("13/45/2015", None),
    ("Item 4", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_date_gives_the_span_of_the_first_date():
    line = "Date:  June 12, 1998"
    iso, start, end = find_date(line)
    assert (iso, line[start:end]) == ("1998-06-12", "June 12, 1998")
    # two dates: the earlier one in the text wins, whichever pattern reads it
    line = "01/01/05 and July 18, 1995"
    iso, start, end = find_date(line)
    assert (iso, line[start:end]) == ("2005-01-01", "01/01/05")


@pytest.mark.parametrize("text, day, iso", [
    ("securities for the three years ended December 2000 were:", "last", "2000-12-31"),
    ("as of January 2015", "first", "2015-01-01"),
    ("as of January 2015", "last", "2015-01-31"),
    ("February 2016", "last", "2016-02-29"),
    ("March 31 2014", "last", None),  # a full date: find_date's
    ("may 2019", "last", None),  # lower case "may" is the verb
])
def test_find_month_year(text, day, iso):
    found = find_month_year(text, day=day)
    assert (found[0] if found else None) == iso


def test_find_month_year_refuses_an_unknown_day():
    with pytest.raises(ValueError):
        find_month_year("as of January 2015", day="middle")


@pytest.mark.parametrize("text, iso", [
    ("19950718", "1995-07-18"),  # FILED AS OF DATE in an EDGAR header
    (" 19980612 ", "1998-06-12"),
    ("19981340", None),
    ("1998-06-12", None),
    ("", None),
])
def test_parse_compact_date(text, iso):
    assert parse_compact_date(text) == iso


@pytest.mark.parametrize("text, code", [
    ("Illinois", "IL"),  # seeds/000_face7e9e3a34c530, principal office
    ("NEW YORK", "NY"),  # X-17A-5 72267-2007-05-29
    ("California", "CA"),
    ("PA", "PA"),  # X-17A-5 920417-2016-02-29
    ("DELAWARE", "DE"),
    ("Del.", "DE"),
    ("Fla.", "FL"),
    ("N.Y.", "NY"),
    ("Quebec", "QC"),
    ("Ontario", "ON"),
    ("Cayman Islands", None),  # a foreign place is not a state
    ("Bermuda", None),
    ("XX", None),
    ("", None),
])
def test_state_code(text, code):
    assert state_code(text) == code


@pytest.mark.parametrize("text, digits", [
    ("(312) 444-8661", "3124448661"),  # seeds/000_face7e9e3a34c530, contact
    ("212-525-3400", "2125253400"),  # X-17A-5 853784-2007-03-09
    ("Geoffrey Huggins (415) 636-3191", "4156363191"),  # the contact line, name and phone together
    ("2068016359", "2068016359"),  # Form D XML, edgartools__D.APFund
    ("1-212-816-4460", "2128164460"),  # made up: a leading 1 (long distance) is dropped
    ("444-8661", None),  # no area code
    ("415 783 400 432", None),  # too many digits
    ("", None),
])
def test_phone_digits(text, digits):
    assert phone_digits(text) == digits


@pytest.mark.parametrize("text, cusip", [
    ("375175106", "375175106"),  # seeds/004_e3cac7b6d7988945
    ("456784\n10 7", "456784107"),  # cikcusip__1274032: printed in groups, over two lines
    ("00756E 10 5", "00756E105"),  # cikcusip__1995_SC_13D_718451
    ("957 550 106", "957550106"),  # cikcusip__1996_SC_13DA_912428
    ("V8726M103", "V8726M103"),  # cikcusip__2004_SC_13G_1297966: a foreign issuer
    ("22161G103", "22161G103"),
    ("254745 10", None),  # cikcusip__2001_SC_13DA_1136699: printed without its check digit
    ("Common Stock", None),
    ("", None),
])
def test_normalize_cusip(text, cusip):
    assert normalize_cusip(text) == cusip


@pytest.mark.parametrize("cusip, valid", [
    ("375175106", True), ("456784107", True), ("00756E105", True), ("957550106", True), ("V8726M103", True),
    ("22161G103", True), ("934488107", True),
    ("375175107", False),  # one digit off
    ("37517510", False),  # eight characters
])
def test_cusip_check_digit(cusip, valid):
    assert cusip_is_valid(cusip) is valid


@pytest.mark.parametrize("text, codes", [
    ("WC", ["WC"]),  # seeds/004_e3cac7b6d7988945
    ("BK; OO", ["BK", "OO"]),  # cikcusip__1999_SC_13DA_1052262
    ("PF , BK, SC", ["PF", "BK", "SC"]),  # cikcusip__2006_SC_13D_1106569
    ("AF, BK, SC, OO", ["AF", "BK", "SC", "OO"]),
    ("WC, OO", ["WC", "OO"]),  # cikcusip__2011_SC_13D_741556
    ("OO(1)", ["OO"]),  # cikcusip__2014_SC_13D_1492426: a footnote mark after the code
    ("(See Instructions)                         WC", ["WC"]),  # the printed instruction is not a code
    ("WC, WC", ["WC"]),
    ("Not Applicable", []),
    ("", []),
])
def test_code_list(text, codes):
    assert code_list(text, SOURCE_OF_FUNDS) == codes
