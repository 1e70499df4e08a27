"""The squashed (white-space-free) copy of a paper Form D and its run-length map back to the source.

The map is checked against the obvious one-offset-per-character reference on the real OCR seed filing, at every
offset, so the label finder reports exactly the spans it did before the map was compressed."""
from __future__ import annotations

import bisect
import re
from collections import Counter

import pytest

from edgarsift.forms.form_d import ocr
from edgarsift.forms.form_d.ocr import Squashed, Vocabulary
from tests.conftest import corpus_file


def reference_index(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if not c.isspace()]


@pytest.mark.parametrize("piece", [1 << 20, 1, 3, 64])  # tiny pieces: a long text is squashed a piece at a time
@pytest.mark.parametrize("text", [
    corpus_file("seeds/001_c2f9e66c3c457e4c.txt").read_text(encoding="utf-8"),
    "", "   ", "a", " a\tb  c \n", "ab\n\ncd", "ΟΔΟΣ  ΑΒ\tσΣ x",
])
def test_map_matches_per_character_reference(monkeypatch, text, piece):
    monkeypatch.setattr(ocr, "_PIECE", piece)
    sq = Squashed(text)
    index = reference_index(text)
    assert sq.text == "".join(text[i] for i in index).lower()
    for pos in range(len(text) + 1):
        assert sq._to_squashed(pos) == bisect.bisect_left(index, pos)
    for q, src in enumerate(index):
        assert sq._to_source(q) == src


def test_find_reports_source_span_of_a_label_cut_by_tabs():
    text = "Full Nar\tne (Last  name first)\tSmith"
    span = Squashed(text).find("Full Name (Last name first)", 0, len(text), errors=2)
    assert span is not None
    assert text[span[0]:span[1]].startswith("Full Nar\tne")
    assert text[span[0]:span[1]].endswith("first)")


@pytest.mark.parametrize("piece", [1, 5, 1 << 20])
def test_vocabulary_counted_in_pieces_counts_every_word(monkeypatch, piece):
    monkeypatch.setattr(ocr, "_PIECE", piece)
    text = corpus_file("seeds/001_c2f9e66c3c457e4c.txt").read_text(encoding="utf-8")
    vocab = Vocabulary(text)
    whole = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    for word, n in list(whole.items())[:400]:
        assert vocab.has(word, n) and not vocab.has(word, n + 1), word
