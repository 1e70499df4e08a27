"""``regex``'s module-level functions, with a cheaper compile cache.

``regex.search(pattern, text)`` looks its pattern up in the module's cache at every call, and that lookup
(flag arithmetic included) costs ~7 µs: a cover page reads hundreds of values, so it added up to a quarter of
a small filing's extraction time. These functions take the same arguments and keep compiled patterns in an
``lru_cache``. Extractors call ``rx.search(...)`` exactly as they would call ``regex.search(...)``.

The stdlib engine scans two to five times faster, so ``compile`` hands it a plain pattern. It reads ``\\s`` as
``str.isspace`` does, which takes \\x1c-\\x1f besides `regex`'s White_Space; no filing text seen holds those
characters, and spelling `regex`'s whole \\s out (beyond Latin-1) makes the stdlib build a 64K-entry class: about
250 µs a pattern, 40 ms more per process, paid again for every pattern made for one filing. Where an extractor
picks the engine by the text, ``stdlib_twin`` gives a `regex` pattern's stdlib copy for the texts the two read
alike (``reads_alike``, ``engines_read_alike``), its ``\\s`` spelled exactly for those texts.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import regex


# Syntax only `regex` understands: fuzzy counts, Unicode properties, version and branch-reset groups, \m/\M
_REGEX_ONLY = re.compile(r"\{[eisd]\s*[<=]|\{\d*,?\d*\}\{|\\[pPmMLXG]|\(\?[Vr|]|\(\?\(DEFINE|\[\[|--\[|&&|\|\||~~")
_PLAIN_FLAGS = re.I | re.M | re.S | re.X | re.A


# `regex`'s \s on Latin-1 text, as the body of a class (a 256-bit class: as cheap to compile as \s). The stdlib's \s
# (str.isspace) takes \x1c-\x1f besides.
_LATIN1_SPACE = r"\t-\r\x20\x85\xa0"
# the characters str.isspace and the stdlib's \s call white space and `regex` does not: a text that holds one reads
# differently to str.strip/split than to a `regex` pattern
CONTROL_SPACE = re.compile("[\x1c-\x1f]")
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def _twin_source(pattern: str) -> str | None:
    """``pattern`` for the stdlib engine, its ``\\s`` and ``\\S`` spelled as `regex` reads them on Latin-1 text. None
    where that cannot be spelled: ``\\S`` inside a class, ``\\s`` before a "-" there (it would open a range)."""
    out: list[str] = []
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            esc = pattern[i:i + 2]
            if esc == r"\s":
                if in_class and pattern.startswith("-", i + 2) and not pattern.startswith("-]", i + 2):
                    return None
                out.append(_LATIN1_SPACE if in_class else f"[{_LATIN1_SPACE}]")
            elif esc == r"\S":
                if in_class:
                    return None
                out.append(f"[^{_LATIN1_SPACE}]")
            else:
                out.append(esc)
            i += 2
            continue
        out.append(c)
        i += 1
        if c == "[" and not in_class:
            in_class = True
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):  # a "]" that opens a class is a literal one
                out.append("]")
                i += 1
        elif c == "]" and in_class:
            in_class = False
    return "".join(out)


@lru_cache(maxsize=4096)
def compile(pattern: Any, flags: int = 0) -> "regex.Pattern[str] | re.Pattern[str]":  # noqa: A001
    """The stdlib engine when the pattern is plain (several times faster at scanning), else `regex`."""
    if isinstance(pattern, (regex.Pattern, re.Pattern)):
        return pattern
    if not flags & ~_PLAIN_FLAGS and not _REGEX_ONLY.search(pattern):
        try:
            return re.compile(pattern, flags)
        except re.error:  # variable-width look-behind and other `regex` extensions
            pass
    return regex.compile(pattern, flags)


@lru_cache(maxsize=None)
def stdlib_twin(pattern: "regex.Pattern[str]") -> "re.Pattern[str] | None":
    """A `regex` pattern (case-insensitive, multi-line and dot-all at most) compiled by the stdlib engine, which
    matches it two to five times faster, its ``\\s`` spelled as `regex` reads it on Latin-1 text. The two match alike
    on texts that ``reads_alike`` admits, and for a pattern of ASCII letters, ``\\s`` and ``\\d`` only (no ``\\w``,
    ``\\b``, ranges of letters) on those ``engines_read_alike`` admits. None where it cannot be spelled or the stdlib
    cannot compile it (a variable-width look-behind)."""
    if pattern.flags & ~(regex.I | regex.M | regex.S | regex.U | regex.V0):
        raise ValueError(f"only case-insensitivity, multi-line and dot-all have a stdlib twin: {pattern.pattern!r}")
    flags = ((re.I if pattern.flags & regex.I else 0) | (re.M if pattern.flags & regex.M else 0)
             | (re.S if pattern.flags & regex.S else 0))
    source = _twin_source(pattern.pattern)
    if source is None:
        return None
    try:
        return re.compile(source, flags)
    except re.error:
        return None


def twin_of(pattern: "regex.Pattern[str]") -> "re.Pattern[str]":
    """``stdlib_twin`` of a pattern that must have one (a module constant): a ValueError at import otherwise."""
    twin = stdlib_twin(pattern)
    if twin is None:
        raise ValueError(f"no stdlib twin: {pattern.pattern!r}")
    return twin


def reads_alike(s: str) -> bool:
    """Whether the stdlib engine matches a pattern's twin in ``s`` as `regex` matches the pattern (``\\w``, ``\\b``,
    ``\\d``, case-insensitive letters): ``s`` is ASCII."""
    return s.isascii()


def engines_read_alike(text: str) -> bool:
    """Whether a case-insensitive pattern of ASCII letters, ``\\s`` and ``\\d`` matches the same in ``text`` with the
    stdlib engine (as its twin) as with `regex`: a text of Latin-1 characters. (Beyond Latin-1 the two differ: the
    stdlib reads the dotless "ı" as i, and other digits as ``\\d``; within it, ``\\w`` differs at "²".)"""
    return text.isascii() or _BEYOND_LATIN1.search(text) is None


def search(pattern: Any, string: str, flags: int = 0, **kw: Any):
    return compile(pattern, flags).search(string, **kw)


def match(pattern: Any, string: str, flags: int = 0, **kw: Any):
    return compile(pattern, flags).match(string, **kw)


def fullmatch(pattern: Any, string: str, flags: int = 0, **kw: Any):
    return compile(pattern, flags).fullmatch(string, **kw)


def finditer(pattern: Any, string: str, flags: int = 0, **kw: Any):
    return compile(pattern, flags).finditer(string, **kw)


def findall(pattern: Any, string: str, flags: int = 0, **kw: Any):
    return compile(pattern, flags).findall(string, **kw)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0, **kw: Any) -> str:
    return compile(pattern, flags).sub(repl, string, count, **kw)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0, **kw: Any) -> list[str]:
    return compile(pattern, flags).split(string, maxsplit, **kw)
