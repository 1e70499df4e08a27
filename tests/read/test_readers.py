"""Readers on real corpus files: SGML submissions, PEM wrappers, HTML, XML, PDF; provenance offsets exact."""
from __future__ import annotations

import hashlib

import pytest

from edgarsift.read import read, xml_index

from ..conftest import CORPUS


def test_sgml_header_facts_and_main_document():
    doc = read(CORPUS / "sc13d/cikcusip__1995_SC_13D_718451.txt")
    assert doc.format == "edgar-sgml"
    h = doc.header
    assert h.accession_number == "0000950124-95-002164"
    assert h.submission_type == "SC 13D"
    assert h.filed_as_of == "1995-07-18"
    assert h.subject_company.name == "ADVANTAGE COMPANIES INC  /DE/"
    assert h.subject_company.cik == "0000718451"
    assert h.filed_by.name == "THORN AMERICAS INC"
    assert doc.main.type == "SC 13D"
    # the PEM wrapper and header stay out of the main document's text
    assert "BEGIN PRIVACY-ENHANCED" not in doc.text and "ACCESSION NUMBER" not in doc.text


def test_exhibits_stay_reachable():
    doc = read(CORPUS / "sc13d/cikcusip__1998_SC_13D_1018980.txt")
    assert doc.main.type == "SC 13D"
    assert [p.type for p in doc.exhibits] == ["EX-99.1", "EX-99.2", "EX-99.3", "EX-99.4", "EX-99.5"]
    assert doc.view(doc.exhibits[0]).text.strip()


def test_sgml_layout_tags_do_not_leak():
    doc = read(CORPUS / "sc13d/cikcusip__1996_SC_13DA_912428.txt")
    raw_main = doc.raw[doc.main.start:doc.main.end]
    assert "<PAGE>" in raw_main or "<S>" in raw_main or "<TABLE>" in raw_main.upper()
    for tag in ("<PAGE>", "<S>", "<C>", "<TABLE>", "</TABLE>"):
        assert tag not in doc.text


def test_html_main_document_rendered_with_exact_offsets():
    doc = read(CORPUS / "sc13d/cikcusip__2011_SC_13D_741556.txt")
    assert doc.main.kind == "html"
    view = doc.view()
    assert "<td" not in view.text.lower() and "&nbsp;" not in view.text
    i = view.text.find("CUSIP")
    assert i >= 0
    a, b = view.span(i, i + 5)
    assert doc.raw[a:b] == "CUSIP"


def test_xml_leaves_carry_spans():
    doc = read(CORPUS / "sc13d/edgartools__schedule13d.xml")
    assert doc.format == "xml" and doc.main.kind == "xml"
    idx = xml_index(doc.raw)
    leaf = idx.first("issuerInfo/issuerCUSIP")
    assert leaf.text == "00032Q104"
    assert doc.raw[leaf.start:leaf.end] == "00032Q104"
    persons = idx.each("reportingPersonInfo")
    assert [p.text("reportingPersonName") for p in persons] == ["BML Investment Partners, L.P.", "Leonard Braden Michael"]


def test_xml_inside_submission():
    doc = read(CORPUS / "form_d/halloran-edgar__filing_with_privacy.txt")
    assert doc.format == "edgar-sgml" and doc.main.kind == "xml"
    idx = xml_index(doc.raw, doc.main.start, doc.main.end)
    assert idx.text("submissionType") == "D"


def test_pdf_text_layer_with_pages():
    doc = read(CORPUS / "x17a5/x17a5duarte__877559-2016-04-25.pdf")
    assert doc.format == "pdf"
    assert len(doc.pages) > 5
    assert "ING FINANCIAL MARKETS LLC" in doc.raw
    assert doc.page_of(doc.raw.index("ING FINANCIAL MARKETS LLC")) == 1


def test_decoding_falls_back_to_cp1252():
    doc = read(b"Name of Issuer:\n Caf\xe9 \x93Corp\x94\n")  # cp1252 bytes: invalid as UTF-8
    assert "Café" in doc.raw and "\u201cCorp\u201d" in doc.raw


def test_text_input_and_sha256():
    doc = read(b"hello\nworld\n")
    assert doc.format == "text"
    assert doc.sha256 == hashlib.sha256(b"hello\nworld\n").hexdigest()


def test_tagged_nc_header():
    doc = read(CORPUS / "form_d/edgartools__0001398344-24-000491.nc")
    h = doc.header
    assert (h.accession_number, h.submission_type, h.filed_as_of) == ("0001398344-24-000491", "D/A", "2024-01-11")
    assert h.filed_by.name == "INVESTURE OPPORTUNITY FUND, LP" and h.filed_by.cik == "0001296490"
    assert doc.main.kind == "xml" and doc.main.filename == "primary_doc.xml"


def test_xml_plain_and_tolerant_scans_agree():
    plain = '<?xml version="1.0"?><a><b>1 &amp; 2</b><c><d x="1">  v </d><e/><f></f></c></a>'
    with_comment = plain.replace("<c>", "<c><!-- <b>not a leaf</b> -->")
    for src in (plain, with_comment):
        idx = xml_index(src)
        assert [(lf.path, lf.text) for lf in idx.leaves] == [("a/b", "1 & 2"), ("a/c/d", "v"), ("a/c/f", "")]
        d = idx.first("c/d")
        assert src[d.start:d.end] == "v"
        assert [g.text("d") for g in idx.each("c")] == ["v"]


def test_xml_plain_scan_namespaces_self_closing_and_mismatches():
    src = ('<ns1:edgarSubmission xmlns:ns1="u"><ns1:x a="1"/><ns1:p q="2">\n  <ns1:v> 7 </ns1:v>\n'
           '<ns1:e/><w>last</w></ns1:p><z>tail</z></ns1:edgarSubmission>')
    idx = xml_index(src)
    assert [(lf.path, lf.text) for lf in idx.leaves] == [
        ("edgarSubmission/p/v", "7"), ("edgarSubmission/p/w", "last"), ("edgarSubmission/z", "tail")]
    v = idx.first("p/v")
    assert src[v.start:v.end] == "7"
    assert [g.text("w") for g in idx.each("p")] == ["last"]


def test_xml_cdata_and_broken_nesting():
    idx = xml_index("<r><n><![CDATA[A <b> C]]></n><m>open<p>x</p></r>")
    assert idx.text("n") == "A <b> C"
    assert idx.text("p") == "x"




def test_compact_nc_submission():
    from pathlib import Path

    doc = read(Path(__file__).parents[1] / "fixtures/read/edgartools__0000929638-25-000114.nc")
    assert doc.header.submission_type == "ABS-15G"
    assert doc.header.filed_by.name == "EFCAR, LLC" and doc.header.filed_by.cik == "0001654238"
    assert doc.main.type == "ABS-15G" and doc.main.kind == "html" and doc.main.filename == "abs15g.htm"
    assert "ASSET-BACKED SECURITIZER" in doc.text


def test_header_only_submission_still_tells_its_form():
    from pathlib import Path

    from edgarsift import extract

    record = extract(Path(__file__).parents[1] / "fixtures/read/edgartools__BankOfAmerica.424B5.header.txt")
    assert record.form_type == "424B5"
    assert record.header["filed_by"]["name"] == "BANK OF AMERICA MORTGAGE SECURITIES INC"
    assert any("no document" in f.message for f in record.findings)


def test_bare_document_without_header_uses_its_type():
    from pathlib import Path

    from edgarsift import extract

    record = extract(Path(__file__).parents[1] / "fixtures/read/edgartools__0000899681-95-000096.txt")
    assert (record.form_type, record.amendment_number) == ("S-3/A", 2)


@pytest.mark.parametrize("rel,fmt", [
    ("seeds/004_e3cac7b6d7988945.txt", "ocr-text"),  # stray <input/> tags, \$ escapes
    ("seeds/001_c2f9e66c3c457e4c.txt", "ocr-text"),
    ("x17a5/x17a5duarte__877559-2018-04-05.pdf.txt", "text"),  # pdftotext output: plain text, "#" inside lines
])
def test_converted_text_told_from_plain_text_on_corpus(rel, fmt):
    assert read(CORPUS / rel).format == fmt


@pytest.mark.parametrize("text,fmt", [
    (b"Cover\n| Name | Shares |\n|---|---|\n", "ocr-text"),  # markdown table row
    (b"  | 1 | NAMES OF REPORTING PERSONS |  \r\nx\n", "ocr-text"),  # indented row, CRLF
    (b"## Item 4. Purpose\ntext\n", "ocr-text"),  # heading at the very start
    (b"Cover\n### Item 4\n", "ocr-text"),
    (b"Account # 1234 | 5678 |\nItem 4\n", "text"),  # pipes and a hash inside a line are not markdown
    (b"Cover\n####### not a heading\n", "text"),
])
def test_converted_text_marks(text, fmt):
    assert read(text).format == fmt


def test_document_closer_must_start_a_line_or_follow_a_tag():
    body = ("<SEC-HEADER>\nACCESSION NUMBER: 0000000000-00-000001\nCONFORMED SUBMISSION TYPE: SC 13G\n"
            "</SEC-HEADER>\n<DOCUMENT>\n<TYPE>SC 13G\n<TEXT>\nquoted </DOCUMENT> stays text\nmore\n</TEXT>\n"
            "   </DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99<TEXT>exhibit</TEXT></DOCUMENT>\n")
    doc = read(body.encode())
    assert [p.type for p in doc.parts] == ["SC 13G", "EX-99"]
    assert not any(p.truncated for p in doc.parts)
    assert "stays text" in doc.raw[doc.main.start:doc.main.end]
