"""The X-17A-5 statement of financial condition on filings outside the corpus.

Fixtures under tests/fixtures/x17a5/ are verbatim excerpts of real audit filings (../shared/audit/x17a5): the
text layer that `pdftotext -layout` gives for the scanned pages, or the Tesseract OCR of an image-only scan.
Each test names the printed pattern it checks; the expected figures are the ones printed on the page images.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from edgarsift.forms.x17a5.extract import _condition
from edgarsift.forms.x17a5.model import FinancialCondition
from edgarsift.forms.x17a5.statement import Statement, best_statement
from edgarsift.read import read
from edgarsift.records import Provenance

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x17a5"
CORPUS_SCHWAB = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "x17a5" / "x17a5duarte__87634-2006-02-28.pdf.ocr.txt"


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
    fc = condition("hsbc_2018_statement_and_notes_heading.txt")
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
    # two look-alike letters misread in a long word, one caption word clearly closest
    ("Securities boiTowed", "Securities borrowed"),
    ("Other secured tinaneings at fair value", "Other secured financings at fair value"),
    ("Short-term borrovines", "Short-term borrowings"),
    ("Total stockholders eqinty", "Total stockholders equity"),
    # real words two letters from a caption word, the letters no OCR look-alikes: never changed
    ("Accrual for litigation", "Accrual for litigation"),
    ("Premises equipment and software costs", "Premises equipment and software costs"),
    # another form of a caption word's stem ("related") is a word, one letter away or not
    ("Long term borrowings at fair value (relates to consolidated variable interest entities)",
     "Long term borrowings at fair value (relates to consolidated variable interest entities)"),
    ("Payabl to brokers", "Payable to brokers"),
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


def test_labels_printed_in_a_column_above_their_figures_are_paired_in_order():
    """Daewoo 2015 (OCR layer): the three equity captions, then "120 / 11,999,880 / (4,149,028)" below them;
    also "Statement of.Financial Condition", a "Liability:" heading and scan specks ("C", "(~") before labels."""
    fc = condition("daewoo_2015_statement_stacked_labels.txt")
    got = amounts(fc)
    assert fc.as_of == "2015-12-31"
    assert [(label, v) for (s, label), v in got.items() if s == "equity"] == [
        ("Common stock, $0.01 par value. Authorized 100,000 shares issued and outstanding 12,000 shares", 120),
        ("Additional paid-in capital", 11_999_880), ("Accumulated deficit", -4_149_028)]
    assert fc.total_equity == 7_850_972 and fc.total_liabilities == 407_331
    assert fc.total_assets == fc.total_liabilities_and_equity == 8_258_303


def test_section_sign_read_for_a_dollar_sign_and_a_single_capital_line():
    """Interactive Brokers 2003 (Tesseract OCR of a scan): "TOTAL ASSETS § 1,247,968,829", and "MEMBERS' CAPITAL
    150,696,391 ." (a trailing speck) as the single equity line."""
    fc = condition("interactive_2003_scan_statement_section_sign.txt")
    assert fc.total_assets == fc.total_liabilities_and_equity == 1_247_968_829
    assert fc.total_liabilities == 1_097_272_438 and fc.total_equity == 150_696_391
    assert amounts(fc)[("equity", "MEMBERS' CAPITAL")] == 150_696_391


# -- the unit ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("header, mult", [
    ("(in $000s, except share data)", 1_000),
    ("(lo millions, except share data)", 1_000_000),
    ("(Dollars in Thousands)", 1_000),
    ("$ in millions", 1_000_000),
    ("(000's omitted)", 1_000),
])
def test_statement_header_units(header, mult):
    from edgarsift.forms.x17a5.labels import SCALE

    assert [m for pat, m in SCALE if pat.search(header)][:1] == [mult]


def test_notes_state_the_unit_under_their_heading():
    from edgarsift.forms.x17a5.statement import notes_scale

    view = read(FIXTURES / "hsbc_2018_statement_and_notes_heading.txt").view()
    st = statement("hsbc_2018_statement_and_notes_heading.txt")
    found = notes_scale(view, st.end_pos)
    assert found is not None and found[0] == 1_000_000
    assert view.text[found[1][0]:found[1][1]] == "dollars in millions"


def test_tabular_amounts_sentence_states_the_unit():
    from edgarsift.forms.x17a5.statement import notes_scale

    view = read(FIXTURES / "schwab_2009_statement_ocr_layer.txt").view()
    assert notes_scale(view, 0) is None  # the excerpt stops before the notes
    assert notes_scale(read(CORPUS_SCHWAB).view(), 0)[0] == 1_000_000


def test_header_and_notes_that_disagree_leave_every_amount_out():
    from edgarsift.forms.x17a5.statement import settle_scale

    view = read(FIXTURES / "hsbc_2018_statement_and_notes_heading.txt").view()
    st = statement("hsbc_2018_statement_and_notes_heading.txt")
    assert st.scale == 1_000_000 and st.scale_doubt is None
    st.scale = 1_000  # as if the header had said thousands: the notes' "(dollars in millions)" contradicts it
    settle_scale(view, st)
    assert st.scale_doubt
    fc = _condition(st, Provenance())
    assert fc.total_assets is None and all(i.amount is None for i in fc.line_items)
    assert any("unit in doubt" in w for w in fc.withheld)


# -- totals, merged rows and the mail-room stamp -----------------------------------------------------------
def test_bare_total_and_merged_caption_labels():
    from edgarsift.forms.x17a5 import labels as L

    assert L.BARE_TOTAL.match("Total") and not L.BARE_TOTAL.match("Total liabilities")
    merged = "Total liabilities Commitments and contingencies (Note 7)"  # two printed rows on one OCR line
    assert L.TOTAL_LIABILITIES.match(L.MERGED_CAPTION.sub("", merged))
    assert L.MERGED_CAPTION.sub("", "Commitments and contingencies") == "Commitments and contingencies"
    assert L.TOTAL_L_AND_E.match("Total liabilities, subordinated borrowings and stockholder's equity")
    assert L.TITLE.search("Staternent of Financial Condition") and L.TITLE.search("Statement of.Financial Condition")
    assert L.ASSETS_HEADING.match("Assets 1997") and L.ASSETS_HEADING.match("ASSETS   December 31, 2003")
    assert not L.ASSETS_HEADING.match("Assets pledged")


def test_mailroom_stamp_lines_are_not_rows():
    from edgarsift.forms.x17a5.labels import STAMP_IN_LABEL, STAMP_LINE

    lines = [ln.strip() for ln in (FIXTURES / "goldman_2011_mailroom_stamp.txt").read_text().splitlines() if ln.strip()]
    assert lines[:3] == ["SEC", "Mail Processing", "Section"]
    assert all(STAMP_LINE.fullmatch(" ".join(ln.split())) for ln in lines if "FEB" not in ln)
    assert STAMP_IN_LABEL.sub("", "Cash and cash equivalents      Mail Processing") == "Cash and cash equivalents"
    assert not STAMP_LINE.fullmatch("Securities owned")


def test_rest_of_a_label_printed_below_its_figure_joins_that_label():
    """Daewoo 2010 (OCR layer): "… 100000 shares authorized  and  120" then "issued outstanding 12000 shares"
    on the next line; "Additional paid-in capital" then gets its own figure below it, not the continuation."""
    got = amounts(condition("daewoo_2010_statement_single_liability.txt"))
    assert got[("equity", "Common stock par value $0.01 per share 100000 shares authorized and issued outstanding "
                          "12000 shares")] == 120
    assert got[("equity", "Additional paid-in capital")] == 11_999_880
    assert got[("equity", "Retained earnings")] == 457_835


# -- OCR text layers: dates, displaced words, lost signs, shifted columns ----------------------------------
def test_a_date_ending_a_label_is_not_its_figure():
    """J.P. Morgan 2010 (OCR layer): "included $423 at fair value at December31   2010" and "… at December
    312010" (day and year run together) are label lines, not rows worth 2,010 and 312,010."""
    fc = condition("jpmorgan_2010_statement_ocr_layer_dates.txt")
    got = amounts(fc)
    assert 2_010_000_000 not in got.values() and 312_010_000_000 not in got.values()
    assert got[("assets", "Securities purchased under resale agreements included $423 at fair value at December31 "
                          "2010")] == 129_951_000_000
    assert fc.total_assets == fc.total_liabilities_and_equity == 362_019_000_000


def test_a_qualifier_printed_under_a_rows_figure_finishes_that_rows_label():
    """J.P. Morgan 2010 (OCR layer, parentheses lost): "Securities sold under repurchase agreements   194535" /
    "   included $1506 at fair value at December 312010"; "Financial instruments owned pledged to counterparties
    17233" / "   which the counterparty has the right to sell or repledge". "to customers" above "Payable   65582"
    is no qualifier: it stays with the row below it."""
    got = amounts(condition("jpmorgan_2010_statement_ocr_layer_dates.txt"))
    assert got[("liabilities", "Securities sold under repurchase agreements included $1506 at fair value at "
                               "December 312010")] == 194_535_000_000
    assert got[("assets", "Financial instruments owned pledged to counterparties which the counterparty has the "
                          "right to sell or repledge")] == 17_233_000_000
    assert got[("liabilities", "Beneficial interests issued by consolidated variable interest entities included "
                               "$154 at fair value at December31 2010")] == 3_595_000_000
    assert got[("liabilities", "Payable to brokers dealers and clearing organizations")] == 8_620_000_000
    assert got[("liabilities", "Payable to customers")] == 65_582_000_000


def test_words_displaced_a_line_up_or_down_rejoin_their_row():
    """J.P. Morgan 2010: "to customers" printed above "Payable   65582"; "Other and accrued expenses" /
    "liabilities" / "4053" (a lower-case "liabilities" is the label's end, not a section heading);
    "Subordinated liabilities" above its figure is the subordinated total, not a line item;
    "depreciation of $331   102" keeps 102 (the "$331" is the label's own)."""
    fc = condition("jpmorgan_2010_statement_ocr_layer_dates.txt")
    got = amounts(fc)
    assert got[("liabilities", "Payable to customers")] == 65_582_000_000
    assert got[("liabilities", "Other and accrued expenses liabilities")] == 4_053_000_000
    assert fc.subordinated_borrowings == 10_830_000_000
    assert not any("Subordinated" in label for _, label in got)
    assert got[("assets", "Fixed assets net of accumulated depreciation of $331")] == 102_000_000


def test_an_amount_glued_to_its_dollar_sign_after_a_connecting_word_is_the_labels_own():
    """Credit Suisse 2020: "Other assets and deferred amounts, of which $519 is reported at fair value and $515" /
    " is from consolidated VIEs ....... 2,784": one row worth 2,784, not a row worth 515."""
    got = amounts(condition("creditsuisse_2020_statement_inline_amount.txt"))
    label = ("Other assets and deferred amounts, of which $519 is reported at fair value and $515 is from "
             "consolidated VIEs")
    assert got[("assets", label)] == 2_784_000_000
    assert 515_000_000 not in got.values()


def test_parentheses_lost_by_ocr_are_restored_when_only_that_sign_makes_the_section_foot():
    """Nomura 2011 (OCR layer): "Accumulated deficit 907596" under paid-in capital 3,650,000, total 2,742,404."""
    fc = condition("nomura_2011_statement_ocr_layer_lost_parentheses.txt")
    assert amounts(fc)[("equity", "Accumulated deficit")] == -907_596_000
    assert fc.total_equity == 2_742_404_000


def test_a_figure_is_not_repaired_when_a_label_of_the_section_lost_its_own():
    """Citi 2009 (OCR layer): "Accumulated changes in equity from nonowner sources" has no figure, so the equity
    is 6 short; common stock "10" must not be "repaired" to 16. Subtotals whose label was lost (183,429 =
    resale + borrowed) are no line items, and a label tail above a figure ("accumulated … depreciation") does
    not become its label."""
    fc = condition("citi_2009_statement_ocr_layer_displaced.txt")
    got = amounts(fc)
    assert got[("equity", "Common stock $10000 par value 1000 shares authorized issued and outstanding")] == 10_000_000
    assert 183_429_000_000 not in got.values() and 75_814_000_000 not in got.values()
    assert not any(label[:1].islower() for _, label in got)
    assert fc.total_assets == fc.total_liabilities_and_equity == 314_356_000_000
    # "Trading account assets (approximately $17 billion were pledged to / various parties at December 31, 2009)"
    # is a heading that ends in a date, not a dateline to skip: its words stay off the next row's label
    assert got[("assets", "Mortgage-backed securities")] == 21_277_000_000


def test_a_statement_whose_labels_slipped_off_their_figures_keeps_only_confirmed_totals():
    """Nomura 2014 (OCR layer): each figure sits a line above or below its label ("1426073" / "Cash and cash
    equivalents", "and other cash 1287868", "stockholders 127385456"). No line item is emitted; total assets,
    which the figures' column sums to, is."""
    fc = condition("nomura_2014_statement_ocr_layer_scrambled.txt")
    assert fc.line_items == []
    assert fc.total_assets == 127_385_456_000
    assert fc.total_equity is None  # "stockholders 127385456" is no equity total
    assert any("misaligned" in w for w in fc.withheld)


def test_doubtful_items_are_those_one_misread_digit_from_closing_the_gap():
    from edgarsift.forms.x17a5.footing import Reading, doubtful_items

    # Goldman Sachs 2011 (OCR layer, in millions): the assets sum to 404,694 against a confirmed 504,694
    printed = ["6452", "40825", "172314", "111878", "7542", "18216", "13077", "30280", "4110"]
    readings = [Reading(int(p), p) for p in printed]
    assert [printed[i] for i in doubtful_items(readings, 504_694)] == ["40825", "172314", "111878", "18216",
                                                                       "13077", "30280"]
    assert doubtful_items(readings, sum(r.value for r in readings)) == []


# -- the PDF reader's layout text (text layer by character positions; Tesseract words laid out) -------------
def test_total_split_into_three_groups_is_never_its_last_group():
    """Susquehanna 2020 through the PDF layout reader: "$   881 2471 203" (88,247,203, commas read as 1s) is
    not 203: it is damaged, and both identities of the statement give 88,247,203."""
    fc = condition("susquehanna_2020_statement_pdf_layout_split_total.txt")
    assert fc.total_liabilities_and_equity == fc.total_assets == 88_247_203_000


def test_scan_layout_ocr_statement_over_two_pages_with_a_speck_after_the_total():
    """Nomura 2006 scan, Tesseract words laid out: "Total assets   $74,182,935    _" (a speck after the figure
    is not a dash for zero), the liabilities and equity on the next page under a repeated heading."""
    fc = condition("nomura_2006_scan_statement_layout_ocr.txt")
    got = amounts(fc)
    assert fc.total_assets == fc.total_liabilities_and_equity == 74_182_935_000
    assert fc.total_liabilities == 73_945_334_000 and fc.total_equity == 237_601_000
    assert got[("assets", "Securities purchased under agreements to resell")] == 34_532_947_000
    assert got[("equity", "Accumulated deficit")] == -682_399_000
    assert 50_754_781_000 not in got.values() and 66_164_457_000 not in got.values()  # subtotals
    # in a comparative statement the dash after a figure is last year's zero, and the figure this year's
    from edgarsift.forms.x17a5.lines import Line, parse_row

    row = parse_row(Line("Total assets                       $74,182,935      —", 0, 0), 0, comparative=True)
    assert row.amount == 74_182_935


# -- findings --------------------------------------------------------------------------------------------
def test_left_out_readings_are_findings():
    from edgarsift.forms.x17a5.checks import run_checks
    from edgarsift.forms.x17a5.model import X17A5Data

    findings = run_checks(X17A5Data(financial_condition=condition("ubs_2015_statement_damaged_punctuation.txt")))
    doubtful = [f for f in findings if f.check == "x17a5.doubtful_reading"]
    assert len(doubtful) == 3 and all(f.severity == "warning" for f in doubtful)
    assert any("2.4,133,915" in f.message for f in doubtful)


def test_net_capital_against_equity_flags_a_wrong_unit():
    """HSBC 2018: net capital $1,114 million against equity 781 + subordinated 975 (millions) is plausible;
    the same statement read as thousands would put net capital above the firm's whole capital."""
    from edgarsift.forms.x17a5.checks import _capital_scale

    fc = condition("hsbc_2018_statement_and_notes_heading.txt")
    ok = _capital_scale(1_114_000_000, fc.total_equity, fc.subordinated_borrowings)
    assert ok.severity == "ok" and ok.values["ratio"] == pytest.approx(0.6344, abs=1e-4)
    wrong = _capital_scale(1_114_000_000, fc.total_equity // 1000, fc.subordinated_borrowings // 1000)
    assert wrong.severity == "error"
    assert _capital_scale(1_114_000, fc.total_equity, fc.subordinated_borrowings).severity == "warning"


def test_totals_printed_a_line_above_their_labels():
    """Nomura 2014 through the PDF layout reader: every total's figure sits a line above its label
    ("124317519" / "Total liabilities"); the first group's sum 97,482,570 (repurchase + loaned) is not the
    liabilities' total, which includes the subordinated borrowings printed above it; "Accumulated deficit
    582063" lost its parentheses (3,650,000 - 582,063 = 3,067,937)."""
    fc = condition("nomura_2014_statement_pdf_layout_totals_above_labels.txt")
    got = amounts(fc)
    assert fc.total_assets == fc.total_liabilities_and_equity == 127_385_456_000
    assert fc.total_liabilities == 124_317_519_000 and fc.subordinated_borrowings == 3_150_000_000
    assert fc.total_equity == 3_067_937_000
    assert got[("equity", "Accumulated deficit")] == -582_063_000
    assert got[("liabilities", "Borrowings from Parent")] == 3_542_639_000
    assert 97_482_570_000 not in got.values()


def test_two_rows_run_together_by_ocr_are_left_out():
    """Daewoo 2015 through the PDF layout reader: the OCR layer's common stock and paid-in capital rows
    interleave into one line ending "11,999,880 120"; that line gives no item (and no "split" figure)."""
    fc = condition("daewoo_2015_statement_pdf_layout_merged_rows.txt")
    got = amounts(fc)
    assert [label for s, label in got if s == "equity"] == ["Accumulated deficit"]
    assert any("run together" in w for w in fc.withheld)
    assert fc.total_equity == 7_850_972 and fc.total_assets == 8_258_303


# -- the audit PDFs themselves, through edgarsift.extract (text layers, and Tesseract for an image-only scan) --
AUDIT = Path(__file__).resolve().parents[2].parent / "shared" / "audit" / "x17a5"


@lru_cache(maxsize=None)
def audit(name: str):
    from edgarsift import extract

    path = AUDIT / f"{name}.pdf"
    assert path.exists(), path
    return extract(path)


def audit_amounts(name: str) -> dict[tuple[str, str], int | None]:
    return amounts(audit(name).data.financial_condition)


def test_audit_pdf_damaged_punctuation_statement():
    """UBS 2015: the assets read and foot although a third of their figures are damaged. Three liabilities
    ("2.4,133,915", "15,4-17,134", "1,543.,074") sum one short of their total and the total cannot tell which
    is wrong; the notes' tables print 24,133,916, 15,417,134 and 1,543,074, the one combination that foots."""
    fc = audit("230611-2016-02-29").data.financial_condition
    got = amounts(fc)
    assert (fc.as_of, fc.total_assets, fc.total_liabilities, fc.subordinated_borrowings, fc.total_equity) == \
        ("2015-12-31", 76_141_282_000, 67_550_254_000, 5_925_000_000, 2_666_028_000)
    assert got[("assets", "Securities purchased under agreements to resell")] == 16_084_509_000
    assert got[("liabilities", "Securities loaned")] == 24_133_916_000  # printed 24,133,916; OCR read ...915
    assert got[("liabilities", "Securities sold under agreements to repurchase")] == 15_417_134_000
    assert None not in got.values()
    assert sum(v for (s, _), v in got.items() if s == "liabilities") == fc.total_liabilities


def test_second_printing_settles_only_a_unique_footing_combination():
    from edgarsift.forms.x17a5.footing import Reading, second_printing

    def readings():  # the UBS 2015 liabilities as OCR read them (three damaged)
        raws = ["2,244,663", "2.4,133,915", "15,4-17,134", "487,100", "1,543.,074", "17,832,289", "4,005,320",
                "96,995", "1,789,763"]
        guesses = [2244663, 24133915, 15417134, 487100, 1543074, 17832289, 4005320, 96995, 1789763]
        return [Reading(g, r, provisional=r in ("2.4,133,915", "15,4-17,134", "1,543.,074")) for r, g in zip(raws, guesses)]

    items = readings()
    assert second_printing(items, 67_550_254, lambda: frozenset({24_133_916, 15_417_134, 1_543_074, 9_999})) == [1, 2, 4]
    assert items[1].value == 24_133_916 and not items[1].provisional
    # two ways to foot (the notes also print 24,133,915 and 1,543,075): nothing is decided
    items = readings()
    assert second_printing(items, 67_550_254, lambda: frozenset({24_133_916, 24_133_915, 15_417_134, 1_543_074,
                                                                 1_543_075})) == []
    assert items[1].value == 24_133_915 and items[1].provisional


def test_audit_pdf_split_grand_total():
    fc = audit("920417-2021-03-01").data.financial_condition
    assert fc.total_liabilities_and_equity == fc.total_assets == 88_247_203_000


def test_audit_pdf_totals_above_labels_and_lost_parentheses():
    fc = audit("72267-2014-05-30").data.financial_condition
    assert (fc.total_assets, fc.total_liabilities, fc.total_equity) == (127_385_456_000, 124_317_519_000,
                                                                        3_067_937_000)
    assert audit_amounts("72267-2014-05-30")[("equity", "Accumulated deficit")] == -582_063_000


def test_audit_pdf_image_only_scan_statement_over_two_pages():
    """Nomura 2006: six scanned pages without a text layer, read by Tesseract; every statement figure."""
    rec = audit("72267-2006-05-30")
    fc = rec.data.financial_condition
    got = amounts(fc)
    assert rec.form_type == "X-17A-5"
    assert (fc.as_of, fc.total_assets, fc.total_liabilities, fc.subordinated_borrowings, fc.total_equity,
            fc.total_liabilities_and_equity) == ("2006-03-31", 74_182_935_000, 73_945_334_000, 1_950_000_000,
                                                 237_601_000, 74_182_935_000)
    assert len(got) == 24 and None not in got.values()
    assert sum(v for (s, _), v in got.items() if s == "assets") == fc.total_assets


def test_a_heading_without_colon_is_no_part_of_its_first_sub_lines_label():
    """Nomura 2011 (OCR layer): "Collateralized short-term financing agreements" (no colon, no figure), then
    "  Securities purchased under agreements to resell" / "    includes $504128 at fair value   43859480" and its
    sibling "  Securities borrowed"; likewise "  Short-term borrowings" over "    Securities sold under agreements
    to repurchase". A label that wraps ("Cash and securities segregated pursuant to federal" / "  and other
    regulations") keeps its first line."""
    got = amounts(condition("nomura_2011_statement_ocr_layer_lost_parentheses.txt"))
    assert got[("assets", "Securities purchased under agreements to resell includes $504128 at fair value")] \
        == 43_859_480_000
    assert got[("liabilities", "Securities sold under agreements to repurchase includes $500611 at fair value")] \
        == 63_048_630_000
    assert got[("assets", "Cash and securities segregated pursuant to federal and other regulations")] == 413_850_000
    assert not any(label.startswith(("Collateralized", "Short-term")) for _, label in got)


def test_ocr_letter_damage_is_repaired_in_items_and_in_the_totals_names():
    """Morgan Stanley 2009 (OCR layer): "Securities boiTowed", "Other secured tinaneings at fair value"; "Total
    stockholders eqinty   8269656" is the equity's total once its words are repaired, so the equity foots:
    paid-in capital "4.947021" is confirmed and "Accumulated other comprehensive income   438.095", printed in
    parentheses, regains its sign (the only flip that makes the section foot)."""
    fc = condition("morganstanley_2009_statement_ocr_layer_letters.txt")
    got = amounts(fc)
    assert got[("assets", "Securities borrowed")] == 174_144_214_000
    assert got[("liabilities", "Other secured financings at fair value")] == 853_823_000
    assert fc.total_equity == 8_269_656_000
    assert got[("equity", "Paid-in capital")] == 4_947_021_000
    assert got[("equity", "Accumulated other comprehensive income")] == -438_095_000
    assert sum(v for (s, _), v in got.items() if s == "equity") == fc.total_equity


def test_a_text_layer_without_commas_settles_a_misread_digit_by_the_notes_bare_second_printing():
    """J.P. Morgan 2010 (OCR layer, every comma lost): the assets are 2,000 over total assets 362,019. Several
    figures are one digit from closing the gap (88597, 78954, ...); only 86597, printed bare as the total of the
    notes' table of financial instruments owned, is printed elsewhere: "Financial instruments owned 88597"
    is 86,597. The liabilities, off by a lost figure ("Securities lent") and a misread one, are left as read."""
    fc = condition("jpmorgan_2010_statement_ocr_layer_with_notes_table.txt")
    got = amounts(fc)
    assert got[("assets", "Financial instruments owned")] == 86_597_000_000
    assert got[("assets", "Securities borrowed")] == 78_954_000_000
    assert sum(v for (s, _), v in got.items() if s == "assets") == fc.total_assets == 362_019_000_000
    assert got[("liabilities", "Payable to brokers dealers and clearing organizations")] == 8_620_000_000


def test_bare_numbers_count_as_second_printings_only_where_the_statement_prints_none_grouped():
    from edgarsift.forms.x17a5.statement import _printed_elsewhere

    text = "Statement\nCash 1,234\nNote: 86597 units in 2010, and 4,567 more"
    assert _printed_elsewhere(text, 0, 9) == {1234, 4567}
    assert _printed_elsewhere(text, 0, 9, ungrouped=True) == {1234, 4567, 86597}  # 2010: a year, not a figure


def test_a_line_of_subordinated_and_other_borrowings_together_is_a_line_item():
    """Credit Suisse 2020: "Subordinated and other long-term borrowings, of which $476 is reported at fair value"
    / " and is from consolidated VIEs ..... 27,599" holds more than the subordinated debt (its note: 7,500 of it):
    a liabilities line item inside "Total liabilities 73,127", not the subordinated borrowings."""
    fc = condition("creditsuisse_2020_statement_combined_subordinated_line.txt")
    got = amounts(fc)
    label = ("Subordinated and other long-term borrowings, of which $476 is reported at fair value and is from "
             "consolidated VIEs")
    assert got[("liabilities", label)] == 27_599_000_000
    assert fc.subordinated_borrowings is None
    assert sum(v for (s, _), v in got.items() if s == "liabilities") == fc.total_liabilities == 73_127_000_000


def test_share_capital_lines_whose_dash_the_text_layer_lost_are_nil_where_the_equity_foots_without_them():
    """Nomura 2011 and Schwab 2009 (OCR layers): "Common stock without par value 9000 shares authorized" /
    "5984 shares issued and outstanding" and "Preferred stock 3000000 shares authorized … none issued" print a
    dash the text layer lost. The other equity lines foot to the total (3,650,000 - 907,596 = 2,742,404;
    1,077 + 1,079 = 2,156), which liabilities + equity confirm: the stock lines are 0, in their place."""
    fc = condition("nomura_2011_statement_ocr_layer_lost_parentheses.txt")
    equity = [(label, v) for (s, label), v in amounts(fc).items() if s == "equity"]
    assert equity[0] == ("Common stock without par value 9000 shares authorized 5984 shares issued and outstanding", 0)
    assert sum(v for _, v in equity) == fc.total_equity == 2_742_404_000
    fc = condition("schwab_2009_statement_ocr_layer.txt")
    got = amounts(fc)
    assert got[("equity", "Preferred stock 3000000 shares authorized 10 par value per share none issued")] == 0
    assert [label.split()[0] for (s, label) in got if s == "equity"] == ["Preferred", "Common", "Additional", "Retained"]


def test_a_share_capital_line_without_figure_stays_out_where_the_equity_does_not_foot():
    from edgarsift.forms.x17a5.statement import Figure, Item, Reading, Statement, _nil_captions

    st = Statement(0)
    st.items = [Item("equity", "Additional paid-in capital", Reading(3_650_000, "3650000"), None, None),
                Item("equity", "Accumulated deficit", Reading(-907_596, "(907596)"), None, None)]
    st.totals = {k: Figure(Reading(v, str(v)), None) for k, v in
                 (("equity", 2_742_405), ("liabilities", 100), ("le", 2_742_505))}
    st.nil_candidates = [(0, Item("equity", "Common stock 9000 shares authorized", Reading(0, None), None, None))]
    _nil_captions(st)  # off by one: the stock line may hold the missing 1, so it is no nil
    assert [i.label for i in st.items] == ["Additional paid-in capital", "Accumulated deficit"]
    st.totals["equity"] = Figure(Reading(2_742_404, "2742404"), None)
    st.totals["le"] = Figure(Reading(2_742_504, "2742504"), None)
    _nil_captions(st)
    assert [(i.label, i.reading.value) for i in st.items][0] == ("Common stock 9000 shares authorized", 0)


def test_audit_pdf_digit_lost_by_the_layer_is_restored_where_subtotal_and_total_agree_on_it():
    """Goldman, Sachs & Co. 2011 (OCR layer, in millions): "Financial instruments owned at fair value 13077" (printed
    113,077), "... pledged as collateral 30280", "Total financial instruments owned at fair value 143357"; the assets
    are 100,000 short of 504,694. Six figures are one digit from closing that gap, but only the two lines above the
    subtotal miss it by the same amount, and the notes print 30,280 again ("$30280"): the first is 113,077."""
    fc = audit("42352-2012-02-29").data.financial_condition
    got = amounts(fc)
    assert got[("assets", "Financial instruments owned at fair value")] == 113_077_000_000
    assert got[("assets", "Financial instruments owned and pledged as collateral at fair value")] == 30_280_000_000
    assert sum(v for (s, _), v in got.items() if s == "assets") == fc.total_assets == 504_694_000_000


def test_lines_under_a_subtotal_that_misses_it_by_the_sections_gap_are_the_only_suspects():
    from edgarsift.forms.x17a5.footing import Reading, subtotal_suspects

    raws = ["6452", "40825", "172314", "13077", "30280", "4110"]
    items = [Reading(int(r), r) for r in raws]
    # total 367,058 = the lines with 113,077; subtotal 143,357 under the 4th and 5th lines
    assert subtotal_suspects(items, 367_058, [(5, 143_357)]) == [3, 4]
    assert subtotal_suspects(items, 367_058, [(5, 43_357)]) == []  # the subtotal foots as read: no suspect
    assert subtotal_suspects(items, 267_058, [(5, 143_357)]) == []  # the section foots


def test_a_section_whose_subtotal_cannot_tell_which_line_is_misread_leaves_both_out():
    from edgarsift.forms.x17a5.statement import Figure, Item, Reading, Statement, _foot

    st = Statement(0)
    labels = ["Cash", "Securities borrowed", "Financial instruments owned", "Financial instruments pledged", "Other"]
    raws = ["6452", "172314", "13077", "30280", "4110"]
    st.items = [Item("assets", label, Reading(int(r), r), None, None) for label, r in zip(labels, raws)]
    st.totals = {"assets": Figure(Reading(326_233, "326233"), None), "le": Figure(Reading(326_233, "326233"), None)}
    st.subtotals = {"assets": [(4, 143_357)]}
    _foot(st, "assets", [i.reading for i in st.items], 326_233)
    assert [i.reading.value for i in st.items] == [6452, 172314, None, None, 4110]
    assert len(st.withheld) == 2
    st.items[2].reading.value, st.items[3].reading.value, st.withheld = 13077, 30280, []
    st.printed_elsewhere = frozenset({30280})  # the notes print one of them again: the other is the misread one
    _foot(st, "assets", [i.reading for i in st.items], 326_233)
    assert [i.reading.value for i in st.items] == [6452, 172314, 113077, 30280, 4110] and not st.withheld
