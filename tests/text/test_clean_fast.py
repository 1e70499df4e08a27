"""The fast paths of text cleanup give what the straightforward ones give: finders (a step's matches found from
a literal) the matches of their pattern's ``finditer``, trigger checks the answer of ``any(t in text ...)``, and
``clean_text`` the text and per-character map of one plain ``sub`` after another, on every text of the corpus."""
from __future__ import annotations

import random
import re

import pytest

from edgarsift.read import read
from edgarsift.read.html import html_view
from edgarsift.text.clean import TEXT_CLEANUP, Anchored, AnyOf, LineWith, _occurs, clean_text
from edgarsift.text.view import TextView

from ..conftest import CORPUS
from .test_view_runs import reference_clean

FINDERS = (Anchored, AnyOf, LineWith)


def corpus_texts() -> list[str]:
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".pdf"
                   and not p.name.endswith((".gold.json", ".notes.txt")) and p.name not in ("MANIFEST.tsv", "README.md"))
    return [str(p.relative_to(CORPUS)) for p in paths]


def input_views(rel: str) -> list[TextView]:
    """The views clean_text is given for a filing: each text or HTML part, before cleanup."""
    try:
        doc = read(CORPUS / rel)
    except Exception:  # a filing the reader refuses has no view to clean
        return []
    views = []
    for part in doc.parts:
        if part.kind == "html":
            views.append(html_view(doc.raw, part.start, part.end))
        elif part.kind != "xml":
            views.append(TextView.of(doc.raw, part.start, part.end))
    return views


def plain_pattern(finder) -> re.Pattern[str]:
    if isinstance(finder, AnyOf):
        return re.compile(finder.pattern)
    return re.compile(finder.compiled.pattern, finder.compiled.flags)


def assert_same_matches(finder, text: str) -> None:
    fast = [(m.span(), m.group(0)) for m in finder.finditer(text)]
    plain = [(m.span(), m.group(0)) for m in plain_pattern(finder).finditer(text)]
    assert fast == plain, finder.pattern


@pytest.mark.parametrize("rel", corpus_texts())
def test_every_step_sees_the_same_matches_and_triggers_on_corpus_texts(rel):
    for view in input_views(rel):
        text = view.text
        for step in TEXT_CLEANUP:  # each step on the text it is given: after the steps before it
            if step.triggers is not None:
                assert _occurs(step.triggers, text) == any(t in text for t in step.triggers)
            if isinstance(step.pattern, FINDERS):
                assert_same_matches(step.pattern, text)
            rewrite = step.rewrite(TextView.of(text))
            text = rewrite.build().text if rewrite is not None else text


@pytest.mark.parametrize("rel", corpus_texts())
def test_clean_text_maps_every_character_as_one_plain_sub_after_another(rel):
    for view in input_views(rel):
        text, starts, ends = reference_clean(view)
        cleaned = clean_text(view)
        assert cleaned.text == text
        assert list(cleaned.starts) == starts and list(cleaned.ends) == ends


# the characters the finders look for and around, in every order and run length
ALPHABET = [" ", "\t", "|", "\n", "-", "--", ":", "#", "##", "a", "x", "\u2610", "\u2612", "\u00fe", "\r\n", "**"]


@pytest.mark.parametrize("seed", range(40))
def test_finders_match_their_patterns_on_generated_text(seed):
    rng = random.Random(seed)
    finders = [step.pattern for step in TEXT_CLEANUP if isinstance(step.pattern, FINDERS)]
    assert {type(f) for f in finders} == set(FINDERS)
    for _ in range(50):
        text = "".join(rng.choice(ALPHABET) * rng.choice((1, 1, 2, 3)) for _ in range(rng.randrange(0, 80)))
        for finder in finders:
            assert_same_matches(finder, text)
        for step in TEXT_CLEANUP:
            if step.triggers is not None:
                assert _occurs(step.triggers, text) == any(t in text for t in step.triggers)


def test_a_non_ascii_trigger_is_found_in_text_that_is_not_ascii_only():
    glyphs = next(step for step in TEXT_CLEANUP if isinstance(step.pattern, AnyOf))
    assert not _occurs(glyphs.triggers, "plain ASCII [ ] text")
    assert not _occurs(glyphs.triggers, "caf\u00e9 \u2014 no box")
    assert _occurs(glyphs.triggers, "caf\u00e9 \u2610 a box")
    assert _occurs(("**", "\u2610", "x"), "x") and _occurs(("<input", "<INPUT"), "a <INPUT b")
    assert not _occurs(("<input", "<INPUT"), "a <Inpu b")


def test_a_finder_refuses_a_pattern_it_cannot_find_exactly():
    with pytest.raises(ValueError):
        LineWith(r"[ \t]*#", "#")
    with pytest.raises(ValueError):
        list(Anchored(r"x\|", "|", " ").finditer("a | b"))


@pytest.mark.parametrize("tag", ['<input type="checkbox" checked>', '<INPUT TYPE=CHECKBOX CHECKED>',
                                 '<iNPUT type="checkbox" checked />'])
def test_a_checked_input_is_a_box_in_any_case(tag):
    # the pattern ignores case, so the step's trigger must too (it once listed three spellings only)
    assert clean_text(TextView.of(f"Yes {tag} No")).text == "Yes [X] No"
