"""Text views keep their map to the source as runs (copied stretches and replacements), not one offset per
character: the map must give every character exactly the source range the per-character map gave, on real
filings of every kind of text, and stay small."""
from __future__ import annotations

import pytest
import regex

from edgarsift.read import read
from edgarsift.read.html import html_view
from edgarsift.text.clean import TEXT_CLEANUP, Step, clean_text
from edgarsift.text.view import Rewrite, TextView

from ..conftest import corpus_file

TEXT_13D = "sc13d/cikcusip__1995_SC_13D_718451.txt"  # 1990s EDGAR text: <PAGE> tags, layout
HTML_13D = "sc13d/cikcusip__2011_SC_13D_741556.txt"  # HTML body: rendered, then cleaned
MARKDOWN = "other/stanford-edgar__0001020710-24-000097.parsed.md"  # an edit every few characters
OCR_TEXT = "x17a5/x17a5duarte__87634-2006-02-28.pdf.ocr.txt"  # OCR: boxes, bars, escapes


def reference_sub(text: str, starts: list[int], ends: list[int], pattern, repl):
    """The per-character map, composed as the views did it before runs: kept characters keep their range,
    every character of a replacement gets the whole range it replaced (a zero-width one at an insertion)."""
    out, new_starts, new_ends, pos = [], [], [], 0
    for m in pattern.finditer(text):
        a, b = m.span()
        new = repl(m) if callable(repl) else m.expand(repl)
        if new == m.group(0):
            continue
        out.append(text[pos:a])
        new_starts += starts[pos:a]
        new_ends += ends[pos:a]
        if b > a:
            src = (starts[a], ends[b - 1])
        else:
            src = (starts[a],) * 2 if a < len(starts) else (ends[-1],) * 2 if ends else (0, 0)
        out.append(new)
        new_starts += [src[0]] * len(new)
        new_ends += [src[1]] * len(new)
        pos = b
    out.append(text[pos:])
    return "".join(out), new_starts + starts[pos:], new_ends + ends[pos:]


def reference_clean(view: TextView) -> tuple[str, list[int], list[int]]:
    text, starts, ends = view.text, list(view.starts), list(view.ends)
    for step in TEXT_CLEANUP:
        if step.triggers is not None and not any(t in text for t in step.triggers):
            continue
        if step.pattern is None:
            for old, new in step.replacement.items():
                text = text.replace(old, new)
        else:
            text, starts, ends = reference_sub(text, starts, ends, step.pattern, step.replacement)
    return text, starts, ends


def first_view(rel: str) -> TextView:
    doc = read(corpus_file(rel))
    part = doc.main
    return html_view(doc.raw, part.start, part.end) if part.kind == "html" else TextView.of(doc.raw, part.start,
                                                                                              part.end)


@pytest.mark.parametrize("rel", [TEXT_13D, HTML_13D, MARKDOWN, OCR_TEXT])
def test_cleaned_view_maps_every_character_as_the_per_character_map_did(rel):
    view = first_view(rel)
    text, starts, ends = reference_clean(view)
    cleaned = clean_text(view)
    assert cleaned.text == text
    assert list(cleaned.starts) == starts
    assert list(cleaned.ends) == ends
    for i in range(0, len(text), 997):  # span() looks runs up by bisection: the same answers
        assert cleaned.span(i, min(i + 40, len(text))) == (starts[i], ends[min(i + 40, len(text)) - 1])


def test_copied_characters_come_from_the_same_characters_of_the_source():
    doc = read(corpus_file(TEXT_13D))
    view = doc.view()
    runs = view.offsets
    checked = 0
    for r in range(len(runs.lens)):
        if runs.ends[r] == -1 and runs.lens[r] > 20:  # a copied run: the text is the source's own
            a = runs.at[r]
            piece = view.text[a:a + runs.lens[r]]
            assert piece == doc.raw[runs.srcs[r]:runs.srcs[r] + runs.lens[r]]
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("rel, chars_per_run", [(TEXT_13D, 500), (HTML_13D, 5), (MARKDOWN, 5)])
def test_a_map_holds_far_fewer_runs_than_characters(rel, chars_per_run):
    view = read(corpus_file(rel)).view()
    assert len(view.text) > 10_000
    assert len(view.offsets.lens) * chars_per_run < len(view.text)


def test_a_view_built_from_per_character_offsets_reads_them_back():
    # as an extractor joins two pieces of a view with a space standing at the second piece (Form D's OCR fields)
    view = clean_text(first_view(OCR_TEXT))
    (a1, b1), (a2, b2) = (100, 160), (400, 470)
    text = view.text[a1:b1] + " " + view.text[a2:b2]
    starts = list(view.starts[a1:b1]) + [view.starts[a2]] + list(view.starts[a2:b2])
    ends = list(view.ends[a1:b1]) + [view.starts[a2]] + list(view.ends[a2:b2])
    joined = TextView(text, starts, ends)
    assert list(joined.starts) == starts and list(joined.ends) == ends
    assert joined.starts[-1] == starts[-1] and joined.ends[-3] == ends[-3]
    assert joined.span(b1 - a1, b1 - a1 + 1) == (view.starts[a2], view.starts[a2])  # the space: zero-width
    assert joined.span(0, len(joined)) == (view.starts[a1], view.ends[b2 - 1])
    assert joined.span(len(joined), len(joined)) == (ends[-1], ends[-1])  # empty, at the end
    with pytest.raises(IndexError):
        joined.starts[len(joined)]
    with pytest.raises(ValueError):
        TextView(text, starts[:-1], ends)


def test_sub_slice_and_insertions_on_a_real_cover_line():
    raw = read(corpus_file(TEXT_13D)).raw
    line = regex.search(r"CUSIP[^\n]*\n", raw)
    view = TextView.of(raw, line.start(), line.end())
    inserted = view.sub(r"(?=CUSIP)", ">> ")  # pure insertion: zero-width at the insertion point
    assert inserted.text.startswith(">> CUSIP")
    assert inserted.span(0, 3) == (line.start(), line.start())
    assert inserted.span(3, 8) == (line.start(), line.start() + 5)
    piece = inserted.slice(3, 8)
    assert piece.text == "CUSIP" and piece.span(0, 5) == (line.start(), line.start() + 5)
    assert view.sub(r"\d", "#").span(0, len(view)) == (line.start(), line.end())


def test_cleanup_rows_are_typed_and_leave_the_callers_view_as_it_was():
    assert all(isinstance(step, Step) for step in TEXT_CLEANUP)
    view = first_view(MARKDOWN)
    text, starts = view.text, list(view.starts)
    cleaned = clean_text(view)
    assert cleaned.text != text
    assert view.text == text and list(view.starts) == starts


def test_a_rewrite_builds_once():
    rewrite = TextView.of("a **b**").rewrite(r"\*\*", "")
    assert isinstance(rewrite, Rewrite)
    assert rewrite.build().text == "a b"
    with pytest.raises(RuntimeError):
        rewrite.build()
    assert TextView.of("plain").rewrite(r"\*\*", "") is None


def test_a_document_with_its_views_pickles_whole():
    import pickle

    doc = read(corpus_file(HTML_13D))
    view = doc.view()
    copy = pickle.loads(pickle.dumps(doc)).view()  # the cached view travels with the document
    assert copy.text == view.text and list(copy.starts) == list(view.starts) and list(copy.ends) == list(view.ends)
