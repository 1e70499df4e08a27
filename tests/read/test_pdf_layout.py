"""PDF reading: layout text from character positions, local OCR of scanned pages, page boxes for provenance.

Real filings from ../shared/audit/x17a5 (unlabeled there; gold for some in tests/fixtures/x17a5_audit)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from edgarsift.read import read_bytes
from edgarsift.read.layout import Word, layout_page, words_from_chars
from edgarsift.read.ocr import ocr_pdf_page, tesseract_available

AUDIT = Path(__file__).resolve().parents[2].parent / "shared" / "audit" / "x17a5"
BARCLAYS_2016 = AUDIT / "851376-2017-03-01.pdf"  # born-digital, statement on page 4, auditor's page a scan
NOMURA_2006 = AUDIT / "72267-2006-05-30.pdf"  # image-only scan, 6 pages


@pytest.fixture(scope="module")
def barclays():
    return read_bytes(BARCLAYS_2016.read_bytes(), str(BARCLAYS_2016), ocr="never")


def test_text_layer_rows_keep_label_and_amount_on_one_line(barclays):
    page4 = barclays.raw.split("\f")[3]
    assert re.search(r"^Cash and cash equivalents {2,}\$ +151$", page4, re.M)
    assert re.search(r"^ +Total liabilities and stockholder's equity {2,}\$ +152,511$", page4, re.M)
    # a wrapped label continues on the next row, its amount stays with the last line of it
    assert re.search(r"\(includes \$30,574 pledged as\n +collateral\) {2,}33,623", page4)


def test_words_of_a_large_title_are_one_space_apart(barclays):
    assert barclays.raw.startswith("Barclays Capital Inc.\nStatement of Financial Condition\nDecember 31, 2016")


def test_a_scanned_page_inside_a_typeset_report_is_named_when_ocr_is_off(barclays):
    assert barclays.notes == ["PDF page(s) 3 of 40 have no text layer (OCR is off: --ocr auto reads them)"]
    assert barclays.ocr_pages == []


def test_every_word_has_its_page_and_box(barclays):
    at = barclays.raw.index("152,511")
    page, x0, y0, x1, y1 = barclays.box_of((at, at + len("152,511")))
    assert page == 4 == barclays.page_of(at)
    width, height = barclays.page_sizes[3]
    assert 0 < x0 < x1 <= width and 0 < y0 < y1 <= height
    assert x0 > width / 2  # the amount column is on the right half of the page


def test_provenance_boxes_in_the_record():
    import edgarsift

    rec = edgarsift.extract(BARCLAYS_2016, ocr="never")
    assert rec.data.financial_condition.total_assets == 152_511_000_000
    box = rec.provenance_boxes["data.financial_condition.total_assets"]
    assert box[0] == 4 and box[1] < box[3] and box[2] < box[4]
    assert set(rec.provenance_boxes) <= set(rec.provenance)


def test_layout_rows_by_position_not_content_order():
    # content order runs an address into the next heading; positions put them on separate rows
    chars = [(c, 10 + 6 * i, 100, 16 + 6 * i, 110) for i, c in enumerate("New York, NY 10154")]
    chars += [(c, 10 + 6 * i, 130, 16 + 6 * i, 140) for i, c in enumerate("Barclays Capital Inc.")]
    text, boxes = layout_page(words_from_chars(chars))
    assert text == "New York, NY 10154\n\nBarclays Capital Inc."
    assert [text[b.start:b.end] for b in boxes][:2] == ["New", "York,"]
    # a far-right amount is a column: at least two spaces before it, whatever the word gap says
    words = [Word("Total", 10, 10, 40, 20), Word("assets", 45, 10, 80, 20), Word("1,234", 300, 11, 330, 21)]
    assert re.fullmatch(r"Total assets {2,}1,234", layout_page(words)[0])


def test_a_middle_initial_and_its_point_are_a_word_of_their_row():
    # "Thomas J. Favia": a one-letter token with its point, narrower glyphs, one space either side
    chars = [(c, 106 + 5 * i, 397, 110.5 + 5 * i, 403) for i, c in enumerate("Thomas")] + [(" ", 0, 0, 0, 0)]
    chars += [(c, 139 + 3.5 * i, 397, 142 + 3.5 * i, 403) for i, c in enumerate("J.")] + [(" ", 0, 0, 0, 0)]
    chars += [(c, 149 + 5 * i, 397, 153.5 + 5 * i, 403) for i, c in enumerate("Favia")]
    words = words_from_chars(chars)
    assert [w.text for w in words] == ["Thomas", "J.", "Favia"]
    assert layout_page(words)[0] == "Thomas J. Favia"


def test_the_reader_keeps_every_character_of_an_ocr_text_layer():
    """Goldman, Sachs & Co. 2011 (scan + OCR layer): our page text holds exactly the layer's characters. The
    layer itself reads the contact "Thomas Favia" (printed "Thomas J. Favia", a wide gap where the "J." is) and
    the firm "Goldman Sachs Co": the initial and the "&" are lost by the OCR that made the layer, not by us."""
    import pypdfium2 as pdfium

    path = AUDIT / "42352-2012-02-29.pdf"
    doc = read_bytes(path.read_bytes(), str(path), ocr="never")
    pdf = pdfium.PdfDocument(path)
    for n, page in enumerate(doc.raw.split("\f")[:3]):
        layer = pdf[n].get_textpage().get_text_range()
        assert sorted(c for c in page if not c.isspace()) == sorted(c for c in layer if not c.isspace()), n
    assert re.search(r"^ *Thomas +Favia +212902-1710$", doc.raw.split("\f")[0], re.M)


needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is installed by .ci/run and the README")


@needs_tesseract
def test_ocr_of_a_scanned_statement_page_reads_rows_and_amounts():
    page = ocr_pdf_page(NOMURA_2006.read_bytes(), 2)  # the statement of financial condition
    assert page.error is None and page.width > 500
    text, _ = layout_page(page.words)
    assert re.search(r"^ *Total assets {2,}\$ ?74,182,935\b", text, re.M)  # exact, as printed
    assert re.search(r"^ *Other assets {2,}72,695$", text, re.M)


@needs_tesseract
def test_ocr_failure_names_the_page_and_never_raises():
    page = ocr_pdf_page(NOMURA_2006.read_bytes(), 99)  # no such page: the error is the page's, not an exception
    assert page.words == [] and page.error


@needs_tesseract
def test_ocr_always_reads_text_pages_too():
    from edgarsift.read.ocr import set_ocr_mode

    with pytest.raises(ValueError, match="auto, never, always"):
        set_ocr_mode("sometimes")
    import pypdfium2 as pdfium
    import io

    one = pdfium.PdfDocument.new()
    one.import_pages(pdfium.PdfDocument(BARCLAYS_2016.read_bytes()), [3])
    buf = io.BytesIO()
    one.save(buf)
    doc = read_bytes(buf.getvalue(), "statement.pdf", ocr="always")
    assert doc.ocr_pages == [1]
    assert re.search(r"Total assets {2,}\$ *152,511", doc.raw)


def test_missing_tesseract_is_a_note_not_a_crash(monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules["edgarsift.read.ocr"].shutil, "which", lambda name: None)
    doc = read_bytes(NOMURA_2006.read_bytes(), "scan.pdf", ocr="auto")
    assert doc.raw.strip() == ""
    assert doc.notes == ["PDF page(s) 1-6 need OCR, but Tesseract is not installed "
                         "(Debian: apt-get install tesseract-ocr tesseract-ocr-eng)"]
