"""``regex``'s module-level functions, with a cheaper compile cache.

``regex.search(pattern, text)`` looks its pattern up in the module's cache at every call, and that lookup
(flag arithmetic included) costs ~7 µs: a cover page reads hundreds of values, so it added up to a quarter of
a small filing's extraction time. These functions take the same arguments and keep compiled patterns in an
``lru_cache``. Extractors call ``rx.search(...)`` exactly as they would call ``regex.search(...)``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import regex


# Syntax only `regex` understands: fuzzy counts, Unicode properties, version and branch-reset groups, \m/\M
_REGEX_ONLY = re.compile(r"\{[eisd]\s*[<=]|\{\d*,?\d*\}\{|\\[pPmMLXG]|\(\?[Vr|]|\(\?\(DEFINE|\[\[|--\[|&&|\|\||~~")
_PLAIN_FLAGS = re.I | re.M | re.S | re.X | re.A


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
