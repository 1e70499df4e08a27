"""Schedule 13D/13G speed-ups give the same matches as the plain searches they replace.

Each shortcut (a pattern tried only where its opening word is, a pattern skipped where a cheap test says it
cannot match) is compared with the plain search on the corpus filings' texts and on generated text that stresses
the edges: case, words split by a space, characters whose case folding is special ("İ", "ſ", the Kelvin sign),
control characters that only one regex engine calls white space, overlapping and repeated words.
"""
from __future__ import annotations

import random

import pytest
import regex

from edgarsift.forms.schedule13 import body, cover, header, labels
from edgarsift.text.search import TextScan, fold, split_word
from edgarsift.read import read_bytes

from ..conftest import CORPUS

_WORDS = ["Name", "of", "Reporting", "Person", "Sole", "Voting", "Power", "Shared", "Dispositive", "Aggregate",
          "Amount", "Beneficially", "Owned", "by", "Each", "Percent", "Class", "Represented", "Row", "Type",
          "Check", "the", "Box", "if", "SEC", "Use", "Only", "Source", "Funds", "Citizenship", "Place",
          "Organization", "Item", "1:", "4:", "(11)", "9", "Excludes", "Certain", "Shares", "based", "on",
          "upon", "basis", "calculated", "computed", "using", "sum", "there", "were", "issuer", "has", "company",
          "had", "outstanding", "as", "of", "1,234,567", "36,282,883", "12345678", "units", "stock", "%", "5.2%",
          "plus", "issuable", "upon", "conversion", "NUMBER", "OF", "SHARES", "WITH", "I.R.S.", "Identification",
          "Nos.", "Above", "Persons", "CUSIP", "No.", "Page", "2", "SCHEDULE", "13D", "SEE", "INSTRUCTIONS",
          "(a)", "[", "]", "[X]", "o", "Edgar", "Filing:", "-0-", "----", "====", "|", "*", "Acme", "L.P.",
          "\u0130tem", "\u017fole", "\u212aelvin", "Sha red", "Aggre gate", "Na me", "shareshares"]
_GAPS = [" ", "  ", "\t", "\n", "\n\n", " \n ", ": ", " - ", "\x1c", "\xa0", ". . . ", ""]


# filler that makes a short case long enough for the searches that find openers first (``text.search.SHORT_RANGE``)
_PAD = "Filler text, not a caption; " * 12


def _generated(seed: int, n: int = 400) -> str:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        w = rnd.choice(_WORDS)
        r = rnd.random()
        w = w.upper() if r < 0.2 else w.lower() if r < 0.4 else w
        out.append(w + rnd.choice(_GAPS))
    return "".join(out)


def _corpus_texts() -> list[str]:
    texts = []
    for family in ("sc13d", "sc13g"):
        for p in sorted((CORPUS / family).glob("*")):
            if p.name.endswith((".gold.json", ".notes.txt", ".xml")):
                continue
            doc = read_bytes(p.read_bytes(), str(p), ocr="never")
            if doc.main.kind != "xml":
                texts.append(doc.view().text)
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _corpus_texts() + [_generated(seed) for seed in range(40)]


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_fold_keeps_offsets_and_folds_what_regex_folds():
    s = "\u0130tem \u017fole \u212aelvin ABC"
    low = fold(s)
    assert len(low) == len(s)
    assert low == "item sole kelvin abc"


def test_split_word_overlapping_word_is_a_lookahead():
    assert [m.start() for m in split_word("anna").finditer("annanna")] == [0, 3]


def test_caption_rows_found_only_at_openers_match_a_full_scan(texts):
    for text in texts:
        scan = TextScan(text)
        for row, caption, _ in labels.ROW_PATTERNS:
            plain = _spans(caption.finditer(text, 0, len(text)))
            assert _spans(scan.finditer(caption, labels.ROW_OPENERS[row.field], 0, len(text))) == plain
            a, b = len(text) // 3, 2 * len(text) // 3  # a range that cuts through words
            assert _spans(scan.finditer(caption, labels.ROW_OPENERS[row.field], a, b)) == _spans(
                caption.finditer(text, a, b))


def test_header_captions_found_only_at_openers_match_a_full_scan(texts):
    for text in texts:
        scan = TextScan(text)
        for captions in labels.HEADER_CAPTIONS.values():
            for cap in captions:
                pattern = labels.caption_re(cap)
                assert _spans(scan.finditer(pattern, labels.opener_patterns((cap,)), 0, len(text))) == _spans(
                    pattern.finditer(text))


def test_class_total_sentences_found_only_at_openers_match_a_full_scan(texts):
    extra = ["based on 36,282,883 shares of Common Stock outstanding as of May 1, 2024",
             "1,2345678 shares of Common Stock outstanding as of May 1",
             "x12345678 \n shares of stock outstanding on June 3",
             "5.2% of the 53,081,000 shares of Common Stock believed to be outstanding",
             "9.66% at 5/19/03 based on 8,460,187 common shares",
             "The Issuer had 4,209,204 shares of stock outstanding. There were 1,000,000 units outstanding"]
    for text in texts + [_PAD + x + _PAD for x in extra]:
        scan = TextScan(text)
        for k, pattern in enumerate(body.OUTSTANDING):
            assert _spans(body._outstanding(scan, k, 0, len(text))) == _spans(pattern.finditer(text)), k


def _lines(texts: list[str]) -> list[str]:
    lines = {line for text in texts for line in text.split("\n")}
    lines |= {"", " ", "\t", " \x1c ", "\x1c", "----", " == ", "  (a) [ ]  (b) [X]", "o", " O ", "[ ]",
              "see instructions", "(SEE INSTRUCTIONS)", "CUSIP No. 123", "Page 2 of 9", "Schedule 13G",
              "edgar filing: acme", "\u017fEE INSTRUCTIONS", "( entities only )", "REPORTING PERSON WITH",
              "POWER:", "Beneficially Owned by", "SHARES  :", "- Power -", "with 1", "(Name of Issuer)",
              "(Title of Class of Securities)", "CUSIP NUMBER", "(Date of Event which Requires Filing)",
              "a) [ ]", "b [X]", "a", "b", "and", "ab", "a\x1c[ ]", "(b)\t[X]", "o o", "  o  ", "oo", "-_=*.|",
              " - - - ", "--x--", "page 3", "pages", "\x1c---", "---\x1c", "\xa0---", "cusip", "schedules 13g"}
    return sorted(lines)


def test_noise_and_caption_word_lines_as_the_plain_patterns_tell_them(texts):
    for line in _lines(texts):
        assert cover._is_noise(line) == bool(labels.NOISE_LINE.match(line)), line
        plain = not labels.CAPTION_REST.sub("", labels.SIDEBAR_WORDS.sub("", line)).strip(" \t:-_|*")
        assert cover._caption_words_only(line) == plain, line
        assert header._holds_caption(line) == any(labels.caption_re(c).search(line)
                                                  for caps in labels.HEADER_CAPTIONS.values() for c in caps), line


def _value_lines_plain(text: str, a: int, b: int, *, sidebar_words: bool = False) -> list[tuple[str, int, int]]:
    """``value_lines`` as it was written before its shortcuts."""
    s = cover._blank(text[a:b], labels.SIDEBAR_PHRASE)
    s = cover._blank(s, labels.IRS_PHRASE)
    if sidebar_words:
        s = cover._blank(s, labels.SIDEBAR_WORDS)
    out = []
    for m in regex.finditer(r"[^\n]+", s):
        line = m.group(0)
        if labels.NOISE_LINE.match(line) or not labels.CAPTION_REST.sub(
                "", labels.SIDEBAR_WORDS.sub("", line)).strip(" \t:-_|*"):
            continue
        lead = len(line) - len(line.lstrip(" \t"))
        sep = cover._LEAD_SEPARATOR.match(line, lead)
        if sep:
            lead = sep.end()
            line = " " * lead + line[lead:]
        trail = len(line) - len(line.rstrip(" \t"))
        out.append((cover._SPACE_RUN.sub(" ", line.strip()), a + m.start() + lead, a + m.end() - trail))
    return out


def test_value_lines_as_before(texts):
    for text in texts:
        step = max(1, len(text) // 60)
        for a in range(0, len(text), step):
            b = min(len(text), a + 40 + a % 400)
            for sidebar in (False, True):
                assert cover.value_lines(text, a, b, sidebar_words=sidebar) == _value_lines_plain(
                    text, a, b, sidebar_words=sidebar)


@pytest.mark.parametrize("name, val", [
    ("Invesco Ltd.", "Invesco Ltd. - Bermuda"), ("Invesco Ltd.", "Invesco Ltd.:Bermuda"),
    ("Invesco Ltd.", "Invesco Ltd. Bermuda"), ("Invesco Ltd.", "Bermuda"), ("A (B) [C] *", "A (B) [C] * : X"),
    ("Acme", "Acme\x1c-\x1cDelaware"), ("Acme", "Acme - \x1cDelaware"), ("Acme", "Acme\xa0-\xa0Delaware"),
    ("C:\\Path", "C:\\Path - X"), ("a{e<1}", "a{e<1} - X"),
])
def test_after_name_as_the_name_pattern(name, val):
    from edgarsift.text import rx

    m = rx.match(regex.escape(name) + r"\s*[-:]\s*", val)
    assert cover._after_name(name, val) == (m.end() if m else None)


def test_item_texts_squeezed_as_every_space_run_to_one(texts):
    for text in texts + [" a  b\t\tc \t d\t e  ", "\t", " ", "  ", "a \tb\t c"]:
        heads = body.item_headings(text, 0, len(text), "13D")
        _, got = body.items_and_texts(text, heads or [("1", 0, 0)], len(text))
        want: dict[str, str] = {}
        for i, (n, a, _) in enumerate(heads or [("1", 0, 0)]):
            b = heads[i + 1][1] if i + 1 < len(heads) else len(text)
            chunk = regex.sub(r"[ \t]+", " ", text[a:b]).strip()
            want[n] = (want[n] + "\n" + chunk if n in want else chunk)[:body.ITEM_TEXT_LIMIT]
        assert got == want


def test_item_words_and_signature_statements_found_only_at_openers_match_a_full_scan(texts):
    for text in texts + [_PAD + x for x in ("Item 4. x\nITEM 5 y\ni tem 6", "after reasonable inquiry and to the best of",
                                            "AFTER\nREASONABLE INQUIRY AND TO MY knowledge")]:
        scan = TextScan(text)
        assert _spans(scan.finditer(body.ITEM_WORD, ("item",), 0, len(text))) == _spans(body.ITEM_WORD.finditer(text))
        assert _spans(scan.finditer(body.CERTIFY, ("after",), 0, len(text))) == _spans(body.CERTIFY.finditer(text))


def test_first_caption_found_lazily_is_the_first_match(texts):
    for text in texts:
        scan = TextScan(text)
        for row, caption, _ in labels.ROW_PATTERNS:
            m = scan.search(caption, labels.ROW_OPENERS[row.field], 0, len(text))
            plain = caption.search(text)
            assert (m.span() if m else None) == (plain.span() if plain else None)


def test_openers_of_a_range_read_off_a_wider_scan(texts):
    anchors = [a for openers in body.OUTSTANDING_OPENERS for a in openers] + [
        a for openers in labels.ROW_OPENERS.values() for a in openers]
    for text in texts[::4]:
        scan = TextScan(text)
        n = len(text)
        for anchor in anchors:
            scan.starts(anchor, 0, n)
        for a, b in [(0, n), (n // 5, n // 2), (n // 3, n // 3 + 7), (n - 40, n), (1, n - 1)]:
            for anchor in anchors:
                plain = TextScan(text).starts(anchor, max(a, 0), max(b, 0))
                assert scan.starts(anchor, max(a, 0), max(b, 0)) == plain, (anchor, a, b)


@pytest.mark.parametrize("body_text", [
    "Item 1. Security\n" + "word  \t " * 9000 + "\nItem 2. x\n" + " " * 30000 + "y" + "\nItem 1. again " + "z " * 15000,
    "Item 4. " + ("\t" * 3000 + "a") * 30 + "\n" + " " * 50000 + "\nItem 4. more\n" + "b" * 25000,
    "Item 5.\n" + " " * 70000 + "\n",
    "Item 3. " + "x" * 19990 + "   \n\n   " + "y" * 100 + "\nItem 3. tail",
])
def test_long_item_texts_cut_as_before(body_text):
    heads = body.item_headings(body_text, 0, len(body_text), "13D")
    _, got = body.items_and_texts(body_text, heads, len(body_text))
    want: dict[str, str] = {}
    for i, (n, a, _) in enumerate(heads):
        b = heads[i + 1][1] if i + 1 < len(heads) else len(body_text)
        chunk = regex.sub(r"[ \t]+", " ", body_text[a:b]).strip()
        want[n] = (want[n] + "\n" + chunk if n in want else chunk)[:body.ITEM_TEXT_LIMIT]
    assert got == want


def test_class_total_count_search_is_linear_without_clause_ends():
    # many "N shares of" and no period or semicolon: each noun's clause end and next "outstanding" are looked
    # for once, not from every noun to the end of the text (which took minutes here)
    text = "1,000 shares of stock held, " * 20_000 + "5,000 shares of Common Stock outstanding as of May 1"
    found = [m.span() for m in body._outstanding(TextScan(text), 2, 0, len(text))]
    assert found == [m.span() for m in body.OUTSTANDING[2].finditer(text)]


def test_issuable_shares_found_only_at_plus_or_and_match_a_full_search(texts):
    extra = ["based on 1,000,000 shares outstanding, plus 50,000 shares issuable upon conversion of the notes",
             "and (ii) 12,345 shares of Common Stock underlying warrants", "PLUS the aggregate of 99,999 Shares issuable",
             "brand 12,345 shares issuable", "and 1,234 shares. Issuable"]
    for text in texts + [_PAD + x + _PAD for x in extra]:
        scan = TextScan(text)
        for a in range(0, len(text), max(1, len(text) // 50)):
            b = min(len(text), a + 400)
            plain = body.ISSUABLE.search(text, a, b)
            got = scan.search(body.ISSUABLE, ("plus", "and"), a, b)
            assert (got.span() if got else None) == (plain.span() if plain else None)


def _issuable_plain(text: str, a: int, b: int):
    """``body.issuable_in`` as it was written before its shortcuts."""
    for pat in body.OUTSTANDING:
        for m in pat.finditer(text, a, b):
            s = body.ISSUABLE.search(text, m.end("n"), min(b, m.end() + 400))
            if s:
                n = body.parse_amount(s.group("n"))
                if n:
                    return (n, s.start("n"), s.end("n"))
    return None


def test_issuable_shares_of_a_range_as_before(texts):
    extra = [" based on 1,000,000 shares outstanding, plus 50,000 shares issuable upon conversion of the notes",
             " based upon 36,282,883 shares of Common Stock outstanding and 12,345 shares underlying warrants",
             " there were 1,000,000 shares of stock outstanding and 5,000 shares held upon nothing"]
    for text in texts + [_PAD + x + _PAD for x in extra]:
        scan = TextScan(text)
        n = len(text)
        for a, b in [(0, n), (n // 4, n // 2), (n // 2, n)]:
            got = body.issuable_in(text, a, b, scan)
            assert ((got.value, got.a, got.b) if got else None) == _issuable_plain(text, a, b)
