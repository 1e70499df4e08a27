"""``rx``: patterns handed to the stdlib engine read ``\\s`` as `regex` does, so the engine a text gets changes no
match; where that cannot be spelled, the pattern stays with `regex`."""
from __future__ import annotations

import re
import sys

import pytest
import regex

from edgarsift.text import rx

_EVERY = "".join(map(chr, range(sys.maxunicode + 1)))
# characters where the engines' white space or word characters part (and plain ones around them)
_EDGES = "a b\t\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2003\u2028\u3000\u200b\ufeff\xb2-_x9\n"


def test_spelled_space_is_regex_space_on_every_character():
    for lit in (r"\s", r"\S", r"[\s]", r"[^\s]", r"[\sx]", r"[x\s-]", r"[]\s]"):
        source = rx.stdlib_source(lit)
        assert source is not None, lit
        for flags in (0, re.I):
            assert re.findall(source, _EVERY, flags) == regex.findall(lit, _EVERY, flags), (lit, flags)
    assert re.findall(r"\s", _EVERY) != regex.findall(r"\s", _EVERY)  # what the spelling is for


def test_spelling_keeps_escapes_classes_and_ascii_matching():
    assert rx.stdlib_source(r"\\s\.s[\\\]s]") == r"\\s\.s[\\\]s]"  # an escaped backslash, a class of escapes
    assert rx.stdlib_source(r"a\sb", re.A) == r"a\sb"  # ASCII \s: the engines agree
    # what cannot be spelled: \S in a class, a space opening a range, verbose comments
    assert rx.stdlib_source(r"[^\S\n]") is None
    assert rx.stdlib_source(r"[\s-z]") is None
    assert rx.stdlib_source(r"a\s  # b", re.X) is None


@pytest.mark.parametrize("pattern", [r"Item\s+(\d+)", r"(?i)^\s*total\s*assets\s*$", r"[^\s,]+,\s?\d{3}",
                                     r"\S+\s*:\s*\S+", r"[ \t]*\|[ \t]*"])
def test_compiled_patterns_match_as_regex_does(pattern):
    compiled = rx.compile(pattern, re.M)
    assert isinstance(compiled, re.Pattern)  # plain: the stdlib engine
    text = "".join(f"Item{sp}7 total{sp}assets :{sp}x 12,{sp}345 a |\tb\n" for sp in _EDGES)
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in regex.finditer(pattern, text, regex.M)]


def test_a_pattern_that_cannot_be_spelled_stays_with_regex():
    assert isinstance(rx.compile(r"[^\S\n]+"), regex.Pattern)
    assert rx.compile(r"[^\S\n]+").findall("a \x1c\tb") == [" ", "\t"]  # (\x1c is no space to `regex`)


def test_twins():
    twin = rx.twin_of(regex.compile(r"total\s+assets", regex.I | regex.M | regex.S))
    assert twin.flags & (re.I | re.M | re.S) == re.I | re.M | re.S
    assert twin.search("TOTAL\x1cASSETS") is None and twin.search("Total \t Assets")
    assert rx.stdlib_twin(regex.compile(r"(?<=ab|c)d")) is None  # a variable-width look-behind
    with pytest.raises(ValueError):
        rx.twin_of(regex.compile(r"(?<=ab|c)d"))
    with pytest.raises(ValueError):
        rx.stdlib_twin(regex.compile(r"a", regex.X))
    assert rx.reads_alike("Page 2\x1c") and not rx.reads_alike("Page \xa0")
    assert rx.engines_read_alike("Page \xa0\xb2") and not rx.engines_read_alike("Page \u0131")
