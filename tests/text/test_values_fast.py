"""The fast paths of the value parsers give what the `regex` patterns alone give: ASCII amounts read with stdlib
twins of the patterns, and find_date skipping the patterns whose month name, digits or separators are missing."""
from __future__ import annotations

import random

import pytest

from edgarsift.text import rx
from edgarsift.text.values import _AMOUNT, DATE_PATTERNS, ZERO_WORDS, _mk, find_date, month_number, parse_amount


def reference_parse_amount(s, *, allow_fraction=False):  # parse_amount with the `regex` patterns only
    if s is None:
        return None
    s = s.strip().rstrip("*")
    if not s:
        return None
    if ZERO_WORDS.match(s):
        return 0
    m = _AMOUNT.match(s)
    if not m:
        return None
    neg = bool(m.group(2)) or (bool(m.group(1)) and bool(m.group(5)))
    whole = int(rx.sub(r"[,\s]", "", m.group(3)))
    if m.group(4):
        frac = float(m.group(4))
        if not allow_fraction and frac != 0:
            return None
        whole = int(round(whole + frac))
    return -whole if neg else whole


def reference_find_date(s):  # find_date trying every pattern
    if not s:
        return None
    best = None
    for pat in DATE_PATTERNS:
        m = pat.search(s)
        if not m or (best and m.start() >= best[1]):
            continue
        g = m.groupdict()
        month = month_number(g["mon"]) if g.get("mon") else int(g["m"])
        iso = _mk(int(g["year"]), month, int(g["day"])) if month else None
        if iso:
            best = (iso, m.start(), m.end())
    return best


def outcome(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except ValueError as e:  # a digit int() cannot read: alike
        return type(e)


AMOUNT_PIECES = ["0", "1", "12", "123", "1,234", ",", ".", ".5", " ", "  ", "\t", "\n", "\x1c", "\x1f", "\x0b",
                 "\xa0", "\u2009", "$", "(", ")", "-", "-0-", "--", "*", "none", "NIL", "Zero", "n/a", "N/A", "na",
                 "\u2014", "\u2013", "x", "\u0661\u0662", "K", "1 234"]
DATE_PIECES = ["Jan", "JANUARY", "feb", "Mar.", "april", "May", "jun", "July", "AUG", "Sept", "sep", "ſep", "Oct",
               "nov", "December", "dec", " ", ", ", ",", "1", "01", "12", "31", "9", "1999", "2024", "20", "19",
               "24", "-", "/", ".", "st", "nd", "th", "day of", "of", "\x1c", "\xa0", "\u2013", "é", "\u0661", "x"]


@pytest.mark.parametrize("seed", range(20))
def test_parse_amount_reads_what_the_regex_patterns_read(seed):
    rng = random.Random(seed)
    for _ in range(3000):
        s = "".join(rng.choice(AMOUNT_PIECES) for _ in range(rng.randrange(0, 6)))
        for frac in (False, True):
            assert outcome(parse_amount, s, allow_fraction=frac) == outcome(reference_parse_amount, s,
                                                                          allow_fraction=frac), repr(s)


@pytest.mark.parametrize("seed", range(20))
def test_find_date_finds_what_every_pattern_finds(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        s = "".join(rng.choice(DATE_PIECES) for _ in range(rng.randrange(0, 9)))
        assert outcome(find_date, s) == outcome(reference_find_date, s), repr(s)


def test_the_fast_paths_on_values_filings_print():
    for s in ["$ 1,928,567,730", "(1,234)", "-0-", "None", "1 234 567", "12.50", "1,234\n", "\x1c1,234"]:
        assert parse_amount(s) == reference_parse_amount(s)
        assert parse_amount(s, allow_fraction=True) == reference_parse_amount(s, allow_fraction=True)
    for s in ["As of December 31, 2023", "Date of Event: 03/15/2024", "1999-12-31", "the 3rd day of May, 2001",
              "Sept. 5 2019 and 01/02/03", "no date 123", "", "ſep 1, 2020"]:
        assert outcome(find_date, s) == outcome(reference_find_date, s)


def test_a_month_spelled_with_a_long_s_is_read_not_an_error():
    # regex.I matches "ſ" for "s": the month must then be found, not raise KeyError and fail the filing
    assert find_date("ſep 1, 2020") == ("2020-09-01", 0, 11)
    assert find_date("ſeptember 1, 2020") == ("2020-09-01", 0, 17)
