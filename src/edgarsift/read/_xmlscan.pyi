# The compiled plain XML scan (_xmlscan.c); see edgarsift.read.xml._scan_native.
from collections.abc import Callable
from typing import Any

def scan_plain(raw: str, start: int, end: int, source: str | None, max_depth: int, leaf_type: type,
               unescape: Callable[[str], str], too_deep: Callable[[str | None, int], BaseException],
               ) -> tuple[list[Any], list[str], dict[str, list[Any]]]: ...
def has_declaration(raw: str, start: int, end: int) -> bool: ...
