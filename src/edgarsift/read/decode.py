"""Bytes → str. Never crashes: UTF-8, then cp1252, then latin-1 (which accepts any byte)."""
from __future__ import annotations

from ..errors import ReadError

_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))  # not tab, newline, vertical tab, form feed, return


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    ctrl = len(sample) - len(sample.translate(None, _CONTROL))  # one C pass; form feeds (12) are normal
    return ctrl / len(sample) > 0.05


def decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text", source) from None
    if looks_binary(data):
        raise ReadError("binary data, not a filing's text (no known text, HTML, XML or PDF content)", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
