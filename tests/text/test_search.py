"""Label searches tried only where the label's first word is printed find exactly what the label pattern finds
when tried at every offset: on every corpus filing's text, with the label tables of the families that use them,
on ranges cut anywhere, and with the fold chunks made tiny so that words are cut at chunk ends."""
from __future__ import annotations

import random

import pytest

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


def test_words_are_found_in_any_case_regex_reads():
    text = "x FACİNG pAGE ſEC \u212aPMG Fa cing"
    assert list(search.occurrences(text, "facing")) == [2]
    assert list(search.occurrences(text, "sec")) == [14]
    assert list(search.occurrences(text, "kpmg")) == [18]
    assert list(search.word_starts("facing", text, 0, len(text))) == [2, 23]
    assert search.fold(text) == "x facing page sec kpmg fa cing" and len(search.fold(text)) == len(text)
