"""Schedule 13D/13G text covers, faster: each shortcut gives what the plain search it replaces gives.

Compared on the corpus filings' texts and on generated text that stresses the edges (``test_schedule13_fast``'s
texts): the opener finds of a plain word, a search that stops at the best match so far, the class total.
"""
from __future__ import annotations

import re

import pytest

from edgarsift.forms.schedule13 import body
from edgarsift.text.search import TextScan

from .test_schedule13_fast import _corpus_texts, _generated

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
