"""EDGAR full submissions (``.txt``/``.nc``): the SGML header and the ``<DOCUMENT>`` blocks."""
from __future__ import annotations

import dataclasses
import re

import regex

from ..errors import ReadError
from ..text import rx
from ..text.values import parse_compact_date
from .document import Company, Header, Kind, Part
from .html import looks_like_html
from .xml import looks_like_xml

# Each pattern in the engine that scans it faster: the stdlib's for plain literals and line patterns, `regex` where
# a look-behind leads (the stdlib tries it at every position)
_HEADER_START = re.compile(r"<(?:SEC|IMS)-HEADER>", re.I)
_HEADER_END = re.compile(r"</(?:SEC|IMS)-HEADER>", re.I)
# Tags start a line, or follow another tag directly: compact .nc files put a whole submission on few lines.
_DOC_START = regex.compile(r"(?:^|(?<=>))<DOCUMENT>", regex.M | regex.I)
_DOC_END = regex.compile(r"</DOCUMENT>", regex.I)  # a literal: fast to find; _closes_document checks its place
# The header's fields parse_header reads (of some fifty a header holds). Each from a "KEY: value" line of its own, its
# key followed by blanks and a colon (the value's trailing blanks are stripped where it is read: a greedy match
# scans once); searched in the text after a line break put before it: a pattern that opens with the line break is
# found by a scan for that character, where one anchored at line starts is tried at every character. Index-style
# (.nc) headers use tags instead, the key's blanks hyphens there.
_HEADER_KEYS = frozenset({"ACCESSION NUMBER", "CONFORMED SUBMISSION TYPE", "TYPE", "FILED AS OF DATE", "FILING DATE",
                          "CONFORMED PERIOD OF REPORT", "PERIOD", "PUBLIC DOCUMENT COUNT"})
_HEADER_FIELD = re.compile(r"\n[ \t]*(" + "|".join(map(re.escape, sorted(_HEADER_KEYS))) + r") *:[ \t]*(.*)")
_HEADER_TAG = re.compile(r"<(" + "|".join(sorted(k.replace(" ", "-") for k in _HEADER_KEYS)) + r")>[ \t]*([^<\n]*[^<\s])")
_DOC_TAG = re.compile(r"<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^<\n]*?)[ \t]*(?=<|$)", re.M | re.I)
_TEXT_START = re.compile(r"<TEXT>", re.I)
_TEXT_END = re.compile(r"</TEXT>", re.I)
# The closer of a document's <XML> or <PDF> wrapper, by the wrapper's name (compiled once: the regex module's own
# cache lookup costs several microseconds a call, paid by every XML document of a submission)
_WRAPPER_END = {name: regex.compile(rf"</{name}>", regex.I) for name in ("XML", "PDF")}
# Company blocks: "SUBJECT COMPANY:" lines in classic headers, "<SUBJECT-COMPANY>" tags in .nc ones. Their words are
# found by a scan that skips to the four letters they start with, and each is checked in place (a pattern of the
# whole line, anchored at line starts, was tried at every character of the header: half of parse_header's time)
_SECTION_WORDS = ("SUBJECT COMPANY", "SUBJECT-COMPANY", "FILED BY", "FILED-BY", "FILER", "REPORTING-OWNER", "ISSUER")
_SECTION_LINES = {"SUBJECT COMPANY", "FILED BY", "FILER", "REPORTING-OWNER", "ISSUER"}
_SECTION_TAGS = {"SUBJECT-COMPANY", "FILED-BY", "FILER", "REPORTING-OWNER", "ISSUER"}


def _sections(text: str) -> list[tuple[int, int, str]]:
    """Where each company block's opener starts and ends, and its word: a line of the word alone (blanks around it,
    a colon after it) or the word as a tag, as ``^[ \t]*(WORD):?[ \t]*$`` (multi-line) or ``<(WORD)>`` finds them."""
    found = []
    size = len(text)
    for start, word in _occurrences(text, _SECTION_WORDS):
        end = start + len(word)
        if word in _SECTION_LINES:
            line_start = text.rfind("\n", 0, start) + 1
            if not text[line_start:start].strip(" \t"):
                stop = end + (end < size and text[end] == ":")
                while stop < size and text[stop] in " \t":
                    stop += 1
                if stop == size or text[stop] == "\n":
                    found.append((line_start, stop, word))
                    continue
        if word in _SECTION_TAGS and start and text[start - 1] == "<" and end < size and text[end] == ">":
            found.append((start - 1, end + 1, word))
    return found


def _occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, str]]:
    """Where ``words`` occur, as a scan for their alternation finds them (left to right, none inside the one before),
    found by ``str.find`` of each: a regex alternation without a common prefix is tried at every capital letter of
    a header (13 -> 7 us for a 1.4 KB one). None of ``words`` may be the start of another: then at most one occurs
    at a position, and the alternation takes it whatever its order."""
    hits = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            hits.append((at, word))
            at = text.find(word, at + 1)
    hits.sort()
    taken: list[tuple[int, str]] = []
    end = 0
    for at, word in hits:
        if at >= end:
            taken.append((at, word))
            end = at + len(word)
    return taken


def is_submission(raw: str) -> bool:
    head = raw[:6000]
    return bool(_HEADER_START.search(head)) or ("ACCESSION NUMBER:" in head and "<DOCUMENT>" in raw[:200000]) or (
        head.lstrip().startswith(("<SUBMISSION>", "<DOCUMENT>")))


# A company block names its company one way in "KEY: value" headers and another in tagged (.nc) headers.
_COMPANY_FIELDS = (
    (regex.compile(r"COMPANY CONFORMED NAME:[ \t]*(.+)"), regex.compile(r"CENTRAL INDEX KEY:[ \t]*(\d+)")),
    (regex.compile(r"<CONFORMED-NAME>[ \t]*([^<\n]+)"), regex.compile(r"<CIK>[ \t]*(\d+)")),
)


def _company(block: str) -> Company | None:
    for name_re, cik_re in _COMPANY_FIELDS:
        name, cik = name_re.search(block), cik_re.search(block)
        if name or cik:
            return Company(name.group(1).strip() if name else None, cik.group(1) if cik else None)
    return None


def header_fields(text: str) -> dict[str, str]:
    """The header's fields parse_header reads (``_HEADER_KEYS``), each from its first "KEY: value" line, else from its
    first tag (``<ACCESSION-NUMBER>`` in .nc headers)."""
    fields: dict[str, str] = {}
    for key, value in _HEADER_FIELD.findall("\n" + text):
        fields.setdefault(key, value.rstrip(" \t"))
    for key, value in _HEADER_TAG.findall(text):  # <TYPE>D/A style headers of .nc files
        fields.setdefault(key.replace("-", " "), value)
    return fields


def parse_header(text: str) -> Header:
    fields = header_fields(text)
    # sections: SUBJECT COMPANY:, FILED BY:, FILER:
    sections = _sections(text)
    subject = filed_by = None
    filers: list[Company] = []
    for i, (_, opener_end, word) in enumerate(sections):
        block = text[opener_end: sections[i + 1][0] if i + 1 < len(sections) else len(text)]
        comp = _company(block)
        if comp is None:
            continue
        kind = word.replace("-", " ")
        if kind == "SUBJECT COMPANY" and subject is None:
            subject = comp
        elif kind == "FILED BY" and filed_by is None:
            filed_by = comp
        elif kind == "FILER":
            filers.append(comp)
    groups = tuple(m.group(1).strip() for m in rx.finditer(r"GROUP MEMBERS:[ \t]*(.+)", text))
    stype = fields.get("CONFORMED SUBMISSION TYPE") or fields.get("TYPE")
    count = fields.get("PUBLIC DOCUMENT COUNT")
    return Header(
        accession_number=fields.get("ACCESSION NUMBER"),
        submission_type=stype.strip() if stype else None,
        filed_as_of=parse_compact_date(fields.get("FILED AS OF DATE") or fields.get("FILING DATE")),
        period_of_report=parse_compact_date(fields.get("CONFORMED PERIOD OF REPORT") or fields.get("PERIOD")),
        subject_company=subject,
        filed_by=filed_by or (filers[0] if filers else None),
        filers=tuple(filers),
        group_members=groups,
        document_count=int(count) if count and count.strip().isdigit() else None,
    )


def _part_kind(raw: str, start: int, end: int) -> Kind:
    if looks_like_xml(raw, start, end):
        return "xml"
    if looks_like_html(raw, start, end):
        return "html"
    return "text"


def _document_end(raw: str, pos: int) -> int | None:
    """Where the ``</DOCUMENT>`` closing the document begun before ``pos`` starts (its line's start when indented).

    A closer counts when it starts a line (some filers indent it) or follows another tag (compact ``.nc``
    files); one quoted inside the text does not.
    """
    while m := _DOC_END.search(raw, pos):
        line_start = raw.rfind("\n", 0, m.start()) + 1
        before = raw[line_start:m.start()]
        if not before.strip(" \t"):
            return line_start
        if before.endswith(">"):
            return m.start()
        pos = m.end()
    return None


def read_submission(raw: str, source: str) -> tuple[Header, list[Part], list[str]]:
    """Split a submission into its header and document parts. Raises ReadError when truncated in the header."""
    notes: list[str] = []
    hs = _HEADER_START.search(raw, 0, 20000)
    starts = list(_DOC_START.finditer(raw))  # each document's <DOCUMENT>, found once
    first_doc = starts[0] if starts else None
    if hs:
        he = _HEADER_END.search(raw, hs.end())
        if not he:
            if not first_doc:
                raise ReadError("truncated EDGAR submission: the SGML header never ends and no document follows", source)
            he_pos = first_doc.start()
        else:
            he_pos = he.start()
        header = parse_header(raw[hs.end():he_pos])
    else:
        header = parse_header(raw[: first_doc.start() if first_doc else min(len(raw), 20000)])
    if not first_doc:
        if not header.submission_type:
            raise ReadError("truncated EDGAR submission: no <DOCUMENT> in the file", source)
        # a header-only submission (EDGAR serves these as .hdr.sgml): the header still tells the form
        notes.append("the submission holds no document: only its EDGAR header was read")
        return header, [Part("text", len(raw), len(raw))], notes
    parts: list[Part] = []
    for i, m in enumerate(starts):
        closer = _document_end(raw, m.end())
        nxt = starts[i + 1] if i + 1 < len(starts) else None
        # without its own closer before the next document starts, a document runs to the next one (or the end)
        if closer is not None and (nxt is None or closer <= nxt.start()):
            truncated, doc_end = False, closer
        else:
            truncated, doc_end = True, nxt.start() if nxt else len(raw)
        tags: dict[str, str] = {}
        for t in _DOC_TAG.finditer(raw, m.end(), min(doc_end, m.end() + 2000)):
            tags.setdefault(t.group(1).upper(), t.group(2))
        ts = _TEXT_START.search(raw, m.end(), doc_end)
        body_start = ts.end() if ts else m.end()
        te = _TEXT_END.search(raw, body_start, doc_end)
        body_end = te.start() if te else doc_end
        # unwrap <XML> ... </XML> and <PDF> wrappers
        inner = rx.match(r"\s*<(XML|PDF)>", raw[body_start:body_start + 40], regex.I)
        if inner:
            body_start += inner.end()
            close = _WRAPPER_END[inner.group(1).upper()].search(raw, body_start, body_end)
            if close:
                body_end = close.start()
        kind = _part_kind(raw, body_start, body_end)
        if inner and inner.group(1).upper() == "PDF":
            kind = "pdf"
        if truncated:
            notes.append(f"document {tags.get('TYPE', '?')} is truncated (no </DOCUMENT>)")
        parts.append(Part(kind, body_start, body_end, tags.get("TYPE"), tags.get("SEQUENCE"), tags.get("FILENAME"),
                          tags.get("DESCRIPTION"), truncated))
    if not header.submission_type and parts[0].type:
        # no SGML header (a bare <DOCUMENT>): the first document's <TYPE> is EDGAR's name for the form
        header = dataclasses.replace(header, submission_type=parts[0].type.strip())
    return header, parts, notes


def main_part_index(header: Header, parts: list[Part]) -> int:
    """The main form document: the first whose <TYPE> matches the submission type, else the first."""
    stype = (header.submission_type or "").upper()
    for i, p in enumerate(parts):
        if p.type and p.type.strip().upper() == stype and p.kind != "pdf":
            return i
    base = stype.removesuffix("/A")
    for i, p in enumerate(parts):
        if p.type and p.type.strip().upper().removesuffix("/A") == base and p.kind != "pdf":
            return i
    for i, p in enumerate(parts):
        if p.kind != "pdf" and not (p.type or "").upper().startswith(("EX-", "GRAPHIC", "ZIP", "XML", "JSON")):
            return i
    return 0
