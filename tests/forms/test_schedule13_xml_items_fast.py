"""The XML forms' Items 4/5 are searched for a class total only where a leaf's text can hold one: digits and a word.
A leaf of figures and marks alone ("700,000", "5.3") is skipped (xmlform._MAY_HOLD_WORD); these tests show that
skipping it changes nothing, and that a text whose words are all entities is still read."""
from __future__ import annotations

import random
import string
from pathlib import Path

import regex

from edgarsift import extract
from edgarsift.forms.schedule13 import xmlform
from edgarsift.forms.schedule13.body import shares_outstanding
from edgarsift.text.clean import clean_text
from edgarsift.text.view import TextView

from .unseen13 import FIXTURES

# every ASCII character but letters and "&", with the marks boxes and escapes are written with weighted up
_WORDLESS = "".join(c for c in string.printable if not c.isalpha() and c != "&")
_PIECES = [*_WORDLESS, "[ ]", "[*]", "(*)", "\\$", "\\%", "__", "<>", "0", "1,000,000", "5.3%", " ", "\n", "\t"]
_ASCII_WORD = regex.compile(r"[A-Za-z]{2,}")


def test_a_wordless_ascii_text_cleans_to_no_word_and_states_no_class_total():
    rnd = random.Random(16)
    for _ in range(4000):
        raw = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 30)))
        assert not xmlform._MAY_HOLD_WORD.search(raw)
        view = clean_text(TextView.of(raw))
        assert not _ASCII_WORD.search(view.text), (raw, view.text)
        assert shares_outstanding(view.text, 0, len(view.text)) is None, raw


def _entities(words: str) -> str:
    return "".join(f"&#{ord(c)};" if c.isalpha() else c for c in words)


_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
_BASIS_LEAF = regex.compile(r"<percentageOfClassSecurities>([^<]*)</percentageOfClassSecurities>")


def test_an_item_written_in_entities_is_still_read():
    """A real 13D XML whose Item 5 states its class total, with every letter of that leaf written as a character
    reference: "&" keeps the leaf in the search (left out of _MAY_HOLD_WORD, the total is lost)."""
    path = _CORPUS / "sc13d" / "cikcusip__2024_SCHEDULE_13D_1767199.txt"
    text = path.read_text()
    assert extract(path).data.shares_outstanding == 36282883
    leaf = _BASIS_LEAF.search(text)
    assert leaf and "36,282,883" in leaf.group(1)
    derived = text[:leaf.start(1)] + _entities(leaf.group(1)) + text[leaf.end(1):]
    assert not regex.search(r"[A-Za-z]{2}", _entities(leaf.group(1)).replace("&#", ""))
    assert extract(derived.encode()).data.shares_outstanding == 36282883


def test_the_corpus_xml_forms_read_the_same_without_the_skip(monkeypatch):
    """Every XML 13D/G of the corpus and fixtures gives the same record when no leaf is skipped."""
    paths = sorted(_CORPUS.glob("sc13*/*SCHEDULE_13*.txt")) + sorted(FIXTURES.glob("*.xml"))
    assert len(paths) >= 8
    with_skip = {p.name: extract(p).model_dump(exclude={"extractor_version"}) for p in paths}
    assert sum(1 for r in with_skip.values() if r["data"] and r["data"]["shares_outstanding"]) >= 1
    monkeypatch.setattr(xmlform, "_MAY_HOLD_WORD", regex.compile(""))  # matches every text: nothing skipped
    for p in paths:
        assert extract(p).model_dump(exclude={"extractor_version"}) == with_skip[p.name], p.name
