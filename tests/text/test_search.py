"""Label searches tried only where the label's first word is printed find exactly what the label pattern finds
when tried at every offset: on every corpus filing's text, with the label tables of the families that use them,
on ranges cut anywhere, and with the fold chunks made tiny so that words are cut at chunk ends."""
from __future__ import annotations

import random

import pytest
import regex

from edgarsift.forms.form_d.paper import LABELS as FORM_D_LABELS
from edgarsift.forms.x17a5.facing import CAPTIONS
from edgarsift.read import read_bytes
from edgarsift.text import search
from edgarsift.text.labels import SHORT_RANGE, find_label, label_re
from tests.conftest import CORPUS

LABELS = sorted(set(FORM_D_LABELS.values()) | {lab for labs in CAPTIONS.values() for lab in labs}
                | {"FACING PAGE", "OATH OR AFFIRMATION", "Name of Issuer", "CUSIP Number", "Item 4"})


def corpus_texts() -> list[str]:
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".pdf" and p.name != "MANIFEST.tsv"
                   and not p.name.endswith((".gold.json", ".notes.txt", ".md")))
    assert len(paths) >= 60
    return [read_bytes(p.read_bytes(), str(p), ocr="never").view().text for p in paths]


@pytest.mark.parametrize("chunk", [4096, 7])
def test_find_label_is_the_pattern_search(monkeypatch, chunk):
    monkeypatch.setattr(search, "FOLD_CHUNK", chunk)
    rnd = random.Random(chunk)
    found = 0
    for text in corpus_texts():
        for label in LABELS:
            a = rnd.randrange(len(text) + 1)
            for start, end in ((0, len(text)), (a, min(len(text), a + rnd.choice([SHORT_RANGE, 5000, len(text)])))):
                want = label_re(label).search(text, start, end)
                got = find_label(text, label, start, end)
                assert (got and got.span()) == (want and want.span()), (label, start, end)
                found += want is not None
    assert found > 50  # the labels do occur: the comparison is not of two Nones


def test_fold_makes_every_letter_a_case_blind_regex_reads_as_a_to_z_that_letter():
    # (the dotless "ı" is read as "I", İ as "i": a pattern's own case decides, and fold serves both)
    odd = [chr(c) for c in range(0x80, 0x110000) if regex.fullmatch("[A-Za-z]", chr(c), regex.I)]
    for c in odd:
        letter = search.fold(c)
        assert letter.isascii() and letter.islower(), c
        assert regex.fullmatch(letter, c, regex.I) or regex.fullmatch(letter.upper(), c, regex.I), c


def test_words_are_found_in_any_case_regex_reads():
    assert regex.fullmatch("FACING", "FACıNG", regex.I)  # an upper-case pattern reads the dotless i
    assert list(search.occurrences("x FACıNG", "facing")) == [2]
    text = "x FACİNG pAGE ſEC \u212aPMG Fa cing"
    assert list(search.occurrences(text, "facing")) == [2]
    assert list(search.occurrences(text, "sec")) == [14]
    assert list(search.occurrences(text, "kpmg")) == [18]
    assert list(search.word_starts("facing", text, 0, len(text))) == [2, 23]
    assert search.fold(text) == "x facing page sec kpmg fa cing" and len(search.fold(text)) == len(text)


@pytest.mark.parametrize("piece", [1, 2, 5, 40])
def test_fold_lowers_a_long_text_a_piece_at_a_time_as_a_whole(monkeypatch, piece):
    # pieces are cut after line breaks; a final sigma ("ΟΔΟΣ" -> "οδος") must fold as in the whole text
    monkeypatch.setattr(search, "LOWER_PIECE", piece)
    rnd = random.Random(piece)
    bits = ["ΟΔΟΣ", "Σ", "σΣ ", "\n", " ", "Straße", "ÉCOLE", "İ", "ſ", "\u212a", "ABC", "x", "\u0345", "ΣΑ\n"]
    for _ in range(2000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 30)))
        whole = text
        for odd, letter in search._CASE_ODDITIES:
            whole = whole.replace(odd, letter)
        assert search.fold(text) == whole.lower(), repr(text)


def test_fold_chunks_stop_doubling_at_their_cap(monkeypatch):
    monkeypatch.setattr(search, "FOLD_CHUNK", 4)
    monkeypatch.setattr(search, "MAX_FOLD_CHUNK", 16)
    text = "facing page " * 40
    sizes = [size for _, size, _ in search.folded_chunks(text, 0, len(text), 6)]
    assert sizes[:4] == [4, 8, 16, 16] and max(sizes) == 16
    assert list(search.occurrences(text, "page")) == [i for i in range(len(text)) if text.startswith("page", i)]


def _fold_plain(text: str) -> str:
    """``search.fold`` as it was for every non-ASCII text: the oddities replaced, then ``str.lower``."""
    for odd, letter in search._CASE_ODDITIES:
        text = text.replace(odd, letter)
    return text.lower()


@pytest.mark.parametrize("piece", [1, 3, 1 << 20])
def test_fold_of_latin1_text_is_the_plain_fold(monkeypatch, piece):
    # a long Latin-1 text is lowered a piece at a time (pieces made tiny here), and a character past Latin-1 in any
    # piece sends the whole text to the general path
    monkeypatch.setattr(search, "LOWER_PIECE", piece)
    every = "".join(map(chr, range(256)))
    assert search.fold(every) == _fold_plain(every) and len(search.fold(every)) == 256
    rnd = random.Random(1252)
    # Latin-1 texts, and texts with one character past it (an oddity, a sigma, a lone surrogate) anywhere
    past = ["\u0130", "\u017f", "\u212a", "\u03a3", "\ud800", "\u0100", "\U0001d400", "\u1e9e"]
    for _ in range(5000):
        text = "".join(chr(rnd.choice([rnd.randrange(256), rnd.randrange(0xc0, 0xdf), 65, 97, 10, 32]))
                       for _ in range(rnd.randrange(0, 40)))
        assert search.fold(text) == _fold_plain(text), repr(text)
        at = rnd.randrange(len(text) + 1)
        mixed = text[:at] + rnd.choice(past) + text[at:]
        assert search.fold(mixed) == _fold_plain(mixed), repr(mixed)
    if piece < 1 << 20:
        return  # (the corpus texts at the real piece size only)
    for text in corpus_texts():
        assert search.fold(text) == _fold_plain(text)
