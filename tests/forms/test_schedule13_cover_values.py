"""Schedule 13D/13G cover rows: what a row's value is and where it stops — a citizenship ends before the next
row however that row is worded (or at the instruction line before rows 5-8), a place never holds a count, and
counts printed between dashes are counts. Real filings outside the corpus (sources in
tests/fixtures/schedule13/README.md); every value asserted was read off the filing by hand, every span checked
against the source text."""
from __future__ import annotations

from .unseen13 import powers, rec, src


def test_citizenship_stops_before_rows_worded_sole_power_to_vote():
    name = "cikcusip__1995_SC_13GA_866817.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.citizenship_or_place == "UNITED STATES"
    assert src(name, "data.reporting_persons[0].citizenship_or_place") == "UNITED STATES"
    # rows 5-8 in the 1990s wording are rows, not citizenship text
    assert powers(p) == (49750, 0, 152350, 0, 152350)
    assert p.percent_of_class == 6.31
    assert src(name, "data.reporting_persons[0].sole_dispositive_power") == "152,350"


def test_citizenship_stops_at_the_questions_5_8_instruction_line():
    name = "cikcusip__1389072.txt"
    p = rec(name).data.reporting_persons[0]
    assert p.citizenship_or_place == "Pennsylvania"
    assert src(name, "data.reporting_persons[0].citizenship_or_place") == "Pennsylvania"
    assert p.name == "The Vanguard Group"  # "The Vanguard Group - 23-1945930": the EIN is not the name's
    assert powers(p) == (22037, 0, 885277, 20937, 906214)


def test_run_on_citizenship_is_dropped_not_kept():
    from edgarsift.forms.schedule13.cover import RUN_ON

    # what the extractor used to emit for the 1995 filing: a share count and a row caption inside a "place"
    assert RUN_ON.search("UNITED STATES (5) SOLE POWER TO VOTE: 49,750 SHARES")
    for place in ("Delaware", "United States of America", "Cayman Islands", "State or Oregon, USA",
                  "Eurocredit Investments, Ltd. is a Maltese corporation and Mr. Mauran is a Canadian citizen."):
        assert not RUN_ON.search(place)


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
