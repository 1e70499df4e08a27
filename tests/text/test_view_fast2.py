"""Cheaper cleanup steps give what the plain ones gave: steps found from their first character (FromChar), the
underscore and box rows that match only what they change, one-character triggers, and the rewrite's own fast
paths. The reference is the step table as it was written before (patterns, callables and triggers), applied as
one plain per-character ``sub`` after another; it must give the same text and map on every corpus and fixture
text and on generated hard cases."""
from __future__ import annotations

import random
import re
from array import array

import pytest
import regex

from edgarsift.text.clean import (
    _ENTITY, _GLYPHS, _PLAIN, TEXT_CLEANUP, AnyOf, FromChar, Step, _at_line_start, _box, _entity, _input, _translate,
    Anchored, _occurs, clean_text,
)
from edgarsift.text.view import TextView

from ..conftest import ROOT
from .test_clean_fast import corpus_texts, input_views
from .test_view_runs import reference_sub


def _underscores(m: "re.Match[str]") -> str:  # the row's replacement before its pattern matched markers only
    run = m.group(0)
    s, a, b = m.string, m.start(), m.end()
    before = s[a - 1] if a else ""
    after = s[b] if b < len(s) else ""
    opens = not before.isalnum() and after != "" and not after.isspace()
    closes = before != "" and not before.isspace() and not after.isalnum()
    return "" if opens or closes else run


PLAIN_STEPS: list[Step] = [  # TEXT_CLEANUP as written before, every pattern scanned by the engine itself
    Step(re.compile(r"<input\b[^>]*>", re.I), _input, ("<i", "<I")),
    Step(re.compile(
        r"</?(?:page|table|caption|s|c|fn|r|f\d*|u|b|i|del|ins|sup|sub|br|p|div|span|font|center|strong|em|tt|pre)\b[^>\n]{0,200}>",
        re.I), "", ("<",)),
    Step(_ENTITY, _entity, ("&",)),
    Step(re.compile(r"\\([$*_#|\[\]()>.+-])"), r"\1", ("\\",)),
    Step(re.compile(r"\*\*+"), "", ("**",)),
    Step(re.compile(r"__+"), _underscores, ("__",)),
    Step(AnyOf("".join(_GLYPHS)), _translate, tuple(_GLYPHS)),
    *(Step(re.compile(re.escape(opening) + r"\s?([xX\u00d7]?)\s?[\]\}\)](?=\s|$)"), _box, (opening,))
      for opening in "[{("),
    *_at_line_start(r"(?=[^\n|]*\|)(?=[^\n]*--)[ \t]*+-?[ \t]*+\|?(?:[ \t]*+:?-{2,}:?[ \t]*+\|)+[ \t]*+:?-*:?[ \t]*$",
                    ("|",), re.M, mark="|"),
    *_at_line_start(r"(?=[ \t]*-[ \t]+\|)[ \t]*-[ \t]+", ("|",), mark="|"),
    Step(Anchored(r"[ \t]*\|[ \t]*", "|", " \t"), "\t", ("|",)),
    *_at_line_start(r"[ \t]*#{1,6}[ \t]+", ("#",), mark="#"),
    Step(None, _PLAIN, tuple(_PLAIN)),
    Step(re.compile(r"\r\n?"), "\n", ("\r",)),
]


def plain_clean(view: TextView) -> tuple[str, list[int], list[int]]:
    """The steps as written before, each a plain sub on a per-character map (applied only when triggered)."""
    text, starts, ends = view.text, list(view.starts), list(view.ends)
    for step in PLAIN_STEPS:
        if step.triggers is not None and not any(t in text for t in step.triggers):
            continue
        if step.pattern is None:
            for old, new in step.replacement.items():
                text = text.replace(old, new)
        else:  # the finders (Anchored, LineWith, AnyOf) are the table's as it was
            text, starts, ends = reference_sub(text, starts, ends, step.pattern, step.replacement)
    return text, starts, ends


def assert_cleaned_as_before(view: TextView) -> None:
    text, starts, ends = plain_clean(view)
    cleaned = clean_text(view)
    assert cleaned.text == text
    assert list(cleaned.starts) == starts and list(cleaned.ends) == ends


def fixture_texts() -> list[str]:  # absolute paths: input_views reads CORPUS / path, which is the path itself
    root = ROOT / "tests" / "fixtures"
    return sorted(str(p) for p in root.rglob("*") if p.is_file() and p.suffix not in (".pdf", ".json", ".md"))


def test_the_plain_table_has_a_row_for_each_row_of_the_cleanup():
    assert len(PLAIN_STEPS) == len(TEXT_CLEANUP)
    assert any(step.finder is not None for step in TEXT_CLEANUP)


@pytest.mark.parametrize("rel", corpus_texts() + fixture_texts())
def test_clean_text_gives_the_text_and_map_of_the_plain_steps_on_corpus_and_fixture_texts(rel):
    for view in input_views(rel):
        assert_cleaned_as_before(view)


# characters every step looks for and around: openings and closings, marks, underscores between letters, spaces
# and Unicode letters and spaces (ſ K İ fold under re.I; \u00a0 and \u2028 are spaces to isspace and \s)
ALPHABET = ["<", ">", "</", "<S>", "<c>", "<PAGE>", "<input checked>", "<i>", "<İnput>", "&", "&amp;", "&#160;",
            "&nbsp;", "\\", "\\$", "*", "**", "_", "__", "___", "[", "]", "[ ]", "[X]", "[x]", "[]", "[  ]", "{", "}",
            "(", ")", "(x)", "( )", "x", "X", "\u00d7", " ", "\t", "\n", "\r", "\r\n", "|", "-", "--", "#", "a",
            "1", "\u00b2", "\u017f", "\u212a", "\u0130", "\u00a0", "\u2028", "\u2610", ".", ",", "\u00e9"]


@pytest.mark.parametrize("seed", range(60))
def test_clean_text_gives_the_plain_steps_answer_on_generated_text(seed):
    rng = random.Random(seed)
    for _ in range(40):
        pieces = [rng.choice(ALPHABET) * rng.choice((1, 1, 1, 2, 3)) for _ in range(rng.randrange(0, 120))]
        view = TextView.of("".join(pieces))
        assert_cleaned_as_before(view)
        if len(view) > 4:  # a view whose map is not one run: a slice of an edited view
            edited = view.sub(r"a", "bb")
            assert_cleaned_as_before(edited.slice(1, len(edited) - 1))


@pytest.mark.parametrize("seed", range(20))
def test_from_char_finds_the_patterns_matches_where_the_character_is_dense_or_sparse(seed):
    # dense stretches send the finder to the engine's scan part way (after a match or a failed try): the same
    # matches either way, before and after the switch
    rng = random.Random(seed)
    finders = [step.finder for step in TEXT_CLEANUP if step.finder is not None]
    for _ in range(30):
        filler = " " * rng.choice((0, 1, 50, 2000))
        pieces = [rng.choice(ALPHABET) + (filler if rng.random() < 0.2 else "") for _ in range(rng.randrange(0, 300))]
        text = "".join(pieces)
        for finder in finders:
            fast = [(m.span(), m.group(0)) for m in finder.finditer(text)]
            plain = [(m.span(), m.group(0)) for m in finder.compiled.finditer(text)]
            assert fast == plain, finder.pattern


def test_from_char_refuses_a_pattern_that_does_not_open_with_its_character():
    for pattern, char in [(r"<?x", "<"), (r"\**", "*"), (r"a_", "a"), (r"_", "a"), (r"(x)", "("), (r"\(+", "("),
                          (r"x<", "<"), (r"\{{2}", "{")]:
        with pytest.raises(ValueError):
            FromChar(re.compile(pattern), char)
    assert [m.span() for m in FromChar(re.compile(r"\(x\)"), "(").finditer("(x) (y) (x)")] == [(0, 3), (8, 11)]
    assert [m.span() for m in FromChar(regex.compile(r"&amp;"), "&").finditer("a &amp; &b &amp;")] == [(2, 7), (11, 16)]


@pytest.mark.parametrize("seed", range(20))
def test_underscore_runs_are_the_old_runs_with_the_old_replacements(seed):
    rng = random.Random(seed)
    marker = next(step for step in TEXT_CLEANUP if step.finder is not None and step.finder.char == "_")
    chars = ["_", "_", "_", " ", "\n", "a", "1", "\u00b2", "\u00e9", "\u00a0", "\u2028", ".", "*", "\u212a", "-"]
    for _ in range(300):
        text = "".join(rng.choice(chars) for _ in range(rng.randrange(0, 30)))
        old = [(m.span(), _underscores(m)) for m in re.finditer(r"__+", text)]
        new = [(m.span(), m.expand(marker.replacement)) for m in marker.pattern.finditer(text)]
        assert new == old, text


def test_boxes_already_written_as_boxes_are_not_matched_and_others_are():
    box = next(step for step in TEXT_CLEANUP if step.finder is not None and step.finder.char == "[")
    text = "[ ] a [X] b [x] c [] d [  ] e [X]x [ ]\n[ ]"
    assert [m.group(0) for m in box.pattern.finditer(text)] == ["[x]", "[]", "[  ]"]
    assert clean_text(TextView.of(text)).text == "[ ] a [X] b [X] c [ ] d [ ] e [X]x [ ]\n[ ]"


@pytest.mark.parametrize("seed", range(20))
def test_a_trigger_of_longer_strings_is_found_as_in_finds_it(seed):
    # one first character: checked at each of its occurrences, then (where they are dense) by a search from there
    rng = random.Random(seed)
    triggers = [("<i", "<I"), ("<input", "<INPUT"), ("**",), ("<i", "x"), ("ab", "<b"), ("<i", "<I", "<"), ("<",),
                ("*",), ("\u2610",), ("*", "x")]
    pieces = ["<", "<", "<<", "<i", "<I", "<in", "<inpu", "<input", "<INPUT", "a", "ab", "x", "*", "**", "i", "\u2610", "\u00e9"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) + " " * rng.choice((0, 0, 1, 50, 800, 3000))
                       for _ in range(rng.randrange(0, 60)))
        for t in triggers:
            assert _occurs(t, text) == any(s in text for s in t), (t, text)
    for n in range(1, 30):  # the search after a window of tries begins right after the last one tried
        assert _occurs(("<i", "<I"), "<" * n + "i") and not _occurs(("<i", "<I"), "<" * n + "x")


def test_run_starts_are_the_running_sums_of_the_lengths_packed_or_listed():
    from itertools import accumulate

    from edgarsift.text.view import _PACKED, OffsetMap
    rng = random.Random(5)
    for n in [0, 1, 2, _PACKED - 1, _PACKED, _PACKED + 1, 500, 20_000]:
        lens = array("i", (rng.randrange(1, 10_000) for _ in range(n)))
        offsets = OffsetMap(lens, array("i", range(n)), array("i", [-1] * n))
        assert offsets.at.typecode == "i" and list(offsets.at) == list(accumulate(lens, initial=0))
        assert offsets.length == sum(lens)


def test_a_rewrite_whose_matches_change_nothing_is_none_and_group_templates_are_read_once():
    view = TextView.of("a [ ] b [X] c __ d")
    assert view.rewrite(re.compile(r"\[( |X)\]"), r"[\1]") is None
    assert view.rewrite(re.compile(r"_+"), lambda m: m.group(0)) is None
    assert view.rewrite(re.compile(r"\[( |X)\]"), r"\g<1>").build().text == "a   b X c __ d"
    assert view.rewrite(re.compile(r"(\[)( |X)\]"), r"\2\1").build().text == "a  [ b X[ c __ d"
    assert view.sub(r"(b)|(c)", r"\2").text == "a [ ]  [X] c __ d"
