"""The X-17A-5 reader's fast paths give what the plain patterns give (speed work only, issue 16)."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from edgarsift.forms.x17a5 import labels as L
from edgarsift.forms.x17a5 import lines as Ln

_ROW_CHARS = [*"\n\tabc XYZ  $(),.;:'-_Il0123456789\u2019\u2014\u2013\u00a0\u0663\u2003\x1c|!‘`\"§", "    ", " \t  "]


def _lines(n: int) -> list[str]:
    rnd = random.Random(16)
    out = ["Cash and cash equivalents   $ 282,929", "Commercial" + " " * 200, "Total  (1;502)", "Due  \u0663\u0663",
           "Payable to customers   794,707 .", "Loans  1931   82", "a\n 123", "Notes\u2003 12"]
    for _ in range(n):
        tail = "".join(rnd.choice(_ROW_CHARS) for _ in range(rnd.randint(1, 30)))
        out.append(("Other assets" + " " * rnd.randint(0, 20) if rnd.random() < 0.5 else "") + tail)
    return out


def test_row_amount_is_the_row_pattern():
    for text in _lines(20000):
        old, new = Ln.ROW.match(text), Ln._row_amount(text)
        assert (old is None) == (new is None), text
        if old is not None and new is not None:
            assert (old.group("label"), old.span("amt")) == (text[:new.start("amt")], new.span("amt")), text


def _words_one_by_one(text: str) -> frozenset[str]:
    counts = Counter(m.group(0).lower() for m in L._KNOWN_WORD.finditer(text))
    return frozenset(w for w, n in counts.items() if n >= L.KNOWN_MIN_USES)


@pytest.mark.parametrize("text", [
    "Receivable from brokers, receivables 2x receivablesX Receivable; RECEIVABLE.", "Stra\u00dfe abcd\u00e9 abcd abcd",
    "\u0130ndex index index", "\u212aeep keep keep", "word1 word word2 word \u2019word\u2019", "surrogate \ud800abcd abcd abcd",
])
def test_filing_words_counts_as_the_word_pattern(text: str):
    assert L.filing_words(text * 3) == _words_one_by_one(text * 3)
    assert L.filing_words(text) == _words_one_by_one(text)


@pytest.mark.parametrize("piece", [1, 3, 7, 50])
def test_filing_words_counted_a_piece_at_a_time_are_the_words(monkeypatch, piece: int):
    monkeypatch.setattr(L, "_COUNT_PIECE", piece)  # tiny pieces: words at every piece's edge
    rnd = random.Random(piece)
    bits = ["assets", "Cash", "receivable", "x", "  ", "\n", "\u00e9", "1234", "abc9", "total", "-", "SECURITIES"]
    for _ in range(1500):
        text = "".join(rnd.choice(bits) + rnd.choice([" ", "", "\t", ","]) for _ in range(rnd.randrange(0, 60)))
        assert L.filing_words(text) == _words_one_by_one(text), text


@pytest.mark.parametrize("odd", ["", "\u017f", "\u0130", "\u212a"])
def test_candidates_in_the_lowered_copy_are_the_titles(odd: str):
    from edgarsift.forms.x17a5.statement import candidates
    from edgarsift.text.view import TextView

    text = (f"We have audited the accompanying Statement of Financial Condition of the Company as of{odd}\n\n"
            "STATEMENT OF FINANCIAL\n CONDITION\nDecember 31, 2019\n\n  | ASSETS   2019\nCash   12\n"
            "Statement of Financial Condition\n" + "filler line\n" * 200 + "Assets\n"
            "STATEMENT  OF FINANCIAL CONDITION\n\nassets:\n")
    view = TextView.of(text)
    found = candidates(view)
    low = L.lowered(text)
    assert (low is None) == bool(odd)
    if low is not None:
        assert candidates(view, low) == found
    # the report's sentence and the title without its "Assets" are no statements
    assert found == [text.index("STATEMENT OF FINANCIAL\n"), text.index("STATEMENT  OF")]


def test_trail_noise_characters_are_the_pattern_class():
    import sys

    import regex

    white = {c for c in map(chr, range(sys.maxunicode + 1)) if regex.match(r"\s", c)}
    assert set(Ln._WHITE_SPACE) == white
    for text in _lines(3000) + ["Total  \u3000.\n", "Cash - ", "x\n\n", "", "$ |", "Net:\x1c  "]:
        assert Ln._cut_trail_noise(text) == Ln.TRAIL_NOISE.sub("", text), text


def test_bare_figure_opens_at_a_digit_and_finds_what_the_look_behind_did():
    import regex

    from edgarsift.forms.x17a5.statement import _BARE_FIGURE

    before = regex.compile(r"(?<![\w.,$-])\$?\K\d{4,}(?![\w,]|\.\d)")  # the pattern as first written
    rnd = random.Random(17)
    texts = ["$30280 and 129951; 2015 x1234 $$1234 -1234 1234.5 1234,5 ($12345) \u0663\u0663\u0663\u0663 $1234_"]
    texts += ["".join(rnd.choice("0123456789$.,-a \n_(") for _ in range(60)) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in _BARE_FIGURE.finditer(text)] == [m.span() for m in before.finditer(text)], text


def test_filing_words_are_counted_only_when_label_repair_needs_them(monkeypatch):
    text = "Furniture furniture FURNITURE Fumiture  retum retum retum Cash cash cash"
    calls = []
    real = L.filing_words
    monkeypatch.setattr(L, "filing_words", lambda *a: calls.append(a) or real(*a))
    known = L.FilingWords(text)
    assert L.fix_ocr_words("Cash and furniture", known=known) == "Cash and furniture"
    assert calls == []  # caption words only: the filing was not read
    assert L.fix_ocr_words("retum", known=known) == "retum"  # printed three times: the filing's own word
    assert L.fix_ocr_words("Fumiture", known=known) == "Furniture"
    assert len(calls) == 1 and known.words == real(text)
