"""The 2024+ XML forms: an absent power element is the XML form of a blank row (0, as on paper), and a
decimal share count ("7207424.40") is whole shares. The inputs are the real Icahn Enterprises 13D/A XML
(tests/fixtures/schedule13/README.md) and variants derived from it by one edit each, the way the Form D amendment
test derives a ticked box from a real page."""
from __future__ import annotations

from edgarsift import extract

from .unseen13 import FIXTURES

NAME = "edgartools__schedule13d_icahn_enterprises_0001539497-26-001890.xml"


def _source() -> str:
    return (FIXTURES / NAME).read_text()


def test_absent_power_element_is_a_blank_row():
    text = _source()
    element = "        <sharedVotingPower>0.00</sharedVotingPower>\n"
    assert text.count(element) >= 2
    derived = text.replace(element, "", 1)  # CCI Onshore LLC's shared voting row left out, as some filers do
    first = extract(derived.encode()).data.reporting_persons[0]
    assert first.name == "CCI Onshore LLC"
    assert (first.sole_voting_power, first.shared_voting_power, first.aggregate_amount) == (132123972, 0, 132123972)


def test_decimal_share_count_is_whole_shares():
    text = _source()
    derived = text.replace("<soleVotingPower>132123972.00</soleVotingPower>",
                           "<soleVotingPower>132123972.40</soleVotingPower>", 1)
    assert derived != text
    first = extract(derived.encode()).data.reporting_persons[0]
    assert first.sole_voting_power == 132123972  # was null: a fraction made the count unreadable
    assert first.aggregate_amount == 132123972


def test_the_real_file_reads_as_before():
    ps = extract(FIXTURES / NAME).data.reporting_persons
    assert len(ps) == 9 and ps[0].shared_voting_power == 0 and ps[0].sole_voting_power == 132123972
