"""Form X-17A-5 Part III on real corpus filings: the markdown seed, pdftotext layout text, OCR'd scans and the
original PDF; footing repairs of OCR-damaged figures; the checks' numbers."""
from __future__ import annotations

from tests.conftest import corpus_file, extracted, gold

SEED = "seeds/000_face7e9e3a34c530.txt"
UBS = "x17a5/x17a5duarte__230611-2012-02-29.pdf.txt"  # pdftotext layout, unlabelled totals, in thousands
HSBC_OCR = "x17a5/x17a5duarte__853784-2007-03-09.pdf.ocr.txt"  # OCR: "$4,639,919" for 54,639,919
NOMURA_OCR = "x17a5/x17a5duarte__72267-2007-05-29.pdf.ocr.txt"  # OCR: letter damage, two-page statement
CITI = "x17a5/x17a5duarte__91154-2017-03-02.pdf.txt"  # "I" for 1, "2611" for 263
SUSQ_2020 = "x17a5/x17a5duarte__920417-2020-02-28.pdf.txt"  # total assets "441032,681"
JPM = "x17a5/x17a5duarte__782124-2014-03-05.pdf.txt"  # words printed a line below their row
HSBC_2016 = "x17a5/x17a5duarte__853784-2016-03-01.pdf.txt"  # excess net capital off by one printed unit
PDF = "x17a5/x17a5duarte__877559-2016-04-25.pdf"


def spanned(rec, path: str) -> str:
    from edgarsift.read import read

    a, b = rec.provenance[path]
    return read(rec.source.path).raw[a:b]


def items(rec) -> dict[tuple[str, str], int | None]:
    return {(i.section, i.label): i.amount for i in rec.data.financial_condition.line_items}


def check(rec, name: str):
    found = [f for f in rec.findings if f.check == f"x17a5.{name}"]
    assert len(found) == 1, [f.check for f in rec.findings]
    return found[0]


# -- seed: every field, exactly as labelled ---------------------------------------------------------
def test_seed_matches_gold_exactly():
    rec = extracted(SEED)
    g = gold(SEED)
    assert rec.form_type == "X-17A-5" and rec.amendment_number is None
    d = rec.data.model_dump(mode="json")
    for key, value in g["data"].items():
        if key == "financial_condition":
            continue
        assert d[key] == value, key
    fc, gfc = d["financial_condition"], g["data"]["financial_condition"]
    for key in ("as_of", "total_assets", "total_liabilities", "subordinated_borrowings", "total_equity",
                "total_liabilities_and_equity"):
        assert fc[key] == gfc[key], key
    assert [(i["section"], i["label"], i["amount"]) for i in fc["line_items"]] == \
        [(i["section"], i["label"], i["amount"]) for i in gfc["line_items"]]


def test_seed_concepts_and_provenance():
    rec = extracted(SEED)
    concepts = {i.label: i.concept for i in rec.data.financial_condition.line_items}
    assert concepts["Cash"] == "cash"
    assert concepts["Securities owned"] == "securities_owned"
    assert concepts["Receivable from clearing brokers"] == "receivables_brokers_dealers"
    assert concepts["Securities sold, not yet purchased"] == "securities_sold_not_yet_purchased"
    assert concepts["Member's equity"] == "members_equity"
    assert spanned(rec, "data.financial_condition.total_assets") == "1,928,567,730"
    assert spanned(rec, "data.net_capital") == "57,576,182"
    assert spanned(rec, "data.sec_file_number") == "8-50422"
    assert spanned(rec, "data.financial_condition.line_items[1].label") == "Securities owned"


def test_seed_checks_all_pass_with_their_numbers():
    rec = extracted(SEED)
    foot = check(rec, "assets_foot")
    assert foot.severity == "ok" and foot.values["expected"] == 1928567730
    total = check(rec, "liabilities_equity_total")  # liabilities + subordinated + equity = total
    assert total.severity == "ok" and total.values["actual"] == 1754024931 + 36955278 + 137587521
    excess = check(rec, "excess_net_capital")
    assert excess.severity == "ok" and excess.values["expected"] == 57576182 - 918363
    assert rec.data.aggregate_indebtedness_to_net_capital_pct == 23.93


# -- pdftotext layout: unlabelled totals placed by arithmetic, thousands ----------------------------
def test_layout_text_unlabelled_totals_and_scale():
    rec = extracted(UBS)
    fc = rec.data.financial_condition
    assert (fc.total_assets, fc.total_liabilities, fc.subordinated_borrowings, fc.total_equity) == \
        (251_047_785_000, 233_554_592_000, 12_425_000_000, 5_068_193_000)
    assert fc.total_liabilities_and_equity == 251_047_785_000
    got = items(rec)
    assert got[("liabilities", "Securities sold under agreements to repurchase")] == 151_179_722_000  # wrapped label
    assert ("assets", "Total securities owned at fair value") not in got  # a subtotal is not a line item
    assert len(got) == 22
    assert (rec.data.net_capital, rec.data.required_net_capital, rec.data.excess_net_capital) == \
        (12_278_665_000, 961_345_000, 11_317_320_000)
    assert rec.data.broker_dealer_name == "UBS Securities LLC"
    assert rec.data.contact_name == "Patrick Canavan" and rec.data.contact_phone == "2037190763"
    assert rec.data.accountant_name == "Ernst & Young LLP"  # OCR lost the "&"
    assert rec.data.oath_signer_name == "Per Dyrvik" and rec.data.oath_signer_title == "Managing Director"


# -- OCR: the footing corrects one misread figure, and only then ------------------------------------
def test_ocr_dollar_sign_read_for_a_five_is_repaired_by_footing():
    rec = extracted(HSBC_OCR)
    got = items(rec)
    assert got[("liabilities", "Securities sold under agreements to repurchase")] == 54_639_919_000
    assert check(rec, "liabilities_foot").severity == "ok"
    assert rec.data.financial_condition.total_liabilities == 79_757_021_000  # printed "Totat liabilities"
    assert got[("equity", "Common stock, $0.05 par value. Authorized 1,000 shares; issued and outstanding 23 shares")] == 0


def test_ocr_two_page_statement_with_letter_damage():
    rec = extracted(NOMURA_OCR)
    fc = rec.data.financial_condition
    got = items(rec)
    assert got[("assets", "Furniture, equipment and leasehold improvements, net of accumulated depreciation and "
                          "amortization of $58,589")] == 15_475_000  # "Fumiture"
    assert got[("equity", "Additional paid-in capital")] == 920_000_000  # "Additiona!"
    assert got[("liabilities", "Customers")] == 162_712_000  # a sub-line under "Payables:"
    # printed total liabilities includes the subordinated borrowings listed inside it
    assert fc.total_liabilities == 87_485_932_000 and fc.subordinated_borrowings == 1_550_000_000
    foot = check(rec, "liabilities_foot")
    assert foot.severity == "ok" and foot.values["subordinated_included"] is True
    assert (rec.data.period_begin, rec.data.period_end) == ("2006-04-01", "2007-03-31")  # "AND ENDIN Nid 31"


def test_letter_i_and_garbled_retained_earnings_repaired():
    rec = extracted(CITI)
    got = items(rec)
    assert got[("assets", "Other debt securities")] == 1_000_000  # printed "I"
    assert got[("equity", "Retained earnings")] == 263_000_000  # printed "2611"
    assert check(rec, "assets_foot").severity == "ok"
    assert check(rec, "equity_foot").severity == "ok"
    assert rec.data.net_capital == 9_316_000_000  # "$9,316 nullion": the statement's scale


def test_damaged_total_confirmed_by_the_other_side():
    rec = extracted(SUSQ_2020)
    fc = rec.data.financial_condition
    assert fc.total_assets == 44_032_681_000 == fc.total_liabilities_and_equity  # printed "441032,681"
    assert rec.data.principal_office.street == "401 CITY AVENUE, SUITE 220"  # "SUITE 2 2 0"


def test_displaced_layout_words_rejoin_their_rows():
    rec = extracted(JPM)
    got = items(rec)
    assert got[("liabilities", "Commercial paper")] == 9_778_000_000
    assert got[("assets", "Securities received as collateral")] == 5_285_000_000
    assert got[("assets", "Cash")] == 707_000_000  # figure printed a line above its label
    fc = rec.data.financial_condition
    assert fc.total_assets == 372_319_000_000  # "Total" below "assets 372.319"
    assert fc.consolidated is True


def test_excess_off_by_one_printed_unit_is_a_warning():
    rec = extracted(HSBC_2016)
    f = check(rec, "excess_net_capital")
    assert f.severity == "warning" and f.values["difference"] == -1000
    assert rec.data.financial_condition.total_equity == 832_795_000
    assert rec.data.financial_condition.line_items and all(
        i.section != "equity" for i in rec.data.financial_condition.line_items)


# -- PDF: read from the PDF itself -------------------------------------------------------------------
def test_pdf_read_directly_with_page_provenance():
    from edgarsift.read import read

    rec = extracted(PDF)
    assert rec.source.format == "pdf"
    assert rec.form_type == "X-17A-5/A"
    d = rec.data
    assert d.broker_dealer_name == "ING FINANCIAL MARKETS LLC"
    assert d.sec_file_number == "8-43978"  # printed "B-43978"
    assert (d.period_begin, d.period_end) == ("2015-01-01", "2015-12-31")
    assert d.contact_phone == "6464248131" and d.oath_signer_name == "PATRICK ROACH"
    fc = d.financial_condition
    assert (fc.total_assets, fc.total_liabilities, fc.total_equity) == (33_707_317_000, 32_471_009_000, 1_236_308_000)
    assert (d.net_capital, d.required_net_capital, d.excess_net_capital) == (1_089_513_000, 43_159_000, 1_046_354_000)
    doc = read(corpus_file(PDF))
    a, _ = rec.provenance["data.financial_condition.total_assets"]
    assert doc.raw[a:rec.provenance["data.financial_condition.total_assets"][1]] == "33,707,317"
    assert doc.page_of(a) == 4


def test_pdf_scores_like_its_gold():
    rec = extracted(PDF).data.model_dump(mode="json")
    g = gold(PDF)["data"]
    for key in ("broker_dealer_name", "sec_file_number", "period_begin", "period_end", "contact_name",
                "accountant_name", "audit_report_date", "oath_signer_title", "net_capital"):
        assert rec[key].casefold() == g[key].casefold() if isinstance(g[key], str) else rec[key] == g[key], key
    assert rec["principal_office"] == g["principal_office"]


def _image_only_pdf() -> bytes:
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(200, 200)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(pdfium.PdfBitmap.new_native(50, 50, pdfium.raw.FPDFBitmap_BGR))
    image.set_matrix(pdfium.PdfMatrix().scale(50, 50))
    page.insert_obj(image)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_scanned_pdf_without_text_layer_gets_an_ocr_finding():
    from edgarsift.pipeline import process_one

    rec = process_one(_image_only_pdf(), ocr="never")
    assert rec.source.format == "pdf"
    notes = [f for f in rec.findings if f.check == "read.note"]
    assert len(notes) == 1 and "no text layer" in notes[0].message and "--ocr auto" in notes[0].message
    assert rec.data is None
    # OCR on: the blank image is read, and the record says plainly that nothing was found on page 1
    rec = process_one(_image_only_pdf(), ocr="auto")
    notes = [f.message for f in rec.findings if f.check == "read.note"]
    assert notes == ["PDF page(s) 1 of 1: OCR found no text (a blank or unreadable scan)"]


def test_damaged_pdf_is_a_one_line_read_error(tmp_path):
    import pytest

    from edgarsift.errors import ReadError
    from edgarsift.pipeline import process_one

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(corpus_file(PDF).read_bytes()[:2000])
    with pytest.raises(ReadError) as err:
        process_one(bad)
    assert "broken.pdf" in str(err.value) and "\n" not in str(err.value)


# -- the pieces, on their own -----------------------------------------------------------------------
def test_footing_repairs_only_a_unique_plausible_reading():
    from edgarsift.forms.x17a5.footing import Reading, repair_items

    items_ = [Reading(100, "100"), Reading(4639919, "$4,639,919"), Reading(250, "250")]
    assert repair_items(items_, 54640269) == 1 and items_[1].value == 54639919
    # nothing the arithmetic can pin to one OCR-like reading: left as read
    items_ = [Reading(100, "100"), Reading(200, "200")]
    assert repair_items(items_, 9999) is None and [r.value for r in items_] == [100, 200]
    # two unreadable figures: the total cannot place them
    assert repair_items([Reading(None, "I"), Reading(None, "l"), Reading(5, "5")], 7) is None


def test_ocr_word_repair_keeps_real_words():
    from edgarsift.forms.x17a5.labels import fix_ocr_words

    assert fix_ocr_words("Obligation to retum securities") == "Obligation to return securities"
    assert fix_ocr_words("Receivables f:om brokers") == "Receivables from brokers"
    assert fix_ocr_words("Short-tenn loan from affiliate") == "Short-term loan from affiliate"
    assert fix_ocr_words("for federal or other reg ilatory purposes") == "for federal or other regulatory purposes"
    assert fix_ocr_words("Goodwill and Noncustomers") == "Goodwill and Noncustomers"
    assert fix_ocr_words("VIE included $1044 at fair value") == "VIE included $1044 at fair value"


def test_concepts_use_the_heading_of_a_sub_line():
    from edgarsift.forms.x17a5.concepts import concept_of

    assert concept_of("assets", "Customers", "Receivables") == "receivables_customers"
    assert concept_of("liabilities", "Customers", "Payables") == "payables_customers"
    assert concept_of("assets", "Securities purchased under agreements to resell") == "securities_purchased_under_resale"
    assert concept_of("assets", "Deferred tax asset, net") is None


def test_pdf_with_a_scanned_page_names_the_page_that_needs_ocr():
    import io

    import pypdfium2 as pdfium

    from edgarsift.read import read_bytes

    original = pdfium.PdfDocument(corpus_file(PDF).read_bytes())
    mixed = pdfium.PdfDocument.new()
    mixed.new_page(612, 792)  # an image-only facing page: no text layer
    mixed.import_pages(original, [3])  # the typeset statement of financial condition
    buf = io.BytesIO()
    mixed.save(buf)
    doc = read_bytes(buf.getvalue(), "mixed.pdf", ocr="never")
    assert doc.notes == ["PDF page(s) 1 of 2 have no text layer (OCR is off: --ocr auto reads them)"]
    assert "Total assets" in doc.raw and doc.page_of(doc.raw.index("Total assets")) == 2
    doc = read_bytes(buf.getvalue(), "mixed.pdf", ocr="auto")  # the blank page is OCRed: nothing on it
    assert doc.notes == ["PDF page(s) 1 of 2: OCR found no text (a blank or unreadable scan)"]
    assert read_bytes(corpus_file(PDF).read_bytes()).notes == []  # every page of the corpus PDF has text


def test_stated_minimum_and_required_check():
    seed = extracted(SEED)
    assert seed.data.stated_minimum_net_capital == 100_000  # "greater of 6 2/3% of aggregate indebtedness or $100,000"
    f = check(seed, "required_vs_minimum")
    assert f.severity == "ok" and f.values == {"required": 918_363, "minimum": 100_000}
    assert extracted(HSBC_2016).data.stated_minimum_net_capital == 5_000_000  # "greater of $5,000 or 2% …" (thousands)
    # "(Tabular amounts in millions)": the prose "$250,000" is dollars, not millions
    assert extracted("x17a5/x17a5duarte__87634-2006-02-28.pdf.ocr.txt").data.stated_minimum_net_capital == 250_000


def test_rounded_billions_give_a_warning_not_an_error():
    rec = extracted("x17a5/x17a5duarte__87634-2006-02-28.pdf.ocr.txt")
    d = rec.data
    # "$1.1 billion", "$916 million in excess", "2% of aggregate debit balances was $227 million, which exceeded
    # the minimum dollar requirement": the 2% figure is the requirement under the alternative method
    assert (d.net_capital, d.excess_net_capital, d.required_net_capital) == (1_100_000_000, 916_000_000, 227_000_000)
    f = check(rec, "excess_net_capital")
    assert f.severity == "warning" and f.values["difference"] == 916_000_000 - (1_100_000_000 - 227_000_000)
    assert d.oath_signer_name == "Charles R. Schwab"  # "We, Charles R. Schwab and Christopher V. Dodds, affirm"
    assert d.financial_condition.subordinated_borrowings == 220_000_000


COMPARATIVE = """FORM X-17A-5
Example Securities LLC
Statements of Financial Condition
December 31, 2015 and 2014
                                                      2015          2014
Assets
Cash                                            $   1,200     $     900
Securities owned, at fair value                     3,800         4,100
Other assets                                          -             50
   Total assets                                 $   5,000     $   5,050
Liabilities and member's equity
Payable to clearing broker                      $   2,000     $   2,500
   Total liabilities                                2,000         2,500
Member's equity                                     3,000         2,550
   Total liabilities and member's equity        $   5,000     $   5,050
"""


def test_comparative_statement_reads_the_current_year_column():
    from edgarsift.read import read
    from edgarsift.forms.x17a5.statement import best_statement

    st = best_statement(read(COMPARATIVE).view())
    assert st.as_of == "2015-12-31"
    assert {i.label: i.reading.value for i in st.items} == {
        "Cash": 1200, "Securities owned, at fair value": 3800, "Other assets": 0,
        "Payable to clearing broker": 2000, "Member's equity": 3000}
    assert (st.total("assets"), st.total("liabilities"), st.total("le")) == (5000, 2000, 5000)


def test_overprinted_line_label_is_dropped_not_guessed():
    from edgarsift.forms.x17a5.extract import overprinted

    # Barclays 2015: two cash lines printed over each other read as one interleaved label
    rec = extracted("x17a5/x17a5duarte__851376-2015-03-02.pdf.txt")
    labels = [li.label.lower() for li in rec.data.financial_condition.line_items]
    assert not any("cash cash" in lb for lb in labels)
    assert overprinted("and cash cash equivalents equivalents segregated for regulatory purposes")
    assert not overprinted("Receivable from brokers, dealers and clearing organizations")
