"""The cover page's own arithmetic confirms what was read and sets aside what it contradicts.
Real filings outside the corpus; sources in tests/fixtures/schedule13/README.md."""
from __future__ import annotations

from edgarsift import extract

from .unseen13 import FIXTURES, powers, rec, src


def test_count_with_a_glued_footnote_mark_is_taken_when_the_page_confirms_it():
    # "7   SOLE VOTING POWER:       1,353,4681" — footnote 1 typed straight after 1,353,468 (the last group has
    # four digits). Citibank's page prints the aggregate clean ("1,353,468"), which confirms the power rows;
    # Citicorp's page glues the mark to every count, aggregate included: its aggregate is confirmed by
    # Citibank's, which states the same count at the same 27.1%.
    name = "cikcusip__1994_SC_13DA_3499.txt"
    r = rec(name)
    citibank, citicorp = r.data.reporting_persons
    assert powers(citibank) == (1353468, 0, 1353468, 0, 1353468)
    assert powers(citicorp) == (0, 1353468, 0, 1353468, 1353468)
    assert src(name, "data.reporting_persons[0].sole_voting_power") == "1,353,468"  # the mark is not in the span
    assert src(name, "data.reporting_persons[1].aggregate_amount") == "1,353,468"
    assert not citibank.set_aside and not citicorp.set_aside
    assert not [f for f in r.findings if f.check == "sc13.set_aside"]


def _derived(old: str, new: str, name: str = "cikcusip__1004740.txt"):
    # one edit to a real cover page (1867 Western Financial's 1997 13D): 436,763 shares, 10.03% of 4,355,380
    from edgarsift import extract

    from .unseen13 import FIXTURES
    text = (FIXTURES / name).read_text()
    assert text.count(old) == 1
    return extract(text.replace(old, new).encode())


def test_power_row_above_a_confirmed_aggregate_is_set_aside():
    # sole voting misprinted ten times too large: the aggregate is confirmed (sole + shared dispositive add up to
    # it, and 436,763 / 4,355,380 = 10.03%), so the voting row is left out with a finding, not written wrong
    r = _derived("7   SOLE VOTING POWER                                   436,763",
                 "7   SOLE VOTING POWER                                 4,367,630")
    (p,) = r.data.reporting_persons
    assert p.sole_voting_power is None and p.aggregate_amount == 436763 and p.sole_dispositive_power == 436763
    assert "sole_voting_power" in p.set_aside
    (f,) = [f for f in r.findings if f.check == "sc13.set_aside"]
    assert f.severity == "warning" and f.path == "data.reporting_persons[0].sole_voting_power"


def test_aggregate_below_the_rows_it_sums_is_set_aside():
    # the aggregate misprinted as 43,676: sole voting and sole dispositive agree at 436,763, which the percent over
    # the class total confirms; the aggregate is the doubtful value
    r = _derived("11  AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PARTY        436,763",
                 "11  AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PARTY         43,676")
    (p,) = r.data.reporting_persons
    assert p.aggregate_amount is None and (p.sole_voting_power, p.sole_dispositive_power) == (436763, 436763)
    assert list(p.set_aside) == ["aggregate_amount"]


def test_lone_persons_unread_aggregate_taken_from_item4_when_the_rows_add_up_to_it():
    # J.P. Morgan's 1995 13G/A with the cover's row 9 value left out (one edit): a blank aggregate beside 6.31% is
    # not a zero; Item 4 restates "AMOUNT BENEFICIALLY OWNED:    152,350 SHARES", which the cover's dispositive
    # rows add up to (152,350 + 0), so it is the aggregate
    r = _derived("(9) AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PERSON:\n"
                 "                                          152,350 SHARES\n",
                 "(9) AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PERSON:\n\n",
                 "cikcusip__1995_SC_13GA_866817.txt")
    (p,) = r.data.reporting_persons
    assert (p.aggregate_amount, p.percent_of_class) == (152350, 6.31)
    assert (p.sole_voting_power, p.sole_dispositive_power) == (49750, 152350)
    a, b = r.provenance["data.reporting_persons[0].aggregate_amount"]
    assert b - a == len("152,350")


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


def test_a_blank_aggregate_beside_a_percent_is_left_out_with_a_finding():
    # Steve Schnipper's cover (one of 27): rows 7, 9 and 11 hold only "&nbsp;", row 13 says 4.4% (his shares are
    # Stourbridge's 2,278,400). A zero aggregate at 4.4% of the class contradicts the page: the aggregate is
    # left out, and the record says why
    name = "audit/pranab__cybergy_sc13d.html"
    r = rec(name)
    i, p = next((i, p) for i, p in enumerate(r.data.reporting_persons) if p.name == "Steve Schnipper")
    assert (p.aggregate_amount, p.percent_of_class) == (None, 4.4)
    assert src(name, f"data.reporting_persons[{i}].percent_of_class") == "4.4%"
    assert p.set_aside == {"aggregate_amount": "printed blank beside a percent of 4.4%, so not a zero"}
    (f,) = [f for f in r.findings if f.check == "sc13.set_aside" and f.path.startswith(f"data.reporting_persons[{i}]")]
    assert f.severity == "warning" and f.path == f"data.reporting_persons[{i}].aggregate_amount"
    stourbridge = next(p for p in r.data.reporting_persons if p.name == "Stourbridge Investments, LLC")
    assert (stourbridge.aggregate_amount, stourbridge.percent_of_class) == (2278400, 4.4)
