"""Schedule 13D/13G cover rows are found by their keywords, whatever the wording, punctuation or wrapping.
Real filings outside the corpus; sources in tests/fixtures/schedule13/README.md. Every value asserted
was read off the filing by hand."""
from __future__ import annotations


from .unseen13 import powers, rec, src


def test_aggregate_caption_worded_by_each_reporting_party():
    # "11  AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PARTY        436,763": the caption's last
    # words were read as the value, so the aggregate was lost
    name = "cikcusip__1004740.txt"
    (p,) = rec(name).data.reporting_persons
    assert powers(p) == (436763, 0, 436763, 0, 436763)
    assert src(name, "data.reporting_persons[0].aggregate_amount") == "436,763"
    assert p.percent_of_class == 10.03 and p.citizenship_or_place == "CALIFORNIA"
    # "10  SHARED DISPOSITVE POWER        -0-" (sic): a one-letter typo still finds the row
    assert src(name, "data.reporting_persons[0].shared_dispositive_power") == "-0-"


def test_captions_wrapped_around_their_values():
    # "6  CITIZENSHIP OR PLACE OF      United States of America" / "ORGANIZATION:",
    # "10  SHARED DISPOSITIVE       -0-" / "POWER:", "11  AGGREGATE AMOUNT BENEFICIALLY       1,353,468" /
    # "OWNED BY REPORTING PERSON:": the value sits between the caption's words. The shared dispositive row was
    # read as 11 (the next row's number), the place and the aggregate were lost.
    name = "cikcusip__1994_SC_13DA_3499.txt"
    citibank, citicorp = rec(name).data.reporting_persons
    assert (citibank.name, citicorp.name) == ("Citibank, N.A.", "Citicorp")
    assert (citibank.citizenship_or_place, citicorp.citizenship_or_place) == ("United States of America", "Delaware")
    assert citibank.shared_dispositive_power == 0 and citibank.aggregate_amount == 1353468
    assert src(name, "data.reporting_persons[0].aggregate_amount") == "1,353,468"
    assert src(name, "data.reporting_persons[0].shared_dispositive_power") == "-0-"
    assert (citibank.percent_of_class, citicorp.percent_of_class) == (27.1, 27.1)
    assert (citibank.type_of_reporting_person, citicorp.type_of_reporting_person) == (["BK"], ["CO"])
    # "4  SOURCE OF FUNDS:  00" is OO typed with zeros; Citicorp's "N/A" gives no code
    assert (citibank.source_of_funds, citicorp.source_of_funds) == (["OO"], [])


def test_blank_rows_are_zero_once_the_page_is_read_by_any_row():
    # Tonami's cover page leaves every count row blank and prints "0%": the blank rows are the form's zero even
    # though no count was read (the zero-fill used to wait for an aggregate)
    name = "cikcusip__1994_SC_13DA_3000.txt"
    mitsui, intermodal, tonami = rec(name).data.reporting_persons
    assert tonami.name == "Tonami Transportation Co., Ltd."
    assert powers(tonami) == (0, 0, 0, 0, 0) and tonami.percent_of_class == 0.0
    # the other two pages: sole rows blank beside shared rows and an aggregate with long explanations
    assert powers(mitsui) == (0, 259487, 0, 259487, 259487) and mitsui.percent_of_class == 1.3
    assert powers(intermodal) == (0, 256487, 0, 256487, 256487)
    assert intermodal.source_of_funds == ["AF"] and mitsui.source_of_funds == ["WC"]


def test_codes_typed_with_periods_and_identification_lines_under_names():
    # INVESCO's 1997 13G: "TYPE OF REPORTING PERSON*" / "H.C."; under each name "No SS or IRS Identification
    # Number" or "IRS Identification Number 58-1995394", which are not part of the name
    name = "cikcusip__1997_SC_13G_864047.txt"
    ps = rec(name).data.reporting_persons
    assert [p.name for p in ps] == ["INVESCO PLC", "INVESCO North American Group, Ltd.", "INVESCO, Inc."]
    assert [p.type_of_reporting_person for p in ps] == [["HC"]] * 3
    assert [p.citizenship_or_place for p in ps] == ["England", "England", "State of Delaware"]
    assert [powers(p) for p in ps] == [(0, 960000, 0, 960000, 960000)] * 3  # "None" rows are the form's zero
    assert src(name, "data.reporting_persons[2].type_of_reporting_person") == "H.C."


def test_percent_caption_worded_representing_is_a_row():
    # "11.   PERCENT OF CLASS REPRESENTING BY AMOUNT IN ROW (11)" on the first of two cover pages
    name = "cikcusip__1995_SC_13G_758004.txt"
    ps = rec(name).data.reporting_persons
    assert [p.name for p in ps] == ["Goldman, Sachs & Co.", "The Goldman Sachs Group, L.P."]
    assert [p.percent_of_class for p in ps] == [5.5, 5.5]
    assert src(name, "data.reporting_persons[0].percent_of_class") == "5.5%"
    assert powers(ps[0]) == (0, 19851448, 0, 19851448, 19851448)
    assert ps[0].type_of_reporting_person == ["BD", "PN", "IA"]  # "BD-PN-IA"
