"""``rx``: the stdlib twins of `regex` patterns read ``\\s`` as `regex` does on the texts they are used on, so the
engine a text gets changes no match; ``compile`` hands the stdlib a plain pattern as it is."""
from __future__ import annotations

import re

import pytest
import regex

from edgarsift.text import rx

_LATIN1 = "".join(map(chr, range(256)))


@pytest.mark.parametrize("lit", [r"\s", r"\S", r"[\s]", r"[^\s]", r"[\sx]", r"[x\s-]", r"[]\s]", r"a\s+b",
                                 r"\\s\.s[\\\]s]"])
def test_twins_read_space_as_regex_on_latin1(lit):
    for flags in (0, regex.I):
        twin = rx.twin_of(regex.compile(lit, flags))
        text = _LATIN1 + "a \x1cb a\x85\xa0b \\s.s]"
        assert twin.findall(text) == regex.findall(lit, text, flags), (lit, flags)
    assert re.findall(r"\s", _LATIN1) != regex.findall(r"\s", _LATIN1)  # what the spelling is for


def test_what_cannot_be_spelled_has_no_twin():
    assert rx.stdlib_twin(regex.compile(r"[^\S\n]")) is None  # \S in a class
    assert rx.stdlib_twin(regex.compile(r"[\s-z]")) is None  # its spelled class would open a range
    assert rx.stdlib_twin(regex.compile(r"(?<=ab|c)d")) is None  # a variable-width look-behind
    with pytest.raises(ValueError):
        rx.twin_of(regex.compile(r"(?<=ab|c)d"))
    with pytest.raises(ValueError):
        rx.stdlib_twin(regex.compile(r"a", regex.X))


def test_twins_keep_their_flags():
    twin = rx.twin_of(regex.compile(r"total\s+assets$", regex.I | regex.M | regex.S))
    assert twin.flags & (re.I | re.M | re.S) == re.I | re.M | re.S
    assert twin.search("TOTAL\x1cASSETS") is None and twin.search("x\nTotal \t Assets\ny")


def test_which_texts_read_alike():
    assert rx.reads_alike("Page 2\x1c") and not rx.reads_alike("Page \xa0")
    assert rx.engines_read_alike("Page \xa0\xb2\x1c") and not rx.engines_read_alike("Page \u0131")


def test_compile_hands_the_stdlib_a_plain_pattern_and_keeps_regex_syntax_with_regex():
    plain = rx.compile(r"Item\s+(\d+)", re.I)
    assert isinstance(plain, re.Pattern) and plain.pattern == r"Item\s+(\d+)"
    assert plain.findall("item 4 ITEM\u2003 5") == ["4", "5"]
    assert isinstance(rx.compile(r"(?<=ab|c)d"), regex.Pattern)  # (a variable-width look-behind)
    assert isinstance(rx.compile(r"\p{Lu}+"), regex.Pattern)
    assert rx.compile(r"a\sb") is rx.compile(r"a\sb")  # cached
