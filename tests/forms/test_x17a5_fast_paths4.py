"""More of the X-17A-5 reader's fast paths, each checked against the plain code it replaces (speed work, issue 16):
the plain versions are copied here as they were, and every fast path must give what they give on the corpus's and
the fixtures' X-17A-5 texts and on generated hard cases."""
from __future__ import annotations

import random
import re

import pytest
import regex

from edgarsift.forms.x17a5 import labels as L
from edgarsift.forms.x17a5 import net_capital as N
from edgarsift.forms.x17a5 import statement as S
from edgarsift.text import rx
from edgarsift.text.view import TextView

from .test_x17a5_fast_paths3 import _texts  # every corpus and fixture X-17A-5 text


# --- the net capital note's words, looked for in the lowered copy -------------------------------------------------

_NOTE_BITS = ["net capital", "Net Capital", "NET\ncapital", "net  \t capital", "net\u00a0capital", "net\u2003capital",
              "internet capital", "\u00e9net capital", "net capitals", "net capital\u00e9", "netnet capital", "capital",
              "aggregate indebtedness to net capital", "Aggregate\u2003Indebtedness TO NET capital", "aggregate",
              "AGGREGATE  indebtedness\nto net\ncapital was 12.5%", "tabular amounts in thousands",
              "TABULAR AM in millions", "tabular  amountsare in thousands", "tabular", " ", "\n", "\f", ".", "$1,000",
              "of $25,000", "N", "e", "t", "\u0130", "\u017f", "\u212a", "\x1c", "\u0663", "had ", "which was "]


def _note_texts(n: int) -> list[str]:
    rnd = random.Random(1617)
    return ["".join(rnd.choice(_NOTE_BITS) for _ in range(rnd.randrange(0, 30))) for _ in range(n)]


@pytest.mark.parametrize("pattern, word", [(N.NET_CAPITAL_WORDS, "net"), (N.AI_ANCHOR, "aggregate"),
                                           (N.TABULAR, "tabular")])
def test_note_words_found_at_their_word_are_the_scans(pattern, word: str):
    lowered = 0
    for text in _texts() + _note_texts(20000):
        low = L.lowered(text)
        lowered += low is not None
        old = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in N._finditer_at_word(pattern, word, text, low)] == old
        assert [m.span() for m in N._finditer_at_word(pattern, word, text, None)] == old
    assert lowered > 5000


def test_net_capital_read_with_the_lowered_copy_is_the_plain_reading():
    read = 0
    for text in _texts() + [f"{t} had net capital of $1,000,000, which was $750,000 in excess of its required net "
                            f"capital of $250,000. {t}" for t in _note_texts(300)]:
        view, low = TextView.of(text), L.lowered(text)
        for scale, ceiling in ((None, None), (1000, 10 ** 9)):
            plain = N.read_net_capital(view, scale, ceiling)
            assert N.read_net_capital(view, scale, ceiling, low) == plain
            read += bool(plain.figures)
    assert read > 300


def _columns_around_plain(text: str, pos: int, lines_each_way: int = 12) -> N._Text | None:
    """``net_capital._columns_around`` as it was: the lines read from a copy of the text up to the window's end."""
    a = pos
    for _ in range(lines_each_way):
        a = text.rfind("\n", 0, max(0, a - 1)) + 1
        if a <= 0 or text[a:a + 1] == "\f":
            break
    b = pos
    for _ in range(lines_each_way):
        nb = text.find("\n", b + 1)
        if nb < 0 or "\f" in text[b:nb]:
            break
        b = nb
    lines = [(m.start(), m.group(0)) for m in regex.finditer(r"[^\n]+", text[:b], pos=a)]
    starts: dict[int, int] = {}
    for _, line in lines:
        for g in N._GAP.finditer(line):
            starts[g.end(1)] = starts.get(g.end(1), 0) + 1
    if not starts:
        return None
    col, votes = max(starts.items(), key=lambda kv: (kv[1], -kv[0]))
    near = sum(n for c, n in starts.items() if abs(c - col) <= 2)
    crossing = sum(1 for _, line in lines if len(line) > col and line[col - 1] != " ")
    if votes < 3 or near < 3 or crossing > len(lines) // 5:
        return None
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for start, line in lines:
        if line[:col].strip():
            left.append((start, line[:col]))
        if line[col:].strip():
            right.append((start + col, line[col:]))
    pieces: list[str] = []
    at: list[int] = []
    for start, chunk in left + [(-1, "")] + right:
        if start < 0:
            pieces.append("\n\n")
            at.extend([at[-1] if at else 0] * 2)
            continue
        pieces.append(chunk + "\n")
        at.extend(range(start, start + len(chunk)))
        at.append(start + len(chunk) - 1 if chunk else start)
    return N._Text("".join(pieces), at)


def _two_column_texts(n: int) -> list[str]:
    rnd = random.Random(1618)
    words = ["net capital", "of", "$5,000", "which", "was", "the", "Company", "\u00e9t\u00e9", "x", "1"]
    out = []
    for _ in range(n):
        lines = []
        for _ in range(rnd.randrange(1, 30)):
            left = " ".join(rnd.choice(words) for _ in range(rnd.randrange(0, 6)))
            right = " ".join(rnd.choice(words) for _ in range(rnd.randrange(0, 6)))
            lines.append(left.ljust(rnd.choice([30, 31, 33, 40])) + rnd.choice(["   ", "    ", " ", ""]) + right)
        out.append(rnd.choice(["\n", "\f", "\n\f\n"]).join(lines))
    return out


def test_columns_read_without_a_copy_of_the_text_are_the_columns():
    tried = joined = 0
    for text in _texts() + _two_column_texts(3000):
        for pos in sorted({m.start() for m in N.NET_CAPITAL_WORDS.finditer(text)} | {0, len(text) // 2, len(text)}):
            new, old = N._columns_around(text, pos), _columns_around_plain(text, pos)
            assert (new.text, new.at) == (old.text, old.at) if old is not None else new is None
            tried += 1
            joined += old is not None
    assert tried > 3000 and joined > 300


# --- the lowered copy, lowered a piece at a time -------------------------------------------------------------

def test_lowered_a_piece_at_a_time_is_the_copy_lowered_at_once(monkeypatch):
    rnd = random.Random(1619)
    bits = ["Statement OF Financial", "\u2022", "\u00c9T\u00c9", "\U0001d400", "\ud800", "\udc00", "\u0391\u03a3",
            "\n", "  ", "ASSETS", "\u4141", "x"]
    texts = [t for t in _texts() if not t.isascii()]
    texts += ["".join(rnd.choice(bits) for _ in range(rnd.randrange(20000, 60000))) for _ in range(6)]
    assert sum(len(t) > L.LOWER_PIECE for t in texts) >= 4
    pieces = [L.lowered(t) for t in texts]
    monkeypatch.setattr(L, "LOWER_PIECE", 1 << 30)
    assert pieces == [L.lowered(t) for t in texts]


# --- statement candidates: the title's line collapsed by str.split -------------------------------------------------

def _candidates_plain(view: TextView, low: str | None = None) -> list[int]:
    """``statement.candidates`` as it was."""
    text = view.text
    out = []
    for m in L.TITLE.finditer(text) if low is None else L.TITLE_IN_LOWERED.finditer(low):
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        line = rx.sub(r"\s+", " ", text[a:b if b >= 0 else len(text)]).strip()
        if len(line) - len(rx.sub(r"\s+", " ", text[m.start():m.end()])) > 40 or rx.search(r"\.{4,}|\s\d{1,3}$", line):
            continue
        if S._assets_heading(text, low, m.end(), m.end() + 1500):
            out.append(m.start())
    return out


_TITLE_BITS = ["Statement of Financial Condition", "STATEMENT\u2003OF\u00a0FINANCIAL\u3000CONDITION",
               "Statement of\nFinancial Condition", "Staternent of.Financial Condition", "statements  of  financial "
               "condition", "\n", "  ", "\t", "\x1c", "\x1f", "\x85", "\u2028", "\u200b", "\ufeff", "ASSETS", "Assets:",
               "assets  December 31, 2015", "....", ". . . .", " 12", "\u0663", " 1234", "3", "page", "The ",
               "x" * 30, "\f", "\u0130", "\u00e9"]


def _title_texts(n: int) -> list[str]:
    """Lines of a few bits each, the title's and the heading's often among them."""
    rnd = random.Random(1620)
    heads = _TITLE_BITS[:4] + ["ASSETS", "Assets:", "assets  December 31, 2015"]
    return ["\n".join("".join(rnd.choice(heads if rnd.random() < 0.3 else _TITLE_BITS)
                               for _ in range(rnd.randrange(0, 4))) for _ in range(rnd.randrange(1, 10)))
            for _ in range(n)]


def test_candidates_are_the_plain_candidates():
    found = 0
    for text in _texts() + _title_texts(20000):
        view = TextView.of(text)
        low = L.lowered(text)
        plain = _candidates_plain(view, low)
        assert S.candidates(view, low) == plain
        assert S.candidates(view) == _candidates_plain(view)
        found += bool(plain)
    assert found > 1000


def test_contents_or_page_is_the_stdlib_pattern():
    assert S._CONTENTS_OR_PAGE.pattern == r"\.{4,}|\s\d{1,3}$" and isinstance(S._CONTENTS_OR_PAGE, re.Pattern)
    assert rx.compile(S._CONTENTS_OR_PAGE.pattern).__class__ is re.Pattern  # (the engine rx chose for it)


# --- label repair: a label rewritten only where a word is repaired; the filing's words asked one at a time ----------

def _fix_ocr_words_plain(label: str, vocabulary: frozenset[str] = L.VOCABULARY, known: L.Known = frozenset()) -> str:
    """``labels.fix_ocr_words`` as it was (its ``_join_splits`` as it was too)."""
    def join_splits(label: str) -> str:
        tokens = [(m.start(), m.end(), m.group(0)) for m in L._TOKEN.finditer(label)]
        for (a0, _, a), (_, b1, b) in zip(tokens, tokens[1:]):
            if not (a.isalpha() and b.isalpha()) or L._is_word(a.lower(), vocabulary) or L._is_word(b.lower(), vocabulary):
                continue
            joined = L._fix_word(a + b, vocabulary)
            if joined.lower() in vocabulary:
                return join_splits(label[:a0] + joined + label[b1:])
        return label

    label = join_splits(label)
    far = vocabulary is L.VOCABULARY
    return regex.sub(r"[A-Za-z][A-Za-z0-9!:]*[A-Za-z!]", lambda m: L._fix_word(m.group(0), vocabulary, known, far),
                     label)


_SLIPS = [("m", "rn"), ("rn", "m"), ("l", "!"), ("i", "1"), ("o", "0"), ("u", "ii"), ("r", ":"), ("e", "c"), ("t", "f"),
          ("s", "5"), ("i", "l"), ("n", "u")]


def _damaged_labels(n: int) -> list[str]:
    """Labels of caption words, street words and others, some damaged as OCR damages them, some split in two."""
    rnd = random.Random(1621)
    words = sorted(L.VOCABULARY | L.STREET_WORDS) + ["the", "of", "and", "Company", "retum", "ilatory", "reg", "x",
                                                      "1,000", "(Note 4)", "\u00e9t\u00e9", "\x1c", "a:b", "Streei"]
    out = []
    for _ in range(n):
        label = []
        for _ in range(rnd.randrange(1, 8)):
            w = rnd.choice(words)
            if rnd.random() < 0.3:
                a, b = rnd.choice(_SLIPS)
                w = w.replace(a, b, 1)
            if rnd.random() < 0.1 and len(w) > 3:
                cut = rnd.randrange(1, len(w))
                w = w[:cut] + " " + w[cut:]
            label.append(w.upper() if rnd.random() < 0.1 else w.capitalize() if rnd.random() < 0.3 else w)
        out.append(rnd.choice([" ", "  ", "\t", " \u00a0"]).join(label))
    return out


def test_labels_repaired_are_the_plain_repairs():
    texts = _texts()
    labels = [line.strip() for text in texts for line in text.splitlines() if 0 < len(line.strip()) < 160]
    labels += _damaged_labels(20000)
    known_sets: list[L.Known] = [frozenset(), frozenset({"retum", "streei", "fumiture", "ilatory"})]
    repaired = 0
    for vocabulary in (L.VOCABULARY, L.STREET_WORDS):
        for known in known_sets:
            for label in labels:
                plain = _fix_ocr_words_plain(label, vocabulary, known)
                assert L.fix_ocr_words(label, vocabulary, known) == plain, (label, known)
                repaired += plain != label
    for text in texts[:12]:  # the filing's own words, counted lazily
        known = L.FilingWords(text, L.lowered(text))
        for label in labels[:3000] + labels[-3000:]:
            assert L.fix_ocr_words(label, known=known) == _fix_ocr_words_plain(label, known=L.filing_words(text))
    assert repaired > 5000


def _word_texts(n: int) -> list[str]:
    rnd = random.Random(1622)
    bits = ["retum", "Retum", "RETUM", "retums", "retum1", "1retum", "xretum", "retumx", "\u00e9retum", "retum\u00e9",
            "reta", "cash", "Cash", "casher", "abc", "abcd", "ab1cd", " ", "  ", "\n", ",", "-", "_", "'", "\u2019",
            "\u00a0", "\x1c", "2015", "\U0001d400", "\u0391"]
    return ["".join(rnd.choice(bits) + rnd.choice(["", " ", ".", "\n"]) for _ in range(rnd.randrange(0, 40)))
            for _ in range(n)]


def test_a_word_counted_alone_is_a_filing_word_as_the_whole_count_has_it():
    asked = printed = 0
    for text in _texts() + _word_texts(5000):
        low = L.lowered(text)
        if low is None:
            continue
        words = L.filing_words(text, low)
        tokens = {t.lower() for t in regex.findall(r"[^\W_]+|\S+", text)} | {"retum", "cash", "abcd", "1retum", "reta",
                                                                            "retum\u00e9", "Retum", ""}
        known = L.FilingWords(text, low)
        for word in sorted(tokens):
            assert known.prints(word) == (word in words), word
            asked += 1
            printed += word in words
        assert known._words is None  # (not one whole count)
    assert asked > 50000 and printed > 5000


def test_filing_words_asked_one_at_a_time_are_not_counted(monkeypatch):
    text = "Furniture furniture FURNITURE Fumiture  retum retum retum Cash cash cash"
    calls = []
    real = L.filing_words
    monkeypatch.setattr(L, "filing_words", lambda *a: calls.append(a) or real(*a))
    known = L.FilingWords(text, L.lowered(text))
    assert L.fix_ocr_words("retum", known=known) == "retum"  # printed three times: the filing's own word
    assert L.fix_ocr_words("Fumiture", known=known) == "Furniture"
    assert calls == []


# --- the comparative statement's year columns: searched only on a line that prints "19" or "20" ----------------

def test_year_columns_are_printed_where_the_pattern_finds_them():
    rnd = random.Random(1623)
    lines = [line for text in _texts() for line in text.splitlines()]
    bits = ["2015", "2014", "1999", "19", "20", " and ", ", ", "December 31, ", "Dec. 31 ", "\u0661\u0669", "\u0662\u0660",
            "  ", "\t", "Assets", "\u0663", "2O15", "l9", "201", "0"]
    lines += ["".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 8))) for _ in range(30000)]
    years = ["2015", "1999", "٢٠١٥", "20١٥", "2O15"]
    lines += [rnd.choice(["", "  ", "December 31, ", "x "]) + rnd.choice(years) + rnd.choice([" and ", "   ", ", ", "-"])
              + rnd.choice(years) + rnd.choice(["", " ", " x"]) for _ in range(5000)]
    found = 0
    for line in lines:
        plain = L.YEAR_COLUMNS.search(line) is not None
        assert L.prints_year_columns(line) == plain, line
        found += plain
    assert found > 1000
