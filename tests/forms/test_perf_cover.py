"""Schedule 13D/13G text covers, faster: each shortcut gives what the plain search it replaces gives.

Compared on the corpus filings' texts and on generated text that stresses the edges (``test_schedule13_fast``'s
texts): the opener finds of a plain word, a search that stops at the best match so far, the class total, the
cover captions and row numbers matched by the stdlib engine where it reads the text as `regex` does.
"""
from __future__ import annotations

import importlib
import re

import pytest
import regex

from edgarsift.forms.schedule13 import body, cover, labels
from edgarsift.text import rx
from edgarsift.text.rx import engines_read_alike, reads_alike, stdlib_twin
from edgarsift.text.search import TextScan, fold

from .test_schedule13_fast import _PAD, _corpus_texts, _generated

_EXTRA = [
    "based on 36,282,883 shares of Common Stock outstanding as of May 1, 2024; there were 1,000,000 units "
    "outstanding. 5.2% of the 53,081,000 shares of Common Stock believed to be outstanding",
    "The Issuer had 4,209,204 shares of stock outstanding. 9.66% at 5/19/03 based on 8,460,187 common shares",
    "annanna anna %% 100%% shareshares shares",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _corpus_texts() + [_generated(seed) for seed in range(40)] + _EXTRA


def _occurrences(low: str, word: str, a: int, b: int) -> list[int]:
    """Every offset where ``word`` starts and ends in ``low[a:b]``, overlapping ones too (the plain way)."""
    return [m.start() for m in re.finditer(f"(?={re.escape(word)})", low[:b]) if m.start() >= a]


@pytest.mark.parametrize("word", ["item", "shares", "%", "based", "anna", "the", "and", "s", "ss"])
def test_plain_opener_finds_are_every_occurrence(texts, word):
    for text in texts:
        scan = TextScan(text)
        n = len(text)
        # a range first, then ranges inside it (read off that scan), then a wider one
        for a, b in ((n // 4, n - n // 4), (n // 3, n // 2), (n // 4, n // 4 + 3), (n // 2, n - n // 4), (0, n)):
            assert scan.starts(word, a, b) == _occurrences(scan.low, word, a, b), (word, a, b)


def test_matches_opening_before_a_place_are_the_first_of_all(texts):
    for text in texts:
        scan = TextScan(text)
        for k, pattern in enumerate(body.OUTSTANDING):
            every = list(pattern.finditer(text))
            for before in (0, len(text) // 3, every[0].start() if every else 1, every[-1].start() if every else 2,
                           every[-1].start() + 1 if every else 3, len(text)):
                want = [m.span() for m in every if m.start() < before]  # (ascending: the first ones)
                assert [m.span() for m in body._outstanding(scan, k, 0, len(text), before)] == want, (k, before)
                if k != 2:  # (a short range, searched by the pattern itself)
                    short = [m.span() for m in pattern.finditer(text, 0, min(len(text), 200))]
                    want = [s for s in short if s[0] < before]
                    got = scan.finditer(pattern, body.OUTSTANDING_OPENERS[k], 0, min(len(text), 200), before)
                    assert [m.span() for m in got] == want


def _first_basis_plain(text: str, start: int, end: int):
    """The class total's sentence as before: every pattern's first basis sentence, the earliest of them."""
    best = None
    for pattern in body.OUTSTANDING:
        for m in pattern.finditer(text, start, end):
            if body._is_basis(text, m):
                if best is None or m.start() < best.start():
                    best = m
                break
    return best


def test_class_total_sentence_is_the_earliest_first_basis_sentence(texts):
    for text in texts:
        for start in (0, len(text) // 3, len(text) // 2):
            want = _first_basis_plain(text, start, len(text))
            got = body._basis_sentence(TextScan(text), start, len(text))
            assert (got.span() if got else None) == (want.span() if want else None)


_LATIN1 = "".join(chr(c) for c in range(256))


def test_engines_read_latin1_alike():
    # the premise of the stdlib twins: on Latin-1 text, case-insensitive ASCII letters, \s (as the twin spells it,
    # without the control characters only the stdlib calls white space) and \d match the same
    for lit in [*"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", r"\s", r"\d", r"\S", r"\D", r"\s+\d"]:
        twin = rx.twin_of(regex.compile(lit, regex.I))
        assert twin.findall(_LATIN1) == regex.findall(lit, _LATIN1, regex.I), lit
    assert re.findall(r"\s", _LATIN1) != regex.findall(r"\s", _LATIN1)  # (the stdlib's own \s takes \x1c-\x1f)
    assert engines_read_alike("Sole Voting Power \xa0 \xe9 \xff \x1c 12")
    for odd in ("\u0131", "\u0130", "\u0663", "\u2013", "\u212a"):
        assert not engines_read_alike(f"Sole Voting Power {odd} 12"), odd
        assert not TextScan(f"Sole {odd}").engines_read_alike


def _alike_texts(texts: list[str]) -> list[str]:
    # texts the stdlib twins read alike: Latin-1, and with control characters in place of some blanks
    latin1 = [t for t in texts if engines_read_alike(t)] + [
        regex.sub(r"[^\x00-\xff]", " ", t) for t in texts if not engines_read_alike(t)]
    return latin1 + [t.replace("  ", " \x1c", 3).replace("\n", "\x1f\n", 3) for t in latin1[::5]]


def test_stdlib_twins_match_as_the_caption_patterns(texts):
    alike = _alike_texts(texts)
    assert len(alike) > len(texts)
    twins = 0
    for row, caption, _ in labels.ROW_PATTERNS:
        twin = labels.ROW_CAPTIONS_STDLIB[row.field]
        if twin is None:
            continue
        twins += 1
        for text in alike:
            low = fold(text)
            # where the caption's opener is (a word split by a space too), as find_pages tries it
            starts = {m.start() for opener in labels.ROW_OPENERS[row.field] for m in opener.finditer(low)}
            starts |= set(range(0, len(text), 97))  # (and elsewhere)
            for i in sorted(starts):
                m, t = caption.match(text, i), twin.match(text, i)
                assert (m and m.span()) == (t and t.span()), (row.field, i)
    assert twins >= 12


_ODD_COVER = ("1 NAME OF REPORTING PERSON\n   Acme Capital L.P.\n4 SOURCE OF FUNDS\n   WC\n"
              "{mark}7 SOLE VOTING POWER\n   1,000\n{mark}8 SHARED VOTING POWER\n   -0-\n"
              "{mark}9 SOLE DISPOSITIVE POWER\n   1,000\n{mark}10 SHARED DISPOSITIVE POWER\n   -0-\n"
              "{mark}11 AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PERSON\n   1,000\n"
              "{mark}13 PERCENT OF CLASS REPRESENTED BY AMOUNT IN ROW (11)\n   5.2%\n"
              "{mark}14 TYPE OF REPORTING PERSON\n   PN\n") + "Filler text, not a caption. " * 12


def test_cover_pages_as_with_the_regex_captions_and_row_numbers_alone(texts, monkeypatch):
    def pages(text: str) -> list:
        scan = TextScan(text)
        return [(p.start, p.end, p.floor, p.regions, p.captions) for p in cover.find_pages(text, 0, len(text), [],
                                                                                             "13D", scan)]

    # a row number that only one engine reads so: "İtem 7" ("I" is "İ" to `regex` alone), a number after a
    # superscript (a word character to the stdlib alone)
    odd = [f"{_ODD_COVER.format(mark=mark)}" for mark in ("\u0130tem ", "\xb2", "x\u0663", "\x1c")]
    every = texts + _alike_texts(texts) + odd
    fast = [pages(t) for t in every]
    monkeypatch.setattr(cover, "ROW_CAPTIONS_STDLIB", dict.fromkeys(labels.ROW_CAPTIONS_STDLIB))
    monkeypatch.setattr(cover, "_NUMBER_BEFORE", {row.field: (before, before) for row, _, before in labels.ROW_PATTERNS})
    assert [pages(t) for t in every] == fast
    assert sum(map(len, fast)) > 50


def test_engines_read_ascii_alike():
    # the premise of the row numbers' stdlib twins: on ASCII text every class, \b and case-insensitive letter
    # match the same (\s as the twin spells it: the stdlib's own takes \x1c-\x1f besides)
    ascii = "".join(chr(c) for c in range(128))
    for lit in [*"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", r"\s", r"\d", r"\w", r"\S", r"\D", r"\W",
                r"\b.", r".\b", r"\B.", r"[\s\d]", r"[^\s]"]:
        for flags in (0, regex.I):
            assert rx.twin_of(regex.compile(lit, flags)).findall(ascii) == regex.findall(lit, ascii, flags), lit
    assert reads_alike("Page 2 of 10 -0- 5.2%\t\x1c\n")
    for odd in ("\xa0", "\xb2", "\u0131", "\u0663"):
        assert not reads_alike(f"Page 2 {odd}"), odd
        assert not TextScan(f"Page 2 {odd}").reads_alike
    assert TextScan("Page 2 of 10\n").reads_alike and not TextScan("Page 2 \xe9").reads_alike


def test_stdlib_twins_of_the_row_numbers_search_as_they_do(texts):
    # a row number printed before a caption: searched from a line start (or any offset) to where a caption begins
    ascii = [t for t in _alike_texts(texts) if reads_alike(t)] + [
        re.sub(r"[^\x00-\x7f]", " ", t) for t in texts if not reads_alike(t)]
    assert any("\x1c" in t for t in ascii)
    for text in ascii:
        ends = [m.start() for m in re.finditer(r"[A-Za-z]", text)][::29]
        for _, _, before in labels.ROW_PATTERNS:
            twin = stdlib_twin(before)
            for end in ends:
                for lo in (text.rfind("\n", 0, end) + 1, max(0, end - 60), max(0, end - 8)):
                    m, t = before.search(text, lo, end), twin.search(text, lo, end)
                    assert (m and m.span()) == (t and t.span()), (before.pattern, lo, end)


def test_cover_rows_worded_as_items_told_alike_by_the_stdlib_twins(texts):
    extract = importlib.import_module("edgarsift.forms.schedule13.extract")
    told = 0
    for text in _alike_texts(texts) + [_ODD_COVER.format(mark="Item ").replace("\n", ":\t", 1)]:
        for form in ("13D", "13G"):
            for head in body.item_headings(text, 0, len(text), form):
                stdlib = extract._is_cover_row(text, head, True)
                assert stdlib == extract._is_cover_row(text, head), head
                told += stdlib
    assert told > 0


def test_item_headings_as_with_the_regex_patterns_alone(texts, monkeypatch):
    extra = ["Item 1.\tSecurity and Issuer\n  2. ITEM 2(a) - (c) Name\nitem 10:  x\nItem 4  Purpose\nItem 5 \u00b2 x\n"
             "Item 3 and 4. Source\nItem 7\tMaterial"]
    every = texts + _alike_texts(texts) + extra + [_PAD + t for t in extra]
    found = [body.item_headings(t, 0, len(t), form) for t in every for form in ("13D", "13G")]
    monkeypatch.setattr(body, "_ITEM_TWINS", (body.ITEM_WORD, body.ITEM_BEFORE, body.ITEM_AFTER))
    assert [body.item_headings(t, 0, len(t), form) for t in every for form in ("13D", "13G")] == found
    assert sum(map(len, found)) > 500
