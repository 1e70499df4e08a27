"""Classify reads the start of a filing's text only (Document.head): the same text, and so the same form, as the
whole view gives, on every corpus and fixture filing; a filing no extractor reads is not rendered whole."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from edgarsift.classify import CONTENT_WINDOW, COVER_PATTERNS, classify
from edgarsift.read import read
from edgarsift.read.document import Document
from edgarsift.read.html import HtmlRender, html_view
from edgarsift.text.clean import clean_text

from .conftest import CORPUS, ROOT

_SKIP = (".gold.json", ".notes.txt", ".pdf", "MANIFEST.tsv")


def _filings() -> list[Path]:
    return sorted(p for root in (CORPUS, ROOT / "tests" / "fixtures") for p in root.rglob("*")
                  if p.is_file() and not p.name.endswith(_SKIP))


def _read(path: Path) -> Document | None:
    try:
        doc = read(path, ocr="never")
    except Exception:  # unreadable on purpose (damaged fixtures): nothing to classify
        return None
    return None if doc.format == "pdf" else doc


@pytest.mark.parametrize("chars", [10, 8000, 20000, CONTENT_WINDOW])
def test_head_is_the_start_of_the_whole_view(chars):
    checked = 0
    for path in _filings():
        doc = _read(path)
        if doc is None:
            continue
        head = doc.head(chars)
        whole = _read(path)
        assert whole is not None
        assert head == whole.view().text[:chars], path
        assert doc.view().text == whole.view().text, path  # a view begun by head() goes on to the same view
        checked += 1
    assert checked > 150


def test_classify_from_the_head_is_classify_from_the_whole_view():
    for path in _filings():
        doc = _read(path)
        if doc is None:
            continue
        whole = _read(path)
        assert whole is not None
        whole.view()  # built first: head() then reads the whole view
        assert classify(doc) == classify(whole), path


def test_a_form_no_extractor_reads_is_not_rendered_whole():
    doc = read(next(CORPUS.rglob("edgartools__Apple.10-Q.html")))  # 1.1 MB of inline XBRL
    assert classify(doc).form_type == "10-Q"
    assert not doc._views  # only the cover was rendered
    render = doc._renders[id(doc.main)]
    assert not render.done and len(render.view().text) < len(doc.raw) // 10


def test_render_stops_at_a_line_break_and_goes_on_to_the_same_view():
    src = ("<html><body><p>Cover&nbsp;page</p>\n<table><tr><td>1</td><td>2</td></tr></table>"
           "<pre>a  b</pre><p>end <sup>1</sup> x</p><script>var x = '<p>';</script><div>after</div></body></html>")
    whole = html_view(src)
    for stop in range(len(src) + 1):
        render = HtmlRender(src, 0, len(src))
        done = render.run(stop)
        start = render.view().text
        assert whole.text.startswith(start)
        assert done or start.endswith("\n") or not start or whole.text[len(start)] == "\n"
        render.run()
        view = render.view()
        assert (view.text, list(view.offsets.lens), list(view.offsets.srcs), list(view.offsets.ends)) == (
            whole.text, list(whole.offsets.lens), list(whole.offsets.srcs), list(whole.offsets.ends))


def test_head_reads_the_whole_view_when_a_cleanup_step_may_reach_across_lines():
    # "<input ...>" in the text is a checkbox to the cleanup, and its ">" may be lines below
    src = ("<html><body><p>&lt;input type=checkbox</p>" + "<p>Cover line of text.</p>\n" * 400 + "<p>checked&gt;</p>"
           + "</body></html>")
    doc = read(src.encode())
    assert doc.main.kind == "html"
    head = doc.head(100)
    assert doc._views  # the whole view was built
    assert head == clean_text(html_view(src)).text[:100]
    assert head.startswith("[X]")


def _cover_form_scanning_all(window: str) -> str | None:
    """_cover_form as it was, every pattern scanned: the reference for the prerequisite scans."""
    from edgarsift.classify import _is_title

    best: tuple[int, str] | None = None
    for pat, ftype, title in COVER_PATTERNS:
        for m in pat.finditer(window):
            if best is not None and m.start() >= best[0]:
                break
            if title and not _is_title(window, m):
                continue
            best = (m.start(), ftype.format(**{k: v.upper() for k, v in m.groupdict().items() if v}))
            break
    return best[1] if best else None


def test_cover_prerequisites_leave_the_cover_form_as_it_was():
    from edgarsift.classify import COVER_WINDOW, _COVER_REQUIRES, _cover_form

    windows = []
    for path in _filings():
        doc = _read(path)
        if doc is not None:
            windows.append(doc.view().text[:COVER_WINDOW])
    # every form the cover patterns name, spelled as covers print them, with the prerequisites' edge cases
    for spelling in ("SCHEDULE 13D/A", "SC 13G", "Schedule\n13g / a", "FORM X-17A-5", "X17A5", "x-17a-5/}",
                     "FORM X - 1 7 A - 5", "FORM 10-K", "FORM 10K", "Form 8-K", "FORM 8K", "FORM 6-K", "FORM 24F-2NT",
                     "FORM D\nNOTICE OF EXEMPT OFFERING", "\u212a", "FORM 10-\u212a", "FORM 6-\u212a",
                     # odd case folds where the patterns open (the openers are looked for in the folded text)
                     "\u017fchedule 13d/a", "\u017fC 13G", "SCHEDULE 13\u0130", "F\u0130LED PURSUANT TO RULE 433",
                     "Filed pursuant to Rule 424(b)(3)", "NOT\u0130CE OF SALE OF SECURITIES PURSUANT TO REGULATION D",
                     "NOT\u0131CE OF SALE OF SECURITIES PURSUANT TO REGULATION D", "FORM 8-\u212a", "form x17a5/a",
                     "Information FORM 10-Q performance", "conform FORM S-3", "FORM\n\nX-17A-5", "Schedule TO Amendment"):
        windows.append(f"UNITED STATES\n{spelling}\nAnnual report")
        # and in windows longer than SHORT_RANGE, where the patterns are tried only at their openers
        windows.append(f"{'SECURITIES AND EXCHANGE COMMISSION, Washington, D.C. 20549 ' * 6}\n{spelling}\nAnnual report")
        windows.append(f"{spelling}\n{'Information reported on this page is public. ' * 8}")
    for window in windows:
        assert _cover_form(window) == _cover_form_scanning_all(window), window[:200]
    for ftype, required in _COVER_REQUIRES.items():  # each names a form whose cover pattern is case-blind, and is
        # looked for in the folded window: written in lower case
        assert {pat.flags & regex.I for pat, f, _ in COVER_PATTERNS if f == ftype} == {regex.I}, ftype
        letters = regex.sub(r"\\.", "", required.pattern)  # (escapes such as \W aside)
        assert letters == letters.lower(), ftype


def _amendment_texts() -> list[str]:
    """Covers' starts from the corpus and fixtures, and generated text around the word "Amendment"."""
    import random

    texts = []
    for path in _filings():
        doc = _read(path)
        if doc is not None:
            texts.append(doc.view().text[:20000])
    rng = random.Random(16)
    pieces = ["Amendment", "AMENDMENT", "amendment", "first", "Second", "SEVENTH", "tenth", "eleventh", "No.", "No",
              "Number", "#", " ", "  ", "\n", "\t", "\x1c", "\x85", "\u2003", "_", "*", ")", "(", ":", ".", "1", "12",
              "0", "007", "one", "twelve", "x", "re", ",5", "fifth\n\n", "Amendmentfirst"]
    for _ in range(3000):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))))
    return texts


def test_amendment_matches_are_those_of_the_whole_scan():
    from edgarsift.classify import AMENDMENT, _amendment_matches

    assert not AMENDMENT.flags & regex.FULLCASE  # ordinals as long in the text as in the pattern
    found = 0
    for text in _amendment_texts():
        for end in {len(text), min(len(text), 8000), len(text) // 2}:
            fast = [(m.span(), m.groupdict()) for m in _amendment_matches(text, end)]
            assert fast == [(m.span(), m.groupdict()) for m in AMENDMENT.finditer(text, 0, end)], text[:300]
            found += len(fast)
    assert found > 1000


def test_a_declared_form_a_family_extracts_is_viewed_whole_before_classify():
    # the header declares a 13D in text or HTML long enough for classify to read a start of it (a head of its
    # own before this change): extract_document builds the whole view first, so classify cleans no start of the text
    # of its own; a long filing without a header is still classified from its head
    from edgarsift.pipeline import extract_document

    for name, kind in (("cikcusip__1998_SC_13D_1018980.txt", "text"), ("cikcusip__2011_SC_13D_741556.txt", "html")):
        doc = _read(CORPUS / "sc13d" / name)
        assert doc is not None and doc.header is not None and doc.main.kind == kind
        record = extract_document(doc)
        assert record.form_type == "SC 13D" and doc._head == "" and not doc._renders, name
        assert record.data.issuer_name, name  # the extractor read the view built before classify
        fresh = _read(CORPUS / "sc13d" / name)
        assert fresh is not None and classify(fresh) == classify(doc) and len(fresh._head) > 8000, name

    plain = _read(CORPUS / "x17a5" / "x17a5duarte__87634-2006-02-28.pdf.ocr.txt")
    assert plain is not None and plain.header is None and len(plain.raw) > 40000
    classify(plain)
    assert plain._head != "" and not plain._views


def test_a_short_text_is_cleaned_whole_for_its_head():
    # a text at most four times the start classify reads is cleaned whole at once: its start would be cleaned again
    # with the rest where an extractor reads it
    from edgarsift.classify import _HEAD

    for path in (CORPUS / "seeds" / "000_face7e9e3a34c530.txt",
                 CORPUS / "other" / "stanford-edgar__0001769628-26-000154.parsed.md"):
        doc = _read(path)
        assert doc is not None and doc.main.kind == "text" and len(doc.raw) < 4 * _HEAD
        classify(doc)
        assert doc._head == "" and id(doc.main) in doc._views, path
