"""The paper Form D's state Appendix: one row per state, read by the columns of its header row.

OCR flattens the Appendix into tab-separated lines. Each page of it repeats a header row
(``State  Yes  No  …  Number of Accredited Investors  …  Amount  Number of Non-Accredited Investors  Amount
Yes  No``) whose cells line up with the cells of the rows under it, so the header tells which cell is which
column; the offering amount (column 3) is the number between the "No" cell and the accredited count. A
cell the scan lost stays None, and a row with no number at all is no entry (SCHEMA.md: rows with any entry).
"""
from __future__ import annotations

import re

import regex

from ...records import Provenance
from ...text import rx
from ...text.values import STATE_CODES, parse_amount
from ...text.view import TextView
from .model import AppendixRow

# Cyrillic letters OCR substitutes for Latin capitals in state codes (МО, ОН, Х)
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")
_HEADER = regex.compile(r"(?m)^State\t+Yes\t+No\t.*$", regex.I)
_NUMBER = regex.compile(r"\d{1,3}(?:,\s?\d{3})+|\d+")
_COMMA_SPACE = re.compile(r",\s")
_APPENDIX = regex.compile(r"(?m)^[#\s]*APPENDIX\s*$")
_HEADING_FILL = regex.compile(r"[#\s]")  # what may come before the word on the heading's line(s)


def _columns(cells: list[str]) -> dict[str, int] | None:
    """Cell index of each column from a header row's cells."""
    investors = [i for i, c in enumerate(cells) if rx.search(r"Investors", c, regex.I)]
    if len(investors) < 2:
        return None
    no_col = next((i for i, c in enumerate(cells) if c.strip().lower() == "no"), None)

    def amount_after(i: int) -> int | None:
        return next((j for j in range(i + 1, len(cells)) if rx.search(r"Amount", cells[j], regex.I)), None)

    accredited_amount, non_accredited_amount = amount_after(investors[0]), amount_after(investors[1])
    if no_col is None or accredited_amount is None or non_accredited_amount is None:
        return None
    return {"no": no_col, "accredited_investors": investors[0], "accredited_amount": accredited_amount,
            "non_accredited_investors": investors[1], "non_accredited_amount": non_accredited_amount}


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cell spans of a line, empty cells kept (their position is their column)."""
    out, pos = [], a
    for part in text[a:b].split("\t"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _number(text: str, a: int, b: int) -> tuple[int, int, int] | None:
    """The one number in a cell (``$ 885,000``, ``1, 456,000``, ``13``) as (value, start, end)."""
    m = _NUMBER.search(text, a, b)
    if m is None or _NUMBER.search(text, m.end(), b):  # none, or a second one
        return None
    digits = m.group(0)
    value = parse_amount(_COMMA_SPACE.sub(",", digits) if "," in digits else digits)
    return (value, m.start(), m.end()) if value is not None else None


def _appendix_heading(text: str) -> "regex.Match[str] | None":
    """``_APPENDIX.search(text)``, tried only where the heading can begin: in the run of white space and ``#``
    before a printed APPENDIX (the pattern tried at every offset cost 0.4 ms on a 24k-character page). A match
    cannot begin before that run, since its fill cannot pass the letter that ends the run."""
    at = text.find("APPENDIX")
    while at >= 0:
        begin = at
        while begin > 0 and _HEADING_FILL.match(text, begin - 1):
            begin -= 1
        for pos in range(begin, at + 1):
            m = _APPENDIX.match(text, pos)
            if m:
                return m
        at = text.find("APPENDIX", at + 1)
    return None


def read_appendix(view: TextView, prov: Provenance, path: str = "data.state_appendix") -> list[AppendixRow]:
    text = view.text
    start = _appendix_heading(text)
    if not start:
        return []
    rows: list[AppendixRow] = []
    seen: set[str] = set()
    headers = list(_HEADER.finditer(text, start.end()))
    for k, h in enumerate(headers):
        cols = _columns(text[h.start():h.end()].split("\t"))
        if cols is None:
            continue
        width = len(text[h.start():h.end()].split("\t"))
        stop = headers[k + 1].start() if k + 1 < len(headers) else len(text)
        for line in rx.finditer(r"(?m)^.*$", text, pos=h.end() + 1, endpos=stop):  # (a slice copied the text)
            line_start, line_end = line.span()
            if text.count("\t", line_start, line_end) + 1 != width:
                continue  # not a row of this table, or a row whose cells no longer line up: not read
            tab = text.find("\t", line_start, line_end)  # (the state is read before the line is cut into cells)
            state = text[line_start:line_end if tab < 0 else tab].strip().upper().translate(_HOMOGLYPHS)
            if state not in STATE_CODES or state in seen:
                continue
            cells = _cells(text, line_start, line_end)
            row, spans = _row(text, cells, cols)
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


def _row(text: str, cells: list[tuple[int, int]], cols: dict[str, int]) -> tuple[AppendixRow | None, dict]:
    values: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for field in ("accredited_investors", "accredited_amount", "non_accredited_investors", "non_accredited_amount"):
        got = _number(text, *cells[cols[field]])
        if got:
            values[field], spans[field] = got[0], (got[1], got[2])
    offered = [n for c in cells[cols["no"] + 1:cols["accredited_investors"]] if (n := _number(text, *c))]
    if len(offered) == 1:
        values["offering_amount"], spans["offering_amount"] = offered[0][0], (offered[0][1], offered[0][2])
    if not values:
        return None, {}
    return AppendixRow(**values), spans
