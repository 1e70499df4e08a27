"""Printed labels of the X-17A-5 statement of financial condition, as data.

Patterns are matched against a row label with its white space collapsed; OCR variants seen in scans
("Totat liabilities", "Iiabilitles") are folded in by the character classes rather than by per-file rules.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ...text.search import fold

_I = r"[il1I|]"  # i / l / 1 look alike in OCR
_LIAB = rf"[lLI]{_I}ab{_I}{_I}{_I}t(?:{_I}es|y)"  # "Liabilities", also "Liability" (one line of them)
_EQUITY_WORD = r"(?:equity|capital|deficit|deficiency)"
_OWNER = r"(?:stock\s*holder|share\s*holder|member|partner|owner|proprietor)s?['’`]?s?['’`]?"

# OCR spellings of the title: "Staternent of Financial Condition", "Statement of.Financial Condition", "ofFinancial"
TITLE = regex.compile(rf"stat[ea](?:m|rn)[ea]nts?[\s.]*of[\s.]*financ{_I}al[\s.]*cond{_I}t{_I}on", regex.I)
TITLE_IN_LOWERED = regex.compile(TITLE.pattern)  # the same over a text's ``lowered`` copy (faster to scan)

# Characters that case-insensitive patterns take for an ASCII letter, or whose lower case holds one (dotted capital
# I → "i" + a combining dot, long s ~ "s", Kelvin sign → "k"). A text without them lowers character for character,
# and a lower-case pattern finds in its lower-cased copy what the case-insensitive one finds in the text.
_CASE_ODD = ("\u0130", "\u017f", "\u212a")
# Characters of a text not all ASCII lowered at once. The UTF-16 copy, its lowering and their decoding are three
# buffers alive together: a megabyte piece of a 240 KB filing took 1 ms (each buffer a fresh mapping, its pages
# faulted in), pieces of 64 K characters 0.3 ms (the buffers reused)
LOWER_PIECE = 1 << 16


def lowered(text: str) -> str | None:
    """``text`` with its ASCII capitals lowered, offset for offset; None for a text with a ``_CASE_ODD`` character.
    Only ASCII and white space are looked for in it (the title, "assets", the filing's words), and every other
    character stays outside ASCII, white space if it was (as under ``str.lower``, though not always its lower case:
    ``bytes.lower`` of the UTF-16 takes 1 ns a character, ``str.lower`` of a text not all ASCII 3 ns)."""
    if any(c in text for c in _CASE_ODD):
        return None
    if text.isascii():
        return text.lower()
    pieces = []
    for start in range(0, len(text), LOWER_PIECE):  # (a piece at a time, see LOWER_PIECE)
        piece = text[start:start + LOWER_PIECE]
        low = piece.encode("utf-16-le", "surrogatepass").lower().decode("utf-16-le", "surrogatepass")
        pieces.append(low if len(low) == len(piece) else fold(piece))  # (lone surrogates side by side pair up)
    return "".join(pieces)


# Comparative statements print this year's column, then last year's: "2015   2014", "December 31, 2015 and 2014"
_YEAR = r"(?:[A-Za-z]+\.?\s+\d{1,2},?\s*)?(?:19|20)\d{2}"
YEAR_COLUMNS = regex.compile(rf"^\s*{_YEAR}(?:\s*(?:and|,)?\s*{_YEAR})+\s*$|(?:19|20)\d{{2}}\s+and\s+(?:19|20)\d{{2}}", regex.I)


def holds_two_years(line: str) -> bool:
    """Does ``line`` print "19" or "20" twice, four characters apart at least? Every line ``YEAR_COLUMNS`` takes whole
    does: it reads two years at least, one after the other."""
    first = min((at for at in (line.find("19"), line.find("20")) if at >= 0), default=-1)
    return first >= 0 and (line.find("19", first + 4) >= 0 or line.find("20", first + 4) >= 0)


def prints_year_columns(line: str) -> bool:
    """``YEAR_COLUMNS.search(line)``, tried only on a line that prints "19" or "20", as every year the pattern
    reads does (the search costs 8 us on a line without one: its second alternative is tried at every offset)."""
    return ("19" in line or "20" in line) and YEAR_COLUMNS.search(line) is not None


CONSOLIDATED = regex.compile(r"consolidated", regex.I)
# "in" as OCR reads it at the start of a parenthesis: "(lo millions, except share data)", "(ln thousands)"
_IN = r"(?:\bin|\(\s*[a-z1|]{1,2})"
SCALE = [  # (pattern over the statement header, multiplier)
    (regex.compile(rf"{_IN}\s+millions\b|\bmillions\s+of\s+dollars\b|\bdollars\s+in\s+millions\b", regex.I), 1_000_000),
    (regex.compile(rf"{_IN}\s+thousands\b|\bthousands\s+of\s+dollars\b|\bdollars\s+in\s+thousands\b"
                   r"|\(\s*000['’]?s\s*omitted\s*\)|\$\s*000(?:['’]?s)?\b|\bin\s+000['’]?s\b", regex.I), 1_000),
]
# Where the notes state the unit for the whole of them: their heading, or "tabular amounts in millions"
NOTES_TITLE = regex.compile(r"(?im)^[\W\d]*notes\s+to\s+(?:the\s+)?(?:consolidated\s+)?(?:statements?\s+of\s+financial"
                            r"|financial\s+statements?)")
TABULAR_SCALE = regex.compile(r"(?i)\btabular\s+(?:dollar\s+)?amounts\s+(?:are\s+)?(?:stated\s+|presented\s+)?in\s+"
                              r"(?:(?P<m>millions)|(?P<k>thousands))")

# Section headings (a label line without an amount).
# "Assets", also with the column's year or date beside it ("Assets 1997", "ASSETS   December 31, 2003")
_COLUMN_DATE = r"(?:[A-Za-z]+\.?\s+\d{1,2},?\s*)?(?:19|20)\d{2}"
# What may follow the word: ``\s*:?(?:\s+{_COLUMN_DATE})?\s*$`` written with no two runs of white space side by
# side (they split a long blank run every way before failing: 6 ms for one "assets", 200 spaces and a word). The
# same strings: blanks and a colon with no date (\s*:?\s*$), or blanks (after a colon, if any) before the date.
AFTER_ASSETS = rf"(?:\s*(?::\s*)?$|(?:\s*:)?\s+{_COLUMN_DATE}\s*$)"
ASSETS_HEADING = regex.compile(rf"^assets{AFTER_ASSETS}", regex.I)
LIABILITIES_HEADING = regex.compile(rf"^{_LIAB}\b.*$|^{_LIAB}\s*:?$", regex.I)
EQUITY_HEADING = regex.compile(rf"^(?:{_OWNER}\s*{_EQUITY_WORD}|{_EQUITY_WORD})(?:\s*\(deficit\))?\s*:?$", regex.I)

# Totals (label of a row with an amount).
TOTAL = r"(?:total|tota[lt1]|totai|fotal)"
TOTAL_ASSETS = regex.compile(rf"^{TOTAL}\s+assets$", regex.I)
TOTAL_LIABILITIES = regex.compile(rf"^{TOTAL}\s+{_LIAB}$", regex.I)
# "Total liabilities and stockholder's equity", also "Total liabilities, subordinated borrowings and …"
# (and the same with OCR's word order: "Total liabilities subordinated borrowings and stockholders equity")
TOTAL_L_AND_E = regex.compile(rf"^{TOTAL}\s+{_LIAB}\s*(?:,|and|&|subordinated)\s*.*{_EQUITY_WORD}.*$|^{TOTAL}$", regex.I)
TOTAL_EQUITY = regex.compile(rf"^{TOTAL}\s+(?:{_OWNER}\s*)?{_EQUITY_WORD}(?:\s*\(deficit\))?$", regex.I)
ANY_TOTAL = regex.compile(rf"^{TOTAL}\b", regex.I)
# A single equity line standing for the whole of equity ("Member's equity", "Partners' capital").
EQUITY_LINE = regex.compile(rf"^{_OWNER}\s*{_EQUITY_WORD}(?:\s*\(deficit\))?$", regex.I)
SUBORDINATED = regex.compile(r"subordinated", regex.I)
# A share-capital caption ("Common stock, without par value, 9,000 shares authorized …"): printed with a dash
# for nil where the shares carry no value, a dash an OCR text layer often loses
STOCK_CAPTION = regex.compile(r"^(?:preferred|common|capital|class\s+[ab]\s+common)\s+stock\b", regex.I)
# One line for subordinated and other debt together ("Subordinated and other long-term borrowings"): a line item,
# not the subordinated borrowings (the figure holds more than they are)
SUBORDINATED_COMBINED = regex.compile(r"subordinated\s+(?:and|&)\s+(?:other|senior|long|unsubordinated)"
                                      r"|(?:senior|other|long[- ]term\s+\w+)\s+(?:and|&)\s+subordinated", regex.I)

# Lines that are part of the page, not the statement: skip them wherever they fall.
NOISE_LINE = regex.compile(
    r"^(?:see\s+(?:the\s+)?accompanying|the\s+accompanying\s+notes|see\s+notes|commitments\b|\(?continued\)?$"
    r"|\(?(?:dollars\s+)?in\s+(?:thousands|millions)|\(?an?\s+(?:indirect|wholly)|confidential)", regex.I)
# The SEC mail room's received stamp, printed across whatever page it lands on ("SEC / Mail Processing /
# Section / FEB 29 2012 / Washington, DC / 121"): its lines are not rows, its words not part of a label.
_STAMP_WORD = r"(?:sec|ma[il1|]{2}|processing|section|washington|d\.?\s?c\.?|received|processed|\d{1,3})"
STAMP_LINE = regex.compile(rf"(?i){_STAMP_WORD}(?:[\s,.]+{_STAMP_WORD})*")
STAMP_IN_LABEL = regex.compile(r"(?i)(?:\s{2,}|^)(?:sec\s+)?ma[il1|]{2}\s+processing(?:\s+section)?(?=\s{2,}|$)")
# A caption printed without an amount that OCR ran into the row above ("Total liabilities Commitments and
# contingencies (Note 7)"): cut from the label it was merged into.
MERGED_CAPTION = regex.compile(r"(?i)(?<=\S)\s+(?:commitments\s+and\s+contingen\w*|contingencies\s+and\s+commitments)\b.*$")
BARE_TOTAL = regex.compile(rf"^{TOTAL}$", regex.I)


def without_captions(label: str) -> str:
    """``MERGED_CAPTION.sub("", STAMP_IN_LABEL.sub("", label))``: each pattern tried only where the label prints a
    word of it ("processing", "contingen") or a character outside ASCII (which a case-blind `regex` may read as a
    letter of one: "ſ" as "s", "ı" as "i")."""
    low = label.lower() if label.isascii() else None
    if low is None or "processing" in low:
        label = STAMP_IN_LABEL.sub("", label)
    return MERGED_CAPTION.sub("", label) if low is None or "contingen" in low else label
# A qualifier printed on the line under a row's figure, finishing that row's label: "(included $423 at fair value
# …)", "which the counterparty has the right to sell or repledge", "net of accumulated depreciation of $331".
# A new caption never begins this way (the parentheses are often lost in an OCR text layer).
QUALIFIER_LINE = regex.compile(r"^(?:\(|(?:included|includes|including|of\s+which|which|net\s+of)\b)")

# Where the statement ends at the latest (the notes begin).
END_LINE = regex.compile(r"^notes\s+to\s+(?:the\s+)?(?:consolidated\s+)?statement|^\d{1,2}\.?\s+organization\b", regex.I)

# The ASCII characters a match of NOISE_LINE, STAMP_LINE and END_LINE can open with: the patterns are tried only on
# a line that opens with one of them or with a character outside ASCII (a case-blind `regex` reads "ſ" as "s", "ı"
# and "İ" as "i", and a digit may be of another script). A `regex` call costs 1-4 us, a row passes them all.
_NOISE_OPENERS = frozenset("sStTcCdDiIaA(")
_STAMP_OPENERS = frozenset("sSmMpPwWdDrR0123456789")
_END_OPENERS = frozenset("nN0123456789")
_TOTAL_OPENERS = frozenset("tTfF")
_OWNER_OPENERS = frozenset("sSmMpPoO")  # (EQUITY_LINE's: stockholder, shareholder, member, partner, owner, proprietor)


def _may_open(text: str, openers: frozenset[str]) -> bool:
    first = text[:1]
    return first in openers or not first.isascii()


def is_total(label: str) -> bool:
    """``ANY_TOTAL.match(label)``: a total's label (every total's pattern opens as it does)."""
    return _may_open(label, _TOTAL_OPENERS) and ANY_TOTAL.match(label) is not None


def is_noise_line(text: str) -> bool:
    """``NOISE_LINE.search(text)``: a line of the page, not of the statement."""
    return _may_open(text, _NOISE_OPENERS) and NOISE_LINE.search(text) is not None


def is_stamp_line(text: str) -> bool:
    """``STAMP_LINE.fullmatch(text)``: a line of the mail room's stamp."""
    return _may_open(text, _STAMP_OPENERS) and STAMP_LINE.fullmatch(text) is not None


def is_equity_line(label: str) -> bool:
    """``EQUITY_LINE.match(label)``: one line for the whole of equity."""
    return _may_open(label, _OWNER_OPENERS) and EQUITY_LINE.match(label) is not None


def names_subordinated(label: str) -> bool:
    """``SUBORDINATED.search(label)``: tried only on a label not all ASCII or that prints the word (lower-cased)."""
    return ("subordinated" in label.lower() if label.isascii() else True) and SUBORDINATED.search(label) is not None


def is_end_line(text: str) -> bool:
    """``END_LINE.search(text)``: the notes begin."""
    return _may_open(text, _END_OPENERS) and END_LINE.search(text) is not None


# --- OCR letter damage in line-item labels -------------------------------------------------------------
# Words of balance-sheet captions. A label word outside this list is corrected only when typical OCR
# confusions (rn↔m, nn→m, !→l, a stray ":", digits for letters: "regulat01y", "prope1ty", "otl1er"), at most
# two of them, or a single edit for longer words, lead to exactly one of them. A word the filing itself uses
# elsewhere (``known``), or an inflection of a caption word ("Certificate", "stocks"), is a word: never changed.
VOCABULARY = frozenset("""
accounts accrued accumulated additional affiliate affiliated affiliates agency agreement agreements allowance
amortization amounts and arrangements asset assets authorized backed balances bank beneficial benefits bond bonds
borrowed borrowing borrowings broker brokerage brokers capital cash certificates clearing clients collateral
collateralized commercial commissions common compensation comprehensive consolidated corporate cost counterparties
counterparty current customer customers dealer dealers debt deferred deficit deposit deposits depreciation derivative
derivatives dividend dividends doubtful drafts due earnings employee entities equipment equity equivalents excess
exchange exchanges expenses facilities fair federal fees financial financing financings fixed foreign from funds
furniture futures goodwill government guaranteed immediate impairment improvements income included includes including
instruments intangible intangibles interest interests inventory investment investments issued leasehold lending
liabilities liability loan loaned loans long marketable market member members membership memberships money mortgage
municipal net noncustomers notes obligation obligations office options organization organizations other others
outstanding owned paid paper parent partner partners payable payables payments pending pledged preferred prepaid
property purchased purposes pursuant readily receivable receivables received regulations regulatory related
repledge repurchase resale resell restricted retained return reverse right secured securities segregated sell short
sold stock stockholder stockholders subordinated subsidiaries taxes term trading transactions treasury unrealized
value variable various
""".split())
# (the stdlib engine: ASCII classes only, which both engines read alike, and a third of `regex`'s cost a call)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9!:]*[A-Za-z!]")
_OCR_SWAPS = (("rn", "m"), ("m", "rn"), ("nn", "m"), ("nn", "rm"), ("!", "l"), (":", ""), (":", "r"), (":", "f"),
              ("1", "l"), ("1", "r"), ("1", "i"), ("1", "t"), ("l1", "h"), ("0", "o"), ("5", "s"), ("ii", "u"))
_KNOWN_WORD = regex.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4,}(?![A-Za-z0-9])")
KNOWN_MIN_USES = 3  # a spelling the filing prints this often is its own, not a misreading


# Bytes of a lower-cased text kept as word characters; every other byte (UTF-8 of non-ASCII included) separates
_LETTERS_DIGITS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_WORD_BYTES = bytes(b if b in _LETTERS_DIGITS else 0x20 for b in range(256))
_COUNT_PIECE = 1 << 20  # characters counted at once (cut before a character no word holds, so no word is cut)
_NOT_WORD_CHAR = re.compile(r"[^a-z0-9]")


def filing_words(text: str, low: str | None = None) -> frozenset[str]:
    """Words (lower case) a filing prints at least ``KNOWN_MIN_USES`` times: its own vocabulary. ``low``: the
    text's ``lowered`` copy, when the caller has it."""
    low = lowered(text) if low is None else low
    if low is None:
        counts = Counter(w.lower() for w in _KNOWN_WORD.findall(text))
        return frozenset(w for w, n in counts.items() if n >= KNOWN_MIN_USES)
    # One pass in C instead of a match per word: a word of _KNOWN_WORD is a whole run of ASCII letters and digits
    # that has no digit. In the lower-cased text, blank every byte but [a-z0-9], split, count the runs.
    runs: Counter[bytes] = Counter()
    start = 0
    while start < len(low):  # a piece at a time: every word of a 30 MB filing in one list took 300 MB
        cut = _NOT_WORD_CHAR.search(low, start + _COUNT_PIECE)
        end = len(low) if cut is None else cut.start()
        runs.update(low[start:end].encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split())
        start = end
    return frozenset(w.decode() for w, n in runs.items() if n >= KNOWN_MIN_USES and len(w) >= 4 and w.isalpha())


_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # what a word of filing_words is made of


class FilingWords:
    """:func:`filing_words`, counted when label repair first asks (most statements' labels are all caption words,
    and the count reads the whole filing)."""

    def __init__(self, text: str, low: str | None = None) -> None:
        self._text: str | None = text
        self._low = low
        self._words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = filing_words(self._text or "", self._low)
            self._text = self._low = None  # (the texts are let go)
        return self._words

    def prints(self, word: str) -> bool:
        """``word in self.words`` for a lower-case word. Until every word has been counted, and where the lowered
        copy is at hand, the word's own uses are counted there: a repair asks after a few words, and counting every
        word of a 46 KB filing takes 0.8 ms, finding one word 0.02 ms."""
        low = self._low
        if self._words is not None or low is None:
            return word in self.words
        if not (len(word) >= 4 and word.isascii() and word.isalpha() and word.islower()):
            return False  # the only words filing_words counts
        uses, at, size = 0, low.find(word), len(word)
        while at >= 0:  # a use is a whole run of letters and digits (filing_words splits the copy at every other)
            if (at == 0 or low[at - 1] not in _RUN_CHARS) and low[at + size:at + size + 1] not in _RUN_CHARS:
                uses += 1
                if uses >= KNOWN_MIN_USES:
                    return True
            at = low.find(word, at + 1)
        return False


Known = frozenset[str] | FilingWords


def _known_words(known: Known) -> frozenset[str]:
    return known.words if isinstance(known, FilingWords) else known


def _is_known(low: str, known: Known) -> bool:
    return known.prints(low) if isinstance(known, FilingWords) else low in known


def _swapped(low: str) -> set[str]:
    """``low`` with one or two of the OCR confusions undone."""
    once = {low.replace(a, b) for a, b in _OCR_SWAPS if a in low}
    return once | {f.replace(a, b) for f in once for a, b in _OCR_SWAPS if a in f}


STREET_WORDS = frozenset("street avenue boulevard plaza road drive suite floor center centre building place square "
                         "parkway lane court tower way".split())


FAR_MIN_LEN = 6  # two letters misread are repaired only in a word this long ("boiTowed", "tinaneings", "eqinty")
FAR_MARGIN = 1  # and only when every other word (but the same word inflected) is further away
# Letters OCR takes for one another (shapes alike): a two-letter repair must be two of these, so a real word two
# letters from a caption word ("accrual" / "accrued") is never "repaired".
_LOOKALIKE_LETTERS = frozenset(frozenset(p) for p in
                               "ir tr tf fr ec eo co ao vw eg gq iu in nu nh hb li lt it uv yv".split())


def _lookalike_edits(low: str, word: str) -> bool:
    """Is ``low`` ``word`` with letters misread in place, each as a look-alike?"""
    return len(low) == len(word) and all(a == b or frozenset((a, b)) in _LOOKALIKE_LETTERS for a, b in zip(low, word))


def _inflected(a: str, b: str) -> bool:
    return a in (b + "s", b + "es") or b in (a + "s", a + "es")


# Endings of one English stem: "relates" and "related", "secures" and "secured" are both words
_ENDINGS = ("", "s", "es", "d", "ed", "ing")
STEM_MIN_LEN = 4  # shorter stems ("fee": "fees" / "feed") are too often other words' beginnings


def _other_form(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` two forms of one stem? One is then a real word, not the other misread."""
    for end in _ENDINGS:
        stem = a[: len(a) - len(end)] if end else a
        if a.endswith(end) and len(stem) >= STEM_MIN_LEN and b.startswith(stem) and b[len(stem):] in _ENDINGS:
            return True
    return False


def _far_hits(low: str, vocabulary: frozenset[str], known: frozenset[str]) -> set[str]:
    """The one caption word two look-alike letters from ``low`` when no other word (of the captions or of the
    filing's own vocabulary) comes within ``FAR_MARGIN`` more edits: OCR damage, not another word."""
    near = process.extract(low, vocabulary | known, scorer=Levenshtein.distance, limit=None,
                           score_cutoff=2 + FAR_MARGIN - 1)
    if not near or near[0][1] != 2:
        return set()
    word = near[0][0]
    rivals = [w for w, d, _ in near[1:] if d < 2 + FAR_MARGIN and not _inflected(w, word)]
    if rivals or word not in vocabulary or not _lookalike_edits(low, word):
        return set()
    return {word}


# _caption_word's answer where only the filing's own words can settle a two-letter repair (no caption word is empty)
_FAR = ""


@lru_cache(maxsize=8192)
def _caption_word(low: str, vocabulary: frozenset[str], far: bool) -> str | None:
    """The one caption word ``low`` (no caption word itself) is a misreading of, or None; ``_FAR`` where the
    two-letter repair is left to decide (it weighs the filing's words). A pure function of the word: cached,
    since the same label words come back in every statement and every filing."""
    hits = _swapped(low) & vocabulary
    if not hits and len(low) >= 5 and low.isalpha():
        hits = {v for v, d, _ in process.extract(low, vocabulary, scorer=Levenshtein.distance, score_cutoff=1,
                                                  limit=None) if d == 1}  # one edit away (in C, not word by word)
    if not hits and far and len(low) >= FAR_MIN_LEN and low.isalpha():
        # _far_hits answers a caption word of look-alike letters only: without one it answers nothing
        return _FAR if any(_lookalike_edits(low, w) for w in vocabulary) else None
    if len(hits) != 1 or any(_other_form(low, h) for h in hits):
        return None  # another form of a caption word ("stocks", "relates") is a word, not damage
    return next(iter(hits))


def _fix_word(word: str, vocabulary: frozenset[str] = VOCABULARY, known: Known = frozenset(),
              far: bool = False) -> str:
    low = word.lower()
    if low in vocabulary or len(low) < 3 or not low.isascii():
        return word
    fixed = _caption_word(low, vocabulary, far)
    if fixed is None:
        return word  # nothing to repair: the filing's own words need not be counted
    if _is_known(low, known):
        return word
    if fixed == _FAR:
        hits = _far_hits(low, vocabulary, _known_words(known))
        if len(hits) != 1 or any(_other_form(low, h) for h in hits):
            return word
        fixed = hits.pop()
    if word.isupper():
        return fixed.upper()
    return fixed.capitalize() if word[0].isupper() else fixed


_STOP = frozenset("a an and as at but by for from in not of on or per the to with yet".split())
_TOKEN = regex.compile(r"\S+")


def _plain(label: str) -> bool:
    """Is ``label`` ASCII with no white space but the space? Its words are then split alike by str.split and by
    ``_TOKEN`` (whose white space leaves out the separators U+001C-U+001F), and lowered a letter for a letter."""
    return label.isascii() and label.isprintable()


def _is_word(low: str, vocabulary: frozenset[str]) -> bool:
    return low in vocabulary or low in _STOP


def _join_splits(label: str, vocabulary: frozenset[str]) -> str:
    """``reg ilatory`` → ``regulatory``: two adjacent non-words that make one (after the usual OCR repair)."""
    if _plain(label) and not any(w.isalpha() for w in set(label.lower().split()) - vocabulary - _STOP):
        return label  # (most labels: every word of letters alone is a word, found by set difference in C)
    # most labels have no two non-words side by side: each token judged once, no spans taken
    odd = [t.isalpha() and not _is_word(t.lower(), vocabulary) for t in _TOKEN.findall(label)]
    if not any(a and b for a, b in zip(odd, odd[1:])):
        return label
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(label)]
    for (a0, _, a), (_, b1, b) in zip(tokens, tokens[1:]):
        if not (a.isalpha() and b.isalpha()) or _is_word(a.lower(), vocabulary) or _is_word(b.lower(), vocabulary):
            continue
        joined = _fix_word(a + b, vocabulary)
        if joined.lower() in vocabulary:
            return _join_splits(label[:a0] + joined + label[b1:], vocabulary)
    return label


def fix_ocr_words(label: str, vocabulary: frozenset[str] = VOCABULARY, known: Known = frozenset()) -> str:
    """``Fumiture`` → ``Furniture``, ``retum`` → ``return``, ``Additiona!`` → ``Additional``, ``regulat01y`` →
    ``regulatory``; ``known``: the filing's own words, left as they are."""
    label = _join_splits(label, vocabulary)
    far = vocabulary is VOCABULARY  # the captions' words are long and few; two edits are safe only among them
    if label.isascii():
        # a word is repaired or not by its lower case alone (the repair takes the word's case): each word of the
        # label asked once in lower case, and caption words not at all
        if all(_fix_word(low, vocabulary, known, far) == low for low in set(_WORD.findall(label.lower())) - vocabulary):
            return label
    elif all(_fix_word(word, vocabulary, known, far) == word for word in _WORD.findall(label)):
        return label  # no word repaired (most labels): the label is not rewritten
    return _WORD.sub(lambda m: _fix_word(m.group(0), vocabulary, known, far), label)
