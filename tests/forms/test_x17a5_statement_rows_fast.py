"""The X-17A-5 statement reader's row tests, made cheap (speed work, issue 16): each fast path is checked against the
plain code it replaces, copied here as it was, on every line of the corpus's and the fixtures' X-17A-5 texts and on
generated hard cases (case-blind look-alikes "ſ" "ı" "İ" "K", digits of other scripts, \\x1c, white space of other
kinds)."""
from __future__ import annotations

import random
from functools import lru_cache

import pytest
import regex

from edgarsift.forms.x17a5 import labels as L
from edgarsift.forms.x17a5 import lines as LN
from edgarsift.forms.x17a5 import statement as S
from edgarsift.text import rx
from edgarsift.text.values import find_date, parse_amount
from edgarsift.text.view import TextView

from .test_x17a5_fast_paths3 import _texts  # every corpus and fixture X-17A-5 text

# characters a case-blind `regex` pattern reads as ASCII letters, digits of other scripts, odd white space, marks
_ODD = ["\u017f", "\u0131", "\u0130", "\u212a", "\u0663", "\u0661\u0669", "\x1c", "\x85", "\xa0", "\u2003", "\u2019",
        "\u2014", "\n", "\t", "$", "(", ")", ",", ".", "-", "_", "|", "1", "9", "20", "19"]
_WORDS = ["Total", "total", "TOTAL", "Totai", "Fotal assets", "assets", "Assets", "liabilities", "Iiabilities", "Liabilities", "note",
          "Notes", "NOTE", "rule", "Section", "page", "see accompanying", "See notes", "The accompanying notes",
          "Commitments", "(continued)", "(In thousands)", "Dollars in millions", "An indirect", "(a wholly",
          "Confidential", "SEC", "Mail", "Processing", "Section", "Washington, DC", "D.C.", "Received", "121",
          "notes to statement", "Notes to the consolidated statement", "1. Organization", "12 organization",
          "Stockholders' equity", "Member's capital", "Partners' deficit", "owners equity", "Proprietor's capital",
          "Subordinated borrowings", "subordinated and other", "commitments and contingencies",
          "Contingencies and commitments", "As of", "as at", "At", "For the year ended", "Year ended", "December 31,",
          "Dec. 31", "March 2015", "2015", "2014 and 2013", "31", "Cash", "of", "and", "to", "the", "with", "including",
          "net", "which", "by", "on", "held a\u017f", "Mar", "May", "Sept", "accounts payable", "282,929", "(3,504)", "$ 1,234",
          "43,724,998", "881 2471 203", "12/31/2015", "2015-12-31", " ", "   ", "      "]


@lru_cache(maxsize=1)
def _lines() -> tuple[str, ...]:
    """Every line of the texts (as printed and stripped), and 40,000 generated ones."""
    lines = [line for text in _texts() for line in text.split("\n")]
    lines += [line.strip() for line in lines]
    rnd = random.Random(1640)
    for _ in range(40000):
        parts = [rnd.choice(_WORDS + _ODD) for _ in range(rnd.randrange(1, 7))]
        line = rnd.choice(["", " ", "  "]).join(parts)
        if rnd.random() < 0.3:  # a look-alike or odd character at either end
            line = rnd.choice(_ODD) + line if rnd.random() < 0.5 else line + rnd.choice(_ODD)
        if rnd.random() < 0.2:
            line = line.upper() if rnd.random() < 0.5 else line.swapcase()
        lines.append(line)
    years = ["2015", "1999", "2O15", "\u0662\u0660\u0661\u0665", "December 31, 2015", "Dec. 31 2014", "20", "19"]
    lines += [rnd.choice(["", " ", "x "]) + rnd.choice(years) + rnd.choice([" and ", "   ", ", ", "-", ""])
              + rnd.choice(years) + rnd.choice(["", " ", " x", "\x1c"]) for _ in range(3000)]
    return tuple(dict.fromkeys(lines))


# --- the label tests of labels.py, each tried only where its pattern can match ---------------------------------

@pytest.mark.parametrize("fast, plain", [
    (L.is_noise_line, lambda s: L.NOISE_LINE.search(s) is not None),
    (L.is_stamp_line, lambda s: L.STAMP_LINE.fullmatch(s) is not None),
    (L.is_end_line, lambda s: L.END_LINE.search(s) is not None),
    (L.is_equity_line, lambda s: L.EQUITY_LINE.match(s) is not None),
    (L.is_total, lambda s: L.ANY_TOTAL.match(s) is not None),
    (lambda s: S._WORDLIKE.search(s) is not None, lambda s: regex.search(S._WORDLIKE.pattern, s) is not None),
    (L.names_subordinated, lambda s: L.SUBORDINATED.search(s) is not None),
    (L.without_captions, lambda s: L.MERGED_CAPTION.sub("", L.STAMP_IN_LABEL.sub("", s))),
    (lambda s: L.holds_two_years(s) and L.YEAR_COLUMNS.fullmatch(s) is not None,
     lambda s: L.YEAR_COLUMNS.fullmatch(s) is not None),
    (S._ends_on_connector, lambda s: S.CONNECTOR.search(s) is not None),
    (LN._ends_in_reference, lambda s: LN._REFERENCE.search(s) is not None),
    (lambda s: len(s) in S._BARE_SECTION_LENGTHS and S._BARE_SECTION.fullmatch(s) is not None,
     lambda s: S._BARE_SECTION.fullmatch(s) is not None),
    (lambda s: LN._FRAGMENT.fullmatch(s) is not None, lambda s: regex.fullmatch(LN._FRAGMENT.pattern, s) is not None),
])
def test_label_tests_are_the_patterns(fast, plain):
    found = 0
    for line in _lines():
        expected = plain(line)
        assert fast(line) == expected, line
        found += expected is not False and expected != line
    assert found > 10  # the pattern does find something: the test is not vacuous


def _is_date_line_plain(text: str) -> bool:
    d = find_date(text)
    return d is not None and len(text) - (d[2] - d[1]) < 25 and bool(S._DATE_LEAD.match(text[:d[1]]))


def test_datelines_are_the_plain_datelines():
    rnd = random.Random(1641)
    lines = list(_lines())
    dates = ["December 31, 2015", "Dec 31 2015", "31 December 2015", "2015-12-31", "12/31/15", "Mar. 1, 2001"]
    lines += [rnd.choice(["", "As of ", "as at ", "At ", "For the year ended ", "Year Ended ", "x ", "Cash ", "- ",
                          "1 ", "(", "_"]) + rnd.choice(dates) + rnd.choice(["", " 1,234", " and 2014", "x" * 30])
              for _ in range(5000)]
    found = 0
    for line in lines:
        plain = _is_date_line_plain(line)
        assert S._is_date_line(line) == plain, line
        found += plain
    assert found > 1000


# --- the rows of lines.py ---------------------------------------------------------------------------------------

def _row_amount_plain(text: str):
    head = text.rstrip(LN._AMOUNT_CHARS)
    start = len(head) if not head or head[-1].isascii() else 0
    gap = text.rfind("    ", start, len(text.rstrip()))
    m = LN._AMOUNT_AT_END.search(text, start if gap < 0 else gap + 1)
    return None if m and "\n" in text[:m.start()] else m


def _read_amount_plain(raw: str) -> int | None:
    tok = " ".join(raw.replace("$", " ").split())
    if LN._DASH_ZERO.fullmatch(tok):
        return 0
    tok = LN._DOT_GROUP.sub(",", tok).replace("( ", "(").replace(" )", ")")
    return parse_amount(tok)


def _split_group_plain(label: str, raw: str):
    if not LN._SPLIT_TAIL.fullmatch(raw.strip()):
        return None
    gap = raw[:len(raw) - len(raw.lstrip())]
    before_figure = label + gap
    body = before_figure.rstrip()
    if len(body) == len(before_figure) or not body or (body[-1] not in "0123456789," and body[-1].isascii()):
        return None
    split = LN._SPLIT_HEAD.search(before_figure)
    before = label[:split.start("head")].rstrip(" $") if split else ""
    if split and (LN._LABEL_CONNECTOR.search(before) or LN._MONTH_BEFORE.search(before)):
        return None
    return split


def _label_owns_plain(label: str, raw: str) -> bool:
    core = raw.strip()
    glued = bool(label) and not label[-1].isspace() and raw[0] not in " \t$(" and label[-1] != "$"
    bare_letter = raw in ("I", "l") and not label.endswith("   ")
    inline = core[:1] == "$" and core[1:2].isdigit() and bool(LN._LABEL_CONNECTOR.search(label))
    dated = bool(LN._YEAR.fullmatch(core) and LN._DATE_BEFORE_YEAR.search(label)) or \
        bool(LN._DAY_YEAR.fullmatch(core) and LN._MONTH_BEFORE.search(label))
    return glued or bare_letter or inline or dated or bool(LN._REFERENCE.search(label))


def _span(m, group: str = "amt"):
    return None if m is None else (m.span(), m.span(group), m.group(group))


def test_amounts_ending_lines_are_the_plain_ones():
    rnd = random.Random(1642)
    lines = list(_lines())
    tokens = ["282,929", "$ 282,929", "(3,504)", "$(1,234 )", "15,4-17,134", "243;238", "1 234 567", "I", "l", "-", "—",
              "5,666,498 .", "1931   82", "372.319", "\u0663\u0661", "12\x1c", "1,234\u2003", "(1,234", "1,234)"]
    lines += [rnd.choice(_WORDS) + rnd.choice(["", " ", "    ", "     \t", "\u2003", "\x1c", "\n"]) + rnd.choice(tokens)
              + rnd.choice(["", " ", "  \u2003", "\x1c"]) for _ in range(20000)]
    read = 0
    for line in lines:
        m, plain = LN._row_amount(line), _row_amount_plain(line)
        assert _span(m) == _span(plain), line
        if m is None:
            continue
        read += 1
        raw, label = m.group("amt"), line[:m.start("amt")]
        assert LN.read_amount(raw) == _read_amount_plain(raw), raw
        core = LN._CORE.search(raw)
        assert LN._figure_span(7, raw) == ((7 + core.start(), 7 + core.end()) if core else (7, 7 + len(raw))), raw
        assert _span(LN._split_group(label, raw), "head") == _span(_split_group_plain(label, raw), "head"), line
        assert LN._label_owns(label, raw) == _label_owns_plain(label, raw), line
    assert read > 10000


def test_plain_figures_read_as_the_steps_read_them():
    rnd = random.Random(1643)
    raws = ["".join(rnd.choice([" ", "$", "(", ")", "0", "1", "9", ",", ",000", "123", " ", "."])
                    for _ in range(rnd.randrange(1, 12))) for _ in range(50000)]
    whole = 0
    for raw in raws:
        assert LN.read_amount(raw) == _read_amount_plain(raw), raw
        whole += LN._PLAIN_AMOUNT.fullmatch(raw) is not None
    assert whole > 3000


def _split_lines_plain(view: TextView, start: int = 0, end: int | None = None):
    for m in rx.finditer(r"[^\n\f]+", view.text, pos=start, endpos=len(view.text) if end is None else end):
        s = m.group(0)
        body = s.lstrip()
        if not body.strip():
            continue
        first = body[0]
        lead = LN.LEAD_NOISE.match(body) if first in LN._LEAD_FIRST or ("A" <= first <= "Z" and body[1:2].isspace()) \
            else None
        cut = lead.end() if lead else 0
        body = body[cut:].rstrip()
        if not body:
            continue
        ind = len(s) - len(s.lstrip())
        yield LN.Line(body, m.start() + ind + cut, ind, ind + cut)


def test_lines_split_are_the_plain_lines():
    rnd = random.Random(1645)
    heads = ["a", "i", "I", "J", "l", "7", "(", "C", "x", "|", "!", "\u00a6", ":", ".", "\u2014", "_", "~", "\u00b0", " ", "  ",
             "    ", "\t", "\u2003", "\x1c", "\x85", "$", "1"]
    debris = ["".join(rnd.choice(heads) for _ in range(rnd.randrange(1, 5))) + rnd.choice(_WORDS) for _ in range(20000)]
    texts = list(_texts()) + ["\n".join(_lines()[-5000:]), " \x1c \n\u2003\f  x\n\x85\n", "\n".join(debris)]
    for text in texts:
        view = TextView.of(text)
        assert list(LN.split_lines(view)) == list(_split_lines_plain(view))


def _skip_plain(row: LN.Row) -> bool:
    if L.NOISE_LINE.search(row.label) or (row.label and L.STAMP_LINE.fullmatch(row.label.strip())):
        return True
    if row.label and _is_date_line_plain(row.label + (" " + row.raw if row.raw else "")):
        return True
    label_raw = row.label + (" " + row.raw if row.raw else "")
    last = label_raw.rstrip()[-1:]
    if (last in S._DIGITS or not last.isascii()) and L.YEAR_COLUMNS.fullmatch(label_raw):
        return True
    if not row.label and row.raw is not None:
        if S._DASHES.fullmatch(row.raw):
            return True
        if row.amount is not None and 0 <= row.amount < 100 and not any(c in row.raw for c in "$,("):
            return True
    return row.heading and S._NO_WORDS.fullmatch(row.label) is not None


def test_rows_skipped_are_the_plain_ones():
    skipped = 0
    for n, text in enumerate(_lines()):
        if text.strip():
            for comparative in (False, True):
                row = LN.parse_row(LN.Line(text.strip(), 0, 0), n, comparative)
                plain = _skip_plain(row)
                assert S._skip(row) == plain, text
                skipped += plain
    assert skipped > 1000


# --- the statement's title: a contents line or a page heading, and the "Assets" heading after it -------------------

def test_contents_or_page_is_the_pattern():
    lines = {" ".join(line.split()) for line in _lines()}
    lines |= {line + end for line in list(lines)[:5000] for end in (" 12", " \u0663", "....", " 1234", "\u0663")}
    found = 0
    for line in lines:
        plain = S._CONTENTS_OR_PAGE.search(line) is not None
        assert S._contents_or_page(line) == plain, line
        found += plain
    assert found > 1000


def _assets_texts(n: int) -> list[str]:
    rnd = random.Random(1644)
    bits = ["Assets", "ASSETS", "assets", "Total assets", "Other assets:", "i", "I", "\u0131", "\u0130", "|", "!", " ", "\u0131 ",
            "\t", "\n", "\u2003", "\x1c", "x", "Cash", "ASSETS  December 31, 2015", "Assets 1997", "Assets:", "\n\n"]
    return ["".join(rnd.choice(bits) for _ in range(rnd.randrange(1, 12))) for _ in range(n)]


def test_assets_heading_is_the_search():
    cases = []
    for text in list(_texts()) + _assets_texts(20000):
        low = L.lowered(text)
        starts = [m.end() for m in L.TITLE.finditer(text)][:20] + [0, len(text) // 3]
        cases += [(text, low, pos, min(len(text), pos + 1500)) for pos in starts]
    found = 0
    for text, low, pos, end in cases:
        plain = S._ASSETS_LINE.search(text, pos, end) is not None
        assert S._assets_heading(text, low, pos, end) == plain, (text[pos:end][:200], pos)
        found += plain
    assert found > 2000
