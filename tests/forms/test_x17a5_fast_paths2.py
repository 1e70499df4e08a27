"""More of the X-17A-5 reader's fast paths, each checked against the plain code it replaces (speed work, issue 16).

The plain versions are copied here as they were; every fast path must give what they give on the X-17A-5 fixtures'
texts and on generated hard cases (damaged words, odd case folds such as İ ſ K, words the filing itself prints).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from edgarsift.forms.x17a5 import labels as L
from edgarsift.read import read_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _texts() -> list[str]:
    paths = sorted(p for d in ("x17a5", "x17a5_audit", "x17a5_holdout", "x17a5_holdout2")
                   for p in (FIXTURES / d).glob("*.txt") if not p.name.endswith(".notes.txt"))
    return [read_bytes(p.read_bytes(), str(p), ocr="never").view().text for p in paths]


# --- label repair: _fix_word -----------------------------------------------------------------------------

def _fix_word_plain(word: str, vocabulary: frozenset[str] = L.VOCABULARY, known: L.Known = frozenset(),
                    far: bool = False) -> str:
    """``labels._fix_word`` as it was: the filing's words counted first, nothing cached."""
    low = word.lower()
    if low in vocabulary or len(low) < 3 or not low.isascii():
        return word
    known = L._known_words(known)
    if low in known:
        return word
    hits = L._swapped(low) & vocabulary
    if not hits and len(low) >= 5 and low.isalpha():
        hits = {v for v, d, _ in process.extract(low, vocabulary, scorer=Levenshtein.distance, score_cutoff=1,
                                                  limit=None) if d == 1}
    if not hits and far and len(low) >= L.FAR_MIN_LEN and low.isalpha():
        hits = L._far_hits(low, vocabulary, known)
    if len(hits) != 1 or any(L._other_form(low, h) for h in hits):
        return word
    fixed = hits.pop()
    if word.isupper():
        return fixed.upper()
    return fixed.capitalize() if word[0].isupper() else fixed


_LOOKALIKES = {"i": "lr1|", "l": "i1!|", "r": "it", "t": "rf", "e": "co", "o": "e0", "c": "e", "m": ["rn", "nn"],
               "u": ["ii", "v"], "n": "hu", "s": "5", "h": ["l1", "b"], "g": "q", "y": "v", "f": "t"}


def _damaged(word: str, rnd: random.Random) -> str:
    """A caption word with one to three OCR misreadings, a case, sometimes a letter `regex` folds oddly."""
    chars = list(word)
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(chars))
        alike = _LOOKALIKES.get(chars[at])
        if alike and rnd.random() < 0.7:
            chars[at] = rnd.choice(list(alike))
        elif rnd.random() < 0.5:
            del chars[at]
        else:
            chars.insert(at, rnd.choice("abcdefghijklmnopqrstuvwxyz:!"))
    out = "".join(chars) or word
    out = rnd.choice([out, out.upper(), out.capitalize()])
    if rnd.random() < 0.05:
        out = out.replace("i", "\u0130").replace("s", "\u017f").replace("k", "\u212a")
    return out


def _words() -> list[str]:
    words = {m.group(0) for text in _texts() for m in L._WORD.finditer(text)}
    rnd = random.Random(16)
    captions = sorted(L.VOCABULARY | L.STREET_WORDS)
    words |= {_damaged(rnd.choice(captions), rnd) for _ in range(6000)}
    words |= {"Fumiture", "retum", "Additiona!", "regulat01y", "prope1ty", "otl1er", "eqinty", "boiTowed",
              "tinaneings", "stocks", "relates", "accrual", "Certificate", "Stra\u00dfe", "\u0130ndex", "\u212aeep"}
    return sorted(words)


def _known_sets(words: list[str]) -> list[frozenset[str]]:
    """No filing words; the corrections themselves (a repair the filing's own spelling forbids); words one or
    two letters from caption words (rivals of a two-letter repair)."""
    rnd = random.Random(7)
    lows = [w.lower() for w in words if w.isascii() and w.isalpha() and len(w) >= 4]
    return [frozenset(), frozenset(rnd.sample(lows, min(400, len(lows)))),
            frozenset(_damaged(w, rnd).lower() for w in sorted(L.VOCABULARY) for _ in range(2))]


@pytest.mark.parametrize("vocabulary", [L.VOCABULARY, L.STREET_WORDS], ids=["captions", "streets"])
def test_fix_word_is_the_plain_repair(vocabulary: frozenset[str]):
    words = _words()
    for known in _known_sets(words):
        for far in (False, True):
            for word in words:
                assert L._fix_word(word, vocabulary, known, far) == _fix_word_plain(word, vocabulary, known, far), \
                    (word, far, len(known))


def test_fix_word_counts_the_filing_words_only_for_a_repair(monkeypatch):
    """The lazy count is asked for only where a repair would be made (or a two-letter repair weighed)."""
    text = "Furniture furniture FURNITURE Fumiture  retum retum retum Cash cash cash"
    calls = []
    real = L.filing_words
    monkeypatch.setattr(L, "filing_words", lambda *a: calls.append(a) or real(*a))
    known = L.FilingWords(text)
    for word in ("the", "Company", "contingencies", "Total", "and", "Cash"):  # no caption word near: no count
        assert L._fix_word(word, known=known, far=True) == word
    assert calls == []
    assert L._fix_word("retum", known=known, far=True) == "retum"
    assert len(calls) == 1


# --- the "Assets" heading: the same strings without nested runs of white space -----------------------------

_COLUMN_HEAD_AS_IT_WAS = r"(?:\s+(?:[A-Za-z]+\.?\s+\d{1,2},?\s*)?(?:19|20)\d{2})?"


def _assets_texts() -> list[str]:
    """Every fixture line from an "assets" on, as far as a heading may reach, and generated tails: blank runs
    of every kind, colons, dates, years, words, line breaks, letters `regex` folds oddly."""
    out = []
    for text in _texts():
        low = text.lower()
        at = low.find("assets")
        while at >= 0:
            line = text.rfind("\n", 0, at) + 1
            out.append(text[line:at + 120])
            at = low.find("assets", at + 1)
    rnd = random.Random(5)
    bits = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", ":", " :", "2015", "1997", "19", "20", "December",
            "Dec.", "31", "3", ",", "Assets", "ASSETS", "a\u017fsets", "pledged", "x", "$", "|", "!", "i", "\f"]
    for _ in range(20000):
        head = rnd.choice(["", " ", "| ", "\n", "  i"])
        out.append(head + rnd.choice(["assets", "Assets", "ASSETS"]) +
                   "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 12))))
    return out


def test_assets_patterns_match_the_same_strings():
    from edgarsift.forms.x17a5.statement import _ASSETS_LINE

    line_before = regex.compile(rf"(?im)^[\s|!i]*assets\s*:?{_COLUMN_HEAD_AS_IT_WAS}\s*$")
    heading_before = regex.compile(rf"^assets\s*:?{_COLUMN_HEAD_AS_IT_WAS}\s*$", regex.I)
    for text in _assets_texts():
        assert bool(_ASSETS_LINE.match(text)) == bool(line_before.match(text)), text
        assert bool(_ASSETS_LINE.search(text)) == bool(line_before.search(text)), text
        stripped = text.strip()
        assert bool(L.ASSETS_HEADING.match(stripped)) == bool(heading_before.match(stripped)), stripped


# --- second printings: the filing's figures read only where a section needs them ---------------------------

def _second_printing_plain(items: list, total: int | None, printed: frozenset[int]) -> list[int]:
    """``footing.second_printing`` as it was: handed every figure the filing prints elsewhere, read first."""
    from itertools import product
    from math import prod

    from edgarsift.forms.x17a5.footing import MAX_COMBINATIONS, _one_digit_off

    if total is None or not printed:
        return []
    doubtful = [i for i, r in enumerate(items) if r.provisional or r.value is None]
    if not doubtful:
        gap = total - sum(r.value for r in items)
        hits = [i for i, r in enumerate(items) if gap and r.value + gap in printed and _one_digit_off(r.raw, r.value + gap)]
        if len(hits) != 1:
            return []
        items[hits[0]].value = items[hits[0]].value + gap
        return hits
    options = []
    for i in doubtful:
        near = sorted(n for n in printed if _one_digit_off(items[i].raw, n))
        if not near:
            return []
        options.append(near)
    if prod(len(o) for o in options) > MAX_COMBINATIONS:
        return []
    rest = sum(r.value for i, r in enumerate(items) if i not in doubtful)
    fits = [combo for combo in product(*options) if rest + sum(combo) == total]
    if len(fits) != 1:
        return []
    for i, v in zip(doubtful, fits[0]):
        items[i].value, items[i].provisional = v, False
    return doubtful


def test_second_printing_is_the_plain_one():
    from edgarsift.forms.x17a5.footing import Reading, second_printing

    rnd = random.Random(3)
    for _ in range(20000):
        values = [rnd.choice([rnd.randrange(1, 9999), rnd.randrange(10, 99) * 1000]) for _ in range(rnd.randint(1, 5))]
        raws = [str(v) if rnd.random() < 0.8 else str(v + rnd.choice([1, 10, 100, 9000])) for v in values]
        items = [(int(r) if rnd.random() < 0.85 else None, r, rnd.random() < 0.2) for r in raws]
        total = rnd.choice([None, sum(values), sum(values) + rnd.choice([1, 10, -10, 100, 900])])
        printed = frozenset(rnd.sample(values, rnd.randint(0, len(values))) +
                            [v + rnd.choice([1, 10, 100]) for v in values if rnd.random() < 0.3])
        fast = [Reading(*i) for i in items]
        plain = [Reading(*i) for i in items]
        assert second_printing(fast, total, lambda printed=printed: printed) == _second_printing_plain(plain, total, printed)
        assert fast == plain


def test_statements_read_the_figures_printed_elsewhere_lazily_as_they_were_read_eagerly(monkeypatch):
    from edgarsift.forms.x17a5 import statement as S
    from edgarsift.text.view import TextView

    def summary(st):
        return st and (st.title_pos, [(i.section, i.label, i.reading.value) for i in st.items],
                       {k: f.reading.value for k, f in st.totals.items()}, st.repaired, st.withheld)

    views = [TextView.of(text) for text in _texts()]
    lazy = [summary(S.best_statement(v)) for v in views]
    monkeypatch.setattr(S, "second_printing", lambda items, total, figures: _second_printing_plain(items, total, figures()))
    assert [summary(S.best_statement(v)) for v in views] == lazy
    assert any(st and "notes" in " ".join(st[3]) for st in lazy)  # (a statement the second printing repairs)


# --- statement lines split as the reader asks for them -----------------------------------------------------

def test_lines_split_lazily_are_the_list_of_lines():
    from edgarsift.forms.x17a5.statement import _Lines

    rnd = random.Random(9)
    for n in range(0, 30):
        plain = list(range(n))
        for _ in range(40):
            lazy = _Lines(iter(range(n)))  # type: ignore[arg-type]
            for _ in range(4):  # several asks of one, in any order
                a, b = rnd.randint(-n - 2, n + 3), rnd.randint(-n - 2, n + 3)
                assert lazy[a:b] == plain[a:b] and lazy[:b] == plain[:b] and lazy[a:] == plain[a:]
                assert list(lazy.between(max(a, 0), max(b, 0))) == plain[max(a, 0):max(b, 0)]
                if -n <= a < n:
                    assert lazy[a] == plain[a]
                else:
                    with pytest.raises(IndexError):
                        lazy[a]


def test_statements_read_from_lazy_lines_are_those_read_from_every_line(monkeypatch):
    from edgarsift.forms.x17a5 import statement as S
    from edgarsift.text.view import TextView

    def summary(st):
        return st and ([(i.section, i.label, i.reading.value, i.label_span, i.amount_span, i.context, i.indent)
                        for i in st.items], {k: (f.reading.value, f.span) for k, f in st.totals.items()},
                       st.repaired, st.withheld, st.end_pos, st.as_of, st.scale, st.title_span, st.entity)

    views = [TextView.of(text) for text in _texts()]
    starts = [(v, pos) for v in views for pos in S.candidates(v)]
    lazy = [summary(S.read_statement(v, pos)) for v, pos in starts]

    class EveryLine(S._Lines):
        def __init__(self, lines):
            super().__init__(lines)
            self._through(None)

    monkeypatch.setattr(S, "_Lines", EveryLine)
    assert [summary(S.read_statement(v, pos)) for v, pos in starts] == lazy
    assert sum(1 for st in lazy if st) > 20


# --- the lowered copy: ASCII capitals lowered through UTF-16 bytes ----------------------------------------

def test_lowered_keeps_every_character_of_the_kinds_searched_for_as_str_lower_does():
    import sys

    chars = "".join(chr(c) for c in range(sys.maxunicode + 1)
                    if not 0xD800 <= c <= 0xDFFF and chr(c) not in L._CASE_ODD)
    low, old = L.lowered(chars), chars.lower()
    assert low is not None and len(low) == len(old) == len(chars)
    assert low[:128] == old[:128] == chars[:128].lower()
    ascii_char = regex.compile(r"[\x00-\x7f]")
    assert ascii_char.search(low, 128) is None and ascii_char.search(old, 128) is None  # outside ASCII under both
    space = regex.compile(r"\s")
    assert [m.start() for m in space.finditer(low)] == [m.start() for m in space.finditer(old)] == \
        [m.start() for m in space.finditer(chars)]  # white space under both where it was


@pytest.mark.parametrize("piece", [1, 2, 5, 1 << 20])
def test_lowered_copy_finds_what_the_str_lower_copy_finds(monkeypatch, piece: int):
    from edgarsift.forms.x17a5.statement import candidates
    from edgarsift.text.search import fold
    from edgarsift.text.view import TextView

    monkeypatch.setattr(L, "LOWER_PIECE", piece)
    rnd = random.Random(piece)
    bits = ["Statement of Financial Condition", "STATEMENT\u2003OF\u00a0FINANCIAL\u3000CONDITION", "\n", "  ",
            "Assets", "ASSETS\u2028", "\u00c9t\u00c9", "\U0001d400", "\ud800", "\udc00", "\u0391\u03a3 ", "Cash cash",
            "\u0141\u0100\u4141", "\u2022", "Receivables RECEIVABLES", ".", "2015"]
    texts = [t for t in _texts() if not any(c in t for c in L._CASE_ODD)]
    texts = texts[:4] if piece < 9 else texts  # (tiny pieces: cuts everywhere, surrogates beside a cut)
    texts += ["".join(rnd.choice(bits) for _ in range(rnd.randrange(1, 40))) for _ in range(1000)]
    for text in texts:
        low = L.lowered(text)
        assert low is not None and len(low) == len(text)
        view = TextView.of(text)
        old = fold(text)
        assert candidates(view, low) == candidates(view, old)
        assert L.filing_words(text, low) == L.filing_words(text, old)
        assert [m.span() for m in L.TITLE_IN_LOWERED.finditer(low)] == [m.span() for m in L.TITLE.finditer(text)]


# --- the note's page heading: the same matches without nested runs of blanks --------------------------------

def test_scale_heading_finds_what_it_found():
    from edgarsift.forms.x17a5.net_capital import SCALE_HEADING

    before = regex.compile(r"^[ \t]*\(?[ \t]*(?:\$|dollars|amounts)?[ \t]*(?:in|hi|ln)[ \t]+(?P<u>thousands|millions)\b"
                           r"[^\n]{0,45}$", regex.I | regex.M)
    rnd = random.Random(11)
    bits = [" ", "   ", "\t", "(", ")", "$", "Dollars", "AMOUNTS", "in", "In", "hi", "ln", "thousands", "Millions", "x",
            "\n", "except share data", "\u00a0", "\u017f", "2015"]
    blanks = ["", " ", "  ", "\t", " " * 60]

    def heading() -> str:  # a heading's parts in order, each maybe left out or damaged
        parts = [rnd.choice(blanks), rnd.choice(["", "(", "("]), rnd.choice(blanks), rnd.choice(["", "$", "Dollars", "x"]),
                 rnd.choice(blanks), rnd.choice(["in", "In", "ln", "hi", "on"]), rnd.choice(blanks),
                 rnd.choice(["thousands", "MILLIONS", "thousand"]), rnd.choice(["", ")", ", except share data", "x" * 50])]
        return "".join(parts)

    texts = _texts() + ["".join(rnd.choice(bits) for _ in range(rnd.randrange(1, 25))) for _ in range(10000)]
    texts += ["\n".join(heading() if rnd.random() < 0.7 else rnd.choice(bits) for _ in range(3)) for _ in range(10000)]
    assert sum(1 for text in texts if before.search(text)) > 3000
    for text in texts:
        for end in (len(text), len(text) // 2):
            assert [(m.span(), m.group("u")) for m in SCALE_HEADING.finditer(text, 0, end)] == \
                [(m.span(), m.group("u")) for m in before.finditer(text, 0, end)], text


# --- named totals: a label no total's pattern can match is tried against none ------------------------------

def test_every_named_total_opens_as_any_total():
    """The statement reader tries the named totals only where ``ANY_TOTAL`` matches: each implies it."""
    rnd = random.Random(13)
    heads = ["Total", "TOTAL", "total", "Tota1", "Totat", "Totai", "Fotal", "Tota", "otal", "Totals", "Total:",
             "T otal", "Tota\u0131", "\u212aotal", "To\u017fal", "Tota1l", ""]
    tails = ["", " assets", " liabilities", " Iiabilitles", " liabilities and stockholder's equity", " equity",
             " liabilities, subordinated borrowings and members' capital", " stockholders' equity (deficit)",
             "assets", " securities owned", "\u00a0assets", " & equity"]
    labels = [rnd.choice(heads) + rnd.choice(tails) + rnd.choice(["", " ", "\n", ".", " x"]) for _ in range(20000)]
    labels += [" ".join(text.split()) for text in _texts()[0].splitlines()]
    named = (L.TOTAL_ASSETS, L.BARE_TOTAL, L.TOTAL_L_AND_E, L.TOTAL_LIABILITIES)
    hits = 0
    for label in labels:
        if any(p.match(label) for p in named):
            hits += 1
            assert L.ANY_TOTAL.match(label), label
    assert hits > 2000
