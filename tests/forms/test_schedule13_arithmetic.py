"""The cover page's own arithmetic confirms what was read and sets aside what it contradicts (issue 11).
Real filings outside the corpus; sources in tests/fixtures/schedule13/README.md."""
from __future__ import annotations

from .unseen13 import powers, rec, src


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
