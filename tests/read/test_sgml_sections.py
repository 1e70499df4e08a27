"""The SGML header's scans that replace multi-line patterns anchored at line starts find what those patterns find: the
company-block openers (found by their words and checked in place) and the fields parse_header reads (from their
"KEY: value" lines, a pattern that opens with the line break, or their .nc tags), on every corpus and fixture
submission header and on generated lines built from the words, their look-alikes, colons, blanks, line ends and tag
brackets."""
from __future__ import annotations

import random
import re

from edgarsift.read import sgml
from edgarsift.read.decode import decode

from ..conftest import CORPUS, ROOT

# the pattern the openers were found with
_SECTION = re.compile(r"^[ \t]*(SUBJECT COMPANY|FILED BY|FILER|REPORTING-OWNER|ISSUER):?[ \t]*$"
                      r"|<(SUBJECT-COMPANY|FILED-BY|FILER|REPORTING-OWNER|ISSUER)>", re.M)


_FIELD = re.compile(r"^[ \t]*([A-Z][A-Z0-9 .&/()-]*):[ \t]*(.*)$", re.M)
_NC_TAG = re.compile(r"<([A-Z][A-Z0-9-]*)>[ \t]*([^<\n]*[^<\s])")


def _plain(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _SECTION.finditer(text)]


def _fields(text: str) -> list[tuple[str, str]]:
    return _FIELD.findall(text)


def _header_fields(text: str) -> dict[str, str]:
    """Every "KEY: value" line's field, then every tag's (.nc), the first of each key: what parse_header read before
    it read only the keys it uses, kept to those keys."""
    fields: dict[str, str] = {}
    for key, value in _fields(text):
        fields.setdefault(key.strip(), value.rstrip(" \t"))
    for m in _NC_TAG.finditer(text):
        fields.setdefault(m.group(1).replace("-", " "), m.group(2))
    return {k: v for k, v in fields.items() if k in sgml._HEADER_KEYS}


def _headers() -> list[str]:
    heads = []
    for root in (CORPUS, ROOT / "tests" / "fixtures"):
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.endswith((".gold.json", ".notes.txt", ".pdf", "MANIFEST.tsv", ".json")):
                continue
            try:
                text = decode(path.read_bytes(), str(path))
            except Exception:  # unreadable on purpose (damaged fixtures)
                continue
            if sgml.is_submission(text):
                heads.append(text[:30000])  # the header and the start of the first document
    return heads


def test_openers_are_the_patterns_on_every_submission():
    heads = _headers()
    assert len(heads) > 80
    found = 0
    fields = 0
    for text in heads:
        assert sgml._sections(text) == _plain(text)
        assert sgml.header_fields(text) == _header_fields(text)
        found += len(_plain(text))
        fields += len(_header_fields(text))
    assert found > 100 and fields > 300


def test_openers_are_the_patterns_on_generated_lines():
    rng = random.Random(5)
    atoms = ["SUBJECT COMPANY", "SUBJECT-COMPANY", "FILED BY", "FILED-BY", "FILER", "FILERS", "REPORTING-OWNER",
             "ISSUER", "SUBJECT", "COMPANY", ":", "::", " ", "\t", "\n", "\r\n", "\r", "<", ">", "x", "\xa0", "\u2028",
             "CIK", "A1", "B.C", "(X)", "-", "&", "TYPE", "<TYPE>", "PERIOD", "FILING DATE", "<FILING-DATE>",
             "ACCESSION NUMBER", "ACCESSION-NUMBER", "CONFORMED SUBMISSION TYPE", "SC 13G", "  ", "PUBLIC DOCUMENT COUNT"]
    for _ in range(30000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randrange(1, 12)))
        assert sgml._sections(text) == _plain(text), repr(text)
        assert sgml.header_fields(text) == _header_fields(text), repr(text)
