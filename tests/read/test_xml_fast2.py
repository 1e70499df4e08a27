"""The XML scans' fast paths give the index the plain scans give: the same leaves (path, text, exact span, owner
ids), the same element names and the same lookups. The references below are the scans as they were before the
fast paths (the tolerant scan taking a leaf as its opening tag, text and closing tag, three tokens; the plain scan
trimming every leaf's text with ``strip``). Both are compared on every corpus and fixture XML part, on pieces of
them cut anywhere, and on generated hard cases."""
from __future__ import annotations

import random
import re
from functools import lru_cache

import regex

from edgarsift.read import read
from edgarsift.read import xml as X
from edgarsift.read.xml import Leaf, XmlIndex

from ..conftest import CORPUS, ROOT

_SKIP = (".gold.json", ".notes.txt", ".pdf", "MANIFEST.tsv", ".json")

# ---- the references: the scans before the fast paths ----------------------------------------------------------

def _ref_fill(stack: list[list]) -> tuple[str, tuple[int, ...]]:
    """The innermost open element's path prefix and owner ids, filling it alone."""
    top = stack[-1]
    if top[3] is None:
        j = len(stack) - 2
        while stack[j][3] is None:
            j -= 1
        below = stack[j + 1:]
        top[2] = stack[j][2] + "".join([e[0] + "/" for e in below])
        top[3] = stack[j][3] + tuple([e[1] for e in below])
    return top[2], top[3]


_REF_TOKEN = regex.compile(
    r"<!--.*?-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>|<(?P<close>/?)(?P<name>[A-Za-z_][\w:.-]*)(?P<attrs>[^>]*?)(?P<empty>/?)>",
    regex.S,
)


def _ref_tolerant(raw: str, start: int, end: int) -> XmlIndex:
    stack: list[list] = [[None, -1, "", ()]]
    open_names: dict[str, int] = {}
    names: list[str] = []
    leaves: list[Leaf] = []
    text_from = -1
    cdata = None
    for m in _REF_TOKEN.finditer(raw, start, end):
        if m.group("cdata") is not None:
            cdata = (m.group("cdata"), m.start("cdata"), m.end("cdata"))
            continue
        name = m.group("name")
        if not name:
            continue
        closing, empty = m.group("close"), m.group("empty")
        local = name.rpartition(":")[2]
        if closing:
            if len(stack) > 1 and stack[-1][0] == local and text_from >= 0:
                body, at = (cdata[0], cdata[1]) if cdata else (raw[text_from:m.start()], text_from)
                text, a, b = X._leaf_text(body, at, unescape=not cdata)
                prefix, owners = _ref_fill(stack)
                leaves.append(Leaf(prefix[:-1], text, a, b, owners))
            X._pop_to(stack, open_names, local)
            text_from = -1
            cdata = None
        elif empty:
            continue
        else:
            if len(stack) > X.MAX_XML_DEPTH:
                raise X._too_deep(None, m.start())
            stack.append([local, len(names), None, None])
            open_names[local] = open_names.get(local, 0) + 1
            names.append(local)
            text_from = m.end()
            cdata = None
    return XmlIndex(leaves, names)


_REF_TAG_OR_LEAF = re.compile(r"<(/?)([\w.:-]++)([^>]*+)>(?:([^<]*+)</\2\s*+>)?")


def _ref_plain(raw: str, start: int, end: int) -> XmlIndex:
    stack: list[list] = [[None, -1, "", ()]]
    open_names: dict[str, int] = {}
    prefix: str | None = ""
    owners: tuple[int, ...] | None = ()
    names: list[str] = []
    leaves: list[Leaf] = []
    for m in _REF_TAG_OR_LEAF.finditer(raw, start, end):
        closing, local, attrs, body = m.groups()
        local = local.rpartition(":")[2]
        if closing:
            if stack[-1][0] == local:
                open_names[local] -= 1
                stack.pop()
            elif not X._pop_to(stack, open_names, local):
                continue
            _, _, prefix, owners = stack[-1]
            continue
        if attrs and (attrs[-1] == "/" or not attrs[0].isspace()):
            if attrs[-1] == "/":
                continue
            body = None
        oid = len(names)
        names.append(local)
        if body is not None:
            if owners is None:
                prefix, owners = _ref_fill(stack)
            text, a, b = X._leaf_text(body, m.start(4))
            leaves.append(Leaf(prefix + local, text, a, b, owners + (oid,)))  # type: ignore[operator]
            continue
        if len(stack) > X.MAX_XML_DEPTH:
            raise X._too_deep(None, m.start())
        stack.append([local, oid, None, None])
        open_names[local] = open_names.get(local, 0) + 1
        prefix = owners = None
    return XmlIndex(leaves, names)


def _same(got: XmlIndex, want: XmlIndex, what: str) -> None:
    assert [tuple(lf) for lf in got.leaves] == [tuple(lf) for lf in want.leaves], what
    assert got.names == want.names, what
    for suffix in {lf.path.rpartition("/")[2] for lf in want.leaves} | {"/".join(lf.path.split("/")[-2:])
                                                                      for lf in want.leaves} | {"none"}:
        assert [tuple(lf) for lf in got.all(suffix)] == [tuple(lf) for lf in want.all(suffix)], (what, suffix)


def _check(raw: str, start: int = 0, end: int | None = None, what: str = "") -> None:
    end = len(raw) if end is None else end
    _same(X._scan(raw, start, end), _ref_tolerant(raw, start, end), f"tolerant {what}")
    if raw.find("<!", start, end) < 0:
        _same(X._scan_plain(raw, start, end), _ref_plain(raw, start, end), f"plain {what}")
        _same(X.xml_index(raw, start, end), _ref_plain(raw, start, end), f"index {what}")
    elif (blanked := X.comments_blanked(raw, start, end)) is not None:
        # comments between elements, blanked: the tolerant reading is the same with them or without them, and the
        # index is the plain reading of the blanked document
        assert len(blanked) == max(0, end)
        _same(_ref_tolerant(blanked, start, end), _ref_tolerant(raw, start, end), f"blanked {what}")
        _same(X.xml_index(raw, start, end), _ref_plain(blanked, start, end), f"index of blanked {what}")
    else:
        _same(X.xml_index(raw, start, end), _ref_tolerant(raw, start, end), f"index {what}")


# ---- the texts ------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _xml_parts() -> list[tuple[str, str, int, int]]:
    out = []
    for root in (CORPUS, ROOT / "tests" / "fixtures"):
        for p in sorted(root.rglob("*")):
            if not p.is_file() or p.name.endswith(_SKIP):
                continue
            try:
                doc = read(p, ocr="never")
            except Exception:  # noqa: BLE001  (unreadable files are not this test's concern)
                continue
            for part in doc.parts:
                if part.kind == "xml":
                    out.append((str(p), doc.raw, part.start, part.end))
    return out


# Hard cases: namespace prefixes, odd case folds and combining marks in names (the tolerant scan's \w is the
# regex module's, wider than re's), white space of every kind around text (U+001C..U+001F are str.strip's but
# not the regex module's \s), entities, self-closing tags with and without space, a slash inside attributes,
# closing tags with attributes or space, mismatched and unclosed tags, comments, CDATA and processing
# instructions inside and between leaves, a name that only starts like the open one.
HARD = [
    '<?xml version="1.0"?><a><b>1 &amp; 2</b><c><d x="1">  v </d><e/><f></f></c></a>',
    "<ns:r xmlns:ns='u'><ns:x a='1'/><ns:p q=\"2\">\n  <ns:v> 7 </ns:v>\n</ns:p><ns:w>a</ns:w ><ns:w>b</ns:w x></ns:r>",
    "<r><İ>dotted</İ><ſ>long s</ſ><K>kelvin</K><ı>dotless</ı><é>e\u0301</é><x\u0301>mark</x\u0301></r>",
    "<r><a>\x1c\x1d x \x1e\x1f</a><b>\u3000\u2002y\u00a0</b><c>\t\n</c><d>\u200bz\u200b</d><e>\x85w\x85</e></r>",
    '<r><a href="x/y">t</a><b/>u<c / >v</c><d x="/">w</d><e x=/>q</e><f"junk">g</f><h\'>i</h\'></r>',
    "<r><a>one</ab><ab>two</a><a>three</a:b><p:a>four</q:a><a>five</A></r>",
    "<r><a>x<!-- c -->y</a><b><![CDATA[A <b> C]]></b><c>p<?pi?>q</c><d>s<e/>t</d><!DOCTYPE z><f>&lt;&#65;</f></r>",
    "<r><m>open<p>x</p></r><n>after</n></zz><o>tail",
    "<a><b><c>deep</c></b><d>x</d></a><a><b>again</b></a></a></b><e>top</e>",
    "<1a>digit</1a><.b>dot</.b><-c>dash</-c><_d>under</_d><a:>empty local</a:><:b>no prefix</:b>",
    "<r><a>1</a><a>2</a><b><a>3</a></b></r><a>4</a>",
    "text before<r>and<a>x</a>between</r>after",
    "<r><a>&amp;</a><b> &#x20; </b><c>&unknown;</c><d>&nbsp;x&nbsp;</d></r>",
]

_PIECES = ["<r>", "</r>", "<a>", "</a>", "<ns:a>", "</ns:a>", "<a x='1'>", "<a/>", "<a />", "<b>", "</b>", "<B>",
           "</b >", "</b x>", "<İ>", "</İ>", "<ſ>", "</ſ>", "<é>", "</é>", "<!-- c -->", "<![CDATA[<a>]]>", "<?p?>",
           "x", "y z", "  ", "\n", "\x1c", "\u3000", "&amp;", "&", "<", ">", "/", "'", '"', "<a\"q\">", "<c:d>",
           "</c:d>", "</e:d>", "<d>", "</d>", "<!DOCTYPE t>", "<1>", "</1>"]


def _generated(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


# ---- the tests ------------------------------------------------------------------------------------------------

def test_there_are_xml_parts_to_compare():
    assert len(_xml_parts()) >= 10


def test_corpus_and_fixture_parts_index_alike():
    for name, raw, start, end in _xml_parts():
        _check(raw, start, end, name)
        # the tolerant scan over the same part (as it is taken when a comment or CDATA is anywhere in it)
        _same(X._scan(raw, start, end), _ref_tolerant(raw, start, end), f"tolerant {name}")


def test_corpus_parts_cut_anywhere_index_alike():
    rnd = random.Random(16)
    for name, raw, start, end in _xml_parts():
        for _ in range(12):
            a = rnd.randint(start, end)
            b = rnd.randint(a, min(end, a + rnd.choice((40, 400, 4000))))
            _check(raw, a, b, f"{name}[{a}:{b}]")


def test_hard_cases_index_alike():
    for case in HARD:
        _check(case, what=repr(case))
        for cut in range(len(case) + 1):  # every chunk edge: a piece that stops anywhere, or starts anywhere
            _check(case, 0, cut, repr(case[:cut]))
            _check(case, cut, len(case), repr(case[cut:]))


def test_generated_cases_index_alike():
    for i, case in enumerate(_generated(4000, 16)):
        _check(case, what=f"#{i} {case!r}")


def test_the_tolerant_fast_leaf_is_taken_and_can_tell():
    """The comparison can fail: a leaf made by the tolerant scan's fast path carries what the reference gives,
    and a reference fed a different text differs."""
    raw = "<!-- c --><r><a> x &amp; y </a></r>"
    (leaf,) = X._scan(raw, 0, len(raw)).leaves
    assert tuple(leaf) == ("r/a", "x & y", raw.index("x"), raw.index("y") + 1, (0, 1))
    other = _ref_tolerant(raw.replace("y ", "z "), 0, len(raw))
    assert [tuple(lf) for lf in other.leaves] != [tuple(leaf)]


# ---- Form D's lookups inside one element occurrence ----------------------------------------------------------

def _ref_within(xml: XmlIndex, key: str, within: int) -> list[Leaf]:
    """The leaves of ``key`` inside occurrence ``within``, as Form D's reader found them before the bisection:
    every leaf filed under each of its owners."""
    by_owner: dict[int, list[Leaf]] = {}
    for lf in xml.all(key):
        for oid in lf.owners:
            by_owner.setdefault(oid, []).append(lf)
    return by_owner.get(within, [])


def _check_within(xml: XmlIndex, what: str) -> None:
    from edgarsift.forms.form_d.xml import _Reader

    reader = _Reader(xml)
    keys = {lf.path.rpartition("/")[2] for lf in xml.leaves} | {"/".join(lf.path.split("/")[-2:]) for lf in xml.leaves}
    for key in sorted(keys):
        for within in range(-1, len(xml.names) + 1):
            assert reader._candidates(key, within) == _ref_within(xml, key, within), (what, key, within)


def test_form_d_lookups_within_an_occurrence_are_the_owners():
    for name, raw, start, end in _xml_parts():
        _check_within(X.xml_index(raw, start, end), name)
    for case in HARD + _generated(1500, 17):
        _check_within(X.xml_index(case), repr(case))
        _check_within(X._scan(case, 0, len(case)), repr(case))


def test_form_d_records_from_wrapped_and_shuffled_documents_match_the_reference_lookups(monkeypatch):
    """Whole Form D records, from the corpus documents and from copies with their related persons repeated and
    wrapped in extra containers, are the same whichever way the reader finds leaves inside an occurrence."""
    from edgarsift.forms.form_d import xml as FD

    docs = []
    for _name, raw, start, end in _xml_parts():
        body = raw[start:end]
        if "relatedPersonInfo" not in body:
            continue
        docs.append(body)
        i, j = body.index("<relatedPersonInfo>"), body.rindex("</relatedPersonInfo>") + len("</relatedPersonInfo>")
        people = body[i:j]
        docs.append(body[:i] + "<w>" + people + "</w>" + people.replace("<relatedPersonInfo>", "<x><relatedPersonInfo>")
                    .replace("</relatedPersonInfo>", "</relatedPersonInfo></x>") + body[j:])
    assert docs
    for body in docs:
        got = FD.extract_xml(X.xml_index(body))
        monkeypatch.setattr(FD._Reader, "_candidates",
                            lambda self, key, within: self.xml.all(key) if within is None else _ref_within(self.xml, key, within))
        want = FD.extract_xml(X.xml_index(body))
        monkeypatch.undo()
        assert got[0] == want[0] and got[1] == want[1]


def test_form_d_relationship_lookup_is_the_vocabulary_scan():
    from edgarsift.forms.form_d import vocab
    from edgarsift.forms.form_d.xml import _RELATIONSHIP_BY_LOWER

    texts = [x for name in vocab.RELATIONSHIPS for x in (name, name.upper(), name.lower(), f" {name}\n", name[:-1])]
    texts += ["", "Other", "DİRECTOR", "dırector", "Promoter ", "general and/or managing partner", "Directors"]
    for text in texts:
        want = next((x for x in vocab.RELATIONSHIPS if x.lower() == text.strip().lower()), None)
        assert _RELATIONSHIP_BY_LOWER.get(text.strip().lower()) == want, text


def _ref_first(xml: XmlIndex, *suffixes: str) -> Leaf | None:
    found = [lf for suf in suffixes for lf in xml.all(suf)[:1]]
    return min(found, key=lambda lf: lf.start) if found else None


def test_first_of_one_suffix_is_the_merge_of_one():
    indexes = [X.xml_index(raw, start, end) for _name, raw, start, end in _xml_parts()]
    indexes += [X.xml_index(case) for case in HARD + _generated(500, 18)]
    for xml in indexes:
        sub = xml.each(xml.names[1]) if len(xml.names) > 1 else []
        for index in [xml, *sub]:
            suffixes = sorted({lf.path.rpartition("/")[2] for lf in index.leaves}
                              | {"/".join(lf.path.split("/")[-2:]) for lf in index.leaves} | {"none", ""})
            for suffix in suffixes:
                for _ in range(2):  # before and after the lookup is cached
                    assert index.first(suffix) == _ref_first(index, suffix), suffix
                    assert index.text(suffix) == ((lf := _ref_first(index, suffix)) and lf.text or None), suffix


# ---- comments between elements: blanked, and read by the plain scan ------------------------------------------

# pieces of a form as filing agents' tools write it, with comments where they put them and where they must not be
# blanked: inside a text, before a closing tag or a self-closing one, inside a tag, beside CDATA and instructions
_FORM_PIECES = ["<r>", "</r>", "<a>v</a>", "<b x='1'>", "</b>", "<c/>", "<c />", "<d>", "</d>", "<ns:e>w</ns:e>",
                "\n  ", " ", "text", "<!-- c -->", "<!-- a < b > c -->", "<!---->", "<!-- x -- y -->", "<!--", "-->",
                "<1>", "</1>", "<d x='/'>", "<d/ >", ">", "<", "<?p?>", "<![CDATA[z]]>", "&amp;"]


def _commented_forms(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    weights = [6, 5, 8, 3, 3, 2, 1, 3, 3, 2, 6, 3, 2, 8, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    head = ["", "<?xml version='1.0'?>", "<?xml version='1.0'?><!-- made by a tool -->"]
    return [rnd.choice(head) + "".join(rnd.choices(_FORM_PIECES, weights, k=rnd.randint(1, 30))) for _ in range(n)]


def test_comments_between_elements_are_blanked_only_where_the_tolerant_scan_reads_the_same():
    taken = refused = 0
    for i, case in enumerate(_commented_forms(6000, 23)):
        if "<!" not in case:
            continue
        _check(case, what=f"#{i} {case!r}")
        if X.comments_blanked(case, 0, len(case)) is None:
            refused += 1
        else:
            taken += 1
    assert taken > 1000 and refused > 1000  # both ways were tried, many times


def test_a_corpus_form_with_comments_between_its_elements_is_read_blanked_as_the_tolerant_scan_reads_it():
    commented = [(name, raw, start, end) for name, raw, start, end in _xml_parts() if raw.find("<!--", start, end) >= 0]
    blanked = [part for part in commented if X.comments_blanked(part[1], part[2], part[3]) is not None]
    assert blanked  # (a filing agent's 13G/A: "<!-- Issuer Cover Page-->" between its elements)
    for name, raw, start, end in blanked:
        _same(X.xml_index(raw, start, end), X._scan(raw, start, end), name)


def test_what_blanking_refuses():
    for case in ("<r><a>x<!-- c -->y</a></r>",  # inside a text
                 "<r><a><!-- c --></a></r>",  # before a closing tag: the element's text would run through it
                 "<r><a><!-- c --><c/>v</a></r>",  # before a self-closing tag, which leaves that text running on
                 "<r><a <!-- c -->>v</a></r>",  # inside a tag
                 "<r><!-- c --><![CDATA[x]]></r>", "<!DOCTYPE r><r><!-- c --><a>v</a></r>",  # other declarations
                 "<r><!-- c --><?p?><a>v</a></r>", "<?p <!-- ?> --><r><a>v</a></r>",  # instructions from the comment on
                 "<r><!-- open <a>v</a></r>"):  # a comment never closed
        assert X.comments_blanked(case, 0, len(case)) is None, case
    case = "<?xml version='1.0'?><!-- tool --><r>\n<!-- cover -->\n<a>v</a><!-- end --></r>"
    assert X.comments_blanked(case, 0, len(case)) is None  # the last one stands before </r>
    case = case.replace("<!-- end --></r>", "</r>")
    blanked = X.comments_blanked(case, 0, len(case))
    assert blanked == case.replace("<!-- tool -->", " " * 13).replace("<!-- cover -->", " " * 14)
