"""XML leaves with source offsets.

EDGAR's structured forms (Form D ``primary_doc.xml``, the 2024+ Schedule 13D/13G) are flat enough that a
list of leaves — ``(path, text, [start, end))`` — is all an extractor needs, and a small tokenizer gives
exact spans into the source where lxml gives only line numbers. Namespace prefixes are dropped from paths.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import regex

_TOKEN = regex.compile(
    r"<!--.*?-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>|<(?P<close>/?)(?P<name>[A-Za-z_][\w:.-]*)(?P<attrs>[^>]*?)(?P<empty>/?)>",
    regex.S,
)


@dataclass(frozen=True, slots=True)
class Leaf:
    path: str  # slash-joined local names from the root
    text: str  # decoded, stripped
    start: int  # source span of the text
    end: int
    owners: tuple[int, ...]  # ids of every enclosing element occurrence, outermost first


@dataclass
class XmlIndex:
    """The leaves of an XML document (or of one repeated element within it)."""

    leaves: list[Leaf]
    names: dict[int, str] = field(default_factory=dict)  # element occurrence id -> local name

    def first(self, *suffixes: str) -> Leaf | None:
        """First leaf whose path ends with any of ``suffixes`` (``"issuerInfo/issuerName"``)."""
        for leaf in self.leaves:
            for suf in suffixes:
                if leaf.path == suf or leaf.path.endswith("/" + suf):
                    return leaf
        return None

    def all(self, suffix: str) -> list[Leaf]:
        return [lf for lf in self.leaves if lf.path == suffix or lf.path.endswith("/" + suffix)]

    def text(self, *suffixes: str) -> str | None:
        leaf = self.first(*suffixes)
        return leaf.text if leaf and leaf.text != "" else None

    def each(self, element: str) -> list["XmlIndex"]:
        """One index per occurrence of ``element`` (e.g. each ``reportingPersonInfo``), in order."""
        groups: dict[int, list[Leaf]] = {}
        for leaf in self.leaves:
            for oid in reversed(leaf.owners):
                if self.names.get(oid) == element:
                    groups.setdefault(oid, []).append(leaf)
                    break
        return [XmlIndex(groups[k], self.names) for k in sorted(groups)]

    def has(self, suffix: str) -> bool:
        return self.first(suffix) is not None


def xml_index(raw: str, start: int = 0, end: int | None = None) -> XmlIndex:
    """Tokenize ``raw[start:end]`` into leaves. Tolerates unclosed and mismatched tags."""
    end = len(raw) if end is None else end
    stack: list[tuple[str, int]] = []
    names: dict[int, str] = {}
    leaves: list[Leaf] = []
    next_id = 0
    text_from: int | None = None
    cdata: tuple[str, int, int] | None = None
    for m in _TOKEN.finditer(raw, start, end):
        if m.group("cdata") is not None:
            cdata = (m.group("cdata"), m.start("cdata"), m.end("cdata"))
            continue
        name = m.group("name")
        if not name:
            continue
        local = name.split(":")[-1]
        if m.group("close"):
            if stack and stack[-1][0] == local and text_from is not None:
                if cdata:
                    body, a, b = cdata
                else:
                    a, b = text_from, m.start()
                    body = raw[a:b]
                # trim the span to the text itself
                lead = len(body) - len(body.lstrip())
                trail = len(body) - len(body.rstrip())
                a2, b2 = a + lead, b - trail
                leaves.append(Leaf("/".join(n for n, _ in stack), html.unescape(body.strip()), a2, max(a2, b2),
                                   tuple(i for _, i in stack)))
            # pop to the matching open tag (tolerate mismatches)
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == local:
                    del stack[k:]
                    break
            text_from = None
            cdata = None
        elif m.group("empty"):
            continue
        else:
            stack.append((local, next_id))
            names[next_id] = local
            next_id += 1
            text_from = m.end()
            cdata = None
    return XmlIndex(leaves, names)


def looks_like_xml(raw: str, start: int = 0, end: int | None = None) -> bool:
    head = raw[start:min(len(raw) if end is None else end, start + 600)].lstrip().lower()
    if head.startswith("<xml>"):
        head = head[5:].lstrip()
    return head.startswith("<?xml") and "<html" not in head or head.startswith("<edgarsubmission")
