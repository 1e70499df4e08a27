"""Schedule 13D/13G, second audit round on real filings outside the corpus (sources and abridgements in
tests/fixtures/schedule13/README.md). One test per general pattern the round found; every value asserted was
read off the filing by hand, and spans are checked against the source text."""
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


def test_percent_caption_worded_representing_is_a_row():
    # "11.   PERCENT OF CLASS REPRESENTING BY AMOUNT IN ROW (11)" on the first of two cover pages
    name = "cikcusip__1995_SC_13G_758004.txt"
    ps = rec(name).data.reporting_persons
    assert [p.name for p in ps] == ["Goldman, Sachs & Co.", "The Goldman Sachs Group, L.P."]
    assert [p.percent_of_class for p in ps] == [5.5, 5.5]
    assert src(name, "data.reporting_persons[0].percent_of_class") == "5.5%"
    assert powers(ps[0]) == (0, 19851448, 0, 19851448, 19851448)
    assert ps[0].type_of_reporting_person == ["BD", "PN", "IA"]  # "BD-PN-IA"


def test_class_title_whose_noun_wrapped_to_the_next_line_is_kept_whole():
    # "6 1/4% PRIDES, Mandatory Convertible Preferred" / "Stock, Par Value $.01 per share" / "(TITLE OF CLASS …)"
    name = "cikcusip__1996_SC_13GA_933203.txt"
    d = rec(name).data
    assert d.security_title == "6 1/4% PRIDES, Mandatory Convertible Preferred Stock, Par Value $.01 per share"
    assert src(name, "data.security_title").split() == d.security_title.split()
    assert d.issuer_name == "First USA, Inc."  # the line above it is blank: nothing joined
    assert d.issuer_cusip == "33743H204"
    assert d.shares_outstanding == 5750000 and str(d.shares_outstanding_date) == "1995-09-08"


def test_defined_term_alias_after_a_reporting_person_name_is_dropped():
    # 'Massachusetts Financial Services Company ("MFS")' / 'I.R.S. Identification No.:  04-2747644'
    name = "cikcusip__2003_SC_13G_874691.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.name == "Massachusetts Financial Services Company"
    assert src(name, "data.reporting_persons[0].name") == "Massachusetts Financial Services Company"
    assert powers(p) == (4633040, 0, 4769120, 0, 4769120)
    assert p.percent_of_class == 6.29
