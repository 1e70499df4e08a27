"""The per-filing fast paths of the base stages (pipeline, reading, XML forms) answer as the general code they
replace does, on every corpus and fixture filing."""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from edgarsift.batch import iter_filings
from edgarsift.errors import EdgarsiftError
from edgarsift.pipeline import header_facts
from edgarsift.read import Document, read
from edgarsift.read.document import Company, Header

from .conftest import CORPUS, ROOT


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
