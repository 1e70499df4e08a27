"""The per-filing fast paths of the base stages (pipeline, reading, XML forms) answer as the general code they
replace does, on every corpus and fixture filing."""
from __future__ import annotations

import dataclasses
import itertools
import random
import re
from functools import lru_cache

import regex

from edgarsift.batch import iter_filings
from edgarsift.errors import EdgarsiftError
from edgarsift.forms.schedule13.xmlform import ITEM_ELEMENT, _item_of
from edgarsift.pipeline import header_facts
from edgarsift.read import Document, read, read_bytes
from edgarsift.read import xml as X
from edgarsift.read.document import Company, Header, _longer_start
from edgarsift.read.sgml import _SECTION_WORDS, _WRAPPER_END, _occurrences
from edgarsift.text.clean import TEXT_CLEANUP, clean_text
from edgarsift.text.view import TextView

from .conftest import CORPUS, ROOT
from .read.test_xml_fast2 import _PIECES, HARD, _generated, _ref_first, _ref_tolerant, _same, _xml_parts


@lru_cache(maxsize=1)
def _documents() -> tuple[Document, ...]:
    docs = []
    for path in iter_filings([str(CORPUS), str(ROOT / "tests" / "fixtures")]):
        if path.suffix == ".pdf":
            continue
        try:
            docs.append(read(path, ocr="never"))
        except EdgarsiftError:
            continue
    return tuple(docs)


def test_header_facts_are_what_asdict_gives():
    headers = [doc.header for doc in _documents() if doc.header]
    assert len(headers) >= 60
    many = Header("1", "SC 13D", filers=(Company("A", "1"), Company(None, "2")), group_members=("X", "Y"),
                  subject_company=Company("S"), document_count=3)
    for header in headers + [many, Header()]:
        doc = dataclasses.replace(_documents()[0], header=header)
        got = header_facts(doc)
        want = dataclasses.asdict(header)
        assert got == want and list(got or ()) == list(want), header
        assert [type(v) for v in got.values()] == [type(v) for v in want.values()], header  # tuples stay tuples
    assert header_facts(dataclasses.replace(_documents()[0], header=None)) is None


def _each_reference(xml, element):  # XmlIndex.each before its early return for an element never opened
    groups: dict[int, list] = {}
    for leaf in xml.leaves:
        for oid in reversed(leaf.owners):
            if xml.names[oid] == element:
                groups.setdefault(oid, []).append(leaf)
                break
    return [groups[k] for k in sorted(groups)]


def test_each_groups_as_the_walk_of_every_leaf_does():
    indexes = [doc.xml() for doc in _documents() if doc.main.kind == "xml"]
    assert len(indexes) >= 10
    for xml in indexes:
        for element in sorted(set(xml.names)) + ["reportingPersonInfo", "coverPageHeaderReportingPersonDetails",
                                                 "noSuchElement"]:
            assert [sub.leaves for sub in xml.each(element)] == _each_reference(xml, element), element
            for sub in xml.each(element)[:2]:  # and within a group, as the person readers ask
                for inner in sorted(set(sub.names))[:40]:
                    assert [s.leaves for s in sub.each(inner)] == _each_reference(sub, inner), (element, inner)


def test_head_of_texts_that_clean_much_shorter_is_the_start_of_the_whole_view():
    """Document.head cleans a longer start when the first one cleaned too short, as far as its share says: texts
    whose cleanup removes from little to most of them (markdown tables, bold markers, SGML tags), in every
    amount, still give the whole view's start."""
    rng = random.Random(16)
    lines = ["| a | b | c |", "|---|---|---|", "**Total** 1,234", "<PAGE>", "plain words of prose here",
             "<B>x</B> <I>y</I> " * 5, "\\$ 12 \\* 3", "# Heading", "", "| 1 | 22 | 333 | 4444 |"]
    for trial in range(60):
        weights = [rng.random() for _ in lines]
        text = "\n".join(rng.choices(lines, weights, k=rng.randrange(200, 4000)))
        data = ("SCHEDULE 13G\n" + text + "\n").encode()
        for chars in (100, 3000, 8000, 20000):
            doc = read_bytes(data, "t.md")
            assert doc.main.kind == "text"
            head = doc.head(chars)
            assert head == read_bytes(data, "t.md").view().text[:chars], (trial, chars)


def test_a_longer_start_grows_by_its_share_within_bounds():
    assert _longer_start(9111, 7602, 8064) == int(9111 * 1.1 * 8064 / 7602)  # a markdown table's share
    assert _longer_start(9000, 8990, 8064) == 10024  # nearly there: a kilobyte more
    assert _longer_start(9000, 100, 8064) == 18000  # most removed: twice as far, as before
    assert _longer_start(9000, 0, 8064) == 18000


def _ascii_documents(n: int, seed: int) -> list[str]:
    """Generated XML of ASCII pieces only: comments, CDATA, processing instructions, namespaces, mismatched and
    unclosed tags, closers with junk, entities (where the tolerant scan tokenizes with the stdlib engine)."""
    pieces = [p for p in _PIECES if p.isascii()] + ["<a:b>", "</a:b>", "<a x='/'>", "</a x>", "<!--", "-->", "]]>",
                                                     "<![CDATA[", "<?", "?>", "<a/ >", "</a\t>", "&#65;", "_", "1"]
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 60))) for _ in range(n)]


def test_the_tolerant_tokens_of_ascii_text_are_the_regex_modules():
    texts = [raw[start:end] for _name, raw, start, end in _xml_parts()] + [h for h in HARD if h.isascii()]
    texts += _ascii_documents(3000, 161)
    texts = [t for t in texts if t.isascii()]
    assert len(texts) > 3000
    for text in texts:
        want = [(m.span(), m.groups()) for m in X._TOKEN.finditer(text)]
        assert [(m.span(), m.groups()) for m in X._TOKEN_ASCII.finditer(text)] == want, text[:200]


def test_the_tolerant_scan_is_the_reference_scan_on_ascii_and_wider_text():
    """The inline tolerant scan against the reference (test_xml_fast2's, as the scan was written before), on
    generated ASCII documents cut anywhere, and the same documents with a non-ASCII character before them (the
    regex module's tokens then)."""
    for i, case in enumerate(_ascii_documents(1500, 162)):
        for text in (case, "\u00e9" + case):
            _same(X._scan(text, 0, len(text)), _ref_tolerant(text, 0, len(text)), f"#{i} {text!r}")
            at = len(text) - len(case)  # the ASCII range of a wider text
            _same(X._scan(text, at, len(text)), _ref_tolerant(text, at, len(text)), f"#{i}[{at}:] {text!r}")
        for cut in range(0, len(case), 7):
            _same(X._scan(case, cut, len(case)), _ref_tolerant(case, cut, len(case)), f"#{i}[{cut}:] {case!r}")
            _same(X._scan(case, 0, cut), _ref_tolerant(case, 0, cut), f"#{i}[:{cut}] {case!r}")


def _all_reference(xml, suffix):  # XmlIndex.all before an element name skipped the filter
    return [lf for lf in xml.leaves if lf.path == suffix or lf.path.endswith("/" + suffix)]


def test_lookups_by_name_and_by_several_suffixes_are_the_filtered_and_merged_lists():
    indexes = [X.xml_index(raw, start, end) for _name, raw, start, end in _xml_parts()]
    indexes += [X.xml_index(case) for case in HARD + _generated(400, 163)]
    indexes += [X._scan(case, 0, len(case)) for case in HARD + _ascii_documents(300, 164)]
    rnd = random.Random(165)
    for xml in indexes:
        for index in [xml, *(xml.each(xml.names[1]) if len(xml.names) > 1 else [])]:
            suffixes = sorted({lf.path.rpartition("/")[2] for lf in index.leaves}
                              | {"/".join(lf.path.split("/")[-2:]) for lf in index.leaves}
                              | {"none", "", "a:", "x/none"})
            for suffix in suffixes:
                assert index.all(suffix) == _all_reference(index, suffix), suffix
            for _ in range(20):
                several = rnd.sample(suffixes, min(len(suffixes), rnd.randint(2, 4)))
                assert index.first(*several) == _ref_first(index, *several), several


def _clean_reference(view):  # clean_text before its scan for trigger characters: every step asked
    for step in TEXT_CLEANUP:
        rewrite = step.rewrite(view)
        if rewrite is not None:
            view = rewrite.build()
    return view


def test_clean_text_skips_only_texts_no_step_changes():
    triggers = sorted({t for step in TEXT_CLEANUP for t in step.triggers or ()})
    plain = ["1,234", " ", "\n", "x", "Shares", "%", ".", "$", "-", "é", "\t", ":", "/", ")", "]", ">"]
    rng = random.Random(166)
    texts = ["", "123", "n/a", "1,234,567 shares (5.1%)"]
    texts += ["".join(rng.choice(plain) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    texts += ["".join(rng.choice(plain + triggers + ["[X] ", "<input checked>", "**b**", "| a |\n|---|"])
                      for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    for doc in _documents():  # leaves of XML forms, and starts of every text
        if doc.main.kind == "xml":
            texts += [doc.raw[lf.start:lf.end] for lf in doc.xml().leaves]
        texts.append(doc.raw[doc.main.start:doc.main.start + 3000])
    skipped = 0
    for text in texts:
        view = TextView.of("<<" + text + ">>", 2, 2 + len(text))
        got, want = clean_text(view), _clean_reference(view)
        assert got.text == want.text, text
        assert [got.span(i, i + 1) for i in range(len(got.text))] == [want.span(i, i + 1) for i in range(len(want.text))]
        skipped += got is view
    assert 1000 < skipped < len(texts) - 1000  # both ways taken


def test_section_words_are_found_as_their_alternation_finds_them():
    alternation = re.compile("|".join(map(re.escape, _SECTION_WORDS)))
    texts = [doc.raw[:20000] for doc in _documents() if doc.header]
    rng = random.Random(167)
    bits = [*_SECTION_WORDS, "FILE", "FILED", "SUBJECT", "REPORTING-", "ISS", "R", "Y", "BY", " ", "-", "\n", ":",
            "<", ">", "COMPANY", "ER", "UER", "FILEREPORTING-OWNER", "ISSUERISSUER"]
    texts += ["".join(rng.choice(bits) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    assert sum(1 for t in texts if alternation.search(t)) > 1000
    for text in texts:
        assert _occurrences(text, _SECTION_WORDS) == [(m.start(), m.group()) for m in alternation.finditer(text)], text
    assert not any(a != b and a.startswith(b) for a in _SECTION_WORDS for b in _SECTION_WORDS)  # as it requires


def test_remembered_item_numbers_are_the_pattern_s():
    paths = [lf.path for doc in _documents() if doc.main.kind == "xml" for lf in doc.xml().leaves]
    paths += ["items/item4", "a/items1To7/item12/x", "xitems/item4/y", "items/item123/z", "items/item\u0664/x",
              "items/item07", "items/itemX/y", "/items/item5/"]
    assert sum(1 for p in paths if ITEM_ELEMENT.search(p)) > 50
    for _ in range(2):  # computed, then remembered
        for path in paths:
            m = ITEM_ELEMENT.search(path)
            assert _item_of(path) == (str(int(m.group(1))) if m else None), path


def test_wrapper_closers_are_the_pattern_of_the_name_as_written():
    texts = ["</XML>", "</xml>", "</XmL> x </PDF>", "</pdf>", "</ XML>", "</XMLL>", "<XML></XML>", "", "</Pdf></xml>"]
    texts += [doc.raw for doc in _documents() if doc.format == "edgar-sgml" and "<XML>" in doc.raw]
    for name in ("XML", "PDF"):
        for letters in itertools.product(*((c, c.lower()) for c in name)):
            written = "".join(letters)
            want = regex.compile(rf"</{written}>", regex.I)
            for text in texts:
                for start in (0, 1, len(text) // 2):
                    got = _WRAPPER_END[written.upper()].search(text, start, len(text))
                    ref = want.search(text, start, len(text))
                    assert (got and got.span()) == (ref and ref.span()), (written, text[:80])
