"""The compiled plain XML scan (``_xmlscan.c``) gives what the Python one (``_scan_plain``) gives: the same
leaves (``Leaf`` tuples: path, text, exact span, owner ids), the same element names, the same leaves by name,
and the same ReadError past the depth cap. Compared on every corpus and fixture XML part, on pieces of them
cut anywhere, on the hard cases of the Python fast paths' test and on generated documents mixing one-, two-
and four-byte characters."""
from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from edgarsift import ReadError
from edgarsift.read import xml as X

from .test_xml_fast2 import HARD, _generated, _same, _xml_parts


def _outcome(scan, raw: str, start: int, end: int, source: str | None):
    try:
        return scan(raw, start, end, source)
    except ReadError as exc:
        return exc


def _check(raw: str, start: int = 0, end: int | None = None, what: str = "", source: str | None = None) -> None:
    end = len(raw) if end is None else end
    got = _outcome(X._scan_native, raw, start, end, source)
    want = _outcome(X._scan_plain, raw, start, end, source)
    if isinstance(want, ReadError):
        assert isinstance(got, ReadError) and str(got) == str(want), what
        return
    assert isinstance(got, X.XmlIndex), (what, got)
    assert all(type(lf) is X.Leaf for lf in got.leaves), what
    assert got._by_name == want._by_name, what  # built by the scan: compared before any lookup
    assert list(got._by_name or ()) == list(want._by_name or ()), what  # in the same order
    _same(got, want, what)


def test_the_extension_is_built():
    """pip install compiles it (setup.py); a missing compiler would silently leave the slower Python scan."""
    import edgarsift.read._xmlscan  # noqa: F401

    assert X._xmlscan is not None


def test_xml_index_takes_the_compiled_scan_unless_told_not_to():
    code = "from edgarsift.read import xml; print(xml._NATIVE)"
    env = {k: v for k, v in os.environ.items() if k != "EDGARSIFT_PURE_PYTHON"}
    for pure, want in (("", "True"), ("1", "False")):
        out = subprocess.run([sys.executable, "-c", code], env={**env, "EDGARSIFT_PURE_PYTHON": pure},
                             capture_output=True, text=True, check=True).stdout.strip()
        assert out == want, pure


def test_corpus_and_fixture_parts_scan_alike():
    parts = [p for p in _xml_parts() if p[1].find("<!", p[2], p[3]) < 0]
    assert len(parts) >= 10
    for name, raw, start, end in parts:
        _check(raw, start, end, name)
        _check(raw, 0, len(raw), f"{name} whole")  # headers and other parts around it too


def test_corpus_parts_cut_anywhere_scan_alike():
    rnd = random.Random(1616)
    for name, raw, start, end in _xml_parts():
        for _ in range(40):
            a = rnd.randint(start, end)
            b = rnd.randint(a, min(end, a + rnd.choice((1, 10, 40, 400, 4000))))
            _check(raw, a, b, f"{name}[{a}:{b}]")


def test_hard_cases_scan_alike_cut_anywhere():
    for case in HARD + _MORE_HARD:
        _check(case, what=repr(case))
        for cut in range(len(case) + 1):
            _check(case, 0, cut, repr(case[:cut]))
            _check(case, cut, len(case), repr(case[cut:]))


def test_offsets_out_of_range_are_clamped_as_finditer_clamps():
    case = "<r><a> x </a></r>"
    for start, end in ((-5, 100), (3, 2), (100, 200), (0, -1), (-3, -1)):
        _check(case, start, end, f"{start}:{end}")


def test_fast_paths_generated_cases_scan_alike():
    for i, case in enumerate(_generated(3000, 61)):
        _check(case, what=f"#{i} {case!r}")


def test_wide_generated_cases_scan_alike():
    for i, case in enumerate(_wide_generated(4000, 62)):
        _check(case, what=f"#{i} {case!r}")


def test_depth_cap_at_and_past_it_in_every_character_width(monkeypatch):
    for wide in ("", "\u00e9", "\u0130", "\U0001d51e"):
        for name in ("a", "ns:a", f"a{wide}"):
            close = name
            for depth in (X.MAX_XML_DEPTH - 1, X.MAX_XML_DEPTH, X.MAX_XML_DEPTH + 1, X.MAX_XML_DEPTH + 5):
                doc = f"<?xml version='1.0'?>{wide}" + f"<{name}>" * depth + "<x> 1 </x>" + f"</{close}>" * depth
                _check(doc, what=f"{name} {depth}", source="deep.xml")
                _check(doc + "<y>2</y>", what=f"{name} {depth} then a leaf", source=None)
    with pytest.raises(ReadError, match="^deep.xml: XML nested more than 64 elements deep"):
        X._scan_native("<a>" * 65 + "<b>", 0, 65 * 3 + 3, "deep.xml")
    X._scan_native("<a>" * 64 + "<b>x</b>", 0, 64 * 3 + 8, "deep.xml")  # at the cap: no error
    # a lower cap (as a test may set it) is read at every call, and random documents meet it anywhere
    monkeypatch.setattr(X, "MAX_XML_DEPTH", 3)
    for i, case in enumerate(_wide_generated(1500, 63)):
        _check(case, what=f"cap 3 #{i} {case!r}", source="s")


def test_unfilled_chains_and_unmatched_closers_scan_alike(monkeypatch):
    """Containers without leaves filled from far up, closing tags of names open far down, or not open at all
    (the bucket count), with the cap lifted as the hostile-input test lifts it."""
    monkeypatch.setattr(X, "MAX_XML_DEPTH", 5000)
    rnd = random.Random(64)
    names = ["a", "b", "c", "p:a", "q:b", "\u0130", "\U0001d51e", "x" * 300]
    for i in range(300):
        out = []
        for _ in range(rnd.randint(1, 400)):
            name = rnd.choice(names)
            kind = rnd.random()
            if kind < 0.45:
                out.append(f"<{name}>")
            elif kind < 0.75:
                out.append(f"</{name}>")
            else:
                out.append(f"<{name}>v{rnd.randint(0, 9)}</{name}>")
        doc = "".join(out)
        _check(doc, what=f"#{i} {doc[:200]!r}")
    deep = "<a>" * 3000 + "</b>" * 3000 + "<x>2</x>" + "<c>" * 10 + "<y>3</y>" + "</a>" * 1500 + "<z>4</z>"
    _check(deep, what="deep")


def test_the_declaration_test_is_str_find():
    """xml_index's choice of scan: has_declaration is raw.find("<!", start, end) >= 0, offsets read as find reads
    them (negative from the end, past the end clamped)."""
    from edgarsift.read import _xmlscan

    rnd = random.Random(65)
    texts = [raw for _name, raw, _s, _e in _xml_parts()] + HARD + _MORE_HARD + _wide_generated(300, 66)
    texts += ["", "<", "!", "<!", "a<!", "<!a", "<<!!", "<\u0130<!", "\U0001d51e<!", "<\u0130!", "<!" * 3]
    for raw in texts:
        n = len(raw)
        offsets = [(0, n), (0, n - 1), (1, n)] + [(rnd.randint(-n - 3, n + 3), rnd.randint(-n - 3, n + 3))
                                                   for _ in range(30)]
        for at in [i for i in range(n) if raw.startswith("<!", i)][:20]:  # around each "<!"
            offsets += [(at, at + 2), (at, at + 1), (at + 1, n), (at - 1, at + 2), (at - n, at + 2 - n)]
        for start, end in offsets:
            assert _xmlscan.has_declaration(raw, start, end) == (raw.find("<!", start, end) >= 0), (raw[:80], start, end)


def test_the_comparison_can_fail():
    """A different text, span or path is told apart."""
    raw = "<r><a> x &amp; y </a><b>z</b></r>"
    want = X._scan_plain(raw, 0, len(raw))
    for other in ("<r><a> x &amp; z </a><b>z</b></r>", "<r><a>  x &amp; y </a><b>z</b></r>",
                  "<r><c> x &amp; y </c><b>z</b></r>", "<q><a> x &amp; y </a><b>z</b></q>"):
        got = X._scan_native(other, 0, len(other))
        assert [tuple(lf) for lf in got.leaves] != [tuple(lf) for lf in want.leaves], other


# Beyond test_xml_fast2's hard cases: names and white space wider than Latin-1 (two- and four-byte strings),
# '>' inside quoted attributes (the pattern ends the tag there anyway), CR LF, empty leaves, closing tags with
# white space of every kind before '>', a closing tag followed by text and the same closing tag (one match
# swallows both), tags running into the end, '<' inside a tag.
_MORE_HARD = [
    '<r><a x="1>2">t</a><b y=\'>\'>u</b><c z="/>">v</c></r>',
    "<r>\r\n  <a>\r\n one \r\n</a>\r\n<b></b><c> </c><d>\r\n</d></r>\r\n",
    "<r><a>x</a \t\r\n><b>y</b\u3000><c>z</c\x1c><d>w</d\x85><e>v</e\u200b></r>",
    "<r><a>1</a>2</a><a>3</a></r></r><b>4</b>",
    "<r><a>1</a><a b='",
    "<r><a>1</a><a",
    "<r><a>1</a></",
    "<r><a>1</a><a>2",
    "<r<a>x</a><b <c>y</c>z</b></r>",
    "<K\u212a>kelvin</K\u212a><\u017f>s</\u017f><\u0130x>i</\u0130x><\u0131>j</\u0131>",
    "<\U0001d51e:\U0001d51f>\U0001f600 &amp; \U0001d51e</\U0001d51e:\U0001d51f><\U0001d51f>x</\U0001d51f>",
    "<r>\U0001f600<a>\u2028x\u2029</a><b>\u00a0\u1680y\u202f\u205f</b><c>\x1d</c></r>",
    "<r:>\u0660<\u0660>arabic digit</\u0660><\u00b2>sup</\u00b2><\u2160>roman</\u2160><\u00bd>half</\u00bd></r:>",
    "<a:b:c>1</a:b:c><a:b:c>2</c><x:a>3</y:a><a>4</b:a>",
    "<r><a>&lt;&gt;&amp;&quot;&apos;&#1234;&#x1F600;&nosuch;&amp</a><b>&</b><c> & </c></r>",
    "<r/><r /><r/>x</r><s></s><t>a<u/>b</t>",
    "</a></b><a></a></a><b>t</b>",
]

_WIDE_PIECES = ["<r>", "</r>", "<a>", "</a>", "<p:a>", "</p:a>", "</q:a>", "<a x='>'>", "<a/>", "<a />", "<a\"q\">",
                "<\u0130>", "</\u0130>", "<\u212a>", "</\u212a>", "<\u017f>", "</\u017f>", "<\U0001d51e>",
                "</\U0001d51e>", "<é>", "</é>", "</a\u3000>", "</a\r\n>", "<b>", "</b>", "<b\t>", "</b\x1c>",
                "x", " y ", "\r\n", "\u3000", "\U0001f600", "\u00a0", "\x85", "&amp;", "&#x1F600;", "&", "<", ">",
                "/", "'", '"', "=", ":", "<1>", "</1>", "<.>", "</.>", "<-a>", "</-a>", "<a:>", "</a:>", "\x00", "\x0b\x0c",
                "</a\x0b>", "\u2028", "<a\x00>", "</a\x00>"]


def _wide_generated(n: int, seed: int) -> list[str]:
    """Documents of pieces up to a width drawn for each (ASCII, Latin-1, two-byte, any): every string kind."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        widest = rnd.choice((0x7F, 0xFF, 0xFFFF, 0x10FFFF))
        pieces = [p for p in _WIDE_PIECES if max(map(ord, p)) <= widest]
        out.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 50))))
    return out
