"""Hostile XML: deep nesting is refused with a ReadError, and the leaf scan stays linear in
the document however deep it nests (no per-level copy of the ancestors' path or owner ids)."""
from __future__ import annotations

import sys

import pytest

import edgarsift.read.xml  # noqa: F401  (the module, not the ``read`` function the package re-exports)
from edgarsift import ReadError, extract

from .conftest import CORPUS

xml = sys.modules["edgarsift.read.xml"]

FORM_D = CORPUS / "form_d/edgartools__D.1685REIT.xml"
DEEP = 50_000  # levels: quadratic copying would need ~10 GB and minutes here; linear takes well under a second


def _chain(n: int, head: str = '<?xml version="1.0"?>') -> str:
    """``n`` nested elements with one leaf at the bottom."""
    return head + "<a>" * n + "<x>1</x>" + "</a>" * n


def test_nesting_deeper_than_the_cap_is_a_read_error_naming_the_source():
    for head in ('<?xml version="1.0"?>', '<?xml version="1.0"?><!-- a comment: the tolerant tokenizer -->'):
        with pytest.raises(ReadError) as exc:
            xml.xml_index(_chain(xml.MAX_XML_DEPTH + 1, head), source="deep.xml")
        assert str(exc.value).startswith("deep.xml: XML nested more than 64 elements deep")
        ok = xml.xml_index(_chain(xml.MAX_XML_DEPTH - 1, head))  # at the cap: read as usual
        assert [lf.path for lf in ok.leaves] == ["a/" * (xml.MAX_XML_DEPTH - 1) + "x"]


def test_a_deeply_nested_file_is_a_read_error_from_extract(tmp_path):
    p = tmp_path / "deep.xml"
    p.write_text('<?xml version="1.0"?><edgarSubmission>' + "<a>" * 100_000 + "<x>1</x>" + "</a>" * 100_000
                 + "</edgarSubmission>")
    with pytest.raises(ReadError) as exc:
        extract(p)
    assert "XML nested more than 64 elements deep" in str(exc.value)


@pytest.mark.parametrize("head", ['<?xml version="1.0"?>', '<?xml version="1.0"?><!-- c -->'])
def test_the_scan_is_linear_in_depth_when_the_cap_is_lifted(monkeypatch, head):
    monkeypatch.setattr(xml, "MAX_XML_DEPTH", 10 * DEEP)
    (leaf,) = xml.xml_index(_chain(DEEP, head)).leaves
    assert leaf.text == "1" and len(leaf.owners) == DEEP + 1 and leaf.path == "a/" * DEEP + "x"
    # closing tags that match nothing open (each used to walk the whole stack)
    index = xml.xml_index(head + "<a>" * DEEP + "</b>" * DEEP + "<x>2</x>")
    assert [(lf.text, len(lf.owners)) for lf in index.leaves] == [("2", DEEP + 1)]


def test_leaves_below_unfilled_levels_get_every_ancestor():
    """A real Form D wrapped in containers that hold no leaf of their own: paths and owner ids are those of
    the unwrapped document behind the wrappers, in both tokenizers, and the record's lookups still work."""
    raw = FORM_D.read_text()
    body = raw[raw.index("?>") + 2:]
    depth = 40
    wrapped = '<?xml version="1.0"?>' + "<w:wrap>" * depth + body + "</w:wrap>" * depth
    plain = xml.xml_index(raw)
    for doc in (wrapped, wrapped.replace("<w:wrap>", "<!-- c --><w:wrap>", 1)):
        index = xml.xml_index(doc)
        assert len(index.leaves) == len(plain.leaves) > 50
        shift = len(doc) - len(raw) - depth * len("</w:wrap>")  # where the body moved to
        for a, b in zip(plain.leaves, index.leaves):
            assert b.path == "wrap/" * depth + a.path and b.text == a.text
            assert (b.start, b.end) == (a.start + shift, a.end + shift)
            assert list(b.owners) == list(range(depth)) + [o + depth for o in a.owners]
        assert index.text("issuerAddress/city") == plain.text("issuerAddress/city") is not None
        assert len(index.each("relatedPersonInfo")) == len(plain.each("relatedPersonInfo")) > 1


def test_mismatched_and_unclosed_tags_are_still_tolerated():
    index = xml.xml_index('<?xml version="1.0"?><r><p><q>one</q></p></zz><s>two</s><t><u>three</u></r>')
    assert [(lf.path, lf.text) for lf in index.leaves] == [("r/p/q", "one"), ("r/s", "two"), ("r/t/u", "three")]
    index = xml.xml_index('<?xml version="1.0"?><!-- c --><r><p><q>one</q></zz></p><s>two</s><t><u>three</u></r>')
    assert [(lf.path, lf.text) for lf in index.leaves] == [("r/p/q", "one"), ("r/s", "two"), ("r/t/u", "three")]
    # a prefix with no local name ("</q:>") closes nothing, and the document root stays open
    index = xml.xml_index('<?xml version="1.0"?><r></q:><b>1</b></r>')
    assert [(lf.path, lf.text) for lf in index.leaves] == [("r/b", "1")]
