"""Schedule 13D/13G cover page layouts: values printed above their captions, tab tables with a value on the side
caption's line, rows worded as items ("Item 5: SOLE VOTING POWER"), and rows printed as bare numbers without
captions. Real filings outside the corpus (sources in tests/fixtures/schedule13/README.md); every value asserted
was read off the filing by hand, every span checked against the source text."""
from __future__ import annotations

from edgarsift.read import read

from .unseen13 import FIXTURES, powers, rec, src


def test_cover_printing_each_value_above_its_caption_is_read_row_by_row():
    # "565,750" / "(5) Sole Voting Power" / "(6) Shared Voting Power" (blank) / "565,750" / "(7) Sole …":
    # read below the captions, each row got the next row's value (shared voting 565,750: wrong).
    name = "cikcusip__1998_SC_13GA_728974.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.name == "EquiTrust Investment Management Services, Inc."
    assert powers(p) == (565750, 0, 565750, 0, 565750)
    assert p.citizenship_or_place == "Delaware"
    assert p.percent_of_class == 5.87
    assert p.type_of_reporting_person == ["IA"]
    assert src(name, "data.reporting_persons[0].sole_voting_power") == "565,750"
    assert src(name, "data.reporting_persons[0].percent_of_class") == "5.87%"
    assert src(name, "data.reporting_persons[0].citizenship_or_place") == "Delaware"
    raw = read(FIXTURES / name).raw
    a, _ = rec(name).provenance["data.reporting_persons[0].aggregate_amount"]
    assert raw[a:].split("\n")[1].startswith("(9) Aggregate Amount")  # the value right above row 9's caption


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
