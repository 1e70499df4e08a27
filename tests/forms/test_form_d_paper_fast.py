"""Fast paths of the paper Form D reader against the plain searches they replace."""
from __future__ import annotations

import random
import re

import pytest

from edgarsift.forms.form_d import appendix
from edgarsift.read import read_bytes
from edgarsift.text.values import parse_amount
from tests.conftest import CORPUS


def test_appendix_heading_is_the_pattern_search_on_corpus_texts():
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".pdf" and p.name != "MANIFEST.tsv"
                   and not p.name.endswith((".gold.json", ".notes.txt")))
    found = 0
    for path in paths:
        text = read_bytes(path.read_bytes(), str(path), ocr="never").view().text
        want = appendix._APPENDIX.search(text)
        got = appendix._appendix_heading(text)
        assert (got and got.span()) == (want and want.span()), path.name
        found += want is not None
    assert found >= 1  # the seed's Appendix: the comparison is not only of Nones


@pytest.mark.parametrize("seed", range(3))
def test_appendix_heading_is_the_pattern_search_on_generated_texts(seed):
    # line breaks of every kind, white space the two engines' \s read differently (\x1c-\x1f), '#' fills, the
    # word cut or doubled, in lower case
    bits = ["APPENDIX", "APPENDIX ", "APPEND", "IX", "A", "#", "##", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c",
            "\x1c", "\x1f", "\x85", "\u2028", "\xa0", "x", "appendix", "-"]
    rnd = random.Random(seed)
    for _ in range(30000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 14)))
        want = appendix._APPENDIX.search(text)
        got = appendix._appendix_heading(text)
        assert (got and got.span()) == (want and want.span()), repr(text)


def reference_number(text: str, a: int, b: int) -> tuple[int, int, int] | None:
    """The cell's number as read before: every number of the cell listed, the one kept when alone."""
    found = list(appendix._NUMBER.finditer(text, a, b))
    if len(found) != 1:
        return None
    m = found[0]
    value = parse_amount(re.sub(r",\s", ",", m.group(0)))
    return (value, m.start(), m.end()) if value is not None else None


def test_appendix_cell_number_is_the_one_number_listed():
    bits = ["$", " ", "1", "12", "123", ",", ", ", ",\t", "000", "456", "-", "x", "\u0663", "N/A", "\t", "."]
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 12)))
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, len(text) + 1)
        assert appendix._number(text, a, b) == reference_number(text, a, b), (text, a, b)
