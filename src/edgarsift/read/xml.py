"""XML leaves with source offsets.

EDGAR's structured forms (Form D ``primary_doc.xml``, the 2024+ Schedule 13D/13G) are flat enough that a
list of leaves — ``(path, text, [start, end))`` — is all an extractor needs, and a small tokenizer gives
exact spans into the source where lxml gives only line numbers. Namespace prefixes are dropped from paths.

Hostile input: nesting deeper than :data:`MAX_XML_DEPTH` is a :class:`ReadError` (EDGAR's forms nest fewer than
ten levels), and the scan is linear in the document: an element's path and owner ids are built only when a
leaf needs them (a chain of empty elements costs nothing per level), and a closing tag whose name is not open
is recognised without walking the stack.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from ..errors import ReadError
from ..text import rx

try:  # the compiled plain scan, built by the install when a C compiler is there
    from . import _xmlscan
except ImportError:
    _xmlscan = None  # type: ignore[assignment]
# xml_index takes it unless EDGARSIFT_PURE_PYTHON=1 (to compare with the Python scan, or to rule the C out)
_NATIVE = _xmlscan is not None and os.environ.get("EDGARSIFT_PURE_PYTHON") != "1"

# Deeper nesting is refused. Real EDGAR XML (Form D, Schedule 13D/G, ownership forms) nests under ten levels;
# each leaf keeps its path and owner ids, so depth multiplies a leaf's memory and must stay bounded.
MAX_XML_DEPTH = 64

# The tolerant scan's tokens. The leaf alternative (an opening tag, text without markup, the same name's closing
# tag) is one token for what would be three: it holds exactly the opening and closing tags the tag alternative
# would find one after the other there, so the scan makes the same leaf from it, with one loop turn instead of
# two and no push and pop. Groups, in order: cdata; the leaf's name and text; the tag's closing slash, name,
# and self-closing slash.
_TOKEN = regex.compile(
    r"<!--.*?-->|<!\[CDATA\[(.*?)\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>"
    r"|<(?P<leaf>[A-Za-z_][\w:.-]*+)[^>]*+(?<!/)>([^<]*+)</(?P=leaf)(?![\w:.-])[^>]*+>"
    r"|<(/?)([A-Za-z_][\w:.-]*)[^>]*?(/?)>",
    regex.S,
)
# its stdlib twin, which finds the tokens some 2.5 times faster, for ASCII text
_TOKEN_ASCII = rx.twin_of(_TOKEN)


class Leaf(NamedTuple):  # a tuple: hundreds are made per document, and tuples are cheap to build
    path: str  # slash-joined local names from the root
    text: str  # decoded, stripped
    start: int  # source span of the text
    end: int
    owners: tuple[int, ...]  # ids of every enclosing element occurrence, outermost first


@dataclass
class XmlIndex:
    """The leaves of an XML document (or of one repeated element within it)."""

    leaves: list[Leaf]
    names: list[str] = field(default_factory=list)  # local name of each element occurrence, by its id
    _found: dict[str, list[Leaf]] = field(default_factory=dict, repr=False, compare=False)  # all() by suffix
    _by_name: dict[str, list[Leaf]] | None = field(default=None, repr=False, compare=False)

    def all(self, suffix: str) -> list[Leaf]:
        """Every leaf whose path ends with ``suffix``, in document order (a shared list: do not modify it)."""
        found = self._found.get(suffix)
        if found is None:
            if self._by_name is None:  # leaves by their own element name, built on the first lookup
                self._by_name = {}
                for leaf in self.leaves:
                    self._by_name.setdefault(leaf.path.rpartition("/")[2], []).append(leaf)
            if "/" not in suffix:  # an element name: every leaf of that name ends with it, none other does
                found = self._found[suffix] = self._by_name.get(suffix, [])
            else:
                tail = "/" + suffix
                found = self._found[suffix] = [lf for lf in self._by_name.get(suffix.rpartition("/")[2], ())
                                               if lf.path == suffix or lf.path.endswith(tail)]
        return found

    def first(self, *suffixes: str) -> Leaf | None:
        """First leaf (in document order) whose path ends with any of ``suffixes`` (``"issuerInfo/issuerName"``)."""
        if len(suffixes) == 1:  # most lookups: the head of one list, nothing to merge
            found = self._found.get(suffixes[0]) or self.all(suffixes[0])
            return found[0] if found else None
        first: Leaf | None = None  # the earliest of each suffix's first leaf (the first of equals, as min gives)
        for suffix in suffixes:
            found = self._found.get(suffix) or self.all(suffix)
            if found and (first is None or found[0].start < first.start):
                first = found[0]
        return first

    def text(self, *suffixes: str) -> str | None:
        leaf = self.first(*suffixes)
        return leaf.text if leaf and leaf.text != "" else None

    def each(self, element: str) -> list["XmlIndex"]:
        """One index per occurrence of ``element`` (e.g. each ``reportingPersonInfo``), in order."""
        names = self.names
        if element not in names:  # never opened (one of the two person elements, always): no walk of the leaves
            return []
        groups: dict[int, list[Leaf]] = {}
        for leaf in self.leaves:
            for oid in reversed(leaf.owners):
                if names[oid] == element:
                    if (group := groups.get(oid)) is None:
                        groups[oid] = [leaf]
                    else:
                        group.append(leaf)
                    break
        return [XmlIndex(groups[k], names) for k in sorted(groups)]

    def has(self, suffix: str) -> bool:
        return self.first(suffix) is not None


def _leaf_text(body: str, at: int, unescape: bool = True) -> tuple[str, int, int]:
    """A leaf's text, trimmed, with the source span of what is left (``at``: where ``body`` starts)."""
    text = body.strip()
    a = at + body.find(text[0]) if text else at
    if unescape and "&" in text:
        return html.unescape(text), a, a + len(text)
    return text, a, a + len(text)


def xml_index(raw: str, start: int = 0, end: int | None = None, source: str | None = None) -> XmlIndex:
    """Leaves of ``raw[start:end]`` with exact source spans. Tolerates unclosed and mismatched tags.

    Raises :class:`ReadError` (naming ``source``) when elements nest more than :data:`MAX_XML_DEPTH` deep."""
    end = len(raw) if end is None else end
    plain = _scan_native if _NATIVE else _scan_plain
    if _xmlscan.has_declaration(raw, start, end) if _NATIVE else raw.find("<!", start, end) >= 0:
        # comments, CDATA, a DOCTYPE: the full tokenizer, unless the only ones are comments that can be blanked
        blanked = comments_blanked(raw, start, end)
        if blanked is None:
            return _scan(raw, start, end, source)
        return plain(blanked, start, end, source)
    return plain(raw, start, end, source)


_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")  # _TOKEN's [A-Za-z_]


def comments_blanked(raw: str, start: int, end: int) -> str | None:
    """``raw[:end]`` with every comment of ``[start, end)`` written as spaces, where that changes nothing the tolerant
    scan reads; else None. Filing agents' tools put comments between the elements of a form ("<!-- Issuer Cover
    Page-->"); such a document, blanked, is read by the compiled scan, where the tolerant one cost four times as
    much. Blanking changes nothing when every ``<!`` opens a closed comment (no CDATA, no DOCTYPE), no processing
    instruction opens or closes from the first comment on (one could span a comment), and each comment stands
    outside a tag (no ``<`` since the last ``>`` before it) and before a start tag (the next ``<`` after it opens an
    element that is not self-closing, or another comment, or none follows): the tolerant scan skips such a comment
    as one token, and no leaf's text runs through it, since a start tag ends the text a leaf could take."""
    at = raw.find("<!", start, end)
    if at < 0 or raw.find("<?", at, end) >= 0 or raw.find("?>", at, end) >= 0:
        return None
    pieces = [raw[:at]]
    while at >= 0:
        if not raw.startswith("<!--", at, end):
            return None
        close = raw.find("-->", at + 4, end)
        if close < 0 or raw.rfind("<", start, at) > raw.rfind(">", start, at):
            return None
        stop = close + 3
        after = raw.find("<", stop, end)
        if after >= 0 and not raw.startswith("<!--", after, end):
            # an element's start tag, not self-closing (<x/> leaves a text running on; its closing mark is the
            # character before the first ">" of the tag, as _TOKEN reads it)
            gt = raw.find(">", after, end)
            if raw[after + 1:after + 2] not in _NAME_START or gt < 0 or raw[gt - 1] == "/":
                return None
        pieces.append(" " * (stop - at))
        at = raw.find("<!", stop, end)
        pieces.append(raw[stop:at if at >= 0 else end])
    return "".join(pieces)


# The open elements of both scanners: [local name, element id, path prefix ending in "/", owner ids]. The last
# two are None until a leaf needs them (``_fill``): filling one level copies its ancestors' once, so a deep
# chain of containers without leaves is never copied level by level.
_Open = list


def _fill(stack: list[_Open]) -> tuple[str, tuple[int, ...]]:
    """The path prefix and owner ids of the innermost open element, from its nearest filled ancestor."""
    top = stack[-1]
    if top[3] is None:
        j = len(stack) - 2
        while stack[j][3] is None:  # the sentinel root entry is always filled
            j -= 1
        below = stack[j + 1:]
        prefix: str = stack[j][2] + "".join([e[0] + "/" for e in below])
        owners: tuple[int, ...] = stack[j][3] + tuple([e[1] for e in below])
        top[2], top[3] = prefix, owners
        parent = stack[-2]
        if parent[3] is None:  # and its parent, cut from them: its next child element's first leaf needs no walk
            parent[2] = prefix[:-len(top[0]) - 1]
            parent[3] = owners[:-1]
    return top[2], top[3]


def _pop_to(stack: list[_Open], open_names: dict[str, int], local: str) -> bool:
    """Close the innermost open ``local`` and everything opened inside it (tolerates mismatches)."""
    if not open_names.get(local):  # not open at all: nothing to walk
        return False
    k = len(stack) - 1
    while stack[k][0] != local:
        k -= 1
    for e in stack[k:]:
        open_names[e[0]] -= 1
    del stack[k:]
    return True


def _too_deep(source: str | None, at: int) -> ReadError:
    return ReadError(f"XML nested more than {MAX_XML_DEPTH} elements deep (at offset {at}); "
                     "not a filing this reader accepts", source)


# One match per tag; an opening tag whose element holds only text takes that text and its closing tag too, so
# a leaf costs one loop turn. Groups: closing slash, qualified name, attributes, leaf text. Possessive
# quantifiers keep the engine from backtracking through names and text, and the namespace prefix is split
# off in Python, only when there is one (together, twice as fast as a pattern that splits it).
_TAG_OR_LEAF = re.compile(r"<(/?)([\w.:-]++)([^>]*+)>(?:([^<]*+)</\2\s*+>)?")


_new_tuple = tuple.__new__  # builds a Leaf without NamedTuple's Python-level __new__ (one frame less per leaf)


def _scan_plain(raw: str, start: int, end: int, source: str | None = None) -> XmlIndex:
    """The tokenizer for documents without comments or CDATA (nearly all EDGAR XML).

    The loop runs once per leaf and once per container tag, so it is written for speed: one ``groups()`` call
    a match, trimmed text only when the value has surrounding white space, the open element's path prefix and
    owner ids kept in locals (``None`` until the first leaf inside it asks for them).
    """
    stack: list[_Open] = [[None, -1, "", ()]]  # a sentinel root (no name matches it), always filled
    open_names: dict[str, int] = {}  # how many elements of each name are open
    prefix: str | None = ""
    owners: tuple[int, ...] | None = ()
    names: list[str] = []
    add_name = names.append
    leaves: list[Leaf] = []
    by_name: dict[str, list[Leaf]] = {}  # the index all() looks leaves up in, built here at no extra pass
    add_leaf = leaves.append
    for m in _TAG_OR_LEAF.finditer(raw, start, end):
        closing, local, attrs, body = m.groups()
        if ":" in local:
            local = local.rpartition(":")[2]
        if closing:
            if stack[-1][0] == local:  # well-formed: the innermost open element closes
                open_names[local] -= 1
                stack.pop()
            elif not _pop_to(stack, open_names, local):
                continue
            _, _, prefix, owners = stack[-1]
            continue
        if attrs and (attrs[-1] == "/" or not attrs[0].isspace()):
            if attrs[-1] == "/":  # <x/>: holds nothing
                continue
            body = None  # "<x"junk>": a name that does not end cleanly is never a leaf
        oid = len(names)
        add_name(local)
        if body is not None:  # a whole leaf
            if owners is None:  # the first leaf in this element: fill it (inline when its parent is filled)
                top, parent = stack[-1], stack[-2]
                if parent[3] is not None:
                    prefix = top[2] = f"{parent[2]}{top[0]}/"
                    owners = top[3] = parent[3] + (top[1],)
                else:
                    prefix, owners = _fill(stack)
            a = m.start(4)
            text = body.strip()
            if len(text) != len(body) and text:
                a += body.find(text[0])
            # prefix is filled whenever owners is (both above); a second None test per leaf would only tell mypy
            leaf = _new_tuple(Leaf, (prefix + local,  # type: ignore[operator]
                                     html.unescape(text) if "&" in text else text, a, a + len(text),
                                     owners + (oid,)))
            add_leaf(leaf)
            if (same := by_name.get(local)) is None:
                by_name[local] = [leaf]
            else:
                same.append(leaf)
            continue
        if len(stack) > MAX_XML_DEPTH:
            raise _too_deep(source, m.start())
        stack.append([local, oid, None, None])
        open_names[local] = open_names.get(local, 0) + 1
        prefix = owners = None
    return XmlIndex(leaves, names, _by_name=by_name)


def _scan_native(raw: str, start: int, end: int, source: str | None = None) -> XmlIndex:
    """``_scan_plain`` in C (``_xmlscan.c``), with the same results; entities still decoded by html.unescape."""
    leaves, names, by_name = _xmlscan.scan_plain(raw, start, end, source, MAX_XML_DEPTH, Leaf, html.unescape,
                                                 _too_deep)
    return XmlIndex(leaves, names, _by_name=by_name)


def _scan(raw: str, start: int, end: int, source: str | None = None) -> XmlIndex:
    """The tolerant tokenizer: unclosed and mismatched tags, comments and CDATA are all fine.

    Written for speed as ``_scan_plain`` is (filing agents' XML often carries comments, which send it here): the
    innermost open element's path prefix and owner ids kept in locals (``None`` until a leaf inside it asks for
    them), a leaf's text trimmed inline, leaves built without NamedTuple's Python-level ``__new__``."""
    stack: list[_Open] = [[None, -1, "", ()]]  # a sentinel root, always filled; entries as in _scan_plain
    open_names: dict[str, int] = {}
    names: list[str] = []
    add_name = names.append
    leaves: list[Leaf] = []
    add_leaf = leaves.append
    prefix: str | None = ""  # the innermost open element's, once filled (as _fill fills it)
    owners: tuple[int, ...] | None = ()
    text_from = -1
    cdata: tuple[str, int, int] | None = None
    ascii_text = raw.isascii() or raw[start:end].isascii()
    for m in (_TOKEN_ASCII if ascii_text else _TOKEN).finditer(raw, start, end):
        cdata_text, leaf_name, leaf_body, closing, name, empty = m.groups()
        if leaf_name is not None:  # a whole leaf: as its opening and closing tags would make it, below
            if len(stack) > MAX_XML_DEPTH:
                raise _too_deep(source, m.start())
            local = leaf_name.rpartition(":")[2] if ":" in leaf_name else leaf_name
            if owners is None:  # the parent's (filled once, for every leaf in it)
                prefix, owners = _fill(stack)
            a = m.start(3)
            text = leaf_body.strip()
            if len(text) != len(leaf_body) and text:
                a += leaf_body.find(text[0])
            # prefix is filled whenever owners is; a second None test per leaf would only tell mypy
            add_leaf(_new_tuple(Leaf, (prefix + local,  # type: ignore[operator]
                                       html.unescape(text) if "&" in text else text, a, a + len(text),
                                       owners + (len(names),))))
            add_name(local)
            text_from = -1
            cdata = None
            continue
        if cdata_text is not None:
            cdata = (cdata_text, m.start(1), m.end(1))
            continue
        if not name:
            continue
        local = name.rpartition(":")[2] if ":" in name else name
        if closing:
            if len(stack) > 1 and stack[-1][0] == local and text_from >= 0:
                body, at = (cdata[0], cdata[1]) if cdata else (raw[text_from:m.start()], text_from)
                text, a, b = _leaf_text(body, at, unescape=not cdata)
                if owners is None:  # the leaf's own element is the innermost open one
                    prefix, owners = _fill(stack)
                leaves.append(Leaf(prefix[:-1], text, a, b, owners))  # type: ignore[index]
            if _pop_to(stack, open_names, local):
                _, _, prefix, owners = stack[-1]
            text_from = -1
            cdata = None
        elif empty:
            continue
        else:
            if len(stack) > MAX_XML_DEPTH:
                raise _too_deep(source, m.start())
            stack.append([local, len(names), None, None])
            open_names[local] = open_names.get(local, 0) + 1
            add_name(local)  # ids are consecutive: names[id] is its element's name
            prefix = owners = None
            text_from = m.end()
            cdata = None
    return XmlIndex(leaves, names)


def looks_like_xml(raw: str, start: int = 0, end: int | None = None) -> bool:
    head = raw[start:min(len(raw) if end is None else end, start + 600)].lstrip().lower()
    if head.startswith("<xml>"):
        head = head[5:].lstrip()
    return head.startswith("<?xml") and "<html" not in head or head.startswith("<edgarsubmission")
