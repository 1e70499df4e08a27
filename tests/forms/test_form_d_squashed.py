"""The squashed (white-space-free) copy of a paper Form D and its run-length map back to the source.

The map is checked against the obvious one-offset-per-character reference on the real OCR seed filing, at every
offset, so the label finder reports exactly the spans it did before the map was compressed."""
from __future__ import annotations

import bisect

import pytest

from edgarsift.forms.form_d.ocr import Squashed
from tests.conftest import corpus_file


def reference_index(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if not c.isspace()]


@pytest.mark.parametrize("text", [
    corpus_file("seeds/001_c2f9e66c3c457e4c.txt").read_text(encoding="utf-8"),
    "", "   ", "a", " a\tb  c \n", "ab\n\ncd",
])
def test_map_matches_per_character_reference(text):
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
