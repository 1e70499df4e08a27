"""A footnote mark raised in HTML (<sup>, or CSS: vertical-align: super/top, "position:relative;top:-3.5pt", a small
font) is rendered in parentheses, so it never merges with the number before it ("36,832,408" + "1" used to read
"36,832,4081"). Real filing outside the corpus; source in tests/fixtures/schedule13/README.md."""
from __future__ import annotations

from edgarsift.read import read

from .unseen13 import FIXTURES, rec


def test_superscript_mark_after_text_is_set_apart():
    # Eldorado Gold's 13G/A HTML: "(AMENDMENT NO. 1)<sup>1</sup>" — the mark used to render as "(AMENDMENT NO. 1)1"
    name = "cikcusip__2009_SC_13GA_908177.txt"
    doc = read(FIXTURES / name)
    assert "(AMENDMENT NO. 1)(1)" in doc.text
    raw = doc.raw
    assert "(AMENDMENT NO. 1)<sup>1</sup>" in raw
    assert rec(name).amendment_number == 1
