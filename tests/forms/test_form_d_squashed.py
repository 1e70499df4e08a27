"""The squashed (white-space-free) copy of a paper Form D, searched a piece at a time, and the document's word counts.

Both are checked against the plain behaviour they replace: the label finder against a search of the whole squashed
copy with one source offset per character (what the finder did before it went piece by piece), the word counts
against counting every word of the text. On the real OCR seed filing, with pieces cut anywhere (tiny pieces cut
labels and words at piece ends), and on generated texts: labels cut by tabs and misread, repeated across piece
ends, next to letters that fold oddly (İ ſ K Σ)."""
from __future__ import annotations

import bisect
import random
import re
from collections import Counter
from functools import lru_cache

import pytest
import regex

from edgarsift.forms.form_d import ocr
from edgarsift.forms.form_d.ocr import Squashed, Vocabulary, _SquashedPiece
from edgarsift.forms.form_d.paper import LABELS
from edgarsift.text.search import fold
from tests.conftest import corpus_file

SEED = corpus_file("seeds/001_c2f9e66c3c457e4c.txt").read_text(encoding="utf-8")
ODD = ["İ", "ſ", "\u212a", "Σ", "ΟΔΟΣ", "é", "ß", "•"]


def reference_index(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if not c.isspace()]


@lru_cache(maxsize=4)
def reference_squashed(text: str) -> tuple[list[int], str]:
    index = reference_index(text)
    return index, fold("".join(text[i] for i in index))


def reference_find(text: str, label: str, start: int, end: int, errors: int) -> tuple[int, int] | None:
    """The whole-text search: every candidate of the range, then the first whose window matches."""
    index, squashed = reference_squashed(text)
    lab = re.sub(r"\s+", "", label.lower())
    s0, s1 = bisect.bisect_left(index, start), bisect.bisect_left(index, end)
    candidates: set[int] = set()
    for off in range(0, max(1, len(lab) - 4), 5):
        chunk = lab[off:off + 5]
        pos = squashed.find(chunk, s0, s1)
        while pos >= 0:
            candidates.add(pos - off)
            pos = squashed.find(chunk, pos + 1, s1)
    pattern = regex.compile(f"(?:{regex.escape(lab)}){{e<={errors}}}", regex.BESTMATCH)
    for c in sorted(candidates):
        a, b = max(s0, c - errors), min(s1, c + len(lab) + errors)
        if b > a and (m := pattern.search(squashed, a, b)) and m.end() > m.start():
            return index[m.start()], index[m.end() - 1] + 1
    return None


@pytest.mark.parametrize("block", [1, 3, 1024])  # the map steps by blocks: small ones put block ends everywhere
@pytest.mark.parametrize("text", [SEED, "", "   ", "a", " a\tb  c \n", "ab\n\ncd", "ΟΔΟΣ  ΑΒ\tσΣ x", "İx ſ\u212a",
                                  "a\x1c\x1fb\xa0\u2028c\x85 \u3000d"])
def test_piece_map_matches_per_character_reference(monkeypatch, text, block):
    monkeypatch.setattr(ocr, "_BLOCK", block)
    rnd = random.Random(len(text))
    for start, end in [(0, len(text))] + [sorted((rnd.randrange(len(text) + 1), rnd.randrange(len(text) + 1)))
                                          for _ in range(20 if len(text) < 100 else 2)]:
        piece = _SquashedPiece(text, start, end)
        index = [i for i in reference_index(text) if start <= i < end]
        assert piece.text == fold("".join(text[i] for i in index)) and len(piece.text) == len(index)
        for pos in range(start, end + 1):
            assert piece.to_squashed(pos) == bisect.bisect_left(index, pos)
        for q, src in enumerate(index):
            assert piece.to_source(q) == src


@pytest.mark.parametrize("piece", [1 << 18, 7, 1000])
def test_find_on_the_seed_is_the_whole_text_search(monkeypatch, piece):
    monkeypatch.setattr(ocr, "_PIECE", piece)
    monkeypatch.setattr(ocr, "_BLOCK", 5 if piece == 7 else 1024)
    rnd = random.Random(piece)
    sq = Squashed(SEED)  # one object for every search: pieces kept from one search serve the next
    found = 0
    for label in list(LABELS.values()) + ["Date"]:
        for errors in (0, 2, 5):
            ranges = [(0, len(SEED))] + [sorted((rnd.randrange(len(SEED) + 1), rnd.randrange(len(SEED) + 1)))
                                         for _ in range(3)]
            for start, end in ranges:
                want = reference_find(SEED, label, start, end, errors)
                assert sq.find(label, start, end, errors) == want, (label, errors, start, end)
                found += want is not None
    assert found > 40  # the labels do occur: the comparison is not of two Nones


def _damaged(label: str, rnd: random.Random) -> str:
    """The label as OCR may give it: cut by tabs and spaces, a letter or two misread, dropped or doubled."""
    out = []
    for ch in label:
        r = rnd.random()
        if r < 0.06:
            continue
        if r < 0.12:
            out.append(rnd.choice("xyzq"))
        elif r < 0.16:
            out.append(ch + ch)
        else:
            out.append(ch)
        if rnd.random() < 0.15:
            out.append(rnd.choice(["\t", " ", "  ", "\n", " \t "]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(4))
def test_find_on_generated_texts_is_the_whole_text_search(monkeypatch, seed):
    rnd = random.Random(seed)
    labels = [LABELS["full_name"], LABELS["business_address"], LABELS["part_b"], "Name of Signer (Print or Type)"]
    filler = ["word", "  ", "\t", "\n", "Full", "Name", "of", "(Last", "first)", "12,000", ",", "."] + ODD
    for _ in range(80):
        bits = []
        for _ in range(rnd.randrange(1, 8)):
            bits.append("".join(rnd.choice(filler) + rnd.choice(["", " ", "\t"]) for _ in range(rnd.randrange(0, 12))))
            bits.append(_damaged(rnd.choice(labels), rnd))
        text = "".join(bits)
        monkeypatch.setattr(ocr, "_PIECE", rnd.choice([1, 2, 5, 17, 40, 100, 1 << 18]))
        monkeypatch.setattr(ocr, "_BLOCK", rnd.choice([1, 2, 7, 1024]))
        sq = Squashed(text)
        for label in labels:
            for errors in (0, 1, 3, 6):
                start = rnd.randrange(len(text) + 1)
                for a, b in ((0, len(text)), (start, min(len(text), start + rnd.randrange(1, 200))),
                             (-3, len(text) + 5), (start, start - 1)):  # (ranges past either end, or empty)
                    assert sq.find(label, a, b, errors) == reference_find(text, label, a, b, errors), (
                        text, label, errors, a, b)


def test_find_reports_source_span_of_a_label_cut_by_tabs():
    text = "Full Nar\tne (Last  name first)\tSmith"
    span = Squashed(text).find("Full Name (Last name first)", 0, len(text), errors=2)
    assert span is not None
    assert text[span[0]:span[1]].startswith("Full Nar\tne")
    assert text[span[0]:span[1]].endswith("first)")


def test_find_reads_letters_as_case_insensitive_labels_do():
    # one character for one: an "İ" (two characters in str.lower) does not shift the spans after it
    text = "İİİ Full Na\tme (Last name first) ſigned"
    assert Squashed(text).find("Full Name (Last name first)", 0, len(text), errors=0) == (4, 32)
    assert Squashed(text).find("signed", 0, len(text), errors=0) == (33, 39)


def reference_has(text: str, word: str, times: int) -> bool:
    return Counter(w.lower() for w in re.findall(r"[A-Za-z]+", text)).get(word.lower(), 0) >= times


@pytest.mark.parametrize("piece", [61, 1 << 18])  # (tiny windows: see the generated texts)
def test_vocabulary_counts_every_word_of_the_seed(monkeypatch, piece):
    monkeypatch.setattr(ocr, "_PIECE", piece)
    vocab = Vocabulary(SEED)
    whole = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", SEED))
    words = list(whole.items())
    for word, n in words[:150] + words[-150:]:
        assert vocab.has(word.upper(), n) and not vocab.has(word, n + 1), word
        assert vocab.has(word, n - 1)
    for absent in ("zzqx", "nwich", "Gree"):
        assert vocab.has(absent) == (whole[absent.lower()] >= 1)


@pytest.mark.parametrize("seed", range(3))
def test_vocabulary_on_generated_texts_counts_whole_ascii_words(monkeypatch, seed):
    rnd = random.Random(seed)
    bits = ["ab", "AB", "aB", "abc", "b", " ", "\t", "\n", "1", "_", "-", "K", "k"] + ODD
    for _ in range(300):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 25)))
        monkeypatch.setattr(ocr, "_PIECE", rnd.choice([1, 2, 3, 8, 1 << 18]))
        vocab = Vocabulary(text)
        for word in ("ab", "Ab", "abc", "b", "k", "bab", "abab", "ss", "i", "é", "a b", ""):
            for times in (0, 1, 2, 3, 1, 2):  # asked again: counted further than before, or read off the count
                assert vocab.has(word, times) == reference_has(text, word, times), (text, word, times)


def reference_fewest_edits(pattern: str, text: str) -> int:
    """Edit distance of ``pattern`` to its closest stretch of ``text``: the textbook table, a stretch free to begin
    anywhere."""
    prev = list(range(len(pattern) + 1))
    best = len(pattern)
    for ch in text:
        cur = [0]
        for i, p in enumerate(pattern, 1):
            cur.append(min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (p != ch)))
        prev = cur
        best = min(best, cur[-1])
    return best


def test_fewest_edits_is_the_edit_distance_table():
    rnd = random.Random(5)
    for _ in range(3000):
        label = "".join(rnd.choice("abc(") for _ in range(rnd.randrange(1, 70)))  # past 64 bits too
        text = "".join(rnd.choice("abcdΣ") for _ in range(rnd.randrange(0, 90)))
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, len(text) + 1)
        lab, _, masks = ocr._squashed_label(label, 3)
        assert ocr.fewest_edits(masks, len(lab), text, a, b) == reference_fewest_edits(lab, text[a:b]), (label, text)
