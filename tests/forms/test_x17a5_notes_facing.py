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


def note(name: str, scale: int | None = 1, ceiling: int | None = None):
    text = (FIXTURES / f"{name}.txt").read_text()
    reading = read_net_capital(TextView.of(text), scale, ceiling)
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


def test_net_capital_above_total_assets_is_left_out_with_a_doubt():
    # the note prints dollars ($138,054,036); read at a statement scale of thousands it would exceed total assets
    figures, _, doubts = note("note_in_dollars", scale=1_000, ceiling=1_247_968_829_000 // 1_000)
    assert "net_capital" not in figures and "excess_net_capital" not in figures
    assert doubts[0].field == "net_capital"
    figures, _, _ = note("note_in_dollars", scale=1, ceiling=1_247_968_829)
    assert figures["net_capital"] == 138_054_036 and figures["excess_net_capital"] == 132_524_443


def test_billion_with_its_point_lost_is_not_emitted():
    # OCR "$1124 billion" for $11.24 billion: no broker-dealer has a trillion of net capital
    figures, _, doubts = note("note_billion_point_lost_ocr", scale=1_000_000)
    assert "net_capital" not in figures and "excess_net_capital" not in figures
    assert doubts and doubts[0].field == "net_capital"


def test_ocr_points_for_commas_are_not_read_as_an_amount():
    text = (FIXTURES / "note_ocr_points_for_commas.txt").read_text()
    assert "$1 .000.000" in text
    assert regex.search(_AMT, text, regex.I) is None  # not "$1"
