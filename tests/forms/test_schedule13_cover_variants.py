"""Caption wordings and value separators seen on filings outside the corpus, each applied by one edit to a real
cover page (1867 Western Financial's 1997 13D, tests/fixtures/schedule13/README.md) — the way the Form D amendment
test derives a ticked box from a real page. Each edit reproduces a layout quoted in the issue; the values read must
not change."""
from __future__ import annotations

import pytest

from edgarsift import extract

from .unseen13 import FIXTURES, powers

NAME = "cikcusip__1004740.txt"


def _derived(old: str, new: str, name: str = NAME):
    text = (FIXTURES / name).read_text()
    assert text.count(old) == 1, old
    return extract(text.replace(old, new).encode())


@pytest.mark.parametrize("old,new", [
    # "7. SOLE VOTING POWER - 189,185": a value after " - " is not the blank row's dash (it read as a zero)
    ("7   SOLE VOTING POWER                                   436,763", "7   SOLE VOTING POWER - 436,763"),
    # "SOLE DISPOSITION POWER"
    ("9   SOLE DISPOSITIVE POWER                              436,763", "9   SOLE DISPOSITION POWER      436,763"),
    # a dot leader between caption and value
    ("13  PERCENT OF CLASS REPRESENTED BY AMOUNT IN ROW (11)                  10.03%",
     "13  PERCENT OF CLASS . . . . . . . . . . . . . . . . . 10.03%"),
])
def test_cover_row_variants_read_the_same_values(old, new):
    (p,) = _derived(old, new).data.reporting_persons
    assert powers(p) == (436763, 0, 436763, 0, 436763)
    assert p.percent_of_class == 10.03 and p.citizenship_or_place == "CALIFORNIA"


def test_side_caption_row_number_after_the_place():
    # "New York : 7": the next row's number printed on the place's line is not part of the place
    (p,) = _derived(" 6   CITIZENSHIP OR PLACE OF ORGANIZATION                            CALIFORNIA",
                    " 6   CITIZENSHIP OR PLACE OF ORGANIZATION\n     CALIFORNIA      :  7").data.reporting_persons
    assert p.citizenship_or_place == "CALIFORNIA"


@pytest.mark.parametrize("old,new,field,value", [
    ("(Name, Address and Telephone Number of Person Authorized", "(Name, Address, and Telephone Number of Person "
     "Authorized", "notice_contact_name", "BANK OF STOCKTON"),
    ("(Title of Class of Security)", "(Title of Class and Securities)", "security_title", "COMMON STOCK"),
])
def test_header_caption_variants(old, new, field, value):
    assert getattr(_derived(old, new).data, field) == value


def test_zero_percent_printed_between_dashes():
    # "-0-%" on a page whose every count row is blank (Tonami's page of the Mitsui 13D/A)
    r = _derived("                                           0%\n", "                                           -0-%\n",
                 "cikcusip__1994_SC_13DA_3000.txt")
    tonami = r.data.reporting_persons[2]
    assert tonami.percent_of_class == 0.0 and powers(tonami) == (0, 0, 0, 0, 0)
