"""The X-17A-5 statement of financial condition on filings outside the corpus (issue 10).

Fixtures under tests/fixtures/x17a5/ are verbatim excerpts of real audit filings (../shared/audit/x17a5): the
text layer that `pdftotext -layout` gives for the scanned pages, or the Tesseract OCR of an image-only scan.
Each test names the printed pattern it checks; the expected figures are the ones printed on the page images.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from edgarsift.forms.x17a5.extract import _condition
from edgarsift.forms.x17a5.model import FinancialCondition
from edgarsift.forms.x17a5.statement import Statement, best_statement
from edgarsift.read import read
from edgarsift.records import Provenance

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x17a5"


def statement(name: str) -> Statement:
    st = best_statement(read(FIXTURES / name).view())
    assert st is not None, name
    return st


def condition(name: str) -> FinancialCondition:
    return _condition(statement(name), Provenance())


def amounts(fc: FinancialCondition) -> dict[tuple[str, str], int | None]:
    return {(i.section, i.label): i.amount for i in fc.line_items}


# -- damaged print: figures kept only where the statement's arithmetic confirms them -------------------
def test_damaged_punctuation_is_read_when_the_section_foots():
    """UBS 2015 (pdftotext of an OCR layer): "243;238", "16,084,5.09", "5,397.,209", "$ 76;141;282." and
    unlabelled totals. The assets foot to 76,141,282 with every damaged figure read by its digits."""
    fc = condition("ubs_2015_statement_damaged_punctuation.txt")
    got = amounts(fc)
    assert fc.as_of == "2015-12-31"
    assert fc.total_assets == fc.total_liabilities_and_equity == 76_141_282_000
    assert got[("assets", "Cash and cash equivalents")] == 243_238_000
    assert got[("assets", "Securities purchased under agreements to resell")] == 16_084_509_000
    assert got[("assets", "Receivables from customers")] == 5_397_209_000
    assert got[("assets", "Securities owned,pledged as collateral, at fair value")] == 3_032_578_000
    assert got[("assets", "Exchange memberships,at cost(fair value $10,978)")] == 5_735_000
    assert sum(v for (s, _), v in got.items() if s == "assets") == fc.total_assets


def test_damaged_figures_the_totals_cannot_confirm_are_left_out_with_a_finding():
    """UBS 2015 liabilities: "2.4,133,915" (printed 24,133,916), "15,4-17,134", "1,543.,074" sum one short of the
    unlabelled total 67,550,254; three readings could each be the one off, so none of them is emitted."""
    fc = condition("ubs_2015_statement_damaged_punctuation.txt")
    got = amounts(fc)
    assert got[("liabilities", "Securities loaned")] is None  # never the misread 24,133,915
    assert got[("liabilities", "Securities sold under agreements to repurchase")] is None
    assert got[("liabilities", "Short-term borrowings")] == 2_244_663_000  # clean readings stay
    assert any("Securities loaned" in w and "2.4,133,915" in w for w in fc.withheld)


def test_unlabelled_liabilities_total_is_confirmed_by_liabilities_subordinated_equity():
    """The unlabelled 67,550,254 cannot be placed by the (damaged) sum of its lines; liabilities + subordinated
    "5;925,000" + equity 2,666,028 = 76,141,282 confirms it and the damaged subordinated figure together."""
    fc = condition("ubs_2015_statement_damaged_punctuation.txt")
    assert fc.total_liabilities == 67_550_254_000
    assert fc.subordinated_borrowings == 5_925_000_000
    assert fc.total_equity == 2_666_028_000


def test_total_split_into_two_tokens_takes_the_value_both_identities_give():
    """Susquehanna 2020: "Total liabilities and member's equity $ 881247 1203" (88,247,203 with its commas
    read as 1s) is not 1,203: total assets and liabilities + equity both give 88,247,203."""
    fc = condition("susquehanna_2020_statement_split_total.txt")
    assert fc.total_liabilities_and_equity == fc.total_assets == 88_247_203_000
    assert fc.total_liabilities == 83_173_930_000 and fc.total_equity == 5_073_273_000


def test_split_digit_group_is_a_guess_never_a_small_figure():
    from edgarsift.forms.x17a5.lines import Line, parse_row

    row = parse_row(Line("Receivable from customers          1931   82", 0, 0), 0)
    assert row.label == "Receivable from customers" and row.amount is None and row.guess == 193182
    # a label's own "$" amount before the figure is not a split group
    row = parse_row(Line("net of accumulated depreciation and amortization of $208          71", 0, 0), 0)
    assert row.amount == 71 and row.guess is None


@pytest.mark.parametrize("text, amount", [
    ("Other assets                                5,666,498 .", 5_666_498),
    ("Total liabilities                          53,697,113 :", 53_697_113),
    ("Members' equity                          $ 76,141;282.", None),  # damaged: its digits are only a guess
])
def test_trailing_ocr_mark_does_not_turn_a_row_into_a_heading(text, amount):
    from edgarsift.forms.x17a5.lines import Line, parse_row

    row = parse_row(Line(text, 0, 0), 0)
    assert not row.heading and row.amount == amount
    assert row.amount is not None or row.guess == 76_141_282


# -- totals and sections -----------------------------------------------------------------------------
def test_equity_line_under_its_components_is_the_equity_total():
    """HSBC 2018: "Shareholder's equity 781" printed after common stock, capital in excess of par, deficit
    and AOCI (which foot to 781) is the total, not a fifth line item."""
    fc = condition("hsbc_2018_statement_equity_total_line.txt")
    assert fc.total_equity == 781_000_000
    assert [i.label for i in fc.line_items if i.section == "equity"] == [
        "Common stock ($0.05 par value; 1,000 shares authorized; 25 shares issued and outstanding)",
        "Capital in excess of par value", "Accumulated deficit", "Accumulated other comprehensive income (loss)"]
    assert fc.subordinated_borrowings == 975_000_000


def test_total_liabilities_subordinated_borrowings_and_equity_is_the_grand_total():
    """Schwab 2009 (OCR layer, words displaced): "Total liabilities, subordinated borrowings and stockholders'
    equity" 30.657 is the grand total, not a second equity total."""
    fc = condition("schwab_2009_statement_ocr_layer.txt")
    assert fc.total_equity == 2_156_000_000
    assert fc.total_liabilities_and_equity == fc.total_assets == 30_657_000_000
    assert fc.subordinated_borrowings == 220_000_000


def test_statement_dated_by_month_and_year_is_the_month_end():
    """Goldman Sachs 2020: "As of" / "December 2020" above the columns."""
    fc = condition("goldman_2020_statement_month_year_date.txt")
    assert fc.as_of == "2020-12-31"
    assert fc.total_assets == 507_647_000_000


def test_scan_margin_debris_before_labels_is_dropped():
    """Nomura 2006 (Tesseract OCR of an image-only scan): "_ Total assets", "— Liabilities and stockholder's
    equity", "7 Other assets", "a Trading assets" carry specks of the page edge before the label."""
    fc = condition("nomura_2006_scan_statement_margin_debris.txt")
    got = amounts(fc)
    assert fc.total_assets == fc.total_liabilities_and_equity == 74_182_935_000
    assert fc.total_liabilities == 73_945_334_000 and fc.total_equity == 237_601_000
    assert got[("assets", "Other assets")] == 72_695_000
    assert got[("liabilities", "Securities sold under agreements to repurchase")] == 42_927_531_000
    assert {s for s, _ in got} == {"assets", "liabilities", "equity"}
    assert not any(label.lower().startswith(("total", "_", "7 ")) for _, label in got)


def test_single_liability_line_without_a_total_is_the_total_when_the_statement_balances_on_it():
    """Daewoo 2010 (OCR layer): one liability, "Accrued expenses and other liabilities 621536", no "Total
    liabilities" line; 13,079,371 - 12,457,835 equity = 621,536."""
    fc = condition("daewoo_2010_statement_single_liability.txt")
    assert fc.total_liabilities == 621_536
    assert amounts(fc)[("liabilities", "Accrued expenses and other liabilities")] == 621_536
    assert fc.total_assets == fc.total_liabilities_and_equity == 13_079_371


def test_a_speck_before_an_unlabelled_subtotal_is_not_a_label():
    """Daewoo 2005 (Tesseract OCR of a scan): "i 4,067,947" closes the "Marketable" group; it is a subtotal,
    not a line item labelled "i"."""
    fc = condition("daewoo_2005_scan_statement_specks.txt")
    got = amounts(fc)
    assert not any(len(label) < 3 for _, label in got)
    assert got[("assets", "Certificate of deposit")] == 587_842  # printed singular: not "repaired" to a plural
    assert got[("assets", "Corporate stocks")] == 10_554
    assert sum(v for (s, _), v in got.items() if s == "assets") == fc.total_assets == 12_026_605


# -- OCR letter damage in labels -----------------------------------------------------------------------
@pytest.mark.parametrize("printed, repaired", [
    ("Cash segregated for regulat01y purposes", "Cash segregated for regulatory purposes"),
    ("Prope1ty and equipment", "Property and equipment"),
    ("otl1er assets", "other assets"),
    ("Certificate of deposit", "Certificate of deposit"),  # an inflection of a caption word is a word
    ("Corporate stocks", "Corporate stocks"),
    ("Accrued expense and other liabilities", "Accrued expense and other liabilities"),
])
def test_ocr_digits_in_label_words_are_repaired_only_to_one_caption_word(printed, repaired):
    from edgarsift.forms.x17a5.labels import fix_ocr_words

    assert fix_ocr_words(printed) == repaired


def test_a_word_the_filing_uses_is_never_repaired():
    from edgarsift.forms.x17a5.labels import filing_words, fix_ocr_words

    text = read(FIXTURES / "ubs_2015_statement_damaged_punctuation.txt").view().text
    known = filing_words(text * 3)
    assert "securities" in known
    assert fix_ocr_words("Bonds and debentures", known=frozenset({"debentures"})) == "Bonds and debentures"
    assert fix_ocr_words("Fumiture", known=frozenset({"fumiture"})) == "Fumiture"  # the filing's own spelling
    assert fix_ocr_words("Fumiture") == "Furniture"
