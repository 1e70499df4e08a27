"""Middle initials a scan's own OCR text layer lost, read again off the page image (``x17a5.initials``).

The real case: ../shared/audit/x17a5/87634-2010-03-01.pdf is a scan whose filer's text layer reads the oath "We
Walter        Bettinger  II and Joseph     Martinetto": the page prints "Walter W. Bettinger II". The acceptance
rules are tested on that document's own name and span, with what OCR reads replaced."""
from __future__ import annotations

import pytest

import edgarsift
from edgarsift.forms.x17a5.facing import Value
from edgarsift.forms.x17a5.initials import restore_initial
from edgarsift.read import read

from ..conftest import SHARED

PDF = SHARED / "audit" / "x17a5" / "87634-2010-03-01.pdf"


@pytest.fixture(scope="module")
def oath():
    """The document (read as extract reads it, OCR allowed) and its oath signer as the text layer gives it."""
    doc = read(PDF)
    assert doc.pdf_data is not None
    rec = edgarsift.extract(PDF, ocr="never")  # no OCR: the text layer's reading
    span = tuple(rec.provenance["data.oath_signer_name"])
    assert rec.data.oath_signer_name == "Walter Bettinger II"
    assert "Walter        Bettinger" in doc.raw[span[0]:span[1]]
    return doc, Value(rec.data.oath_signer_name, span)


def _with_ocr(doc, monkeypatch, reading: str | None, calls: list | None = None):
    def ocr_line(span):
        if calls is not None:
            calls.append(span)
        return None if reading is None else (2, reading)
    monkeypatch.setattr(doc, "ocr_line", ocr_line)
    doc.notes.clear()


def test_the_initial_the_page_prints_is_taken(oath, monkeypatch):
    doc, name = oath
    _with_ocr(doc, monkeypatch, "s, Walter W. Bettinger IT <")  # what Tesseract reads there (the "II" as "IT")
    got = restore_initial(doc, name, "oath signer's name")
    assert got.text == "Walter W. Bettinger II" and got.span == name.span
    assert doc.notes == ["PDF page 2: the text layer leaves a gap in the oath signer's name 'Walter Bettinger II'; "
                         "OCR of the page image reads W. there: 'Walter W. Bettinger II'"]


@pytest.mark.parametrize("reading", [
    "Walter W Bettinger II",      # no period: not clearly an initial
    "Walter w. Bettinger II",     # not a capital
    "Walter WW. Bettinger II",    # two letters
    "Walten W. Bettinger II",     # the word before the gap read otherwise
    "Walter W. Bettingers II",    # the word after it read otherwise
    "Walter Bettinger II",        # nothing in the gap
    "Walter W. J. Bettinger II",  # more than one initial
    None,                         # OCR read nothing
])
def test_any_other_reading_leaves_the_name_as_the_layer_gives_it(oath, monkeypatch, reading):
    doc, name = oath
    _with_ocr(doc, monkeypatch, reading)
    assert restore_initial(doc, name, "oath signer's name") == name
    assert doc.notes == []


def test_names_without_one_wide_gap_are_not_read_again(oath, monkeypatch):
    doc, name = oath
    calls: list = []
    _with_ocr(doc, monkeypatch, "Walter W. Bettinger II", calls)
    bettinger = doc.raw.find("Bettinger", name.span[0])
    # one word; words a single space apart ("Bettinger  II": two spaces); a name not printed in the span
    for value in (Value("Bettinger", (bettinger, bettinger + 9)), Value("Bettinger II", (bettinger, name.span[1])),
                  Value("Joseph Smith", name.span)):
        assert restore_initial(doc, value, "oath signer's name") == value
    assert calls == []


def test_without_ocr_the_pdf_is_not_kept_and_the_name_stays():
    assert read(PDF, ocr="never").pdf_data is None
    assert edgarsift.extract(PDF, ocr="never").data.oath_signer_name == "Walter Bettinger II"


TITLED = SHARED / "audit" / "x17a5" / "72267-2014-05-30.pdf"  # its layer: "Title     Chief Fin    ncial Officer"


@pytest.fixture(scope="module")
def title():
    """The document and the first signer's title line as the text layer gives it (a signature stroke cut a word)."""
    from edgarsift.forms.x17a5.facing import Value as V

    doc = read(TITLED)
    view = doc.view()
    at = view.text.index("Chief Fin    ncial Officer")
    end = at + len("Chief Fin    ncial Officer")
    return doc, V("Chief Fin ncial Officer", view.span(at, end))


def test_a_title_word_a_signature_cut_in_two_is_read_whole(title, monkeypatch):
    from edgarsift.forms.x17a5.initials import restore_split_word

    doc, value = title
    _with_ocr(doc, monkeypatch, "Chief Financial Officer")  # what Tesseract reads there
    got = restore_split_word(doc, value, "oath signer's title")
    assert got is not None and got.text == "Chief Financial Officer" and got.span == value.span
    assert "reads 'Financial' there" in doc.notes[0]


@pytest.mark.parametrize("reading", [
    "Chief Finxyzncial Officer",  # three letters in the gap
    "Chief FinAncial Officer",    # not lower case
    "Chief Fin ncial Officer",    # nothing joins the pieces
    "Chief Financial Offcer",     # another word read otherwise
    "Chief Financial",            # a word missing
    None,
])
def test_any_other_reading_leaves_the_title_unread(title, monkeypatch, reading):
    from edgarsift.forms.x17a5.initials import restore_split_word

    doc, value = title
    _with_ocr(doc, monkeypatch, reading)
    assert restore_split_word(doc, value, "oath signer's title") is None
    assert doc.notes == []


def test_a_gap_before_a_capital_is_no_cut_word(title, monkeypatch):
    """Words apart ("Chief      Financial"), not a word cut: the piece after the gap starts a word of its own."""
    from edgarsift.forms.x17a5.facing import Value as V
    from edgarsift.forms.x17a5.initials import restore_split_word

    doc, value = title
    calls: list = []
    _with_ocr(doc, monkeypatch, "Name David Moser", calls)
    name = doc.raw.index("Name      David")  # the first signature block's name line, just above the title
    assert restore_split_word(doc, V("Name David", (name, name + len("Name      David"))), "title") is None
    chief = doc.raw.find("Chief", value.span[0])
    assert restore_split_word(doc, V("Chief", (chief, chief + 5)), "title") is None  # one word: no gap at all
    assert calls == []
