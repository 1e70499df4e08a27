"""The facing page's fast searches find what the plain searches they replace find (speed work, issue 16).

Each fast path is checked against the plain search it stands for, on the X-17A-5 fixtures' texts and on
generated text that holds the hard cases (overlapping words, letters `regex` folds oddly, ranges cut mid-line).
"""
from __future__ import annotations

import random
from pathlib import Path

import regex

from edgarsift.forms.x17a5 import facing as F
from edgarsift.read import read_bytes
from edgarsift.text import search

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _texts() -> list[str]:
    paths = sorted(p for d in ("x17a5", "x17a5_holdout", "x17a5_holdout2") for p in (FIXTURES / d).glob("*.txt")
                   if not p.name.endswith(".notes.txt"))
    return [read_bytes(p.read_bytes(), str(p), ocr="never").view().text for p in paths]


def _generated(bits: list[str], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(bits) for _ in range(rnd.randrange(1, 30))) for _ in range(n)]


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of the first group ``(?:…)``, which runs to the last ``)`` (FORM_WORDS and
    TITLE_WORDS wrap their words in boundaries)."""
    body = pattern[pattern.index("(?:") + 3:pattern.rindex(")")]
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    return out + [body[start:]]


def test_every_form_word_and_title_alternative_prints_a_key():
    for pattern, keys in ((F.FORM_WORDS, F.FORM_WORD_KEYS), (F.TITLE_WORDS, F.TITLE_KEYS)):
        alternatives = _alternatives(pattern.pattern)
        assert len(alternatives) >= 10
        for alt in alternatives:
            assert any(k in alt.lower() for k in keys), alt


def test_lines_with_title_words_are_searched():
    lines = [m.group(0) for t in _texts() for m in F._LINE.finditer(t)]
    lines += _generated(["Chief Financial Officer", "CHİEF", "Vice President", "Managing Director", "Treaſurer", "CFO",
                         "ComptroLLer", "FINOP", "General Partner", "Member", "_sssiPresident", "Secretary", " ", "x"], 2000, 8)
    found = [line for line in lines if F.TITLE_WORDS.search(line) or F._TITLE_WORDS_GLUED.search(line)]
    assert len(found) > 100
    assert all(search.holds_key(F._TITLE_KEY, line) for line in found)


def test_lines_with_form_words_are_searched():
    lines = [m.group(0) for t in _texts() for m in F._LINE.finditer(t)]
    lines += _generated(["OFFICIAL USE ONLY", "0FFİCIAL", "ſtreet", "No. and ſtreet", "Zip Code", "(City)", "(ſtate)",
                         "MM/DD/YY", "FIRM I.D. NO.", "Area Code - Telephone Number", "uſe only", "Filed as Public",
                         "Name - if individual", "Do not use P.O. Box No.", "ZİP", "K", " ", "x", "ı"], 2000, 1)
    found = [line for line in lines if F.FORM_WORDS.search(line)]
    assert len(found) > 100
    assert all(F._may_hold_form_words(line) for line in found)


def test_one_slip_search_finds_what_the_fuzzy_search_finds(monkeypatch):
    monkeypatch.setattr(search, "FOLD_CHUNK", 6)  # words cut by a chunk's end, often
    texts = _texts() + _generated(["Stamford ", "ſtamford", "STAMFORK ", "New\n\n  fork", "Ne  York", "NEW YORK",
                                   "newyork", "New  Yorkk", "aNew York", "New York, NY", "ñew York", " ", "\n"], 300, 2)
    cities = ["Stamford", "New York", "New fork", "BALA CYNWYD", "Greenwich", "St. Louis", "Jersey City", "a", "Ne w"]
    for city in cities:
        one_slip = regex.compile(r"(?i)(?<![A-Za-z])(?:" + r"\s+".join(map(regex.escape, city.split())) + r"){s<=1}(?![A-Za-z])")
        for text in texts:
            starts = F._one_slip_starts(city.split(), text)
            fast = one_slip.finditer(text) if starts is None else F._matches_from(one_slip, text, starts)
            assert [m.span() for m in fast] == [m.span() for m in one_slip.finditer(text)], (city, text[:80])


def test_report_heading_and_oath_start_find_what_the_searches_find(monkeypatch):
    monkeypatch.setattr(search, "FOLD_CHUNK", 9)  # words cut by a chunk's end, often
    texts = _texts() + _generated(["Report of Independent Registered Public Accounting Firm", "REPORT OF INDEPENDENT AUDITORS",
                                   "Independent Auditors' Report", "Report of\nIndependent Auditor", "  ", "\t", "\n", "x ",
                                   "   CaN hep", "OATH OR AFFIRMATION", "oath  or affuuution", "AFFIRMATION", "We", "I",
                                   " swear ", " affirm ", "ſwear", " to the best of ", ","], 1500, 3)

    def key(m):
        return None if m is None else (m.re.pattern, m.span(), m.groups())
    for text in texts:
        assert key(F._report_heading(text)) == key(F.REPORT.search(text))
        for end in (min(len(text), 40000), len(text) // 2):
            assert key(F._oath_start(text, end)) == key(F.OATH_CAPTION.search(text, 0, end) or F.OATH_BODY.search(text, 0, end))


def test_sec_box_finds_what_the_spaces_pattern_finds():
    old = regex.compile(r"(?m)(?:^|[ \t]{3,})(?P<v>[8e][ \t]{0,4}[-.\u2013]?[ \t]{0,4}(?P<d>\d{5})|8(?P<d2>\d{5}))[ \t]*$")
    texts = _texts() + _generated(["8-12345", "8 - 12345", "e-12345", "812345", "8.12345", "  ", "   ", "\t\t\t", "x", "\n",
                                   "8-1234", " 8-12345 "], 500, 4)
    rnd = random.Random(5)
    for text in texts:
        for _ in range(10):
            a = rnd.randrange(len(text) + 1)
            b = rnd.randrange(a, min(len(text), a + 3000) + 1)
            fast = [m for m in F.SEC_BOX.finditer(text, a, b) if m.start() - 3 >= a or m.start() == 0 or text[m.start() - 1] == "\n"]
            assert [(m.span("v"), m.group("d"), m.group("d2")) for m in fast] == \
                [(m.span("v"), m.group("d"), m.group("d2")) for m in old.finditer(text, a, b)]


def test_first_and_last_line_values_are_those_of_all():
    rnd = random.Random(6)
    paths = sorted((FIXTURES / "x17a5").glob("facing_*.txt"))
    for p in paths:
        view = read_bytes(p.read_bytes(), str(p), ocr="never").view()
        for _ in range(20):
            a = rnd.randrange(len(view.text))
            b = min(len(view.text), a + rnd.choice([1, 50, 400, 3000]))
            every = [(v.text, v.span, v.cells) for v in F._line_values(view, a, b)]
            assert [(v.text, v.span, v.cells) for v in F._last_line_values(view, a, b, 3)] == every[-3:]
            assert [(v.text, v.span, v.cells) for v in F._first_line_values(view, a, b, 12)] == every[:12]


def test_drops_commas_as_one_alternation():
    months = "january|february|march|april|may|june|july|august|september|october|november|december"
    no_comma = regex.compile(rf"(?i)\b(?:{months})\s+\d{{1,2}}\s+(?:19|20)\d\d\b")
    comma = regex.compile(rf"(?i)\b(?:{months})\s+\d{{1,2}}\s*,\s*(?:19|20)\d\d\b")
    texts = _texts() + _generated(["March 31 2010 ", "march 3, 2011 ", "May 1 1999 ", "JUNE 30 2020 ", "Mayday 1 2000 ",
                                   "xMarch 31 2010 ", "ſeptember 1 2001 ", " ", "\n", "1", "2010"], 1000, 7)
    for text in texts:
        assert F.drops_commas(text) == (len(no_comma.findall(text)) >= 3 and not comma.search(text))


def test_find_label_finds_what_the_label_search_finds(monkeypatch):
    from edgarsift.text.labels import find_label, label_re
    monkeypatch.setattr(search, "FOLD_CHUNK", 7)  # words cut by a chunk's end, often
    texts = _texts() + _generated(["FACING PAGE", "F A C I N G  P A G E", "Facing\tPage", "FACİNG PAGE", "OATH OR AFFIRMATION",
                                   "REGİSTRANT  IDENTIFICATION", "ſEC FILE NUMBER", "R e p o r t  of  Independent",
                                   "Report of\nIndependent", "facing", " ", "\n", "x", "page"], 1000, 9)
    rnd = random.Random(10)
    for text in texts:
        for label in ("FACING PAGE", "REGISTRANT IDENTIFICATION", "OATH OR AFFIRMATION", "SEC FILE NUMBER", "Report of Independent"):
            a = rnd.randrange(len(text) + 1)
            for start, end in ((0, None), (a, rnd.randrange(a, len(text) + 1))):
                want = label_re(label).search(text, start, len(text) if end is None else end)
                got = find_label(text, label, start, end)
                assert (got and got.span()) == (want and want.span()), (label, start, end)


def test_caption_finds_what_the_caption_searches_find(monkeypatch):
    monkeypatch.setattr(search, "FOLD_CHUNK", 5)  # words cut by a chunk's end, often
    texts = _texts() + _generated(["NAME OF .BROKER-DEALER:", "N A M E  0F BROKER DEALER", "ESS OF PRINCIPAL", "PR1NCIPAL PLACE",
                                   "PUBLlC ACCOUNTANT whose opinion", "İNDEPENDENT PUBLIC ACCOUNTANT", "CHECK ONE", "Cert|fied",
                                   "ACCOUNTANT IDENTIFICATION", "REPORT FOR. THE PERIOD BEGINNING", "PER|OD BEGINNING",
                                   "PERSON TO CONTACT", "aNAME OF", " ", "\n", "x", ":"], 1000, 11)
    rnd = random.Random(12)
    for text in texts:
        for key, labels in F.CAPTIONS.items():
            a = rnd.randrange(len(text) + 1)
            for start, end in ((0, len(text)), (a, rnd.randrange(a, len(text) + 1))):
                want = next((m for lab in labels if (m := F.caption_re(lab).search(text, start, end))), None)
                got = F._caption(text, key, start, end)
                assert (got and (got.span(), got.re.pattern)) == (want and (want.span(), want.re.pattern)), (key, start, end)


def test_year_ended_finds_what_its_search_finds(monkeypatch):
    import datetime as dt
    import importlib

    from edgarsift.text.view import TextView
    extract = importlib.import_module("edgarsift.forms.x17a5.extract")
    monkeypatch.setattr(search, "FOLD_CHUNK", 8)
    texts = _texts() + _generated(["for the year ended December 31, 2019", "YEAR  ENDED\nDECEMBER 31 2019", "yeaR ended",
                                   " December 31,2019", "year ended March 31, 2020", " ", "\n", "x"], 500, 13)
    for text in texts:
        view = TextView.of(text)
        for as_of in ("2019-12-31", "2020-03-31"):
            d = dt.date.fromisoformat(as_of)
            want = regex.compile(rf"year\s+ended\s+{d.strftime('%B')}\s+{d.day}\s*,?\s*{d.year}", regex.I).search(text)
            got = search.first_match(regex.compile(rf"year\s+ended\s+{d.strftime('%B')}\s+{d.day}\s*,?\s*{d.year}", regex.I),
                                text, search.occurrences(text, "year"), len(text))
            assert (got and got.span()) == (want and want.span())
            period = extract._year_ended(view, as_of)
            assert (period and period[2]) == (want and view.span(*want.span()))


def test_firms_oath_end_and_sec_id_found_as_their_searches_find():
    oath_end = regex.compile(r"(?i)this\s+report\s*\W{0,3}\s*contains|\(a\)\s*Facing")
    texts = _texts() + _generated(["Ernst & Young LLP", "ERNST  YOUNG", "Deloitte & Touche LLP", "KPMG Peat Marwick LLP", "kpmg",
                                   "PricewaterhouseCoopers", "BDO USA, LLP", "Coopers & Lybrand", "aKPMG", "EisnerAmper",
                                   "This report ** contains", "(a) Facing", "(a)Facing page", "SEC FILE NUMBER 8-12345",
                                   "SEC I.D. No. 8 - 4567", "sec", "ſEC FILE No.: 8-66666", " ", "\n", "x"], 1000, 14)
    rnd = random.Random(15)
    for text in texts:
        a = rnd.randrange(len(text) + 1)
        lo, hi = a, rnd.randrange(a, len(text) + 1)
        assert F._first_firm_matches(text, lo, hi) == \
            [(m.start(), f) for f, pat in F._FIRM_RE if (m := pat.search(text, lo, hi))]
        want = oath_end.search(text, lo, hi)
        ends = [e.start() for p in F.OATH_ENDS if (e := p.search(text, lo, hi))]
        assert (min(ends) if ends else None) == (want and want.start())
        end = min(len(text), 6000)
        want = F.SEC_ID.search(text, 0, end)
        got = search.first_match(F.SEC_ID, text, search.occurrences(text, "sec", 0, end), end)
        assert (got and (got.span(), got.group(1))) == (want and (want.span(), want.group(1)))


def test_oath_name_forms_need_the_verb_letters():
    texts = [m.group(0) for t in _texts() for m in regex.finditer(r"[^\f]{1,500}", t)]
    texts += _generated(["We, John Smith and Jane Doe, ", "I, ", "Robert Jones", "\n", " ", "swear", "affirm", "affnn", "sweat",
                         "SWEAR", "Affirm", "do solemnly ", "_____", ", ", "AFF", "ſwear"], 1500, 16)
    for text in texts:
        if any(p.search(text) for p in F.OATH_FORMS + [F.OATH_NAME]):
            assert "sw" in text or "aff" in text
