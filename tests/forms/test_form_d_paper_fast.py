"""Fast paths of the paper Form D reader against the plain searches they replace."""
from __future__ import annotations

import random
import re

import pytest
import regex

from edgarsift.forms.form_d import appendix, ocr
from edgarsift.forms.form_d.paper import LABELS
from edgarsift.read import read_bytes
from edgarsift.records import Provenance
from edgarsift.text.values import STATE_CODES, parse_amount
from edgarsift.text.view import OffsetMap, TextView
from tests.conftest import CORPUS


def test_appendix_heading_is_the_pattern_search_on_corpus_texts():
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".pdf" and p.name != "MANIFEST.tsv"
                   and not p.name.endswith((".gold.json", ".notes.txt")))
    found = 0
    for path in paths:
        text = read_bytes(path.read_bytes(), str(path), ocr="never").view().text
        want = appendix._APPENDIX.search(text)
        got = appendix._appendix_heading(text)
        assert (got and got.span()) == (want and want.span()), path.name
        found += want is not None
    assert found >= 1  # the seed's Appendix: the comparison is not only of Nones


@pytest.mark.parametrize("seed", range(3))
def test_appendix_heading_is_the_pattern_search_on_generated_texts(seed):
    # line breaks of every kind, white space the two engines' \s read differently (\x1c-\x1f), '#' fills, the
    # word cut or doubled, in lower case
    bits = ["APPENDIX", "APPENDIX ", "APPEND", "IX", "A", "#", "##", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c",
            "\x1c", "\x1f", "\x85", "\u2028", "\xa0", "x", "appendix", "-"]
    rnd = random.Random(seed)
    for _ in range(30000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 14)))
        want = appendix._APPENDIX.search(text)
        got = appendix._appendix_heading(text)
        assert (got and got.span()) == (want and want.span()), repr(text)


def reference_number(text: str, a: int, b: int) -> tuple[int, int, int] | None:
    """The cell's number as read before: every number of the cell listed, the one kept when alone."""
    found = list(appendix._NUMBER.finditer(text, a, b))
    if len(found) != 1:
        return None
    m = found[0]
    value = parse_amount(re.sub(r",\s", ",", m.group(0)))
    return (value, m.start(), m.end()) if value is not None else None


def test_appendix_cell_number_is_the_one_number_listed():
    bits = ["$", " ", "1", "12", "123", ",", ", ", ",\t", "000", "456", "-", "x", "\u0663", "N/A", "\t", "."]
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 12)))
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, len(text) + 1)
        assert appendix._number(text, a, b) == reference_number(text, a, b), (text, a, b)


def reference_read_appendix(view: TextView, prov: Provenance, path: str = "data.state_appendix") -> list:
    """The Appendix as read before: every line after a header cut into cells, then tested."""
    text = view.text
    start = appendix._APPENDIX.search(text)
    if not start:
        return []
    rows: list = []
    seen: set[str] = set()
    headers = list(appendix._HEADER.finditer(text, start.end()))
    for k, h in enumerate(headers):
        cols = appendix._columns(text[h.start():h.end()].split("\t"))
        if cols is None:
            continue
        width = len(text[h.start():h.end()].split("\t"))
        stop = headers[k + 1].start() if k + 1 < len(headers) else len(text)
        for line in re.compile(r"(?m)^.*$").finditer(text[:stop], h.end() + 1):
            cells = appendix._cells(text, line.start(), line.end())
            state = text[cells[0][0]:cells[0][1]].strip().upper().translate(appendix._HOMOGLYPHS)
            if state not in STATE_CODES or len(cells) != width or state in seen:
                continue
            row, spans = appendix._row(text, cells, cols)
            if row is None:
                continue
            seen.add(state)
            i = len(rows)
            row.state = state
            prov.add(f"{path}[{i}].state", view.span(*cells[0]))
            for field, (a, b) in spans.items():
                prov.add(f"{path}[{i}].{field}", view.span(a, b))
            rows.append(row)
    return rows


HEADER = "State\tYes\tNo\tType of security\tNumber of Accredited Investors\tAmount\tNumber of Non-Accredited Investors\tAmount\tYes\tNo"


@pytest.mark.parametrize("seed", range(3))
def test_appendix_rows_are_read_as_before(seed):
    rnd = random.Random(seed)
    states = ["CT", "NY", "ny ", "МО", "ОН", "XX", "", "Total", "CT"]  # (Cyrillic МО, ОН)
    cell = ["", " ", "$ 885,000", "1, 456,000", "13", "0", "x", "$1,000 $2,000", "[X]", "N/A"]
    for _ in range(300):
        lines = [rnd.choice(["APPENDIX", "## APPENDIX", "Appendix", "text"])]
        for _ in range(rnd.randrange(0, 25)):
            r = rnd.random()
            if r < 0.1:
                lines.append(rnd.choice([HEADER, HEADER + "\t", "State\tYes\tNo\tAmount"]))
            elif r < 0.8:
                width = rnd.choice([10, 10, 10, 9, 11, 1])
                lines.append("\t".join([rnd.choice(states)] + [rnd.choice(cell) for _ in range(width - 1)]))
            else:
                lines.append(rnd.choice(["", "page 2", "\t\t", "CT"]))
        text = "\n".join(lines)
        view = TextView(text, offsets=OffsetMap.copied(0, len(text)))
        want_prov, got_prov = Provenance(), Provenance()
        want = reference_read_appendix(view, want_prov)
        assert appendix.read_appendix(view, got_prov) == want and got_prov == want_prov, text


def test_appendix_rows_of_the_seed_are_read_as_before():
    path = CORPUS / "seeds/001_c2f9e66c3c457e4c.txt"
    view = read_bytes(path.read_bytes(), str(path), ocr="never").view()
    want_prov, got_prov = Provenance(), Provenance()
    want = reference_read_appendix(view, want_prov)
    assert len(want) > 20
    assert appendix.read_appendix(view, got_prov) == want and got_prov == want_prov


def reference_strip_label(text: str, parts: list, label: str) -> list:
    """Label fragments removed as before: every stretch of each piece tried, longest first."""
    lab = ocr._norm(label)
    out: list = []
    removed = False
    for p in parts:
        a, b = p.start, p.end
        frag = text[a:b]
        if not ocr._ALNUM.search(frag):
            removed = True
            continue
        if len(frag) >= 5 and regex.search(f"(?:{regex.escape(ocr._norm(frag))}){{e<=1}}", lab):
            removed = True
            continue
        cut = next((k for k in range(b - a, 3, -1) if ocr._is_label_text(text[a:a + k], lab)), 0)
        if cut:
            a += cut
            removed = True
        cut = next((k for k in range(b - a, 3, -1) if ocr._is_label_text(text[b - k:b], lab)), 0)
        trailing = bool(cut)
        b -= cut
        while a < b and text[a] in " :":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if b > a and ocr._ALNUM.search(text[a:b]):
            out.append(ocr.Piece(a, b, removed))
            removed = trailing
        else:
            removed = True
    return out


@pytest.mark.parametrize("key", ["address", "issuer_name", "full_name", "business", "signer"])
def test_strip_label_removes_what_it_removed_before(key):
    label = LABELS[key]
    rnd = random.Random(key)
    values = ["1 Pickwick Plaza", "Greenwich", "06830", "(203) 618-5800", "IBG LLC", "Smith, John", ":", "[ ]",
              "ΟΔΟΣ", "Σ", "İstanbul", "\u212aelvin", "ſtreet", "ADDRESS", "N/A", "  ", "Zip"]
    for _ in range(400):
        pieces_ = []
        for _ in range(rnd.randrange(1, 6)):
            i = rnd.randrange(len(label))
            fragment = label[i:i + rnd.randrange(1, 40)]
            if rnd.random() < 0.3:
                fragment = fragment.upper() if rnd.random() < 0.5 else fragment.replace(" ", "  ")
            bits = [fragment, rnd.choice(values)]
            rnd.shuffle(bits)
            pieces_.append(rnd.choice(["", " "]).join(bits[:rnd.randrange(1, 3)]))
        text = "\t".join(pieces_)
        parts = ocr.pieces(text, 0, len(text))
        assert ocr.strip_label(text, parts, label) == reference_strip_label(text, parts, label), text
