"""More Schedule 13D/13G speed-ups, each compared with the plain behaviour it replaces.

Patterns rewritten to backtrack less (possessive runs of blanks) are compared with the patterns as they were, and
narrowed searches with the full ones, on the corpus filings' texts and on generated text that stresses the edges
(long runs of blanks, tabs, control characters that only one regex engine calls white space, odd case folds).
"""
from __future__ import annotations

import importlib
import random

import pytest
import regex

from edgarsift.forms.schedule13 import body, cover, labels

from .test_schedule13_fast import _PAD, _corpus_texts, _generated

extract = importlib.import_module("edgarsift.forms.schedule13.extract")  # (the package exports a function of that name)

# layouts where a value stands after a long run of blanks (the case the possessive runs are for)
_BLANK_CASES = [
    "Name of Reporting Person                   Lieblong Transport, Inc.\n",
    "Name of Reporting Person \t  and \t I.R.S. Identification No.  12-3456789\n",
    "NAME OF REPORTING PERSON  /  S.S. OR I.R.S. IDENTIFICATION NO. OF ABOVE PERSON: Acme\n",
    "Name of Reporting Persons,\tIRS Identification Nos.\n",
    "NUMBER OF      (5)  SOLE VOTING POWER\n                                                -0-\nSHARES\n",
    "(6)  SHARED VOTING POWER   \t \n      \t    SHARES    6\n   896,178\n",
    "SOLE DISPOSITIVE POWER:\n\t\t\t\t7.\t\n",
    "SHARED DISPOSITIVE POWER \x1c\n \x1c 8 \n",
    "Aggregate Amount Beneficially Owned by Each Reporting Person\n                 9)\n",
    "PERCENT OF CLASS REPRESENTED BY AMOUNT IN ROW (9)\n    11\n      5.2%\n",
    "Percent of Class\n\u2028   13\n",
    "Type of Reporting Person (See Instructions)\n \n 12\nIN\n",
    "Citizenship or Place of Organization   \n   \t  4 \n  Delaware\n",
]


def _backtracking(pattern: "regex.Pattern[str]") -> "regex.Pattern[str]":
    """The pattern as it was before its runs of blanks were made possessive."""
    return regex.compile(pattern.pattern.replace("*+", "*"), pattern.flags)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    rnd = random.Random(13)
    blanks = ["".join(rnd.choice(" \t\n\x1c\xa0:.") for _ in range(rnd.randrange(30))) for _ in range(60)]
    generated = [_generated(seed, 150) for seed in range(20)]
    return _corpus_texts() + generated + _BLANK_CASES + [
        case.replace(" ", blank, 2) for case in _BLANK_CASES for blank in blanks[:8]]


def test_possessive_caption_patterns_match_as_the_backtracking_ones(texts):
    rows = [(row, caption, _backtracking(caption)) for row, caption, _ in labels.ROW_PATTERNS]
    assert any(plain.pattern != caption.pattern for _, caption, plain in rows)
    for text in texts:
        low = text.lower()
        for row, caption, plain in rows:
            first = {c[0].lower() for c in row.captions}
            for i, ch in enumerate(low):  # every offset a caption can open at (and every other in short texts)
                if ch in first or len(text) < 400:
                    m, p = caption.match(text, i), plain.match(text, i)
                    assert (m and m.span()) == (p and p.span()), (row.field, text[i:i + 80])


def test_possessive_fuzzy_caption_patterns_search_as_the_backtracking_ones():
    damaged = [case.replace("o", "0", 1).replace("i", "l", 1) for case in _BLANK_CASES]
    for text in _BLANK_CASES + damaged:
        for field, fuzzy in labels.FUZZY_ROW_PATTERNS.items():
            m, p = fuzzy.search(text), _backtracking(fuzzy).search(text)
            assert (m and (m.span(), m.fuzzy_counts)) == (p and (p.span(), p.fuzzy_counts)), (field, text)


def _number_windows(texts: list[str]) -> list[tuple[str, int, int]]:
    """(text, lo, end) windows before every caption of the corpus texts, and generated ones."""
    windows = []
    for text in texts:
        for _, caption, _ in labels.ROW_PATTERNS:
            for m in caption.finditer(text):
                windows.append((text, max(0, m.start() - 60), m.start()))
    rnd = random.Random(7)
    pieces = ["1", "5", "7", "9", "10", "11", "13", "14", "(", ")", "[", "]", ".", ":", "|", " ", "  ", "\t", "\n",
              "\x1c", "\xa0", "\u2028", "Item", "ITEM ", "item\t", "x", "$", ",", "\u0661", "-", "Row"]
    for _ in range(4000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 14)))
        windows.append((s, rnd.randrange(len(s) + 1) if rnd.random() < 0.3 else 0, len(s)))
    return windows


def test_row_number_searched_from_its_line_as_in_the_whole_window(texts):
    befores = [before for _, _, before in labels.ROW_PATTERNS]
    for text, lo, end in _number_windows(texts):
        start = cover._row_number_line(text, lo, end)
        assert lo <= start <= end
        for before in befores:
            m, p = before.search(text, start, end), before.search(text, lo, end)
            assert (m and m.span()) == (p and p.span()), (text[lo:end], before.pattern)


def test_value_lines_with_a_limit_are_the_first_of_all(texts):
    for text in texts:
        step = max(1, len(text) // 40)
        for a in range(0, len(text), step):
            b = min(len(text), a + 40 + a % 600)
            for sidebar in (False, True):
                every = cover.value_lines(text, a, b, sidebar_words=sidebar)
                for limit in (1, 2, 3):
                    assert cover.value_lines(text, a, b, sidebar_words=sidebar, limit=limit) == every[:limit]


def test_row_number_blanks_are_every_white_space_character():
    blanks = {chr(c) for c in range(0x3001) if chr(c).isspace()}  # (none above U+3000)
    assert blanks == set(cover._BLANKS_AND_MARKS) - set(".):]|")
    assert all(chr(c) in blanks for c in range(0x3001) if regex.match(r"\s", chr(c)))  # `regex`'s \s among them
    assert not any(regex.match(r"\s", chr(c)) or chr(c).isspace() for c in range(0x3001, 0x110000))


def test_lone_caption_words_and_rule_openers_as_the_plain_patterns_tell_them(texts):
    from .test_schedule13_fast import _lines

    words = ["SHARES", "shares", "Each", "REPORTING", "PERSON", "Persons", "WITH", "with", "POWER", "Power",
             "ORGANIZATION", "Organisation", "OWNED", "by", "BY", "number", "of", "place", "excludes", "certain",
             "ſhares", "Shareholder", "sharesowned", "x", "Delaware", "0"]
    joins = [" ", "  ", "\t", ":", ": ", " : ", "-", " - ", "|", " | ", "*", "_", "\xa0", "\x1c", "", ".", ","]
    rnd = random.Random(5)
    extra = []
    for _ in range(3000):
        parts = [rnd.choice(words) for _ in range(rnd.randrange(1, 4))]
        line = rnd.choice(["", " ", "\t", ":", "*"]) + "".join(p + rnd.choice(joins) for p in parts)
        extra.append(line.rstrip() if rnd.random() < 0.5 else line)
    rules = "-_=*.| \t"
    for _ in range(2000):
        line = "".join(rnd.choice(rules + "0x\x1c\xa0\x0b(") for _ in range(rnd.randrange(1, 8)))
        extra += [line, rnd.choice("-_=*.|") + line]
    for line in _lines(texts) + extra:
        assert cover._is_noise(line) == bool(labels.NOISE_LINE.match(line)), line
        plain = not labels.CAPTION_REST.sub("", labels.SIDEBAR_WORDS.sub("", line)).strip(" \t:-_|*")
        assert cover._caption_words_only(line) == plain, line


def test_side_caption_words_blanked_where_they_start_as_everywhere(texts):
    from edgarsift.text.search import fold

    cases = ["shareshares", "numbereporting person", "owned\nby each", "with WITH with", "sharesowned by"]
    for s in cases + [t[i:i + 300] for t in texts[:60] for i in range(0, len(t), 700)]:
        assert cover._blank_words(s, fold(s), labels.SIDEBAR_WORDS, cover._SIDEBAR_LITERALS) == cover._blank(
            s, labels.SIDEBAR_WORDS)


def _is_cover_row_plain(text: str, head: tuple[str, int, int]) -> bool:
    n, line_start, after = int(head[0]), head[1], head[2]
    at = [line_start + len(text[line_start:after]) - len(text[line_start:after].lstrip(" \t")),
          after + len(text[after:after + 40]) - len(text[after:after + 40].lstrip(" \t"))]
    return any(caption.match(text, i) for caption in extract._CAPTIONS_NUMBERED.get(n, ()) for i in at)


def test_cover_rows_worded_as_items_told_as_by_every_caption(texts):
    rnd = random.Random(3)
    openers = ["Sole Voting Power", "ſole Voting Power", "SHARED VOTING POWER", "Citizenship", "İtem 4: Citizenship",
               "Item 1: Reporting Persons", "Reporting Persons", "Aggregate Amount", "Percent of Class",
               "Type of Reporting Person", "Check the Appropriate Box", "SEC Use Only", "Source of Funds",
               "Names of Reporting Persons", "Ownership", "Identity and Background", "x", ""]
    separators = [".", ":", " ", ":  ", ".\t"]
    made = []
    for _ in range(400):
        n = rnd.randrange(1, 15)
        made.append(f"{_PAD}\nItem {n}{rnd.choice(separators)}{rnd.choice(openers)}\n{_PAD}")
    for text in texts + made:
        for form in ("13D", "13G"):
            for head in body.item_headings(text, 0, len(text), form):
                assert extract._is_cover_row(text, head) == _is_cover_row_plain(text, head), text[head[1]:head[2] + 40]


def test_value_lines_read_lazily_and_figure_regions_as_line_by_line(texts):
    figures = ["\n0\n", "\n   1,062,527  \n - ----- \n", "  -0-\n", "\n 5.16% (1)\n====\n", "\n-5-  \n", "\n12  34\n",
               "\n 7\t(2)\n", "\n0 shares\n", "\n0\n0\n", "\n5\x1c\n", "\n\xa05\n", "\n5\r\n--\n", "\n - 5\n",
               "\n----\n", "", "\n", "\n.\n", "\n 5 see instructions\n", "\n9\u212a\n", "\n3 \u017f\n", "|\n 4 |\n"]
    regions = [(f, 0, len(f)) for f in figures]
    for text in texts:
        step = max(1, len(text) // 40)
        regions += [(text, a, min(len(text), a + 30 + a % 300)) for a in range(0, len(text), step)]
    for text, a, b in regions:
        for sidebar in (False, True):
            every = list(cover.iter_value_lines(text, a, b, sidebar_words=sidebar))
            assert every == cover.value_lines(text, a, b, sidebar_words=sidebar)
            figure = cover._FIGURE_REGION.fullmatch(text, a, b)
            if figure:  # the same lines with the fast path turned off
                cover_plain = _without_figure_path(text, a, b, sidebar)
                assert every == cover_plain, repr(text[a:b])


def _without_figure_path(text: str, a: int, b: int, sidebar: bool) -> list[tuple[str, int, int]]:
    saved = cover._FIGURE_REGION
    cover._FIGURE_REGION = regex.compile(r"(?!)")  # never matches: every region goes line by line
    try:
        return cover.value_lines(text, a, b, sidebar_words=sidebar)
    finally:
        cover._FIGURE_REGION = saved


def test_squeeze_without_tabs_as_the_blank_run_pattern(texts):
    rnd = random.Random(11)
    made = ["".join(rnd.choice(["a", " ", "  ", "\t", "\n", "\xa0", "\x1c", "b c"]) for _ in range(40)) for _ in range(500)]
    for s in texts + made:
        assert body._squeeze(s) == body._BLANK_RUN.sub(" ", s)


def _code_tokens_plain(line: str) -> list[str]:
    bare = regex.sub(r"\([^)]*\)|\*+", " ", line)
    bare = regex.sub(r"\b([A-Za-z])\.[ \t]?([A-Za-z])\.", r"\1\2", bare)
    return [t.upper().replace("0", "O") for t in regex.findall(r"[A-Za-z]+|(?<![\d,.])00(?![\d,.])",
                                                             regex.sub(r"(?i)\band\b", " ", bare))]


def test_code_words_of_a_one_word_line_as_the_plain_reading(texts):
    lines = {line.strip() for text in texts for line in text.split("\n")}
    lines |= {"IN", "in", "and", "AND", "And", "OO", "00", "H.C.", "ab", "a", "IN (see Item 2)", "WC*", "K",
              "\u212a", "\u017fc", "OO and WC", "x0", "IN00", "co", "\u0130N"}
    for line in lines:
        assert cover._code_tokens(line) == _code_tokens_plain(line), line


def _class_total_plain(doc) -> tuple:
    """The XML items' class total as read before the shortcuts: every item 4/5 text cleaned and searched."""
    from edgarsift.forms.schedule13 import xmlform
    from edgarsift.text.clean import clean_text
    from edgarsift.text.view import TextView

    xml = doc.xml()
    persons = [xmlform._person(sub, i)[0] for e in xmlform.PERSON_ELEMENTS for i, sub in enumerate(xml.each(e))]
    largest = max((p.aggregate_amount or 0 for p in persons), default=0)
    for n in xmlform.BASIS_ITEMS:
        for leaf in xml.leaves:
            m = xmlform.ITEM_ELEMENT.search(leaf.path)
            if not m or str(int(m.group(1))) != n:
                continue
            view = clean_text(TextView.of(doc.raw, leaf.start, leaf.end))
            found = body.shares_outstanding(view.text, 0, len(view.text))
            if not found or found[0].value < largest:
                continue
            total, date = found
            return (total.value, view.span(total.a, total.b), date.value if date else None,
                    view.span(date.a, date.b) if date else None)
    return (None, None, None, None)


def test_xml_class_total_as_every_item_text_searched():
    from edgarsift.forms.schedule13 import xmlform
    from edgarsift.read import read_bytes

    from ..conftest import CORPUS

    sample = (CORPUS / "sc13d" / "edgartools__schedule13d.xml").read_text()
    five = "BML Investment Partners, L.P. beneficially owned 2,100,000 shares"
    assert five in sample
    variants = [
        sample,
        sample.replace(five, "n/a", 1),  # the first copy has no digit: the next one is read
        sample.replace(five, "based on &#49;&#48;,&#48;00,000 shares outstanding as of May 1, 2024. " + five, 1),
        sample.replace(five, "based on 10,000,000 shares outstanding as of May 1, 2024. " + five),
        sample.replace(five, "based on 1,000 shares outstanding. " + five, 1),  # below the holding: the next
        # a text whose only digits are not ASCII ones
        regex.sub(r"(?s)(<percentageOfClassSecurities>).*?(?=</percentageOfClassSecurities>)",
                  "\\1based on \uff11\uff10,\uff10\uff10\uff10,\uff10\uff10\uff10 shares outstanding", sample, count=1),
    ]
    docs = []
    for family in ("sc13d", "sc13g"):
        for p in sorted((CORPUS / family).glob("*")):
            if not p.name.endswith((".gold.json", ".notes.txt")):
                doc = read_bytes(p.read_bytes(), str(p), ocr="never")
                if doc.main.kind == "xml" and xmlform.is_schedule13_xml(doc.xml()):
                    docs.append(doc)
    docs += [read_bytes(v.encode(), f"variant{i}.xml", ocr="never") for i, v in enumerate(variants)]
    assert len(docs) > len(variants)
    totals = []
    for doc in docs:
        data, prov = xmlform.extract_xml(doc, "13D")
        got = (data.shares_outstanding, prov.get("data.shares_outstanding"), data.shares_outstanding_date,
               prov.get("data.shares_outstanding_date"))
        assert got == _class_total_plain(doc), doc.source
        totals.append(got[0])
    assert len(set(totals)) >= 3  # the variants read different totals (or none)


def test_xml_item_tags_found_by_the_stdlib_twin_as_by_the_pattern():
    # an ASCII document's item tags come from the stdlib twin of ITEM_TAG: the same tags, on every corpus 13D/G XML
    # document and on tags built from the edges of its \w, \b and digits (prefixes, numbers, what follows the name)
    from edgarsift.forms.schedule13 import xmlform

    from ..conftest import CORPUS

    texts = [p.read_text(encoding="latin-1") for family in ("sc13d", "sc13g") for p in sorted((CORPUS / family).glob("*"))
             if not p.name.endswith((".gold.json", ".notes.txt")) and "<item" in p.read_text(encoding="latin-1")]
    assert len(texts) >= 6
    rng = random.Random(11)
    atoms = ["<", ">", "/", "item", "item1", "item12", "item123", "ns1:", "a_b:", ":", "items", "Item4", "item4a", "_",
             " x=\"1\"", "9", "\n", "-", "item07", "<item4>", "<ns1:item12 a=\"b\">", "<item3/>", "</item5>"]
    texts += ["".join(rng.choice(atoms) for _ in range(rng.randrange(1, 10))) for _ in range(5000)]
    found = 0
    for text in texts:
        assert text.isascii()
        want = [m.span() for m in xmlform.ITEM_TAG.finditer(text)]
        assert [m.span() for m in xmlform._ITEM_TAG_ASCII.finditer(text)] == want, repr(text[:80])
        found += len(want)
    assert found > 2000
