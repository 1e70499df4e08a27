"""X-17A-5 on filings outside the corpus: the net capital note, the facing page, the oath and dates.

Fixtures are verbatim excerpts of the audit filings' layout text (tests/fixtures/x17a5/note_*, facing_*,
oath_*), named by the pattern they show; pdftotext and OCR damage is kept as printed.
"""
from __future__ import annotations

from pathlib import Path

import regex

from edgarsift.forms.x17a5.net_capital import _AMT, read_net_capital
from edgarsift.text.view import TextView

FIXTURES = Path(__file__).parents[1] / "fixtures" / "x17a5"


def note(name: str, scale: int | None = 1, ceiling: int | None = None, bound: int | None = None):
    text = (FIXTURES / f"{name}.txt").read_text()
    reading = read_net_capital(TextView.of(text), scale, ceiling, bound=bound)
    figures = {k: v for k, (v, _) in reading.figures.items()}
    spans = {k: text[a:b] for k, (_, (a, b)) in reading.figures.items()}
    return figures, spans, reading.doubts


# -- net capital note --------------------------------------------------------------------------------------
def test_two_column_note_is_read_column_by_column():
    # "had regulatory net capital, as | portfolios of …" / "defined by Rule 15c3-1, of $22.38 billion, …"
    figures, spans, _ = note("note_two_columns_interleaved", scale=1_000_000)
    assert figures["net_capital"] == 22_380_000_000
    assert figures["excess_net_capital"] == 18_450_000_000
    assert "required_net_capital" not in figures  # the note prints no required amount
    assert spans["net_capital"] == "22.38"


def test_excess_stated_as_in_excess_of_the_minimum_by():
    # "net capital of approximately $11.9 billion which was in excess of the CFTC's minimum requirement by
    # approximately $10.1 billion": the excess is the "by" amount, not the net capital before it
    figures, _, _ = note("note_excess_by_approximately", scale=1_000_000)
    assert figures["net_capital"] == 11_900_000_000
    assert figures["excess_net_capital"] == 10_100_000_000


def test_our_net_capital_was():
    figures, _, _ = note("note_our_net_capital", scale=1_000_000)
    assert (figures["net_capital"], figures["required_net_capital"], figures["excess_net_capital"]) == \
        (1_114_000_000, 283_000_000, 831_000_000)


def test_requirement_stated_before_whereas_and_ai_ratio_after_a_date():
    figures, _, _ = note("note_requirement_whereas_ocr")
    assert figures["net_capital"] == 4_087_898
    assert figures["required_net_capital"] == 100_000
    assert figures["aggregate_indebtedness_to_net_capital_pct"] == 11.44  # "… for the year ended … was 11.44%"


def test_requirement_of_x_by_y_in_ocr_text():
    # "net capital of $6.8 billion exceeded the minimum regulatory net capital requirement of $0.5 billion by $6.3 billion"
    figures, _, _ = note("note_requirement_of_by_ocr", scale=1_000_000)
    assert (figures["net_capital"], figures["required_net_capital"], figures["excess_net_capital"]) == \
        (6_800_000_000, 500_000_000, 6_300_000_000)


def test_required_is_the_printed_amount_that_net_capital_minus_excess_gives():
    # "the greater of $1,500 or $809,175" and "$7,419,269 in excess of the minimum": 8,228,444 - 7,419,269 = 809,175;
    # the page heading "(Dollars in thousands)" scales the note, whatever the caller's scale
    figures, spans, _ = note("note_required_only_as_greater_of_in_thousands", scale=None)
    assert figures["net_capital"] == 8_228_444_000
    assert figures["excess_net_capital"] == 7_419_269_000
    assert figures["required_net_capital"] == 809_175_000 and spans["required_net_capital"] == "809,175"


def test_page_heading_scales_the_note_when_there_is_no_statement():
    figures, _, doubts = note("note_page_heading_in_thousands", scale=None)
    assert figures["net_capital"] == 6_489_499_000 and figures["required_net_capital"] == 970_541_000
    assert not doubts


def test_note_without_any_scale_in_a_document_that_has_one_is_left_out():
    # no statement, no heading on the note's page, and the document speaks of thousands elsewhere: in doubt
    text = (FIXTURES / "note_in_dollars.txt").read_text()
    reading = read_net_capital(TextView.of("(In thousands)\n\f" + text), None)
    assert "net_capital" not in reading.figures
    assert {d.field for d in reading.doubts} >= {"net_capital", "excess_net_capital"}


def test_note_in_dollars_beside_a_statement_in_thousands_is_not_scaled():
    # the note prints dollars ($138,054,036): read at a statement scale of thousands it would exceed the firm's
    # total assets ($1,247,968,829), read as printed it is a plausible share of them
    figures, _, doubts = note("note_in_dollars", scale=1_000, ceiling=1_247_968_829)
    assert figures["net_capital"] == 138_054_036 and figures["excess_net_capital"] == 132_524_443
    assert not doubts


def test_net_capital_above_total_assets_either_way_is_left_out_with_a_doubt():
    figures, _, doubts = note("note_in_dollars", scale=1_000, ceiling=1_247_968)
    assert "net_capital" not in figures and "excess_net_capital" not in figures
    assert doubts[0].field == "net_capital"
    figures, _, _ = note("note_in_dollars", scale=1, ceiling=1_247_968_829)
    assert figures["net_capital"] == 138_054_036


def test_billion_with_its_point_lost_is_not_emitted():
    # OCR "$1124 billion" for $11.24 billion: no broker-dealer has a trillion of net capital
    figures, _, doubts = note("note_billion_point_lost_ocr", scale=1_000_000)
    assert "net_capital" not in figures and "excess_net_capital" not in figures
    assert doubts and doubts[0].field == "net_capital"


def test_billion_with_its_point_lost_is_read_where_one_placement_of_the_point_fits():
    """Goldman Sachs 2012 (holdout2): "$1124 billion" beside "$9.33 billion" of excess, and a statement whose equity
    plus subordinated borrowings is 28,098 M. Of 112.4, 11.24 and 1.124 billion only 11.24 lies between the excess
    and that bound: it is read, and said so; where no placement or two fit, the note is left out as before."""
    figures, spans, doubts = note("note_billion_point_lost_ocr", scale=1_000_000, bound=28_098_000_000)
    assert (figures["net_capital"], figures["excess_net_capital"]) == (11_240_000_000, 9_330_000_000)
    assert spans["net_capital"] == "1124"
    assert [d.kept for d in doubts] == [True] and "read as 11,240,000,000" in doubts[0].message
    for bound in (200_000_000_000, 10_000_000_000):  # 112.4 and 11.24 fit; none fits
        figures, _, doubts = note("note_billion_point_lost_ocr", scale=1_000_000, bound=bound)
        assert "net_capital" not in figures and "excess_net_capital" not in figures
        assert [d.kept for d in doubts] == [False]


def test_ocr_points_for_commas_are_not_read_as_an_amount():
    text = (FIXTURES / "note_ocr_points_for_commas.txt").read_text()
    assert "$1 .000.000" in text
    assert regex.search(_AMT, text, regex.I) is None  # not "$1"


# -- facing page -------------------------------------------------------------------------------------------
def facing(name: str):
    from edgarsift.forms.x17a5 import facing as F

    view = TextView.of((FIXTURES / f"{name}.txt").read_text())
    return F, view, F.facing_window(view.text)


def test_captions_with_stray_points_are_found_and_ocr_honorific_dropped():
    # "NAME OF .BROKER-DEALER:", "REPORT FOR. THE PERIOD BEGINNING", "{Do not use P:O. Box No.)", "Nlr. Robert …"
    F, view, win = facing("facing_oath_stray_points_and_ocr_verbs")
    assert F.broker_dealer_name(view, win).text == "UBS Securities LLC"
    assert F.period(view, win)[0].text == "2015-01-01"
    assert F.period(view, win)[1] is None  # printed "12131.115": not a date
    name, phone = F.contact(view, win)
    assert (name.text, phone.text) == ("Robert M. Broughton", "6153937269")


def test_city_with_an_ocr_slip_is_read_as_the_filing_prints_it_elsewhere():
    F, view, win = facing("facing_oath_stray_points_and_ocr_verbs")
    office = {k: v.text for k, v in F.principal_office(view, win).items()}
    assert office == {"street": "1285 Avenue of the Americas", "city": "New York", "state": "NY", "zip": "10019"}


def test_name_and_address_among_scan_debris():
    # "NAME OF BROKER - DEALER:   al ie" / "Interactive Brokers LLC   gy eeceive Sy" / "2 Pickwick Plaza   oN   Pw" /
    # "Greenwich   Connecticut   SF   06432"
    F, view, win = facing("facing_oath_debris_beside_caption")
    assert F.broker_dealer_name(view, win).text == "Interactive Brokers LLC"
    office = {k: v.text for k, v in F.principal_office(view, win).items()}
    assert office == {"street": "2 Pickwick Plaza", "city": "Greenwich", "state": "CT", "zip": "06432"}


def test_damaged_company_ending_is_read_from_the_clean_spelling_elsewhere():
    F, view, win = facing("facing_oath_damaged_llc_letter_spaced_signer")
    assert "SUSQUEHANNA SECURITIES, L\ufffdC" in view.text
    assert F.broker_dealer_name(view, win).text == "SUSQUEHANNA SECURITIES, LLC"
    assert F.repaired_name("SUSQUEHANNA SECURITIES, L\ufffdC", "no clean spelling here") is None


def test_ampersand_lost_by_the_ocr_layer_is_restored_only_when_the_text_shows_it_loses_them():
    F, view, win = facing("facing_oath_lost_ampersands_two_signers")
    assert "Deloitte   Touche  LLP" in view.text  # the auditor's "&" is gone too
    assert F.broker_dealer_name(view, win).text == "Charles Schwab & Co Inc"
    assert F.repaired_name("Charles Schwab Co Inc", "a text that keeps its ampersands: A & B") is None


def test_name_broken_over_two_lines_is_joined():
    # "NAME OF BROKER   DEALER" / "Daewoo   …   OFFICIAL USE ONLY" / "Securities    America    Inc"
    F, view, win = facing("facing_oath_name_over_two_lines")
    assert F.broker_dealer_name(view, win).text == "Daewoo Securities America Inc"


def test_damaged_street_is_left_out_and_the_rest_of_the_address_kept():
    F, view, win = facing("facing_oath_damaged_street_split_title")
    assert "AIVIERICAS" in view.text
    office = {k: v.text for k, v in F.principal_office(view, win).items()}
    assert office == {"city": "NEW YORK", "state": "NY", "zip": "10019"}
    assert [v.text for v in F.period(view, win)] == ["2012-01-01", "2012-12-31"]  # "ANDENDING"


def test_firm_name_is_cut_from_the_line_it_was_printed_on():
    from edgarsift.forms.x17a5.facing import clean_name, looks_like_firm

    # statement headings and covers whose line holds more than the name (audit filings' layout text)
    lines = {"T: (646) 471 3000, F: (813) 286 6000, www.pwe.com/usBarclays Capital Inc.": "Barclays Capital Inc.",
             "A mamber firm of Ermt A 1'our~q Global urrited                                 UBS Securities LLC":
                 "UBS Securities LLC",
             "2                                   HSBC Securities (USA) Inc.": "HSBC Securities (USA) Inc.",
             "We have served as the Company's auditor since 1994. Interactive Brokers LLC": "Interactive Brokers LLC"}
    for line, name in lines.items():
        assert clean_name(" ".join(line.split())) == name
    # OCR debris, captions and report lines taken for the name on audit filings
    for debris in ("USEONLYj", "JII t44", "REGISTRANT IDENTIFICATION", "al ie", "Morgan",
                   "Notes to Statement of Financial Condition............................. 3 - 38"):
        assert not looks_like_firm(clean_name(debris)), debris


# -- oath or affirmation -------------------------------------------------------------------------------------
def signer(name: str) -> tuple[str | None, str | None]:
    from edgarsift.forms.x17a5.facing import oath

    found = oath(TextView.of((FIXTURES / f"{name}.txt").read_text()))
    return tuple(v.text if v else None for v in found)


def test_oath_verb_damaged_by_ocr_and_title_among_stamp_debris():
    # "OATH OR AFFUUUTION" / "I, Robert M. Broughton, affnn, that" / "` ~tiZltltllill0~ji Managing Director"
    assert signer("facing_oath_stray_points_and_ocr_verbs") == ("Robert M. Broughton", "Managing Director")


def test_two_signers_the_first_named_with_the_first_blocks_title():
    # "We, Thomas Peterffy and Alexander Ioffe affirm" … "President" / "Title" … "Chief Financial Officer" / "Titl"
    assert signer("facing_oath_debris_beside_caption") == ("Thomas Peterffy", "President")


def test_two_signers_without_commas_and_one_legible_title_gives_no_title():
    # "We Walter Bettinger II and Joseph Martinetto affirm": the only legible title ("Executive Vice President
    # and ChiefFinainiOffier") is the second signer's block, so none is given for the first
    assert signer("facing_oath_lost_ampersands_two_signers") == ("Walter Bettinger II", None)


def test_affirmation_heading_alone_and_the_title_above_its_caption():
    assert signer("facing_oath_name_over_two_lines") == ("Young Sun Park", "President")


def test_letter_spaced_signer_is_the_contact_person_it_spells():
    # "I , _ R_ OB_ _ E _ R T_ S_ A_ ____ C_ K _ , swear" spells the facing page's "ROBERT S ACK"; "T R E AS U R ER"
    name, title = signer("facing_oath_damaged_llc_letter_spaced_signer")
    assert name.replace(" ", "") == "ROBERTSACK" and title == "TREASURER"


def test_undersigned_officers_oath_without_caption_reads_the_first_signature_block():
    assert signer("oath_undersigned_without_caption") == ("John Havens", "Chief Executive Officer")


def test_undersigned_oath_naming_the_firm_does_not_take_the_firm_for_the_signer():
    # "We the undersigned Managing Directors of Goldman Sachs Co affirm" … "David Viniar" / "Managing Director"
    assert signer("oath_undersigned_firm_named_in_sentence") == ("David Viniar", "Managing Director")


# -- dates, file number, accountant -----------------------------------------------------------------------
def test_period_printed_as_month_and_year():
    # "REPORT FOR THE PERIOD BEGINNING   April   2013   AND ENDING   March 31 2014"
    F, view, win = facing("facing_period_month_and_year")
    assert [v.text for v in F.period(view, win)] == ["2013-04-01", "2014-03-31"]


def test_month_and_year_is_the_months_first_or_last_day():
    from edgarsift.text.values import find_date, find_month_year

    line = "As of December 2011 GSCo has regulatory           net capital  as defined by Rule 15c3-1"  # audit text
    assert find_date(line) is None
    assert find_month_year(line, day="last")[0] == "2011-12-31"
    assert find_month_year(line, day="first")[0] == "2011-12-01"
    assert find_month_year("   March 31 2014", day="last") is None  # a full date is find_date's


def test_sec_file_number_with_its_dash_lost_or_its_caption_lost():
    F, view, win = facing("facing_sec_file_dash_lost")  # "SEC FILE NUMBER" / "865876"
    assert F.sec_file_number(view, win).text == "8-65876"
    F, view, win = facing("facing_sec_file_without_caption")  # no caption; "8   45034" at the box's place
    assert F.sec_file_number(view, win).text == "8-45034"
    F, view, win = facing("facing_oath_damaged_llc_letter_spaced_signer")  # "e-47034 SEC FILE NUMBER"
    assert F.sec_file_number(view, win).text == "8-47034"


def test_sec_file_number_a_text_layer_printed_in_two_pieces():
    """Goldman Sachs 2012 (../shared/audit/x17a5/42352-2012-02-29.pdf), whose scan's own OCR layer prints the box's
    "8-00129" as "8-00   129": two pieces make the number where they hold its five digits, and nothing else."""
    F, view, win = facing("facing_sec_file_split_in_two")
    got = F.sec_file_number(view, win)
    assert got.text == "8-00129" and view.text[got.span[0]:got.span[1]] == "8-00   129"
    for pieces in ("8-0   129", "8-00   1290", "8-00   12 9"):  # four or six digits, or three pieces: not a number
        derived = TextView.of(view.text.replace("8-00   129", pieces))
        assert F.sec_file_number(derived, F.facing_window(derived.text)) is None, pieces


def test_contact_name_with_filler_typed_before_the_phone():
    """Citigroup Global Markets 2010 (../shared/audit/x17a5/91154-2010-03-02.pdf): "John  McCoy      ---     212-…";
    a run of filler standing as a word of its own is no part of the name (one inside a word is: "Smith-Jones")."""
    F, view, win = facing("facing_contact_filler_before_phone")
    name, phone = F.contact(view, win)
    assert (name.text, phone.text) == ("John McCoy", "2126578435")
    derived = TextView.of(view.text.replace("John  McCoy      ---", "John  McCoy-Smith ....."))
    assert F.contact(derived, F.facing_window(derived.text))[0].text == "John McCoy-Smith"


def test_report_heading_among_scan_scraps_and_its_date():
    from edgarsift.forms.x17a5.facing import audit_report

    date, firm = audit_report(TextView.of((FIXTURES / "report_heading_with_scan_scraps.txt").read_text()))
    assert (date.text, firm.text) == ("2003-01-20", "Deloitte & Touche LLP")


def test_report_date_printed_beside_the_other_column():
    from edgarsift.forms.x17a5.facing import audit_report

    date, _ = audit_report(TextView.of((FIXTURES / "report_date_in_right_column.txt").read_text()))
    assert date.text == "2021-02-25"


def test_known_firm_table_keeps_a_historical_name_as_printed():
    from edgarsift.forms.x17a5.facing import canonical_firm

    # corpus sc13d/cikcusip__1998_SC_13D_1018980.txt: "KPMG Peat Marwick LLP is an independent public accounting firm"
    assert canonical_firm("KPMG Peat Marwick LLP") == "KPMG Peat Marwick LLP"
    assert canonical_firm("KPMG, LLP PCAOB REGISTRATION #185") == "KPMG LLP"  # Wells Fargo 2017 facing page
    assert canonical_firm("ERNST YOUNG LLP") == "Ernst & Young LLP"  # ING 2012: the "&" lost


def test_firm_name_from_the_cover_where_there_is_no_facing_page():
    from edgarsift.forms.x17a5.facing import cover_name

    view = TextView.of((FIXTURES / "cover_without_facing_page.txt").read_text())
    assert cover_name(view).text == "Barclays Capital Inc"


def test_cover_name_is_the_firm_not_the_parent_named_beside_it():
    # "CITIGROUP GLOBAL MARKETS INC / AND SUBSIDIARIES / An indirect wholly-owned subsidiary of Citigroup Global
    # Markets Holdings Inc"; a name in capitals ending "INC" is not a damaged ending
    from edgarsift.forms.x17a5.facing import cover_name

    view = TextView.of((FIXTURES / "cover_parent_named_beside_the_firm.txt").read_text())
    assert cover_name(view).text == "CITIGROUP GLOBAL MARKETS INC"


def test_firm_id_box_read_only_when_filled():
    F, view, win = facing("facing_firm_id_box_filled")  # "OFFICIAL USE ONLY" / "13-5108880" / "FIRM ID NO."
    assert F.firm_id(view, win).text == "13-5108880"
    F, view, win = facing("facing_oath_debris_beside_caption")  # a blank box beside scan debris
    assert F.firm_id(view, win) is None


# -- OCR text layers that lost punctuation, split words, misread signs ----------------------------------------
def test_contact_whose_apostrophe_the_ocr_layer_lost_is_left_out_and_the_phone_kept():
    F, view, win = facing("facing_contact_apostrophe_lost")  # "Joseph    DAuria" for "Joseph R. D'Auria"
    name, phone = F.contact(view, win)
    assert name is None and phone.text == "2122762584"


def test_blank_contact_box_is_not_read_from_its_ocr_caption():
    F, view, win = facing("facing_blank_boxes_ocr_captions")  # "Ataa Code  Telephone  Number" under a blank box
    assert F.contact(view, win) == (None, None)
    assert F.broker_dealer_name(view, win) is None  # "NAMEOF BROKER-DEALER … OFFICIAL USEONLYj"


def test_ordinal_split_by_ocr_is_joined_in_the_street():
    F, view, win = facing("facing_street_ordinal_split")  # "320 Park Avenue, 31 st Floor"
    assert F.principal_office(view, win)["street"].text == "320 Park Avenue, 31st Floor"


def test_dollar_sign_read_as_s_before_a_long_figure():
    # "MSCo.s Net Capital was S7853811 which exceeded the minimum requirement by $6757987" (in thousands)
    figures, spans, _ = note("note_dollar_sign_read_as_s_ocr", scale=1_000)
    assert figures["net_capital"] == 7_853_811_000 and spans["net_capital"] == "7853811"
    assert figures["excess_net_capital"] == 6_757_987_000


# -- whole audit PDFs, through the reader ------------------------------------------------------------------
def audit_pdf(name: str):
    from edgarsift import extract

    from ..conftest import SHARED

    return extract(SHARED / "audit" / "x17a5" / f"{name}.pdf").data


def test_audit_pdf_two_column_note_firm_id_and_report_date():
    d = audit_pdf("42352-2021-02-25")  # Goldman Sachs & Co. LLC 2020: labeled in tests/fixtures/x17a5_audit
    assert (d.net_capital, d.required_net_capital, d.excess_net_capital) == (22_380_000_000, None, 18_450_000_000)
    assert (d.firm_id, d.audit_report_date, d.sec_file_number) == ("13-5108880", "2021-02-25", "8-00129")


def test_audit_pdf_without_facing_page_our_net_capital_and_cover_name():
    d = audit_pdf("853784-2019-03-01")  # HSBC Securities (USA) Inc. 2018
    assert d.broker_dealer_name.upper() == "HSBC SECURITIES (USA) INC"
    assert (d.net_capital, d.required_net_capital, d.excess_net_capital) == (1_114_000_000, 283_000_000, 831_000_000)


def test_audit_pdf_ocr_layer_damaged_name_spaced_signer_and_file_number():
    d = audit_pdf("920417-2021-03-01")  # Susquehanna Securities, LLC 2020
    assert d.broker_dealer_name == "SUSQUEHANNA SECURITIES, LLC"
    assert d.oath_signer_name.replace(" ", "") == "ROBERTSACK" and d.oath_signer_title == "TREASURER"
    assert d.sec_file_number == "8-47034"
    assert (d.net_capital, d.required_net_capital, d.excess_net_capital) == (2_472_095_000, 1_000_000, 2_471_095_000)


def test_address_typed_over_its_caption_is_read_from_the_interleaved_line():
    # "ADDRESS 401 CITY OF AVENUE, PRINCIPAL PLACE SUITE or BUSINESS: 220  (Do not use P.O. Box No.)  FIRM 1.0. NO."
    F, view, win = facing("facing_oath_damaged_llc_letter_spaced_signer")
    office = {k: v.text for k, v in F.principal_office(view, win).items()}
    assert office == {"street": "401 CITY AVENUE, SUITE 220", "city": "BALA CYNWYD", "state": "PA", "zip": "19004"}


def test_title_with_a_letter_lost_beside_the_notary_stamp():
    # "Certificate  Flied  in Nw York County      CHIF FINANCIAL      OFFICER" above "Title"
    assert signer("facing_oath_damaged_street_split_title") == ("JOHN EGAN", "CHIEF FINANCIAL OFFICER")
    from edgarsift.forms.x17a5.facing import _title_letters_fixed

    assert _title_letters_fixed("Chief Financial Offer") == "Chief Financial Offer"  # two letters away: not fixed


def test_margin_letter_and_notary_name_beside_the_title_are_not_part_of_the_values():
    # "i               Ralph Mattone      201-593-3305"; "President and Chief Administrative Officer      DAGMAR AUGUSTE"
    F, view, _ = facing("facing_oath_margin_letters_notary_beside_title")
    win = (0, len(view.text))
    assert [v.text for v in F.contact(view, win)] == ["Ralph Mattone", "2015933305"]
    assert signer("facing_oath_margin_letters_notary_beside_title") == \
        ("Marc Pfeffer", "President and Chief Administrative Officer")


def test_title_on_its_caption_line_and_a_damaged_title_is_none():
    # "Name David Moser" / "Title Chief Fin    ncial Officer" / "Name Christopher Vickery" / "Title Chief Operations
    # Officer": the first signer's title is damaged, and the second's is not his
    assert signer("oath_name_title_captions_damaged_title") == ("David Moser", None)
    from edgarsift.forms.x17a5.facing import TITLE_LINE

    assert TITLE_LINE.fullmatch("Chief Operations Officer") and not TITLE_LINE.fullmatch("Chief Fin ncial Officer")


def test_audit_pdf_name_whose_ampersand_the_layer_lost_is_left_out_with_a_finding():
    """Goldman, Sachs & Co. 2011: the OCR layer reads the facing page "Goldman Sachs Co" and the statement's heading
    "GOLDMAN SACHS CO AND SUBSIDIARIES" (no "&", no commas); its auditor (PwC) prints no "&" to show the layer
    loses them, so the name is in doubt wherever it is read: left out, and said why."""
    d = audit_pdf("42352-2012-02-29")
    assert d.broker_dealer_name is None
    assert any("GOLDMAN SACHS CO" in w and "'&'" in w for w in d.financial_condition.withheld)


def test_audit_pdf_rule_floor_printed_in_whole_dollars_beside_a_statement_in_thousands():
    """Nomura 2014: the statement is "(Dollars in Thousands)"; Note 16 prints the floor in full, "the greater of
    $1000000 or 2% of aggregate debit items", and net capital as "approximately $2061 million"."""
    d = audit_pdf("72267-2014-05-30")
    assert d.stated_minimum_net_capital == 1_000_000
    assert d.net_capital == 2_061_000_000
