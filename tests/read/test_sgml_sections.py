"""The SGML header's scans that replace multi-line patterns anchored at line starts find what those patterns find: the
company-block openers (found by their words and checked in place) and the "KEY: value" fields (a pattern that opens
with the line break), on every corpus and fixture submission header and on generated lines built from the words,
their look-alikes, colons, blanks, line ends and tag brackets."""
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


def _plain(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _SECTION.finditer(text)]


def _fields(text: str) -> list[tuple[str, str]]:
    return _FIELD.findall(text)


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
        assert sgml._FIELD.findall("\n" + text) == _fields(text)
        found += len(_plain(text))
        fields += len(_fields(text))
    assert found > 100 and fields > 2000


def test_openers_are_the_patterns_on_generated_lines():
    rng = random.Random(5)
    atoms = ["SUBJECT COMPANY", "SUBJECT-COMPANY", "FILED BY", "FILED-BY", "FILER", "FILERS", "REPORTING-OWNER",
             "ISSUER", "SUBJECT", "COMPANY", ":", "::", " ", "\t", "\n", "\r\n", "\r", "<", ">", "x", "\xa0", "\u2028",
             "CIK", "A1", "B.C", "(X)", "-", "&"]
    for _ in range(30000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randrange(1, 12)))
        assert sgml._sections(text) == _plain(text), repr(text)
        assert sgml._FIELD.findall("\n" + text) == _fields(text), repr(text)
