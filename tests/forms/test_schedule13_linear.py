"""Schedule 13D/13G extraction is linear in its input: generated worst cases that used to take
quadratic time (or a fuzzy search over a whole splice) give the right result quickly. The tests assert results,
not times; each input is a few hundred KB to 1.4 MB and completes in well under a second."""
from __future__ import annotations

from edgarsift import extract

from ..conftest import CORPUS


def test_item_headings_on_one_long_line():
    # "SCHEDULE 13D" then "Item 1 " repeated on one line: each heading candidate searched back for its line's
    # start (an rfind per match), quadratic in the line's length
    r = extract(("SCHEDULE 13D\n" + "Item 1 " * 200_000).encode())
    assert r.form_type == "SC 13D"
    assert r.data.reporting_persons == []
    assert r.data.items == ["1"]  # the first, at the line's start; the others are in the middle of the line
    assert len(r.data.item_texts["1"]) == 20_000  # item texts are capped


def test_item_headings_one_per_line():
    r = extract(("SCHEDULE 13D\n" + "Item 1\n" * 100_000 + "Item 2. Identity and Background\n").encode())
    assert r.data.items == ["1", "2"]


def test_missing_cover_row_is_looked_for_only_where_it_can_be():
    # A cover page whose rows 4-10 are lost in 600 KB of near-miss captions: the OCR repair (one edit allowed)
    # used to scan the whole page once per missing row; it now looks only in the gap where the row belongs
    filler = "Sole Vtng Pwr 12 Shrd Dspstv Pwr 34\n" * 17_000
    text = ("SCHEDULE 13G\n\n 1  NAME OF REPORTING PERSON\n    Acme Partners L.P.\n"
            " 2  CHECK THE APPROPRIATE BOX IF A MEMBER OF A GROUP   (a) [ ]  (b) [ ]\n 3  SEC USE ONLY\n"
            + filler +
            " 9  AGGREGATE AMOUNT BENEFICIALLY OWNED BY EACH REPORTING PERSON\n    1,000\n"
            "11  PERCENT OF CLASS REPRESENTED BY AMOUNT IN ROW (9)\n    5.0%\n")
    assert len(text) > 600_000
    r = extract(text.encode())
    (p,) = r.data.reporting_persons
    assert (p.name, p.aggregate_amount, p.percent_of_class) == ("Acme Partners L.P.", 1000, 5.0)
    assert p.sole_voting_power is None and p.shared_dispositive_power is None


def test_many_name_captions_without_rows():
    # 20,000 row-1 captions and nothing else: each opened a "page" whose missing rows were each searched with
    # the fuzzy patterns
    r = extract(("SCHEDULE 13G\n" + "Name of Reporting Person\n" * 20_000).encode())
    assert r.form_type == "SC 13G" and r.data.reporting_persons == []


def test_one_caption_repeated_over_a_long_page():
    r = extract(("SCHEDULE 13G\nName of Reporting Person\n  Acme Fund\n" + "Sole Voting Powr " * 40_000).encode())
    assert r.form_type == "SC 13G"
    assert all(p.aggregate_amount is None for p in r.data.reporting_persons)


class _CountingPattern:
    """A fuzzy row pattern that counts the characters it is asked to scan."""

    def __init__(self, pattern, scanned: dict, fld: str):
        self.pattern, self.scanned, self.field = pattern, scanned, fld

    def search(self, text, pos, endpos):
        self.scanned[self.field] = self.scanned.get(self.field, 0) + endpos - pos
        return self.pattern.search(text, pos, endpos)

    def finditer(self, text, pos, endpos):
        self.scanned[self.field] = self.scanned.get(self.field, 0) + endpos - pos
        return self.pattern.finditer(text, pos, endpos)


def test_repeated_cover_pages_cost_no_fuzzy_scan_where_no_caption_can_be(monkeypatch):
    # A seed filing with a stretch repeated 100 times (a case of the mutation fuzz): the stretch holds one whole
    # cover page (Darren C. Wallis) and the next page's rows 1-5, cut inside row 6's caption. Each of those 100 cut
    # pages lacks its value rows, and the OCR repair (one edit allowed) used to scan each one's gap once per
    # missing row with the slow fuzzy patterns: 8 x 100 scans, 0.55 s of CPU. A one-edit caption keeps one half
    # of its words intact, so only rows with such a half in the gap are scanned: row 6 ("Citizenship or", the
    # cut caption) and row 11 ("aggregate" in a footnote), never the power, percent or type rows.
    from edgarsift.forms.schedule13 import cover

    scanned: dict[str, int] = {}
    monkeypatch.setattr(cover, "FUZZY_ROW_PATTERNS", {
        f: _CountingPattern(p, scanned, f) for f, p in cover.FUZZY_ROW_PATTERNS.items()})
    data = (CORPUS / "seeds" / "004_e3cac7b6d7988945.txt").read_bytes()
    start, end = 3522, 6319
    assert data[start:end].count(b"Darren C. Wallis") == 1 and data[start:end].rstrip().endswith(b"Citizenship or")

    counts = {}
    for times in (10, 100):
        scanned.clear()
        r = extract(data[:start] + data[start:end] * times + data[end:])
        persons = r.data.reporting_persons
        assert len(persons) == times + 3  # the copies of Wallis's page and the filing's other three persons
        wallis = [p for p in persons if p.name == "Darren C. Wallis"]
        assert len(wallis) == times
        assert {(p.citizenship_or_place, p.source_of_funds[0], p.sole_voting_power, p.shared_voting_power,
                 p.sole_dispositive_power, p.shared_dispositive_power, p.aggregate_amount, p.percent_of_class)
                for p in wallis} == {("U.S.A.", "AF", 0, 2_870_756, 0, 2_870_756, 2_870_756, 36.2)}
        assert set(scanned) == {"citizenship_or_place", "aggregate_amount"}
        counts[times] = sum(scanned.values()) / (times - 1)  # the last copy's page is completed by the filing
    # each cut page costs the same two scans of its gap (about 300 characters), however many there are
    assert counts[10] == counts[100] <= 2 * 400
