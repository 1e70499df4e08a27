"""The X-17A-5 facing page's, oath's and report's fast paths (speed work, issue 16), each checked against the plain
code it replaces on every line of the corpus's and the fixtures' X-17A-5 texts and on generated hard cases: a cheap
test that lets a costly step be skipped must never skip one that would have found something."""
from __future__ import annotations

import datetime as dt
import random
import importlib

import regex

from edgarsift.forms.x17a5 import facing as F
from edgarsift.forms.x17a5.labels import lowered
from edgarsift.text.view import TextView

from .test_x17a5_facing_fast import _generated
from .test_x17a5_fast_paths3 import _texts  # every corpus and fixture X-17A-5 text

extract = importlib.import_module("edgarsift.forms.x17a5.extract")

_LINE = regex.compile(r"[^\n\f]+")


def _lines() -> list[str]:
    return [m.group(0) for text in _texts() for m in _LINE.finditer(text)]


# --- the cover's name: a line without a company ending is passed over at once --------------------------------------

_NAME_BITS = ["Goldman Sachs", " & ", "&:", " &  : ", "Co", "Co.", "Company", ", ING", ",ING.", ", Ing", ",  ING",
              "L.L.C.", "L. L. C", "LLC", "L.P.", "Inc", "Inc.", "Incorporated", "N.A.", "N. A.", "plc", "Ltd", ",",
              " ,", ",,", ", ,", " ", "  ", "\t", " aro", " ab", " x", " and subsidiaries", " and its subsidiary",
              "Securities", "x", "Corp", "Limited", "\u017f", "\u212a", "\u00e9", "\x1c", "Holdings", "www.pwc.com/us"]


def test_a_line_that_cleans_to_a_company_name_is_never_passed_over():
    lines = _lines() + _generated(_NAME_BITS, 40000, 1617)
    named = 0
    for line in lines:
        if F._SUFFIX_AT_END.search(F.clean_name(F._GROUP.sub("", line))):
            named += 1
            assert F._may_clean_to_company(line), line
    assert named > 1000  # (the generated lines reach every step of clean_name)


# --- a line's value: the margin letter's pattern tried only where a line can open with one -------------------------

_MARGIN_BITS = [" ", "\t", "i", "a", "z", "A", "\u00e9", "\u0131", "1", "Ralph Mattone", "     ", "\u00a0", "\x1c",
                "_", "\u2003"]


def test_a_margin_letter_is_never_missed():
    lines = _lines() + _generated(_MARGIN_BITS, 40000, 1617)
    found = 0
    for line in lines:
        if F.MARGIN_LETTER.match(line):
            found += 1
            assert F._may_open_with_margin_letter(line), repr(line)
    assert found > 100


# --- the report period from "for the year ended": "year" looked for in the lowered copy ---------------------------

def test_year_ended_read_off_the_lowered_copy_is_the_search():
    texts = _texts() + _generated(["for the year ended December 31, 2019", "YEAR  ENDED\nDECEMBER 31 2019", "yeaR ended", "Year\nEnded", "year\tended",
                                   " December 31,2019", "year ended March 31, 2020", "Year Ended Deςember", "\u017f",
                                   "\u212a", "\u0130", "\u0131", "\u00e9", " ", "\n", "x"], 3000, 1617)
    found = 0
    for text in texts:
        view, low = TextView.of(text), lowered(text)
        for as_of in ("2019-12-31", "2020-03-31"):
            d = dt.date.fromisoformat(as_of)
            want = regex.compile(rf"year\s+ended\s+{d.strftime('%B')}\s+{d.day}\s*,?\s*{d.year}", regex.I).search(text)
            period = extract._year_ended(view, as_of, low)
            assert (period and period[2]) == (want and view.span(*want.span()))
            found += want is not None
    assert found > 100


# --- the oath's and the report's words: looked for in the lowered copy ---------------------------------------------

def _span(m: "regex.Match[str] | None") -> tuple[int, int] | None:
    return m and m.span()


def test_words_found_in_the_lowered_copy_are_the_folded_texts():
    from edgarsift.text.search import occurrences
    texts = _texts() + _generated(["Oath or Affirmation", "AFFIRMATION", "affırm", "AFFİRM", "ſwear", "\u212a", "swear",
                                   "Report of Independent", "ındependent", "İNDEPENDENT", "REPORT", "rep ort", "oath",
                                   "\u00e9", "\u0663", " ", "\n", "x"], 3000, 1617)
    rnd = random.Random(1617)
    hits = 0
    for text in texts:
        low = lowered(text)
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, len(text) + 1)
        for word in ("oath", "affirmation", "swear", "affirm", "report", "independent"):
            want = list(occurrences(text, word))
            assert list(F._word_offsets(text, word, low=low)) == want
            assert list(F._word_offsets(text, word, a, b, low)) == list(occurrences(text, word, a, b))
            hits += len(want)
        if low is not None:
            assert _span(F._oath_start(text, len(text), low)) == _span(F._oath_start(text, len(text)))
            assert _span(F._report_heading(text, low)) == _span(F._report_heading(text))
    assert hits > 1000


# --- the city as printed: its words looked for in the text folded once ---------------------------------------------

def _city_as_printed_plain(city: str, text: str) -> str | None:
    """``facing.city_as_printed`` as it was: the exact pattern searched at every offset."""
    exact = r"(?i)(?<![A-Za-z])" + r"\s+".join(map(regex.escape, city.split())) + r"(?![A-Za-z])"
    if F._matches_twice(regex.compile(exact), text):
        return city
    one_slip = regex.compile(r"(?i)(?<![A-Za-z])(?:" + r"\s+".join(map(regex.escape, city.split())) + r"){s<=1}(?![A-Za-z])")
    # (the spellings found by the fuzzy pattern at every offset; how they are settled is the module's own)
    return F.spelling_from_slips(city, [" ".join(m.group(0).split()) for m in one_slip.finditer(text)])


def test_city_as_printed_reads_what_the_plain_searches_read():
    texts = _texts() + _generated(["Stamford ", "\u017ftamford", "STAMFORK ", "New\n\n  fork", "Ne  York", "NEW YORK",
                                   "newyork", "New  Yorkk", "aNew York", "New York, NY", "\u00f1ew York", "BALA CYNWYD",
                                   "Bala Cynwyd", "BALACYNWYD", "St. Louis", "\u0130", "\u0131", "\u212a", " ", "\n"],
                                  400, 1617)
    cities = ["Stamford", "New York", "New fork", "NEW YORK", "BALA CYNWYD", "BALACYNWYD", "Greenwich", "St. Louis",
              "Jersey City", "Ne w", "a"]
    changed = 0
    for text in texts:
        for city in cities:
            want = _city_as_printed_plain(city, text)
            assert F.city_as_printed(city, text) == want, (city, text[:80])
            changed += want != city
    assert changed > 50  # (texts where the city is read another way, or left out)
