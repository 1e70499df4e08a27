"""Still more of the X-17A-5 reader's fast paths, each checked against the plain code it replaces (speed work,
issue 16): the plain versions are copied here as they were, and every fast path must give what they give on the
corpus's and the fixtures' X-17A-5 texts and on generated signature blocks."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from edgarsift.forms.x17a5 import facing as F
from edgarsift.read import read_bytes
from edgarsift.text.view import TextView

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS.parent.parent / "shared" / "corpus" / "x17a5"


def _texts() -> list[str]:
    paths = sorted(p for d in ("x17a5", "x17a5_audit", "x17a5_holdout", "x17a5_holdout2")
                   for p in (TESTS / "fixtures" / d).glob("*.txt") if not p.name.endswith(".notes.txt"))
    paths += sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".htm", ".html")
                    and not p.name.endswith(".notes.txt"))
    assert len(paths) > 25
    return [read_bytes(p.read_bytes(), str(p), ocr="never").view().text for p in paths]


# --- the oath's signer titles: read lazily, the first two at most ----------------------------------------------

def _titles_plain(view: TextView, a: int, b: int, reread=None) -> list[F.Value]:
    """``facing._titles`` as it was: every block's title, as a list (each line read again by ``reread`` as there)."""
    text = view.text
    captions = list(F._TITLE_CAPTION.finditer(text, a, b))
    out: list[F.Value] = []
    if captions:
        start = a
        for c in captions:
            line_end = text.find("\n", c.end())
            same = F._line_values(view, c.end(), line_end if line_end >= 0 else b)
            lines = F._last_line_values(view, start, c.start(), 3)
            found = next((t for v in same[:1] + list(reversed(lines)) if (t := F._title_in(v, True, reread))), None)
            if found:
                out.append(found)
            start = c.end()
        return out
    return [t for v in F._line_values(view, a, b) if (t := F._title_in(v, False, reread))]


_TITLE_BITS = ["Chief Financial Officer", "CHIF FINANCIAL   OFFICER", "Managing Director", "T R E AS U R ER",
               "Title:  President", "Title", "Vice President and Treasurer", "Notary Public", "Signature",
               "John Smith", "  i          Mary Jones", "_sssiPresident", "Member", "sworn and subscribed",
               "(Title)", "Presidnet", "FINOP", "My commission expires", "", "   ", "Chief Executive Officer, CEO"]


def _signature_texts(n: int) -> list[str]:
    rnd = random.Random(1617)
    return ["\n".join(rnd.choice(_TITLE_BITS) + rnd.choice(["", "   ", "\f"]) for _ in range(rnd.randrange(0, 14)))
            for _ in range(n)]


def test_titles_read_lazily_are_the_titles():
    cases = 0
    for text in _texts() + _signature_texts(3000):
        view = TextView.of(text)
        cut = len(text) // 3
        for a, b in ((0, len(text)), (cut, min(len(text), cut + 3000)), (0, min(len(text), 6000))):
            assert [(t.text, t.span) for t in F._titles(view, a, b)] == \
                [(t.text, t.span) for t in _titles_plain(view, a, b)]
            cases += 1
    assert cases > 9000


def _oath_plain(view: TextView) -> tuple[F.Value | None, F.Value | None]:
    """``facing.oath`` as it was: every title read (the plain titles, not cut short), the first (or second) taken."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(F, "_titles", _titles_plain)
        mp.setattr(F, "islice", lambda titles, _: titles)  # (the list of them all)
        return F.oath(view)


@pytest.mark.parametrize("two", [False, True])
def test_oath_reads_the_title_the_plain_titles_give(two: bool):
    texts = _texts()
    rnd = random.Random(two)
    signer = "We, John Smith and Mary Jones," if two else "I, John Smith,"
    for body in _signature_texts(300):
        texts.append(f"OATH OR AFFIRMATION\n{signer} swear (or affirm) that, to the best of my knowledge\n"
                     f"{body}\n{rnd.choice(_TITLE_BITS)}\nThis report contains (check all applicable boxes)")
    for text in texts:
        view = TextView.of(text)
        got, want = F.oath(view), _oath_plain(view)
        assert [(v.text, v.span) if v else None for v in got] == [(v.text, v.span) if v else None for v in want]


# --- a title line's disqualifying words: looked for in the folded line ----------------------------------------

def test_not_a_title_line_is_the_plain_pattern():
    import regex

    plain = regex.compile(r"(?i)notary|commission|swear|affirm|subscribed")
    lines = [line for text in _texts() for line in text.splitlines()]
    rnd = random.Random(759)
    bits = ["NOTARY", "Notary", "no tary", "commiſſion", "SWEAR", "\u0130", "\u212a", "affİrm", "aff irm",
            "subscribed", "Subscri", "bed", "s", "i", "\u017f", "wear", " ", "Chief", "\u00e9", "\u03a3"]
    lines += ["".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 8))) for _ in range(20000)]
    hits = 0
    for line in lines:
        want = plain.search(line) is not None
        assert F.holds_key(F._NOT_A_TITLE_LINE, line) == want, repr(line)
        hits += want
    assert hits > 1000


# --- a line is searched for a title only if it holds the rarest word of some title ------------------------------

def test_every_line_with_a_title_holds_a_title_key():
    lines = [line for text in _texts() for line in text.splitlines()]
    rnd = random.Random(63)
    bits = ["Financial Principal", "FINANCIAL AND OPERATIONS PRINCIPAL", "Financial and Operations Principa1",
            "Managing Member", "MANAGİNG PARTNER", "General Partner", "Chief Financial Officer", "financial statement",
            "Vice Preſident", "Comptroller", "Director", "_sssiPresident", "CEO", "coo", "x", " ", "\u212a", "ſ"]
    lines += ["".join(rnd.choice(bits) + rnd.choice([" ", "", "  "]) for _ in range(rnd.randrange(0, 6)))
              for _ in range(20000)]
    titled = [line for line in lines if F.TITLE_WORDS.search(line) or F._TITLE_WORDS_GLUED.search(line)]
    assert len(titled) > 5000
    assert all(F.holds_key(F._TITLE_KEY, line) for line in titled)
