"""The compiled edit loop (``_rewrite.c``) rewrites a view as the Python loop (``TextView._rewrite_python``) does: the
same pieces of new text, chunked alike, and the same runs of the new map, merged and left unmerged alike. Compared on
every cleanup step of every corpus and fixture text, and on generated views whose maps hold every kind of run
(copied, standing for a range, zero-width) with edits of every kind (deletions, insertions at the start, in the middle
and at the end, one character for one, replacements of each mode: a literal, a group, a function, a template)."""
from __future__ import annotations

import random
import re

import pytest
import regex

from edgarsift.text import view as V
from edgarsift.text.clean import TEXT_CLEANUP
from edgarsift.text.view import Rewrite, TextView

from .test_clean_fast import corpus_texts, input_views
from .test_view_fast2 import fixture_texts


def test_the_compiled_loop_is_built_and_used():
    # the install compiles it (setup.py); were it missing, every rewrite would silently take the Python loop
    from edgarsift.text import _rewrite  # noqa: F401

    assert V._load_native() is not None
    assert V._native_edits is not None


def _python(view: TextView, pattern, repl) -> Rewrite | None:
    pat = regex.compile(pattern) if isinstance(pattern, str) else pattern
    literal = group = None
    if not callable(repl):
        if "\\" not in repl:
            literal = repl
        else:
            group = V._group_of(repl)
    return view._rewrite_python(pat, repl, literal, group)


def _shape(rewrite: Rewrite | None):
    if rewrite is None:
        return None
    offsets = rewrite._offsets
    return rewrite._pieces, list(offsets.lens), list(offsets.srcs), list(offsets.ends)


def assert_same(view: TextView, pattern, repl) -> TextView:
    """Both loops on one edit step; the next view (the step's result, or the view itself when nothing changed)."""
    native, python = view.rewrite(pattern, repl), _python(view, pattern, repl)
    assert _shape(native) == _shape(python), (pattern, view.text[:200])
    return view if native is None else native.build()


def test_every_cleanup_step_of_every_corpus_and_fixture_text_is_rewritten_alike():
    seen = 0
    for rel in corpus_texts() + fixture_texts():
        for view in input_views(rel):
            for step in TEXT_CLEANUP:
                if step.pattern is None or (step.triggers is not None and not any(t in view.text for t in step.triggers)):
                    continue
                edited = assert_same(view, step.finder or step.pattern, step.replacement)
                seen += edited is not view
                view = edited
    assert seen > 200  # the steps changed the texts (238 steps): the comparison was not of empty rewrites


# patterns and replacements of every mode, with zero-width matches (insertions at the start, in the middle, at
# the end), deletions, one character for one, longer and shorter replacements, and a group that takes no part
EDITS = [
    (re.compile(r"a"), "bb"), (re.compile(r"b+"), ""), (re.compile(r"c"), "d"), (re.compile(r"\A"), "<<"),
    (re.compile(r"\Z"), ">>"), (re.compile(r"(?=x)"), "^"), (re.compile(r"(x)(y)?"), r"\2"),
    (re.compile(r"(d)"), r"\g<1>\1"), (re.compile(r"[xy]{2}"), lambda m: m.group(0)[::-1]),
    (regex.compile(r"\s+"), " "), (re.compile(r"e"), lambda m: "E" * (m.start() % 3)), (re.compile(r"\n"), r"\n"),
    (re.compile(r"é"), "e"), (re.compile(r"[^\n]{7}"), lambda m: m.group(0)), (re.compile(r"(?:)"), ""),
    (re.compile(r"z"), r"[\g<0>]"),
]
ALPHABET = ["a", "b", "bb", "c", "d", "x", "y", "xy", "yx", "e", " ", "  ", "\n", "\t", "é", "z", "\u4e2d", "ab"]


@pytest.mark.parametrize("seed", range(40))
def test_generated_edits_on_maps_of_every_kind_of_run_are_rewritten_alike(seed):
    rng = random.Random(seed)
    for _ in range(30):
        source = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 80)))
        view = TextView.of(source)
        if rng.random() < 0.3 and len(source) > 6:  # a view of a part of its source: offsets do not start at 0
            view = TextView.of(source, 2, len(source) - 2)
        for _ in range(rng.randrange(1, 8)):  # a chain: each step's map holds the runs of the steps before
            pattern, repl = rng.choice(EDITS)
            view = assert_same(view, pattern, repl)
            if rng.random() < 0.2 and len(view) > 3:
                view = view.slice(1, len(view) - 1)


def test_long_stretches_and_many_edits_are_chunked_alike():
    # a stretch of 2**16 characters or more goes into the chunks as it is; pieces are joined 4096 at a time
    text = "x" * 70_000 + "a" * 10_000 + "x" * 70_000 + "a"
    view = TextView.of(text)
    assert_same(view, re.compile(r"a"), "bb")
    assert_same(view, re.compile(r"a"), "")
    rewrite = view.rewrite(re.compile(r"a"), "b\n")
    assert len(rewrite._pieces) > 4 and rewrite.build().text == text.replace("a", "b\n")


def test_a_replacement_that_is_not_text_is_a_clear_error_either_way():
    view = TextView.of("abc")
    with pytest.raises(TypeError):
        view.rewrite(re.compile(r"b"), lambda m: 1)
    with pytest.raises(TypeError):
        _python(view, re.compile(r"b"), lambda m: 1)


def test_the_compiled_loop_refuses_a_map_that_does_not_cover_the_text_or_is_not_of_ints_and_an_unknown_mode():
    view = TextView.of("abc")
    at, srcs, ends = view.offsets.at, view.offsets.srcs, view.offsets.ends
    with pytest.raises(ValueError):
        V._native_edits("abcd", re.finditer("b", "abcd"), 0, "x", at, srcs, ends)
    with pytest.raises(TypeError):
        V._native_edits("abc", re.finditer("b", "abc"), 0, "x", bytes(8), srcs, ends)
    with pytest.raises(ValueError):
        V._native_edits("abc", iter(()), 9, "x", at, srcs, ends)  # a mode the loop does not know
